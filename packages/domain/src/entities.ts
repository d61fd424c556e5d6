import { z } from "zod";
import { idSchema, painScoreSchema, text } from "./common";
import { disciplineSchema } from "./discipline";
import { instrumentSchema, severitySchema } from "./instruments";
import { opioidKeySchema } from "./mme";
import { procedureTypeSchema, regionSchema, sideSchema } from "./procedure-catalog";
import { InvalidInputError, PreconditionError } from "./errors";
import { assertTransitionIn, canTransitionIn, isTerminalIn, type TransitionTable } from "./state-machine";

// Canonical row shapes. The database mirrors these field names; it adds createdAt/By, updatedAt/By
// and version to every clinical row (see rowMetaSchema).

export const rowMetaSchema = z.object({
  createdAt: z.date(),
  createdBy: idSchema,
  updatedAt: z.date(),
  updatedBy: idSchema,
  version: z.number().int().min(1),
});
export type RowMeta = z.infer<typeof rowMetaSchema>;

export const lateralities = ["left", "right", "bilateral", "midline", "na"] as const;
export const lateralitySchema = z.enum(lateralities);
export type Laterality = z.infer<typeof lateralitySchema>;

export const painGenerators = [
  "nerve_root",
  "facet_joint",
  "disc",
  "sacroiliac_joint",
  "muscle",
  "peripheral_nerve",
  "joint",
  "unknown",
] as const;
export const painGeneratorSchema = z.enum(painGenerators);
export type PainGenerator = z.infer<typeof painGeneratorSchema>;

export const painPatterns = ["axial", "radicular", "mixed", "neuropathic", "myofascial", "other"] as const;
export const painPatternSchema = z.enum(painPatterns);
export type PainPattern = z.infer<typeof painPatternSchema>;

/**
 * Coded examination and history findings that procedure criteria in clinical-reference.md §3 need
 * and that no other field carries (trigger points, failed back surgery, CRPS, a contained
 * herniation, a substance-use concern). Coded, not free text, so candidacy can read them.
 */
export const problemFindings = [
  "trigger_points",
  "failed_back_surgery_syndrome",
  "post_surgical_epidural_fibrosis",
  "crps_suspected",
  "sympathetically_maintained_pain",
  "contained_disc_herniation",
  "substance_use_concern",
  "malignant_pain",
  "knee_osteoarthritis",
  "occipital_neuralgia",
  "intercostal_neuralgia",
] as const;
export const problemFindingSchema = z.enum(problemFindings);
export type ProblemFinding = z.infer<typeof problemFindingSchema>;

export const problemStatusSchema = z.enum(["active", "resolved"]);

export const problemSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  diagnosis: text(200),
  bodySite: text(100),
  laterality: lateralitySchema,
  level: z.string().max(20).nullable(),
  painGenerator: painGeneratorSchema,
  painPattern: painPatternSchema,
  onsetDate: z.date(),
  imagingFindings: z.string().max(4000).nullable(),
  imagingConcordant: z.boolean().nullable(),
  /** Number of positive sacroiliac provocative tests at the last examination; null if not examined. */
  positiveProvocativeTests: z.number().int().min(0).max(10).nullable(),
  findings: z.array(problemFindingSchema),
  status: problemStatusSchema,
});
export type Problem = z.infer<typeof problemSchema>;

export const goalStatusSchema = z.enum(["active", "met", "not_met", "discontinued"]);
export type GoalStatus = z.infer<typeof goalStatusSchema>;

export const goalSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  problemId: idSchema.nullable(),
  description: text(500),
  measure: text(200),
  target: text(200),
  targetDate: z.date(),
  discipline: disciplineSchema,
  status: goalStatusSchema,
});
export type Goal = z.infer<typeof goalSchema>;

export const procedureStatuses = ["proposed", "approved", "scheduled", "performed", "cancelled"] as const;
export const procedureStatusSchema = z.enum(procedureStatuses);
export type ProcedureStatus = z.infer<typeof procedureStatusSchema>;

export const procedureTransitions: TransitionTable<ProcedureStatus> = {
  proposed: ["approved", "cancelled"],
  approved: ["scheduled", "cancelled"],
  scheduled: ["performed", "cancelled"],
  performed: [],
  cancelled: [],
};

export function canTransitionProcedure(from: ProcedureStatus, to: ProcedureStatus): boolean {
  return canTransitionIn(procedureTransitions, from, to);
}

export function assertProcedureTransition(from: ProcedureStatus, to: ProcedureStatus): void {
  assertTransitionIn(procedureTransitions, from, to, "Procedure");
}

/** Relief is measured after the fact: an outcome belongs to a performed procedure only. */
export function assertOutcomeRecordable(status: ProcedureStatus): void {
  if (status !== "performed") throw new PreconditionError(`An outcome is recorded only for a performed procedure (this one is ${status})`, "status");
}

/** An override argues a candidacy decision still to be made: once approved, the checklist is what it was. */
export function assertCriteriaOverridable(status: ProcedureStatus): void {
  if (status !== "proposed") throw new PreconditionError(`Criteria are overridden before approval (this procedure is ${status})`, "status");
}

export const procedureOrderSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  procedureType: procedureTypeSchema,
  level: z.string().max(20).nullable(),
  side: sideSchema.nullable(),
  region: regionSchema,
  indication: text(2000),
  intent: text(2000),
  expectedBenefit: text(2000),
  alternatives: text(2000),
  followUpPlan: text(2000),
  status: procedureStatusSchema,
  scheduledFor: z.date().nullable(),
  performedAt: z.date().nullable(),
  preProcedurePain: painScoreSchema.nullable(),
  postProcedurePain: painScoreSchema.nullable(),
  /** Computed by relief.ts from pre/post pain; never typed by hand. Negative when pain worsened. */
  reliefPercent: z.number().min(-1000).max(100).nullable(),
  reliefDurationDays: z.number().int().min(0).nullable(),
  complications: z.string().max(4000).nullable(),
  diagnostic: z.boolean(),
  /** Whether this injection contains a corticosteroid (fixed by the catalogue unless "optional"); §6.3 counts it. */
  withSteroid: z.boolean(),
  /** The ladder item this order is seen as on the plan (§6.8): the two move together. */
  planItemId: idSchema.nullable(),
});
export type ProcedureOrder = z.infer<typeof procedureOrderSchema>;

export const medicationRoutes = [
  "oral",
  "transdermal",
  "sublingual",
  "buccal",
  "intranasal",
  "intravenous",
  "intramuscular",
  "subcutaneous",
  "rectal",
  "topical",
  "intrathecal",
  "other",
] as const;
export const medicationRouteSchema = z.enum(medicationRoutes);

export const medicationStatusSchema = z.enum(["active", "stopped"]);
export type MedicationStatus = z.infer<typeof medicationStatusSchema>;

export const medicationTransitions: TransitionTable<MedicationStatus> = { active: ["stopped"], stopped: [] };

/** §6.5 / §6.4: what a medication is, for co-prescription, naloxone and bleeding-risk rules. */
export const drugClasses = [
  "opioid",
  "benzodiazepine",
  "gabapentinoid",
  "anticoagulant",
  "antiplatelet",
  "nsaid",
  "antidepressant",
  "muscle_relaxant",
  "naloxone",
  "other",
] as const;
export const drugClassSchema = z.enum(drugClasses);
export type DrugClass = z.infer<typeof drugClassSchema>;

export const medicationSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  name: text(200),
  /** Medication-catalogue key; null for a drug entered by name that the catalogue does not hold. */
  catalogKey: z.string().max(64).nullable(),
  drugClass: drugClassSchema,
  opioid: opioidKeySchema.nullable(),
  /** mg per administration; for transdermal fentanyl, mcg/hr. */
  doseMg: z.number().positive().max(100000),
  /** Scheduled doses per day, or for an as-needed dose the maximum per day (MME uses the maximum). */
  timesPerDay: z.number().int().min(1).max(24),
  asNeeded: z.boolean(),
  route: medicationRouteSchema,
  status: medicationStatusSchema,
  startedAt: z.date(),
  stoppedAt: z.date().nullable(),
  stopReason: z.string().max(1000).nullable(),
});
export type Medication = z.infer<typeof medicationSchema>;

/** A stopped medication is history: it is neither edited nor stopped again (a change is a new one). */
export function assertMedicationEditable(status: MedicationStatus): void {
  if (isTerminalIn(medicationTransitions, status)) throw new PreconditionError("A stopped medication is history: start a new one instead", "status");
}

export function assertMedicationStop(medication: { status: MedicationStatus; startedAt: Date }, stoppedAt: Date): void {
  if (!canTransitionIn(medicationTransitions, medication.status, "stopped")) throw new PreconditionError("This medication is already stopped", "status");
  if (stoppedAt < medication.startedAt) throw new InvalidInputError("stoppedAt cannot be before the medication was started", "stoppedAt");
}

export const attendanceSchema = z.enum(["attended", "no_show", "cancelled"]);
export type Attendance = z.infer<typeof attendanceSchema>;

export const therapySessionSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  sessionDate: z.date(),
  attendance: attendanceSchema,
  minutes: z.number().int().min(0).max(240),
  interventions: z.array(text(100)).max(30),
  painBefore: painScoreSchema.nullable(),
  painAfter: painScoreSchema.nullable(),
  functionNote: z.string().max(2000).nullable(),
  notes: z.string().max(10000).nullable(),
  authorId: idSchema,
});
export type TherapySession = z.infer<typeof therapySessionSchema>;

export const psychNoteKindSchema = z.enum(["shared_summary", "psychotherapy"]);
export type PsychNoteKind = z.infer<typeof psychNoteKindSchema>;

export const psychNoteSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  authorId: idSchema,
  kind: psychNoteKindSchema,
  body: text(10000),
  createdAt: z.date(),
});
export type PsychNote = z.infer<typeof psychNoteSchema>;

export const clearanceStatusSchema = z.enum(["requested", "cleared", "not_cleared", "deferred"]);
export type ClearanceStatus = z.infer<typeof clearanceStatusSchema>;

/**
 * A decision is recorded once a clearance is requested; "deferred" stays open (the psychologist
 * decides later), cleared and not cleared are final — a new evaluation is a new request.
 */
export const clearanceTransitions: TransitionTable<ClearanceStatus> = {
  requested: ["cleared", "not_cleared", "deferred"],
  deferred: ["cleared", "not_cleared", "deferred"],
  cleared: [],
  not_cleared: [],
};

/** Still awaiting the psychologist's final word. */
export function isClearanceOpen(status: ClearanceStatus): boolean {
  return !isTerminalIn(clearanceTransitions, status);
}

export function assertClearanceTransition(from: ClearanceStatus, to: ClearanceStatus): void {
  assertTransitionIn(clearanceTransitions, from, to, "Clearance");
}

export const psychClearanceSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  requestedBy: idSchema,
  requestedAt: z.date(),
  procedureType: procedureTypeSchema,
  status: clearanceStatusSchema,
  decidedBy: idSchema.nullable(),
  decidedAt: z.date().nullable(),
  rationale: z.string().max(4000).nullable(),
});
export type PsychClearance = z.infer<typeof psychClearanceSchema>;

export const assessmentSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  instrument: instrumentSchema,
  /** null marks an unanswered ODI section; other instruments have no nulls. */
  responses: z.array(z.number().int().min(0).max(10).nullable()).min(1).max(13),
  /** null only for an incomplete ODI (more than one section unanswered). */
  score: z.number().min(0).max(100).nullable(),
  severity: severitySchema.nullable(),
  subscales: z.record(z.string(), z.number()).nullable(),
  administeredAt: z.date(),
});
export type Assessment = z.infer<typeof assessmentSchema>;

export const commentTargetTypes = [
  "care_plan",
  "problem",
  "goal",
  "plan_item",
  "procedure",
  "medication",
  "therapy_session",
  "psych_note",
  "clearance",
  "assessment",
] as const;
export const commentTargetTypeSchema = z.enum(commentTargetTypes);
export type CommentTargetType = z.infer<typeof commentTargetTypeSchema>;

export const commentSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  targetType: commentTargetTypeSchema,
  targetId: idSchema,
  authorId: idSchema,
  body: text(10000),
});
export type Comment = z.infer<typeof commentSchema>;

export const actionItemStatusSchema = z.enum(["open", "done", "cancelled"]);

/** The slice of a meeting action item that flags need; the meeting tables may carry more. */
export const actionItemSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  meetingId: idSchema.nullable(),
  description: text(1000),
  ownerId: idSchema,
  dueDate: z.date(),
  status: actionItemStatusSchema,
});
export type ActionItem = z.infer<typeof actionItemSchema>;
