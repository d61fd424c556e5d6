import { describe, expect, it } from "vitest";
import { z } from "zod";
import { clinicalDateIssue, clinicalDateRules, validateClinicalDates, type ClinicalDateField } from "./clinical-dates";
import { addDays, addMonths, clinicalDateSchema } from "./common";
import { DomainError } from "./errors";
import * as domain from "./index";
import { NOW } from "./test-fixtures";

const BORN = new Date("1970-03-15");
const context = { now: NOW, birthDate: BORN };
const utc = (iso: string) => new Date(iso);

/** The DomainError validateClinicalDates throws, or undefined when the input is plausible. */
function rejection(input: unknown, ctx: { now: Date; birthDate?: Date } = context): DomainError | undefined {
  try {
    validateClinicalDates(input, ctx);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

const happened: ClinicalDateField[] = ["onsetDate", "startedAt", "stoppedAt", "sessionDate", "performedAt"];
const planned = ["targetDate", "scheduledFor", "dueDate"] as const;

describe("clinical date rules", () => {
  it("every date field of every input has a rule, and every rule a field (list filters excepted)", () => {
    const fields = new Set<string>();
    for (const [name, schema] of Object.entries(domain)) {
      if (name.endsWith("InputSchema") && schema instanceof z.ZodType) collectDateFields(schema, fields);
    }
    const filters = new Set(["from", "to"]);
    expect([...fields].filter((f) => !filters.has(f)).sort()).toEqual(Object.keys(clinicalDateRules).sort());
    expect(fields.has("from") && fields.has("to")).toBe(true);
  });

  it.each(happened)("%s: what happened is not in the future, not before birth, and may lie decades back", (field) => {
    expect(clinicalDateIssue(field, NOW, context)).toBeUndefined();
    expect(clinicalDateIssue(field, utc("1975-06-01"), context)).toBeUndefined();
    expect(clinicalDateIssue(field, BORN, context)).toBeUndefined();
    // Today in a clinic east of UTC is still tomorrow in UTC.
    expect(clinicalDateIssue(field, utc("2026-06-02"), context)).toBeUndefined();
    expect(clinicalDateIssue(field, addDays(NOW, 1), context)).toBe("cannot be in the future");
    expect(clinicalDateIssue(field, utc("2099-01-01"), context)).toBe("cannot be in the future");
    expect(clinicalDateIssue(field, utc("1970-03-14"), context)).toBe("cannot be before the patient's date of birth");
    expect(clinicalDateIssue(field, utc("1900-01-01"), context)).toBe("cannot be before the patient's date of birth");
  });

  it.each(planned)("%s: a plan lies ahead within its horizon, after a short grace period, never before birth", (field) => {
    const rule = clinicalDateRules[field];
    expect(clinicalDateIssue(field, addDays(NOW, 30), context)).toBeUndefined();
    expect(clinicalDateIssue(field, addDays(NOW, -rule.graceDays), context)).toBeUndefined();
    expect(clinicalDateIssue(field, addDays(NOW, -rule.graceDays - 2), context)).toBe(`cannot be more than ${rule.graceDays} days in the past`);
    const horizon = addMonths(NOW, 12 * rule.horizonYears);
    expect(clinicalDateIssue(field, horizon, context)).toBeUndefined();
    expect(clinicalDateIssue(field, addDays(horizon, 1), context)).toBe(`cannot be more than ${rule.horizonYears} years ahead`);
    expect(clinicalDateIssue(field, utc("2099-01-01"), context)).toBe(`cannot be more than ${rule.horizonYears} years ahead`);
    expect(clinicalDateIssue(field, utc("1900-01-01"), context)).toBe("cannot be before the patient's date of birth");
    expect(clinicalDateIssue(field, utc("1900-01-01"), { now: NOW })).toBe(`cannot be more than ${rule.graceDays} days in the past`);
  });

  it("goal targets, procedure bookings and due dates have the horizons a clinic plans in", () => {
    expect(clinicalDateRules.targetDate).toEqual({ kind: "planned", graceDays: 31, horizonYears: 5 });
    expect(clinicalDateRules.scheduledFor).toEqual({ kind: "planned", graceDays: 7, horizonYears: 10 });
    expect(clinicalDateRules.dueDate).toEqual({ kind: "planned", graceDays: 90, horizonYears: 2 });
  });
});

describe("validateClinicalDates", () => {
  // The inputs of the issue: each date as the schema hands it on, checked against today and birth.
  it.each([
    ["a medication started in 2099", { startedAt: utc("2099-01-01") }, "startedAt", "startedAt: cannot be in the future"],
    ["a therapy session in 1900", { sessionDate: utc("1900-01-01") }, "sessionDate", "sessionDate: cannot be before the patient's date of birth"],
    ["a goal target in 1900", { targetDate: utc("1900-01-01") }, "targetDate", "targetDate: cannot be before the patient's date of birth"],
    ["a procedure performed before birth", { performedAt: utc("1969-12-31") }, "performedAt", "performedAt: cannot be before the patient's date of birth"],
    ["an onset tomorrow", { onsetDate: addDays(NOW, 2) }, "onsetDate", "onsetDate: cannot be in the future"],
    ["a booking in 2099", { scheduledFor: utc("2099-06-15") }, "scheduledFor", "scheduledFor: cannot be more than 10 years ahead"],
    ["a goal inside a meeting decision", { kind: "add_goal", goal: { targetDate: utc("1900-01-01") } }, "goal.targetDate", "goal.targetDate: cannot be before the patient's date of birth"],
  ])("refuses %s with BAD_REQUEST naming the field", (_name, input, field, message) => {
    const error = rejection({ patientId: "p", ...input });
    expect(error?.code).toBe("BAD_REQUEST");
    expect(error?.field).toBe(field);
    expect(error?.message).toBe(message);
  });

  it("lets plausible dates through, and leaves list filters and strings alone", () => {
    expect(rejection({ onsetDate: utc("1998-04-01"), startedAt: addDays(NOW, -30), targetDate: addDays(NOW, 90), sessionDate: NOW })).toBeUndefined();
    expect(rejection({ from: utc("1900-01-01"), to: utc("2100-01-01") })).toBeUndefined();
    expect(rejection({ onsetDate: "2099-01-01" })).toBeUndefined();
    expect(rejection(undefined)).toBeUndefined();
    expect(rejection([{ sessionDate: NOW }])).toBeUndefined();
  });

  it("without a patient, only the clock applies", () => {
    expect(rejection({ sessionDate: utc("1950-01-01") }, { now: NOW })).toBeUndefined();
    expect(rejection({ sessionDate: utc("2099-01-01") }, { now: NOW })?.field).toBe("sessionDate");
  });

  it("validates what the schema parsed: a date string becomes a Date and is then checked", () => {
    const parsed = domain.createProblemInputSchema.parse({
      patientId: "00000000-0000-4000-8000-00000000aaaa",
      diagnosis: "Lumbar radiculopathy",
      bodySite: "left leg",
      laterality: "left",
      level: "L5-S1",
      painGenerator: "nerve_root",
      painPattern: "radicular",
      onsetDate: "1965-01-10",
    });
    expect(rejection(parsed)?.field).toBe("onsetDate");
  });
});

/** Field names whose schema is clinicalDateSchema, found by walking the schema's structure. */
function collectDateFields(schema: z.ZodType, into: Set<string>, key?: string): void {
  if (schema === clinicalDateSchema) {
    if (key) into.add(key);
  } else if (schema instanceof z.ZodObject) {
    for (const [name, child] of Object.entries(schema.shape as Record<string, z.ZodType>)) collectDateFields(child, into, name);
  } else if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    collectDateFields(schema.unwrap() as z.ZodType, into, key);
  } else if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as z.ZodType[]) collectDateFields(option, into, key);
  } else if (schema instanceof z.ZodArray) {
    collectDateFields(schema.element as z.ZodType, into, key);
  } else if (schema instanceof z.ZodPipe) {
    collectDateFields(schema.in as z.ZodType, into, key);
  }
}
