import { procedureCatalog } from "./procedure-catalog";
// Builders for tests: real entity shapes, validated by their schemas, so a fixture can never drift
// from the row it stands for. Not exported from the package index.
import { addDays, addMonths } from "./common";
import {
  assessmentSchema,
  medicationSchema,
  problemSchema,
  procedureOrderSchema,
  psychClearanceSchema,
  therapySessionSchema,
  type Assessment,
  type Medication,
  type Problem,
  type ProcedureOrder,
  type PsychClearance,
  type TherapySession,
} from "./entities";
import { scoreInstrument, type Instrument } from "./instruments";
import type { PatientRecord } from "./patient-record";
import { planItemSchema, type PlanItem } from "./plan-item";

export const NOW = new Date("2026-06-01T12:00:00.000Z");
export const PATIENT = "00000000-0000-4000-8000-00000000aaaa";
export const PHYSICIAN_ID = "00000000-0000-4000-8000-00000000d001";
export const PT_ID = "00000000-0000-4000-8000-00000000d002";
export const PSYCH_ID = "00000000-0000-4000-8000-00000000d003";
export const OTHER_PSYCH_ID = "00000000-0000-4000-8000-00000000d004";

let counter = 0;
export function uid(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`;
}

export const daysAgo = (days: number): Date => addDays(NOW, -days);
export const weeksAgo = (weeks: number): Date => addDays(NOW, -weeks * 7);
export const monthsAgo = (months: number): Date => addMonths(NOW, -months);

export function problem(overrides: Partial<Problem> = {}): Problem {
  return problemSchema.parse({
    id: uid(),
    patientId: PATIENT,
    diagnosis: "Lumbar radiculopathy",
    bodySite: "lower back and left leg",
    laterality: "left",
    level: "L4-L5",
    painGenerator: "nerve_root",
    painPattern: "radicular",
    onsetDate: monthsAgo(6),
    imagingFindings: "L4-L5 disc protrusion contacting the left L5 root",
    imagingConcordant: true,
    positiveProvocativeTests: null,
    findings: [],
    status: "active",
    ...overrides,
  });
}

export function planItem(overrides: Partial<PlanItem> = {}): PlanItem {
  return planItemSchema.parse({
    id: uid(),
    patientId: PATIENT,
    kind: "physical_therapy",
    ladderStep: 1,
    discipline: "physical_therapist",
    status: "active",
    title: "Physical therapy: core stabilisation",
    rationale: "First-line conservative care",
    problemId: null,
    goalIds: [],
    startedAt: weeksAgo(10),
    endedAt: null,
    ...overrides,
  });
}

export function session(overrides: Partial<TherapySession> = {}): TherapySession {
  return therapySessionSchema.parse({
    id: uid(),
    patientId: PATIENT,
    sessionDate: weeksAgo(5),
    attendance: "attended",
    minutes: 45,
    interventions: ["therapeutic exercise"],
    painBefore: 6,
    painAfter: 5,
    functionNote: null,
    notes: null,
    authorId: PT_ID,
    ...overrides,
  });
}

export function assessment(instrument: Instrument, responses: (number | null)[], administeredAt: Date = weeksAgo(4)): Assessment {
  const scored = scoreInstrument(instrument, responses);
  return assessmentSchema.parse({
    id: uid(),
    patientId: PATIENT,
    instrument,
    responses,
    score: scored.score,
    severity: scored.severity,
    subscales: scored.subscales,
    administeredAt,
  });
}

export function procedure(overrides: Partial<ProcedureOrder> = {}): ProcedureOrder {
  const type = overrides.procedureType ?? "esi_transforaminal";
  return procedureOrderSchema.parse({
    id: uid(),
    patientId: PATIENT,
    procedureType: "esi_transforaminal",
    level: "L4-L5",
    side: "left",
    region: "lumbar",
    indication: "Left L5 radiculopathy",
    intent: "Reduce radicular pain to allow active rehabilitation",
    expectedBenefit: "Relief for weeks to months",
    alternatives: "Continue conservative care; surgical opinion",
    followUpPlan: "Pain score at 2 and 6 weeks",
    status: "performed",
    scheduledFor: null,
    performedAt: monthsAgo(2),
    preProcedurePain: 8,
    postProcedurePain: 2,
    reliefPercent: 75,
    reliefDurationDays: 120,
    complications: null,
    diagnostic: false,
    withSteroid: procedureCatalog[type].steroid === "yes",
    planItemId: null,
    ...overrides,
  });
}

export function clearance(overrides: Partial<PsychClearance> = {}): PsychClearance {
  return psychClearanceSchema.parse({
    id: uid(),
    patientId: PATIENT,
    requestedBy: PHYSICIAN_ID,
    requestedAt: monthsAgo(3),
    procedureType: "scs_trial",
    status: "cleared",
    decidedBy: PSYCH_ID,
    decidedAt: monthsAgo(2),
    rationale: "Realistic expectations, no untreated mood disorder, no substance misuse",
    ...overrides,
  });
}

export function medication(overrides: Partial<Medication> = {}): Medication {
  return medicationSchema.parse({
    id: uid(),
    patientId: PATIENT,
    name: "Oxycodone IR",
    catalogKey: "oxycodone_ir",
    drugClass: "opioid",
    opioid: "oxycodone",
    doseMg: 10,
    timesPerDay: 2,
    asNeeded: false,
    route: "oral",
    status: "active",
    startedAt: monthsAgo(3),
    stoppedAt: null,
    stopReason: null,
    ...overrides,
  });
}

export function record(parts: Partial<PatientRecord> = {}): PatientRecord {
  return {
    problems: [],
    planItems: [],
    therapySessions: [],
    assessments: [],
    procedures: [],
    clearances: [],
    medications: [],
    procedureOutcomes: [],
    safetyProfile: null,
    opioidMonitoring: [],
    safetyResponses: [],
    ...parts,
  };
}
