import type { ReactNode } from "react";
import { TRPCReactProvider } from "~/trpc/react";

/** This page reads and writes from the browser (its form, its refresh): the client data layer, without a live stream. */
export default function DataLayout({ children }: { children: ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
