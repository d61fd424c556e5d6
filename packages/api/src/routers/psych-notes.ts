import type { TRPCRouterRecord } from "@trpc/server";
import { findInPatient, insertRow, listVisiblePsychNotes, pagePsychNotes, schema, updateVersioned } from "@stepwise/db";
import { assertShareableWithPatient, createPsychNoteInputSchema, historyPageOf, sharePsychSummaryInputSchema, listPsychNotesInputSchema, privateReaderId, projectPsychNotes, psychNotePageInputSchema } from "@stepwise/domain";
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

  /**
   * The summary's author shows it to the patient (or stops showing it). A psychotherapy note gets the
   * same NOT_FOUND as a note that does not exist; another psychologist's summary is FORBIDDEN.
   */
  shareWithPatient: patientProcedure.input(sharePsychSummaryInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("psychNote.shareWithPatient", { rowAuthorId: ctx.user.id });
    return ctx.write({ entityType: "psych_note", entityId: input.noteId, detail: { version: input.version } }, async (tx) => {
      const note = await findInPatient(tx, schema.psychNotes, input.noteId, ctx.patientId);
      assertShareableWithPatient(note);
      ctx.authorize("psychNote.shareWithPatient", { rowAuthorId: note!.authorId });
      const row = await updateVersioned(tx, schema.psychNotes, "Psychology note", { id: input.noteId, patientId: ctx.patientId, expectedVersion: input.version, actorId: ctx.user.id, now: ctx.now() }, { sharedWithPatient: input.shared });
      await ctx.event(tx, {
        entityType: "psych_note",
        entityId: row.id,
        eventType: input.shared ? "psych_note.shared_with_patient" : "psych_note.unshared_with_patient",
        summary: input.shared ? "Psychology summary shown to the patient" : "Psychology summary no longer shown to the patient",
        discipline: "psychologist",
        psychNoteKind: row.kind,
        authorId: row.authorId,
        privateTo: null,
        entityVersion: row.version,
      });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;
