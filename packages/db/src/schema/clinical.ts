import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type {
  Allergy,
  ContactMethod,
  DrugClass,
  HoldConfirmation,
  MonitoringKind,
  OutcomeTimePoint,
  PregnancyStatus,
  RiskLevel,
  Assessment,
  Attendance,
  ClearanceStatus,
  CommentTargetType,
  Discipline,
  GoalStatus,
  Instrument,
  LadderStep,
  Laterality,
  Medication,
  OpioidKey,
  PainGenerator,
  PainPattern,
  PlanItemKind,
  PlanItemStatus,
  Problem,
  ProblemFinding,
  ProcedureStatus,
  ProcedureType,
  Region,
  Severity,
  Side,
} from "@stepwise/domain";
import { patients, users } from "./core";

/** Every clinical row: who wrote it, when, and the version optimistic concurrency compares. */
const rowMeta = () => ({
  id: uuid().primaryKey().defaultRandom(),
  patientId: uuid()
    .notNull()
    .references(() => patients.id, { onDelete: "cascade" }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid()
    .notNull()
    .references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedBy: uuid()
    .notNull()
    .references(() => users.id),
  version: integer().notNull().default(1),
});

const calendarDate = () => date({ mode: "date" });
const instant = () => timestamp({ withTimezone: true });

export const carePlans = pgTable(
  "care_plans",
  {
    ...rowMeta(),
    summary: text().notNull().default(""),
    status: text({ enum: ["active", "on_hold", "closed"] }).notNull().default("active"),
  },
  (t) => [uniqueIndex("care_plans_patient_idx").on(t.patientId)],
);

export const problems = pgTable(
  "problems",
  {
    ...rowMeta(),
    diagnosis: text().notNull(),
    bodySite: text().notNull(),
    laterality: text().$type<Laterality>().notNull(),
    level: text(),
    painGenerator: text().$type<PainGenerator>().notNull(),
    painPattern: text().$type<PainPattern>().notNull(),
    onsetDate: calendarDate().notNull(),
    imagingFindings: text(),
    imagingConcordant: boolean(),
    positiveProvocativeTests: smallint(),
    findings: jsonb().$type<ProblemFinding[]>().notNull().default(sql`'[]'::jsonb`),
    status: text().$type<Problem["status"]>().notNull().default("active"),
  },
  (t) => [index("problems_patient_idx").on(t.patientId)],
);

export const goals = pgTable(
  "goals",
  {
    ...rowMeta(),
    problemId: uuid().references(() => problems.id),
    description: text().notNull(),
    measure: text().notNull(),
    target: text().notNull(),
    targetDate: calendarDate().notNull(),
    discipline: text().$type<Discipline>().notNull(),
    status: text().$type<GoalStatus>().notNull().default("active"),
  },
  (t) => [index("goals_patient_idx").on(t.patientId)],
);

export const planItems = pgTable(
  "plan_items",
  {
    ...rowMeta(),
    kind: text().$type<PlanItemKind>().notNull(),
    ladderStep: smallint().$type<LadderStep>().notNull(),
    discipline: text().$type<Discipline>().notNull(),
    status: text().$type<PlanItemStatus>().notNull().default("proposed"),
    title: text().notNull(),
    rationale: text().notNull(),
    problemId: uuid().references(() => problems.id),
    goalIds: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    startedAt: instant(),
    endedAt: instant(),
  },
  (t) => [index("plan_items_patient_idx").on(t.patientId), index("plan_items_patient_status_idx").on(t.patientId, t.status, t.ladderStep)],
);

export interface CriterionOverride {
  criterionId: string;
  reason: string;
  by: string;
  at: string;
  /** A second clinician's co-signature, where the policy asks for one (clearance criteria: a psychologist). */
  coSignedBy?: string;
  coSignedAt?: string;
  coSignNote?: string;
}

export const procedures = pgTable(
  "procedures",
  {
    ...rowMeta(),
    procedureType: text().$type<ProcedureType>().notNull(),
    level: text(),
    side: text().$type<Side>(),
    region: text().$type<Region>().notNull(),
    indication: text().notNull(),
    intent: text().notNull(),
    expectedBenefit: text().notNull(),
    alternatives: text().notNull(),
    followUpPlan: text().notNull(),
    status: text().$type<ProcedureStatus>().notNull().default("proposed"),
    scheduledFor: instant(),
    performedAt: instant(),
    preProcedurePain: smallint(),
    postProcedurePain: smallint(),
    reliefPercent: doublePrecision(),
    reliefDurationDays: integer(),
    complications: text(),
    diagnostic: boolean().notNull(),
    /** The candidacy checklist as it stood when the order was proposed or approved. */
    candidacySnapshot: jsonb().$type<Record<string, unknown>>(),
    overrides: jsonb().$type<CriterionOverride[]>().notNull().default(sql`'[]'::jsonb`),
    approvedBy: uuid().references(() => users.id),
    approvedAt: instant(),
    cancelReason: text(),
    /** §6.3: this injection contains a corticosteroid. */
    withSteroid: boolean().notNull().default(false),
    /** Risks and side effects as explained to the patient (prefilled from the catalogue). */
    risks: text().notNull().default(""),
    /** §6.8: the ladder item this order is seen as; order and item move together. */
    planItemId: uuid().references(() => planItems.id),
    /** §6.4: anticoagulant / antiplatelet holds confirmed for the scheduled date. */
    holdConfirmations: jsonb().$type<HoldConfirmation[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    index("procedures_patient_idx").on(t.patientId),
    index("procedures_patient_created_idx").on(t.patientId, t.createdAt, t.id),
    index("procedures_patient_status_idx").on(t.patientId, t.status, t.performedAt),
    // §6.8: the diagnostic blocks a work-up is walked back through.
    index("procedures_patient_blocks_idx").on(t.patientId, t.performedAt).where(sql`${t.diagnostic} and ${t.status} = 'performed'`),
    // The latest performed order of each type, one probe each (the plan's highest step reached).
    index("procedures_patient_type_performed_idx").on(t.patientId, t.procedureType, t.performedAt).where(sql`${t.status} = 'performed'`),
  ],
);

/** §6.7: one row per time point of a procedure's outcome series (diary hours, follow-up visits). */
export const procedureOutcomes = pgTable(
  "procedure_outcomes",
  {
    ...rowMeta(),
    procedureId: uuid()
      .notNull()
      .references(() => procedures.id, { onDelete: "cascade" }),
    timePoint: text().$type<OutcomeTimePoint>().notNull(),
    assessedAt: instant().notNull(),
    painScore: smallint(),
    reliefPercent: doublePrecision(),
    functionImprovementPercent: doublePrecision(),
    sideEffects: text(),
    notes: text(),
    /** Charted by a clinician, recorded by the patient in their post-block pain diary, or filled by a pain score the patient reported in the point's window. */
    source: text({ enum: ["clinician", "patient_diary", "patient_reported"] }).notNull().default("clinician"),
  },
  (t) => [
    index("procedure_outcomes_patient_idx").on(t.patientId),
    uniqueIndex("procedure_outcomes_point_uq").on(t.procedureId, t.timePoint),
  ],
);

/** §6.4: one pre-procedure safety profile per patient, kept by any clinician. */
export const safetyProfiles = pgTable(
  "safety_profiles",
  {
    ...rowMeta(),
    noKnownAllergies: boolean().notNull().default(false),
    allergies: jsonb().$type<Allergy[]>().notNull().default(sql`'[]'::jsonb`),
    anticoagulantsTaking: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    diabetes: boolean(),
    pregnancy: text().$type<PregnancyStatus>(),
    activeInfection: boolean(),
    implantedDevices: text(),
    renalImpairment: boolean(),
    overdoseOrSudHistory: boolean(),
  },
  (t) => [uniqueIndex("safety_profiles_patient_uq").on(t.patientId)],
);

/** §6.5: prescription-monitoring checks, urine drug tests and naloxone offers. */
export const opioidMonitoring = pgTable(
  "opioid_monitoring",
  {
    ...rowMeta(),
    kind: text().$type<MonitoringKind>().notNull(),
    performedAt: instant().notNull(),
    result: text(),
  },
  (t) => [index("opioid_monitoring_patient_idx").on(t.patientId, t.kind, t.performedAt), index("opioid_monitoring_patient_time_idx").on(t.patientId, t.performedAt)],
);

/** §6.9: the team's response to a self-harm flag; acknowledges it for the whole team. */
export const safetyResponses = pgTable(
  "safety_responses",
  {
    ...rowMeta(),
    assessmentId: uuid()
      .notNull()
      .references(() => assessments.id),
    contactMethod: text().$type<ContactMethod>().notNull(),
    contactedAt: instant().notNull(),
    riskAssessed: text().$type<RiskLevel>(),
    safetyPlanInPlace: boolean().notNull(),
    referral: text(),
    notes: text(),
  },
  (t) => [index("safety_responses_patient_idx").on(t.patientId, t.contactedAt), index("safety_responses_assessment_idx").on(t.assessmentId)],
);

export const medications = pgTable(
  "medications",
  {
    ...rowMeta(),
    name: text().notNull(),
    catalogKey: text(),
    drugClass: text().$type<DrugClass>().notNull().default("other"),
    opioid: text().$type<OpioidKey>(),
    doseMg: doublePrecision().notNull(),
    timesPerDay: smallint().notNull(),
    asNeeded: boolean().notNull().default(false),
    route: text().$type<Medication["route"]>().notNull(),
    status: text().$type<Medication["status"]>().notNull().default("active"),
    startedAt: instant().notNull(),
    stoppedAt: instant(),
    stopReason: text(),
  },
  (t) => [index("medications_patient_idx").on(t.patientId), index("medications_patient_status_idx").on(t.patientId, t.status, t.startedAt)],
);

export const therapySessions = pgTable(
  "therapy_sessions",
  {
    ...rowMeta(),
    idempotencyKey: uuid().notNull(),
    sessionDate: calendarDate().notNull(),
    attendance: text().$type<Attendance>().notNull(),
    minutes: smallint().notNull(),
    interventions: jsonb().$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    painBefore: smallint(),
    painAfter: smallint(),
    functionNote: text(),
    notes: text(),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
  },
  (t) => [
    index("therapy_sessions_patient_idx").on(t.patientId, t.sessionDate),
    index("therapy_sessions_patient_page_idx").on(t.patientId, t.sessionDate, t.createdAt, t.id),
    index("therapy_sessions_patient_attendance_idx").on(t.patientId, t.attendance),
    uniqueIndex("therapy_sessions_idempotency_idx").on(t.patientId, t.idempotencyKey),
  ],
);

export const psychNotes = pgTable(
  "psych_notes",
  {
    ...rowMeta(),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
    kind: text({ enum: ["shared_summary", "psychotherapy"] }).notNull(),
    body: text().notNull(),
    /** A shared summary the psychologist chose to show the patient (never a psychotherapy note). */
    sharedWithPatient: boolean().notNull().default(false),
  },
  (t) => [index("psych_notes_patient_idx").on(t.patientId, t.kind), index("psych_notes_patient_time_idx").on(t.patientId, t.createdAt, t.id)],
);

export const psychClearances = pgTable(
  "psych_clearances",
  {
    ...rowMeta(),
    requestedBy: uuid()
      .notNull()
      .references(() => users.id),
    requestedAt: instant().notNull(),
    procedureType: text().$type<ProcedureType>().notNull(),
    status: text().$type<ClearanceStatus>().notNull().default("requested"),
    decidedBy: uuid().references(() => users.id),
    decidedAt: instant(),
    rationale: text(),
  },
  (t) => [index("psych_clearances_patient_idx").on(t.patientId)],
);

export const assessments = pgTable(
  "assessments",
  {
    ...rowMeta(),
    instrument: text().$type<Instrument>().notNull(),
    responses: jsonb().$type<Assessment["responses"]>().notNull(),
    score: doublePrecision(),
    severity: text().$type<Severity>(),
    subscales: jsonb().$type<Record<string, number>>(),
    safetyFlag: boolean().notNull().default(false),
    administeredAt: instant().notNull(),
    /** Who answered: entered by a clinician, or reported by the patient from their own view. */
    source: text({ enum: ["clinician", "patient"] }).notNull().default("clinician"),
  },
  (t) => [index("assessments_patient_idx").on(t.patientId, t.instrument, t.administeredAt), index("assessments_patient_time_idx").on(t.patientId, t.administeredAt, t.id)],
);

export const comments = pgTable(
  "comments",
  {
    ...rowMeta(),
    targetType: text().$type<CommentTargetType>().notNull(),
    targetId: uuid().notNull(),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
    body: text().notNull(),
    /** Set when the comment is on a psychotherapy note: only that user may ever see it. */
    privateTo: uuid().references(() => users.id),
  },
  (t) => [index("comments_target_idx").on(t.patientId, t.targetType, t.targetId)],
);

export const actionItems = pgTable(
  "action_items",
  {
    ...rowMeta(),
    meetingId: uuid(),
    description: text().notNull(),
    ownerId: uuid()
      .notNull()
      .references(() => users.id),
    dueDate: calendarDate().notNull(),
    status: text({ enum: ["open", "done", "cancelled"] }).notNull().default("open"),
  },
  (t) => [
    index("action_items_owner_idx").on(t.ownerId, t.status),
    index("action_items_patient_idx").on(t.patientId),
    index("action_items_patient_status_idx").on(t.patientId, t.status, t.dueDate),
    index("action_items_open_due_idx").on(t.dueDate, t.createdAt, t.id, t.patientId).where(sql`${t.status} = 'open'`),
  ],
);

/**
 * The per-patient ordered change log: the history view and the live feed. It names what changed,
 * never the clinical content; `privateTo` withholds an event from everyone but one user
 * (psychotherapy notes and their comments).
 */
export const planEvents = pgTable(
  "plan_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid()
      .notNull()
      .references(() => users.id),
    actorRole: text().notNull(),
    discipline: text(),
    entityType: text().notNull(),
    entityId: uuid().notNull(),
    eventType: text().notNull(),
    summary: text().notNull(),
    psychNoteKind: text(),
    authorId: uuid(),
    privateTo: uuid().references(() => users.id),
    entityVersion: integer(),
  },
  (t) => [index("plan_events_patient_idx").on(t.patientId, t.id)],
);
