import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, insertTherapySessionOnce, listTherapySessions, pageTherapySessions, schema, updateVersioned, type TherapySessionRow } from "@stepwise/db";
import {
  assertConsistentAttendance,
  correctTherapySessionInputSchema,
  ConflictError,
  listTherapySessionsInputSchema,
  logTherapySessionInputSchema,
  historyPageOf,
  therapySessionPageInputSchema,
  type LogTherapySessionInput,
} from "@stepwise/domain";
import { clinicalDates, patientProcedure, type AuditTarget } from "../trpc";

type SessionBody = Pick<TherapySessionRow, "sessionDate" | "attendance" | "minutes" | "interventions" | "painBefore" | "painAfter" | "functionNote" | "notes">;

const day = (d: Date) => d.toISOString().slice(0, 10);

/** A retry must repeat the original submit; the same key with another body is a client bug, not a new session. */
function sameSubmission(stored: TherapySessionRow, input: LogTherapySessionInput, authorId: string): boolean {
  return (
    stored.authorId === authorId &&
    day(stored.sessionDate) === day(input.sessionDate) &&
    stored.attendance === input.attendance &&
    stored.minutes === input.minutes &&
    JSON.stringify(stored.interventions) === JSON.stringify(input.interventions) &&
    stored.painBefore === input.painBefore &&
    stored.painAfter === input.painAfter &&
    stored.functionNote === input.functionNote &&
    stored.notes === input.notes
  );
}

function sessionSummary(row: SessionBody): string {
  switch (row.attendance) {
    case "attended":
      return `Session on ${day(row.sessionDate)}: ${row.minutes} min`;
    case "no_show":
      return `No-show on ${day(row.sessionDate)}`;
    case "cancelled":
      return `Session on ${day(row.sessionDate)} cancelled`;
  }
}

export const therapySessionsRouter = {
  /** Idempotent on (patient, idempotencyKey): a retried submit returns the original row and writes nothing new. */
  log: patientProcedure.input(logTherapySessionInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("therapySession.log");
    const audit: AuditTarget = { entityType: "therapy_session" };
    return ctx.write(audit, async (tx) => {
      const { patientId, ...body } = input;
      const { row, created } = await insertTherapySessionOnce(tx, { ...body, patientId, authorId: ctx.user.id, createdBy: ctx.user.id, updatedBy: ctx.user.id });
      if (!created) {
        if (!sameSubmission(row, input, ctx.user.id)) {
          throw new ConflictError("This idempotency key was already used for a different session.", { field: "idempotencyKey", current: row });
        }
        audit.detail = { idempotentReplay: true };
        return row;
      }
      await ctx.event(tx, {
        entityType: "therapy_session",
        entityId: row.id,
        eventType: "therapy_session.logged",
        summary: sessionSummary(row),
        discipline: "physical_therapist",
        authorId: row.authorId,
        entityVersion: 1,
      });
      return row;
    });
  }),

  list: patientProcedure.input(listTherapySessionsInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("therapySession.read");
    return listTherapySessions(ctx.db, { patientId: ctx.patientId, from: input.from, to: input.to, limit: input.limit });
  }),

  /** Every session, newest first, a page at a time (the plan carries the latest few). */
  page: patientProcedure.input(therapySessionPageInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("therapySession.read");
    return historyPageOf(await pageTherapySessions(ctx.db, { patientId: ctx.patientId, after: input.cursor, limit: input.limit + 1 }), input.limit);
  }),

  correct: patientProcedure.input(correctTherapySessionInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    const { patientId, id, expectedVersion, ...patch } = input;
    return ctx.write({ entityType: "therapy_session", entityId: id }, async (tx) => {
      const existing = await getInPatient(tx, schema.therapySessions, "Therapy session", id, patientId);
      ctx.authorize("therapySession.correct", { rowAuthorId: existing.authorId });
      // The log schema checks the whole input; a correction is a patch, so the merged row is checked.
      assertConsistentAttendance({ ...existing, ...patch });
      const row = await updateVersioned(tx, schema.therapySessions, "therapy session", { id, patientId, expectedVersion, actorId: ctx.user.id, now: ctx.now() }, patch);
      await ctx.event(tx, {
        entityType: "therapy_session",
        entityId: id,
        eventType: "therapy_session.corrected",
        summary: `Corrected: ${sessionSummary(row)}`,
        discipline: "physical_therapist",
        authorId: row.authorId,
        entityVersion: row.version,
      });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;
