import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, listPsychClearances, schema, updateVersioned } from "@stepwise/db";
import {
  assertClearanceTransition,
  patientRefInputSchema,
  procedureCatalog,
  recordClearanceInputSchema,
  requestClearanceInputSchema,
  type ClearanceStatus,
} from "@stepwise/domain";
import { requestClearance } from "../services/clearances";
import { clinicalDates, patientProcedure } from "../trpc";

const statusWords: Record<ClearanceStatus, string> = { requested: "requested", cleared: "cleared", not_cleared: "not cleared", deferred: "deferred" };

export const clearancesRouter = {
  list: patientProcedure.input(patientRefInputSchema).query(async ({ ctx }) => {
    ctx.authorize("carePlan.read");
    return listPsychClearances(ctx.db, ctx.patientId);
  }),

  request: patientProcedure.input(requestClearanceInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("clearance.request");
    const { patientId, procedureType } = input;
    return ctx.write({ entityType: "clearance", detail: { procedureType } }, (tx) =>
      requestClearance(tx, { patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event, authorize: ctx.authorize }, procedureType),
    );
  }),

  record: patientProcedure.input(recordClearanceInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("clearance.record");
    const { patientId, id, expectedVersion, status, rationale } = input;
    return ctx.write({ entityType: "clearance", entityId: id, detail: { to: status } }, async (tx) => {
      const existing = await getInPatient(tx, schema.psychClearances, "Clearance", id, patientId);
      assertClearanceTransition(existing.status, status);
      const now = ctx.now();
      const row = await updateVersioned(
        tx,
        schema.psychClearances,
        "clearance",
        { id, patientId, expectedVersion, actorId: ctx.user.id, now },
        { status, rationale, decidedBy: ctx.user.id, decidedAt: now },
      );
      await ctx.event(tx, {
        entityType: "clearance",
        entityId: id,
        eventType: `clearance.${status}`,
        summary: `Psychological clearance for ${procedureCatalog[row.procedureType].label}: ${statusWords[status]}`,
        discipline: "psychologist",
        entityVersion: row.version,
      });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;
