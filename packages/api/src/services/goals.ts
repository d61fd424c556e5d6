import { insertRow, schema, type DbOrTx } from "@stepwise/db";
import type { CreateGoalInput } from "@stepwise/domain";
import { assertSamePatient } from "../routers/refs";
import type { PlanChange } from "./plan-changes";

export type GoalRow = typeof schema.goals.$inferSelect;

/** A new goal, owned by its discipline: the goals screen and a meeting decision both add it here. */
export async function createGoal(tx: DbOrTx, c: PlanChange, goal: Omit<CreateGoalInput, "patientId">): Promise<GoalRow> {
  c.authorize("goal.create", { rowDiscipline: goal.discipline });
  if (goal.problemId) await assertSamePatient(tx, "problem", goal.problemId, c.patientId);
  const row = await insertRow(tx, schema.goals, { ...goal, patientId: c.patientId, createdBy: c.actorId, updatedBy: c.actorId });
  await c.event(tx, { entityType: "goal", entityId: row.id, eventType: "goal.created", summary: `Goal added: ${row.description}`, discipline: row.discipline, entityVersion: 1 });
  return row;
}
