import { insertRow, listPsychClearances, schema, type DbOrTx } from "@stepwise/db";
import { clearanceFamily, InvalidInputError, isClearanceOpen, PreconditionError, procedureCatalog, type ClearanceStatus, type ProcedureType } from "@stepwise/domain";
import type { PlanChange } from "./plan-changes";

export type ClearanceRow = typeof schema.psychClearances.$inferSelect;

const statusWords: Record<ClearanceStatus, string> = { requested: "requested", cleared: "cleared", not_cleared: "not cleared", deferred: "deferred" };

/** The physician asks the psychologist for clearance, from the orders screen or a meeting decision. */
export async function requestClearance(tx: DbOrTx, c: PlanChange, procedureType: ProcedureType): Promise<ClearanceRow> {
  c.authorize("clearance.request");
  const label = procedureCatalog[procedureType].label;
  if (!procedureCatalog[procedureType].requiresClearance) throw new InvalidInputError("this procedure does not need psychological clearance", "procedureType");
  // Trial and implant share one evaluation: a second open request would only duplicate the psychologist's work.
  const family = clearanceFamily(procedureType);
  const open = (await listPsychClearances(tx, c.patientId)).find((x) => family.includes(x.procedureType) && isClearanceOpen(x.status));
  if (open) {
    throw new PreconditionError(`A psychological clearance for ${procedureCatalog[open.procedureType].label} is already open (${statusWords[open.status]})`, "procedureType");
  }
  const row = await insertRow(tx, schema.psychClearances, {
    patientId: c.patientId,
    procedureType,
    status: "requested",
    requestedBy: c.actorId,
    requestedAt: c.now,
    createdBy: c.actorId,
    updatedBy: c.actorId,
  });
  await c.event(tx, {
    entityType: "clearance",
    entityId: row.id,
    eventType: "clearance.requested",
    summary: `Psychological clearance requested for ${label}`,
    discipline: "physician",
    entityVersion: row.version,
  });
  return row;
}
