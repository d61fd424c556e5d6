import type { PatientRecord } from "@stepwise/domain";
import { and, asc, desc, eq, inArray, isNull, or } from "drizzle-orm";
import type { DbOrTx } from "../client";
import {
  actionItems,
  assessments,
  carePlans,
  comments,
  goals,
  medications,
  opioidMonitoring,
  planItems,
  procedureOutcomes,
  problems,
  procedures,
  psychClearances,
  psychNotes,
  safetyProfiles,
  safetyResponses,
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
 * Everything on these patients' plans that this viewer may read, in a fixed number of queries
 * (one per table, issued together) whatever the size of the records or the number of patients.
 */
export async function loadPlanRowsFor(db: DbOrTx, patientIds: readonly string[], viewerId: string) {
  const ids = [...patientIds];
  if (ids.length === 0) return new Map<string, PlanRows>();
  const [
    plans,
    problemRows,
    goalRows,
    itemRows,
    procedureRows,
    medicationRows,
    sessionRows,
    noteRows,
    clearanceRows,
    assessmentRows,
    actionRows,
    outcomeRows,
    profileRows,
    monitoringRows,
    responseRows,
  ] = await Promise.all([
      db.select().from(carePlans).where(inArray(carePlans.patientId, ids)),
      db.select().from(problems).where(inArray(problems.patientId, ids)).orderBy(asc(problems.createdAt), asc(problems.id)),
      db.select().from(goals).where(inArray(goals.patientId, ids)).orderBy(asc(goals.targetDate), asc(goals.id)),
      db.select().from(planItems).where(inArray(planItems.patientId, ids)).orderBy(asc(planItems.ladderStep), asc(planItems.createdAt), asc(planItems.id)),
      db.select().from(procedures).where(inArray(procedures.patientId, ids)).orderBy(desc(procedures.createdAt), asc(procedures.id)),
      db.select().from(medications).where(inArray(medications.patientId, ids)).orderBy(desc(medications.startedAt), asc(medications.id)),
      db.select().from(therapySessions).where(inArray(therapySessions.patientId, ids)).orderBy(desc(therapySessions.sessionDate), desc(therapySessions.createdAt), asc(therapySessions.id)),
      db.select().from(psychNotes).where(and(inArray(psychNotes.patientId, ids), visiblePsychNotes(viewerId))).orderBy(desc(psychNotes.createdAt), asc(psychNotes.id)),
      db.select().from(psychClearances).where(inArray(psychClearances.patientId, ids)).orderBy(desc(psychClearances.requestedAt), asc(psychClearances.id)),
      db.select().from(assessments).where(inArray(assessments.patientId, ids)).orderBy(asc(assessments.administeredAt), asc(assessments.id)),
      db.select().from(actionItems).where(inArray(actionItems.patientId, ids)).orderBy(asc(actionItems.dueDate), asc(actionItems.id)),
      db.select().from(procedureOutcomes).where(inArray(procedureOutcomes.patientId, ids)).orderBy(asc(procedureOutcomes.assessedAt), asc(procedureOutcomes.id)),
      db.select().from(safetyProfiles).where(inArray(safetyProfiles.patientId, ids)),
      db.select().from(opioidMonitoring).where(inArray(opioidMonitoring.patientId, ids)).orderBy(asc(opioidMonitoring.performedAt), asc(opioidMonitoring.id)),
      db.select().from(safetyResponses).where(inArray(safetyResponses.patientId, ids)).orderBy(asc(safetyResponses.contactedAt), asc(safetyResponses.id)),
    ]);
  const byPatient = new Map<string, PlanRows>(
    ids.map((id) => [
      id,
      {
        plan: undefined,
        safetyProfile: null,
        problems: [],
        goals: [],
        planItems: [],
        procedures: [],
        medications: [],
        therapySessions: [],
        psychNotes: [],
        clearances: [],
        assessments: [],
        actionItems: [],
        procedureOutcomes: [],
        opioidMonitoring: [],
        safetyResponses: [],
      },
    ]),
  );
  const put = <K extends Exclude<keyof PlanRows, "plan" | "safetyProfile">>(key: K, rows: (PlanRows[K][number] & { patientId: string })[]) => {
    for (const row of rows) (byPatient.get(row.patientId)![key] as PlanRows[K][number][]).push(row);
  };
  for (const plan of plans) byPatient.get(plan.patientId)!.plan = plan;
  put("problems", problemRows);
  put("goals", goalRows);
  put("planItems", itemRows);
  put("procedures", procedureRows);
  put("medications", medicationRows);
  put("therapySessions", sessionRows);
  put("psychNotes", noteRows);
  put("clearances", clearanceRows);
  put("assessments", assessmentRows);
  put("actionItems", actionRows);
  put("procedureOutcomes", outcomeRows);
  put("opioidMonitoring", monitoringRows);
  put("safetyResponses", responseRows);
  for (const profile of profileRows) byPatient.get(profile.patientId)!.safetyProfile = profile;
  return byPatient;
}

export interface PlanRows {
  plan: typeof carePlans.$inferSelect | undefined;
  problems: (typeof problems.$inferSelect)[];
  goals: (typeof goals.$inferSelect)[];
  planItems: (typeof planItems.$inferSelect)[];
  procedures: (typeof procedures.$inferSelect)[];
  medications: (typeof medications.$inferSelect)[];
  therapySessions: (typeof therapySessions.$inferSelect)[];
  psychNotes: (typeof psychNotes.$inferSelect)[];
  clearances: (typeof psychClearances.$inferSelect)[];
  assessments: (typeof assessments.$inferSelect)[];
  actionItems: (typeof actionItems.$inferSelect)[];
  /** §6: the outcome series, the safety profile (null until someone records one), opioid monitoring, safety responses. */
  procedureOutcomes: (typeof procedureOutcomes.$inferSelect)[];
  safetyProfile: typeof safetyProfiles.$inferSelect | null;
  opioidMonitoring: (typeof opioidMonitoring.$inferSelect)[];
  safetyResponses: (typeof safetyResponses.$inferSelect)[];
}

/** One patient's plan rows as this viewer may read them. */
export async function loadPlanRows(db: DbOrTx, patientId: string, viewerId: string): Promise<PlanRows> {
  const rows = await loadPlanRowsFor(db, [patientId], viewerId);
  return rows.get(patientId)!;
}


/** The plan row, created on first use so that every patient has exactly one. */
export async function ensureCarePlan(tx: DbOrTx, patientId: string, actorId: string) {
  await tx.insert(carePlans).values({ patientId, createdBy: actorId, updatedBy: actorId }).onConflictDoNothing();
  const [row] = await tx.select().from(carePlans).where(eq(carePlans.patientId, patientId));
  if (!row) throw new Error("care plan vanished");
  return row;
}

// Type-only: the keys a PatientRecord and PlanRows share, checked at compile time.
const _recordKeys = [
  "problems",
  "planItems",
  "therapySessions",
  "assessments",
  "procedures",
  "clearances",
  "medications",
  "procedureOutcomes",
  "safetyProfile",
  "opioidMonitoring",
  "safetyResponses",
] as const satisfies readonly (keyof PatientRecord & keyof PlanRows)[];

/** The plan rows candidacy and flags read, as the database returned them (a PatientRecord with row metadata). */
export function patientRecordOf(rows: PlanRows): Pick<PlanRows, (typeof _recordKeys)[number]> {
  return {
    problems: rows.problems,
    planItems: rows.planItems,
    therapySessions: rows.therapySessions,
    assessments: rows.assessments,
    procedures: rows.procedures,
    clearances: rows.clearances,
    medications: rows.medications,
    procedureOutcomes: rows.procedureOutcomes,
    safetyProfile: rows.safetyProfile,
    opioidMonitoring: rows.opioidMonitoring,
    safetyResponses: rows.safetyResponses,
  };
}
