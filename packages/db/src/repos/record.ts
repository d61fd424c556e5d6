import { and, asc, desc, eq, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  actionItems,
  assessments,
  carePlans,
  comments,
  goals,
  medications,
  planItems,
  problems,
  procedures,
  psychClearances,
  psychNotes,
  therapySessions,
} from "../schema";

/** Psychotherapy notes are their author's alone: the filter sits in the query, not after it. */
export function visiblePsychNotes(viewerId: string) {
  return or(eq(psychNotes.kind, "shared_summary"), eq(psychNotes.authorId, viewerId));
}

export function visibleComments(viewerId: string) {
  return or(isNull(comments.privateTo), eq(comments.privateTo, viewerId));
}

/**
 * Everything on one patient's plan that this viewer may read, in a fixed number of queries (one
 * per table, issued together) whatever the size of the record.
 */
export async function loadPlanRows(db: DbOrTx, patientId: string, viewerId: string) {
  const [plan, problemRows, goalRows, itemRows, procedureRows, medicationRows, sessionRows, noteRows, clearanceRows, assessmentRows, actionRows] =
    await Promise.all([
      db.select().from(carePlans).where(eq(carePlans.patientId, patientId)).limit(1),
      db.select().from(problems).where(eq(problems.patientId, patientId)).orderBy(asc(problems.createdAt)),
      db.select().from(goals).where(eq(goals.patientId, patientId)).orderBy(asc(goals.targetDate)),
      db.select().from(planItems).where(eq(planItems.patientId, patientId)).orderBy(asc(planItems.ladderStep), asc(planItems.createdAt)),
      db.select().from(procedures).where(eq(procedures.patientId, patientId)).orderBy(desc(procedures.createdAt)),
      db.select().from(medications).where(eq(medications.patientId, patientId)).orderBy(desc(medications.startedAt)),
      db.select().from(therapySessions).where(eq(therapySessions.patientId, patientId)).orderBy(desc(therapySessions.sessionDate), desc(therapySessions.createdAt)),
      db.select().from(psychNotes).where(and(eq(psychNotes.patientId, patientId), visiblePsychNotes(viewerId))).orderBy(desc(psychNotes.createdAt)),
      db.select().from(psychClearances).where(eq(psychClearances.patientId, patientId)).orderBy(desc(psychClearances.requestedAt)),
      db.select().from(assessments).where(eq(assessments.patientId, patientId)).orderBy(asc(assessments.administeredAt)),
      db.select().from(actionItems).where(eq(actionItems.patientId, patientId)).orderBy(asc(actionItems.dueDate)),
    ]);
  return {
    plan: plan[0],
    problems: problemRows,
    goals: goalRows,
    planItems: itemRows,
    procedures: procedureRows,
    medications: medicationRows,
    therapySessions: sessionRows,
    psychNotes: noteRows,
    clearances: clearanceRows,
    assessments: assessmentRows,
    actionItems: actionRows,
  };
}

export type PlanRows = Awaited<ReturnType<typeof loadPlanRows>>;

/** The plan row, created on first use so that every patient has exactly one. */
export async function ensureCarePlan(tx: DbOrTx, patientId: string, actorId: string) {
  await tx.insert(carePlans).values({ patientId, createdBy: actorId, updatedBy: actorId }).onConflictDoNothing();
  const [row] = await tx.select().from(carePlans).where(eq(carePlans.patientId, patientId));
  if (!row) throw new Error("care plan vanished");
  return row;
}
