import type { TRPCRouterRecord } from "@trpc/server";
import { insertRow, listVisiblePsychNotes, pagePsychNotes, schema } from "@stepwise/db";
import { createPsychNoteInputSchema, historyPageOf, listPsychNotesInputSchema, privateReaderId, projectPsychNotes, psychNotePageInputSchema } from "@stepwise/domain";
import { patientProcedure } from "../trpc";

export const psychNotesRouter = {
  /**
   * A psychotherapy note and its plan event are its author's alone: the event is private to them and
   * its summary says no more than that a note exists. A shared summary's event is the team's.
   */
  create: patientProcedure.input(createPsychNoteInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("psychNote.create");
    const isPrivate = input.kind === "psychotherapy";
    return ctx.write({ entityType: "psych_note" }, async (tx) => {
      const row = await insertRow(tx, schema.psychNotes, { ...input, authorId: ctx.user.id, createdBy: ctx.user.id, updatedBy: ctx.user.id });
      await ctx.event(tx, {
        entityType: "psych_note",
        entityId: row.id,
        eventType: "psych_note.created",
        summary: isPrivate ? "Private note added" : "Shared psychology summary added",
        discipline: "psychologist",
        psychNoteKind: row.kind,
        authorId: row.authorId,
        privateTo: isPrivate ? ctx.user.id : null,
        entityVersion: 1,
      });
      return row;
    });
  }),

  /** Shared summaries and the caller's own psychotherapy notes: filtered in SQL, then again by the matrix. */
  list: patientProcedure.input(listPsychNotesInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("psychNote.readSharedSummary");
    // Under an emergency-access grant no psychotherapy note matches the reader, not even one the holder wrote.
    const readerId = privateReaderId(ctx.access, ctx.user.id);
    const rows = await listVisiblePsychNotes(ctx.db, { patientId: ctx.patientId, viewerId: readerId, limit: input.limit });
    return projectPsychNotes(rows, { userId: readerId, role: ctx.user.role });
  }),

  /** Every note the caller may read, newest first, a page at a time (the plan carries the latest few). */
  page: patientProcedure.input(psychNotePageInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("psychNote.readSharedSummary");
    const readerId = privateReaderId(ctx.access, ctx.user.id);
    const page = historyPageOf(await pagePsychNotes(ctx.db, { patientId: ctx.patientId, viewerId: readerId, after: input.cursor, limit: input.limit + 1 }), input.limit);
    return { items: projectPsychNotes(page.items, { userId: readerId, role: ctx.user.role }), nextCursor: page.nextCursor };
  }),
} satisfies TRPCRouterRecord;
