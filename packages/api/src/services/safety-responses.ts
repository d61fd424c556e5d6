import { findUserById, insertRow, loadCandidacyRecord, schema, type DbOrTx } from "@stepwise/db";
import { acknowledgerIds, contactMethodLabels, DomainError, nameAcknowledgements, selfHarmState, type Flag, type RecordSafetyResponseInput } from "@stepwise/domain";
import type { AppendEvent } from "./procedures";

export type SafetyResponseRow = typeof schema.safetyResponses.$inferSelect;

/** Flags with their responders named (§6.9 "acknowledged by <name>"): one directory read per responder. */
export async function namedFlags(db: DbOrTx, flags: readonly Flag[]): Promise<Flag[]> {
  const ids = acknowledgerIds(flags);
  if (ids.length === 0) return [...flags];
  const users = await Promise.all(ids.map((id) => findUserById(db, id)));
  const names = new Map(users.flatMap((u) => (u ? [[u.id, u.name] as const] : [])));
  return nameAcknowledgements(flags, names);
}

export interface RecordSafetyResponse {
  patientId: string;
  actorId: string;
  now: Date;
  event: AppendEvent;
}

/**
 * A clinician's response to the open self-harm flag. It answers the PHQ-9 that raised the flag as
 * the record stands: a response to a PHQ-9 that no longer raises it (a later one superseded it) is
 * refused, so nobody acknowledges a flag they have not seen.
 */
export async function recordSafetyResponse(tx: DbOrTx, c: RecordSafetyResponse, input: RecordSafetyResponseInput): Promise<SafetyResponseRow> {
  const record = await loadCandidacyRecord(tx, c.patientId);
  const open = selfHarmState(record.assessments, record.safetyResponses, c.now);
  if (!open) throw new DomainError("PRECONDITION_FAILED", "There is no open self-harm flag: the latest PHQ-9 does not answer item 9 above 0", "assessmentId");
  if (open.assessment.id !== input.assessmentId) {
    throw new DomainError("PRECONDITION_FAILED", `A later PHQ-9 (${open.assessment.administeredAt.toISOString().slice(0, 10)}) now raises the flag: reload and respond to that one`, "assessmentId");
  }
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (day(input.contactedAt) < day(open.assessment.administeredAt)) {
    throw new DomainError("BAD_REQUEST", "the contact cannot be before the PHQ-9 it responds to", "contactedAt");
  }
  const { patientId: _patientId, ...fields } = input;
  const row = await insertRow(tx, schema.safetyResponses, { ...fields, patientId: c.patientId, createdBy: c.actorId, updatedBy: c.actorId });
  const reached = row.contactMethod !== "unable_to_reach";
  await c.event(tx, {
    entityType: "safety_response",
    entityId: row.id,
    eventType: reached ? "safety_response.recorded" : "safety_response.attempted",
    summary: reached
      ? `Self-harm flag acknowledged: patient contacted ${contactMethodLabels[row.contactMethod]}${row.riskAssessed ? `, risk ${row.riskAssessed}` : ""}${row.safetyPlanInPlace ? ", safety plan in place" : ""}`
      : "Self-harm flag: contact attempted, patient not reached — still urgent",
    discipline: null,
    entityVersion: row.version,
  });
  return row;
}
