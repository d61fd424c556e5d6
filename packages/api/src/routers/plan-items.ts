import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, insertRow, schema, updateVersioned } from "@stepwise/db";
import {
  createPlanItemInputSchema,
  DomainError,
  planItemShapeIssue,
  transitionPlanItemInputSchema,
  updatePlanItemInputSchema,
} from "@stepwise/domain";
import { transitionPlanItem } from "../services/plan-items";
import { clinicalDates, patientProcedure } from "../trpc";
import { assertSamePatient } from "./refs";

export const planItemsRouter = {
  create: patientProcedure.input(createPlanItemInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("planItem.create", { rowDiscipline: input.discipline });
    return ctx.write({ entityType: "plan_item" }, async (tx) => {
      if (input.problemId) await assertSamePatient(tx, "problem", input.problemId, input.patientId);
      for (const goalId of input.goalIds) await assertSamePatient(tx, "goal", goalId, input.patientId);
      const row = await insertRow(tx, schema.planItems, { ...input, status: "proposed", createdBy: ctx.user.id, updatedBy: ctx.user.id });
      await ctx.event(tx, { entityType: "plan_item", entityId: row.id, eventType: "plan_item.created", summary: `Proposed (step ${row.ladderStep}): ${row.title}`, discipline: row.discipline, entityVersion: 1 });
      return row;
    });
  }),

  update: patientProcedure.input(updatePlanItemInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    const { patientId, id, expectedVersion, ...patch } = input;
    return ctx.write({ entityType: "plan_item", entityId: id }, async (tx) => {
      const existing = await getInPatient(tx, schema.planItems, "Plan item", id, patientId);
      ctx.authorize("planItem.update", { rowDiscipline: existing.discipline });
      if (patch.ladderStep !== undefined) {
        const issue = planItemShapeIssue(existing.kind, patch.ladderStep, existing.discipline);
        if (issue) throw new DomainError("BAD_REQUEST", issue.message, issue.field);
      }
      if (patch.problemId) await assertSamePatient(tx, "problem", patch.problemId, patientId);
      for (const goalId of patch.goalIds ?? []) await assertSamePatient(tx, "goal", goalId, patientId);
      const row = await updateVersioned(tx, schema.planItems, "plan item", { id, patientId, expectedVersion, actorId: ctx.user.id, now: ctx.now() }, patch);
      await ctx.event(tx, { entityType: "plan_item", entityId: id, eventType: "plan_item.updated", summary: `Updated: ${row.title}`, discipline: row.discipline, entityVersion: row.version });
      return row;
    });
  }),

  transition: patientProcedure.input(transitionPlanItemInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    const { patientId, id, expectedVersion, to, reason } = input;
    return ctx.write({ entityType: "plan_item", entityId: id, detail: { to } }, async (tx) => {
      const { row } = await transitionPlanItem(tx, { patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event, authorize: ctx.authorize }, { id, expectedVersion, to, reason });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;
