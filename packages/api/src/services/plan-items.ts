import { getInPatient, schema, updateVersioned, type DbOrTx } from "@stepwise/db";
import { transitionTimestamps, type PlanItemStatus } from "@stepwise/domain";
import { assertNotMovedByOrder } from "./ladder";
import type { PlanChange } from "./plan-changes";

export type PlanItemRow = typeof schema.planItems.$inferSelect;

export interface TransitionPlanItem {
  id: string;
  /** The version the caller read; a meeting proposal confirmed later compares against the row as it stands. */
  expectedVersion?: number;
  to: PlanItemStatus;
  reason?: string;
}

/** A status change by the item's own discipline, through the plan item's state machine. */
export async function transitionPlanItem(tx: DbOrTx, c: PlanChange, t: TransitionPlanItem): Promise<{ row: PlanItemRow; change: string }> {
  const existing = await getInPatient(tx, schema.planItems, "Plan item", t.id, c.patientId);
  c.authorize("planItem.transition", { rowDiscipline: existing.discipline });
  // §6.8: a procedure order's ladder item moves only with its order.
  await assertNotMovedByOrder(tx, c.patientId, existing);
  const times = transitionTimestamps(existing, t.to, c.now);
  const row = await updateVersioned(
    tx,
    schema.planItems,
    "plan item",
    { id: t.id, patientId: c.patientId, expectedVersion: t.expectedVersion ?? existing.version, actorId: c.actorId, now: c.now },
    { status: t.to, ...times },
  );
  const change = `${row.title}: ${existing.status.replace("_", " ")} → ${t.to.replace("_", " ")}`;
  await c.event(tx, {
    entityType: "plan_item",
    entityId: t.id,
    eventType: `plan_item.${t.to}`,
    summary: `${change}${t.reason ? ` (${t.reason})` : ""}`,
    discipline: row.discipline,
    entityVersion: row.version,
  });
  return { row, change };
}
