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
  const where = and(eq(careTeamMembers.userId, q.userId), term ? sql`${patients.id} in (${matchingPatientIds(term, q.userId)})` : undefined);
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
 * Past this many patients of the whole clinic whose name holds the term, the name is matched along
 * the member's own summary rows instead (a caseload's names, read from one index range): each of the
 * clinic's matches costs a row read and a check against the care team, and a common name at 100,000
 * patients has hundreds, of which a caseload of 1,000 holds a few.
 */
export const commonNameMatches = 32;

/**
 * The patients of this member's care teams whose name or MRN contains the term, in any case, as one
 * id list of index reads (the caller joins it with the care team, which stays the access rule).
 *
 * Names: "given family" holds the given and the family name, so one trigram-indexed expression
 * answers all three. The clinic's matches are read up to `commonNameMatches` + 1; a rarer name is
 * answered by them. A commoner one is matched on the member's summary rows, which carry the names
 * (copied with the care team in the same transaction as every change through the API): one pass
 * over the member's name index that also counts the rows, compared with the care team's count —
 * when the two differ (rows changed outside the API), the care team's own patients are matched
 * instead. Each part is read once, and only when needed; "contains, in any case" is
 * `strpos(lower(…), lower(term))` on the member's rows, what ILIKE '%term%' tests (the term lowered
 * once, no pattern to escape).
 *
 * MRNs: an MRN contains the term only if it is at least as long: while no MRN is longer than the
 * term, the MRNs that contain it are the one equal to it, found on the (lower-case) MRN's btree; only
 * when a longer one exists is the MRN's trigram index read (its common trigrams, such as the clinic's
 * MRN prefix, list every patient). Which of the two is decided once per query, by the longest MRN
 * (the end of the length index).
 */
function matchingPatientIds(term: string, userId: string) {
  const pattern = `%${escapeLike(term)}%`;
  return sql`with clinic_names as materialized (
      select id from patients where (given_name || ' ' || family_name) ilike ${pattern} limit ${commonNameMatches + 1}
    ),
    common as materialized (select count(*) > ${commonNameMatches} as yes from clinic_names),
    member as materialized (
      select count(*) as listed,
        array_agg(patient_id) filter (where strpos(lower(given_name || ' ' || family_name), lower(${term})) > 0) as ids,
        (select count(*) from care_team_members where user_id = ${userId}) as team
      from patient_summary_members where user_id = ${userId}
    )
    select id from clinic_names where not (select yes from common)
    union all select unnest(ids) from member where (select yes from common) and listed = team
    union all select m.patient_id from care_team_members m join patients mp on mp.id = m.patient_id
      where m.user_id = ${userId} and strpos(lower(mp.given_name || ' ' || mp.family_name), lower(${term})) > 0
        and (select yes from common) and (select listed <> team from member)
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
 * sorts the care team itself. Both counts come with the page's rows (one statement); a page past
 * the end, having no rows, reads them on their own.
 */
async function pageMembersByName(db: DbOrTx, q: PatientListQuery) {
  const sm = patientSummaryMembers;
  const rows = await db
    .select({
      ...patientListColumns,
      myRole: sm.role,
      team: sql<number>`(select count(*) from ${careTeamMembers} where ${careTeamMembers.userId} = ${q.userId})`.mapWith(Number),
      listed: sql<number>`(select count(*) from ${sm} where ${sm.userId} = ${q.userId})`.mapWith(Number),
    })
    .from(sm)
    .innerJoin(patients, eq(patients.id, sm.patientId))
    .where(eq(sm.userId, q.userId))
    .orderBy(asc(sm.familyName), asc(sm.givenName), asc(sm.patientId))
    .limit(q.limit)
    .offset(q.offset);
  const counts = rows[0] ?? (await memberCounts(db, q.userId));
  if (counts.team !== counts.listed) return undefined;
  return { items: rows.map(({ team: _t, listed: _l, ...r }) => r), total: counts.team };
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
