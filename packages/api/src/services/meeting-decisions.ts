import { getInPatient, schema, type DbOrTx } from "@stepwise/db";
import type { DecisionChange, DecisionTarget } from "@stepwise/domain";
import { createGoal } from "./goals";
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
    case "note":
      return { target: { kind: "note" }, description: change.text };
  }
}

export interface Applied {
  appliedEntityType: "procedure" | "plan_item" | "goal" | null;
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
    case "note":
      return { appliedEntityType: null, appliedEntityId: null, description: change.text };
  }
}
