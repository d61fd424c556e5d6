import { getInPatient, insertOutcomeOnce, listOutcomesOfProcedure, listPatientOutcomes, listProcedureOrders, RowConflictError, schema, updateVersioned, type DbOrTx, type ProcedureOutcomeRow } from "@stepwise/db";
import {
  assertOutcomeRecordable,
  defaultOutcomeSeriesPolicy,
  DomainError,
  headlineOutcome,
  isDiaryTimePoint,
  outcomeTimeIssue,
  outcomeTimePointLabels,
  patientReportedOutcomePoints,
  reliefPercent,
  timePointsOf,
  type Discipline,
  type RecordDiaryInput,
  type RecordProcedureOutcomeInput,
} from "@stepwise/domain";
import { orderLabel, type AppendEvent, type ProcedureRow } from "./procedures";

// The outcome series of a procedure (§6.7): each time point a row, the order's headline fields
// (postProcedurePain, reliefPercent, reliefDurationDays) re-derived from the series in the same
// transaction, so the candidacy rules that read the order keep reading the truth.

/** One clinic, one outcome policy until the clinic can choose another; every result names its id. */
export const outcomePolicy = defaultOutcomeSeriesPolicy;

export type Actor = { patientId: string; actorId: string; now: Date; event: AppendEvent; discipline: Discipline | null };

async function loadPerformedOrder(tx: DbOrTx, patientId: string, id: string): Promise<ProcedureRow> {
  const order = await getInPatient(tx, schema.procedures, "Procedure", id, patientId);
  assertOutcomeRecordable(order.status);
  return order;
}

function preProcedurePainOf(order: ProcedureRow, given: number | undefined): number {
  const pre = given ?? order.preProcedurePain;
  if (pre === null) throw new DomainError("BAD_REQUEST", "the pain score before the procedure is needed to compute relief", "preProcedurePain");
  return pre;
}

function assertTimed(order: ProcedureRow, timePoint: RecordProcedureOutcomeInput["timePoint"], assessedAt: Date, field: string): void {
  const issue = outcomeTimeIssue(order, timePoint, assessedAt, outcomePolicy);
  if (issue) throw new DomainError("BAD_REQUEST", `${field}: ${issue}`, field);
}

/** Writes the headline the series now implies, against the order version the caller read. */
async function syncHeadline(tx: DbOrTx, order: ProcedureRow, pre: number | null, expectedVersion: number, actor: Actor): Promise<ProcedureRow> {
  const series = await listOutcomesOfProcedure(tx, actor.patientId, order.id);
  const headline = headlineOutcome({ ...order, preProcedurePain: pre }, series, outcomePolicy);
  return updateVersioned(
    tx,
    schema.procedures,
    "procedure",
    { id: order.id, patientId: actor.patientId, expectedVersion, actorId: actor.actorId, now: actor.now },
    { preProcedurePain: pre, postProcedurePain: headline.postProcedurePain, reliefPercent: headline.reliefPercent, reliefDurationDays: headline.reliefDurationDays },
  );
}

/** When the pre-procedure pain is first given with an outcome, the relief already stored on the series follows it. */
async function refreshSeriesRelief(tx: DbOrTx, order: ProcedureRow, pre: number, actor: Actor): Promise<void> {
  if (order.preProcedurePain === pre) return;
  for (const row of await listOutcomesOfProcedure(tx, actor.patientId, order.id)) {
    const relief = row.painScore === null ? null : reliefPercent(pre, row.painScore);
    if (relief === row.reliefPercent) continue;
    await updateVersioned(tx, schema.procedureOutcomes, "procedure outcome", { id: row.id, patientId: actor.patientId, expectedVersion: row.version, actorId: actor.actorId, now: actor.now }, { reliefPercent: relief });
  }
}

/** The order as it now stands (its headline re-derived), with the outcome rows this call wrote. */
export type OutcomeWrite = ProcedureRow & { outcomes: ProcedureOutcomeRow[] };

/**
 * One follow-up time point. A point recorded before is edited only with the version the caller
 * read (`outcomeExpectedVersion`); without it, or with a stale one, CONFLICT carries the point as it stands.
 */
export async function recordOutcomePoint(tx: DbOrTx, input: RecordProcedureOutcomeInput, actor: Actor): Promise<OutcomeWrite> {
  const order = await loadPerformedOrder(tx, actor.patientId, input.id);
  if (isDiaryTimePoint(input.timePoint)) throw new DomainError("BAD_REQUEST", "diary points are recorded with the pain diary", "timePoint");
  const allowed = timePointsOf(order, outcomePolicy);
  if (!allowed.includes(input.timePoint)) {
    const points = allowed.map((p) => outcomeTimePointLabels[p]).join(", ");
    throw new DomainError("BAD_REQUEST", `${orderLabel(order)} is followed up at: ${points} (policy ${outcomePolicy.id})`, "timePoint");
  }
  assertTimed(order, input.timePoint, input.assessedAt, "assessedAt");
  const pre = preProcedurePainOf(order, input.preProcedurePain);
  await refreshSeriesRelief(tx, order, pre, actor);
  const values = {
    assessedAt: input.assessedAt,
    painScore: input.painScore,
    reliefPercent: reliefPercent(pre, input.painScore),
    functionImprovementPercent: input.functionImprovementPercent,
    sideEffects: input.sideEffects,
    notes: input.notes,
  };
  const outcome =
    input.outcomeExpectedVersion === undefined
      ? await insertOutcomeOnce(tx, { ...values, patientId: actor.patientId, procedureId: order.id, timePoint: input.timePoint, createdBy: actor.actorId, updatedBy: actor.actorId })
      : // A clinician's edit of a point the patient reported makes it the clinician's charting.
        await updatePoint(tx, order.id, input.timePoint, input.outcomeExpectedVersion, { ...values, source: "clinician" }, actor);
  const updated = await syncHeadline(tx, order, pre, input.expectedVersion, actor);
  const relief = values.reliefPercent === null ? "" : `, ${values.reliefPercent}% relief`;
  await actor.event(tx, {
    entityType: "procedure_outcome",
    entityId: outcome.id,
    eventType: input.outcomeExpectedVersion === undefined ? "procedure.outcome_recorded" : "procedure.outcome_updated",
    summary: `Outcome at ${outcomeTimePointLabels[input.timePoint]} ${input.outcomeExpectedVersion === undefined ? "recorded" : "updated"}: ${orderLabel(updated)} — pain ${pre} → ${input.painScore}${relief}`,
    discipline: actor.discipline,
    entityVersion: outcome.version,
  });
  return { ...updated, outcomes: [outcome] };
}

async function updatePoint(
  tx: DbOrTx,
  procedureId: string,
  timePoint: ProcedureOutcomeRow["timePoint"],
  expectedVersion: number,
  values: Partial<typeof schema.procedureOutcomes.$inferInsert>,
  actor: Actor,
): Promise<ProcedureOutcomeRow> {
  const existing = (await listOutcomesOfProcedure(tx, actor.patientId, procedureId)).find((o) => o.timePoint === timePoint);
  if (!existing) throw new DomainError("NOT_FOUND", `No outcome at ${outcomeTimePointLabels[timePoint]} to update`, "outcomeExpectedVersion");
  return updateVersioned(tx, schema.procedureOutcomes, "procedure outcome", { id: existing.id, patientId: actor.patientId, expectedVersion, actorId: actor.actorId, now: actor.now }, values);
}

/**
 * The pain diary of a performed diagnostic block: the points given are new (a point already charted
 * is CONFLICT — the diary is the patient's card, charted once); relief computed here, and the
 * order's headline becomes the diary's relief (§6.7), which the ablation checklist reads.
 */
export async function recordDiary(tx: DbOrTx, input: RecordDiaryInput, actor: Actor, source: ProcedureOutcomeRow["source"] = "clinician"): Promise<OutcomeWrite> {
  const order = await loadPerformedOrder(tx, actor.patientId, input.id);
  if (!order.diagnostic) throw new DomainError("BAD_REQUEST", `${orderLabel(order)} is not a diagnostic block: record its follow-up time points instead`, "id");
  input.points.forEach((p, index) => assertTimed(order, p.timePoint, p.assessedAt, `points.${index}.assessedAt`));
  const pre = preProcedurePainOf(order, input.preProcedurePain);
  await refreshSeriesRelief(tx, order, pre, actor);
  const outcomes: ProcedureOutcomeRow[] = [];
  for (const p of input.points) {
    outcomes.push(
      await insertOutcomeOnce(tx, {
        patientId: actor.patientId,
        procedureId: order.id,
        timePoint: p.timePoint,
        assessedAt: p.assessedAt,
        painScore: p.painScore,
        reliefPercent: reliefPercent(pre, p.painScore),
        functionImprovementPercent: null,
        sideEffects: input.sideEffects,
        notes: null,
        source,
        createdBy: actor.actorId,
        updatedBy: actor.actorId,
      }),
    );
  }
  const updated = await syncHeadline(tx, order, pre, input.expectedVersion, actor);
  const points = input.points.map((p) => `${outcomeTimePointLabels[p.timePoint]} ${p.painScore}`).join(", ");
  await actor.event(tx, {
    entityType: "procedure",
    entityId: order.id,
    eventType: "procedure.diary_recorded",
    summary: `Pain diary ${source === "patient_diary" ? "reported by the patient" : "recorded"}: ${orderLabel(updated)} — pre ${pre}; ${points}${updated.reliefPercent === null ? "" : ` → ${updated.reliefPercent}% relief`}`,
    discipline: actor.discipline,
    entityVersion: updated.version,
  });
  return { ...updated, outcomes };
}

/**
 * A pain score the patient reported (the follow-up NRS) fills each follow-up point whose window holds
 * it (the domain decides which), marked as patient-reported, with the order's headline re-derived in
 * the same transaction. A point someone charted meanwhile is left as it is.
 */
export async function fillPatientReportedPoints(tx: DbOrTx, painScore: number, actor: Actor): Promise<OutcomeWrite[]> {
  const [orders, outcomes] = await Promise.all([listProcedureOrders(tx, actor.patientId), listPatientOutcomes(tx, actor.patientId)]);
  const written: OutcomeWrite[] = [];
  for (const point of patientReportedOutcomePoints(orders, outcomes, actor.now, outcomePolicy)) {
    const order = orders.find((o) => o.id === point.procedureId)!;
    const pre = order.preProcedurePain;
    const relief = pre === null ? null : reliefPercent(pre, painScore);
    let outcome: ProcedureOutcomeRow;
    try {
      outcome = await insertOutcomeOnce(tx, {
        patientId: actor.patientId,
        procedureId: order.id,
        timePoint: point.timePoint,
        assessedAt: actor.now,
        painScore,
        reliefPercent: relief,
        functionImprovementPercent: null,
        sideEffects: null,
        notes: null,
        source: "patient_reported",
        createdBy: actor.actorId,
        updatedBy: actor.actorId,
      });
    } catch (error) {
      if (error instanceof RowConflictError) continue;
      throw error;
    }
    const updated = await syncHeadline(tx, order, pre, order.version, actor);
    await actor.event(tx, {
      entityType: "procedure_outcome",
      entityId: outcome.id,
      eventType: "procedure.outcome_recorded",
      summary: `Outcome at ${outcomeTimePointLabels[point.timePoint]} reported by the patient: ${orderLabel(updated)} — pain ${pre ?? "not recorded"} → ${painScore}${relief === null ? "" : `, ${relief}% relief`}`,
      discipline: actor.discipline,
      entityVersion: outcome.version,
    });
    written.push({ ...updated, outcomes: [outcome] });
  }
  return written;
}
