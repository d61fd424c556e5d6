import { and, asc, count, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import type { DbOrTx, Tx } from "../client";
import { careTeamMembers, patients, users } from "../schema/core";
import { fhirExportFiles, fhirExportJobs } from "../schema/fhir";

export type FhirExportJobRow = typeof fhirExportJobs.$inferSelect;
type Scope = Pick<FhirExportJobRow, "scope" | "requestedBy">;

/** The patients a job covers: the requester's care teams, or the whole clinic. */
function inScope(job: Scope) {
  if (job.scope === "clinic") return undefined;
  return inArray(patients.id, sql`(select ${careTeamMembers.patientId} from ${careTeamMembers} where ${careTeamMembers.userId} = ${job.requestedBy})`);
}

export async function countExportPatients(db: DbOrTx, job: Scope): Promise<number> {
  const [row] = await db.select({ n: count() }).from(patients).where(inScope(job));
  return row?.n ?? 0;
}

/** The next patients of a job after its cursor, in id order (the order a resumed job continues in). */
export async function nextExportPatients(db: DbOrTx, job: Scope & { cursorPatientId: string | null }, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: patients.id })
    .from(patients)
    .where(and(inScope(job), job.cursorPatientId ? gt(patients.id, job.cursorPatientId) : undefined))
    .orderBy(asc(patients.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function insertExportJob(tx: DbOrTx, values: typeof fhirExportJobs.$inferInsert): Promise<FhirExportJobRow> {
  const [row] = await tx.insert(fhirExportJobs).values(values).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

export async function findExportJob(db: DbOrTx, jobId: string): Promise<FhirExportJobRow | undefined> {
  const [row] = await db.select().from(fhirExportJobs).where(eq(fhirExportJobs.id, jobId));
  return row;
}

/** Jobs newest first, with their requester's name: one user's own, or everyone's (`requestedBy` undefined). */
export async function listExportJobs(db: DbOrTx, filter: { requestedBy?: string; limit: number }) {
  return db
    .select({ job: fhirExportJobs, requesterName: users.name })
    .from(fhirExportJobs)
    .innerJoin(users, eq(users.id, fhirExportJobs.requestedBy))
    .where(filter.requestedBy ? eq(fhirExportJobs.requestedBy, filter.requestedBy) : undefined)
    .orderBy(desc(fhirExportJobs.requestedAt), desc(fhirExportJobs.id))
    .limit(filter.limit);
}

/** Per resource type of these jobs: how many resources and bytes their parts hold (no file content). */
export async function exportFileTotals(db: DbOrTx, jobIds: readonly string[]): Promise<{ jobId: string; resourceType: string; count: number; bytes: number; parts: number }[]> {
  if (jobIds.length === 0) return [];
  const rows = await db
    .select({
      jobId: fhirExportFiles.jobId,
      resourceType: fhirExportFiles.resourceType,
      count: sql<number>`sum(${fhirExportFiles.resourceCount})::int`,
      bytes: sql<number>`sum(${fhirExportFiles.bytes})::int`,
      parts: sql<number>`count(*)::int`,
    })
    .from(fhirExportFiles)
    .where(inArray(fhirExportFiles.jobId, [...jobIds]))
    .groupBy(fhirExportFiles.jobId, fhirExportFiles.resourceType)
    .orderBy(asc(fhirExportFiles.resourceType));
  return rows.map((r) => ({ ...r, count: Number(r.count), bytes: Number(r.bytes), parts: Number(r.parts) }));
}

/** One resource type's NDJSON of a job: its parts in order, joined. */
export async function readExportFile(db: DbOrTx, jobId: string, resourceType: string): Promise<{ ndjson: string; count: number } | undefined> {
  const parts = await db
    .select({ ndjson: fhirExportFiles.ndjson, count: fhirExportFiles.resourceCount })
    .from(fhirExportFiles)
    .where(and(eq(fhirExportFiles.jobId, jobId), eq(fhirExportFiles.resourceType, resourceType)))
    .orderBy(asc(fhirExportFiles.part));
  if (parts.length === 0) return undefined;
  return { ndjson: parts.map((p) => p.ndjson).join(""), count: parts.reduce((n, p) => n + p.count, 0) };
}

/**
 * Takes one job to work on: a queued one, or a running one whose worker stopped beating. The row
 * is locked (`for update skip locked`) while it is marked running with this worker's heartbeat, so
 * two workers never take the same job; the oldest request goes first.
 */
export async function claimExportJob(db: DbOrTx, opts: { now: Date; staleBefore: Date }): Promise<FhirExportJobRow | undefined> {
  return db.transaction(async (tx) => {
    const [candidate] = await tx
      .select({ id: fhirExportJobs.id })
      .from(fhirExportJobs)
      .where(or(eq(fhirExportJobs.status, "queued"), and(eq(fhirExportJobs.status, "running"), lt(fhirExportJobs.heartbeatAt, opts.staleBefore))))
      .orderBy(asc(fhirExportJobs.requestedAt), asc(fhirExportJobs.id))
      .limit(1)
      .for("update", { skipLocked: true });
    if (!candidate) return undefined;
    const [row] = await tx
      .update(fhirExportJobs)
      .set({ status: "running", startedAt: sql`coalesce(${fhirExportJobs.startedAt}, ${opts.now})`, heartbeatAt: opts.now })
      .where(eq(fhirExportJobs.id, candidate.id))
      .returning();
    return row;
  });
}

/**
 * Locks a running job for one batch and checks it is still where this worker left it (running, its
 * cursor unmoved): a job cancelled meanwhile, or taken over by another worker, answers undefined.
 */
export async function lockExportJobAt(tx: Tx, jobId: string, cursorPatientId: string | null): Promise<FhirExportJobRow | undefined> {
  const [row] = await tx.select().from(fhirExportJobs).where(eq(fhirExportJobs.id, jobId)).for("update");
  if (!row || row.status !== "running" || row.cursorPatientId !== cursorPatientId) return undefined;
  return row;
}

/** The next part number of each resource type of a job. */
export async function nextExportParts(tx: DbOrTx, jobId: string): Promise<Map<string, number>> {
  const rows = await tx
    .select({ resourceType: fhirExportFiles.resourceType, last: sql<number>`max(${fhirExportFiles.part})::int` })
    .from(fhirExportFiles)
    .where(eq(fhirExportFiles.jobId, jobId))
    .groupBy(fhirExportFiles.resourceType);
  return new Map(rows.map((r) => [r.resourceType, Number(r.last) + 1]));
}

export async function insertExportFiles(tx: DbOrTx, files: (typeof fhirExportFiles.$inferInsert)[]): Promise<void> {
  if (files.length === 0) return;
  await tx.insert(fhirExportFiles).values(files);
}

export async function updateExportJob(tx: DbOrTx, jobId: string, values: Partial<typeof fhirExportJobs.$inferInsert>): Promise<FhirExportJobRow | undefined> {
  const [row] = await tx.update(fhirExportJobs).set(values).where(eq(fhirExportJobs.id, jobId)).returning();
  return row;
}

/** A running job this worker lets go of (stopping): queued again at its cursor, for the next worker. */
export async function releaseExportJob(db: DbOrTx, jobId: string): Promise<void> {
  await db.update(fhirExportJobs).set({ status: "queued", heartbeatAt: null }).where(and(eq(fhirExportJobs.id, jobId), eq(fhirExportJobs.status, "running")));
}

/** Cancels a job (and removes what it wrote): undefined when it was already cancelled. */
export async function cancelExportJob(tx: DbOrTx, jobId: string, now: Date): Promise<FhirExportJobRow | undefined> {
  const [row] = await tx
    .update(fhirExportJobs)
    .set({ status: "cancelled", finishedAt: now })
    .where(and(eq(fhirExportJobs.id, jobId), inArray(fhirExportJobs.status, ["queued", "running", "completed", "failed"])))
    .returning();
  if (row) await tx.delete(fhirExportFiles).where(eq(fhirExportFiles.jobId, jobId));
  return row;
}
