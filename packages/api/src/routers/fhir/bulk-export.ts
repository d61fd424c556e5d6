import type { TRPCRouterRecord } from "@trpc/server";
import { cancelExportJob, countExportPatients, exportFileTotals, findExportJob, insertExportJob, listExportJobs, readExportFile, type FhirExportJobRow } from "@stepwise/db";
import {
  bulkExportFileInputSchema,
  bulkExportJobInputSchema,
  bulkExportPercent,
  bulkExportScopeOf,
  bulkExportStartInputSchema,
  ForbiddenError,
  mayExportGroup,
  mayReadBulkExport,
  noInputSchema,
  NotFoundError,
} from "@stepwise/domain";
import { wakeBulkExportRunner } from "../../fhir/bulk/runner";
import { clinicProcedure } from "../../trpc";

/** The newest jobs a list shows. */
const listLimit = 20;

type FileTotal = { resourceType: string; count: number; bytes: number };

/** A job as its requester (or the administrator) reads it: state, progress and what it has written so far. */
function jobView(job: FhirExportJobRow, files: readonly FileTotal[], requesterName?: string) {
  return {
    id: job.id,
    groupId: job.groupId,
    status: job.status,
    resourceTypes: job.resourceTypes,
    requestedBy: job.requestedBy,
    requesterName: requesterName ?? null,
    requestedAt: job.requestedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    patientsTotal: job.patientsTotal,
    patientsDone: job.patientsDone,
    resourcesWritten: job.resourcesWritten,
    percent: bulkExportPercent(job),
    error: job.error,
    files: files.map((f) => ({ type: f.resourceType, count: f.count, bytes: f.bytes })),
  };
}
export type BulkExportJobView = ReturnType<typeof jobView>;

/**
 * A job the caller may read: theirs, or any for the administrator. Anyone else gets NOT_FOUND, the
 * same answer as for a job that does not exist.
 */
async function readableJob(ctx: { db: Parameters<typeof findExportJob>[0]; user: { id: string; role: Parameters<typeof mayReadBulkExport>[0]["role"] } }, jobId: string) {
  const job = await findExportJob(ctx.db, jobId);
  if (!job || !mayReadBulkExport(ctx.user, job)) throw new NotFoundError("Export job", "jobId");
  return job;
}

// FHIR Bulk Data export of a Group (`my-teams`, `clinic`): the request queues a job, the server's
// runner (fhir/bulk/runner.ts) writes it in the background, one audit row per patient as it goes.
export const bulkExportProcedures = {
  /** Queues an export of the caller's care teams' patients (`my-teams`) or of every patient (`clinic`, the administrator's). */
  bulkExportStart: clinicProcedure("record.bulkExport")
    .input(bulkExportStartInputSchema)
    .mutation(async ({ ctx, input }) => {
      const allowed = mayExportGroup(ctx.user.role, input.groupId);
      if (!allowed.allowed) throw new ForbiddenError(allowed.reason, "groupId");
      const scope = bulkExportScopeOf[input.groupId];
      const types = [...new Set(input.types ?? [])];
      const job = await ctx.write(
        async (tx) => {
          const patientsTotal = await countExportPatients(tx, { scope, requestedBy: ctx.user.id });
          return insertExportJob(tx, { requestedBy: ctx.user.id, requesterRole: ctx.user.role, groupId: input.groupId, scope, resourceTypes: types, patientsTotal, requestedAt: ctx.now() });
        },
        (out) => ({ patientIds: [], entityType: "fhir_export_job", entityId: out.id, detail: { kind: input.groupId } }),
      );
      wakeBulkExportRunner();
      return jobView(job, []);
    }),

  /** One job's state and progress, and per resource type what it has written. */
  bulkExportStatus: clinicProcedure("record.bulkExport")
    .input(bulkExportJobInputSchema)
    .query(async ({ ctx, input }) => {
      const job = await readableJob(ctx, input.jobId);
      const files = await exportFileTotals(ctx.db, [job.id]);
      await ctx.audit({ patientIds: [], entityType: "fhir_export_job", entityId: job.id });
      return jobView(job, files);
    }),

  /** The caller's newest jobs (the administrator: everyone's), each with its files. */
  bulkExportList: clinicProcedure("record.bulkExport")
    .input(noInputSchema)
    .query(async ({ ctx }) => {
      const rows = await listExportJobs(ctx.db, { requestedBy: ctx.user.role === "admin" ? undefined : ctx.user.id, limit: listLimit });
      const files = await exportFileTotals(
        ctx.db,
        rows.map((r) => r.job.id),
      );
      await ctx.audit({ patientIds: [], entityType: "fhir_export_job", detail: { rows: rows.length } });
      return rows.map((r) => jobView(r.job, files.filter((f) => f.jobId === r.job.id), r.requesterName));
    }),

  /** Cancels a job (queued, running or done) and removes its files. */
  bulkExportCancel: clinicProcedure("record.bulkExport")
    .input(bulkExportJobInputSchema)
    .mutation(async ({ ctx, input }) => {
      const job = await readableJob(ctx, input.jobId);
      const cancelled = await ctx.write(
        async (tx) => (await cancelExportJob(tx, job.id, ctx.now())) ?? job,
        () => ({ patientIds: [], entityType: "fhir_export_job", entityId: job.id }),
      );
      return jobView(cancelled, []);
    }),

  /** One resource type's NDJSON of a completed job: one resource per line. */
  bulkExportFile: clinicProcedure("record.bulkExport")
    .input(bulkExportFileInputSchema)
    .query(async ({ ctx, input }) => {
      const job = await readableJob(ctx, input.jobId);
      const file = job.status === "completed" ? await readExportFile(ctx.db, job.id, input.type) : undefined;
      if (!file) throw new NotFoundError("Export file", "type");
      await ctx.audit({ patientIds: [], entityType: "fhir_export_job", entityId: job.id, detail: { kind: input.type, rows: file.count } });
      return { jobId: job.id, type: input.type, count: file.count, ndjson: file.ndjson };
    }),
} satisfies TRPCRouterRecord;
