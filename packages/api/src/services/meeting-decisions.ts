import { getInPatient, schema, type DbOrTx } from "@stepwise/db";
import { medicationUnit, procedureCatalog, resolveMedicationIdentity, type DecisionChange, type DecisionTarget } from "@stepwise/domain";
import { requestClearance } from "./clearances";
import { createGoal } from "./goals";
import { startMedication, stopMedication } from "./medications";
import type { PlanChange } from "./plan-changes";
import { transitionPlanItem } from "./plan-items";
import { approveProcedure, cancelProcedure, orderLabel } from "./procedures";

// A meeting decision changes the plan through the same services as the plan's own screens; this
// module only says which service a decision kind calls and what it would touch.

/** What a decision would change, read from the record as it stands (NOT_FOUND for another patient's row). */
export async function decisionTarget(tx: DbOrTx, patientId: string, change: DecisionChange): Promise<{ target: DecisionTarget; description: string }> {
  switch (change.kind) {
    case "approve_procedure": {
      const order = await getInPatient(tx, schema.procedures, "Procedure", change.procedureId, patientId);
      return { target: { kind: "approve_procedure" }, description: `Approve: ${orderLabel(order)}` };
    }
    case "decline_procedure": {
      const order = await getInPatient(tx, schema.procedures, "Procedure", change.procedureId, patientId);
      return { target: { kind: "decline_procedure" }, description: `Decline: ${orderLabel(order)} (${change.reason})` };
    }
    case "transition_item": {
      const item = await getInPatient(tx, schema.planItems, "Plan item", change.planItemId, patientId);
      return {
        target: { kind: "transition_item", rowDiscipline: item.discipline },
        description: `${item.title}: ${item.status.replace("_", " ")} → ${change.to.replace("_", " ")}`,
      };
    }
    case "add_goal":
      return { target: { kind: "add_goal", rowDiscipline: change.goal.discipline }, description: `Goal: ${change.goal.description}` };
    case "start_medication": {
      const m = change.medication;
      // The same catalogue rules as the medication list: an opioid name is classed as one, or refused now, not at confirmation.
      const identity = resolveMedicationIdentity(m);
      const unit = medicationUnit(identity);
      const frequency = m.asNeeded ? `as needed, up to ${m.timesPerDay}×/day` : `${m.timesPerDay}×/day`;
      return { target: { kind: "start_medication" }, description: `Start ${identity.name} ${m.doseMg} ${unit} ${frequency} (${identity.route}; ${identity.drugClass.replace("_", " ")})` };
    }
    case "stop_medication": {
      const medication = await getInPatient(tx, schema.medications, "Medication", change.medicationId, patientId);
      return { target: { kind: "stop_medication" }, description: `Stop ${medication.name} (${change.reason})` };
    }
    case "request_clearance":
      return { target: { kind: "request_clearance" }, description: `Request psychological clearance for ${procedureCatalog[change.procedureType].label}` };
    case "note":
      return { target: { kind: "note" }, description: change.text };
  }
}

export interface Applied {
  appliedEntityType: "procedure" | "plan_item" | "goal" | "medication" | "clearance" | null;
  appliedEntityId: string | null;
  description: string;
}

/** Applies a decision inside the caller's transaction; `c.event` names the meeting in each plan event. */
export async function applyDecision(tx: DbOrTx, c: PlanChange, change: DecisionChange, auditDetail: Record<string, unknown>): Promise<Applied> {
  switch (change.kind) {
    case "approve_procedure": {
      c.authorize("procedure.approve");
      const row = await approveProcedure(tx, { ...c, id: change.procedureId, expectedVersion: change.expectedVersion, auditDetail });
      return { appliedEntityType: "procedure", appliedEntityId: row.id, description: `Approved: ${orderLabel(row)}` };
    }
    case "decline_procedure": {
      c.authorize("procedure.cancel");
      const row = await cancelProcedure(tx, { ...c, id: change.procedureId, expectedVersion: change.expectedVersion, reason: change.reason });
      return { appliedEntityType: "procedure", appliedEntityId: row.id, description: `Declined: ${orderLabel(row)} (${change.reason})` };
    }
    case "transition_item": {
      const { row, change: what } = await transitionPlanItem(tx, c, { id: change.planItemId, expectedVersion: change.expectedVersion, to: change.to, reason: change.reason });
      return { appliedEntityType: "plan_item", appliedEntityId: row.id, description: what };
    }
    case "add_goal": {
      const row = await createGoal(tx, c, change.goal);
      return { appliedEntityType: "goal", appliedEntityId: row.id, description: `Goal added: ${row.description}` };
    }
    case "start_medication": {
      const row = await startMedication(tx, c, change.medication);
      return { appliedEntityType: "medication", appliedEntityId: row.id, description: `Medication started: ${row.name}` };
    }
    case "stop_medication": {
      const row = await stopMedication(tx, c, { id: change.medicationId, expectedVersion: change.expectedVersion, stoppedAt: change.stoppedAt, reason: change.reason });
      return { appliedEntityType: "medication", appliedEntityId: row.id, description: `Medication stopped: ${row.name} (${change.reason})` };
    }
    case "request_clearance": {
      const row = await requestClearance(tx, c, change.procedureType);
      return { appliedEntityType: "clearance", appliedEntityId: row.id, description: `Clearance requested: ${procedureCatalog[row.procedureType].label}` };
    }
    case "note":
      return { appliedEntityType: null, appliedEntityId: null, description: change.text };
  }
}
