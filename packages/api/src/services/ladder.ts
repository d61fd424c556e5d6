import { getInPatient, insertRow, listOrdersOfPlanItem, schema, updateVersioned, type DbOrTx } from "@stepwise/db";
import { DomainError, ladderItemMoves, orderItemStatus, procedureCatalog, transitionTimestamps, type ProcedureType, type Side } from "@stepwise/domain";
import type { PlanItemRow } from "./plan-items";
import { orderLabel, type AppendEvent, type ProcedureRow } from "./procedures";

// §6.8: a procedure order and its ladder item are one thing seen twice. Every place an order is
// written or moves (the orders router, a case conference's decision) calls these, inside its own
// transaction, so the item can never say something the order does not.

export interface LadderChange {
  patientId: string;
  actorId: string;
  now: Date;
  event: AppendEvent;
}

export interface NewOrder {
  procedureType: ProcedureType;
  level: string | null;
  side: Side | null;
  indication: string;
}

/**
 * The ladder item a new order is seen as: the one the caller names (a procedure item still
 * proposed and not yet another order's), or a new one on the catalogue's step, owned by the physician.
 */
export async function ladderItemForNewOrder(tx: DbOrTx, c: LadderChange, order: NewOrder, planItemId?: string): Promise<string> {
  const title = orderLabel(order);
  if (planItemId !== undefined) {
    const item = await getInPatient(tx, schema.planItems, "Plan item", planItemId, c.patientId);
    if (item.kind !== "procedure") throw new DomainError("BAD_REQUEST", `${item.title} is a ${item.kind.replace(/_/g, " ")} item, not a procedure on the ladder`, "planItemId");
    if (item.status !== "proposed") throw new DomainError("PRECONDITION_FAILED", `${item.title} is ${item.status.replace("_", " ")}: an order starts from a proposed ladder item`, "planItemId");
    const others = await listOrdersOfPlanItem(tx, c.patientId, item.id);
    if (others.length > 0) throw new DomainError("PRECONDITION_FAILED", `${item.title} is already seen as the order ${orderLabel(others[0]!)}`, "planItemId");
    return item.id;
  }
  const ladderStep = procedureCatalog[order.procedureType].ladderStep;
  const item = await insertRow(tx, schema.planItems, {
    patientId: c.patientId,
    kind: "procedure",
    ladderStep,
    discipline: "physician",
    status: "proposed",
    title,
    rationale: order.indication,
    createdBy: c.actorId,
    updatedBy: c.actorId,
  });
  await c.event(tx, {
    entityType: "plan_item",
    entityId: item.id,
    eventType: "plan_item.created",
    summary: `Proposed (step ${ladderStep}): ${title} — the ladder item of its procedure order`,
    discipline: "physician",
    entityVersion: item.version,
  });
  return item.id;
}

/**
 * After an order moved: its ladder item follows (approved / scheduled → active, performed →
 * completed, cancelled → stopped), each move a plan event. An item closed before the link
 * existed stays as it is.
 */
export async function moveLadderItem(tx: DbOrTx, c: LadderChange, order: ProcedureRow): Promise<PlanItemRow | null> {
  if (order.planItemId === null) return null;
  let item = await getInPatient(tx, schema.planItems, "Plan item", order.planItemId, c.patientId);
  const moves = ladderItemMoves(item.status, orderItemStatus[order.status]);
  if (moves === null) return item;
  for (const to of moves) {
    const from = item.status;
    const times = transitionTimestamps(item, to, c.now);
    item = await updateVersioned(tx, schema.planItems, "plan item", { id: item.id, patientId: c.patientId, expectedVersion: item.version, actorId: c.actorId, now: c.now }, { status: to, ...times });
    await c.event(tx, {
      entityType: "plan_item",
      entityId: item.id,
      eventType: `plan_item.${to}`,
      summary: `${item.title}: ${from.replace("_", " ")} → ${to.replace("_", " ")} (with its order, ${order.status})`,
      discipline: item.discipline,
      entityVersion: item.version,
    });
  }
  return item;
}

/**
 * A linked item moves only with its order: changing its status directly is refused (PRECONDITION_FAILED),
 * naming the order to act on instead.
 */
export async function assertNotMovedByOrder(tx: DbOrTx, patientId: string, item: Pick<PlanItemRow, "id" | "title">): Promise<void> {
  const [order] = await listOrdersOfPlanItem(tx, patientId, item.id);
  if (!order) return;
  throw new DomainError(
    "PRECONDITION_FAILED",
    `${item.title} moves with its procedure order (${orderLabel(order)}, ${order.status}): approve, schedule, record it performed or cancel the order instead`,
    "status",
  );
}
