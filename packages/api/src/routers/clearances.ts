import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, insertRow, listPsychClearances, schema, updateVersioned } from "@stepwise/db";
import {
  assertTransitionIn,
  clearanceFamily,
  DomainError,
  patientRefInputSchema,
  procedureCatalog,
  recordClearanceInputSchema,
  requestClearanceInputSchema,
  type ClearanceStatus,
  type TransitionTable,
} from "@stepwise/domain";
import { clinicalDates, patientProcedure } from "../trpc";

/**
 * A decision is recorded once a clearance is requested; "deferred" stays open (the psychologist
 * decides later), cleared and not cleared are final — a new evaluation is a new request.
 * Belongs in the domain package beside procedureTransitions; kept here until it moves.
 */
const clearanceTransitions: TransitionTable<ClearanceStatus> = {
  requested: ["cleared", "not_cleared", "deferred"],
  deferred: ["cleared", "not_cleared", "deferred"],
  cleared: [],
  not_cleared: [],
};

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
      const open = (await listPsychClearances(tx, patientId)).find((c) => family.includes(c.procedureType) && (c.status === "requested" || c.status === "deferred"));
      if (open) {
        throw new DomainError("PRECONDITION_FAILED", `A psychological clearance for ${procedureCatalog[open.procedureType].label} is already open (${statusWords[open.status]})`, "procedureType");
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
      assertTransitionIn(clearanceTransitions, existing.status, status, "Clearance");
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
