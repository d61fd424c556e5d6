import {
  flagHistoryWindow,
  instruments,
  ladderPosition,
  monitoringKinds,
  notImprovingInstruments,
  planWindow,
  type ClinicPolicy,
  type Instrument,
} from "@stepwise/domain";
import { and, asc, desc, eq, getTableColumns, gte, inArray, lte, or, sql, type SQL } from "drizzle-orm";
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
 * One patient's plan as the team opens it (§ plan-window.ts in the domain): everything current,
 * the latest few rows of every series that grows with time, and every older row a flag rule reads
 * (the latest assessment and monitoring check of each kind, no-shows in the missed-sessions window,
 * the responses to the latest PHQ-9, the pain scores at the start of the current ladder step).
 * A fixed number of queries whatever the length of the history; `computeFlags` over these rows
 * equals `computeFlags` over the whole record.
 */
export async function loadCurrentPlanRows(
  db: DbOrTx,
  patientId: string,
  viewerId: string,
  now: Date,
  policy?: ClinicPolicy,
): Promise<{ rows: PlanRows; counts: PlanHistoryCounts }> {
  const { sessionsSince } = flagHistoryWindow(now, policy);
  const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
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
    outcomeRows,
    profileRows,
    monitoringRows,
    responseRows,
    countRows,
  ] = await Promise.all([
    db.select().from(carePlans).where(eq(carePlans.patientId, patientId)),
    db.select().from(problems).where(eq(problems.patientId, patientId)).orderBy(asc(problems.createdAt)),
    db.select().from(goals).where(eq(goals.patientId, patientId)).orderBy(asc(goals.targetDate)),
    db.select().from(planItems).where(eq(planItems.patientId, patientId)).orderBy(asc(planItems.ladderStep), asc(planItems.createdAt)),
    db.select().from(procedures).where(eq(procedures.patientId, patientId)).orderBy(desc(procedures.createdAt)),
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
          or(
            gte(therapySessions.sessionDate, sessionsSince),
            sql`${therapySessions.id} in (select id from therapy_sessions where patient_id = ${patientId} order by session_date desc, created_at desc, id desc limit ${planWindow.therapySessions})`,
          ),
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
          or(
            sql`${assessments.id} in (select id from assessments where patient_id = ${patientId} order by administered_at desc, created_at desc, id desc limit ${planWindow.assessments})`,
            sql`${assessments.id} in (${latestOfEach("assessments", "instrument", instruments, patientId, "administered_at", now)})`,
            sql`${assessments.id} in (${latestOfEach("assessments", "instrument", notImprovingInstruments, patientId, "administered_at", now, sql`and score is not null`)})`,
          ),
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
    db.select().from(procedureOutcomes).where(eq(procedureOutcomes.patientId, patientId)).orderBy(asc(procedureOutcomes.assessedAt)),
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
    db.execute<Record<keyof PlanHistoryCounts, number | string>>(sql`select
        (select count(*) from therapy_sessions where patient_id = ${patientId}) as "therapySessions",
        (select count(*) from therapy_sessions where patient_id = ${patientId} and attendance = 'no_show') as "noShows",
        (select count(*) from assessments where patient_id = ${patientId}) as "assessments",
        (select count(*) from psych_notes where patient_id = ${patientId} and (kind = 'shared_summary' or author_id = ${viewerId})) as "psychNotes",
        (select count(*) from medications where patient_id = ${patientId}) as "medications",
        (select count(*) from opioid_monitoring where patient_id = ${patientId}) as "opioidMonitoring",
        (select count(*) from safety_responses where patient_id = ${patientId}) as "safetyResponses",
        (select count(*) from action_items where patient_id = ${patientId}) as "actionItems"`),
  ]);

  // "Not improving" compares the pain score at the start of the current step with the latest one:
  // the step is known only from the items and orders, so the scores around its start come second.
  // Without a current step the rule has nothing to compare: the probes then ask about "now", which
  // adds no row the window does not hold already (one statement either way, the same text).
  const stepStart = ladderPosition(itemRows, procedureRows, now).currentSince ?? now;
  const upTo = stepStart.getTime() <= now.getTime() ? stepStart : now;
  const probes = notImprovingInstruments.flatMap((instrument) => [
    sql`(select id from assessments where patient_id = ${patientId} and instrument = ${instrument} and score is not null and administered_at <= ${at(upTo)} order by administered_at desc limit 1)`,
    sql`(select id from assessments where patient_id = ${patientId} and instrument = ${instrument} and score is not null and administered_at > ${at(stepStart)} and administered_at <= ${at(now)} order by administered_at asc limit 1)`,
  ]);
  const baselineRows = await db
    .select()
    .from(assessments)
    .where(and(eq(assessments.patientId, patientId), sql`${assessments.id} in (${sql.join(probes, sql` union all `)})`));

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
  };

  return {
    rows: {
      plan: plans[0],
      safetyProfile: profileRows[0] ?? null,
      problems: problemRows,
      goals: goalRows,
      planItems: itemRows,
      procedures: procedureRows,
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
