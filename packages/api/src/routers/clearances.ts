import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, insertRow, listPsychClearances, schema, updateVersioned } from "@stepwise/db";
import {
  assertClearanceTransition,
  clearanceFamily,
  isClearanceOpen,
  patientRefInputSchema,
  PreconditionError,
  procedureCatalog,
  recordClearanceInputSchema,
  requestClearanceInputSchema,
  type ClearanceStatus,
} from "@stepwise/domain";
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
    const label = procedureCatalog[procedureType].label;
    return ctx.write({ entityType: "clearance", detail: { procedureType } }, async (tx) => {
      // Trial and implant share one evaluation: a second open request would only duplicate the psychologist's work.
      const family = clearanceFamily(procedureType);
      const open = (await listPsychClearances(tx, patientId)).find((c) => family.includes(c.procedureType) && isClearanceOpen(c.status));
      if (open) {
        throw new PreconditionError(`A psychological clearance for ${procedureCatalog[open.procedureType].label} is already open (${statusWords[open.status]})`, "procedureType");
      }
      const row = await insertRow(tx, schema.psychClearances, {
        patientId,
        procedureType,
        status: "requested",
        requestedBy: ctx.user.id,
        requestedAt: ctx.now(),
        createdBy: ctx.user.id,
        updatedBy: ctx.user.id,
      });
      await ctx.event(tx, {
        entityType: "clearance",
        entityId: row.id,
        eventType: "clearance.requested",
        summary: `Psychological clearance requested for ${label}`,
        discipline: "physician",
        entityVersion: row.version,
      });
      return row;
    });
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
