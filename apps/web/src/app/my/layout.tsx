import type { ReactNode } from "react";
import { requirePatientSession } from "~/server/session";
import { PatientShell } from "./patient-shell";

export default async function PatientLayout({ children }: { children: ReactNode }) {
  const { user } = await requirePatientSession();
  return <PatientShell user={user}>{children}</PatientShell>;
}
