import type { ReactNode } from "react";
import { ClientData } from "~/components/client-data";
import { requireSession } from "~/server/session";

export default async function DataLayout({ children }: { children: ReactNode }) {
  const { user } = await requireSession();
  return <ClientData userId={user.id}>{children}</ClientData>;
}
