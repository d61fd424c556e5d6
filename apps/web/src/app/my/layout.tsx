import type { ReactNode } from "react";
import { requirePatientSession } from "~/server/session";
import { ClientData } from "~/components/client-data";
import { PatientShell } from "./patient-shell";

export default async function PatientLayout({ children }: { children: ReactNode }) {
  const { user } = await requirePatientSession();
  return (
    <PatientShell user={user}>
      <ClientData userId={user.id}>{children}</ClientData>
    </PatientShell>
  );
}
