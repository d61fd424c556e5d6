import { describe, expect, it } from "vitest";
import { z } from "zod";
import { clinicalDateSchema, lastEventIdSchema, optionalText, plainText, rowIdCursorSchema, singleLine, text } from "./common";
import { createUserInputSchema } from "./account-inputs";
import { changePasswordInputSchema } from "./account-resets";
import * as inputs from "./inputs";
import { auditLogInputSchema, patientListInputSchema } from "./list-inputs";
import { addCaseInputSchema, createActionItemInputSchema, markDiscussedInputSchema, recordDecisionInputSchema, scheduleMeetingInputSchema } from "./meeting-inputs";
import { PATIENT } from "./test-fixtures";

const ID = "00000000-0000-4000-8000-000000000123";
const ref = { patientId: PATIENT, id: ID, expectedVersion: 1 };
const firstIssue = (result: z.ZodSafeParseResult<unknown>) => result.error?.issues[0];

describe("free text", () => {
  // Characters no person types into a clinical field: NUL breaks the insert in PostgreSQL, the rest
  // are invisible, or reorder what a reader sees (bidi embedding, override and isolate controls).
  const neverAllowed: [string, string][] = [
    ["NUL", "\u0000"],
    ["start of heading", "\u0001"],
    ["backspace", "\u0008"],
    ["vertical tab", "\u000b"],
    ["form feed", "\u000c"],
    ["escape", "\u001b"],
    ["unit separator", "\u001f"],
    ["delete", "\u007f"],
    ["next line (C1)", "\u0085"],
    ["application program command (C1)", "\u009f"],
    ["line separator", "\u2028"],
    ["paragraph separator", "\u2029"],
    ["left-to-right embedding", "\u202a"],
    ["right-to-left override", "\u202e"],
    ["left-to-right isolate", "\u2066"],
    ["pop directional isolate", "\u2069"],
    ["byte order mark inside text", "\ufeff"],
    ["interlinear annotation", "\ufff9"],
    ["lone high surrogate", "\ud800"],
    ["lone low surrogate", "\udfff"],
  ];

  it.each(neverAllowed)("refuses %s in single-line and multi-line text, naming the character", (_name, character) => {
    for (const schema of [text(100), singleLine(100), optionalText(100), plainText(100, "single")]) {
      const result = schema.safeParse(`before${character}after`);
      expect(result.success).toBe(false);
      const code = character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      expect(firstIssue(result)?.message).toBe(`contains a control character (U+${code})`);
    }
  });

  it("keeps what people do type: accents, other scripts, emoji, direction marks", () => {
    for (const value of ["Müller-Lüdenscheidt, Ärztin", "O'Brien — L4–L5", "محمد\u200f", "שלום\u200e", "李小龙", "😀 👨‍👩‍👧 ok", "a\u00a0b", "zero\u200bwidth"]) {
      expect(singleLine(100).safeParse(value).data, value).toBe(value);
      expect(text(100).safeParse(value).data, value).toBe(value);
    }
  });

  it("multi-line text keeps line feeds and tabs, turns CRLF into LF and refuses a lone CR", () => {
    expect(text(100).parse("Line one\n\tindented")).toBe("Line one\n\tindented");
    expect(text(100).parse("Line one\r\nLine two\r\n")).toBe("Line one\nLine two");
    expect(firstIssue(text(100).safeParse("Line one\rLine two"))?.message).toBe("contains a control character (U+000D)");
  });

  it("single-line text refuses line breaks and tabs inside, naming them", () => {
    expect(firstIssue(singleLine(100).safeParse("Lumbar\nradiculopathy"))?.message).toBe("must be a single line (found U+000A)");
    expect(firstIssue(singleLine(100).safeParse("Lumbar\r\nradiculopathy"))?.message).toBe("must be a single line (found U+000D)");
    expect(firstIssue(singleLine(100).safeParse("Lumbar\tradiculopathy"))?.message).toBe("must be a single line (found U+0009)");
    // Surrounding whitespace is trimmed, not refused.
    expect(singleLine(100).parse("\t Lumbar radiculopathy \n")).toBe("Lumbar radiculopathy");
  });

  it("counts the length after trimming, and required text must not be blank", () => {
    expect(singleLine(5).safeParse("  abcde  ").success).toBe(true);
    expect(singleLine(5).safeParse("abcdef").success).toBe(false);
    expect(text(5).safeParse(" \n\t ").success).toBe(false);
    expect(singleLine(5).safeParse("").success).toBe(false);
    expect(optionalText(5).parse(null)).toBeNull();
    expect(optionalText(5).parse("  ")).toBe("");
    expect(plainText(5, "single").parse("")).toBe("");
  });

  // Every free-text field of every input, with a valid input around it: a NUL or a bidi override in
  // any one of them is a BAD_REQUEST naming that field, never a 500 from the database.
  const freeTextFields: [string, z.ZodType, Record<string, unknown>, string][] = [
    ["problem diagnosis", inputs.createProblemInputSchema, problem(), "diagnosis"],
    ["problem body site", inputs.createProblemInputSchema, problem(), "bodySite"],
    ["problem imaging findings", inputs.createProblemInputSchema, problem(), "imagingFindings"],
    ["goal description", inputs.createGoalInputSchema, goal(), "description"],
    ["goal measure", inputs.createGoalInputSchema, goal(), "measure"],
    ["goal target", inputs.createGoalInputSchema, goal(), "target"],
    ["plan item title", inputs.createPlanItemInputSchema, planItem(), "title"],
    ["plan item rationale", inputs.createPlanItemInputSchema, planItem(), "rationale"],
    ["transition reason", inputs.transitionPlanItemInputSchema, { ...ref, to: "active", reason: "ok" }, "reason"],
    ["procedure indication", inputs.proposeProcedureInputSchema, proposal(), "indication"],
    ["procedure intent", inputs.proposeProcedureInputSchema, proposal(), "intent"],
    ["procedure expected benefit", inputs.proposeProcedureInputSchema, proposal(), "expectedBenefit"],
    ["procedure alternatives", inputs.proposeProcedureInputSchema, proposal(), "alternatives"],
    ["procedure follow-up plan", inputs.proposeProcedureInputSchema, proposal(), "followUpPlan"],
    ["procedure complications", inputs.recordProcedurePerformedInputSchema, { ...ref, performedAt: "2026-05-01", complications: "none" }, "complications"],
    ["cancellation reason", inputs.cancelProcedureInputSchema, { ...ref, reason: "Patient declined" }, "reason"],
    ["override reason", inputs.overrideCriterionInputSchema, { patientId: PATIENT, procedureId: ID, criterionId: "conservative_trial", reason: "Agreed at the case conference" }, "reason"],
    ["medication name", inputs.createMedicationInputSchema, { patientId: PATIENT, name: "Naproxen", doseMg: 500, timesPerDay: 2, route: "oral", startedAt: "2026-01-01" }, "name"],
    ["session function note", inputs.logTherapySessionInputSchema, session(), "functionNote"],
    ["session notes", inputs.logTherapySessionInputSchema, session(), "notes"],
    ["psychology note body", inputs.createPsychNoteInputSchema, { patientId: PATIENT, kind: "shared_summary", body: "Engaged" }, "body"],
    ["clearance rationale", inputs.recordClearanceInputSchema, { ...ref, status: "cleared", rationale: "Stable mood" }, "rationale"],
    ["comment body", inputs.createCommentInputSchema, { patientId: PATIENT, targetType: "goal", targetId: ID, body: "Agreed" }, "body"],
    ["care plan summary", inputs.updateCarePlanInputSchema, { ...ref, summary: "Plan" }, "summary"],
    ["action item description", createActionItemInputSchema, { patientId: PATIENT, meetingId: ID, caseId: ID, description: "Book MRI", ownerId: ID, dueDate: "2026-06-10" }, "description"],
    ["meeting title", scheduleMeetingInputSchema, { title: "Team review", scheduledFor: "2026-06-10", attendeeIds: [ID] }, "title"],
    ["agenda case reason", addCaseInputSchema, { patientId: PATIENT, meetingId: ID, reason: "Pending decision" }, "reason"],
    ["discussion notes", markDiscussedInputSchema, { caseId: ID, expectedVersion: 1, discussionNotes: "Discussed" }, "discussionNotes"],
    ["decision note", recordDecisionInputSchema, { patientId: PATIENT, meetingId: ID, caseId: ID, kind: "note", text: "Noted" }, "text"],
    ["account name", createUserInputSchema, { email: "new@stepwise.test", name: "New Person", role: "physician" }, "name"],
    ["account password", changePasswordInputSchema, { newPassword: "a long password", confirmPassword: "a long password" }, "newPassword"],
    ["patient search", patientListInputSchema, { search: "Achterberg" }, "search"],
    ["audit action filter", auditLogInputSchema, { action: "patients.list" }, "action"],
  ];

  it.each(freeTextFields)("%s: valid as given, BAD_REQUEST naming the field with a NUL, \\u0001, \\u007f or \\u202e", (_name, schema, valid, field) => {
    expect(schema.safeParse(valid).success).toBe(true);
    for (const character of ["\u0000", "\u0001", "\u007f", "\u202e"]) {
      const result = schema.safeParse({ ...valid, [field]: `Text${character}more` });
      expect(result.success, JSON.stringify(character)).toBe(false);
      expect(firstIssue(result)?.path).toEqual([field]);
    }
  });

  it("interventions are single-line text each", () => {
    expect(inputs.logTherapySessionInputSchema.safeParse(session({ interventions: ["Core stability", "Walking"] })).success).toBe(true);
    expect(firstIssue(inputs.logTherapySessionInputSchema.safeParse(session({ interventions: ["Core\u0000stability"] })))?.path).toEqual(["interventions", 0]);
  });
});

describe("clinical dates: absolute bounds in the schema", () => {
  it.each([
    ["an ISO date", "2026-05-30", "2026-05-30T00:00:00.000Z"],
    ["an ISO date-time with offset", "2026-05-30T09:30:00+02:00", "2026-05-30T07:30:00.000Z"],
    ["a Date", new Date("2026-05-30T09:30:00Z"), "2026-05-30T09:30:00.000Z"],
    ["the first day of 1900", "1900-01-01", "1900-01-01T00:00:00.000Z"],
    ["the last day of 2100", "2100-12-31", "2100-12-31T00:00:00.000Z"],
  ])("accepts %s", (_name, value, iso) => {
    expect(clinicalDateSchema.parse(value).toISOString()).toBe(iso);
  });

  it.each([
    ["year 0 as an ISO date", "0000-06-15"],
    ["year −1 as an expanded ISO date", "-000001-01-01"],
    ["year 20000 as an expanded ISO date", "+020000-01-01"],
    ["year 0 as a Date", new Date("0000-06-15T00:00:00Z")],
    ["year −1 as a Date", new Date(Date.UTC(-1, 0, 1))],
    ["year 20000 as a Date", new Date(Date.UTC(20000, 0, 1))],
    ["an invalid Date", new Date(Number.NaN)],
    ["the day before 1900", "1899-12-31"],
    ["the day after 2100", "2101-01-01"],
    ["30 February", "2026-02-30"],
    ["free text", "last spring"],
    ["a number", 1_780_000_000_000],
  ])("refuses %s", (_name, value) => {
    expect(clinicalDateSchema.safeParse(value).success).toBe(false);
  });

  it("names the field of an input whose date is out of range", () => {
    for (const date of ["0000-06-15", "-000001-01-01", "+020000-01-01", new Date(Date.UTC(20000, 0, 1))]) {
      expect(firstIssue(inputs.createProblemInputSchema.safeParse(problem({ onsetDate: date })))?.path).toEqual(["onsetDate"]);
      expect(firstIssue(auditLogInputSchema.safeParse({ from: date }))?.path).toEqual(["from"]);
    }
  });
});

describe("cursors and versions", () => {
  it("a row-id cursor is a positive integer a number holds exactly", () => {
    for (const ok of [1, 42, Number.MAX_SAFE_INTEGER]) expect(rowIdCursorSchema.safeParse(ok).success, String(ok)).toBe(true);
    for (const bad of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, 1e30, Number.NaN, Number.POSITIVE_INFINITY, "5"]) {
      expect(rowIdCursorSchema.safeParse(bad).success, String(bad)).toBe(false);
    }
  });

  it("a live stream's last event id is a string of digits within the safe range, read as a number", () => {
    expect(lastEventIdSchema.parse("123")).toBe(123);
    expect(lastEventIdSchema.parse(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    for (const bad of ["1".repeat(30), String(Number.MAX_SAFE_INTEGER + 1), "-1", "1e3", "", " 1", "0x10", 7, 1e30, -1, 1.5]) {
      expect(lastEventIdSchema.safeParse(bad).success, String(bad)).toBe(false);
    }
  });

  it("an expected version fits PostgreSQL's integer", () => {
    expect(inputs.approveProcedureInputSchema.safeParse({ ...ref, expectedVersion: 2_147_483_647 }).success).toBe(true);
    expect(firstIssue(inputs.approveProcedureInputSchema.safeParse({ ...ref, expectedVersion: 2_147_483_648 }))?.path).toEqual(["expectedVersion"]);
  });
});

function problem(overrides: Record<string, unknown> = {}) {
  return {
    patientId: PATIENT,
    diagnosis: "Lumbar radiculopathy",
    bodySite: "left leg",
    laterality: "left",
    level: "L5-S1",
    painGenerator: "nerve_root",
    painPattern: "radicular",
    onsetDate: "2026-01-10",
    imagingFindings: "Disc protrusion",
    ...overrides,
  };
}

function goal() {
  return { patientId: PATIENT, description: "Walk to the shop", measure: "minutes walking", target: "20", targetDate: "2026-09-01", discipline: "physical_therapist" };
}

function planItem() {
  return { patientId: PATIENT, kind: "physical_therapy", ladderStep: 1, discipline: "physical_therapist", title: "Graded activity", rationale: "Core stability" };
}

function proposal() {
  return {
    patientId: PATIENT,
    procedureType: "medial_branch_block",
    level: "L4-L5",
    side: "left",
    region: "lumbar",
    indication: "Axial low back pain",
    intent: "Diagnostic",
    expectedBenefit: "Hours of relief if positive",
    alternatives: "Continue PT",
    followUpPlan: "Pain diary",
  };
}

function session(overrides: Record<string, unknown> = {}) {
  return { patientId: PATIENT, idempotencyKey: ID, sessionDate: "2026-05-30", attendance: "attended", minutes: 45, functionNote: "Better", notes: "Tolerated well", ...overrides };
}
