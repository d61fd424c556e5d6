import { z } from "zod";
import { addDays, clinicalDateSchema, idSchema } from "./common";
import { instruments, instrumentSchema } from "./instruments";
import { defaultOutcomeSeriesPolicy, outcomeScheduleOf, type OutcomeSeriesPolicy } from "./outcomes";
import { procedureCatalog, procedureTypes, type ProcedureType } from "./procedure-catalog";
import { defaultClinicPolicy, type ClinicPolicy } from "./policy";

/**
 * The plan as the team opens it: everything current, and the latest few of every series that
 * grows with time. Older history is read page by page (or by date range for charts), so opening a
 * plan costs the same after ten years of visits as after ten weeks.
 */
export const planWindow = {
  /** Latest therapy sessions on the plan; the rest page in. */
  therapySessions: 10,
  /** Latest scored or unscored assessments of any instrument on the plan (charts ask by range). */
  assessments: 20,
  /** Latest psychology notes the viewer may read. */
  psychNotes: 5,
  /** Latest monitoring checks of any kind (the latest of each kind is always on the plan). */
  opioidMonitoring: 5,
  /** Latest safety responses (the responses to the latest PHQ-9 are always on the plan). */
  safetyResponses: 3,
  /** Latest stopped medications (every active one is on the plan). */
  stoppedMedications: 5,
  /** Latest closed action items (every open one is on the plan). */
  closedActionItems: 5,
  /** Latest completed or stopped plan items (every open one is on the plan). */
  closedPlanItems: 5,
  /** Latest procedure orders of any status (every open one is on the plan, with the orders the rules read). */
  procedures: 5,
} as const;

/** Largest page any history procedure returns. */
export const historyPageMax = 100;

/**
 * The history the flag rules (flags.ts, stewardship.ts, safety-flag.ts) read beyond the latest of
 * each series: no-shows inside the missed-sessions window. The nrs/peg3 baseline at the start of the
 * current ladder step is read once the step is known (see notImprovingBaselineWindow).
 */
export function flagHistoryWindow(now: Date, policy: ClinicPolicy = defaultClinicPolicy): { sessionsSince: Date } {
  // A day earlier than the rule's own bound: calendar dates compare at midnight UTC, the rule filters exactly.
  return { sessionsSince: addDays(now, -policy.missedSessionsWindowDays - 1) };
}

/** The pain instruments "not improving" compares at the step's start and now (flags.ts). */
export const notImprovingInstruments = ["nrs", "peg3"] as const;

/**
 * Each procedure type's follow-up points in order, with the day each window opens (outcomes.ts).
 * A point can be due only while it is the latest opened point and neither it nor a later one is
 * recorded (an earlier one is then "missed"), so an order whose latest opened point or a later one
 * is recorded has nothing due now. A diagnostic block's diary is complete with any point.
 */
export function outcomePointWindows(policy: OutcomeSeriesPolicy = defaultOutcomeSeriesPolicy): { procedureType: ProcedureType; timePoint: string; dueFromDays: number; index: number }[] {
  return procedureTypes.flatMap((procedureType) => {
    const schedule = outcomeScheduleOf({ procedureType, diagnostic: false }, policy);
    return (policy.schedules[schedule] ?? []).map((w, index) => ({ procedureType, timePoint: w.timePoint, dueFromDays: w.dueFromDays, index }));
  });
}

/** Procedure types by the ladder step they put a patient on (§6.8), for "highest step reached". */
export function procedureTypesByStep(): Map<number, ProcedureType[]> {
  const byStep = new Map<number, ProcedureType[]>();
  for (const type of procedureTypes) {
    const step = procedureCatalog[type].ladderStep;
    byStep.set(step, [...(byStep.get(step) ?? []), type]);
  }
  return byStep;
}

// --- the history behind the plan, a page at a time ------------------------------------------------

const pageRef = {
  patientId: idSchema,
  /** The id of the last row of the previous page (its nextCursor). */
  cursor: idSchema.optional(),
  limit: z.number().int().min(1).max(historyPageMax).default(50),
};

/** Therapy sessions, newest first. */
export const therapySessionPageInputSchema = z.strictObject(pageRef);
export type TherapySessionPageInput = z.infer<typeof therapySessionPageInputSchema>;

/** Shared summaries and the caller's own psychotherapy notes, newest first. */
export const psychNotePageInputSchema = z.strictObject(pageRef);
export type PsychNotePageInput = z.infer<typeof psychNotePageInputSchema>;

/** Assessments in a date range, oldest first (charts ask for their series by range). */
export const assessmentPageInputSchema = z
  .strictObject({
    ...pageRef,
    instruments: z.array(instrumentSchema).max(instruments.length).optional(),
    from: clinicalDateSchema.optional(),
    to: clinicalDateSchema.optional(),
  })
  .refine((i) => !i.from || !i.to || i.from.getTime() <= i.to.getTime(), { message: "from must not be after to", path: ["from"] });
export type AssessmentPageInput = z.infer<typeof assessmentPageInputSchema>;

/** One page and the cursor of the next (null on the last page). */
export function historyPageOf<T extends { id: string }>(rows: readonly T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
