import { z } from "zod";

export const ladderStepSchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type LadderStep = z.infer<typeof ladderStepSchema>;

export const ladderSteps = [
  {
    step: 1,
    label: "Self-management & conservative",
    description: "Education, activity modification, physical therapy, exercise, lifestyle, topical/OTC medication.",
  },
  {
    step: 2,
    label: "Multimodal conservative",
    description: "Prescription non-opioid medication, psychological therapy, complementary care.",
  },
  {
    step: 3,
    label: "Interventional",
    description: "Injections, blocks, ablation.",
  },
  {
    step: 4,
    label: "Advanced",
    description: "Neuromodulation, intrathecal pumps, surgical referral.",
  },
] as const satisfies readonly { step: LadderStep; label: string; description: string }[];

export function ladderStepInfo(step: LadderStep): (typeof ladderSteps)[number] {
  const info = ladderSteps.find((s) => s.step === step);
  if (!info) throw new Error(`unreachable: ladder step ${String(step)}`);
  return info;
}
