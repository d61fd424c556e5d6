import { getInPatient, loadCandidacyRecord, schema, updateVersioned, type DbOrTx, type NewPlanEvent } from "@stepwise/db";
import {
  assertCriteriaOverridable,
  assertProcedureTransition,
  criterionDefinitions,
  defaultClinicPolicy,
  disciplineLabels,
  DomainError,
  evaluateCandidacy,
  normaliseLevel,
  procedureCatalog,
  type CriterionId,
  type Discipline,
  type CandidacyResult,
  type CandidacyTarget,
  type PatientRecord,
  type ProcedureType,
} from "@stepwise/domain";
import { moveLadderItem } from "./ladder";

// Procedure rules more than one router applies: the orders router and a case conference's decision
// approve an order the same way, through the same function.

/** One clinic, one policy until the clinic can choose another; every result names its id. */
export const policy = defaultClinicPolicy;

export type ProcedureRow = typeof schema.procedures.$inferSelect;

/** A plan event as a procedure writes it; the caller's context adds who, when and which patient. */
export type AppendEvent = (tx: DbOrTx, event: Omit<NewPlanEvent, "patientId" | "actorId" | "actorRole" | "occurredAt">) => Promise<unknown>;

/** The checklist is computed from the record as it stands, never typed in. */
export async function candidacyFor(db: DbOrTx, patientId: string, type: ProcedureType, now: Date, target?: CandidacyTarget): Promise<CandidacyResult> {
  const record: PatientRecord = await loadCandidacyRecord(db, patientId);
  return evaluateCandidacy(type, record, policy, now, target);
}

export const orderTarget = (row: Pick<ProcedureRow, "level" | "side" | "region" | "withSteroid">): CandidacyTarget => ({
  level: row.level,
  side: row.side,
  region: row.region,
  withSteroid: row.withSteroid,
});

export const orderLabel = (row: Pick<ProcedureRow, "procedureType" | "level" | "side">): string =>
  [procedureCatalog[row.procedureType].label, normaliseLevel(row.level), row.side].filter((part): part is string => Boolean(part)).join(" ");

type Override = ProcedureRow["overrides"][number];

/** The discipline whose co-signature an override needs under the policy, or null when one signature is enough. */
export function coSignerFor(criterionId: string): Discipline | null {
  return policy.overrideCoSign[criterionId as CriterionId] ?? null;
}

/** Overrides the policy says need two people and that no second clinician has signed yet. */
export function overridesAwaitingCoSign(order: Pick<ProcedureRow, "overrides">): Override[] {
  return order.overrides.filter((o) => coSignerFor(o.criterionId) !== null && !o.coSignedBy);
}

/**
 * The checklist supports and never blocks alone, but skipping it needs a written reason: every
 * criterion that is not met (unknown counts as not met) must carry an override on the order.
 */
export function unoverriddenCriteria(candidacy: CandidacyResult, order: Pick<ProcedureRow, "overrides">) {
  const overridden = new Set(order.overrides.map((o) => o.criterionId));
  return candidacy.criteria.filter((c) => c.status !== "met" && !overridden.has(c.id));
}

export interface ApproveProcedure {
  patientId: string;
  id: string;
  /** The version the caller read; a meeting proposal confirmed later compares against the order as it stands. */
  expectedVersion?: number;
  actorId: string;
  now: Date;
  event: AppendEvent;
  /** Filled in with the checklist the approval was judged against, for the caller's audit row. */
  auditDetail: Record<string, unknown>;
}

/**
 * proposed → approved, inside the caller's transaction: the checklist is re-evaluated on the
 * record as it stands and every open criterion must carry an override, then compare-and-set and
 * the plan event. The caller has already checked procedure.approve.
 */
export async function approveProcedure(tx: DbOrTx, a: ApproveProcedure): Promise<ProcedureRow> {
  const existing = await getInPatient(tx, schema.procedures, "Procedure", a.id, a.patientId);
  assertProcedureTransition(existing.status, "approved");
  const candidacy = await candidacyFor(tx, a.patientId, existing.procedureType, a.now, orderTarget(existing));
  const open = unoverriddenCriteria(candidacy, existing);
  if (open.length > 0) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `Candidacy checklist not met: ${open.map((c) => `${c.label} (${c.id})`).join("; ")}. Override each with a written reason, or complete the record, before approving.`,
      "overrides",
    );
  }
  // Only overrides of criteria still not met matter: a clearance that arrived since needs no co-sign.
  const notMet = new Set(candidacy.criteria.filter((c) => c.status !== "met").map((c) => c.id as string));
  const unsigned = overridesAwaitingCoSign(existing).filter((o) => notMet.has(o.criterionId));
  if (unsigned.length > 0) {
    throw new DomainError(
      "PRECONDITION_FAILED",
      `Awaiting co-signature: the override of ${unsigned
        .map((o) => `${criterionDefinitions[o.criterionId as CriterionId]?.label ?? o.criterionId} needs a ${disciplineLabels[coSignerFor(o.criterionId) ?? "psychologist"]}'s co-signature`)
        .join("; ")} (policy ${policy.id}) before approval.`,
      "overrides",
    );
  }
  const row = await updateVersioned(
    tx,
    schema.procedures,
    "procedure",
    { id: a.id, patientId: a.patientId, expectedVersion: a.expectedVersion ?? existing.version, actorId: a.actorId, now: a.now },
    { status: "approved", approvedBy: a.actorId, approvedAt: a.now, candidacySnapshot: candidacy },
  );
  const overridden = candidacy.criteria.filter((c) => c.status !== "met").map((c) => c.id);
  Object.assign(a.auditDetail, { policyId: candidacy.policyId, overall: candidacy.overall, overriddenCriteria: overridden });
  await moveLadderItem(tx, { patientId: a.patientId, actorId: a.actorId, now: a.now, event: a.event }, row);
  await a.event(tx, {
    entityType: "procedure",
    entityId: a.id,
    eventType: "procedure.approved",
    summary: `Procedure approved: ${orderLabel(row)}${overridden.length > 0 ? ` (checklist overridden: ${overridden.length} criteria)` : ""}`,
    discipline: "physician",
    entityVersion: row.version,
  });
  return row;
}

export interface CancelProcedure {
  patientId: string;
  id: string;
  expectedVersion?: number;
  reason: string;
  actorId: string;
  now: Date;
  event: AppendEvent;
}

/** Any open order → cancelled, with the reason kept on the order. The caller has already checked procedure.cancel. */
export async function cancelProcedure(tx: DbOrTx, c: CancelProcedure): Promise<ProcedureRow> {
  const existing = await getInPatient(tx, schema.procedures, "Procedure", c.id, c.patientId);
  assertProcedureTransition(existing.status, "cancelled");
  const row = await updateVersioned(
    tx,
    schema.procedures,
    "procedure",
    { id: c.id, patientId: c.patientId, expectedVersion: c.expectedVersion ?? existing.version, actorId: c.actorId, now: c.now },
    { status: "cancelled", cancelReason: c.reason },
  );
  await moveLadderItem(tx, { patientId: c.patientId, actorId: c.actorId, now: c.now, event: c.event }, row);
  await c.event(tx, {
    entityType: "procedure",
    entityId: c.id,
    eventType: "procedure.cancelled",
    summary: `Procedure cancelled: ${orderLabel(row)}`,
    discipline: "physician",
    entityVersion: row.version,
  });
  return row;
}

export interface CoSignOverride {
  patientId: string;
  id: string;
  expectedVersion: number;
  criterionId: CriterionId;
  note: string | null;
  actorId: string;
  actorDiscipline: Discipline | null;
  now: Date;
  event: AppendEvent;
}

/**
 * A second clinician signs the override of a criterion the policy says needs two people. The caller
 * has checked procedure.coSignOverride; the discipline is checked here against the policy data.
 */
export async function coSignOverride(tx: DbOrTx, c: CoSignOverride): Promise<ProcedureRow> {
  const existing = await getInPatient(tx, schema.procedures, "Procedure", c.id, c.patientId);
  assertCriteriaOverridable(existing.status);
  const label = criterionDefinitions[c.criterionId].label;
  const needed = coSignerFor(c.criterionId);
  if (needed === null) throw new DomainError("BAD_REQUEST", `An override of "${label}" needs no co-signature (policy ${policy.id})`, "criterionId");
  if (c.actorDiscipline !== needed) {
    throw new DomainError("FORBIDDEN", `An override of "${label}" is co-signed by a ${disciplineLabels[needed]} (policy ${policy.id})`, "criterionId");
  }
  const index = existing.overrides.findLastIndex((o) => o.criterionId === c.criterionId);
  const target = existing.overrides[index];
  if (!target) throw new DomainError("PRECONDITION_FAILED", `"${label}" has not been overridden on this order: there is nothing to co-sign`, "criterionId");
  if (target.coSignedBy) throw new DomainError("PRECONDITION_FAILED", `The override of "${label}" is already co-signed`, "criterionId");
  if (target.by === c.actorId) throw new DomainError("PRECONDITION_FAILED", "An override is co-signed by a second clinician, not by its author", "criterionId");
  const signed: Override = { ...target, coSignedBy: c.actorId, coSignedAt: c.now.toISOString(), ...(c.note ? { coSignNote: c.note } : {}) };
  const overrides = existing.overrides.map((o, i) => (i === index ? signed : o));
  const row = await updateVersioned(
    tx,
    schema.procedures,
    "procedure",
    { id: c.id, patientId: c.patientId, expectedVersion: c.expectedVersion, actorId: c.actorId, now: c.now },
    { overrides },
  );
  await c.event(tx, {
    entityType: "procedure",
    entityId: c.id,
    eventType: "procedure.override_cosigned",
    summary: `Override co-signed on ${orderLabel(row)}: ${label}`,
    discipline: needed,
    entityVersion: row.version,
  });
  return row;
}
