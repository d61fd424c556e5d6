import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { careTeamMembers } from "../schema";

export async function addCareTeamMember(db: DbOrTx, member: typeof careTeamMembers.$inferInsert) {
  const [row] = await db.insert(careTeamMembers).values(member).onConflictDoNothing().returning();
  return row;
}

export async function removeCareTeamMember(db: DbOrTx, patientId: string, userId: string) {
  const [row] = await db
    .delete(careTeamMembers)
    .where(and(eq(careTeamMembers.patientId, patientId), eq(careTeamMembers.userId, userId)))
    .returning();
  return row;
}

/** Exactly one lead per patient: clearing the others and setting this one happen together. */
export async function setCareTeamLead(db: DbOrTx, patientId: string, userId: string) {
  await db.update(careTeamMembers).set({ isLead: false }).where(eq(careTeamMembers.patientId, patientId));
  const [row] = await db
    .update(careTeamMembers)
    .set({ isLead: true })
    .where(and(eq(careTeamMembers.patientId, patientId), eq(careTeamMembers.userId, userId)))
    .returning();
  return row;
}
