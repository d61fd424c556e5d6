import type { TRPCRouterRecord } from "@trpc/server";
import { findInPatient, getInPatient, insertRow, listVisibleComments, RowNotFoundError, schema, updateVersioned, type DbOrTx } from "@stepwise/db";
import {
  can,
  createCommentInputSchema,
  listCommentsInputSchema,
  privateReaderId,
  psychNoteReadAction,
  updateCommentInputSchema,
  type CommentTargetType,
  type PsychNoteKind,
  type Role,
} from "@stepwise/domain";
import { patientProcedure } from "../trpc";

const targetTables = {
  care_plan: schema.carePlans,
  problem: schema.problems,
  goal: schema.goals,
  plan_item: schema.planItems,
  procedure: schema.procedures,
  medication: schema.medications,
  therapy_session: schema.therapySessions,
  clearance: schema.psychClearances,
  assessment: schema.assessments,
} as const;

const targetLabels: Record<CommentTargetType, string> = {
  care_plan: "care plan",
  problem: "problem",
  goal: "goal",
  plan_item: "plan item",
  procedure: "procedure",
  medication: "medication",
  therapy_session: "therapy session",
  psych_note: "psychology note",
  clearance: "clearance",
  assessment: "assessment",
};

interface Caller {
  userId: string;
  role: Role;
}

/** What commenting on a target needs to know: whom a comment on it must stay private to, if anyone. */
interface ResolvedTarget {
  privateTo: string | null;
  psychNoteKind: PsychNoteKind | null;
}

/**
 * The target must be a row of this patient's record that the caller may read. A psychotherapy note
 * someone else wrote answers exactly like a missing one: nobody may learn that it exists.
 */
async function resolveTarget(tx: DbOrTx, caller: Caller, patientId: string, targetType: CommentTargetType, targetId: string): Promise<ResolvedTarget> {
  const label = targetLabels[targetType];
  if (targetType !== "psych_note") {
    await getInPatient(tx, targetTables[targetType], label, targetId, patientId);
    return { privateTo: null, psychNoteKind: null };
  }
  const note = await findInPatient(tx, schema.psychNotes, targetId, patientId);
  if (!note || !can(caller.role, psychNoteReadAction(note.kind), { userId: caller.userId, rowAuthorId: note.authorId })) {
    throw new RowNotFoundError(label);
  }
  return { privateTo: note.kind === "psychotherapy" ? note.authorId : null, psychNoteKind: note.kind };
}

export const commentsRouter = {
  create: patientProcedure.input(createCommentInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("comment.create");
    const caller = { userId: ctx.user.id, role: ctx.user.role };
    return ctx.write({ entityType: "comment", detail: { targetType: input.targetType } }, async (tx) => {
      const target = await resolveTarget(tx, caller, input.patientId, input.targetType, input.targetId);
      const row = await insertRow(tx, schema.comments, { ...input, authorId: ctx.user.id, privateTo: target.privateTo, createdBy: ctx.user.id, updatedBy: ctx.user.id });
      await ctx.event(tx, {
        entityType: "comment",
        entityId: row.id,
        eventType: "comment.created",
        summary: target.privateTo ? "Private comment added" : `Comment on ${targetLabels[input.targetType]}`,
        discipline: ctx.discipline,
        psychNoteKind: target.psychNoteKind,
        authorId: row.authorId,
        privateTo: target.privateTo,
        entityVersion: 1,
      });
      return row;
    });
  }),

  /** The comments on one target the caller may see; a target they may not see is NOT_FOUND. */
  list: patientProcedure.input(listCommentsInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("comment.read");
    // Under an emergency-access grant nothing private (a psychotherapy note's comments) matches the reader.
    const viewerId = privateReaderId(ctx.access, ctx.user.id);
    await resolveTarget(ctx.db, { userId: viewerId, role: ctx.user.role }, ctx.patientId, input.targetType, input.targetId);
    const rows = await listVisibleComments(ctx.db, { patientId: ctx.patientId, targetType: input.targetType, targetId: input.targetId, viewerId, limit: input.limit });
    return rows.filter((c) => c.privateTo === null || c.privateTo === viewerId);
  }),

  update: patientProcedure.input(updateCommentInputSchema).mutation(async ({ ctx, input }) => {
    const { patientId, id, expectedVersion, body } = input;
    return ctx.write({ entityType: "comment", entityId: id }, async (tx) => {
      const existing = await findInPatient(tx, schema.comments, id, patientId);
      if (!existing || (existing.privateTo !== null && existing.privateTo !== ctx.user.id)) throw new RowNotFoundError("Comment");
      ctx.authorize("comment.update", { rowAuthorId: existing.authorId });
      const row = await updateVersioned(tx, schema.comments, "comment", { id, patientId, expectedVersion, actorId: ctx.user.id, now: ctx.now() }, { body });
      await ctx.event(tx, {
        entityType: "comment",
        entityId: id,
        eventType: "comment.updated",
        summary: row.privateTo ? "Private comment edited" : `Comment edited on ${targetLabels[row.targetType]}`,
        discipline: ctx.discipline,
        authorId: row.authorId,
        privateTo: row.privateTo,
        entityVersion: row.version,
      });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;
