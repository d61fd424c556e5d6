import { z } from "zod";
import { candidacyTargetSchema } from "./candidacy";
import { clinicalDateSchema, expectedVersionSchema, idSchema, optionalText, painScoreSchema, plainText, singleLine, text } from "./common";
import { disciplineSchema } from "./discipline";
import { InvalidInputError } from "./errors";
import {
  attendanceSchema,
  type Attendance,
  goalStatusSchema,
  lateralitySchema,
  drugClassSchema,
  medicationRouteSchema,
  painGeneratorSchema,
  painPatternSchema,
  problemFindingSchema,
  problemFindings,
  problemStatusSchema,
  psychNoteKindSchema,
  commentTargetTypeSchema,
  actionItemStatusSchema,
} from "./entities";
import { instrumentDefinitions, type Instrument } from "./instruments";
import { ladderStepSchema } from "./ladder";
import { opioidKeySchema } from "./mme";
import { medicationCatalogKeySchema } from "./medication-catalog";
import { monitoringKindSchema } from "./clinical-v2";
import { planItemKindSchema, planItemShapeIssue, planItemStatusSchema } from "./plan-item";
import { parseSpinalLevel } from "./levels";
import { criterionIdSchema, procedureCatalog, procedureTypeSchema, regionSchema, resolveDiagnostic, resolveSteroid, sideSchema } from "./procedure-catalog";

// Input schemas for every mutation the API exposes. All are strict (unknown keys rejected) and
// carry patientId, which the API's patientProcedure uses for the care-team check. Updates are
// partial patches plus `id` and `expectedVersion` (optimistic concurrency).
//
// Free text is built from text / singleLine / optionalText and dates from clinicalDateSchema
// (common.ts). Whether a date is plausible for its field (not in the future for what happened, not
// before birth, within the plan's horizon) depends on today and on the patient: call
// `validateClinicalDates(input, { now, birthDate })` (clinical-dates.ts) right after parsing — the
// API does it in one middleware, forms before submit.

const patientRef = { patientId: idSchema };

/** Reads of one patient that need nothing else. */
export const patientRefInputSchema = z.strictObject(patientRef);
const rowRef = { patientId: idSchema, id: idSchema, expectedVersion: expectedVersionSchema };

/** A patch that changes nothing is a client bug, not a silent no-op version bump. */
function hasChanges(input: Record<string, unknown>): boolean {
  return Object.entries(input).some(([key, value]) => !(key in rowRef) && value !== undefined);
}
const NO_CHANGES = { message: "nothing to update" };

/**
 * Spinal level (§6.1), normalised on input to one stored form: "L4-5", "l4/l5", "L4–L5", "L4 L5" →
 * "L4-L5"; "C5-6" → "C5-C6"; a single level such as "S1" names a root.
 */
export const spinalLevelSchema = z
  .string()
  .trim()
  .max(20)
  .transform((raw, ctx) => {
    const parsed = parseSpinalLevel(raw);
    if (parsed.ok) return parsed.level;
    ctx.addIssue({ code: "custom", message: parsed.reason });
    return z.NEVER;
  });

// --- the care plan and its team ----------------------------------------------------------------

export const updateCarePlanInputSchema = z
  .strictObject({
    ...rowRef,
    summary: plainText(4000).optional(),
    status: z.enum(["active", "on_hold", "closed"]).optional(),
  })
  .refine(hasChanges, NO_CHANGES);
export type UpdateCarePlanInput = z.infer<typeof updateCarePlanInputSchema>;

export const careTeamMemberInputSchema = z.strictObject({ ...patientRef, userId: idSchema });
export type CareTeamMemberInput = z.infer<typeof careTeamMemberInputSchema>;

// --- problems ----------------------------------------------------------------------------------

const problemFields = {
  diagnosis: singleLine(200),
  bodySite: singleLine(100),
  laterality: lateralitySchema,
  level: spinalLevelSchema.nullable(),
  painGenerator: painGeneratorSchema,
  painPattern: painPatternSchema,
  onsetDate: clinicalDateSchema,
  imagingFindings: optionalText(4000),
  imagingConcordant: z.boolean().nullable(),
  positiveProvocativeTests: z.number().int().min(0).max(10).nullable(),
  findings: z.array(problemFindingSchema).max(problemFindings.length),
};

export const createProblemInputSchema = z.strictObject({
  ...patientRef,
  ...problemFields,
  level: problemFields.level.default(null),
  imagingFindings: problemFields.imagingFindings.default(null),
  imagingConcordant: problemFields.imagingConcordant.default(null),
  positiveProvocativeTests: problemFields.positiveProvocativeTests.default(null),
  findings: problemFields.findings.default([]),
});
export type CreateProblemInput = z.infer<typeof createProblemInputSchema>;

export const updateProblemInputSchema = z
  .strictObject({ ...rowRef, ...z.object(problemFields).partial().shape, status: problemStatusSchema.optional() })
  .refine(hasChanges, NO_CHANGES);
export type UpdateProblemInput = z.infer<typeof updateProblemInputSchema>;

// --- goals -------------------------------------------------------------------------------------

const goalFields = {
  problemId: idSchema.nullable(),
  description: text(500),
  measure: singleLine(200),
  target: singleLine(200),
  targetDate: clinicalDateSchema,
  discipline: disciplineSchema,
};

export const createGoalInputSchema = z.strictObject({ ...patientRef, ...goalFields, problemId: goalFields.problemId.default(null) });
export type CreateGoalInput = z.infer<typeof createGoalInputSchema>;

/** Discipline is ownership: it is fixed at creation and never patched. */
export const updateGoalInputSchema = z
  .strictObject({
    ...rowRef,
    problemId: goalFields.problemId.optional(),
    description: goalFields.description.optional(),
    measure: goalFields.measure.optional(),
    target: goalFields.target.optional(),
    targetDate: goalFields.targetDate.optional(),
    status: goalStatusSchema.optional(),
  })
  .refine(hasChanges, NO_CHANGES);
export type UpdateGoalInput = z.infer<typeof updateGoalInputSchema>;

// --- plan items --------------------------------------------------------------------------------

export const createPlanItemInputSchema = z
  .strictObject({
    ...patientRef,
    kind: planItemKindSchema,
    ladderStep: ladderStepSchema,
    discipline: disciplineSchema,
    title: singleLine(200),
    rationale: text(4000),
    problemId: idSchema.nullable().default(null),
    goalIds: z.array(idSchema).max(50).default([]),
  })
  .superRefine((input, ctx) => {
    const issue = planItemShapeIssue(input.kind, input.ladderStep, input.discipline);
    if (issue) ctx.addIssue({ code: "custom", message: issue.message, path: [issue.field] });
  });
export type CreatePlanItemInput = z.infer<typeof createPlanItemInputSchema>;

/** Kind and discipline are fixed; a changed ladder step is checked against the row with planItemShapeIssue. */
export const updatePlanItemInputSchema = z
  .strictObject({
    ...rowRef,
    ladderStep: ladderStepSchema.optional(),
    title: singleLine(200).optional(),
    rationale: text(4000).optional(),
    problemId: idSchema.nullable().optional(),
    goalIds: z.array(idSchema).max(50).optional(),
  })
  .refine(hasChanges, NO_CHANGES);
export type UpdatePlanItemInput = z.infer<typeof updatePlanItemInputSchema>;

export const transitionPlanItemInputSchema = z.strictObject({
  ...rowRef,
  to: planItemStatusSchema,
  reason: plainText(1000).optional(),
});
export type TransitionPlanItemInput = z.infer<typeof transitionPlanItemInputSchema>;

// --- procedures --------------------------------------------------------------------------------

/** The questions patients should be able to ask are required, not optional extras. */
export const proposeProcedureInputSchema = z
  .strictObject({
    ...patientRef,
    procedureType: procedureTypeSchema,
    level: spinalLevelSchema.nullable().default(null),
    side: sideSchema.nullable().default(null),
    region: regionSchema,
    indication: text(2000),
    intent: text(2000),
    expectedBenefit: text(2000),
    alternatives: text(2000),
    followUpPlan: text(2000),
    /** The proposed procedure item on the ladder this order is (§6.8); without it the order creates its own. */
    planItemId: idSchema.optional(),
    /** Risks and side effects as explained to the patient; the form prefills procedure-info.ts, the server defaults to it. */
    risks: text(4000).optional(),
    diagnostic: z.boolean().optional(),
    /** §6.3: chosen by the physician where the catalogue makes the steroid optional; fixed otherwise. */
    withSteroid: z.boolean().optional(),
  })
  .superRefine((input, ctx) => {
    const entry = procedureCatalog[input.procedureType];
    if (resolveSteroid(input.procedureType, input.withSteroid) === null) {
      ctx.addIssue({ code: "custom", message: `${entry.label} is ${entry.steroid === "yes" ? "always" : "never"} given with a steroid`, path: ["withSteroid"] });
    }
    if (!entry.regions.includes(input.region)) {
      ctx.addIssue({ code: "custom", message: `${entry.label} is done in: ${entry.regions.join(", ")}`, path: ["region"] });
    }
    if (resolveDiagnostic(input.procedureType, input.diagnostic) === null) {
      ctx.addIssue({ code: "custom", message: `${entry.label} is ${entry.diagnostic === "yes" ? "always" : "never"} diagnostic`, path: ["diagnostic"] });
    }
  });
export type ProposeProcedureInput = z.infer<typeof proposeProcedureInputSchema>;

export const approveProcedureInputSchema = z.strictObject({ ...rowRef });
export type ApproveProcedureInput = z.infer<typeof approveProcedureInputSchema>;

export const scheduleProcedureInputSchema = z.strictObject({ ...rowRef, scheduledFor: clinicalDateSchema });
export type ScheduleProcedureInput = z.infer<typeof scheduleProcedureInputSchema>;

export const recordProcedurePerformedInputSchema = z.strictObject({
  ...rowRef,
  performedAt: clinicalDateSchema,
  preProcedurePain: painScoreSchema.nullable().default(null),
  complications: optionalText(4000).default(null),
});
export type RecordProcedurePerformedInput = z.infer<typeof recordProcedurePerformedInputSchema>;

// recordProcedureOutcomeInputSchema (one follow-up time point) and recordDiaryInputSchema live in outcomes.ts.

export const cancelProcedureInputSchema = z.strictObject({ ...rowRef, reason: text(1000) });
export type CancelProcedureInput = z.infer<typeof cancelProcedureInputSchema>;

export const evaluateCandidacyInputSchema = z.strictObject({
  ...patientRef,
  procedureType: procedureTypeSchema,
  target: candidacyTargetSchema.extend({ level: spinalLevelSchema.nullable().optional() }).strict().optional(),
});
export type EvaluateCandidacyInput = z.infer<typeof evaluateCandidacyInputSchema>;

/** Overriding a criterion is allowed, never silent: a written reason, audited by the API. */
export const overrideCriterionInputSchema = z.strictObject({
  ...patientRef,
  procedureId: idSchema,
  criterionId: criterionIdSchema,
  reason: text(2000).min(10, "write at least 10 characters of reason"),
});
export type OverrideCriterionInput = z.infer<typeof overrideCriterionInputSchema>;

/** One order, read for its patient handout. */
export const procedureRefInputSchema = z.strictObject({ ...patientRef, id: idSchema });
export type ProcedureRefInput = z.infer<typeof procedureRefInputSchema>;

/** A second clinician co-signs an override the policy says needs two people (clearance criteria: a psychologist). */
export const coSignOverrideInputSchema = z.strictObject({
  ...rowRef,
  criterionId: criterionIdSchema,
  note: optionalText(1000).default(null),
});
export type CoSignOverrideInput = z.infer<typeof coSignOverrideInputSchema>;

// --- medications -------------------------------------------------------------------------------

const medicationDoseFields = {
  doseMg: z.number().positive().max(100000),
  /** Scheduled doses per day, or with asNeeded the maximum per day ("as needed, up to N per day"): MME uses the maximum. */
  timesPerDay: z.number().int().min(1).max(24),
  asNeeded: z.boolean(),
  route: medicationRouteSchema,
};

/**
 * What the drug is (§6.5): a catalogue pick brings name, class, route and MME key; "Other (not in
 * the catalogue)" (catalogKey null) needs a name and a route, and the class the clinician chose. The
 * server resolves both with resolveMedicationIdentity, so an opioid name is never saved as a non-opioid.
 */
const medicationIdentityFields = {
  catalogKey: medicationCatalogKeySchema.nullable().default(null),
  name: singleLine(200).optional(),
  drugClass: drugClassSchema.optional(),
  opioid: opioidKeySchema.nullable().optional(),
};

/** A fentanyl patch is transdermal: its dose is mcg/hr by patch, not mg by mouth. A route not given is not judged. */
export function fentanylPatchIsTransdermal(input: { opioid?: string | null | undefined; route?: string | undefined }): boolean {
  return input.opioid !== "fentanyl_transdermal" || input.route === undefined || input.route === "transdermal";
}
const FENTANYL_ROUTE_MESSAGE = "transdermal fentanyl is dosed in mcg/hr by patch";
const FENTANYL_ROUTE = { message: FENTANYL_ROUTE_MESSAGE, path: ["route"] };

/** For a patch applied to a stored row: the schema sees the patch, this the row it lands on. */
export function assertFentanylPatchIsTransdermal(row: { opioid: string | null; route: string }): void {
  if (!fentanylPatchIsTransdermal(row)) throw new InvalidInputError(FENTANYL_ROUTE_MESSAGE, "route");
}

const namedOrPicked = (input: { catalogKey: string | null; name?: string | undefined }) => input.catalogKey !== null || input.name !== undefined;
const NAME_OR_PICK = { message: "pick a drug from the catalogue, or name it under Other", path: ["name"] };
const routedOrPicked = (input: { catalogKey: string | null; route?: string | undefined }) => input.catalogKey !== null || input.route !== undefined;
const ROUTE_OR_PICK = { message: "choose a route", path: ["route"] };

const medicationToStartShape = {
  ...medicationIdentityFields,
  ...medicationDoseFields,
  asNeeded: medicationDoseFields.asNeeded.default(false),
  route: medicationDoseFields.route.optional(),
  startedAt: clinicalDateSchema,
};

export const createMedicationInputSchema = z
  .strictObject({ ...patientRef, ...medicationToStartShape })
  .refine(namedOrPicked, NAME_OR_PICK)
  .refine(routedOrPicked, ROUTE_OR_PICK)
  .refine(fentanylPatchIsTransdermal, FENTANYL_ROUTE);
export type CreateMedicationInput = z.infer<typeof createMedicationInputSchema>;

/** A medication to start, without the patient: what a team meeting proposes for the physician (same catalogue rules). */
export const medicationToStartSchema = z
  .strictObject(medicationToStartShape)
  .refine(namedOrPicked, NAME_OR_PICK)
  .refine(routedOrPicked, ROUTE_OR_PICK)
  .refine(fentanylPatchIsTransdermal, FENTANYL_ROUTE);
export type MedicationToStart = z.infer<typeof medicationToStartSchema>;

/** The drug itself (its catalogue pick) is not changed: a different drug is a new medication. */
export const updateMedicationInputSchema = z
  .strictObject({
    ...rowRef,
    name: singleLine(200).optional(),
    drugClass: drugClassSchema.optional(),
    opioid: opioidKeySchema.nullable().optional(),
    ...z.object(medicationDoseFields).partial().shape,
  })
  .refine(hasChanges, NO_CHANGES)
  .refine(fentanylPatchIsTransdermal, FENTANYL_ROUTE);
export type UpdateMedicationInput = z.infer<typeof updateMedicationInputSchema>;

/** Stopping asks why (issue 10 item 11): the reason is kept on the row and shown with it. */
export const stopReasonSchema = text(1000);
export const stopMedicationInputSchema = z.strictObject({ ...rowRef, stoppedAt: clinicalDateSchema, reason: stopReasonSchema });
export type StopMedicationInput = z.infer<typeof stopMedicationInputSchema>;

/** §6.5: a PDMP check, urine drug test or naloxone offer, on the date it was done (not in the future). */
export const recordMonitoringInputSchema = z.strictObject({
  ...patientRef,
  kind: monitoringKindSchema,
  performedAt: clinicalDateSchema,
  result: optionalText(1000).optional(),
});
export type RecordMonitoringInput = z.infer<typeof recordMonitoringInputSchema>;

// --- therapy sessions --------------------------------------------------------------------------

const sessionFields = {
  sessionDate: clinicalDateSchema,
  attendance: attendanceSchema,
  minutes: z.number().int().min(0).max(240),
  interventions: z.array(singleLine(100)).max(30),
  painBefore: painScoreSchema.nullable(),
  painAfter: painScoreSchema.nullable(),
  functionNote: optionalText(2000),
  notes: optionalText(10000),
};

/** Whether a session with this attendance has minutes and pain readings: one that did not happen has none. */
export function sessionHasFigures(attendance: Attendance): boolean {
  return attendance === "attended";
}

/** A session that did not happen has no minutes and no pain readings. An attendance not given is not judged. */
export function consistentAttendance(input: { attendance?: Attendance; minutes?: number; painBefore?: number | null; painAfter?: number | null }): boolean {
  if (input.attendance === undefined || sessionHasFigures(input.attendance)) return true;
  return (input.minutes ?? 0) === 0 && (input.painBefore ?? null) === null && (input.painAfter ?? null) === null;
}
const ATTENDANCE_MESSAGE = "a missed or cancelled session has 0 minutes and no pain scores";
const ATTENDANCE = { message: ATTENDANCE_MESSAGE, path: ["attendance"] };

/** For a correction: the schema sees the patch, this the merged row. */
export function assertConsistentAttendance(row: { attendance: Attendance; minutes: number; painBefore: number | null; painAfter: number | null }): void {
  if (!consistentAttendance(row)) throw new InvalidInputError(ATTENDANCE_MESSAGE, "attendance");
}

/** idempotencyKey makes a retried submit (flaky clinic wifi) log one session, not two. */
export const logTherapySessionInputSchema = z
  .strictObject({
    ...patientRef,
    idempotencyKey: z.uuid(),
    ...sessionFields,
    interventions: sessionFields.interventions.default([]),
    painBefore: sessionFields.painBefore.default(null),
    painAfter: sessionFields.painAfter.default(null),
    functionNote: sessionFields.functionNote.default(null),
    notes: sessionFields.notes.default(null),
  })
  .refine(consistentAttendance, ATTENDANCE);
export type LogTherapySessionInput = z.infer<typeof logTherapySessionInputSchema>;

export const correctTherapySessionInputSchema = z
  .strictObject({ ...rowRef, ...z.object(sessionFields).partial().shape })
  .refine(hasChanges, NO_CHANGES);
export type CorrectTherapySessionInput = z.infer<typeof correctTherapySessionInputSchema>;

// --- psychology --------------------------------------------------------------------------------

export const createPsychNoteInputSchema = z.strictObject({ ...patientRef, kind: psychNoteKindSchema, body: text(10000) });
export type CreatePsychNoteInput = z.infer<typeof createPsychNoteInputSchema>;

export const requestClearanceInputSchema = z
  .strictObject({ ...patientRef, procedureType: procedureTypeSchema })
  .refine((input) => procedureCatalog[input.procedureType].requiresClearance, {
    message: "this procedure does not need psychological clearance",
    path: ["procedureType"],
  });
export type RequestClearanceInput = z.infer<typeof requestClearanceInputSchema>;

export const recordClearanceInputSchema = z.strictObject({
  ...rowRef,
  status: z.enum(["cleared", "not_cleared", "deferred"]),
  rationale: text(4000),
});
export type RecordClearanceInput = z.infer<typeof recordClearanceInputSchema>;

// --- assessments -------------------------------------------------------------------------------

function responsesFor(instrument: Instrument) {
  const def = instrumentDefinitions[instrument];
  const item = z.number().int().min(def.itemMin).max(def.itemMax);
  // Only the ODI allows an unanswered (null) section; scoring decides whether it is complete.
  return z.array(instrument === "odi" ? item.nullable() : item).length(def.items);
}

/** Instrument and item responses only: the server computes every score (scoreInstrument). */
/**
 * The date the instrument was administered (a paper form from last week keeps its date); not in the
 * future, not before the patient's birth (clinical-dates.ts, checked by the API). Absent = now.
 */
const administered = { ...patientRef, administeredAt: clinicalDateSchema.optional() };
export const submitAssessmentInputSchema = z.discriminatedUnion("instrument", [
  z.strictObject({ ...administered, instrument: z.literal("nrs"), responses: responsesFor("nrs") }),
  z.strictObject({ ...administered, instrument: z.literal("peg3"), responses: responsesFor("peg3") }),
  z.strictObject({ ...administered, instrument: z.literal("odi"), responses: responsesFor("odi") }),
  z.strictObject({ ...administered, instrument: z.literal("phq9"), responses: responsesFor("phq9") }),
  z.strictObject({ ...administered, instrument: z.literal("gad7"), responses: responsesFor("gad7") }),
  z.strictObject({ ...administered, instrument: z.literal("pcs"), responses: responsesFor("pcs") }),
]);
export type SubmitAssessmentInput = z.infer<typeof submitAssessmentInputSchema>;

// --- comments and action items -----------------------------------------------------------------

export const createCommentInputSchema = z.strictObject({
  ...patientRef,
  targetType: commentTargetTypeSchema,
  targetId: idSchema,
  body: text(10000),
});
export type CreateCommentInput = z.infer<typeof createCommentInputSchema>;

export const updateCommentInputSchema = z.strictObject({ ...rowRef, body: text(10000) });
export type UpdateCommentInput = z.infer<typeof updateCommentInputSchema>;

export const updateActionItemInputSchema = z
  .strictObject({
    ...rowRef,
    status: actionItemStatusSchema.optional(),
    dueDate: clinicalDateSchema.optional(),
    ownerId: idSchema.optional(),
    description: text(1000).optional(),
  })
  .refine(hasChanges, NO_CHANGES);
export type UpdateActionItemInput = z.infer<typeof updateActionItemInputSchema>;
