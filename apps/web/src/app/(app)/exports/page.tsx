import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { bulkExportGroups, can, mayExportGroup } from "@stepwise/domain";
import { requireSession } from "~/server/session";
import { BulkExports } from "./bulk-exports";

export const metadata: Metadata = { title: "Export records (FHIR)" };

/** FHIR Bulk Data export: the coordinator exports their care teams' patients, the administrator the whole clinic. */
export default async function ExportsPage() {
  const { user } = await requireSession();
  if (!can(user.role, "record.bulkExport")) notFound();
  const groups = bulkExportGroups.filter((g) => mayExportGroup(user.role, g).allowed);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Export records (FHIR)</h1>
          <p>
            {user.role === "admin" ? "Every patient of the clinic" : "Every patient of your care teams"} as HL7 FHIR R4 NDJSON files, one per resource type — for the health record, a registry or an
            audit. Psychotherapy notes are never exported. Each patient&apos;s access report shows the export.
          </p>
        </div>
      </div>
      <BulkExports groups={groups} />
    </>
  );
}
