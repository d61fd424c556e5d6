import { z } from "zod";
import { idSchema } from "./common";
import { fhirExportResourceTypes } from "./fhir";
import { clinicalRoles, type Role } from "./roles";

// FHIR Bulk Data export ($export on a Group): which groups there are, who may export which, the
// inputs of the bulk-export procedures and how a job's progress reads.

/**
 * The Groups a bulk export names: `my-teams` — the patients whose care team the requester is on;
 * `clinic` — every patient of the clinic (the administrator's).
 */
export const bulkExportGroups = ["my-teams", "clinic"] as const;
export type BulkExportGroup = (typeof bulkExportGroups)[number];
export const bulkExportScopeOf = { "my-teams": "care_team", clinic: "clinic" } as const satisfies Record<BulkExportGroup, "care_team" | "clinic">;

export const bulkExportGroupLabels: Record<BulkExportGroup, string> = { "my-teams": "All patients of my care teams", clinic: "The whole clinic" };

/** The resource types a patient's export holds (the $everything export's): `_type` names some of them, or none for all. */
export const bulkExportResourceTypes = fhirExportResourceTypes;
export type BulkExportResourceType = (typeof bulkExportResourceTypes)[number];
const resourceTypeSchema = z.enum(bulkExportResourceTypes);

export const isBulkExportGroup = (value: string): value is BulkExportGroup => (bulkExportGroups as readonly string[]).includes(value);
export const isBulkExportResourceType = (value: string): value is BulkExportResourceType => (bulkExportResourceTypes as readonly string[]).includes(value);

/**
 * Which group a role may export (after the matrix's `record.bulkExport`): the whole clinic is the
 * administrator's alone; "my teams" is for a role that sits on care teams (the administrator sits on none).
 */
export function mayExportGroup(role: Role, group: BulkExportGroup): { allowed: true } | { allowed: false; reason: string } {
  if (group === "clinic") return role === "admin" ? { allowed: true } : { allowed: false, reason: "Only the administrator may export the whole clinic." };
  return (clinicalRoles as readonly string[]).includes(role) ? { allowed: true } : { allowed: false, reason: "The administrator is on no care team: export the clinic group." };
}

/** A job is read (status, files) by the one who asked for it, or by the administrator. */
export const mayReadBulkExport = (viewer: { id: string; role: Role }, job: { requestedBy: string }): boolean => viewer.role === "admin" || viewer.id === job.requestedBy;

export const bulkExportStartInputSchema = z.strictObject({
  groupId: z.enum(bulkExportGroups),
  /** `_type`: the resource types wanted, none for all. */
  types: z.array(resourceTypeSchema).max(bulkExportResourceTypes.length).optional(),
});
export type BulkExportStartInput = z.infer<typeof bulkExportStartInputSchema>;
export const bulkExportJobInputSchema = z.strictObject({ jobId: idSchema });
export const bulkExportFileInputSchema = z.strictObject({ jobId: idSchema, type: resourceTypeSchema });

export type BulkExportStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

/** How far a job is, in whole percent of its patients: 100 only once it is complete. */
export function bulkExportPercent(job: { status: BulkExportStatus; patientsDone: number; patientsTotal: number }): number {
  if (job.status === "completed") return 100;
  if (job.patientsTotal <= 0) return 0;
  return Math.min(99, Math.floor((job.patientsDone / job.patientsTotal) * 100));
}

/** The `X-Progress` a status request answers while the job is under way. */
export function bulkExportProgressText(job: { status: BulkExportStatus; patientsDone: number; patientsTotal: number; resourcesWritten: number }): string {
  const state = job.status === "queued" ? "queued" : "running";
  return `${state}: ${bulkExportPercent(job)}% (${job.patientsDone} of ${job.patientsTotal} patients, ${job.resourcesWritten} resources written)`;
}

/** Patients written per batch (one transaction: their files, the job's cursor and their audit rows). */
export const bulkExportBatchSize = 5;
/** A running job whose heartbeat is older than this has lost its worker: another one may take it over. */
export const bulkExportStaleAfterMs = 60_000;

/** The action each exported patient's audit row names: the patient's access report shows the export. */
export const bulkExportAuditAction = "fhir.bulkExport";
