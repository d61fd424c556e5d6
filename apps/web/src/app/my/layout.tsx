import type { ReactNode } from "react";
import { requirePatientSession } from "~/server/session";
import { PatientShell } from "./patient-shell";

/** The patient's pages are rendered on the server; the few that read or write from the browser add the client data layer in their own layouts. */
export default async function PatientLayout({ children }: { children: ReactNode }) {
  const { user } = await requirePatientSession();
  return <PatientShell user={user}>{children}</PatientShell>;
}
