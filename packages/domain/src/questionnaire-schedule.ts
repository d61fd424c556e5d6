import { z } from "zod";
import { expectedVersionSchema, idSchema, painScoreSchema, plainText } from "./common";
import type { OutcomeTimePoint, ProcedureOutcome } from "./clinical-v2";
import type { ProcedureOrder } from "./entities";
import { crisisTextFromSetting } from "./messages";
import { instrumentDefinitions, instrumentSchema, type Instrument, type InstrumentScore } from "./instruments";
import {
  defaultOutcomeSeriesPolicy,
  diaryPromptTime,
  diaryRelief,
  diaryTimePoints,
  diaryTimePointSchema,
  outcomeSeries,
  outcomeTimePointLabels,
  type DiaryTimePoint,
  type OutcomeSeriesPolicy,
} from "./outcomes";

/**
 * Questionnaires the patient answers between visits (issue 13): a schedule per patient and
 * instrument set by the team, the follow-up points after a procedure (§6.7, read from the outcome
 * series — never restated here), the post-block pain diary as the patient keeps it on their phone,
 * and the crisis resources a positive PHQ-9 item 9 shows at once. Every rule is policy data with an id.
 */

// --- policy ---------------------------------------------------------------------------------------

export const questionnaireSchedulePolicySchema = z.object({
  id: z.string().min(1).max(64),
  source: z.string(),
  /** A questionnaire is due from the day it falls; unanswered for more than this many days it is late. */
  graceDays: z.number().int().min(0),
  minEveryDays: z.number().int().min(1),
  maxEveryDays: z.number().int().min(1),
  /** Instruments the patient can answer alone: those whose item wording the clinic may show. */
  patientInstruments: z.array(instrumentSchema),
  /** What a follow-up point after a procedure asks the patient for. */
  followUpInstrument: instrumentSchema,
  /** A diary point may be answered from this many minutes before its prompt time (a phone reminder is not a stopwatch). */
  diaryEarlyMinutes: z.number().int().min(0),
});
export type QuestionnaireSchedulePolicy = z.infer<typeof questionnaireSchedulePolicySchema>;

export const defaultQuestionnaireSchedulePolicy: QuestionnaireSchedulePolicy = {
  id: "questionnaire-schedule-2026-1",
  source: "issue 13 (clinic defaults): due from the day it falls, late after 3 days or once one was missed; ODI and PCS wording is licensed, so they stay clinician-administered",
  graceDays: 3,
  minEveryDays: 1,
  maxEveryDays: 365,
  patientInstruments: ["nrs", "peg3", "phq9", "gad7"],
  followUpInstrument: "nrs",
  diaryEarlyMinutes: 10,
};

// --- the schedule ---------------------------------------------------------------------------------

const isoDaySchema = z.iso.date();

export const questionnaireScheduleSchema = z.object({
  instrument: instrumentSchema,
  everyDays: z.number().int(),
  /** The first day it falls (a calendar date, YYYY-MM-DD). */
  startsOn: isoDaySchema,
  active: z.boolean(),
});
export type QuestionnaireSchedule = z.infer<typeof questionnaireScheduleSchema>;

export const questionnaireStates = ["not_yet", "due", "late", "done"] as const;
export type QuestionnaireState = (typeof questionnaireStates)[number];

export type ScheduleStatus = {
  instrument: Instrument;
  state: QuestionnaireState;
  /** The day the current questionnaire fell (null before the first). */
  dueOn: string | null;
  /** The day the next one falls after the current one (the first, before it starts). */
  nextDueOn: string;
  /** When it was last answered (any source), YYYY-MM-DD. */
  lastAnsweredOn: string | null;
  policyId: string;
};

const DAY_MS = 86_400_000;
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
const dayNumber = (day: string): number => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayOf = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);

/**
 * Where a schedule stands on `today`: occurrences fall on startsOn + k × everyDays. The current
 * occurrence is done when the instrument was answered on or after the day it fell; otherwise it is
 * due, and late once the grace has passed or when the previous occurrence was missed too (a weekly
 * questionnaire skipped last week is late the day the next one falls). Null when inactive.
 */
export function scheduleStatus(
  schedule: QuestionnaireSchedule,
  answeredOn: readonly Date[],
  now: Date,
  policy: QuestionnaireSchedulePolicy = defaultQuestionnaireSchedulePolicy,
): ScheduleStatus | null {
  if (!schedule.active) return null;
  const today = dayNumber(isoDay(now));
  const start = dayNumber(schedule.startsOn);
  const every = Math.max(1, schedule.everyDays);
  const answeredDays = answeredOn.map((d) => dayNumber(isoDay(d)));
  const last = answeredDays.length ? Math.max(...answeredDays) : null;
  const base = { instrument: schedule.instrument, lastAnsweredOn: last === null ? null : dayOf(last), policyId: policy.id };
  if (today < start) return { ...base, state: "not_yet", dueOn: null, nextDueOn: dayOf(start) };
  const current = start + Math.floor((today - start) / every) * every;
  const next = dayOf(current + every);
  if (last !== null && last >= current) return { ...base, state: "done", dueOn: dayOf(current), nextDueOn: next };
  const previous = current - every;
  const missedPrevious = previous >= start && (last === null || last < previous);
  const late = today - current > policy.graceDays || missedPrevious;
  return { ...base, state: late ? "late" : "due", dueOn: dayOf(current), nextDueOn: next };
}

// --- follow-up after a procedure (§6.7) ------------------------------------------------------------

type OrderForFollowUp = Pick<ProcedureOrder, "id" | "procedureType" | "diagnostic" | "status" | "performedAt" | "preProcedurePain">;

export type FollowUpQuestionnaire = {
  procedureId: string;
  timePoint: OutcomeTimePoint;
  instrument: Instrument;
  state: Exclude<QuestionnaireState, "not_yet">;
  dueFrom: Date;
  policyId: string;
};

/**
 * The follow-up questionnaires a performed procedure makes due: every point of its outcome series
 * that is due or overdue now (diagnostic blocks keep their pain diary instead). A point is done once
 * the team charted it or the patient answered the follow-up instrument on or after it fell.
 */
export function followUpQuestionnaires(
  orders: readonly OrderForFollowUp[],
  outcomes: readonly ProcedureOutcome[],
  answeredOn: readonly Date[],
  now: Date,
  policy: QuestionnaireSchedulePolicy = defaultQuestionnaireSchedulePolicy,
  series: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy,
): FollowUpQuestionnaire[] {
  const out: FollowUpQuestionnaire[] = [];
  for (const order of orders) {
    const view = outcomeSeries(order, outcomes, now, series);
    if (!view || view.schedule === "diagnostic_diary") continue;
    for (const point of view.points) {
      if (point.state !== "due" && point.state !== "overdue") continue;
      const answered = answeredOn.some((d) => d.getTime() >= point.dueFrom.getTime());
      out.push({
        procedureId: order.id,
        timePoint: point.timePoint,
        instrument: policy.followUpInstrument,
        state: answered ? "done" : point.state === "overdue" ? "late" : "due",
        dueFrom: point.dueFrom,
        policyId: policy.id,
      });
    }
  }
  return out;
}

// --- what the patient reads -----------------------------------------------------------------------

export type PatientQuestion = { text: string; options: { value: number; label: string }[] };
export type PatientQuestionnaireText = { title: string; intro: string; questions: PatientQuestion[] };

const scale = (low: string, high: string): PatientQuestion["options"] =>
  Array.from({ length: 11 }, (_, value) => ({ value, label: value === 0 ? `0 — ${low}` : value === 10 ? `10 — ${high}` : String(value) }));
const frequency: PatientQuestion["options"] = [
  { value: 0, label: "Not at all" },
  { value: 1, label: "Several days" },
  { value: 2, label: "More than half the days" },
  { value: 3, label: "Nearly every day" },
];

/**
 * Plain-language titles and the questions as the patient reads them. PEG (Krebs 2009), PHQ-9 and
 * GAD-7 are free to reproduce; ODI and PCS wording is licensed, so they have none here.
 */
export const patientQuestionnaireText: Partial<Record<Instrument, PatientQuestionnaireText>> = {
  nrs: {
    title: "Pain score",
    intro: "One question about your pain.",
    questions: [{ text: "How bad is your pain right now?", options: scale("no pain", "worst pain you can imagine") }],
  },
  peg3: {
    title: "Pain and daily life",
    intro: "Three questions about your pain during the past week.",
    questions: [
      { text: "What number best describes your pain on average in the past week?", options: scale("no pain", "pain as bad as you can imagine") },
      { text: "What number best describes how, during the past week, pain has interfered with your enjoyment of life?", options: scale("does not interfere", "completely interferes") },
      { text: "What number best describes how, during the past week, pain has interfered with your general activity?", options: scale("does not interfere", "completely interferes") },
    ],
  },
  phq9: {
    title: "Mood",
    intro: "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
    questions: [
      "Little interest or pleasure in doing things",
      "Feeling down, depressed, or hopeless",
      "Trouble falling or staying asleep, or sleeping too much",
      "Feeling tired or having little energy",
      "Poor appetite or overeating",
      "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
      "Trouble concentrating on things, such as reading the newspaper or watching television",
      "Moving or speaking so slowly that other people could have noticed — or the opposite, being so fidgety or restless that you have been moving around a lot more than usual",
      "Thoughts that you would be better off dead, or of hurting yourself in some way",
    ].map((text) => ({ text, options: frequency })),
  },
  gad7: {
    title: "Worry and anxiety",
    intro: "Over the last 2 weeks, how often have you been bothered by the following problems?",
    questions: [
      "Feeling nervous, anxious, or on edge",
      "Not being able to stop or control worrying",
      "Worrying too much about different things",
      "Trouble relaxing",
      "Being so restless that it is hard to sit still",
      "Becoming easily annoyed or irritable",
      "Feeling afraid, as if something awful might happen",
    ].map((text) => ({ text, options: frequency })),
  },
};

/** Whether the patient can be asked this instrument on their own (its wording is in the portal and the policy allows it). */
export function answerableByPatient(instrument: Instrument, policy: QuestionnaireSchedulePolicy = defaultQuestionnaireSchedulePolicy): boolean {
  const text = patientQuestionnaireText[instrument];
  return policy.patientInstruments.includes(instrument) && text !== undefined && text.questions.length === instrumentDefinitions[instrument].items;
}

// --- safety: the crisis resources ----------------------------------------------------------------

export const crisisTextSchema = plainText(1000, "multi").min(10);
export const crisisResourcesSchema = z.object({ text: crisisTextSchema });
export type CrisisResources = z.infer<typeof crisisResourcesSchema>;
export const defaultCrisisResources: CrisisResources = {
  text: "If you are thinking about harming yourself, call or text 988 (Suicide & Crisis Lifeline) now, or call 911 in an emergency.",
};

/**
 * The clinic's stored text (setting `crisisResourcesSettingKey`, read the way the messages banner
 * reads it), else the default: a missing or broken setting never hides the resources.
 */
export function crisisResourcesOf(stored: unknown): CrisisResources {
  const text = crisisTextFromSetting(stored);
  return text ? { text } : defaultCrisisResources;
}

/** The same rule that raises the team's self-harm flag (PHQ-9 item 9 > 0) shows the patient the crisis resources. */
export const showsCrisisResources = (scored: Pick<InstrumentScore, "safetyFlag">): boolean => scored.safetyFlag;

// --- the patient's pain diary ----------------------------------------------------------------------

export const patientDiaryPointSchema = z.union([z.literal("pre"), diaryTimePointSchema]);
export type PatientDiaryPoint = z.infer<typeof patientDiaryPointSchema>;

export type DiaryOrder = Pick<ProcedureOrder, "id" | "procedureType" | "diagnostic" | "status" | "performedAt" | "scheduledFor" | "preProcedurePain">;
type DiaryOutcome = Pick<ProcedureOutcome, "procedureId" | "timePoint" | "painScore" | "assessedAt">;

export const diaryPointStates = ["recorded", "upcoming", "open", "closed"] as const;
export type DiaryPointState = (typeof diaryPointStates)[number];

export type PatientDiaryView = {
  procedureId: string;
  /** waiting: scheduled today, the block not yet charted as done; open: the block is done and its diary window runs; closed: past it. */
  state: "waiting" | "open" | "closed";
  performedAt: Date | null;
  pre: { painScore: number | null; canRecord: boolean };
  points: { timePoint: DiaryTimePoint; label: string; promptAt: Date | null; painScore: number | null; state: DiaryPointState }[];
  reliefPercent: number | null;
  policyId: string;
};

const sameDay = (a: Date | null, now: Date): boolean => a !== null && isoDay(a) === isoDay(now);

/** A diagnostic block the patient keeps a diary for: performed, or scheduled, today. */
export function isDiaryDay(order: DiaryOrder, now: Date): boolean {
  if (!order.diagnostic) return false;
  if (order.status === "performed") return sameDay(order.performedAt, now);
  return order.status === "scheduled" && sameDay(order.scheduledFor, now);
}

/**
 * The diary as the patient sees it: the pain before the block (recordable on the block's day until
 * the first diary point, while the team has not charted one), and each point with its clock time from the block's
 * time. A point opens `diaryEarlyMinutes` before its prompt and closes with the series' diary window.
 */
export function patientDiary(
  order: DiaryOrder,
  outcomes: readonly DiaryOutcome[],
  now: Date,
  policy: QuestionnaireSchedulePolicy = defaultQuestionnaireSchedulePolicy,
  series: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy,
): PatientDiaryView {
  const mine = outcomes.filter((o) => o.procedureId === order.id);
  const performedAt = order.status === "performed" ? order.performedAt : null;
  const windowEnd = performedAt ? performedAt.getTime() + series.diaryMaxHoursAfter * 3_600_000 : null;
  const state: PatientDiaryView["state"] = performedAt === null ? "waiting" : now.getTime() > windowEnd! ? "closed" : "open";
  const points = diaryTimePoints.map((timePoint) => {
    const recorded = mine.find((o) => o.timePoint === timePoint);
    const promptAt = performedAt ? diaryPromptTime(performedAt, timePoint, series) : null;
    let pointState: DiaryPointState;
    if (recorded) pointState = "recorded";
    else if (promptAt === null || now.getTime() < promptAt.getTime() - policy.diaryEarlyMinutes * 60_000) pointState = "upcoming";
    else pointState = state === "closed" ? "closed" : "open";
    return { timePoint, label: outcomeTimePointLabels[timePoint], promptAt, painScore: recorded?.painScore ?? null, state: pointState };
  });
  const pre = order.preProcedurePain;
  const relief = pre === null ? null : diaryRelief(pre, mine, series);
  return {
    procedureId: order.id,
    state,
    performedAt,
    // The pain before the block is the day's: not days ahead of a booked block, and not after the diary started.
    pre: { painScore: pre, canRecord: pre === null && mine.length === 0 && state !== "closed" && (performedAt !== null || isDiaryDay(order, now)) },
    points,
    reliefPercent: relief?.reliefPercent ?? null,
    policyId: policy.id,
  };
}

/** Why the patient cannot record this point now; undefined when they can. */
export function diaryPointIssue(view: PatientDiaryView, point: PatientDiaryPoint): string | undefined {
  if (point === "pre") {
    if (view.pre.canRecord) return undefined;
    if (view.pre.painScore !== null) return "the pain before the block is already recorded";
    return view.state === "waiting" ? "you can record your pain before the block on the day of the block" : "the pain before the block can no longer be recorded";
  }
  const p = view.points.find((x) => x.timePoint === point);
  if (!p) return "unknown diary time";
  if (view.pre.painScore === null) return "first record your pain before the block";
  switch (p.state) {
    case "recorded":
      return `the ${p.label} score is already recorded`;
    case "upcoming":
      return view.state === "waiting" ? "the diary opens once your team has marked the block as done" : `the ${p.label} score opens at its time`;
    case "closed":
      return "this diary has closed";
    case "open":
      return undefined;
  }
}

// --- inputs --------------------------------------------------------------------------------------

export const questionnaireScheduleInputSchema = z.strictObject({
  patientId: idSchema,
  instrument: instrumentSchema,
  everyDays: z.number().int().min(defaultQuestionnaireSchedulePolicy.minEveryDays).max(defaultQuestionnaireSchedulePolicy.maxEveryDays),
  startsOn: isoDaySchema,
  active: z.boolean(),
  /** The schedule's version as read; absent when creating one. A stale or missing version on an existing one is CONFLICT. */
  version: expectedVersionSchema.optional(),
});
export type QuestionnaireScheduleInput = z.infer<typeof questionnaireScheduleInputSchema>;

export const patientSubmitQuestionnaireInputSchema = z.strictObject({
  instrument: instrumentSchema,
  responses: z.array(z.number().int().min(0).max(10)).min(1).max(13),
});
export type PatientSubmitQuestionnaireInput = z.infer<typeof patientSubmitQuestionnaireInputSchema>;

export const patientDiaryInputSchema = z.strictObject({ procedureId: idSchema });
export const patientRecordDiaryInputSchema = z.strictObject({
  procedureId: idSchema,
  timePoint: patientDiaryPointSchema,
  painScore: painScoreSchema,
});
export type PatientRecordDiaryInput = z.infer<typeof patientRecordDiaryInputSchema>;

export const setCrisisTextInputSchema = z.strictObject({ text: crisisTextSchema, version: expectedVersionSchema.optional() });
