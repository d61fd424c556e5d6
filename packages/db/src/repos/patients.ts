import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { careTeamMembers, patients, patientSummaryMembers, users } from "../schema";

export type PatientRow = typeof patients.$inferSelect;
export type CareTeamMemberRow = typeof careTeamMembers.$inferSelect;

/**
 * The caller's place on the patient's team, with the patient's date of birth: the gate needs it to
 * check clinical dates, and reads it in the same query rather than a second one per request.
 */
export async function findMembership(db: DbOrTx, patientId: string, userId: string) {
  const [row] = await db
    .select({ ...getTableColumns(careTeamMembers), patientBirthDate: patients.dateOfBirth })
    .from(careTeamMembers)
    .innerJoin(patients, eq(patients.id, careTeamMembers.patientId))
    .where(and(eq(careTeamMembers.patientId, patientId), eq(careTeamMembers.userId, userId)))
    .limit(1);
  return row;
}

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export interface PatientListQuery {
  userId: string;
  search?: string;
  limit: number;
  offset: number;
}

/** The caller's own patients only: the join on care_team_members is the access rule. */
/** What a list shows of each patient: identity and condition, no clinical record. */
export const patientListColumns = {
  id: patients.id,
  mrn: patients.mrn,
  givenName: patients.givenName,
  familyName: patients.familyName,
  dateOfBirth: patients.dateOfBirth,
  sex: patients.sex,
  primaryCondition: patients.primaryCondition,
};

export async function listPatientsForMember(db: DbOrTx, q: PatientListQuery) {
  const term = q.search?.trim();
  if (!term) {
    const page = await pageMembersByName(db, q);
    if (page) return page;
  }
  const where = and(eq(careTeamMembers.userId, q.userId), term ? sql`${patients.id} in (${matchingPatientIds(term)})` : undefined);
  const rows = await db
    .select({
      ...patientListColumns,
      myRole: careTeamMembers.role,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(careTeamMembers)
    .innerJoin(patients, eq(patients.id, careTeamMembers.patientId))
    .where(where)
    .orderBy(asc(patients.familyName), asc(patients.givenName), asc(patients.id))
    .limit(q.limit)
    .offset(q.offset);
  return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0 };
}

/**
 * The patients whose name or MRN contains the term, in any case, as one id list of index reads.
 * "given family" holds the given and the family name, so one trigram-indexed expression answers all
 * three. An MRN contains the term only if it is at least as long: while no MRN is longer than the
 * term, the MRNs that contain it are the one equal to it, found on the (lower-case) MRN's btree; only
 * when a longer one exists is the MRN's trigram index read (its common trigrams, such as the clinic's
 * MRN prefix, list every patient). Which of the two is decided once per query, by the longest MRN (the end of the length index).
 */
function matchingPatientIds(term: string) {
  const pattern = `%${escapeLike(term)}%`;
  return sql`select id from patients where (given_name || ' ' || family_name) ilike ${pattern}
    union all select id from patients where lower(mrn) = lower(${term})
    union all select id from patients where mrn ilike ${pattern} and (select max(length(mrn)) from patients) > length(${term})`;
}

/** How many patients the member's care teams hold, and how many summary rows the member has: one statement. */
async function memberCounts(db: DbOrTx, userId: string): Promise<{ team: number; listed: number }> {
  const [row] = await db
    .select({
      team: sql<number>`(select count(*) from ${careTeamMembers} where ${careTeamMembers.userId} = ${userId})`.mapWith(Number),
      listed: sql<number>`(select count(*) from ${patientSummaryMembers} where ${patientSummaryMembers.userId} = ${userId})`.mapWith(Number),
    })
    .from(sql`(select 1) as one`);
  return { team: row?.team ?? 0, listed: row?.listed ?? 0 };
}

/**
 * A page of the member's whole list in name order, read along the member's own rows of the patient
 * summaries (an index in that order), so a page costs the same for 40 patients as for 2,000. Those
 * rows follow the care team in the same transaction as every change through the API; when their
 * count differs from the team's (rows changed outside it) there is no page here, and the caller
 * sorts the care team itself.
 */
async function pageMembersByName(db: DbOrTx, q: PatientListQuery) {
  const sm = patientSummaryMembers;
  const [counts, rows] = await Promise.all([
    memberCounts(db, q.userId),
    db
      .select({ ...patientListColumns, myRole: sm.role })
      .from(sm)
      .innerJoin(patients, eq(patients.id, sm.patientId))
      .where(eq(sm.userId, q.userId))
      .orderBy(asc(sm.familyName), asc(sm.givenName), asc(sm.patientId))
      .limit(q.limit)
      .offset(q.offset),
  ]);
  if (counts.team !== counts.listed) return undefined;
  return { items: rows, total: counts.team };
}

export async function getPatientWithTeam(db: DbOrTx, patientId: string) {
  const [patient] = await db.select().from(patients).where(eq(patients.id, patientId));
  if (!patient) return undefined;
  const team = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: careTeamMembers.role,
      isLead: careTeamMembers.isLead,
    })
    .from(careTeamMembers)
    .innerJoin(users, eq(users.id, careTeamMembers.userId))
    .where(eq(careTeamMembers.patientId, patientId))
    .orderBy(asc(careTeamMembers.role), asc(users.name));
  return { patient, team };
}
