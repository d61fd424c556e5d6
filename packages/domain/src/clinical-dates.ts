import { addDays, addMonths } from "./common";
import { DomainError } from "./errors";

/**
 * What a date field records decides which dates are plausible for it.
 * - `happened`: something that already took place — not after today, not before the patient was
 *   born. No lookback beyond birth: history taken today may reach back decades, and a record is
 *   sometimes entered long after the visit.
 * - `planned`: something the team intends — not before today minus `graceDays` (a plan entered a
 *   little late, or a due date left as it was), not after `horizonYears` from today.
 */
export type ClinicalDateRule = { kind: "happened" } | { kind: "planned"; graceDays: number; horizonYears: number };

/**
 * Every date field of every input, by name, wherever it sits in the input (a goal inside a meeting
 * decision is checked as `goal.targetDate`). Filters of lists (`from`, `to`) are not here: asking
 * about any period is harmless, so they only carry the absolute bounds of clinicalDateSchema.
 */
export const clinicalDateRules = {
  // Pain may have begun, and a medication been started or stopped, at any time of life; a session
  // or a procedure took place in the patient's lifetime (never in 1900), and not tomorrow.
  onsetDate: { kind: "happened" },
  startedAt: { kind: "happened" },
  stoppedAt: { kind: "happened" },
  sessionDate: { kind: "happened" },
  performedAt: { kind: "happened" },
  // An outcome or diary point, and an instrument administered on paper and entered later (§6.7, issue 10 item 9).
  assessedAt: { kind: "happened" },
  administeredAt: { kind: "happened" },
  // When the team reached (or tried to reach) a patient after a self-harm answer (§6.9).
  contactedAt: { kind: "happened" },
  // Goals are reviewed every few months; a target agreed at last month's review may be entered now.
  targetDate: { kind: "planned", graceDays: 31, horizonYears: 5 },
  // A booking noted a week late still counts; team reviews are booked as standing series years ahead.
  scheduledFor: { kind: "planned", graceDays: 7, horizonYears: 10 },
  // An overdue item keeps its due date (the router refuses a changed due date in the past).
  dueDate: { kind: "planned", graceDays: 90, horizonYears: 2 },
} as const satisfies Record<string, ClinicalDateRule>;
export type ClinicalDateField = keyof typeof clinicalDateRules;

/**
 * A clinic's calendar day may begin up to 14 hours before UTC's (UTC+14): "today" typed there is
 * still tomorrow in UTC, and must not read as the future.
 */
const CALENDAR_DAY_AHEAD_MS = 14 * 60 * 60 * 1000;

/** Nested inputs are shallow (a goal inside a decision); anything deeper is not a clinical input. */
const MAX_DEPTH = 4;

export interface ClinicalDateContext {
  now: Date;
  /** The patient's date of birth, when the input is about one patient. */
  birthDate?: Date | undefined;
}

function isRuleField(key: string): key is ClinicalDateField {
  return Object.prototype.hasOwnProperty.call(clinicalDateRules, key);
}

/** Why `value` is implausible for `field` under its rule; undefined when it is plausible. */
export function clinicalDateIssue(field: ClinicalDateField, value: Date, { now, birthDate }: ClinicalDateContext): string | undefined {
  const rule: ClinicalDateRule = clinicalDateRules[field];
  const time = value.getTime();
  if (birthDate && time < birthDate.getTime()) return "cannot be before the patient's date of birth";
  if (rule.kind === "happened") return time > now.getTime() + CALENDAR_DAY_AHEAD_MS ? "cannot be in the future" : undefined;
  if (time < addDays(now, -rule.graceDays).getTime() - CALENDAR_DAY_AHEAD_MS) return `cannot be more than ${rule.graceDays} days in the past`;
  if (time > addMonths(now, 12 * rule.horizonYears).getTime()) return `cannot be more than ${rule.horizonYears} years ahead`;
  return undefined;
}

/**
 * Checks every date of a parsed input against its field's rule, the request's clock and the
 * patient's birth date; throws BAD_REQUEST naming the first implausible field. Schemas cannot do
 * this (tRPC builds them once, at start-up): the API calls it in one middleware, forms before submit.
 */
export function validateClinicalDates(input: unknown, context: ClinicalDateContext): void {
  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH || value === null || typeof value !== "object" || value instanceof Date) return;
    for (const [key, child] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (child instanceof Date && isRuleField(key)) {
        const issue = clinicalDateIssue(key, child, context);
        if (issue) throw new DomainError("BAD_REQUEST", `${childPath}: ${issue}`, childPath);
      } else {
        visit(child, childPath, depth + 1);
      }
    }
  };
  visit(input, "", 0);
}
