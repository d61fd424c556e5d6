import { bulkExportProgressText, bulkExportResourceTypes, isBulkExportGroup, isBulkExportResourceType, type BulkExportResourceType } from "@stepwise/domain";
import type { BulkExportJobView } from "../routers/fhir/bulk-export";
import { fhirJson, outcome, type FhirRoute } from "./rest";

// FHIR Bulk Data export (https://hl7.org/fhir/uv/bulkdata/): the kick-off on a Group answers 202
// with a status URL; the status URL answers 202 with X-Progress while the job runs, then the
// manifest; the manifest's file URLs answer NDJSON. Every step calls a procedure of the fhir router.

const NDJSON = "application/fhir+ndjson";
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `_outputFormat` values the spec lets a server treat as NDJSON. */
const ndjsonFormats = new Set(["application/fhir+ndjson", "application/ndjson", "ndjson"]);

const statusUrl = (base: string, jobId: string) => `${base}/bulk-status/${jobId}`;
const fileUrl = (base: string, jobId: string, type: string) => `${base}/bulk-files/${jobId}/${type}.ndjson`;

/** The kick-off request as the manifest repeats it. */
function requestUrl(base: string, job: Pick<BulkExportJobView, "groupId" | "resourceTypes">): string {
  const query = job.resourceTypes.length > 0 ? `?_type=${job.resourceTypes.join(",")}` : "";
  return `${base}/Group/${job.groupId}/$export${query}`;
}

/** The Bulk Data manifest of a completed job: one output per resource type, with its count. */
export function bulkManifest(base: string, job: BulkExportJobView) {
  return {
    transactionTime: (job.startedAt ?? job.requestedAt).toISOString(),
    request: requestUrl(base, job),
    requiresAccessToken: true,
    output: job.files.map((f) => ({ type: f.type, url: fileUrl(base, job.id, f.type), count: f.count })),
    error: [] as unknown[],
  };
}

export const bulkExportRoutes: readonly FhirRoute[] = [
  {
    method: "GET",
    pattern: /^Group\/([^/]+)\/\$export$/,
    async handle({ match, request, url, caller, base }) {
      const prefer = request.headers.get("prefer") ?? "";
      if (!/(^|[\s,;])respond-async([\s,;]|$)/i.test(prefer)) return outcome(400, "invalid", "A bulk export runs asynchronously: send the header 'Prefer: respond-async'.");
      const groupId = decodeURIComponent(match[1]!);
      if (!isBulkExportGroup(groupId)) return outcome(404, "not-found", `Group ${groupId} not found: export 'my-teams' or 'clinic'.`);
      const format = url.searchParams.get("_outputFormat");
      if (format !== null && !ndjsonFormats.has(format)) return outcome(400, "not-supported", `_outputFormat ${format} is not supported: the output is ${NDJSON}.`);
      if (url.searchParams.has("_since") || url.searchParams.has("_typeFilter")) return outcome(400, "not-supported", "_since and _typeFilter are not supported: export without them.");
      const asked = url.searchParams.getAll("_type").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
      const unknown = asked.filter((t) => !isBulkExportResourceType(t));
      if (unknown.length > 0) return outcome(400, "not-supported", `_type ${unknown.join(", ")} is not exported; the types are ${bulkExportResourceTypes.join(", ")}.`);
      const job = await caller.fhir.bulkExportStart({ groupId, types: asked.length > 0 ? (asked as BulkExportResourceType[]) : undefined });
      const body = { resourceType: "OperationOutcome", issue: [{ severity: "information", code: "informational", diagnostics: `Export queued: ${job.patientsTotal} patients.` }] };
      return fhirJson(body, { status: 202, headers: { "Content-Location": statusUrl(base, job.id) } });
    },
  },
  {
    method: "GET",
    pattern: /^bulk-status\/([^/]+)$/,
    async handle({ match, caller, base }) {
      const jobId = match[1]!;
      if (!uuid.test(jobId)) return outcome(404, "not-found", "Export job not found.");
      const job = await caller.fhir.bulkExportStatus({ jobId });
      if (job.status === "queued" || job.status === "running") {
        return new Response(null, { status: 202, headers: { "X-Progress": bulkExportProgressText(job), "Retry-After": "2", "Cache-Control": "no-store" } });
      }
      if (job.status === "completed") {
        return new Response(JSON.stringify(bulkManifest(base, job)), { status: 200, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", Expires: new Date(Date.now() + 7 * 86_400_000).toUTCString() } });
      }
      if (job.status === "cancelled") return outcome(404, "not-found", "Export job cancelled.");
      return outcome(500, "exception", job.error ?? "The export could not be completed.");
    },
  },
  {
    method: "DELETE",
    pattern: /^bulk-status\/([^/]+)$/,
    async handle({ match, caller }) {
      const jobId = match[1]!;
      if (!uuid.test(jobId)) return outcome(404, "not-found", "Export job not found.");
      await caller.fhir.bulkExportCancel({ jobId });
      return new Response(null, { status: 202, headers: { "Cache-Control": "no-store" } });
    },
  },
  {
    method: "GET",
    pattern: /^bulk-files\/([^/]+)\/([A-Za-z]+)\.ndjson$/,
    async handle({ match, caller }) {
      const [, jobId = "", type = ""] = match;
      if (!uuid.test(jobId) || !isBulkExportResourceType(type)) return outcome(404, "not-found", "Export file not found.");
      const file = await caller.fhir.bulkExportFile({ jobId, type });
      return new Response(file.ndjson, {
        status: 200,
        headers: { "Content-Type": NDJSON, "Cache-Control": "no-store", "Content-Disposition": `attachment; filename="${type}-${jobId.slice(0, 8)}.ndjson"` },
      });
    },
  },
];
