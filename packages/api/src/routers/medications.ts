import type { TRPCRouterRecord } from "@trpc/server";
import { getInPatient, insertRow, listPatientMedications, schema, updateVersioned } from "@stepwise/db";
import {
  assertFentanylPatchIsTransdermal,
  assertMedicationEditable,
  createMedicationInputSchema,
  dailyMme,
  DEFAULT_MME_TABLE,
  mmeTables,
  monitoringCheckLabels,
  patientRefInputSchema,
  recordMonitoringInputSchema,
  resolveMedicationIdentity,
  stopMedicationInputSchema,
  updateMedicationInputSchema,
} from "@stepwise/domain";
import { startMedication, stopMedication } from "../services/medications";
import { clinicalDates, patientProcedure } from "../trpc";

const fieldWords = {
  name: "name",
  drugClass: "class",
  opioid: "opioid",
  doseMg: "dose",
  timesPerDay: "times per day",
  asNeeded: "as needed",
  route: "route",
} as const;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export const medicationsRouter = {
  /** Every row, stopped ones too, and the MME total of the active opioids, naming the table that produced it. */
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

  /** Dose, frequency, PRN, route, or the name and class of an "other" drug — under the same catalogue rules as a new one. */
  update: patientProcedure.input(updateMedicationInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("medication.update");
    const { patientId, id, expectedVersion, ...patch } = input;
    return ctx.write({ entityType: "medication", entityId: id }, async (tx) => {
      const existing = await getInPatient(tx, schema.medications, "Medication", id, patientId);
      assertMedicationEditable(existing.status);
      const identity = resolveMedicationIdentity({
        catalogKey: existing.catalogKey,
        name: patch.name ?? existing.name,
        drugClass: patch.drugClass,
        opioid: patch.opioid !== undefined ? patch.opioid : existing.opioid,
        route: patch.route ?? existing.route,
        fallbackClass: existing.drugClass,
      });
      assertFentanylPatchIsTransdermal(identity);
      const row = await updateVersioned(
        tx,
        schema.medications,
        "medication",
        { id, patientId, expectedVersion, actorId: ctx.user.id, now: ctx.now() },
        { ...patch, name: identity.name, drugClass: identity.drugClass, opioid: identity.opioid },
      );
      const changed = (Object.keys(fieldWords) as (keyof typeof fieldWords)[])
        .filter((key) => patch[key] !== undefined || (key === "drugClass" && existing.drugClass !== row.drugClass) || (key === "opioid" && existing.opioid !== row.opioid))
        .map((key) => fieldWords[key]);
      await ctx.event(tx, {
        entityType: "medication",
        entityId: id,
        eventType: "medication.updated",
        summary: `Medication changed: ${row.name} (${[...new Set(changed)].join(", ")})`,
        discipline: "physician",
        entityVersion: row.version,
      });
      return row;
    });
  }),

  stop: patientProcedure.input(stopMedicationInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("medication.update");
    const { patientId, id, expectedVersion, stoppedAt, reason } = input;
    return ctx.write({ entityType: "medication", entityId: id, detail: { to: "stopped" } }, (tx) =>
      stopMedication(tx, { patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event, authorize: ctx.authorize }, { id, expectedVersion, stoppedAt, reason }),
    );
  }),

  /** §6.5: a PDMP check, urine drug test or naloxone offer, recorded by the physician on the date it was done. */
  recordMonitoring: patientProcedure.input(recordMonitoringInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("medication.recordMonitoring");
    const { patientId, kind, performedAt, result } = input;
    return ctx.write({ entityType: "opioid_monitoring", detail: { kind } }, async (tx) => {
      const row = await insertRow(tx, schema.opioidMonitoring, { patientId, kind, performedAt, result: result ?? null, createdBy: ctx.user.id, updatedBy: ctx.user.id });
      await ctx.event(tx, {
        entityType: "opioid_monitoring",
        entityId: row.id,
        eventType: "opioid_monitoring.recorded",
        summary: `${monitoringCheckLabels[kind]} recorded for ${isoDay(performedAt)}`,
        discipline: "physician",
        entityVersion: 1,
      });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;
