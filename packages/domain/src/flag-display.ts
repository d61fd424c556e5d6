// What a list shows about flags, without zod: homes and banners import this module directly
// ("@stepwise/domain/flag-display") so the schema library and the flag rules stay off their first load.
// flags.ts, patient-summary.ts and safety-flag.ts re-export each of these.
import type { SafetyAcknowledgement } from "./safety-flag";

/** Listed in display order within a severity: safety first (clinical-reference.md §4). */
export const flagCodes = [
  "safety_self_harm",
  "high_opioid_dose",
  "opioid_review",
  "unknown_mme",
  "naloxone_needed",
  "opioid_coprescription",
  "opioid_monitoring_due",
  "anticoagulant_hold",
  "depression_anxiety",
  "catastrophizing",
  "not_improving",
  "candidacy_pending",
  "outcome_due",
  "missed_sessions",
  "overdue_action",
] as const;

type FlagCode = (typeof flagCodes)[number];

/** How a home names each flag group beside its count. */
export const flagGroupLabels: Record<FlagCode, string> = {
  safety_self_harm: "Self-harm",
  high_opioid_dose: "High opioid dose",
  opioid_review: "Opioid review",
  unknown_mme: "Unknown MME",
  naloxone_needed: "Naloxone",
  opioid_coprescription: "Co-prescription",
  opioid_monitoring_due: "Monitoring due",
  anticoagulant_hold: "Anticoagulant hold",
  depression_anxiety: "Depression / anxiety",
  catastrophizing: "Catastrophizing",
  not_improving: "Not improving",
  candidacy_pending: "Candidacy pending",
  outcome_due: "Outcome due",
  missed_sessions: "Missed sessions",
  overdue_action: "Overdue action",
};

/**
 * Whether the response stands the team down to "acknowledged": only when the patient was reached.
 * An attempt that did not reach the patient is shown (who tried, when) but the flag stays urgent.
 */
export function isAcknowledged(ack: SafetyAcknowledgement | null | undefined): ack is SafetyAcknowledgement {
  return ack !== null && ack !== undefined && ack.contactMethod !== "unable_to_reach";
}
