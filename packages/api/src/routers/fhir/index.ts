import type { TRPCRouterRecord } from "@trpc/server";
import { bulkExportProcedures } from "./bulk-export";
import { exportProcedures } from "./export";
import { importProcedures } from "./import";

// HL7 FHIR R4 interchange: one patient's record out ($everything), a team's records out (Bulk Data
// $export), one patient's record in (preview, then commit). The REST endpoints under /api/fhir/R4
// call these procedures, so every FHIR call passes the same gates, audit and walkers as the rest.
export const fhirRouter = {
  ...exportProcedures,
  ...bulkExportProcedures,
  ...importProcedures,
} satisfies TRPCRouterRecord;
