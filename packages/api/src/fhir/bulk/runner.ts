import type { Resource } from "@medplum/fhirtypes";
import {
  claimExportJob,
  countExportPatients,
  insertExportFiles,
  lockExportJobAt,
  nextExportParts,
  nextExportPatients,
  releaseExportJob,
  updateExportJob,
  writeAuditEntries,
  type Database,
  type DbOrTx,
  type FhirExportJobRow,
} from "@stepwise/db";
import { bulkExportAuditAction, bulkExportBatchSize, bulkExportStaleAfterMs } from "@stepwise/domain";
import { patientResourcesFor } from "../export";

/** Patients' resources as they may leave the clinic (the $everything export's, never psychotherapy notes), by patient id. */
export type ResourcesOf = (db: DbOrTx, patientIds: readonly string[], options: { now: Date }) => Promise<Map<string, Resource[]>>;

export interface RunnerOptions {
  now?: () => Date;
  /** Patients per batch (one transaction each). */
  batchSize?: number;
  /** How often an idle runner looks for a job (a new job also wakes it at once). */
  pollMs?: number;
  resourcesOf?: ResourcesOf;
}

export interface TurnOptions extends RunnerOptions {
  /** Asked before each batch: true stops the turn there, the job left running at its cursor. */
  shouldStop?: () => boolean;
}

/** What one turn did: the job it took, how many batches it wrote, and how the job stands after. */
export interface TurnResult {
  jobId: string;
  batches: number;
  status: FhirExportJobRow["status"] | "lost";
}

/**
 * One turn of a bulk-export worker: takes a queued (or stale) job and writes it batch by batch.
 * Each batch is one transaction: the batch's NDJSON parts (one per resource type), the job's cursor
 * and progress, and one audit row per patient written (the patient's access report shows the
 * export). A batch first locks the job and checks its cursor has not moved: a job cancelled, or
 * taken over by another worker after this one stalled, is left alone, and a batch that fails half-way
 * leaves nothing behind — so a resumed job writes each patient exactly once.
 */
export async function runExportTurn(db: Database, options: TurnOptions = {}): Promise<TurnResult | undefined> {
  const now = options.now ?? (() => new Date());
  const resourcesOf = options.resourcesOf ?? patientResourcesFor;
  const batchSize = options.batchSize ?? bulkExportBatchSize;
  const claimed = await claimExportJob(db, { now: now(), staleBefore: new Date(now().getTime() - bulkExportStaleAfterMs) });
  if (!claimed) return undefined;
  let job = claimed;
  let batches = 0;
  try {
    if (job.cursorPatientId === null && job.patientsDone === 0) {
      // The count is taken when the work starts (the teams may have changed since the request).
      job = (await updateExportJob(db, job.id, { patientsTotal: await countExportPatients(db, job) })) ?? job;
    }
    const wanted = new Set(job.resourceTypes);
    for (;;) {
      if (options.shouldStop?.()) return { jobId: job.id, batches, status: "running" };
      const patientIds = await nextExportPatients(db, job, batchSize);
      if (patientIds.length === 0) {
        const done = await db.transaction(async (tx) => {
          if (!(await lockExportJobAt(tx, job.id, job.cursorPatientId))) return undefined;
          return updateExportJob(tx, job.id, { status: "completed", finishedAt: now(), heartbeatAt: now(), patientsTotal: job.patientsDone });
        });
        return { jobId: job.id, batches, status: done ? "completed" : "lost" };
      }
      // Read outside the batch's transaction (the write that follows is short), as of the job's
      // transaction time: a resumed job describes every patient at the same moment.
      const resources = await resourcesOf(db, patientIds, { now: job.startedAt ?? now() });
      const perPatient = patientIds.map((id) => (resources.get(id) ?? []).filter((r) => wanted.size === 0 || wanted.has(r.resourceType)));
      const byType = new Map<string, string[]>();
      for (const resources of perPatient) {
        for (const resource of resources) {
          const lines = byType.get(resource.resourceType) ?? [];
          lines.push(JSON.stringify(resource));
          byType.set(resource.resourceType, lines);
        }
      }
      const lastPatientId = patientIds.at(-1)!;
      const written = perPatient.reduce((n, r) => n + r.length, 0);
      const next = await db.transaction(async (tx) => {
        const locked = await lockExportJobAt(tx, job.id, job.cursorPatientId);
        if (!locked) return undefined;
        const parts = await nextExportParts(tx, job.id);
        await insertExportFiles(
          tx,
          [...byType.entries()].map(([resourceType, lines]) => {
            const ndjson = `${lines.join("\n")}\n`;
            return { jobId: job.id, resourceType, part: parts.get(resourceType) ?? 0, lastPatientId, ndjson, resourceCount: lines.length, bytes: Buffer.byteLength(ndjson) };
          }),
        );
        await writeAuditEntries(
          tx,
          patientIds.map((patientId) => ({
            actorId: locked.requestedBy,
            actorRole: locked.requesterRole,
            action: bulkExportAuditAction,
            patientId,
            outcome: "success" as const,
            entityType: "fhir_export_job",
            entityId: job.id,
            detail: { kind: locked.groupId, rows: perPatient[patientIds.indexOf(patientId)]!.length },
          })),
        );
        const patientsDone = locked.patientsDone + patientIds.length;
        return updateExportJob(tx, job.id, {
          cursorPatientId: lastPatientId,
          patientsDone,
          patientsTotal: Math.max(locked.patientsTotal, patientsDone),
          resourcesWritten: locked.resourcesWritten + written,
          heartbeatAt: now(),
        });
      });
      if (!next) return { jobId: job.id, batches, status: "lost" };
      job = next;
      batches += 1;
    }
  } catch (error) {
    console.error(`FHIR bulk export ${job.id}: a batch failed (${(error as Error).message}); the job is marked failed.`);
    await db.transaction(async (tx) => {
      if (await lockExportJobAt(tx, job.id, job.cursorPatientId)) await updateExportJob(tx, job.id, { status: "failed", error: "The export could not be completed.", finishedAt: now() });
    });
    return { jobId: job.id, batches, status: "failed" };
  }
}

export interface BulkExportRunner {
  /** Looks for work now instead of at the next poll. */
  wake(): void;
  /** Ends the current turn after its batch and hands a job it was writing back to the queue, at its cursor. */
  stop(): Promise<void>;
}

let current: BulkExportRunner | undefined;

/** Tells this instance's runner (if it has one) that a job is waiting. */
export function wakeBulkExportRunner(): void {
  current?.wake();
}

/**
 * The server's bulk-export worker: polls for queued (or stale) jobs and runs them one at a time.
 * Stopping lets the batch in flight commit, then queues the job again so the next server start (or
 * another instance) resumes it at once from its cursor.
 */
export function startBulkExportRunner(db: Database, options: RunnerOptions = {}): BulkExportRunner {
  let stopping = false;
  let turn: Promise<void> | undefined;
  let again = false;
  const run = () => {
    if (stopping) return;
    if (turn) {
      again = true;
      return;
    }
    turn = (async () => {
      try {
        for (;;) {
          again = false;
          const result = await runExportTurn(db, { ...options, shouldStop: () => stopping });
          if (stopping) {
            if (result?.status === "running") await releaseExportJob(db, result.jobId);
            break;
          }
          // A job done: look for the next; none waiting: sleep until the next poll or wake.
          if (!result && !again) break;
        }
      } catch (error) {
        console.error(`FHIR bulk export: a turn failed (${(error as Error).message}); the next poll retries.`);
      } finally {
        turn = undefined;
      }
    })();
  };
  const timer = setInterval(run, options.pollMs ?? 2_000);
  timer.unref();
  const runner: BulkExportRunner = {
    wake: run,
    async stop() {
      stopping = true;
      clearInterval(timer);
      await turn;
      if (current === runner) current = undefined;
    },
  };
  current = runner;
  run();
  return runner;
}
