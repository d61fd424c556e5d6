import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { RowConflictError } from "../errors";
import { safetyProfiles } from "../schema";

export type SafetyProfileRow = typeof safetyProfiles.$inferSelect;

/** The patient's one safety profile (§6.4), or null while nobody has recorded it. */
export async function findSafetyProfile(db: DbOrTx, patientId: string): Promise<SafetyProfileRow | null> {
  const [row] = await db.select().from(safetyProfiles).where(eq(safetyProfiles.patientId, patientId)).limit(1);
  return row ?? null;
}

/**
 * The first save creates the profile. Two first saves racing: one inserts, the other gets CONFLICT
 * with the profile as it now stands (the unique index on patient decides, not a read before).
 */
export async function createSafetyProfile(db: DbOrTx, values: typeof safetyProfiles.$inferInsert): Promise<SafetyProfileRow> {
  const [row] = await db.insert(safetyProfiles).values(values).onConflictDoNothing({ target: safetyProfiles.patientId }).returning();
  if (row) return row;
  throw new RowConflictError("safety profile", { current: await findSafetyProfile(db, values.patientId) });
}
