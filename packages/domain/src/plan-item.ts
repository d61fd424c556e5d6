import { z } from "zod";
import { idSchema, text } from "./common";
import { disciplineSchema, type Discipline } from "./discipline";
import { ladderStepSchema, type LadderStep } from "./ladder";
import { assertTransitionIn, canTransitionIn, type TransitionTable } from "./state-machine";

export const planItemKinds = [
  "medication",
  "physical_therapy",
  "psychology",
  "lifestyle",
  "complementary",
  "procedure",
  "referral",
] as const;
export const planItemKindSchema = z.enum(planItemKinds);
export type PlanItemKind = z.infer<typeof planItemKindSchema>;

export const planItemStatuses = ["proposed", "active", "completed", "stopped", "on_hold"] as const;
export const planItemStatusSchema = z.enum(planItemStatuses);
export type PlanItemStatus = z.infer<typeof planItemStatusSchema>;

export const planItemTransitions: TransitionTable<PlanItemStatus> = {
  proposed: ["active", "stopped"],
  active: ["completed", "stopped", "on_hold"],
  on_hold: ["active", "stopped"],
  completed: [],
  stopped: [],
};

/**
 * Which ladder steps and owning disciplines make sense for each kind (DESIGN.md §2: conservative
 * kinds are steps 1–2, procedures 3–4, surgical referral may be step 4). Checked on create so a
 * physical-therapy item can never lift the plan to the interventional step.
 */
export const planItemKindRules: Record<PlanItemKind, { steps: readonly LadderStep[]; disciplines: readonly Discipline[] }> = {
  medication: { steps: [1, 2], disciplines: ["physician"] },
  physical_therapy: { steps: [1, 2], disciplines: ["physical_therapist"] },
  psychology: { steps: [1, 2], disciplines: ["psychologist"] },
  lifestyle: { steps: [1, 2], disciplines: ["physician", "physical_therapist", "psychologist"] },
  complementary: { steps: [1, 2], disciplines: ["physician", "physical_therapist", "psychologist"] },
  procedure: { steps: [3, 4], disciplines: ["physician"] },
  referral: { steps: [1, 2, 3, 4], disciplines: ["physician", "physical_therapist", "psychologist"] },
};

export const planItemSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  kind: planItemKindSchema,
  ladderStep: ladderStepSchema,
  discipline: disciplineSchema,
  status: planItemStatusSchema,
  title: text(200),
  rationale: z.string().max(4000),
  problemId: idSchema.nullable(),
  goalIds: z.array(idSchema).max(50),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
});
export type PlanItem = z.infer<typeof planItemSchema>;

export function canTransition(from: PlanItemStatus, to: PlanItemStatus): boolean {
  return canTransitionIn(planItemTransitions, from, to);
}

/** Throws DomainError PRECONDITION_FAILED when the table does not allow the move. */
export function assertTransition(from: PlanItemStatus, to: PlanItemStatus): void {
  assertTransitionIn(planItemTransitions, from, to, "Plan item");
}

/**
 * The timestamps a transition sets: starting work stamps startedAt once (resuming from hold keeps
 * the original start), finishing stamps endedAt.
 */
export function transitionTimestamps(
  item: Pick<PlanItem, "status" | "startedAt" | "endedAt">,
  to: PlanItemStatus,
  now: Date,
): Pick<PlanItem, "startedAt" | "endedAt"> {
  assertTransition(item.status, to);
  return {
    startedAt: to === "active" && item.startedAt === null ? now : item.startedAt,
    endedAt: to === "completed" || to === "stopped" ? now : item.endedAt,
  };
}

/** The plan's current ladder step: the highest step among ACTIVE items, 1 when there are none. */
export function currentStep(items: readonly Pick<PlanItem, "status" | "ladderStep">[]): LadderStep {
  let step: LadderStep = 1;
  for (const item of items) {
    if (item.status === "active" && item.ladderStep > step) step = item.ladderStep;
  }
  return step;
}

/** Why a kind / step / discipline combination is not allowed, or null when it is. */
export function planItemShapeIssue(kind: PlanItemKind, ladderStep: LadderStep, discipline: Discipline): { field: "ladderStep" | "discipline"; message: string } | null {
  const rules = planItemKindRules[kind];
  if (!rules.steps.includes(ladderStep)) {
    return { field: "ladderStep", message: `a ${kind.replace(/_/g, " ")} item belongs on step ${rules.steps.join(" or ")}` };
  }
  if (!rules.disciplines.includes(discipline)) {
    return { field: "discipline", message: `a ${kind.replace(/_/g, " ")} item is owned by ${rules.disciplines.join(" or ")}` };
  }
  return null;
}
