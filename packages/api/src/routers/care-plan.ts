import type { TRPCRouterRecord } from "@trpc/server";
import { ensureCarePlan, latestEventId, loadCurrentPlanRows, patientRecordOf, schema, updateVersioned } from "@stepwise/db";
import { namedFlags } from "../services/safety-responses";
import {
  actions,
  assessmentInstrumentsByRole,
  can,
  computeFlags,
  decideGrantUse,
  isReadAction,
  privateReaderId,
  dailyMme,
  DEFAULT_MME_TABLE,
  ladderPosition,
  patientRefInputSchema,
  projectPsychNotes,
  updateCarePlanInputSchema,
  type Action,
} from "@stepwise/domain";
import { clinicalDates, patientProcedure } from "../trpc";

export const carePlanRouter = {
  /**
   * The plan as this caller may see it: everything current and the latest of each history series
   * (with counts of the rest, which page in through the series' own procedures), in a fixed number
   * of queries and a bounded payload however long the history. Flags are computed over the same
   * rows, which include every older row a flag rule reads.
   */
  get: patientProcedure.input(patientRefInputSchema).query(async ({ ctx }) => {
    ctx.authorize("carePlan.read");
    const viewer = { userId: ctx.user.id, role: ctx.user.role };
    // Under an emergency-access grant no private row (a psychotherapy note) matches the reader.
    const readerId = privateReaderId(ctx.access, ctx.user.id);
    // Read the log position first: a live stream resuming from it can only repeat, never miss.
    const lastEventId = await latestEventId(ctx.db, [ctx.patientId]);
    const now = ctx.now();
    const { rows, counts, shown } = await loadCurrentPlanRows(ctx.db, ctx.patientId, readerId, now);
    const record = patientRecordOf(rows);
    const ladder = ladderPosition(rows.planItems, rows.procedures, now);
    // What the caller may do on rows of their own discipline and authorship: drives which controls show.
    const own = { userId: ctx.user.id, rowAuthorId: ctx.user.id, ...(ctx.discipline ? { rowDiscipline: ctx.discipline } : {}) };
    const access = ctx.access;
    const grantAllows = (a: Action) => access.kind !== "grant" || decideGrantUse(access, ctx.user.role, { write: !isReadAction(a), action: a }).allowed;
    const allowed = Object.fromEntries(
      actions.map((a) => [a, grantAllows(a) && (a === "assessment.submit" ? assessmentInstrumentsByRole[ctx.user.role].length > 0 : can(ctx.user.role, a, own))]),
    ) as Record<Action, boolean>;
    return {
      plan: rows.plan ?? null,
      currentStep: ladder.current,
      currentStepLabel: ladder.currentLabel,
      /** §6.8: current step, highest reached and the work-up, derived from items and orders. */
      ladder,
      ...record,
      // The ladder and the flags read a work-up's earlier blocks too; the plan shows its own orders.
      procedures: shown.procedures,
      procedureOutcomes: shown.procedureOutcomes,
      goals: rows.goals,
      psychNotes: projectPsychNotes(rows.psychNotes, { userId: readerId, role: ctx.user.role }),
      actionItems: rows.actionItems,
      mme: dailyMme(rows.medications, DEFAULT_MME_TABLE),
      flags: await namedFlags(ctx.db, computeFlags({ ...record, actionItems: rows.actionItems }, now)),
      viewer: { ...viewer, discipline: ctx.discipline, allowed },
      /** How many rows each history series holds in all (the plan carries the latest of each). */
      history: counts,
      lastEventId,
    };
  }),

  update: patientProcedure.input(updateCarePlanInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("carePlan.update");
    return ctx.write({ entityType: "care_plan" }, async (tx) => {
      await ensureCarePlan(tx, ctx.patientId, ctx.user.id);
      const { patientId, id, expectedVersion, ...patch } = input;
      const row = await updateVersioned(tx, schema.carePlans, "care plan", { id, patientId, expectedVersion, actorId: ctx.user.id, now: ctx.now() }, patch);
      await ctx.event(tx, {
        entityType: "care_plan",
        entityId: row.id,
        eventType: "care_plan.updated",
        summary: patch.status ? `Plan status set to ${patch.status}` : "Plan summary updated",
        discipline: "physician",
        entityVersion: row.version,
      });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;
