import { and, asc, eq, getTableColumns, gt, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import {
  flagsForRole,
  summarizePatient,
  summaryRulesVersion,
  summaryValidUntil,
  type ClinicalRole,
  type Flag,
  type FlagCode,
  type PatientSummaryValues,
  type SummaryInput,
  type SummaryView,
  worklistKey,
} from "@stepwise/domain";
import type { DbOrTx } from "../client";
import { appointments, careTeamMembers, patients, patientSummaries, patientSummaryMembers } from "../schema";
import { loadCurrentPlanRows } from "./plan-window";
import { loadPlanRowsFor } from "./record";
import { patientListColumns } from "./patients";

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

/**
 * Up to this many patients (a write's), a refresh reads each one's plan window, whose cost does not
 * grow with the history; more (a day's stale caseload, a rebuild) are read whole and together, in a
 * fixed number of statements. The summary is the same either way: the window holds every row the
 * rules read (plan-window.ts), which the history tests check against the whole record.
 */
const windowedRefreshMax = 4;

/** These patients' summary inputs, each from its plan window as it stands at `now`. */
export async function loadSummaryInputWindows(db: DbOrTx, patientIds: readonly string[], now: Date): Promise<Map<string, SummaryInput>> {
  const inputs = new Map<string, SummaryInput>();
  // One after the other: inside a transaction there is one connection to ask.
  for (const id of new Set(patientIds)) {
    const [{ rows }, visits] = await Promise.all([
      loadCurrentPlanRows(db, id, noViewer, now, undefined, false),
      db
        .select({ startsAt: appointments.startsAt, status: appointments.status, discipline: appointments.discipline })
        .from(appointments)
        .where(eq(appointments.patientId, id))
        .orderBy(asc(appointments.startsAt), asc(appointments.id)),
    ]);
    inputs.set(id, { ...rows, appointments: visits } satisfies SummaryInput);
  }
  return inputs;
}

/** Every patient's summary input, loaded together (a fixed number of queries for any number of patients). */
export async function loadSummaryInputs(db: DbOrTx, patientIds: readonly string[]): Promise<Map<string, SummaryInput>> {
  const ids = [...new Set(patientIds)];
  // One after the other: inside a transaction there is one connection to ask.
  const rows = await loadPlanRowsFor(db, ids, noViewer);
  const visits = ids.length
    ? await db
        .select({ patientId: appointments.patientId, startsAt: appointments.startsAt, status: appointments.status, discipline: appointments.discipline })
        .from(appointments)
        .where(inArray(appointments.patientId, ids))
        .orderBy(asc(appointments.startsAt), asc(appointments.id))
    : [];
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
/**
 * `listsChanged`, when given, receives the users whose list entry changed: a member row added or
 * removed, or its rank, flag count or codes no longer what they were (the old rows are compared
 * with the new ones), so that only their homes are told to re-read their list.
 */
export async function refreshPatientSummaries(tx: DbOrTx, patientIds: readonly string[], now: Date, listsChanged?: Set<string>): Promise<number> {
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
  const inputs = present.length <= windowedRefreshMax ? await loadSummaryInputWindows(tx, present, now) : await loadSummaryInputs(tx, present);
  const members = await tx
    .select({ patientId: careTeamMembers.patientId, userId: careTeamMembers.userId, role: careTeamMembers.role, familyName: patients.familyName, givenName: patients.givenName })
    .from(careTeamMembers)
    .innerJoin(patients, eq(patients.id, careTeamMembers.patientId))
    .where(inArray(careTeamMembers.patientId, present));
  const rows = present.map((id) => computeSummaryRow(id, inputs.get(id)!, now));
  const byId = new Map(rows.map((r) => [r.patientId, r]));
  await tx.insert(patientSummaries).values(rows).onConflictDoUpdate({ target: patientSummaries.patientId, set: replaceAll });
  const before = await tx
    .delete(patientSummaryMembers)
    .where(inArray(patientSummaryMembers.patientId, present))
    .returning({ userId: patientSummaryMembers.userId, patientId: patientSummaryMembers.patientId, rank: patientSummaryMembers.rank, flagCount: patientSummaryMembers.flagCount, codes: patientSummaryMembers.codes });
  const after = members.map((m) => memberRow(m, byId.get(m.patientId)!));
  if (after.length > 0) await tx.insert(patientSummaryMembers).values(after);
  if (listsChanged) {
    type Entry = { userId: string; patientId: string; rank?: number | null; flagCount?: number; codes?: readonly string[] | null };
    const place = (e: Entry) => `${e.rank ?? ""} ${e.flagCount ?? 0} ${(e.codes ?? []).join(",")}`;
    const old = new Map(before.map((e) => [`${e.userId} ${e.patientId}`, place(e)]));
    for (const e of after as Entry[]) {
      const key = `${e.userId} ${e.patientId}`;
      if (old.get(key) !== place(e)) listsChanged.add(e.userId);
      old.delete(key);
    }
    for (const key of old.keys()) listsChanged.add(key.slice(0, key.indexOf(" ")));
  }
  return rows.length;
}

/** A member's place on their list: the summary's flags as they reach this member (flagsForRole, their role and id). */
function memberRow(m: { patientId: string; userId: string; role: ClinicalRole; familyName: string; givenName: string }, s: SummaryRow): typeof patientSummaryMembers.$inferInsert {
  const key = worklistKey(flagsForRole(s.flags ?? [], m.role, m.userId), m.role);
  return {
    userId: m.userId,
    patientId: m.patientId,
    role: m.role,
    rank: key.rank,
    flagCount: key.count,
    codes: key.codes,
    familyName: m.familyName,
    givenName: m.givenName,
    hasSessions: (s.attended30d ?? 0) > 0,
    hasClearances: (s.pendingClearances ?? 0) > 0,
    rulesVersion: s.rulesVersion!,
    computedAt: s.computedAt!,
    validUntil: s.validUntil!,
  };
}

/** The current rules version's key, as the server derives it for `rules_key` (a generated column). */
const currentRulesKey = sql<bigint>`hashtextextended(${summaryRulesVersion}::text, 0)`;

/**
 * Patients of this user's care teams whose summary is missing, from other rules, or no longer true
 * at `now`, read from the user's own rows (index probes: the rules version by its key); a care team
 * changed outside the API (rows added or removed directly) shows as a count that differs, and only
 * then is it compared.
 */
export async function staleSummaryIdsFor(db: DbOrTx, userId: string, now: Date): Promise<string[]> {
  const sm = patientSummaryMembers;
  const staleIds = db
    .select({ id: sql`${sm.patientId}::text` })
    .from(sm)
    .where(
      and(
        eq(sm.userId, userId),
        // Four index ranges, each empty on the usual call: a key below or above the current
        // rules' (another version), the current key computed after now, and validity passed.
        or(
          lt(sm.rulesKey, currentRulesKey),
          gt(sm.rulesKey, currentRulesKey),
          and(eq(sm.rulesKey, currentRulesKey), gt(sm.computedAt, now)),
          lte(sm.validUntil, now),
        ),
      ),
    );
  // One statement: the stale rows' ids and both counts (each from an index alone).
  const [row] = await db
    .select({
      stale: sql<string[]>`array(${staleIds})`,
      team: sql<number>`(select count(*) from ${careTeamMembers} where ${careTeamMembers.userId} = ${userId})`.mapWith(Number),
      listed: sql<number>`(select count(*) from ${sm} where ${sm.userId} = ${userId})`.mapWith(Number),
    })
    .from(sql`(select 1) as one`);
  const ids = new Set(row?.stale ?? []);
  if (row?.team !== row?.listed) {
    const [missing, orphaned] = await Promise.all([
      db
        .select({ id: careTeamMembers.patientId })
        .from(careTeamMembers)
        .leftJoin(patientSummaryMembers, and(eq(patientSummaryMembers.userId, careTeamMembers.userId), eq(patientSummaryMembers.patientId, careTeamMembers.patientId)))
        .where(and(eq(careTeamMembers.userId, userId), isNull(patientSummaryMembers.patientId))),
      db
        .select({ id: patientSummaryMembers.patientId })
        .from(patientSummaryMembers)
        .leftJoin(careTeamMembers, and(eq(patientSummaryMembers.userId, careTeamMembers.userId), eq(patientSummaryMembers.patientId, careTeamMembers.patientId)))
        .where(and(eq(patientSummaryMembers.userId, userId), isNull(careTeamMembers.patientId))),
    ]);
    for (const r of [...missing, ...orphaned]) ids.add(r.id);
  }
  return [...ids];
}

/** Recomputed a batch at a time, each batch one transaction. */
const refreshBatch = 500;

/** Brings this user's summaries up to `now` (the first read of a clinic day recomputes what the day changed). */
export async function refreshStaleSummariesFor(db: DbOrTx, userId: string, now: Date): Promise<number> {
  return refreshSummariesInBatches(db, await staleSummaryIdsFor(db, userId, now), now);
}

/** Recomputes these patients' summaries, a batch per transaction. */
export async function refreshSummariesInBatches(db: DbOrTx, patientIds: readonly string[], now: Date): Promise<number> {
  for (let i = 0; i < patientIds.length; i += refreshBatch) {
    const batch = patientIds.slice(i, i + refreshBatch);
    await db.transaction((tx) => refreshPatientSummaries(tx, batch, now));
  }
  return patientIds.length;
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

export interface SummaryPageQuery {
  userId: string;
  view: SummaryView;
  offset: number;
  limit: number;
}

const sm = patientSummaryMembers;

function viewFilter(view: SummaryView): SQL | undefined {
  switch (view) {
    case "flagged":
      return isNotNull(sm.rank);
    case "sessions":
      return eq(sm.hasSessions, true);
    case "clearances":
      return eq(sm.hasClearances, true);
    default:
      return undefined;
  }
}

/**
 * One page of the user's patients in the view's order, read along the user's own index: rank
 * (safety first), more flags first, then name and id so that the order is total and pages neither
 * repeat nor skip anyone. Only the page's rows touch the summaries and the patients.
 */
export async function pageSummariesFor(db: DbOrTx, q: SummaryPageQuery) {
  const byName = [asc(sm.familyName), asc(sm.givenName), asc(sm.patientId)];
  const order = q.view === "worklist" || q.view === "flagged" ? [sql`${sm.rank} asc nulls last`, sql`${sm.flagCount} desc nulls last`, ...byName] : byName;
  const rows = await db
    .select({
      ...patientListColumns,
      myRole: sm.role,
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
    })
    .from(sm)
    .innerJoin(patientSummaries, eq(patientSummaries.patientId, sm.patientId))
    .innerJoin(patients, eq(patients.id, sm.patientId))
    .where(and(eq(sm.userId, q.userId), viewFilter(q.view)))
    .orderBy(...order)
    .limit(q.limit)
    .offset(q.offset);
  return rows.map((r) => ({
    ...r,
    flags: r.flags.map(reviveFlag),
    latestScores: Object.fromEntries(Object.entries(r.latestScores).map(([k, v]) => [k, { score: v.score, at: new Date(v.at) }])) as PatientSummaryValues["latestScores"],
    clearances: r.clearances.map((c) => ({ ...c, requestedAt: new Date(c.requestedAt) })),
    sessions: r.sessions.map((x) => ({ ...x, sessionDate: new Date(x.sessionDate) })),
  }));
}

/** How many of the user's patients each view holds, and how many carry each flag (from the user's own rows). */
export async function countSummariesFor(db: DbOrTx, userId: string) {
  const codes = db
    .select({ code: sql<FlagCode>`unnest(${sm.codes})`.as("code") })
    .from(sm)
    .where(eq(sm.userId, userId))
    .as("codes");
  const [[totals], byCode] = await Promise.all([
    db
      .select({
        total: sql<number>`count(*)`.mapWith(Number),
        flagged: sql<number>`count(${sm.rank})`.mapWith(Number),
        sessions: sql<number>`count(*) filter (where ${sm.hasSessions})`.mapWith(Number),
        clearances: sql<number>`count(*) filter (where ${sm.hasClearances})`.mapWith(Number),
      })
      .from(sm)
      .where(eq(sm.userId, userId)),
    db.select({ code: codes.code, patients: sql<number>`count(*)`.mapWith(Number) }).from(codes).groupBy(codes.code),
  ]);
  return {
    total: totals?.total ?? 0,
    flagged: totals?.flagged ?? 0,
    sessions: totals?.sessions ?? 0,
    clearances: totals?.clearances ?? 0,
    byCode: Object.fromEntries(byCode.map((c) => [c.code, c.patients])) as Partial<Record<FlagCode, number>>,
  };
}

/** The number of patients a view lists, from the counts. */
export function viewTotal(counts: Awaited<ReturnType<typeof countSummariesFor>>, view: SummaryView): number {
  return view === "worklist" ? counts.total : counts[view];
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

/** Every member's stored place, with the care team it should mirror (for comparison with a recomputation). */
export async function storedSummaryMembers(db: DbOrTx) {
  const [members, team] = await Promise.all([
    db.select().from(patientSummaryMembers).orderBy(asc(patientSummaryMembers.patientId), asc(patientSummaryMembers.userId)),
    db.select({ patientId: careTeamMembers.patientId, userId: careTeamMembers.userId, role: careTeamMembers.role }).from(careTeamMembers).orderBy(asc(careTeamMembers.patientId), asc(careTeamMembers.userId)),
  ]);
  return { members, team };
}

/** One key for the clinic-wide keeper, so that only one instance at a time recomputes a batch. */
const keeperLock = 0x5e_55_0008;

/**
 * Recomputes a batch of summaries whose time has passed (valid_until ≤ now), clinic-wide, oldest
 * first along the valid_until index: run by each server on a timer, so the homes read at the start
 * of a clinic day find them already current. Another instance holding the batch lock skips its turn.
 */
export async function refreshDueSummaries(db: DbOrTx, now: Date, limit = refreshBatch, listsChanged?: Set<string>): Promise<number> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.select({ got: sql<boolean>`pg_try_advisory_xact_lock(${keeperLock})` }).from(sql`(select 1) as one`);
    if (!lock?.got) return 0;
    const due = await tx
      .select({ id: patientSummaries.patientId })
      .from(patientSummaries)
      .where(lte(patientSummaries.validUntil, now))
      .orderBy(asc(patientSummaries.validUntil))
      .limit(limit);
    return refreshPatientSummaries(
      tx,
      due.map((d) => d.id),
      now,
      listsChanged,
    );
  });
}
