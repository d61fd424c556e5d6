import { z } from "zod";
import { addDays, clinicalDateSchema, idSchema } from "./common";
import { instruments, instrumentSchema } from "./instruments";
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
