import { getInPatient, loadCandidacyRecord, schema, updateVersioned, type DbOrTx } from "@stepwise/db";
import { DomainError, holdPlan, PreconditionError } from "@stepwise/domain";
import { orderLabel, type AppendEvent, type ProcedureRow } from "./procedures";

export interface ConfirmHold {
  patientId: string;
  procedureId: string;
  drug: string;
  note: string | null;
  actorId: string;
  now: Date;
  event: AppendEvent;
}

const OPEN = new Set(["proposed", "approved", "scheduled"]);

/**
 * §6.4: records that an anticoagulant / antiplatelet hold before an order is confirmed with the
 * prescriber. Only a drug the order's hold plan lists as needing a decision can be confirmed, and
 * only once; the compare-and-set runs against the version read here, so a concurrent write to the
 * order gets CONFLICT instead of a lost confirmation.
 */
export async function confirmHold(tx: DbOrTx, c: ConfirmHold): Promise<ProcedureRow> {
  const order = await getInPatient(tx, schema.procedures, "Procedure", c.procedureId, c.patientId);
  if (!OPEN.has(order.status)) throw new PreconditionError(`A hold is confirmed before the procedure (this order is ${order.status})`, "status");
  const record = await loadCandidacyRecord(tx, c.patientId);
  const line = holdPlan(order, record, c.now).lines.find((l) => l.drug === c.drug);
  if (!line || !line.needsConfirmation) throw new DomainError("BAD_REQUEST", "this order's hold plan lists no hold of that drug", "drug");
  if (line.confirmation) throw new PreconditionError(`The hold of ${line.name} is already confirmed`, "drug");
  const confirmation = { drug: line.drug, medicationId: line.medicationId, confirmedBy: c.actorId, confirmedAt: c.now.toISOString(), note: c.note };
  const row = await updateVersioned(
    tx,
    schema.procedures,
    "procedure",
    { id: order.id, patientId: c.patientId, expectedVersion: order.version, actorId: c.actorId, now: c.now },
    { holdConfirmations: [...order.holdConfirmations, confirmation] },
  );
  await c.event(tx, {
    entityType: "procedure",
    entityId: order.id,
    eventType: "procedure.hold_confirmed",
    summary: `Hold confirmed before ${orderLabel(row)}: ${line.name}`,
    discipline: "physician",
    entityVersion: row.version,
  });
  return row;
}
