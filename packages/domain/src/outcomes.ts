import { z } from "zod";
import { addDays, clinicalDateSchema, expectedVersionSchema, idSchema, optionalText, painScoreSchema } from "./common";
import { outcomeTimePointSchema, type OutcomeSource, type OutcomeTimePoint, type ProcedureOutcome } from "./clinical-v2";
import type { ProcedureOrder } from "./entities";
import { procedureTypes, type ProcedureType } from "./procedure-catalog";
import { reliefPercent } from "./relief";

/**
 * Outcomes over time (clinical-reference.md §6.7): which follow-up points a procedure has, when each
 * is due, how the post-block pain diary turns into % relief, and which single figure the order shows
 * as its headline (the figure candidacy reads). Every number is clinic policy: the policy id is
 * carried into every state, flag and headline so a clinician sees which rules produced them.
 */

export const outcomeSchedules = ["diagnostic_diary", "injection", "ablation", "stimulation_trial", "intrathecal_trial", "implant"] as const;
export const outcomeScheduleSchema = z.enum(outcomeSchedules);
export type OutcomeSchedule = z.infer<typeof outcomeScheduleSchema>;

export const diaryTimePoints = ["diary_30m", "diary_1h", "diary_2h", "diary_4h", "diary_6h"] as const satisfies readonly OutcomeTimePoint[];
export type DiaryTimePoint = (typeof diaryTimePoints)[number];
export const diaryTimePointSchema = z.enum(diaryTimePoints);
export const isDiaryTimePoint = (point: OutcomeTimePoint): point is DiaryTimePoint => (diaryTimePoints as readonly string[]).includes(point);

export const outcomeTimePointLabels: Record<OutcomeTimePoint, string> = {
  diary_30m: "30 min",
  diary_1h: "1 h",
  diary_2h: "2 h",
  diary_4h: "4 h",
  diary_6h: "6 h",
  "2w": "2 weeks",
  "6w": "6 weeks",
  "3m": "3 months",
  "6m": "6 months",
  "12m": "12 months",
  end_of_trial: "end of trial",
};

const pointWindowSchema = z.object({
  timePoint: outcomeTimePointSchema,
  /** Days after the procedure from which the point is due. */
  dueFromDays: z.number().int().min(0),
  /** Past this many days after the procedure a missing point is overdue. */
  overdueAfterDays: z.number().int().min(0),
});
export type PointWindow = z.infer<typeof pointWindowSchema>;

/**
 * When an unrecorded outcome stops being chased (the reference is silent: clinic choice). A point
 * left unrecorded for this long after its window closed is "missed", shown as missed and no longer
 * due: a figure recalled that late says little about the time point it stands for, and chasing
 * it for ever keeps a flag up that nobody can act on. A new rule is a new id.
 */
export const outcomeChasePolicySchema = z.object({
  id: z.string().min(1).max(64),
  source: z.string(),
  /** A follow-up point (2 weeks … 12 months, end of trial) is chased through this many calendar days after its window closed. */
  followUpGraceDays: z.number().int().min(0),
  /** A diagnostic block's pain diary is chased through this many calendar days after the block. */
  diaryChaseDays: z.number().int().min(0),
});
export type OutcomeChasePolicy = z.infer<typeof outcomeChasePolicySchema>;

export const defaultOutcomeChasePolicy: OutcomeChasePolicy = {
  id: "outcome-chase-2026-1",
  source: "clinic default (clinical-reference.md §6.7 gives the time points, not how long a missing one is chased)",
  // About a month: one more booked review or phone call after the window closed, the usual
  // follow-up interval, without letting a 3-month figure turn into a 5-month one.
  followUpGraceDays: 30,
  // The paper diary usually comes back at the review within two weeks of the block; hourly pain
  // scores recalled later than that are not a diary (the block is judged again, not from memory).
  diaryChaseDays: 14,
};

export const outcomeSeriesPolicySchema = z.object({
  id: z.string().min(1).max(64),
  source: z.string(),
  /** Diary points: minutes after the block each NRS is asked for. */
  diaryOffsetsMinutes: z.record(diaryTimePointSchema, z.number().int().min(0)),
  /** The diary points within the local anaesthetic's expected duration: only these count for relief. */
  diaryCountedPoints: z.array(diaryTimePointSchema).min(1),
  diaryAnaesthetic: z.string(),
  /** The diary is due the day of the block; overdue after this many days without a single point. */
  diaryOverdueAfterDays: z.number().int().min(0),
  /** A diary point must be timed within this many hours of the block. */
  diaryMaxHoursAfter: z.number().int().min(1),
  schedules: z.record(outcomeScheduleSchema, z.array(pointWindowSchema)),
  /** Non-diagnostic orders: the schedule of each procedure type (diagnostic orders keep the diary). */
  scheduleOf: z.record(z.enum(procedureTypes), outcomeScheduleSchema),
  /** Points the headline is read from, the latest recorded wins; absent = the latest recorded point. */
  headlinePoints: z.record(outcomeScheduleSchema, z.array(outcomeTimePointSchema).nullable()),
  /** Relief at or above this counts as sustained when measuring how long relief lasted. */
  sustainedReliefPercent: z.number().min(0).max(100),
  /** When an unrecorded point stops being chased. */
  chase: outcomeChasePolicySchema,
});
export type OutcomeSeriesPolicy = z.infer<typeof outcomeSeriesPolicySchema>;

const window = (timePoint: OutcomeTimePoint, dueFromDays: number, overdueAfterDays: number): PointWindow => ({ timePoint, dueFromDays, overdueAfterDays });

const scheduleOf: Record<ProcedureType, OutcomeSchedule> = {
  esi_interlaminar: "injection",
  esi_transforaminal: "injection",
  selective_nerve_root_block: "injection",
  medial_branch_block: "injection",
  facet_joint_injection: "injection",
  radiofrequency_ablation: "ablation",
  sacroiliac_joint_injection: "injection",
  trigger_point_injection: "injection",
  large_joint_injection: "injection",
  sympathetic_block: "injection",
  epidural_adhesiolysis: "injection",
  // Reference silent: a durable intervention, followed like an ablation (clinic choice).
  percutaneous_disc_decompression: "ablation",
  scs_trial: "stimulation_trial",
  scs_implant: "implant",
  intrathecal_pump_trial: "intrathecal_trial",
  intrathecal_pump_implant: "implant",
  genicular_nerve_block: "injection",
  genicular_rfa: "ablation",
  occipital_nerve_block: "injection",
  intercostal_nerve_block: "injection",
  si_lateral_branch_rfa: "ablation",
  drg_stimulation_trial: "stimulation_trial",
  drg_stimulation_implant: "implant",
};

/**
 * §6.7 defaults. The reference gives the points; the windows are clinic choices, each wide enough
 * for a clinic visit to be booked around the point and closing before the next point opens.
 */
export const defaultOutcomeSeriesPolicy: OutcomeSeriesPolicy = {
  id: "outcome-series-2026-1",
  source: "clinical-reference.md §6.7 (time points); windows and the diary's counted points are clinic defaults",
  diaryOffsetsMinutes: { diary_30m: 30, diary_1h: 60, diary_2h: 120, diary_4h: 240, diary_6h: 360 },
  // Blocks here use a long-acting anaesthetic (bupivacaine, expected 4–8 h), so all of 30 min–6 h
  // count. A clinic using lidocaine (1–2 h) would count 30 min–2 h under a new policy id.
  diaryCountedPoints: ["diary_30m", "diary_1h", "diary_2h", "diary_4h", "diary_6h"],
  diaryAnaesthetic: "long-acting local anaesthetic (bupivacaine): 30 min–6 h counted",
  diaryOverdueAfterDays: 1,
  diaryMaxHoursAfter: 24,
  schedules: {
    diagnostic_diary: [],
    injection: [window("2w", 14, 28), window("3m", 90, 120)],
    ablation: [window("6w", 42, 63), window("3m", 90, 120), window("6m", 180, 225)],
    // Percutaneous SCS / DRG trials run 5–10 days.
    stimulation_trial: [window("end_of_trial", 5, 14)],
    // An intrathecal trial is a single shot or a catheter over a few days.
    intrathecal_trial: [window("end_of_trial", 0, 7)],
    implant: [window("3m", 90, 120), window("6m", 180, 225), window("12m", 365, 425)],
  },
  scheduleOf,
  headlinePoints: {
    diagnostic_diary: null,
    injection: null,
    // §6.7: ablation relief is judged at 3–6 months; the 6-week point is too early to count.
    ablation: ["3m", "6m"],
    stimulation_trial: ["end_of_trial"],
    intrathecal_trial: ["end_of_trial"],
    implant: null,
  },
  // The reference's repeat rules ask for ≥50% relief "lasting" (§3, §6.2).
  sustainedReliefPercent: 50,
  chase: defaultOutcomeChasePolicy,
};

export const outcomeSeriesPolicies: readonly OutcomeSeriesPolicy[] = [defaultOutcomeSeriesPolicy];

type OrderForSeries = Pick<ProcedureOrder, "id" | "procedureType" | "diagnostic" | "status" | "performedAt" | "preProcedurePain">;
type OutcomeRow = Pick<ProcedureOutcome, "procedureId" | "timePoint" | "assessedAt" | "painScore">;

export function outcomeScheduleOf(order: Pick<ProcedureOrder, "procedureType" | "diagnostic">, policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): OutcomeSchedule {
  return order.diagnostic ? "diagnostic_diary" : policy.scheduleOf[order.procedureType];
}

/** The time points an order may record, in order. */
export function timePointsOf(order: Pick<ProcedureOrder, "procedureType" | "diagnostic">, policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): OutcomeTimePoint[] {
  const schedule = outcomeScheduleOf(order, policy);
  return schedule === "diagnostic_diary" ? [...diaryTimePoints] : policy.schedules[schedule].map((w) => w.timePoint);
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Whole calendar days (UTC) from `from` to `to`; negative when `to` is earlier. */
export function calendarDaysBetween(from: Date, to: Date): number {
  return Math.floor(to.getTime() / DAY_MS) - Math.floor(from.getTime() / DAY_MS);
}
const startOfDay = (date: Date): Date => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);

/** The time a diary point is asked for: the block's time plus the point's offset. */
export function diaryPromptTime(performedAt: Date, point: DiaryTimePoint, policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): Date {
  return new Date(performedAt.getTime() + policy.diaryOffsetsMinutes[point] * 60 * 1000);
}

// --- relief ------------------------------------------------------------------------------------

export type DiaryRelief = { lowestPain: number; lowestAt: DiaryTimePoint; reliefPercent: number | null; counted: DiaryTimePoint[] };

/**
 * % relief of a diagnostic block = (pre − lowest post among the counted diary points) ÷ pre.
 * Null when no counted point has a score.
 */
export function diaryRelief(
  pre: number,
  points: readonly { timePoint: OutcomeTimePoint; painScore: number | null }[],
  policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy,
): DiaryRelief | null {
  const counted = points.filter(
    (p): p is { timePoint: DiaryTimePoint; painScore: number } => isDiaryTimePoint(p.timePoint) && policy.diaryCountedPoints.includes(p.timePoint) && p.painScore !== null,
  );
  if (counted.length === 0) return null;
  const lowest = counted.reduce((min, p) => (p.painScore < min.painScore ? p : min));
  return { lowestPain: lowest.painScore, lowestAt: lowest.timePoint, reliefPercent: reliefPercent(pre, lowest.painScore), counted: counted.map((p) => p.timePoint) };
}

export type HeadlineOutcome = {
  postProcedurePain: number | null;
  reliefPercent: number | null;
  reliefDurationDays: number | null;
  /** Where the headline came from, as the checklist shows it ("diary", "6 months"); null when nothing counts yet. */
  source: string | null;
  policyId: string;
};

const pointIndex = (point: OutcomeTimePoint): number => outcomeTimePointSchema.options.indexOf(point);

/**
 * The order's headline (postProcedurePain, reliefPercent, reliefDurationDays) derived from its
 * series, the one place this is decided: a diagnostic block → its diary's relief; an ablation → the
 * latest of its 3- and 6-month points; others → the latest point of their schedule.
 * reliefDurationDays = days from the procedure to the last point of the first unbroken run of
 * points with relief ≥ the sustained threshold (0 when the first point is below it).
 */
export function headlineOutcome(order: OrderForSeries, outcomes: readonly OutcomeRow[], policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): HeadlineOutcome {
  const none: HeadlineOutcome = { postProcedurePain: null, reliefPercent: null, reliefDurationDays: null, source: null, policyId: policy.id };
  const schedule = outcomeScheduleOf(order, policy);
  const allowed = timePointsOf(order, policy);
  const series = outcomes
    .filter((o) => o.procedureId === order.id && allowed.includes(o.timePoint) && o.painScore !== null)
    .sort((a, b) => pointIndex(a.timePoint) - pointIndex(b.timePoint));
  if (series.length === 0 || order.performedAt === null) return none;
  const pre = order.preProcedurePain;

  if (schedule === "diagnostic_diary") {
    if (pre === null) return none;
    const diary = diaryRelief(pre, series, policy);
    if (!diary) return none;
    // Every diary point lies on the day of the block: relief measured in hours lasts 0 days.
    return { postProcedurePain: diary.lowestPain, reliefPercent: diary.reliefPercent, reliefDurationDays: 0, source: "diary", policyId: policy.id };
  }

  const headlinePoints = policy.headlinePoints[schedule];
  const candidates = headlinePoints ? series.filter((o) => headlinePoints.includes(o.timePoint)) : series;
  const headline = candidates.at(-1);
  if (!headline || headline.painScore === null) return none;
  const relief = pre === null ? null : reliefPercent(pre, headline.painScore);
  let lastSustained: OutcomeRow | undefined;
  if (pre !== null) {
    const firstQualifying = series.findIndex((o) => (reliefPercent(pre, o.painScore ?? pre) ?? 0) >= policy.sustainedReliefPercent);
    if (firstQualifying >= 0) {
      for (const o of series.slice(firstQualifying)) {
        if ((reliefPercent(pre, o.painScore ?? pre) ?? 0) < policy.sustainedReliefPercent) break;
        lastSustained = o;
      }
    }
  }
  return {
    postProcedurePain: headline.painScore,
    reliefPercent: relief,
    reliefDurationDays: pre === null ? null : lastSustained ? Math.max(0, calendarDaysBetween(order.performedAt, lastSustained.assessedAt)) : 0,
    source: outcomeTimePointLabels[headline.timePoint],
    policyId: policy.id,
  };
}

/** "diary: 85.7% relief" — the relief as the checklist cites it, naming where it came from. */
export function reliefEvidenceText(order: OrderForSeries & Pick<ProcedureOrder, "reliefPercent">, outcomes: readonly OutcomeRow[], policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): string | null {
  if (order.reliefPercent === null) return null;
  const headline = headlineOutcome(order, outcomes, policy);
  return headline.source !== null && headline.reliefPercent === order.reliefPercent ? `${headline.source}: ${order.reliefPercent}% relief` : `${order.reliefPercent}% relief`;
}

// --- the series and what is due ------------------------------------------------------------------

export const outcomePointStates = ["recorded", "upcoming", "due", "overdue", "missed"] as const;
export type OutcomePointState = (typeof outcomePointStates)[number];

export type OutcomePointStatus = {
  timePoint: OutcomeTimePoint;
  label: string;
  state: OutcomePointState;
  /** When the point is due from and when it becomes overdue (diary: the prompt time and the end of the diary window). */
  dueFrom: Date;
  overdueAfter: Date;
  /** From when an unrecorded point is no longer chased (missed): the chase policy's grace after the window. */
  chasedUntil: Date;
  /** Why a point is missed: a later point was recorded or has opened, or the chase ended; null when not missed. */
  missedBecause: "superseded" | "chase_ended" | null;
  /** Calendar days from now until dueFrom (negative once it has passed). */
  daysUntilDue: number;
  outcome: ProcedureOutcome | null;
  /** Relief of the recorded point against the order's pre-procedure pain. */
  reliefPercent: number | null;
};

export type OutcomeSeriesView = {
  schedule: OutcomeSchedule;
  policyId: string;
  points: OutcomePointStatus[];
  headline: HeadlineOutcome;
  diary: (DiaryRelief & { anaesthetic: string }) | null;
};

/**
 * Each time point's state for a performed order: recorded; upcoming (before its window); due;
 * overdue (past the window); missed (a later point was recorded or its window has opened, so
 * chasing this one no longer makes sense, or the chase policy's grace after the window has run
 * out). Diary points are due from their prompt time the day of the block, overdue after the diary
 * window and missed once the diary is no longer chased.
 */
export function outcomeSeries(order: OrderForSeries, outcomes: readonly ProcedureOutcome[], now: Date, policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): OutcomeSeriesView | null {
  if (order.status !== "performed" || order.performedAt === null) return null;
  const performedAt = order.performedAt;
  const schedule = outcomeScheduleOf(order, policy);
  const mine = outcomes.filter((o) => o.procedureId === order.id);
  const find = (point: OutcomeTimePoint) => mine.find((o) => o.timePoint === point) ?? null;
  const pre = order.preProcedurePain;
  const reliefOf = (o: ProcedureOutcome | null) => (o && o.painScore !== null && pre !== null ? reliefPercent(pre, o.painScore) : null);
  const windows: PointWindow[] =
    schedule === "diagnostic_diary"
      ? diaryTimePoints.map((timePoint) => ({ timePoint, dueFromDays: 0, overdueAfterDays: policy.diaryOverdueAfterDays }))
      : policy.schedules[schedule];
  const points: OutcomePointStatus[] = windows.map((w, index) => {
    const outcome = find(w.timePoint);
    const dueFrom = isDiaryTimePoint(w.timePoint) ? diaryPromptTime(performedAt, w.timePoint, policy) : startOfDay(addDays(performedAt, w.dueFromDays));
    const overdueAfter = startOfDay(addDays(performedAt, w.overdueAfterDays + 1));
    const chasedUntil = chaseEndOf(performedAt, w, policy);
    let state: OutcomePointState;
    let missedBecause: OutcomePointStatus["missedBecause"] = null;
    if (outcome) state = "recorded";
    else if (now < dueFrom) state = "upcoming";
    else {
      const later = windows.slice(index + 1);
      const superseded =
        !isDiaryTimePoint(w.timePoint) && later.some((l) => find(l.timePoint) !== null || now >= startOfDay(addDays(performedAt, l.dueFromDays)));
      missedBecause = superseded ? "superseded" : now >= chasedUntil ? "chase_ended" : null;
      state = missedBecause !== null ? "missed" : now >= overdueAfter ? "overdue" : "due";
    }
    return {
      timePoint: w.timePoint,
      label: outcomeTimePointLabels[w.timePoint],
      state,
      dueFrom,
      overdueAfter,
      chasedUntil,
      missedBecause,
      daysUntilDue: calendarDaysBetween(now, dueFrom),
      outcome,
      reliefPercent: reliefOf(outcome),
    };
  });
  const diary = schedule === "diagnostic_diary" && pre !== null ? diaryRelief(pre, mine, policy) : null;
  return { schedule, policyId: policy.id, points, headline: headlineOutcome(order, mine, policy), diary: diary ? { ...diary, anaesthetic: policy.diaryAnaesthetic } : null };
}

/** The start of the day from which an unrecorded point is missed: the diary's chase after the block, a follow-up point's grace after its window. */
function chaseEndOf(performedAt: Date, w: PointWindow, policy: OutcomeSeriesPolicy): Date {
  return isDiaryTimePoint(w.timePoint)
    ? startOfDay(addDays(performedAt, policy.chase.diaryChaseDays + 1))
    : startOfDay(addDays(performedAt, w.overdueAfterDays + policy.chase.followUpGraceDays + 1));
}

/**
 * The last calendar day after this order's procedure on which one of its points can still be due
 * or overdue: past it every unrecorded point is missed, so nothing is left to chase.
 */
export function outcomeChaseDaysOf(order: Pick<ProcedureOrder, "procedureType" | "diagnostic">, policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): number {
  const schedule = outcomeScheduleOf(order, policy);
  if (schedule === "diagnostic_diary") return policy.chase.diaryChaseDays;
  return Math.max(0, ...policy.schedules[schedule].map((w) => w.overdueAfterDays + policy.chase.followUpGraceDays));
}

/** Whether a performed order's series may still have a point due or overdue at `now` (its outcomes matter to the flags). */
export function isOutcomeSeriesChased(order: Pick<ProcedureOrder, "procedureType" | "diagnostic" | "performedAt">, now: Date, policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): boolean {
  return order.performedAt !== null && calendarDaysBetween(order.performedAt, now) <= outcomeChaseDaysOf(order, policy);
}

/**
 * The longest chase of any order: the orders performed more than this many calendar days ago have
 * nothing due (what bounds the plan's search for open series, however long the history).
 */
export function outcomeChaseHorizonDays(policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): number {
  return Math.max(...procedureTypes.flatMap((procedureType) => [false, true].map((diagnostic) => outcomeChaseDaysOf({ procedureType, diagnostic }, policy))));
}

export type OutcomeDue = { timePoint: OutcomeTimePoint | "diary"; label: string; overdue: boolean; dueFrom: Date; policyId: string };

/**
 * What the "outcome due" flag reports for an order: each follow-up point in its window or overdue;
 * for a diagnostic block, the diary as one item, due the day of the block until its first point is recorded.
 */
export function outcomesDue(
  order: OrderForSeries & Pick<ProcedureOrder, "postProcedurePain" | "reliefPercent">,
  outcomes: readonly ProcedureOutcome[],
  now: Date,
  policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy,
): OutcomeDue[] {
  const view = outcomeSeries(order, outcomes, now, policy);
  if (!view || order.performedAt === null) return [];
  // An order given its single outcome before the series existed is not chased again.
  const legacyOutcome = (order.postProcedurePain !== null || order.reliefPercent !== null) && !outcomes.some((o) => o.procedureId === order.id);
  if (legacyOutcome) return [];
  if (view.schedule === "diagnostic_diary") {
    if (view.points.some((p) => p.state === "recorded")) return [];
    // Past the chase the diary is missed, no longer due.
    if (view.points.every((p) => p.state === "missed")) return [];
    const overdueAfter = startOfDay(addDays(order.performedAt, policy.diaryOverdueAfterDays + 1));
    return [{ timePoint: "diary", label: "pain diary, 30 min–6 h", overdue: now >= overdueAfter, dueFrom: order.performedAt, policyId: policy.id }];
  }
  return view.points
    .filter((p) => p.state === "due" || p.state === "overdue")
    .map((p) => ({ timePoint: p.timePoint, label: `${p.label} outcome`, overdue: p.state === "overdue", dueFrom: p.dueFrom, policyId: policy.id }));
}

// --- a pain score the patient reports ---------------------------------------------------------------

/** How each source of an outcome point is cited next to it; null for a clinician's charting (the default). */
export const outcomeSourceLabels: Record<OutcomeSource, string | null> = {
  clinician: null,
  patient_diary: "patient diary",
  patient_reported: "patient reported",
};

/** "patient reported" for an outcome the patient gave, null for one a clinician charted. */
export const outcomeSourceLabel = (source: OutcomeSource | undefined): string | null => outcomeSourceLabels[source ?? "clinician"];

export type PatientReportedPoint = { procedureId: string; timePoint: OutcomeTimePoint; policyId: string };

/**
 * The follow-up points a pain score the patient reports at `reportedAt` fills: per performed order
 * with a follow-up schedule (diagnostic blocks keep their pain diary), the point whose window holds
 * the report — due from its first day, not yet overdue, not yet recorded by anyone, and not passed
 * over for a later point. Windows do not overlap, so one report fills at most one point per order;
 * a report outside every window fills nothing (the team still sees it with the questionnaires).
 */
export function patientReportedOutcomePoints(
  orders: readonly OrderForSeries[],
  outcomes: readonly ProcedureOutcome[],
  reportedAt: Date,
  policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy,
): PatientReportedPoint[] {
  return orders.flatMap((order) => {
    const view = outcomeSeries(order, outcomes, reportedAt, policy);
    if (!view || view.schedule === "diagnostic_diary") return [];
    const point = view.points.find((p) => p.state === "due");
    return point ? [{ procedureId: order.id, timePoint: point.timePoint, policyId: policy.id }] : [];
  });
}

// --- inputs ------------------------------------------------------------------------------------

const functionImprovementSchema = z.number().min(-100).max(100);

/** One follow-up point; reliefPercent is never sent: the server computes it from the order's pre-procedure pain. */
export const recordProcedureOutcomeInputSchema = z.strictObject({
  patientId: idSchema,
  /** The procedure order. */
  id: idSchema,
  /** The order's version: the headline fields on the order move with the series. */
  expectedVersion: expectedVersionSchema,
  timePoint: outcomeTimePointSchema,
  assessedAt: clinicalDateSchema,
  preProcedurePain: painScoreSchema.optional(),
  painScore: painScoreSchema,
  functionImprovementPercent: functionImprovementSchema.nullable().default(null),
  sideEffects: optionalText(2000).default(null),
  notes: optionalText(4000).default(null),
  /** Set when this point was recorded before: an edit of that row, refused as CONFLICT when stale. */
  outcomeExpectedVersion: expectedVersionSchema.optional(),
});
export type RecordProcedureOutcomeInput = z.infer<typeof recordProcedureOutcomeInputSchema>;

export const diaryPointInputSchema = z.strictObject({
  timePoint: diaryTimePointSchema,
  painScore: painScoreSchema,
  /** The clock time the patient scored it. */
  assessedAt: clinicalDateSchema,
});
export type DiaryPointInput = z.infer<typeof diaryPointInputSchema>;

/** The post-block pain diary of a performed diagnostic block in one call: any subset of its points. */
export const recordDiaryInputSchema = z
  .strictObject({
    patientId: idSchema,
    id: idSchema,
    expectedVersion: expectedVersionSchema,
    preProcedurePain: painScoreSchema.optional(),
    points: z.array(diaryPointInputSchema).min(1).max(diaryTimePoints.length),
    sideEffects: optionalText(2000).default(null),
  })
  .superRefine((input, ctx) => {
    const seen = new Set<string>();
    input.points.forEach((p, index) => {
      if (seen.has(p.timePoint)) ctx.addIssue({ code: "custom", message: `${outcomeTimePointLabels[p.timePoint]} is given twice`, path: ["points", index, "timePoint"] });
      seen.add(p.timePoint);
    });
  });
export type RecordDiaryInput = z.infer<typeof recordDiaryInputSchema>;

/** Why a time for this order's outcome is implausible; undefined when it is fine. Dates checked by the router against the order. */
export function outcomeTimeIssue(
  order: Pick<ProcedureOrder, "performedAt">,
  timePoint: OutcomeTimePoint,
  assessedAt: Date,
  policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy,
): string | undefined {
  if (order.performedAt === null) return "the procedure has no performed date";
  if (isDiaryTimePoint(timePoint)) {
    if (assessedAt.getTime() < order.performedAt.getTime()) return "cannot be before the block was performed";
    if (assessedAt.getTime() > order.performedAt.getTime() + policy.diaryMaxHoursAfter * 60 * 60 * 1000) return `must be within ${policy.diaryMaxHoursAfter} h of the block`;
    return undefined;
  }
  return calendarDaysBetween(order.performedAt, assessedAt) < 0 ? "cannot be before the procedure" : undefined;
}
