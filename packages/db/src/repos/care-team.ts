import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { careTeamMembers, patients } from "../schema";

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

/** The patients on this user's care teams, by name. */
export async function listPatientsOnTeamsOf(db: DbOrTx, memberId: string) {
  return db
    .select({ id: patients.id, name: sql<string>`${patients.givenName} || ' ' || ${patients.familyName}` })
    .from(careTeamMembers)
    .innerJoin(patients, eq(patients.id, careTeamMembers.patientId))
    .where(eq(careTeamMembers.userId, memberId))
    .orderBy(asc(patients.familyName), asc(patients.givenName), asc(patients.id));
}

/** Which of these users sit on the patient's care team. */
export async function teamMembersAmong(db: DbOrTx, patientId: string, userIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ userId: careTeamMembers.userId })
    .from(careTeamMembers)
    .where(and(eq(careTeamMembers.patientId, patientId), inArray(careTeamMembers.userId, ids)));
  return new Set(rows.map((r) => r.userId));
}
