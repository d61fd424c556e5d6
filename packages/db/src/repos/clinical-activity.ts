import { and, asc, desc, eq, getTableColumns, gte, inArray, lte } from "drizzle-orm";
import type { Instrument } from "@stepwise/domain";
import type { DbOrTx } from "../client";
import { assessments, comments, psychNotes, therapySessions, users } from "../schema";
import { visibleComments, visiblePsychNotes } from "./record";

export type TherapySessionRow = typeof therapySessions.$inferSelect;
export type NewTherapySession = typeof therapySessions.$inferInsert;
export type AssessmentRow = typeof assessments.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type PsychNoteRow = typeof psychNotes.$inferSelect;

/**
 * Writes a session once per (patient, idempotency key). A retry racing the first submit on another
 * connection waits in ON CONFLICT for that transaction to commit, and the follow-up read runs in a
 * fresh READ COMMITTED snapshot, so it finds the row the first submit wrote.
 */
export async function insertTherapySessionOnce(tx: DbOrTx, values: NewTherapySession): Promise<{ row: TherapySessionRow; created: boolean }> {
  const [inserted] = await tx
    .insert(therapySessions)
    .values(values)
    .onConflictDoNothing({ target: [therapySessions.patientId, therapySessions.idempotencyKey] })
    .returning();
  if (inserted) return { row: inserted, created: true };
  const [existing] = await tx
    .select()
    .from(therapySessions)
    .where(and(eq(therapySessions.patientId, values.patientId), eq(therapySessions.idempotencyKey, values.idempotencyKey)))
    .limit(1);
  if (!existing) throw new Error("idempotency key conflicted, yet no session holds it");
  return { row: existing, created: false };
}

export interface DateRangeQuery {
  patientId: string;
  from?: Date;
  to?: Date;
  limit: number;
}

/** Newest first. */
export async function listTherapySessions(db: DbOrTx, q: DateRangeQuery): Promise<TherapySessionRow[]> {
  return db
    .select()
    .from(therapySessions)
    .where(
      and(
        eq(therapySessions.patientId, q.patientId),
        q.from ? gte(therapySessions.sessionDate, q.from) : undefined,
        q.to ? lte(therapySessions.sessionDate, q.to) : undefined,
      ),
    )
    .orderBy(desc(therapySessions.sessionDate), desc(therapySessions.createdAt), desc(therapySessions.id))
    .limit(q.limit);
}

/** Shared summaries and the viewer's own psychotherapy notes, newest first, with the author's name. */
export async function listVisiblePsychNotes(db: DbOrTx, q: { patientId: string; viewerId: string; limit: number }) {
  return db
    .select({ ...getTableColumns(psychNotes), authorName: users.name })
    .from(psychNotes)
    .innerJoin(users, eq(users.id, psychNotes.authorId))
    .where(and(eq(psychNotes.patientId, q.patientId), visiblePsychNotes(q.viewerId)))
    .orderBy(desc(psychNotes.createdAt), desc(psychNotes.id))
    .limit(q.limit);
}

/** The most recent `limit` results in the range, returned oldest first (the order charts draw in). */
export async function listAssessments(db: DbOrTx, q: DateRangeQuery & { instrument?: Instrument }): Promise<AssessmentRow[]> {
  const newest = await db
    .select()
    .from(assessments)
    .where(
      and(
        eq(assessments.patientId, q.patientId),
        q.instrument ? eq(assessments.instrument, q.instrument) : undefined,
        q.from ? gte(assessments.administeredAt, q.from) : undefined,
        q.to ? lte(assessments.administeredAt, q.to) : undefined,
      ),
    )
    .orderBy(desc(assessments.administeredAt), desc(assessments.createdAt), desc(assessments.id))
    .limit(q.limit);
  return newest.reverse();
}

/** Comments on one target that the viewer may see (private ones only for their one reader), oldest first. */
export async function listVisibleComments(db: DbOrTx, q: { patientId: string; targetType: CommentRow["targetType"]; targetId: string; viewerId: string; limit: number }) {
  return db
    .select({ ...getTableColumns(comments), authorName: users.name })
    .from(comments)
    .innerJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.patientId, q.patientId), eq(comments.targetType, q.targetType), eq(comments.targetId, q.targetId), visibleComments(q.viewerId)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(q.limit);
}

/** Display names for a bounded set of users (a page of events names at most its own length). */
export async function userNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}
