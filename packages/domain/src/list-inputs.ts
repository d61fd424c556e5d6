import { z } from "zod";
import { clinicalDateSchema, idSchema, lastEventIdSchema, plainText, rowIdCursorSchema } from "./common";
import { disciplineSchema } from "./discipline";
import { commentTargetTypeSchema } from "./entities";
import { instrumentSchema } from "./instruments";

// Inputs of the reads: lists, their filters and cursors, and the live stream. Built, like the
// mutations' inputs, from the shared text, date and cursor schemas, and strict (unknown keys rejected).

const fromNotAfterTo = (i: { from?: Date; to?: Date }) => !i.from || !i.to || i.from.getTime() <= i.to.getTime();
const FROM_AFTER_TO = { message: "from must not be after to", path: ["from"] };

/** The caller's own patients, by name or MRN; the cursor is an offset into the ordered list. */
export const patientListInputSchema = z.strictObject({
  search: plainText(100, "single").optional(),
  limit: z.number().int().min(1).max(100).default(25),
  cursor: z.number().int().min(0).max(100_000).default(0),
});
export type PatientListInput = z.infer<typeof patientListInputSchema>;

export const listTimelineInputSchema = z.strictObject({
  patientId: idSchema,
  /** The plan_events id to page before (the previous page's nextCursor). */
  cursor: rowIdCursorSchema.optional(),
  // Sent by infinite queries; the timeline only pages backwards in time.
  direction: z.enum(["forward", "backward"]).optional(),
  limit: z.number().int().min(1).max(100).default(50),
  discipline: disciplineSchema.optional(),
});
export type ListTimelineInput = z.infer<typeof listTimelineInputSchema>;

export const listAssessmentsInputSchema = z
  .strictObject({
    patientId: idSchema,
    instrument: instrumentSchema.optional(),
    from: clinicalDateSchema.optional(),
    to: clinicalDateSchema.optional(),
    limit: z.number().int().min(1).max(1000).default(500),
  })
  .refine(fromNotAfterTo, FROM_AFTER_TO);
export type ListAssessmentsInput = z.infer<typeof listAssessmentsInputSchema>;

export const listTherapySessionsInputSchema = z
  .strictObject({
    patientId: idSchema,
    from: clinicalDateSchema.optional(),
    to: clinicalDateSchema.optional(),
    limit: z.number().int().min(1).max(500).default(200),
  })
  .refine(fromNotAfterTo, FROM_AFTER_TO);
export type ListTherapySessionsInput = z.infer<typeof listTherapySessionsInputSchema>;

export const listCommentsInputSchema = z.strictObject({
  patientId: idSchema,
  targetType: commentTargetTypeSchema,
  targetId: idSchema,
  limit: z.number().int().min(1).max(500).default(200),
});
export type ListCommentsInput = z.infer<typeof listCommentsInputSchema>;

export const listPsychNotesInputSchema = z.strictObject({
  patientId: idSchema,
  limit: z.number().int().min(1).max(500).default(200),
});
export type ListPsychNotesInput = z.infer<typeof listPsychNotesInputSchema>;

/** The audit log, filtered; the cursor is the audit_log id to page before. */
export const auditLogInputSchema = z.strictObject({
  patientId: idSchema.optional(),
  actorId: idSchema.optional(),
  action: plainText(100, "single").optional(),
  from: clinicalDateSchema.optional(),
  to: clinicalDateSchema.optional(),
  cursor: rowIdCursorSchema.optional(),
  direction: z.enum(["forward", "backward"]).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type AuditLogInput = z.infer<typeof auditLogInputSchema>;

export const liveEventsInputSchema = z.strictObject({
  patientIds: z.array(idSchema).max(20).default([]),
  meetingIds: z.array(idSchema).max(5).default([]),
  /** The last plan_events id the client has applied; tRPC fills it in on reconnect. */
  lastEventId: lastEventIdSchema.nullish(),
  /** The stream also says, content-free and debounced, when the viewer's own list changed (the homes). */
  caseload: z.boolean().default(false),
});
export type LiveEventsInput = z.infer<typeof liveEventsInputSchema>;
