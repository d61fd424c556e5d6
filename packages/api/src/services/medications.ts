import { getInPatient, insertRow, schema, updateVersioned, type DbOrTx } from "@stepwise/db";
import { assertMedicationStop, type MedicationToStart } from "@stepwise/domain";
import type { PlanChange } from "./plan-changes";

export type MedicationRow = typeof schema.medications.$inferSelect;

/** A medication started by the physician, from the medication list or a meeting decision. */
export async function startMedication(tx: DbOrTx, c: PlanChange, medication: MedicationToStart): Promise<MedicationRow> {
  c.authorize("medication.create");
  const row = await insertRow(tx, schema.medications, { ...medication, patientId: c.patientId, status: "active", createdBy: c.actorId, updatedBy: c.actorId });
  await c.event(tx, { entityType: "medication", entityId: row.id, eventType: "medication.created", summary: `Medication started: ${row.name}`, discipline: "physician", entityVersion: 1 });
  return row;
}

export interface StopMedication {
  id: string;
  /** The version the caller read; a meeting proposal confirmed later compares against the row as it stands. */
  expectedVersion?: number;
  /** When it was stopped; a confirmed meeting decision without one stops it at confirmation. */
  stoppedAt?: Date;
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
    { status: "stopped", stoppedAt },
  );
  await c.event(tx, { entityType: "medication", entityId: s.id, eventType: "medication.stopped", summary: `Medication stopped: ${row.name}`, discipline: "physician", entityVersion: row.version });
  return row;
}
