import { describe, expect, it } from "vitest";
import * as inputs from "./inputs";
import {
  createPlanItemInputSchema,
  logTherapySessionInputSchema,
  overrideCriterionInputSchema,
  proposeProcedureInputSchema,
  submitAssessmentInputSchema,
  updateGoalInputSchema,
} from "./inputs";
import { PATIENT, uid } from "./test-fixtures";

const ID = "00000000-0000-4000-8000-000000000123";

const proposal = {
  patientId: PATIENT,
  procedureType: "medial_branch_block",
  level: "L4-L5",
  side: "left",
  region: "lumbar",
  indication: "Axial low back pain, facet-mediated suspected",
  intent: "Diagnostic: confirm the facet joints as the pain source",
  expectedBenefit: "Hours of relief if positive; guides ablation",
  alternatives: "Continue PT and medication",
  followUpPlan: "Pain diary for 6 hours after the block",
};

describe("input schemas", () => {
  it("every exported input schema requires a uuid patientId and rejects unknown fields", () => {
    const schemas = Object.entries(inputs).filter(([name]) => name.endsWith("InputSchema"));
    expect(schemas.length).toBeGreaterThanOrEqual(25);
    for (const [name, schema] of schemas) {
      if (!("safeParse" in schema)) continue;
      const missing = schema.safeParse({});
      expect(missing.success, name).toBe(false);
      const issues = missing.error?.issues ?? [];
      // discriminated unions stop at the discriminator; the others must name patientId
      if (name !== "submitAssessmentInputSchema") expect(issues.some((i) => i.path[0] === "patientId"), name).toBe(true);
    }
    expect(proposeProcedureInputSchema.safeParse({ ...proposal, sneaky: true }).success).toBe(false);
    expect(proposeProcedureInputSchema.safeParse({ ...proposal, patientId: "not-a-uuid" }).success).toBe(false);
  });

  it("a proposal needs the patient-facing questions answered", () => {
    expect(proposeProcedureInputSchema.safeParse(proposal).success).toBe(true);
    for (const field of ["intent", "expectedBenefit", "alternatives", "followUpPlan"]) {
      expect(proposeProcedureInputSchema.safeParse({ ...proposal, [field]: "  " }).success, field).toBe(false);
    }
  });

  it("a proposal's region and diagnostic flag must fit the catalog", () => {
    expect(proposeProcedureInputSchema.safeParse({ ...proposal, region: "knee" }).success).toBe(false);
    expect(proposeProcedureInputSchema.safeParse({ ...proposal, diagnostic: false }).success).toBe(false);
  });

  it("submitAssessment takes instrument and responses only — never a score", () => {
    expect(submitAssessmentInputSchema.safeParse({ patientId: PATIENT, instrument: "phq9", responses: [0, 0, 0, 0, 0, 0, 0, 0, 1] }).success).toBe(true);
    expect(submitAssessmentInputSchema.safeParse({ patientId: PATIENT, instrument: "phq9", responses: [0, 0, 0, 0, 0, 0, 0, 0, 1], score: 1 }).success).toBe(false);
    expect(submitAssessmentInputSchema.safeParse({ patientId: PATIENT, instrument: "phq9", responses: [0, 0, 0, 0, 0, 0, 0, 0, 4] }).success).toBe(false);
    expect(submitAssessmentInputSchema.safeParse({ patientId: PATIENT, instrument: "gad7", responses: [0, 0, 0] }).success).toBe(false);
    expect(submitAssessmentInputSchema.safeParse({ patientId: PATIENT, instrument: "odi", responses: [1, 2, 2, 1, 3, 2, 1, 2, 1, null] }).success).toBe(true);
    expect(submitAssessmentInputSchema.safeParse({ patientId: PATIENT, instrument: "nrs", responses: [null] }).success).toBe(false);
  });

  it("an override needs a written reason of at least 10 characters", () => {
    const base = { patientId: PATIENT, procedureId: ID, criterionId: "conservative_trial" };
    expect(overrideCriterionInputSchema.safeParse({ ...base, reason: "too short" }).success).toBe(false);
    expect(overrideCriterionInputSchema.safeParse({ ...base, reason: "Severe radicular weakness; cannot wait for 4 weeks of PT" }).success).toBe(true);
  });

  it("updates are patches with id and expectedVersion ≥1, and must change something", () => {
    expect(updateGoalInputSchema.safeParse({ patientId: PATIENT, id: ID, expectedVersion: 1, status: "met" }).success).toBe(true);
    expect(updateGoalInputSchema.safeParse({ patientId: PATIENT, id: ID, expectedVersion: 0, status: "met" }).success).toBe(false);
    expect(updateGoalInputSchema.safeParse({ patientId: PATIENT, id: ID, expectedVersion: 1 }).success).toBe(false);
    expect(updateGoalInputSchema.safeParse({ patientId: PATIENT, id: ID, expectedVersion: 1, discipline: "physician" }).success).toBe(false);
  });

  it("a therapy session log needs an idempotency key and consistent attendance", () => {
    const log = { patientId: PATIENT, idempotencyKey: uid(), sessionDate: "2026-05-30", attendance: "attended", minutes: 45 };
    const parsed = logTherapySessionInputSchema.parse(log);
    expect(parsed.sessionDate).toEqual(new Date("2026-05-30"));
    expect(parsed.interventions).toEqual([]);
    expect(logTherapySessionInputSchema.safeParse({ ...log, idempotencyKey: undefined }).success).toBe(false);
    expect(logTherapySessionInputSchema.safeParse({ ...log, minutes: 241 }).success).toBe(false);
    expect(logTherapySessionInputSchema.safeParse({ ...log, attendance: "no_show" }).success).toBe(false);
    expect(logTherapySessionInputSchema.safeParse({ ...log, attendance: "no_show", minutes: 0 }).success).toBe(true);
  });

  it("bounds free text", () => {
    const item = { patientId: PATIENT, kind: "physical_therapy", ladderStep: 1, discipline: "physical_therapist", title: "x".repeat(200), rationale: "Core stability" };
    expect(createPlanItemInputSchema.safeParse(item).success).toBe(true);
    expect(createPlanItemInputSchema.safeParse({ ...item, title: "x".repeat(201) }).success).toBe(false);
    expect(createPlanItemInputSchema.safeParse({ ...item, ladderStep: 3 }).success).toBe(false);
  });

  // An outcome's input (one time point, relief computed by the server) is tested in outcomes.test.ts.
});

describe("rules the schemas share with the server's checks on stored rows", () => {
  const row = { attendance: "no_show" as const, minutes: 0, painBefore: null, painAfter: null };
  it("attendance: only an attended session carries minutes and pain readings", () => {
    expect(inputs.sessionHasFigures("attended")).toBe(true);
    expect(inputs.sessionHasFigures("cancelled")).toBe(false);
    expect(() => inputs.assertConsistentAttendance(row)).not.toThrow();
    expect(() => inputs.assertConsistentAttendance({ ...row, painAfter: 3 })).toThrow(expect.objectContaining({ code: "BAD_REQUEST", field: "attendance" }));
    expect(() => inputs.assertConsistentAttendance({ ...row, attendance: "attended", minutes: 30, painBefore: 6 })).not.toThrow();
    expect(inputs.consistentAttendance({ minutes: 30 })).toBe(true);
  });
  it("fentanyl: a patch row on any other route is refused, naming the route", () => {
    expect(() => inputs.assertFentanylPatchIsTransdermal({ opioid: "fentanyl_transdermal", route: "oral" })).toThrow(expect.objectContaining({ code: "BAD_REQUEST", field: "route" }));
    expect(() => inputs.assertFentanylPatchIsTransdermal({ opioid: "fentanyl_transdermal", route: "transdermal" })).not.toThrow();
    expect(() => inputs.assertFentanylPatchIsTransdermal({ opioid: "oxycodone", route: "oral" })).not.toThrow();
    expect(inputs.fentanylPatchIsTransdermal({ opioid: "fentanyl_transdermal" })).toBe(true);
  });
});
