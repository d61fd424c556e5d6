import { z } from "zod";

export const idSchema = z.uuid();
/** Versions are PostgreSQL integers: a larger number could never match and would fail in SQL. */
export const expectedVersionSchema = z.number().int().min(1).max(2_147_483_647);

// --- free text ----------------------------------------------------------------------------------
//
// Every string a person types goes through one of the builders below. PostgreSQL cannot store a NUL
// byte (the insert fails: a 500, never a field error), other control characters and lone surrogates
// are never typed by a person, and bidi embedding/override/isolate controls make a note read
// differently on screen from what is stored ("Trojan source"). Left-to-right and right-to-left marks
// (U+200E, U+200F) stay allowed: right-to-left keyboards insert them and they cannot reorder text.

/** Code points never allowed in any field; tab, line feed and carriage return are decided per field kind. */
const FORBIDDEN_RANGES: readonly (readonly [number, number])[] = [
  [0x00, 0x08], // C0 controls before tab, NUL first
  [0x0b, 0x0c], // vertical tab, form feed
  [0x0e, 0x1f], // the rest of C0
  [0x7f, 0x9f], // DEL and the C1 controls
  [0x2028, 0x2029], // line and paragraph separators
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2066, 0x2069], // bidi isolates
  [0xd800, 0xdfff], // a surrogate on its own (never half of a pair: those arrive as one code point)
  [0xfeff, 0xfeff], // byte order mark
  [0xfff9, 0xfffb], // interlinear annotation
];
/** A single-line field (names, titles, search terms) takes no line breaks and no tabs either. */
const LINE_BREAKS_AND_TAB = [0x09, 0x0a, 0x0d];
const CARRIAGE_RETURN = 0x0d;

const isForbidden = (code: number) => FORBIDDEN_RANGES.some(([from, to]) => code >= from && code <= to);
const codePointName = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;

/** Why `value` cannot be stored in a field of this kind, naming the character; undefined when it can. */
export function textIssue(value: string, lines: "single" | "multi"): string | undefined {
  let lineBreak: number | undefined;
  for (const character of value) {
    const code = character.codePointAt(0)!;
    // A multi-line value reaches this with every CRLF already made LF: a carriage return left is a lone one.
    if (isForbidden(code) || (lines === "multi" && code === CARRIAGE_RETURN)) return `contains a control character (${codePointName(code)})`;
    if (lines === "single" && lineBreak === undefined && LINE_BREAKS_AND_TAB.includes(code)) lineBreak = code;
  }
  return lineBreak === undefined ? undefined : `must be a single line (found ${codePointName(lineBreak)})`;
}

/**
 * A trimmed string of at most `max` characters, free of control characters; may be empty. Multi-line
 * text keeps line feeds and tabs, and a Windows line end (CRLF, as a textarea posts it) becomes a
 * line feed; a lone carriage return is refused.
 */
export const plainText = (max: number, lines: "single" | "multi" = "multi") =>
  z
    .string()
    .overwrite((value) => (lines === "multi" ? value.replace(/\r\n/g, "\n") : value))
    .trim()
    .max(max)
    .check((ctx) => {
      const issue = textIssue(ctx.value, lines);
      if (issue) ctx.issues.push({ code: "custom", input: ctx.value, message: issue });
    });

/** Required multi-line text (notes, rationales, reasons). */
export const text = (max: number) => plainText(max, "multi").min(1);
/** Required single-line text (names, titles, diagnoses). */
export const singleLine = (max: number) => plainText(max, "single").min(1);
/** Optional multi-line text: null when absent, possibly empty. */
export const optionalText = (max: number) => plainText(max, "multi").nullable();

// --- dates -----------------------------------------------------------------------------------------

/**
 * The years any date of this clinic can fall in. A schema cannot see the clock, so this is the
 * absolute bound that keeps a Date JavaScript or PostgreSQL cannot hold (year 0, −1, 20000) from
 * ever reaching SQL; the rules relative to today and to the patient's birth date are data in
 * clinical-dates.ts, checked once the request's clock and patient are known.
 */
export const clinicalYears = { min: 1900, max: 2100 } as const;

/**
 * Accepts a Date (superjson over tRPC) or an ISO date / date-time string (plain forms), and always
 * yields a valid Date within clinicalYears.
 */
export const clinicalDateSchema = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => (value instanceof Date ? value : new Date(value)))
  .pipe(
    z.date().refine((date) => date.getUTCFullYear() >= clinicalYears.min && date.getUTCFullYear() <= clinicalYears.max, {
      message: `must be a date between ${clinicalYears.min} and ${clinicalYears.max}`,
    }),
  );

// --- cursors -----------------------------------------------------------------------------------------

/** Row ids of the bigserial logs (plan_events, audit_log), as JavaScript numbers hold them exactly. */
export const rowIdCursorSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/**
 * The id of the last live event a client applied, as tRPC sends a tracked id back on reconnect: a
 * string of digits. It must be a row id a number holds exactly (16 digits at most), never a
 * 30-digit string that PostgreSQL would refuse.
 */
export const lastEventIdSchema = z
  .string()
  .regex(/^\d{1,16}$/, "must be an event id")
  .transform(Number)
  .pipe(z.number().int().min(0).max(Number.MAX_SAFE_INTEGER));

export const painScoreSchema = z.number().int().min(0).max(10);

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
