import { z } from "zod";
import { clinicalDateSchema, expectedVersionSchema, idSchema, plainText, singleLine, text } from "./common";
import { createGoalInputSchema, medicationToStartSchema, stopReasonSchema } from "./inputs";
import { CASE_REASON_MAX } from "./meetings";
import { planItemStatusSchema } from "./plan-item";
import { procedureTypeSchema } from "./procedure-catalog";

// Inputs of team review meetings and the action items they assign. Those about one patient carry
// patientId (the API's care-team gate); the others are checked against the meeting itself.


const meetingRef = { meetingId: idSchema };
const attendeeIdsSchema = z.array(idSchema).min(1).max(50);

export const listMeetingsInputSchema = z
  .strictObject({
    /** Closed meetings held within this many days count as recent. */
    recentDays: z.number().int().min(1).max(365).default(30),
    limit: z.number().int().min(1).max(100).default(50),
  })
  .prefault({});
export type ListMeetingsInput = z.infer<typeof listMeetingsInputSchema>;

export const meetingRefInputSchema = z.strictObject(meetingRef);

export const scheduleMeetingInputSchema = z.strictObject({
  title: singleLine(200),
  scheduledFor: clinicalDateSchema,
  durationMinutes: z.number().int().min(15).max(480).default(60),
  attendeeIds: attendeeIdsSchema,
});
export type ScheduleMeetingInput = z.infer<typeof scheduleMeetingInputSchema>;

export const updateAttendeesInputSchema = z.strictObject({ ...meetingRef, expectedVersion: expectedVersionSchema, attendeeIds: attendeeIdsSchema });

export const addCaseInputSchema = z.strictObject({
  patientId: idSchema,
  ...meetingRef,
  reason: text(CASE_REASON_MAX),
  /** The case of an earlier meeting this one picks up (from a proposal), if any. */
  carriedFromCaseId: idSchema.optional(),
});
export type AddCaseInput = z.infer<typeof addCaseInputSchema>;

export const removeCaseInputSchema = z.strictObject({ caseId: idSchema, expectedVersion: expectedVersionSchema });

export const reorderCasesInputSchema = z.strictObject({
  ...meetingRef,
  expectedVersion: expectedVersionSchema,
  caseIds: z
    .array(idSchema)
    .min(1)
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, { message: "each case once" }),
});

export const caseSummaryInputSchema = z.strictObject({ patientId: idSchema, ...meetingRef });

const decisionRef = { patientId: idSchema, ...meetingRef, caseId: idSchema };
const goalProposalSchema = createGoalInputSchema.omit({ patientId: true });

/**
 * The structured change a decision carries, without where it was made: stored with a proposal,
 * enough to apply it when the owner confirms. A version, where given, is the one the recorder read.
 */
export const decisionChangeSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("approve_procedure"), procedureId: idSchema, expectedVersion: expectedVersionSchema.optional() }),
  z.strictObject({ kind: z.literal("decline_procedure"), procedureId: idSchema, reason: text(1000), expectedVersion: expectedVersionSchema.optional() }),
  z.strictObject({ kind: z.literal("add_goal"), goal: goalProposalSchema }),
  z.strictObject({
    kind: z.literal("transition_item"),
    planItemId: idSchema,
    expectedVersion: expectedVersionSchema.optional(),
    to: planItemStatusSchema,
    reason: plainText(1000).optional(),
  }),
  z.strictObject({ kind: z.literal("start_medication"), medication: medicationToStartSchema }),
  z.strictObject({ kind: z.literal("stop_medication"), medicationId: idSchema, reason: stopReasonSchema, stoppedAt: clinicalDateSchema.optional(), expectedVersion: expectedVersionSchema.optional() }),
  z.strictObject({ kind: z.literal("request_clearance"), procedureType: procedureTypeSchema }),
  z.strictObject({ kind: z.literal("note"), text: text(4000) }),
]);
export type DecisionChange = z.infer<typeof decisionChangeSchema>;

export const recordDecisionInputSchema = z.discriminatedUnion("kind", [
  z.strictObject({ ...decisionRef, kind: z.literal("approve_procedure"), procedureId: idSchema, expectedVersion: expectedVersionSchema.optional() }),
  z.strictObject({ ...decisionRef, kind: z.literal("decline_procedure"), procedureId: idSchema, reason: text(1000), expectedVersion: expectedVersionSchema.optional() }),
  z.strictObject({ ...decisionRef, kind: z.literal("add_goal"), goal: goalProposalSchema }),
  z.strictObject({
    ...decisionRef,
    kind: z.literal("transition_item"),
    planItemId: idSchema,
    expectedVersion: expectedVersionSchema.optional(),
    to: planItemStatusSchema,
    reason: plainText(1000).optional(),
  }),
  z.strictObject({ ...decisionRef, kind: z.literal("start_medication"), medication: medicationToStartSchema }),
  z.strictObject({
    ...decisionRef,
    kind: z.literal("stop_medication"),
    medicationId: idSchema,
    /** Why the team stops it (issue 10 item 11): kept on the medication when the physician confirms. */
    reason: stopReasonSchema,
    stoppedAt: clinicalDateSchema.optional(),
    expectedVersion: expectedVersionSchema.optional(),
  }),
  z.strictObject({ ...decisionRef, kind: z.literal("request_clearance"), procedureType: procedureTypeSchema }),
  z.strictObject({ ...decisionRef, kind: z.literal("note"), text: text(4000) }),
]);
export type RecordDecisionInput = z.infer<typeof recordDecisionInputSchema>;

export const confirmDecisionInputSchema = z.strictObject({ patientId: idSchema, decisionId: idSchema, expectedVersion: expectedVersionSchema });
export const declineDecisionInputSchema = z.strictObject({ patientId: idSchema, decisionId: idSchema, expectedVersion: expectedVersionSchema, reason: text(1000) });
/** What waits on the caller, for their home: proposals to confirm, meetings to sign. */
export const pendingForMeInputSchema = z.strictObject({ limit: z.number().int().min(1).max(200).default(50) }).prefault({});

export const markDiscussedInputSchema = z.strictObject({ caseId: idSchema, expectedVersion: expectedVersionSchema, discussionNotes: text(10000) });

export const proposeAgendaInputSchema = z.strictObject({
  ...meetingRef,
  offset: z.number().int().min(0).max(100_000).default(0),
  limit: z.number().int().min(1).max(100).default(15),
});

export const markAttendanceInputSchema = z.strictObject({ ...meetingRef, userId: idSchema, attended: z.boolean(), expectedVersion: expectedVersionSchema });

export const closeMeetingInputSchema = z.strictObject({
  ...meetingRef,
  expectedVersion: expectedVersionSchema,
  /** Closing without quorum is the chair's explicit choice; the minutes keep it. */
  acknowledgeNoQuorum: z.boolean().default(false),
});

export const createActionItemInputSchema = z.strictObject({
  patientId: idSchema,
  meetingId: idSchema,
  caseId: idSchema,
  description: text(1000),
  ownerId: idSchema,
  dueDate: clinicalDateSchema,
});
export type CreateActionItemInput = z.infer<typeof createActionItemInputSchema>;

export const listActionItemsInputSchema = z.strictObject({ limit: z.number().int().min(1).max(500).default(200) }).prefault({});
