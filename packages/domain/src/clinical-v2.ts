import { z } from "zod";
import { idSchema, painScoreSchema, text } from "./common";

// Row shapes of clinical-reference.md §6 (v2 clinic defaults): the safety profile, the outcome
// series of a procedure, opioid monitoring and the team's response to a self-harm flag. Rules over
// these rows live in their own modules (safety.ts, outcomes.ts, stewardship.ts, safety-flag.ts).

/** §6.4: allergy categories that change how a procedure is done. */
export const allergyCategories = ["iodinated_contrast", "gadolinium", "latex", "local_anaesthetic", "corticosteroid", "other"] as const;
export const allergyCategorySchema = z.enum(allergyCategories);
export type AllergyCategory = z.infer<typeof allergyCategorySchema>;

export const allergySchema = z.object({
  substance: text(200),
  category: allergyCategorySchema,
  reaction: z.string().trim().max(500).nullable(),
});
export type Allergy = z.infer<typeof allergySchema>;

export const pregnancyStatuses = ["not_pregnant", "possible", "confirmed", "not_applicable"] as const;
export const pregnancyStatusSchema = z.enum(pregnancyStatuses);
export type PregnancyStatus = z.infer<typeof pregnancyStatusSchema>;

/** Null on a field means "not recorded", which the header says, never "no". */
export const safetyProfileSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  /** True only when someone recorded "no known allergies"; an empty list alone is "not recorded". */
  noKnownAllergies: z.boolean(),
  allergies: z.array(allergySchema).max(50),
  /** Medication-catalogue keys of anticoagulants / antiplatelets marked "taking" on the profile (not on the medication list). */
  anticoagulantsTaking: z.array(z.string().max(64)).max(20),
  diabetes: z.boolean().nullable(),
  pregnancy: pregnancyStatusSchema.nullable(),
  activeInfection: z.boolean().nullable(),
  implantedDevices: z.string().trim().max(1000).nullable(),
  renalImpairment: z.boolean().nullable(),
  /** History of opioid overdose or substance-use disorder (§6.5 naloxone). */
  overdoseOrSudHistory: z.boolean().nullable(),
});
export type SafetyProfile = z.infer<typeof safetyProfileSchema>;

/** §6.7 time points. Diary points are hours after a diagnostic block; the rest are follow-up visits. */
export const outcomeTimePoints = ["diary_30m", "diary_1h", "diary_2h", "diary_4h", "diary_6h", "2w", "6w", "3m", "6m", "12m", "end_of_trial"] as const;
export const outcomeTimePointSchema = z.enum(outcomeTimePoints);
export type OutcomeTimePoint = z.infer<typeof outcomeTimePointSchema>;

/** Who gave an outcome point: a clinician, the patient's post-block pain diary, or a pain score the patient reported. */
export const outcomeSources = ["clinician", "patient_diary", "patient_reported"] as const;
export type OutcomeSource = (typeof outcomeSources)[number];

export const procedureOutcomeSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  procedureId: idSchema,
  timePoint: outcomeTimePointSchema,
  assessedAt: z.date(),
  painScore: painScoreSchema.nullable(),
  /** Computed on the server from the order's pre-procedure pain; never typed by hand. */
  reliefPercent: z.number().min(-1000).max(100).nullable(),
  /** % improvement in function (ODI or PEG) against the pre-procedure score, where measured. */
  functionImprovementPercent: z.number().min(-1000).max(100).nullable(),
  sideEffects: z.string().max(2000).nullable(),
  notes: z.string().max(4000).nullable(),
  /**
   * Charted by a clinician, recorded by the patient in their post-block pain diary, or filled by a
   * pain score the patient reported in the point's window (absent: a clinician).
   */
  source: z.enum(outcomeSources).optional(),
});
export type ProcedureOutcome = z.infer<typeof procedureOutcomeSchema>;

/** §6.5 monitoring and naloxone records. */
export const monitoringKinds = ["pdmp_check", "urine_drug_test", "naloxone_offered"] as const;
export const monitoringKindSchema = z.enum(monitoringKinds);
export type MonitoringKind = z.infer<typeof monitoringKindSchema>;

export const opioidMonitoringSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  kind: monitoringKindSchema,
  performedAt: z.date(),
  result: z.string().max(1000).nullable(),
});
export type OpioidMonitoring = z.infer<typeof opioidMonitoringSchema>;

/** §6.9: how the team responded to a positive PHQ-9 item 9. */
export const contactMethods = ["in_person", "phone", "video", "message", "unable_to_reach"] as const;
export const contactMethodSchema = z.enum(contactMethods);
export type ContactMethod = z.infer<typeof contactMethodSchema>;

export const riskLevels = ["low", "moderate", "high"] as const;
export const riskLevelSchema = z.enum(riskLevels);
export type RiskLevel = z.infer<typeof riskLevelSchema>;

export const safetyResponseSchema = z.object({
  id: idSchema,
  patientId: idSchema,
  /** The PHQ-9 whose item 9 raised the flag this response answers. */
  assessmentId: idSchema,
  contactMethod: contactMethodSchema,
  contactedAt: z.date(),
  riskAssessed: riskLevelSchema.nullable(),
  safetyPlanInPlace: z.boolean(),
  referral: z.string().max(1000).nullable(),
  notes: z.string().max(4000).nullable(),
  createdBy: idSchema,
  createdAt: z.date(),
});
export type SafetyResponse = z.infer<typeof safetyResponseSchema>;

/** A hold of an anticoagulant / antiplatelet before an order, confirmed with the prescriber (§6.4). */
export const holdConfirmationSchema = z.object({
  /** Medication-catalogue key of the drug held. */
  drug: z.string().max(64),
  medicationId: idSchema.nullable(),
  confirmedBy: idSchema,
  confirmedAt: z.string(),
  note: z.string().max(500).nullable(),
});
export type HoldConfirmation = z.infer<typeof holdConfirmationSchema>;

