import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { RowConflictError } from "../errors";
import { procedureOutcomes } from "../schema";

export type ProcedureOutcomeRow = typeof procedureOutcomes.$inferSelect;

/** One order's outcome series (§6.7), earliest assessment first. */
export async function listOutcomesOfProcedure(db: DbOrTx, patientId: string, procedureId: string): Promise<ProcedureOutcomeRow[]> {
  return db
    .select()
    .from(procedureOutcomes)
    .where(and(eq(procedureOutcomes.patientId, patientId), eq(procedureOutcomes.procedureId, procedureId)))
    .orderBy(asc(procedureOutcomes.assessedAt), asc(procedureOutcomes.id));
}

/**
 * The first entry for a time point. Two first entries racing: one inserts, the other gets CONFLICT
 * with the point as it now stands (the unique index on procedure + time point decides).
 */
export async function insertOutcomeOnce(db: DbOrTx, values: typeof procedureOutcomes.$inferInsert): Promise<ProcedureOutcomeRow> {
  const [row] = await db.insert(procedureOutcomes).values(values).onConflictDoNothing({ target: [procedureOutcomes.procedureId, procedureOutcomes.timePoint] }).returning();
  if (row) return row;
  const [current] = await db
    .select()
    .from(procedureOutcomes)
    .where(and(eq(procedureOutcomes.procedureId, values.procedureId), eq(procedureOutcomes.timePoint, values.timePoint)));
  throw new RowConflictError("procedure outcome", { current });
}
