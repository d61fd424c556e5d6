// Emergency access's policy, reasons and labels without zod: the break-the-glass and review screens
// import these through "@stepwise/domain/emergency-access-text" so the schema library stays out of their first load.

/** Clinic policy, not law: a change is a new id, never an edit in place. */
export const emergencyAccessPolicy = {
  id: "emergency-access-2026-1",
  /** How long a grant lasts from the moment it is opened. */
  grantMinutes: 60,
  /** The free-text explanation must say something a reviewer can check. */
  reasonTextMinLength: 20,
  reasonTextMaxLength: 1_000,
  /** A review note says what the reviewer concluded. */
  reviewNoteMinLength: 5,
  reviewNoteMaxLength: 1_000,
} as const;

export const emergencyReasons = ["clinical_emergency", "covering_absent_clinician", "urgent_consultation", "urgent_medication_or_safety", "other"] as const;
export type EmergencyReason = (typeof emergencyReasons)[number];

export const emergencyReasonLabels: Record<EmergencyReason, string> = {
  clinical_emergency: "Clinical emergency",
  covering_absent_clinician: "Covering for an absent care-team clinician",
  urgent_consultation: "Urgent consultation / on call",
  urgent_medication_or_safety: "Urgent medication or safety question",
  other: "Other",
};

/** Only a clinical emergency lets the holder change the record; every other reason reads. */
export function reasonAllowsWriting(reason: EmergencyReason): boolean {
  return reason === "clinical_emergency";
}
