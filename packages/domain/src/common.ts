import { z } from "zod";
import { DomainError } from "./errors";

export const idSchema = z.uuid();
export const expectedVersionSchema = z.number().int().min(1);

/** A bounded, trimmed, non-empty string: every free-text field has a ceiling. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Accepts a Date (superjson over tRPC) or an ISO date / date-time string (plain forms),
 * and always yields a valid Date.
 */
export const dateInputSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => (value instanceof Date ? value : new Date(value)))
  .pipe(z.date());

export const painScoreSchema = z.number().int().min(0).max(10);

/** True when `date` is not later than `now`. */
export function notInFuture(date: Date, now: Date): boolean {
  return date.getTime() <= now.getTime();
}

/**
 * Input fields that record something that has already happened. Schemas cannot see the clock
 * (tRPC builds them once, at start-up), so the API calls `validateNotInFuture(input, now)` right
 * after parsing; forms can call it too. One list, one check, for every input schema.
 */
export const pastOnlyDateFields = ["onsetDate", "sessionDate", "performedAt", "stoppedAt"] as const;

export function validateNotInFuture(input: object, now: Date): void {
  const record = input as Record<string, unknown>;
  for (const field of pastOnlyDateFields) {
    const value = record[field];
    if (value instanceof Date && !notInFuture(value, now)) {
      throw new DomainError("BAD_REQUEST", `${field} cannot be in the future`, field);
    }
  }
}

/** One decimal, without binary noise (4.4999999999999998 must round to 4.5). */
export function round1(value: number): number {
  return Math.round(Number(value.toPrecision(12)) * 10) / 10;
}

export const durationSchema = z.object({
  value: z.number().int().min(0),
  unit: z.enum(["days", "weeks", "months"]),
});
export type Duration = z.infer<typeof durationSchema>;

const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Calendar months, so "3 months" means the same date three months on, as clinicians count it. */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export function addDuration(date: Date, duration: Duration, sign: 1 | -1 = 1): Date {
  switch (duration.unit) {
    case "days":
      return addDays(date, sign * duration.value);
    case "weeks":
      return addDays(date, sign * duration.value * 7);
    case "months":
      return addMonths(date, sign * duration.value);
  }
}

export function formatDuration(duration: Duration): string {
  const unit = duration.value === 1 ? duration.unit.slice(0, -1) : duration.unit;
  return `${duration.value} ${unit}`;
}

export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}
