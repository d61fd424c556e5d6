import {
  flagHistoryWindow,
  instruments,
  isOutcomeSeriesChased,
  ladderPolicy,
  ladderPosition,
  monitoringKinds,
  notImprovingInstruments,
  outcomeChaseHorizonDays,
  outcomePointWindows,
  planWindow,
  procedureTypesByStep,
  type ClinicPolicy,
  type Instrument,
} from "@stepwise/domain";
import { and, asc, desc, eq, getTableColumns, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../client";
import {
  actionItems,
  assessments,
  carePlans,
  goals,
  medications,
  opioidMonitoring,
  planItems,
  procedureOutcomes,
  problems,
  procedures,
  psychClearances,
  psychNotes,
  safetyProfiles,
  safetyResponses,
  therapySessions,
  users,
} from "../schema";
import { visiblePsychNotes, type PlanRows } from "./record";

/** How much history lies behind the plan's latest rows: the plan shows the counts, the rest pages in. */
export interface PlanHistoryCounts {
  therapySessions: number;
  noShows: number;
  assessments: number;
  psychNotes: number;
  medications: number;
  opioidMonitoring: number;
  safetyResponses: number;
  actionItems: number;
  planItems: number;
  procedures: number;
}

const byId = <T extends { id: string }>(...lists: T[][]): T[] => {
  const seen = new Map<string, T>();
  for (const list of lists) for (const row of list) if (!seen.has(row.id)) seen.set(row.id, row);
  return [...seen.values()];
};
const time = (d: Date | null | undefined) => d?.getTime() ?? 0;

/** `id in (…)` for the latest row of each value of a column, each found by one indexed probe. */
function latestOfEach(table: "assessments" | "opioid_monitoring", column: string, values: readonly string[], patientId: string, atColumn: string, now: Date, extra: SQL = sql``): SQL {
  const probes = values.map(
    (v) =>
      sql`(select id from ${sql.identifier(table)} where patient_id = ${patientId} and ${sql.identifier(column)} = ${v} and ${sql.identifier(atColumn)} <= ${sql`${now.toISOString()}::timestamptz`} ${extra} order by ${sql.identifier(atColumn)} desc limit 1)`,
  );
  return sql.join(probes, sql` union all `);
}

/**
 * The latest performed order of each ladder step: "highest step reached" reads no more (§6.8). Each
 * step's latest is the latest of its types' latest, each found by one probe of the performed orders'
 * (patient, type, time) index: a step never reached costs no walk through the orders of the others.
 * One lateral probe over the list of types, so the statement plans one subquery, not one per type.
 */
function highestPerformed(patientId: string): SQL {
  const types = [...procedureTypesByStep()].flatMap(([step, list]) => list.map((t) => sql`(${t}::text, ${step}::int)`));
  return sql`(select distinct on (t.step) latest.id from (values ${sql.join(types, sql`, `)}) as t(procedure_type, step)
    cross join lateral (select id, performed_at from procedures where patient_id = ${patientId} and status = 'performed' and procedure_type = t.procedure_type order by performed_at desc limit 1) latest
    order by t.step, latest.performed_at desc)`;
}

/**
 * The diagnostic blocks that fix an open work-up (ladder-position.ts), while the span after the latest
 * performed block runs or an order proposed since then awaits its decision (else there is none): the
 * latest block, then from each block the earliest one within the work-up span before it. Consecutive
 * blocks stay within the span, so the rule walks back to the same first block as over every block;
 * the work-up is as long as the time it covers, not as the number of blocks in it.
 */
function workUpChain(patientId: string, now: Date): SQL {
  const span = `${ladderPolicy.workUpWeeks * 7} days`;
  const at = sql`${now.toISOString()}::timestamptz`;
  return sql`with recursive last_block as (
      select id, performed_at from procedures where patient_id = ${patientId} and diagnostic and status = 'performed' and performed_at <= ${at} order by performed_at desc limit 1
    ), chain(id, performed_at) as (
      (select id, performed_at from last_block where performed_at + ${span}::interval >= ${at}
        or exists (select 1 from procedures where patient_id = ${patientId} and status = 'proposed' and created_at >= last_block.performed_at))
      union all
      select prev.id, prev.performed_at from chain cross join lateral (
        select id, performed_at from procedures
        where patient_id = ${patientId} and diagnostic and status = 'performed' and performed_at < chain.performed_at and performed_at + ${span}::interval >= chain.performed_at
          -- The same bound a day wider, as a range of the index (the exact one is not: it adds to the column).
          and performed_at >= chain.performed_at - ${span}::interval - interval '1 day'
        order by performed_at asc limit 1
      ) prev
    ) select id from chain`;
}

/**
 * Performed orders whose outcome series may have a point due at `now` (outcomes.ts): a diagnostic
 * block without any diary point; any other order whose latest opened point (a day early, to be on
 * the safe side of day boundaries) and every later point are unrecorded. An order given its single
 * outcome before the series existed is not chased, nor one performed before the chase horizon (its
 * unrecorded points are missed): the orders looked at are one index range of the last months'
 * performed orders, however long the history.
 */
function openOutcomeSeries(patientId: string, now: Date): SQL {
  const windows = sql.join(
    outcomePointWindows().map((w) => sql`(${w.procedureType}::text, ${w.timePoint}::text, ${w.dueFromDays}::int, ${w.index}::int)`),
    sql`, `,
  );
  const at = sql`${now.toISOString()}::timestamptz`;
  return sql`with w(procedure_type, time_point, due_from_days, idx) as (values ${windows}),
    performed as (
      select p.id, p.procedure_type, p.diagnostic, p.performed_at from procedures p
      where p.patient_id = ${patientId} and p.status = 'performed'
        -- A day before the horizon, to be on the safe side of day boundaries (the rule counts calendar days).
        and p.performed_at >= ${at} - ${`${outcomeChaseHorizonDays() + 1} days`}::interval
        and not ((p.post_procedure_pain is not null or p.relief_percent is not null) and not exists (select 1 from procedure_outcomes o where o.procedure_id = p.id))
    ),
    opened as (
      select p.id, p.procedure_type, max(w.idx) as k from performed p
      join w on w.procedure_type = p.procedure_type and p.performed_at + ((w.due_from_days - 1) * interval '1 day') <= ${at}
      where not p.diagnostic
      group by p.id, p.procedure_type
    )
    select p.id from performed p where p.diagnostic and not exists (select 1 from procedure_outcomes o where o.procedure_id = p.id)
    union all
    select op.id from opened op where not exists (
      select 1 from procedure_outcomes o join w on w.procedure_type = op.procedure_type and w.time_point = o.time_point
      where o.procedure_id = op.id and w.idx >= op.k
    )`;
}

/**
 * One patient's plan as the team opens it (§ plan-window.ts in the domain): everything current,
 * the latest few rows of every series that grows with time, and every older row a flag rule reads
 * (the latest assessment, the latest scored assessment and the latest monitoring check of each kind, no-shows in the missed-sessions window,
 * the responses to the latest PHQ-9, the pain scores at the start of the current ladder step).
 * A fixed number of queries whatever the length of the history; `computeFlags` and `ladderPosition`
 * over these rows equal them over the whole record. `shown` holds the orders the plan shows (and
 * their outcomes): the rows also hold the earlier blocks of an open work-up, which the ladder reads.
 */
export async function loadCurrentPlanRows(
  db: DbOrTx,
  patientId: string,
  viewerId: string,
  now: Date,
  policy?: ClinicPolicy,
  /** The history's counts (the plan shows them; a summary does not need them). */
  withCounts = true,
): Promise<{ rows: PlanRows; counts: PlanHistoryCounts; shown: Pick<PlanRows, "procedures" | "procedureOutcomes"> }> {
  const { sessionsSince } = flagHistoryWindow(now, policy);
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  // The orders the plan shows: every open one, the latest few, the latest performed of each step
  // and every performed one whose outcome series may have a point due.
  // One id list from index ranges and probes: an OR of them read every order of the history.
  const onPlan = sql`${procedures.id} in ((select id from procedures where patient_id = ${patientId} and status in ('proposed', 'approved', 'scheduled'))
    union all (select id from procedures where patient_id = ${patientId} order by created_at desc, id desc limit ${planWindow.procedures})
    union all ${highestPerformed(patientId)}
    union all (${openOutcomeSeries(patientId, now)}))`;
  const latestPhq9 = sql`(select id from assessments where patient_id = ${patientId} and instrument = 'phq9' and administered_at <= ${at(now)} order by administered_at desc limit 1)`;
  const [
    plans,
    problemRows,
    goalRows,
    itemRows,
    procedureRows,
    medicationRows,
    sessionRows,
    noteRows,
    clearanceRows,
    assessmentRows,
    actionRows,
    profileRows,
    monitoringRows,
    responseRows,
    countRows,
  ] = await Promise.all([
    db.select().from(carePlans).where(eq(carePlans.patientId, patientId)),
    db.select().from(problems).where(eq(problems.patientId, patientId)).orderBy(asc(problems.createdAt)),
    db.select().from(goals).where(eq(goals.patientId, patientId)).orderBy(asc(goals.targetDate)),
    db
      .select()
      .from(planItems)
      .where(
        and(
          eq(planItems.patientId, patientId),
          // One id list from index ranges (an OR of the three read every item of the history).
          sql`${planItems.id} in (select id from plan_items where patient_id = ${patientId} and status in ('proposed', 'active', 'on_hold')
            union all (select id from plan_items where patient_id = ${patientId} and status in ('completed', 'stopped') order by coalesce(ended_at, updated_at) desc, id desc limit ${planWindow.closedPlanItems})
            union all (select id from plan_items where patient_id = ${patientId} and (status = 'completed' or (status = 'stopped' and started_at is not null)) order by ladder_step desc limit 1))`,
        ),
      )
      .orderBy(asc(planItems.ladderStep), asc(planItems.createdAt)),
    unionAll(
      db
        .select({ ...getTableColumns(procedures), onPlan: sql<boolean>`true`.as("on_plan") })
        .from(procedures)
        .where(and(eq(procedures.patientId, patientId), onPlan)),
      db
        .select({ ...getTableColumns(procedures), onPlan: sql<boolean>`false`.as("on_plan") })
        .from(procedures)
        .where(and(eq(procedures.patientId, patientId), sql`${procedures.id} in (${workUpChain(patientId, now)})`)),
    ),
    db
      .select()
      .from(medications)
      .where(
        and(
          eq(medications.patientId, patientId),
          or(
            eq(medications.status, "active"),
            sql`${medications.id} in (select id from medications where patient_id = ${patientId} and status <> 'active' order by started_at desc limit ${planWindow.stoppedMedications})`,
          ),
        ),
      )
      .orderBy(desc(medications.startedAt)),
    db
      .select()
      .from(therapySessions)
      .where(
        and(
          eq(therapySessions.patientId, patientId),
          // Two index ranges, not one filter over every session: an OR here read the whole history.
          sql`${therapySessions.id} in (select id from therapy_sessions where patient_id = ${patientId} and session_date >= ${sessionsSince.toISOString().slice(0, 10)}::date
            union all (select id from therapy_sessions where patient_id = ${patientId} order by session_date desc, created_at desc, id desc limit ${planWindow.therapySessions}))`,
        ),
      )
      .orderBy(desc(therapySessions.sessionDate), desc(therapySessions.createdAt)),
    db
      .select()
      .from(psychNotes)
      .where(and(eq(psychNotes.patientId, patientId), visiblePsychNotes(viewerId)))
      .orderBy(desc(psychNotes.createdAt), desc(psychNotes.id))
      .limit(planWindow.psychNotes),
    db.select().from(psychClearances).where(eq(psychClearances.patientId, patientId)).orderBy(desc(psychClearances.requestedAt)),
    db
      .select()
      .from(assessments)
      .where(
        and(
          eq(assessments.patientId, patientId),
          sql`${assessments.id} in ((select id from assessments where patient_id = ${patientId} order by administered_at desc, created_at desc, id desc limit ${planWindow.assessments})
            union all ${latestOfEach("assessments", "instrument", instruments, patientId, "administered_at", now)}
            union all ${latestOfEach("assessments", "instrument", instruments, patientId, "administered_at", now, sql`and score is not null`)})`,
        ),
      )
      .orderBy(asc(assessments.administeredAt)),
    db
      .select()
      .from(actionItems)
      .where(
        and(
          eq(actionItems.patientId, patientId),
          or(
            eq(actionItems.status, "open"),
            sql`${actionItems.id} in (select id from action_items where patient_id = ${patientId} and status <> 'open' order by due_date desc, id desc limit ${planWindow.closedActionItems})`,
          ),
        ),
      )
      .orderBy(asc(actionItems.dueDate)),
    db.select().from(safetyProfiles).where(eq(safetyProfiles.patientId, patientId)),
    db
      .select()
      .from(opioidMonitoring)
      .where(
        and(
          eq(opioidMonitoring.patientId, patientId),
          or(
            sql`${opioidMonitoring.id} in (select id from opioid_monitoring where patient_id = ${patientId} order by performed_at desc, id desc limit ${planWindow.opioidMonitoring})`,
            sql`${opioidMonitoring.id} in (${latestOfEach("opioid_monitoring", "kind", monitoringKinds, patientId, "performed_at", now)})`,
          ),
        ),
      )
      .orderBy(asc(opioidMonitoring.performedAt)),
    db
      .select()
      .from(safetyResponses)
      .where(
        and(
          eq(safetyResponses.patientId, patientId),
          or(
            eq(safetyResponses.assessmentId, latestPhq9),
            sql`${safetyResponses.id} in (select id from safety_responses where patient_id = ${patientId} order by contacted_at desc, id desc limit ${planWindow.safetyResponses})`,
          ),
        ),
      )
      .orderBy(asc(safetyResponses.contactedAt)),
    withCounts
      ? db.execute<Record<keyof PlanHistoryCounts, number | string>>(sql`select
        (select count(*) from therapy_sessions where patient_id = ${patientId}) as "therapySessions",
        (select count(*) from therapy_sessions where patient_id = ${patientId} and attendance = 'no_show') as "noShows",
        (select count(*) from assessments where patient_id = ${patientId}) as "assessments",
        (select count(*) from psych_notes where patient_id = ${patientId} and (kind = 'shared_summary' or author_id = ${viewerId})) as "psychNotes",
        (select count(*) from medications where patient_id = ${patientId}) as "medications",
        (select count(*) from opioid_monitoring where patient_id = ${patientId}) as "opioidMonitoring",
        (select count(*) from safety_responses where patient_id = ${patientId}) as "safetyResponses",
        (select count(*) from action_items where patient_id = ${patientId}) as "actionItems",
        (select count(*) from plan_items where patient_id = ${patientId}) as "planItems",
        (select count(*) from procedures where patient_id = ${patientId}) as "procedures"`)
      : Promise.resolve([]),
  ]);

  // "Not improving" compares the pain score at the start of the current step with the latest one:
  // the step is known only from the items and orders, so the scores around its start come second.
  // Without a current step the rule has nothing to compare: the probes then ask about "now", which
  // adds no row the window does not hold already (one statement either way, the same text).
  const stepStart = ladderPosition(itemRows, byId(procedureRows), now).currentSince ?? now;
  const upTo = stepStart.getTime() <= now.getTime() ? stepStart : now;
  const probes = notImprovingInstruments.flatMap((instrument) => [
    sql`(select id from assessments where patient_id = ${patientId} and instrument = ${instrument} and score is not null and administered_at <= ${at(upTo)} order by administered_at desc limit 1)`,
    sql`(select id from assessments where patient_id = ${patientId} and instrument = ${instrument} and score is not null and administered_at > ${at(stepStart)} and administered_at <= ${at(now)} order by administered_at asc limit 1)`,
  ]);
  // An order on the plan may also be a block of the work-up: it is read once, as shown.
  const shownIds = new Set(procedureRows.filter((p) => p.onPlan).map((p) => p.id));
  // The outcomes of the orders shown, and of a work-up's earlier blocks only while their diary is
  // still chased: past it an unrecorded diary is missed, so a block's diary changes no flag and
  // the ladder does not read it.
  const procedureIds = [...new Set(procedureRows.filter((p) => shownIds.has(p.id) || isOutcomeSeriesChased(p, now)).map((p) => p.id))];
  const [baselineRows, outcomeRows] = await Promise.all([
    db
      .select()
      .from(assessments)
      .where(and(eq(assessments.patientId, patientId), sql`${assessments.id} in (${sql.join(probes, sql` union all `)})`)),
    // The outcome series of those orders, whole.
    db
      .select()
      .from(procedureOutcomes)
      // One parameter whatever the number of orders: the same statement every time.
      .where(and(eq(procedureOutcomes.patientId, patientId), sql`${procedureOutcomes.procedureId} = any(string_to_array(${procedureIds.join(",")}, ',')::uuid[])`))
      .orderBy(asc(procedureOutcomes.assessedAt)),
  ]);

  const raw = (Array.isArray(countRows) ? countRows : (countRows as { rows: Record<string, unknown>[] }).rows)[0] as Record<string, unknown> | undefined;
  const count = (key: keyof PlanHistoryCounts) => Number(raw?.[key] ?? 0);
  const counts: PlanHistoryCounts = {
    therapySessions: count("therapySessions"),
    noShows: count("noShows"),
    assessments: count("assessments"),
    psychNotes: count("psychNotes"),
    medications: count("medications"),
    opioidMonitoring: count("opioidMonitoring"),
    safetyResponses: count("safetyResponses"),
    actionItems: count("actionItems"),
    planItems: count("planItems"),
    procedures: count("procedures"),
  };

  const shown = shownIds;
  const orders = byId(procedureRows.map(({ onPlan: _onPlan, ...order }) => order)).sort((a, b) => time(b.createdAt) - time(a.createdAt));
  return {
    rows: {
      plan: plans[0],
      safetyProfile: profileRows[0] ?? null,
      problems: problemRows,
      goals: goalRows,
      planItems: itemRows,
      procedures: orders,
      medications: medicationRows,
      therapySessions: sessionRows,
      psychNotes: noteRows,
      clearances: clearanceRows,
      assessments: byId(assessmentRows, baselineRows).sort((a, b) => time(a.administeredAt) - time(b.administeredAt)),
      actionItems: actionRows,
      procedureOutcomes: outcomeRows,
      opioidMonitoring: monitoringRows,
      safetyResponses: responseRows,
    },
    counts,
    shown: { procedures: orders.filter((o) => shown.has(o.id)), procedureOutcomes: outcomeRows.filter((o) => shown.has(o.procedureId)) },
  };
}

/** Keyset pages: strictly after the cursor row in the page's order, so every row comes exactly once. */
export interface HistoryPageQuery {
  patientId: string;
  /** The id of the last row of the previous page. */
  after?: string | undefined;
  limit: number;
}

/** Therapy sessions, newest first, a page at a time. */
export async function pageTherapySessions(db: DbOrTx, q: HistoryPageQuery) {
  const after = q.after
    ? sql`(${therapySessions.sessionDate}, ${therapySessions.createdAt}, ${therapySessions.id}) < (select session_date, created_at, id from therapy_sessions where id = ${q.after} and patient_id = ${q.patientId})`
    : undefined;
  return db
    .select()
    .from(therapySessions)
    .where(and(eq(therapySessions.patientId, q.patientId), after))
    .orderBy(desc(therapySessions.sessionDate), desc(therapySessions.createdAt), desc(therapySessions.id))
    .limit(q.limit);
}

/** Assessments in a date range, oldest first (the order charts draw in), a page at a time. */
export async function pageAssessments(db: DbOrTx, q: HistoryPageQuery & { instruments?: readonly Instrument[] | undefined; from?: Date | undefined; to?: Date | undefined }) {
  const after = q.after
    ? sql`(${assessments.administeredAt}, ${assessments.id}) > (select administered_at, id from assessments where id = ${q.after} and patient_id = ${q.patientId})`
    : undefined;
  return db
    .select()
    .from(assessments)
    .where(
      and(
        eq(assessments.patientId, q.patientId),
        q.instruments && q.instruments.length > 0 ? inArray(assessments.instrument, [...q.instruments]) : undefined,
        q.from ? gte(assessments.administeredAt, q.from) : undefined,
        q.to ? lte(assessments.administeredAt, q.to) : undefined,
        after,
      ),
    )
    .orderBy(asc(assessments.administeredAt), asc(assessments.id))
    .limit(q.limit);
}

/** Shared summaries and the viewer's own psychotherapy notes, newest first, a page at a time. */
export async function pagePsychNotes(db: DbOrTx, q: HistoryPageQuery & { viewerId: string }) {
  const after = q.after
    ? sql`(${psychNotes.createdAt}, ${psychNotes.id}) < (select created_at, id from psych_notes where id = ${q.after} and patient_id = ${q.patientId})`
    : undefined;
  return db
    .select({ ...getTableColumns(psychNotes), authorName: users.name })
    .from(psychNotes)
    .innerJoin(users, eq(users.id, psychNotes.authorId))
    .where(and(eq(psychNotes.patientId, q.patientId), visiblePsychNotes(q.viewerId), after))
    .orderBy(desc(psychNotes.createdAt), desc(psychNotes.id))
    .limit(q.limit);
}

/**
 * What happened on one patient's plan between `since` and `now` (the meeting's case view): the
 * assessments given, the sessions held and the orders proposed, performed or changed in the span,
 * each an index range of the patient's rows, so the cost follows the span and not the history.
 */
export async function loadPlanSpan(db: DbOrTx, patientId: string, since: Date, now: Date) {
  const sinceDay = since.toISOString().slice(0, 10);
  const [assessmentRows, sessionRows, procedureRows] = await Promise.all([
    db
      .select()
      .from(assessments)
      .where(and(eq(assessments.patientId, patientId), gte(assessments.administeredAt, since), lte(assessments.administeredAt, now)))
      .orderBy(asc(assessments.administeredAt), asc(assessments.id)),
    db
      .select()
      .from(therapySessions)
      .where(and(eq(therapySessions.patientId, patientId), sql`${therapySessions.sessionDate} >= ${sinceDay}::date`))
      .orderBy(desc(therapySessions.sessionDate), desc(therapySessions.createdAt), asc(therapySessions.id)),
    // An order changed in the span was updated in it: creation and performance are updates too.
    db
      .select()
      .from(procedures)
      .where(and(eq(procedures.patientId, patientId), sql`greatest(${procedures.createdAt}, ${procedures.updatedAt}, ${procedures.performedAt}) >= ${since.toISOString()}::timestamptz`))
      .orderBy(desc(procedures.createdAt), asc(procedures.id)),
  ]);
  return { assessments: assessmentRows, therapySessions: sessionRows, procedures: procedureRows };
}

/** Whether an order awaits its decision: its checklist reads the whole record (candidacy.ts), not a window. */
export async function hasProposedOrder(db: DbOrTx, patientId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: procedures.id })
    .from(procedures)
    .where(and(eq(procedures.patientId, patientId), eq(procedures.status, "proposed")))
    .limit(1);
  return row !== undefined;
}
