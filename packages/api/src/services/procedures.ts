import { getInPatient, loadCandidacyRecord, schema, updateVersioned, type DbOrTx, type NewPlanEvent, type PlanRows } from "@stepwise/db";
import {
  assertProcedureTransition,
  defaultClinicPolicy,
  DomainError,
  evaluateCandidacy,
  procedureCatalog,
  type CandidacyResult,
  type CandidacyTarget,
  type PatientRecord,
  type ProcedureType,
} from "@stepwise/domain";

// Procedure rules more than one router applies: the orders router and a case conference's decision
// approve an order the same way, through the same function.

/** One clinic, one policy until the clinic can choose another; every result names its id. */
export const policy = defaultClinicPolicy;

export type ProcedureRow = typeof schema.procedures.$inferSelect;

/** A plan event as a procedure writes it; the caller's context adds who, when and which patient. */
export type AppendEvent = (tx: DbOrTx, event: Omit<NewPlanEvent, "patientId" | "actorId" | "actorRole" | "occurredAt">) => Promise<unknown>;

const recordKeys = [
  "problems",
  "planItems",
  "therapySessions",
  "assessments",
  "procedures",
  "clearances",
  "medications",
  "procedureOutcomes",
  "safetyProfile",
  "opioidMonitoring",
  "safetyResponses",
] as const satisfies readonly (keyof PatientRecord & keyof PlanRows)[];

/** The plan rows candidacy and flags read, as the database returned them (a PatientRecord with row metadata). */
export function patientRecordOf(rows: PlanRows): Pick<PlanRows, (typeof recordKeys)[number]> {
  return {
    problems: rows.problems,
    planItems: rows.planItems,
    therapySessions: rows.therapySessions,
    assessments: rows.assessments,
    procedures: rows.procedures,
    clearances: rows.clearances,
    medications: rows.medications,
    procedureOutcomes: rows.procedureOutcomes,
    safetyProfile: rows.safetyProfile,
    opioidMonitoring: rows.opioidMonitoring,
    safetyResponses: rows.safetyResponses,
  };
}

/** The checklist is computed from the record as it stands, never typed in. */
export async function candidacyFor(db: DbOrTx, patientId: string, type: ProcedureType, now: Date, target?: CandidacyTarget): Promise<CandidacyResult> {
  const record: PatientRecord = await loadCandidacyRecord(db, patientId);
  return evaluateCandidacy(type, record, policy, now, target);
}

export const orderTarget = (row: Pick<ProcedureRow, "level" | "side" | "region">): CandidacyTarget => ({ level: row.level, side: row.side, region: row.region });

export const orderLabel = (row: Pick<ProcedureRow, "procedureType" | "level" | "side">): string =>
  [procedureCatalog[row.procedureType].label, row.level, row.side].filter((part): part is string => Boolean(part)).join(" ");

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
  const row = await updateVersioned(
    tx,
    schema.procedures,
    "procedure",
    { id: a.id, patientId: a.patientId, expectedVersion: a.expectedVersion ?? existing.version, actorId: a.actorId, now: a.now },
    { status: "approved", approvedBy: a.actorId, approvedAt: a.now, candidacySnapshot: candidacy },
  );
  const overridden = candidacy.criteria.filter((c) => c.status !== "met").map((c) => c.id);
  Object.assign(a.auditDetail, { policyId: candidacy.policyId, overall: candidacy.overall, overriddenCriteria: overridden });
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
