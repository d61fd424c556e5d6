import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, listPatientMedications, schema, updateVersioned } from "@stepwise/db";
import {
  assertFentanylPatchIsTransdermal,
  assertMedicationEditable,
  createMedicationInputSchema,
  dailyMme,
  DEFAULT_MME_TABLE,
  mmeTables,
  patientRefInputSchema,
  stopMedicationInputSchema,
  updateMedicationInputSchema,
} from "@stepwise/domain";
import { startMedication, stopMedication } from "../services/medications";
import { clinicalDates, patientProcedure } from "../trpc";

const fieldWords = { name: "name", opioid: "opioid", doseMg: "dose", timesPerDay: "times per day", route: "route" } as const;

export const medicationsRouter = {
  /** Every row, stopped ones too, and the MME total of the active ones, naming the table that produced it. */
  list: patientProcedure.input(patientRefInputSchema).query(async ({ ctx }) => {
    ctx.authorize("carePlan.read");
    const rows = await listPatientMedications(ctx.db, ctx.patientId);
    const mme = dailyMme(rows, DEFAULT_MME_TABLE);
    return { items: rows, mme: { ...mme, tableLabel: mmeTables[mme.table].label } };
  }),

  create: patientProcedure.input(createMedicationInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("medication.create");
    const { patientId, ...medication } = input;
    return ctx.write({ entityType: "medication" }, (tx) => startMedication(tx, { patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event, authorize: ctx.authorize }, medication));
  }),

  update: patientProcedure.input(updateMedicationInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("medication.update");
    const { patientId, id, expectedVersion, ...patch } = input;
    return ctx.write({ entityType: "medication", entityId: id }, async (tx) => {
      const existing = await getInPatient(tx, schema.medications, "Medication", id, patientId);
      assertMedicationEditable(existing.status);
      assertFentanylPatchIsTransdermal({ opioid: patch.opioid === undefined ? existing.opioid : patch.opioid, route: patch.route ?? existing.route });
      const row = await updateVersioned(tx, schema.medications, "medication", { id, patientId, expectedVersion, actorId: ctx.user.id, now: ctx.now() }, patch);
      const changed = (Object.keys(fieldWords) as (keyof typeof fieldWords)[]).filter((key) => patch[key] !== undefined).map((key) => fieldWords[key]);
      await ctx.event(tx, {
        entityType: "medication",
        entityId: id,
        eventType: "medication.updated",
        summary: `Medication changed: ${row.name} (${changed.join(", ")})`,
        discipline: "physician",
        entityVersion: row.version,
      });
      return row;
    });
  }),

  stop: patientProcedure.input(stopMedicationInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("medication.update");
    const { patientId, id, expectedVersion, stoppedAt } = input;
    return ctx.write({ entityType: "medication", entityId: id, detail: { to: "stopped" } }, (tx) =>
      stopMedication(tx, { patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event, authorize: ctx.authorize }, { id, expectedVersion, stoppedAt }),
    );
  }),
} satisfies TRPCRouterRecord;
