import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, insertRow, listProcedureOrders, schema, updateVersioned } from "@stepwise/db";
import {
  approveProcedureInputSchema,
  assertCriteriaOverridable,
  assertProcedureTransition,
  cancelProcedureInputSchema,
  coSignOverrideInputSchema,
  criteriaForOrder,
  confirmHoldInputSchema,
  criterionDefinitions,
  DomainError,
  evaluateCandidacyInputSchema,
  overrideCriterionInputSchema,
  patientRefInputSchema,
  procedureCatalog,
  procedureInfo,
  procedureInfoVersion,
  procedureRefInputSchema,
  proposeProcedureInputSchema,
  recordDiaryInputSchema,
  recordProcedureOutcomeInputSchema,
  recordProcedurePerformedInputSchema,
  resolveDiagnostic,
  resolveSteroid,
  scheduleProcedureInputSchema,
} from "@stepwise/domain";
import { approveProcedure, cancelProcedure, candidacyFor, coSignOverride, orderLabel, orderTarget } from "../services/procedures";
import { confirmHold } from "../services/safety";
import { recordDiary, recordOutcomePoint } from "../services/outcomes";
import { clinicalDates, patientProcedure } from "../trpc";
import { ladderItemForNewOrder, moveLadderItem } from "../services/ladder";

export const procedureRouter = {
  list: patientProcedure.input(patientRefInputSchema).query(async ({ ctx }) => {
    ctx.authorize("carePlan.read");
    return listProcedureOrders(ctx.db, ctx.patientId);
  }),

  /** What the patient handout prints: the order as written, with the clinic's plain-language text for its kind. */
  handout: patientProcedure.input(procedureRefInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("carePlan.read");
    const order = await getInPatient(ctx.db, schema.procedures, "Procedure", input.id, ctx.patientId);
    const entry = procedureCatalog[order.procedureType];
    return { order, label: entry.label, steroid: entry.steroid, info: procedureInfo[order.procedureType], infoVersion: procedureInfoVersion };
  }),

  evaluateCandidacy: patientProcedure.input(evaluateCandidacyInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("procedure.evaluate");
    // One snapshot on one connection: the checklist never mixes rows from before and after a concurrent write.
    return ctx.db.transaction((tx) => candidacyFor(tx, ctx.patientId, input.procedureType, ctx.now(), input.target), {
      isolationLevel: "repeatable read",
      accessMode: "read only",
    });
  }),

  propose: patientProcedure.input(proposeProcedureInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("procedure.propose");
    const { patientId, diagnostic: requested, withSteroid: steroidRequested, risks, ...fields } = input;
    const diagnostic = resolveDiagnostic(fields.procedureType, requested);
    if (diagnostic === null) throw new DomainError("BAD_REQUEST", `${procedureCatalog[fields.procedureType].label} cannot be ordered with this diagnostic intent`, "diagnostic");
    const withSteroid = resolveSteroid(fields.procedureType, steroidRequested);
    if (withSteroid === null) throw new DomainError("BAD_REQUEST", `${procedureCatalog[fields.procedureType].label} cannot be ordered with this steroid choice`, "withSteroid");
    const order = { ...fields, withSteroid, risks: risks ?? procedureInfo[fields.procedureType].risks };
    return ctx.write({ entityType: "procedure", detail: { procedureType: order.procedureType } }, async (tx) => {
      const candidacy = await candidacyFor(tx, patientId, order.procedureType, ctx.now(), orderTarget(order));
      // §6.8: the order is seen on the plan as its ladder item, created here unless the caller names one.
      const planItemId = await ladderItemForNewOrder(tx, { patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event }, order, order.planItemId);
      const row = await insertRow(tx, schema.procedures, {
        ...order,
        planItemId,
        patientId,
        diagnostic,
        status: "proposed",
        candidacySnapshot: candidacy,
        createdBy: ctx.user.id,
        updatedBy: ctx.user.id,
      });
      await ctx.event(tx, {
        entityType: "procedure",
        entityId: row.id,
        eventType: "procedure.proposed",
        summary: `Procedure proposed: ${orderLabel(row)} (checklist: ${candidacy.overall === "candidate" ? "candidate" : "not yet"})`,
        discipline: "physician",
        entityVersion: row.version,
      });
      return row;
    });
  }),

  approve: patientProcedure.input(approveProcedureInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("procedure.approve");
    const { patientId, id, expectedVersion } = input;
    // Completed inside the transaction: ctx.write audits after its callback, so the audit row
    // records the checklist the approval was actually judged against.
    const detail: Record<string, unknown> = { to: "approved" };
    return ctx.write({ entityType: "procedure", entityId: id, detail }, (tx) =>
      approveProcedure(tx, { patientId, id, expectedVersion, actorId: ctx.user.id, now: ctx.now(), event: ctx.event, auditDetail: detail }),
    );
  }),

  schedule: patientProcedure.input(scheduleProcedureInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("procedure.schedule");
    const { patientId, id, expectedVersion, scheduledFor } = input;
    return ctx.write({ entityType: "procedure", entityId: id, detail: { to: "scheduled" } }, async (tx) => {
      const existing = await getInPatient(tx, schema.procedures, "Procedure", id, patientId);
      assertProcedureTransition(existing.status, "scheduled");
      const row = await updateVersioned(tx, schema.procedures, "procedure", { id, patientId, expectedVersion, actorId: ctx.user.id, now: ctx.now() }, { status: "scheduled", scheduledFor });
      await moveLadderItem(tx, { patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event }, row);
      await ctx.event(tx, {
        entityType: "procedure",
        entityId: id,
        eventType: "procedure.scheduled",
        summary: `Procedure scheduled: ${orderLabel(row)} on ${scheduledFor.toISOString().slice(0, 10)}`,
        discipline: "physician",
        entityVersion: row.version,
      });
      return row;
    });
  }),

  recordPerformed: patientProcedure.input(recordProcedurePerformedInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("procedure.recordPerformed");
    const { patientId, id, expectedVersion, performedAt, preProcedurePain, complications } = input;
    return ctx.write({ entityType: "procedure", entityId: id, detail: { to: "performed" } }, async (tx) => {
      const existing = await getInPatient(tx, schema.procedures, "Procedure", id, patientId);
      assertProcedureTransition(existing.status, "performed");
      const row = await updateVersioned(
        tx,
        schema.procedures,
        "procedure",
        { id, patientId, expectedVersion, actorId: ctx.user.id, now: ctx.now() },
        // The pain before the block the patient gave in their diary stays unless the physician charts one.
        { status: "performed", performedAt, preProcedurePain: preProcedurePain ?? existing.preProcedurePain, complications },
      );
      await moveLadderItem(tx, { patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event }, row);
      await ctx.event(tx, {
        entityType: "procedure",
        entityId: id,
        eventType: "procedure.performed",
        summary: `Procedure performed: ${orderLabel(row)} on ${performedAt.toISOString().slice(0, 10)}`,
        discipline: "physician",
        entityVersion: row.version,
      });
      return row;
    });
  }),

  /** One follow-up time point of the outcome series (§6.7); relief computed here, the order's headline re-derived. */
  recordOutcome: patientProcedure.input(recordProcedureOutcomeInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("procedure.recordOutcome");
    const actor = { patientId: ctx.patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event, discipline: ctx.discipline };
    return ctx.write({ entityType: "procedure", entityId: input.id, detail: { outcome: input.timePoint } }, (tx) => recordOutcomePoint(tx, input, actor));
  }),

  /** The post-block pain diary of a performed diagnostic block, any of its points in one call. */
  recordDiary: patientProcedure.input(recordDiaryInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("procedure.recordDiary");
    const actor = { patientId: ctx.patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event, discipline: ctx.discipline };
    return ctx.write({ entityType: "procedure", entityId: input.id, detail: { diary: input.points.map((p) => p.timePoint) } }, (tx) => recordDiary(tx, input, actor));
  }),

  cancel: patientProcedure.input(cancelProcedureInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("procedure.cancel");
    const { patientId, id, expectedVersion, reason } = input;
    return ctx.write({ entityType: "procedure", entityId: id, detail: { to: "cancelled" } }, (tx) =>
      cancelProcedure(tx, { patientId, id, expectedVersion, reason, actorId: ctx.user.id, now: ctx.now(), event: ctx.event }),
    );
  }),

  /** A psychologist co-signs the override of a clearance criterion (policy data says which criteria need whose co-sign). */
  coSignOverride: patientProcedure.input(coSignOverrideInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("procedure.coSignOverride");
    const { patientId, id, expectedVersion, criterionId, note } = input;
    return ctx.write({ entityType: "procedure", entityId: id, detail: { coSigned: criterionId } }, (tx) =>
      coSignOverride(tx, { patientId, id, expectedVersion, criterionId, note, actorId: ctx.user.id, actorDiscipline: ctx.discipline, now: ctx.now(), event: ctx.event }),
    );
  }),

  /**
   * The input carries no expectedVersion (an override appends, it edits nothing the caller read),
   * so the compare-and-set runs against the version read in this transaction: a concurrent write
   * to the order still gets CONFLICT instead of a lost override.
   */
  overrideCriterion: patientProcedure.input(overrideCriterionInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("procedure.override");
    const { patientId, procedureId, criterionId, reason } = input;
    return ctx.write({ entityType: "procedure", entityId: procedureId, detail: { criterionId, reason } }, async (tx) => {
      const existing = await getInPatient(tx, schema.procedures, "Procedure", procedureId, patientId);
      if (!criteriaForOrder(existing.procedureType, existing.withSteroid).includes(criterionId)) {
        throw new DomainError("BAD_REQUEST", `${criterionId} is not a criterion of ${procedureCatalog[existing.procedureType].label}`, "criterionId");
      }
      assertCriteriaOverridable(existing.status);
      const now = ctx.now();
      const override = { criterionId, reason, by: ctx.user.id, at: now.toISOString() };
      const row = await updateVersioned(
        tx,
        schema.procedures,
        "procedure",
        { id: procedureId, patientId, expectedVersion: existing.version, actorId: ctx.user.id, now },
        { overrides: [...existing.overrides, override] },
      );
      await ctx.event(tx, {
        entityType: "procedure",
        entityId: procedureId,
        eventType: "procedure.criterion_overridden",
        summary: `Checklist override on ${orderLabel(row)}: ${criterionDefinitions[criterionId].label}`,
        discipline: "physician",
        entityVersion: row.version,
      });
      return row;
    });
  }),

  /** §6.4: a hold of an anticoagulant / antiplatelet before this order, confirmed with the prescriber. */
  confirmHold: patientProcedure.input(confirmHoldInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("procedure.confirmHold");
    const { patientId, procedureId, drug, note } = input;
    return ctx.write({ entityType: "procedure", entityId: procedureId, detail: { holdConfirmed: drug } }, (tx) =>
      confirmHold(tx, { patientId, procedureId, drug, note, actorId: ctx.user.id, now: ctx.now(), event: ctx.event }),
    );
  }),
} satisfies TRPCRouterRecord;
