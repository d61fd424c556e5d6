import { and, asc, eq, getTableColumns, gt, inArray, isNull, lte, ne, or, sql, type SQL } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import {
  summarizePatient,
  summaryRulesVersion,
  summaryValidUntil,
  type ClinicalRole,
  type Flag,
  type FlagCode,
  type PatientSummaryValues,
  type SummaryInput,
  type SummaryView,
} from "@stepwise/domain";
import type { DbOrTx } from "../client";
import { appointments, careTeamMembers, patients, patientSummaries } from "../schema";
import { loadPlanRowsFor } from "./record";

/** Summaries read no one's private notes: no user has this id, so only shared rows load. */
const noViewer = "00000000-0000-0000-0000-000000000000";

type SummaryRow = typeof patientSummaries.$inferInsert;

/** The row a summary is stored as: results only, each role's list key in its own columns. */
export function summaryRow(patientId: string, s: PatientSummaryValues, computedAt: Date, validUntil: Date): SummaryRow {
  return {
    patientId,
    rulesVersion: summaryRulesVersion,
    computedAt,
    validUntil,
    flags: s.flags,
    flagCodes: [...new Set(s.flags.map((f) => f.code))],
    ladder: s.ladder,
    currentStep: s.ladder.current,
    highestStep: s.ladder.highestReached,
    mme: s.mme,
    latestNrs: s.latestScores.nrs?.score ?? null,
    latestScores: s.latestScores,
    nextVisitAt: s.nextVisit?.startsAt ?? null,
    lastVisitAt: s.lastVisit?.startsAt ?? null,
    pendingClearances: s.pendingClearances.length,
    clearances: s.pendingClearances,
    sessions30d: s.sessions30d.length,
    attended30d: s.sessions30d.filter((x) => x.attendance === "attended").length,
    sessions: s.sessions30d,
    rankPhysician: s.keys.physician.rank,
    countPhysician: s.keys.physician.count,
    codesPhysician: s.keys.physician.codes,
    rankPsychologist: s.keys.psychologist.rank,
    countPsychologist: s.keys.psychologist.count,
    codesPsychologist: s.keys.psychologist.codes,
    rankPhysicalTherapist: s.keys.physical_therapist.rank,
    countPhysicalTherapist: s.keys.physical_therapist.count,
    codesPhysicalTherapist: s.keys.physical_therapist.codes,
    rankCoordinator: s.keys.coordinator.rank,
    countCoordinator: s.keys.coordinator.count,
    codesCoordinator: s.keys.coordinator.codes,
    ownerIds: Object.keys(s.ownerKeys),
    ownerKeys: s.ownerKeys,
  };
}

/** Every patient's summary input, loaded together (a fixed number of queries for any number of patients). */
export async function loadSummaryInputs(db: DbOrTx, patientIds: readonly string[]): Promise<Map<string, SummaryInput>> {
  const ids = [...new Set(patientIds)];
  const [rows, visits] = await Promise.all([
    loadPlanRowsFor(db, ids, noViewer),
    ids.length
      ? db
          .select({ patientId: appointments.patientId, startsAt: appointments.startsAt, status: appointments.status, discipline: appointments.discipline })
          .from(appointments)
          .where(inArray(appointments.patientId, ids))
      : Promise.resolve([]),
  ]);
  return new Map(
    ids.map((id) => {
      const r = rows.get(id)!;
      return [id, { ...r, actionItems: r.actionItems, appointments: visits.filter((v) => v.patientId === id) } satisfies SummaryInput];
    }),
  );
}

/** What the rules say about one patient at `now`, as a stored row. */
export function computeSummaryRow(patientId: string, input: SummaryInput, now: Date): SummaryRow {
  return summaryRow(patientId, summarizePatient(input, now), now, summaryValidUntil(input, now));
}

const summaryColumns = getTableColumns(patientSummaries);
const replaceAll = Object.fromEntries(
  Object.entries(summaryColumns)
    .filter(([key]) => key !== "patientId")
    .map(([key]) => [key, sql.raw(`excluded."${toSnakeCase(key)}"`)]),
) as Record<string, SQL>;

/**
 * Recomputes these patients' summaries from their rows, inside the caller's transaction. The rows
 * are locked before anything is read, so under READ COMMITTED the rows read afterwards include every
 * write committed before the lock: two writers for one patient cannot leave the older view stored.
 */
export async function refreshPatientSummaries(tx: DbOrTx, patientIds: readonly string[], now: Date): Promise<number> {
  const ids = [...new Set(patientIds)].sort();
  if (ids.length === 0) return 0;
  const existing = await tx.select({ id: patients.id }).from(patients).where(inArray(patients.id, ids));
  const present = existing.map((p) => p.id).sort();
  if (present.length === 0) return 0;
  await tx
    .insert(patientSummaries)
    .values(present.map((patientId) => ({ patientId })))
    .onConflictDoNothing();
  await tx.select({ id: patientSummaries.patientId }).from(patientSummaries).where(inArray(patientSummaries.patientId, present)).orderBy(asc(patientSummaries.patientId)).for("update");
  const inputs = await loadSummaryInputs(tx, present);
  const rows = present.map((id) => computeSummaryRow(id, inputs.get(id)!, now));
  await tx.insert(patientSummaries).values(rows).onConflictDoUpdate({ target: patientSummaries.patientId, set: replaceAll });
  return rows.length;
}

/** Patients of this user's care teams whose summary is missing, from other rules, or no longer true at `now`. */
export async function staleSummaryIdsFor(db: DbOrTx, userId: string, now: Date): Promise<string[]> {
  const rows = await db
    .select({ id: careTeamMembers.patientId })
    .from(careTeamMembers)
    .leftJoin(patientSummaries, eq(patientSummaries.patientId, careTeamMembers.patientId))
    .where(
      and(
        eq(careTeamMembers.userId, userId),
        or(isNull(patientSummaries.patientId), ne(patientSummaries.rulesVersion, summaryRulesVersion), lte(patientSummaries.validUntil, now), gt(patientSummaries.computedAt, now)),
      ),
    );
  return rows.map((r) => r.id);
}

/** Recomputed a batch at a time, each batch one transaction. */
const refreshBatch = 500;

/** Brings this user's summaries up to `now` (the first read of a clinic day recomputes what the day changed). */
export async function refreshStaleSummariesFor(db: DbOrTx, userId: string, now: Date): Promise<number> {
  const ids = await staleSummaryIdsFor(db, userId, now);
  for (let i = 0; i < ids.length; i += refreshBatch) {
    const batch = ids.slice(i, i + refreshBatch);
    await db.transaction((tx) => refreshPatientSummaries(tx, batch, now));
  }
  return ids.length;
}

/** Every patient's summary (the seed, a rules change, a repair), a batch per transaction. */
export async function refreshAllSummaries(db: DbOrTx, now: Date): Promise<number> {
  const all = await db.select({ id: patients.id }).from(patients).orderBy(asc(patients.id));
  for (let i = 0; i < all.length; i += refreshBatch) {
    const batch = all.slice(i, i + refreshBatch).map((p) => p.id);
    await db.transaction((tx) => refreshPatientSummaries(tx, batch, now));
  }
  return all.length;
}

const roleColumns = {
  physician: { rank: patientSummaries.rankPhysician, count: patientSummaries.countPhysician, codes: patientSummaries.codesPhysician },
  psychologist: { rank: patientSummaries.rankPsychologist, count: patientSummaries.countPsychologist, codes: patientSummaries.codesPsychologist },
  physical_therapist: { rank: patientSummaries.rankPhysicalTherapist, count: patientSummaries.countPhysicalTherapist, codes: patientSummaries.codesPhysicalTherapist },
  coordinator: { rank: patientSummaries.rankCoordinator, count: patientSummaries.countCoordinator, codes: patientSummaries.codesCoordinator },
} satisfies Record<ClinicalRole, unknown>;

/** The user's place keys: their role's columns, or the keys an owned flag gives them on this patient. */
function keysFor(userId: string, role: ClinicalRole) {
  const cols = roleColumns[role];
  const owned = sql`(${patientSummaries.ownerKeys} -> ${userId}::text -> ${role}::text)`;
  const mine = sql`${patientSummaries.ownerIds} @> array[${userId}::uuid]`;
  return {
    rank: sql<number | null>`(case when ${mine} and ${owned} is not null then (${owned} ->> 'rank')::float8 else ${cols.rank} end)`,
    count: sql<number>`(case when ${mine} and ${owned} is not null then (${owned} ->> 'count')::int else ${cols.count} end)`,
    codes: sql<FlagCode[]>`(case when ${mine} and ${owned} is not null then array(select jsonb_array_elements_text(${owned} -> 'codes')) else ${cols.codes} end)`,
  };
}


export interface SummaryPageQuery {
  userId: string;
  role: ClinicalRole;
  view: SummaryView;
  offset: number;
  limit: number;
}

function viewFilter(view: SummaryView, rank: SQL): SQL | undefined {
  switch (view) {
    case "flagged":
      return sql`${rank} is not null`;
    case "sessions":
      return gt(patientSummaries.attended30d, 0);
    case "clearances":
      return gt(patientSummaries.pendingClearances, 0);
    default:
      return undefined;
  }
}

/**
 * One page of the user's patients in the view's order, read from the summaries and the care team
 * only: the role's rank (safety first), more flags first, then name and id so that the order is
 * total and pages neither repeat nor skip anyone.
 */
export async function pageSummariesFor(db: DbOrTx, q: SummaryPageQuery) {
  const keys = keysFor(q.userId, q.role);
  const byName = [asc(patients.familyName), asc(patients.givenName), asc(patients.id)];
  const order = q.view === "worklist" || q.view === "flagged" ? [sql`${keys.rank} asc nulls last`, sql`${keys.count} desc`, ...byName] : byName;
  const rows = await db
    .select({
      id: patients.id,
      mrn: patients.mrn,
      givenName: patients.givenName,
      familyName: patients.familyName,
      dateOfBirth: patients.dateOfBirth,
      sex: patients.sex,
      primaryCondition: patients.primaryCondition,
      myRole: careTeamMembers.role,
      flags: patientSummaries.flags,
      ladder: patientSummaries.ladder,
      currentStep: patientSummaries.currentStep,
      highestStep: patientSummaries.highestStep,
      mme: patientSummaries.mme,
      latestNrs: patientSummaries.latestNrs,
      latestScores: patientSummaries.latestScores,
      nextVisitAt: patientSummaries.nextVisitAt,
      lastVisitAt: patientSummaries.lastVisitAt,
      clearances: patientSummaries.clearances,
      sessions: patientSummaries.sessions,
      computedAt: patientSummaries.computedAt,
      rulesVersion: patientSummaries.rulesVersion,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(careTeamMembers)
    .innerJoin(patientSummaries, eq(patientSummaries.patientId, careTeamMembers.patientId))
    .innerJoin(patients, eq(patients.id, careTeamMembers.patientId))
    .where(and(eq(careTeamMembers.userId, q.userId), viewFilter(q.view, keys.rank)))
    .orderBy(...order)
    .limit(q.limit)
    .offset(q.offset);
  return {
    total: rows[0]?.total ?? (q.offset > 0 ? await countView(db, q) : 0),
    items: rows.map(({ total: _total, ...r }) => ({
      ...r,
      flags: r.flags.map(reviveFlag),
      latestScores: Object.fromEntries(Object.entries(r.latestScores).map(([k, v]) => [k, { score: v.score, at: new Date(v.at) }])) as PatientSummaryValues["latestScores"],
      clearances: r.clearances.map((c) => ({ ...c, requestedAt: new Date(c.requestedAt) })),
      sessions: r.sessions.map((s) => ({ ...s, sessionDate: new Date(s.sessionDate) })),
    })),
  };
}

async function countView(db: DbOrTx, q: SummaryPageQuery): Promise<number> {
  const keys = keysFor(q.userId, q.role);
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(careTeamMembers)
    .innerJoin(patientSummaries, eq(patientSummaries.patientId, careTeamMembers.patientId))
    .where(and(eq(careTeamMembers.userId, q.userId), viewFilter(q.view, keys.rank)));
  return row?.n ?? 0;
}

/** How many of the user's patients the role's list holds, flagged, and with each flag. */
export async function countSummariesFor(db: DbOrTx, userId: string, role: ClinicalRole) {
  const keys = keysFor(userId, role);
  const mine = () =>
    db
      .select({ rank: sql<number | null>`${keys.rank}`.as("rank"), code: sql<FlagCode>`unnest(${keys.codes})`.as("code") })
      .from(careTeamMembers)
      .innerJoin(patientSummaries, eq(patientSummaries.patientId, careTeamMembers.patientId))
      .where(eq(careTeamMembers.userId, userId));
  const listed = db
    .select({ rank: sql<number | null>`${keys.rank}`.as("rank") })
    .from(careTeamMembers)
    .innerJoin(patientSummaries, eq(patientSummaries.patientId, careTeamMembers.patientId))
    .where(eq(careTeamMembers.userId, userId))
    .as("listed");
  const flagged = mine().as("flagged");
  const [totals, codes] = await Promise.all([
    db.select({ total: sql<number>`count(*)`.mapWith(Number), flagged: sql<number>`count(${listed.rank})`.mapWith(Number) }).from(listed),
    db.select({ code: flagged.code, patients: sql<number>`count(*)`.mapWith(Number) }).from(flagged).groupBy(flagged.code),
  ]);
  return {
    total: totals[0]?.total ?? 0,
    flagged: totals[0]?.flagged ?? 0,
    byCode: Object.fromEntries(codes.map((c) => [c.code, c.patients])) as Partial<Record<FlagCode, number>>,
  };
}

/** Flags as stored (JSON): their instants back to dates. */
function reviveFlag(flag: Flag): Flag {
  const ack = flag.acknowledgement;
  return ack ? { ...flag, acknowledgement: { ...ack, at: new Date(ack.at), contactedAt: new Date(ack.contactedAt) } } : flag;
}

/** The stored summaries of these patients, as stored (for comparison with a recomputation). */
export async function storedSummaries(db: DbOrTx, patientIds?: readonly string[]) {
  return db
    .select()
    .from(patientSummaries)
    .where(patientIds ? inArray(patientSummaries.patientId, [...patientIds]) : undefined)
    .orderBy(asc(patientSummaries.patientId));
}
