import { z } from "zod";
import { isAcknowledged } from "./flag-display";
import type { SafetyResponse } from "./clinical-v2";
import { contactMethodSchema, riskLevelSchema } from "./clinical-v2";
import { clinicalDateSchema, idSchema, optionalText } from "./common";
import type { Assessment } from "./entities";
import { PHQ9_SAFETY_ITEM } from "./instruments";
import type { Role } from "./roles";

/**
 * clinical-reference.md §6.9: the self-harm flag (latest PHQ-9 item 9 > 0) goes to everyone on the
 * care team; any clinician's recorded response acknowledges it for the team; it stays visible,
 * de-emphasised, until a later PHQ-9 answers item 9 with 0. Versioned like every §6 rule.
 */
export const safetyFlagPolicy = {
  id: "safety-flag-v2-2026-1",
  source: "clinical-reference.md §4 and §6.9 (PHQ-9 item 9)",
  audience: ["physician", "physical_therapist", "psychologist", "coordinator"] satisfies Role[],
} as const;

export const contactMethodLabels = {
  in_person: "in person",
  phone: "by phone",
  video: "by video",
  message: "by message",
  unable_to_reach: "unable to reach",
} as const satisfies Record<z.infer<typeof contactMethodSchema>, string>;

/** What the team sees on an acknowledged flag: who responded, when, and what they did. */
export const safetyAcknowledgementSchema = z.object({
  responseId: z.string(),
  byId: z.string(),
  /** Filled in by the server from the user directory; the domain knows ids only. */
  byName: z.string().nullable(),
  at: z.date(),
  contactMethod: contactMethodSchema,
  contactedAt: z.date(),
  riskAssessed: riskLevelSchema.nullable(),
  safetyPlanInPlace: z.boolean(),
  referral: z.string().nullable(),
});
export type SafetyAcknowledgement = z.infer<typeof safetyAcknowledgementSchema>;

export interface SelfHarmState {
  /** The PHQ-9 that raised the flag. */
  assessment: Assessment;
  item9: number;
  /** The latest response recorded against that PHQ-9, or null while nobody has responded. */
  acknowledgement: SafetyAcknowledgement | null;
}

function latestPhq9(assessments: readonly Assessment[], now: Date): Assessment | undefined {
  return assessments
    .filter((a) => a.instrument === "phq9" && a.administeredAt <= now)
    .reduce<Assessment | undefined>((acc, a) => (acc === undefined || a.administeredAt > acc.administeredAt ? a : acc), undefined);
}

/**
 * The open self-harm flag, or null. A response answers the PHQ-9 it names: a later positive PHQ-9
 * is a new flag that needs its own response (a careful clinician re-contacts the patient), and a
 * later PHQ-9 with item 9 = 0 clears it.
 */
export function selfHarmState(assessments: readonly Assessment[], responses: readonly SafetyResponse[], now: Date): SelfHarmState | null {
  const phq9 = latestPhq9(assessments, now);
  const item9 = phq9?.responses[PHQ9_SAFETY_ITEM - 1] ?? null;
  if (!phq9 || item9 === null || item9 === undefined || item9 <= 0) return null;
  const answer = responses
    .filter((r) => r.assessmentId === phq9.id && r.createdAt <= now)
    .reduce<SafetyResponse | undefined>((acc, r) => (acc === undefined || r.createdAt > acc.createdAt ? r : acc), undefined);
  return {
    assessment: phq9,
    item9,
    acknowledgement: answer
      ? {
          responseId: answer.id,
          byId: answer.createdBy,
          byName: null,
          at: answer.createdAt,
          contactMethod: answer.contactMethod,
          contactedAt: answer.contactedAt,
          riskAssessed: answer.riskAssessed,
          safetyPlanInPlace: answer.safetyPlanInPlace,
          referral: answer.referral,
        }
      : null,
  };
}

const iso = (date: Date): string => date.toISOString().slice(0, 10);

/** The flag's sentence: what the patient answered, and what the team has done about it. */
export function selfHarmMessage(state: SelfHarmState): string {
  const raised = `Safety: PHQ-9 item 9 (self-harm) answered ${state.item9} on ${iso(state.assessment.administeredAt)}`;
  const ack = state.acknowledgement;
  return ack ? `${raised} — ${responseSummary(ack)}` : `${raised} — contact the patient today`;
}

/** What the team did, in one line: "responded: contacted by phone 2026-12-01, risk assessed low, …". */
export function responseSummary(ack: Omit<SafetyAcknowledgement, "responseId" | "byId" | "byName" | "at">): string {
  const done = [
    ack.contactMethod === "unable_to_reach" ? `contact attempted ${iso(ack.contactedAt)}, unable to reach` : `contacted ${contactMethodLabels[ack.contactMethod]} ${iso(ack.contactedAt)}`,
    ack.riskAssessed ? `risk assessed ${ack.riskAssessed}` : "risk not assessed",
    ack.safetyPlanInPlace ? "safety plan in place" : "no safety plan yet",
    ...(ack.referral ? [`referral: ${ack.referral}`] : []),
  ];
  return `responded: ${done.join(", ")}`;
}


export { isAcknowledged };

/** A clinician's response to the open self-harm flag; assessmentId names the PHQ-9 it answers. */
export const recordSafetyResponseInputSchema = z
  .strictObject({
    patientId: idSchema,
    assessmentId: idSchema,
    contactMethod: contactMethodSchema,
    contactedAt: clinicalDateSchema,
    riskAssessed: riskLevelSchema.nullable(),
    safetyPlanInPlace: z.boolean(),
    referral: optionalText(1000).default(null),
    notes: optionalText(4000).default(null),
  })
  .superRefine((input, ctx) => {
    if (input.contactMethod === "unable_to_reach" && input.riskAssessed !== null) {
      ctx.addIssue({ code: "custom", message: "risk cannot be assessed without reaching the patient", path: ["riskAssessed"] });
    }
  });
export type RecordSafetyResponseInput = z.infer<typeof recordSafetyResponseInputSchema>;

/** Names the responders on acknowledged flags; the lookup comes from the server's user directory. */
export function nameAcknowledgements<F extends { acknowledgement?: SafetyAcknowledgement | undefined }>(flags: readonly F[], names: ReadonlyMap<string, string>): F[] {
  return flags.map((f) => (f.acknowledgement ? { ...f, acknowledgement: { ...f.acknowledgement, byName: names.get(f.acknowledgement.byId) ?? null } } : f));
}

/** Who responded to the flags in a list, for one directory lookup. */
export function acknowledgerIds(flags: readonly { acknowledgement?: SafetyAcknowledgement | undefined }[]): string[] {
  return [...new Set(flags.flatMap((f) => (f.acknowledgement ? [f.acknowledgement.byId] : [])))];
}
