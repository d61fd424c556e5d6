import { addDays } from "./common";
import type { ProcedureOrder, ProcedureStatus } from "./entities";
import { ladderStepInfo, type LadderStep } from "./ladder";
import type { PlanItem, PlanItemStatus } from "./plan-item";
import { procedureCatalog } from "./procedure-catalog";

/**
 * clinical-reference.md §6.8 as data. The reference says a performed diagnostic block puts the
 * patient on step 3 "in work-up" but not for how long: the clinic's default is the 12 weeks a
 * block-to-ablation work-up usually takes (the same span as "not improving"), extended while an
 * order proposed after the block still awaits its decision. A new rule is a new id.
 */
export const ladderPolicy = {
  id: "ladder-v2-2026-1",
  source: "clinical-reference.md §6.8 (clinic default for the work-up span)",
  workUpWeeks: 12,
} as const;
export type LadderPolicy = { id: string; source: string; workUpWeeks: number };

/** Item states that hold the patient on a step now. On hold is a pause, not treatment. */
const currentItemStatuses: readonly PlanItemStatus[] = ["active"];
/** Order states that hold the patient on the order's step now (an approved order is committed treatment). */
const currentOrderStatuses: readonly ProcedureStatus[] = ["approved", "scheduled"];

export type LadderItem = Pick<PlanItem, "id" | "status" | "ladderStep" | "startedAt">;
export type LadderOrder = Pick<ProcedureOrder, "id" | "procedureType" | "status" | "diagnostic" | "performedAt" | "planItemId"> & {
  /** When the order was written; a proposal after a block keeps the work-up open. */
  createdAt?: Date;
};

export interface LadderPosition {
  policyId: string;
  /** Highest step with an active item or an approved / scheduled order; 3 during a diagnostic work-up; 1 when nothing is under way (self-management). */
  current: LadderStep;
  currentLabel: string;
  /** When the patient reached the current step (earliest start among what holds them there); null on step 1 by default. */
  currentSince: Date | null;
  /** Why the patient is on the current step, in words a clinician reads. */
  basis: "active" | "work_up" | "self_management";
  /** Highest step ever reached: active, on-hold, completed or started-then-stopped items and performed or committed orders. */
  highestReached: LadderStep;
  highestReachedLabel: string;
  /** Set while a performed diagnostic block holds the patient on step 3 without an active step-3 item. */
  workUp: { since: Date; until: Date; blockIds: string[] } | null;
}

const maxStep = (a: LadderStep, b: LadderStep): LadderStep => (b > a ? b : a);
const earliest = (dates: readonly Date[]): Date | null => (dates.length === 0 ? null : new Date(Math.min(...dates.map((d) => d.getTime()))));

/**
 * The diagnostic work-up a performed block opens: from the first block of an unbroken chain (each
 * block within the span of the one before) until the span after the last block, or later while a
 * procedure proposed after the last block still awaits its decision.
 */
function workUpOf(orders: readonly LadderOrder[], now: Date, policy: LadderPolicy): LadderPosition["workUp"] {
  const blocks = orders
    .filter((o) => o.diagnostic && o.status === "performed" && o.performedAt !== null && o.performedAt <= now)
    .sort((a, b) => (a.performedAt as Date).getTime() - (b.performedAt as Date).getTime());
  const last = blocks.at(-1);
  if (!last) return null;
  const span = policy.workUpWeeks * 7;
  const lastAt = last.performedAt as Date;
  const pendingAfter = orders.some((o) => o.status === "proposed" && o.createdAt !== undefined && o.createdAt >= lastAt);
  const until = addDays(lastAt, span);
  if (until < now && !pendingAfter) return null;
  let first = blocks.length - 1;
  while (first > 0 && addDays(blocks[first - 1]!.performedAt as Date, span) >= (blocks[first]!.performedAt as Date)) first -= 1;
  const chain = blocks.slice(first);
  return { since: chain[0]!.performedAt as Date, until: until < now ? now : until, blockIds: chain.map((b) => b.id) };
}

/**
 * Where the patient is on the ladder (§6.8), derived from the plan items and the procedure
 * orders. An order linked to its item is counted once through either; an unlinked order still
 * counts, so a record from before the link reads the same.
 */
export function ladderPosition(items: readonly LadderItem[], orders: readonly LadderOrder[], now: Date, policy: LadderPolicy = ladderPolicy): LadderPosition {
  const holding: { step: LadderStep; since: Date | null }[] = [];
  for (const item of items) {
    if (currentItemStatuses.includes(item.status)) holding.push({ step: item.ladderStep, since: item.startedAt });
  }
  for (const order of orders) {
    if (currentOrderStatuses.includes(order.status)) holding.push({ step: procedureCatalog[order.procedureType].ladderStep, since: null });
  }
  const activeStep = holding.reduce<LadderStep | null>((acc, h) => (acc === null ? h.step : maxStep(acc, h.step)), null);
  const workUp = workUpOf(orders, now, policy);

  const startsAt = (step: LadderStep) => holding.filter((h) => h.step === step && h.since !== null).map((h) => h.since as Date);
  let current: LadderStep = 1;
  let basis: LadderPosition["basis"] = "self_management";
  let currentSince: Date | null = null;
  if (activeStep !== null && activeStep >= 3) {
    current = activeStep;
    basis = "active";
    // A work-up that led into the step-3 treatment is when the patient reached step 3.
    currentSince = earliest(activeStep === 3 && workUp ? [...startsAt(3), workUp.since] : startsAt(activeStep));
  } else if (workUp) {
    current = 3;
    basis = "work_up";
    currentSince = workUp.since;
  } else if (activeStep !== null) {
    current = activeStep;
    basis = "active";
    currentSince = earliest(startsAt(activeStep));
  }

  let highest: LadderStep = current;
  for (const item of items) {
    const started = item.status === "active" || item.status === "on_hold" || item.status === "completed" || (item.status === "stopped" && item.startedAt !== null);
    if (started) highest = maxStep(highest, item.ladderStep);
  }
  for (const order of orders) {
    if (order.status === "performed" || currentOrderStatuses.includes(order.status)) highest = maxStep(highest, procedureCatalog[order.procedureType].ladderStep);
  }

  return {
    policyId: policy.id,
    current,
    currentLabel: ladderStepInfo(current).label,
    currentSince,
    basis,
    highestReached: highest,
    highestReachedLabel: ladderStepInfo(highest).label,
    workUp: basis === "work_up" ? workUp : null,
  };
}

/** "Step 3 · Interventional (in work-up)" — one wording for every screen that shows the step. */
export function ladderPositionText(p: Pick<LadderPosition, "current" | "currentLabel" | "basis" | "highestReached">): string {
  const suffix = p.basis === "work_up" ? " (in work-up)" : p.basis === "self_management" ? " (no active items)" : "";
  const highest = p.highestReached > p.current ? ` · highest reached: step ${p.highestReached}` : "";
  return `Step ${p.current} · ${p.currentLabel}${suffix}${highest}`;
}

/**
 * A procedure order and its ladder item are one thing seen twice (§6.8): the item status each
 * order status means. Approved or scheduled is committed treatment (active), performed is done.
 */
export const orderItemStatus: Record<ProcedureStatus, PlanItemStatus> = {
  proposed: "proposed",
  approved: "active",
  scheduled: "active",
  performed: "completed",
  cancelled: "stopped",
};

/**
 * The plan-item moves that bring a linked item to what its order now means, through the item's
 * own state machine (a proposed item reaches completed via active); [] when it is there already,
 * null when the item can no longer get there (it was closed before the link existed).
 */
export function ladderItemMoves(from: PlanItemStatus, to: PlanItemStatus): PlanItemStatus[] | null {
  if (from === to) return [];
  const paths: Partial<Record<PlanItemStatus, Partial<Record<PlanItemStatus, PlanItemStatus[]>>>> = {
    proposed: { active: ["active"], completed: ["active", "completed"], stopped: ["stopped"] },
    active: { completed: ["completed"], stopped: ["stopped"] },
    on_hold: { active: ["active"], completed: ["active", "completed"], stopped: ["stopped"] },
  };
  return paths[from]?.[to] ?? null;
}
