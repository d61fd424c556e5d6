import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { can } from "@stepwise/domain";
import { requireSession } from "~/server/session";
import { ImportFlow } from "./import-flow";

export const metadata: Metadata = { title: "Import from EHR (FHIR)" };

/** A patient's record from the clinic's EHR, as a FHIR R4 Bundle: previewed entry by entry, then imported. */
export default async function ImportPage() {
  const { user } = await requireSession();
  if (!can(user.role, "record.import")) notFound();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Import from EHR (FHIR)</h1>
          <p>
            Bring one patient&apos;s problems, medications, allergies, scores and procedures from the EHR&apos;s FHIR export. You see what would be added, updated or skipped before
            anything is saved. A new patient gets you on their care team.
          </p>
        </div>
      </div>
      <ImportFlow />
    </>
  );
}
