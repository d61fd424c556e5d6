import { asc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { careTeamMembers, patients, users } from "../schema/core";

/** A patient's row and care team, as a FHIR export names them (Patient, CareTeam). */
export interface PatientWithTeam {
  patient: typeof patients.$inferSelect;
  team: { userId: string; name: string; role: (typeof careTeamMembers.$inferSelect)["role"]; isLead: boolean; since: Date }[];
}

/** These patients with their care teams, in two queries whatever their number; absent ids are absent from the map. */
export async function loadPatientsWithTeams(db: DbOrTx, patientIds: readonly string[]): Promise<Map<string, PatientWithTeam>> {
  const out = new Map<string, PatientWithTeam>();
  if (patientIds.length === 0) return out;
  const ids = [...new Set(patientIds)];
  const [rows, members] = await Promise.all([
    db.select().from(patients).where(inArray(patients.id, ids)),
    db
      .select({ patientId: careTeamMembers.patientId, userId: users.id, name: users.name, role: careTeamMembers.role, isLead: careTeamMembers.isLead, since: careTeamMembers.createdAt })
      .from(careTeamMembers)
      .innerJoin(users, eq(users.id, careTeamMembers.userId))
      .where(inArray(careTeamMembers.patientId, ids))
      .orderBy(asc(careTeamMembers.role), asc(users.name)),
  ]);
  for (const patient of rows) out.set(patient.id, { patient, team: [] });
  for (const { patientId, ...member } of members) out.get(patientId)?.team.push(member);
  return out;
}
