import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, schema, updateVersioned } from "@stepwise/db";
import { createGoalInputSchema, updateGoalInputSchema } from "@stepwise/domain";
import { createGoal } from "../services/goals";
import { clinicalDates, patientProcedure } from "../trpc";
import { assertSamePatient } from "./refs";

export const goalsRouter = {
  create: patientProcedure.input(createGoalInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    const { patientId, ...goal } = input;
    ctx.authorize("goal.create", { rowDiscipline: goal.discipline });
    return ctx.write({ entityType: "goal" }, (tx) =>
      createGoal(tx, { patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event, authorize: ctx.authorize }, goal),
    );
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
