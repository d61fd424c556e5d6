import { getInPatient, insertRow, schema, updateVersioned, type DbOrTx } from "@stepwise/db";
import { assertFentanylPatchIsTransdermal, assertMedicationStop, resolveMedicationIdentity, type MedicationToStart } from "@stepwise/domain";
import type { PlanChange } from "./plan-changes";

export type MedicationRow = typeof schema.medications.$inferSelect;

/**
 * A medication started by the physician, from the medication list or a meeting decision: both go
 * through the catalogue rules (§6.5), so an opioid name is classed as an opioid or refused.
 */
export async function startMedication(tx: DbOrTx, c: PlanChange, medication: MedicationToStart): Promise<MedicationRow> {
  c.authorize("medication.create");
  const { catalogKey, name, drugClass, opioid, route, doseMg, timesPerDay, asNeeded, startedAt } = medication;
  const identity = resolveMedicationIdentity({ catalogKey, name, drugClass, opioid, route });
  assertFentanylPatchIsTransdermal(identity);
  const row = await insertRow(tx, schema.medications, {
    ...identity,
    doseMg,
    timesPerDay,
    asNeeded,
    startedAt,
    patientId: c.patientId,
    status: "active",
    createdBy: c.actorId,
    updatedBy: c.actorId,
  });
  await c.event(tx, { entityType: "medication", entityId: row.id, eventType: "medication.created", summary: `Medication started: ${row.name}`, discipline: "physician", entityVersion: 1 });
  return row;
}

export interface StopMedication {
  id: string;
  /** The version the caller read; a meeting proposal confirmed later compares against the row as it stands. */
  expectedVersion?: number | undefined;
  /** When it was stopped; a confirmed meeting decision without one stops it at confirmation. */
  stoppedAt?: Date | undefined;
  /** Why (required): kept on the row and shown with it in the list and the timeline. */
  reason: string;
}

export async function stopMedication(tx: DbOrTx, c: PlanChange, s: StopMedication): Promise<MedicationRow> {
  c.authorize("medication.update");
  const existing = await getInPatient(tx, schema.medications, "Medication", s.id, c.patientId);
  const stoppedAt = s.stoppedAt ?? c.now;
  assertMedicationStop(existing, stoppedAt);
  const row = await updateVersioned(
    tx,
    schema.medications,
    "medication",
    { id: s.id, patientId: c.patientId, expectedVersion: s.expectedVersion ?? existing.version, actorId: c.actorId, now: c.now },
    { status: "stopped", stoppedAt, stopReason: s.reason },
  );
  await c.event(tx, { entityType: "medication", entityId: s.id, eventType: "medication.stopped", summary: `Medication stopped: ${row.name} — reason: ${s.reason}`, discipline: "physician", entityVersion: row.version });
  return row;
}
