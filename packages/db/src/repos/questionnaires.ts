import { and, asc, eq, sql } from "drizzle-orm";
import type { Instrument } from "@stepwise/domain";
import type { DbOrTx } from "../client";
import { RowConflictError, RowNotFoundError } from "../errors";
import { assessments, clinicSettings, procedureOutcomes, questionnaireSchedules } from "../schema";

export type QuestionnaireScheduleRow = typeof questionnaireSchedules.$inferSelect;
export type ClinicSettingRow = typeof clinicSettings.$inferSelect;

export async function listQuestionnaireSchedules(db: DbOrTx, patientId: string): Promise<QuestionnaireScheduleRow[]> {
  return db.select().from(questionnaireSchedules).where(eq(questionnaireSchedules.patientId, patientId)).orderBy(asc(questionnaireSchedules.instrument));
}

type ScheduleFields = { everyDays: number; startsOn: string; active: boolean };

/**
 * One schedule per patient and instrument. Creating one needs no version (a second creator racing
 * the first gets CONFLICT with the row that won); changing one is a compare-and-set on the version
 * the caller read — missing or stale, CONFLICT carries the schedule as it stands.
 */
export async function saveQuestionnaireSchedule(
  tx: DbOrTx,
  key: { patientId: string; instrument: Instrument; expectedVersion: number | undefined; actorId: string; now: Date },
  fields: ScheduleFields,
): Promise<{ row: QuestionnaireScheduleRow; created: boolean }> {
  const where = and(eq(questionnaireSchedules.patientId, key.patientId), eq(questionnaireSchedules.instrument, key.instrument));
  if (key.expectedVersion === undefined) {
    const [inserted] = await tx
      .insert(questionnaireSchedules)
      .values({ ...fields, patientId: key.patientId, instrument: key.instrument, createdBy: key.actorId, updatedBy: key.actorId, createdAt: key.now, updatedAt: key.now })
      .onConflictDoNothing({ target: [questionnaireSchedules.patientId, questionnaireSchedules.instrument] })
      .returning();
    if (inserted) return { row: inserted, created: true };
    const [current] = await tx.select().from(questionnaireSchedules).where(where);
    throw new RowConflictError("questionnaire schedule", { current });
  }
  const [updated] = await tx
    .update(questionnaireSchedules)
    .set({ ...fields, updatedBy: key.actorId, updatedAt: key.now, version: sql`${questionnaireSchedules.version} + 1` })
    .where(and(where, eq(questionnaireSchedules.version, key.expectedVersion)))
    .returning();
  if (updated) return { row: updated, created: false };
  const [current] = await tx.select().from(questionnaireSchedules).where(where);
  if (!current) throw new RowNotFoundError("questionnaire schedule");
  throw new RowConflictError("questionnaire schedule", { current });
}

/** When each instrument was answered, every source, oldest first: what the schedules count as done. */
export async function listAnswerTimes(db: DbOrTx, patientId: string): Promise<{ instrument: Instrument; administeredAt: Date }[]> {
  return db
    .select({ instrument: assessments.instrument, administeredAt: assessments.administeredAt })
    .from(assessments)
    .where(eq(assessments.patientId, patientId))
    .orderBy(asc(assessments.administeredAt));
}

/** Every outcome point of the patient's procedures, oldest first: what the follow-ups and diaries read. */
export async function listPatientOutcomes(db: DbOrTx, patientId: string): Promise<(typeof procedureOutcomes.$inferSelect)[]> {
  return db.select().from(procedureOutcomes).where(eq(procedureOutcomes.patientId, patientId)).orderBy(asc(procedureOutcomes.assessedAt), asc(procedureOutcomes.id));
}

export async function findClinicSetting(db: DbOrTx, key: string): Promise<ClinicSettingRow | undefined> {
  const [row] = await db.select().from(clinicSettings).where(eq(clinicSettings.key, key)).limit(1);
  return row;
}

/** Versioned like every shared edit: a first save needs no version, a change needs the one read. */
export async function saveClinicSetting(tx: DbOrTx, key: { key: string; expectedVersion: number | undefined; actorId: string; now: Date }, value: unknown): Promise<ClinicSettingRow> {
  if (key.expectedVersion === undefined) {
    const [inserted] = await tx.insert(clinicSettings).values({ key: key.key, value, updatedBy: key.actorId, updatedAt: key.now }).onConflictDoNothing({ target: clinicSettings.key }).returning();
    if (inserted) return inserted;
  } else {
    const [updated] = await tx
      .update(clinicSettings)
      .set({ value, updatedBy: key.actorId, updatedAt: key.now, version: sql`${clinicSettings.version} + 1` })
      .where(and(eq(clinicSettings.key, key.key), eq(clinicSettings.version, key.expectedVersion)))
      .returning();
    if (updated) return updated;
  }
  const current = await findClinicSetting(tx, key.key);
  if (!current) throw new RowNotFoundError("clinic setting");
  throw new RowConflictError("clinic setting", { current });
}
