import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, insertRow, schema, updateVersioned } from "@stepwise/db";
import { createProblemInputSchema, updateProblemInputSchema } from "@stepwise/domain";
import { clinicalDates, patientProcedure } from "../trpc";

export const problemsRouter = {
  create: patientProcedure.input(createProblemInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("problem.create");
    return ctx.write({ entityType: "problem" }, async (tx) => {
      const row = await insertRow(tx, schema.problems, { ...input, createdBy: ctx.user.id, updatedBy: ctx.user.id });
      await ctx.event(tx, { entityType: "problem", entityId: row.id, eventType: "problem.created", summary: `Problem added: ${row.diagnosis}`, discipline: "physician", entityVersion: 1 });
      return row;
    });
  }),

  update: patientProcedure.input(updateProblemInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("problem.update");
    const { patientId, id, expectedVersion, ...patch } = input;
    return ctx.write({ entityType: "problem", entityId: id }, async (tx) => {
      await getInPatient(tx, schema.problems, "Problem", id, patientId);
      const row = await updateVersioned(tx, schema.problems, "problem", { id, patientId, expectedVersion, actorId: ctx.user.id, now: ctx.now() }, patch);
      await ctx.event(tx, { entityType: "problem", entityId: id, eventType: "problem.updated", summary: `Problem updated: ${row.diagnosis}`, discipline: "physician", entityVersion: row.version });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;
