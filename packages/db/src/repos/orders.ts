import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { medications, procedures, psychClearances } from "../schema";

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
