import { asc, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { assessments, medications, opioidMonitoring, planItems, problems, procedureOutcomes, procedures, psychClearances, safetyProfiles, safetyResponses, therapySessions } from "../schema";

// One patient's orders, each list on its own: the lists and forms that show only procedures,
// clearances or medications should not load the whole plan (loadPlanRows) to do it.

/** Newest order first. */
export async function listProcedureOrders(db: DbOrTx, patientId: string): Promise<(typeof procedures.$inferSelect)[]> {
  return db.select().from(procedures).where(eq(procedures.patientId, patientId)).orderBy(desc(procedures.createdAt), desc(procedures.id));
}

/** Newest request first. */
export async function listPsychClearances(db: DbOrTx, patientId: string): Promise<(typeof psychClearances.$inferSelect)[]> {
  return db
    .select()
    .from(psychClearances)
    .where(eq(psychClearances.patientId, patientId))
    .orderBy(desc(psychClearances.requestedAt), desc(psychClearances.id));
}

/** Most recently started first, stopped ones included (the MME total counts active rows only). */
export async function listPatientMedications(db: DbOrTx, patientId: string): Promise<(typeof medications.$inferSelect)[]> {
  return db
    .select()
    .from(medications)
    .where(eq(medications.patientId, patientId))
    .orderBy(desc(medications.startedAt), desc(medications.id));
}

/**
 * The rows the candidacy checklist reads (the domain's PatientRecord), one query after another:
 * safe inside a transaction, where a connection runs one query at a time — so a checklist can be
 * judged on the same snapshot as the write it guards. loadPlanRows is the parallel, whole-plan read.
 */
export async function loadCandidacyRecord(db: DbOrTx, patientId: string) {
  const problemRows = await db.select().from(problems).where(eq(problems.patientId, patientId)).orderBy(asc(problems.createdAt));
  const itemRows = await db.select().from(planItems).where(eq(planItems.patientId, patientId)).orderBy(asc(planItems.createdAt));
  const sessionRows = await db.select().from(therapySessions).where(eq(therapySessions.patientId, patientId)).orderBy(asc(therapySessions.sessionDate));
  const assessmentRows = await db.select().from(assessments).where(eq(assessments.patientId, patientId)).orderBy(asc(assessments.administeredAt));
  const procedureRows = await listProcedureOrders(db, patientId);
  const clearanceRows = await listPsychClearances(db, patientId);
  const medicationRows = await listPatientMedications(db, patientId);
  const outcomeRows = await db.select().from(procedureOutcomes).where(eq(procedureOutcomes.patientId, patientId)).orderBy(asc(procedureOutcomes.assessedAt));
  const [profile] = await db.select().from(safetyProfiles).where(eq(safetyProfiles.patientId, patientId));
  const monitoringRows = await db.select().from(opioidMonitoring).where(eq(opioidMonitoring.patientId, patientId)).orderBy(asc(opioidMonitoring.performedAt));
  const responseRows = await db.select().from(safetyResponses).where(eq(safetyResponses.patientId, patientId)).orderBy(asc(safetyResponses.contactedAt));
  return {
    problems: problemRows,
    planItems: itemRows,
    therapySessions: sessionRows,
    assessments: assessmentRows,
    procedures: procedureRows,
    clearances: clearanceRows,
    medications: medicationRows,
    procedureOutcomes: outcomeRows,
    safetyProfile: profile ?? null,
    opioidMonitoring: monitoringRows,
    safetyResponses: responseRows,
  };
}
