import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, insertRow, schema, updateVersioned } from "@stepwise/db";
import { createGoalInputSchema, updateGoalInputSchema } from "@stepwise/domain";
import { clinicalDates, patientProcedure } from "../trpc";
import { assertSamePatient } from "./refs";

export const goalsRouter = {
  create: patientProcedure.input(createGoalInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("goal.create", { rowDiscipline: input.discipline });
    return ctx.write({ entityType: "goal" }, async (tx) => {
      if (input.problemId) await assertSamePatient(tx, "problem", input.problemId, input.patientId);
      const row = await insertRow(tx, schema.goals, { ...input, createdBy: ctx.user.id, updatedBy: ctx.user.id });
      await ctx.event(tx, { entityType: "goal", entityId: row.id, eventType: "goal.created", summary: `Goal added: ${row.description}`, discipline: row.discipline, entityVersion: 1 });
      return row;
    });
  }),

  update: patientProcedure.input(updateGoalInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    const { patientId, id, expectedVersion, ...patch } = input;
    return ctx.write({ entityType: "goal", entityId: id }, async (tx) => {
      const existing = await getInPatient(tx, schema.goals, "Goal", id, patientId);
      ctx.authorize("goal.update", { rowDiscipline: existing.discipline });
      if (patch.problemId) await assertSamePatient(tx, "problem", patch.problemId, patientId);
      const row = await updateVersioned(tx, schema.goals, "goal", { id, patientId, expectedVersion, actorId: ctx.user.id, now: ctx.now() }, patch);
      const what = patch.status && patch.status !== existing.status ? `Goal ${patch.status.replace("_", " ")}` : "Goal updated";
      await ctx.event(tx, { entityType: "goal", entityId: id, eventType: "goal.updated", summary: `${what}: ${row.description}`, discipline: row.discipline, entityVersion: row.version });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;
