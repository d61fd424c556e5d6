import { z } from "zod";
import { durationSchema } from "./common";
import { disciplineSchema } from "./discipline";
import { planItemKindSchema } from "./plan-item";
import { criterionIds, procedureTypes, type ProcedureType } from "./procedure-catalog";
import type { Duration } from "./common";

/**
 * Every number candidacy and flags use. Clinic policy, not science: clinical-reference.md marks
 * these as clinic defaults, and every computed result names the policy `id` that produced it, so
 * a change of policy is a new id, never an edit in place.
 */
export const clinicPolicySchema = z.object({
  id: z.string().min(1).max(64),
  /** Minimum conservative trial per procedure; null = the procedure has no trial criterion. */
  conservativeTrial: z.record(z.enum(procedureTypes), durationSchema.nullable()),
  /** Plan-item kinds that count as a conservative trial (PT counts only with attended sessions). */
  conservativeKinds: z.array(planItemKindSchema).min(1),
  /** Attended PT sessions that make a trial "include active PT" (ESI). */
  activePtMinAttendedSessions: z.number().int().min(1),
  radicularPainMinDuration: durationSchema,
  axialPainMinDuration: durationSchema,
  siPainMinDuration: durationSchema,
  esiMaxPerRegionPer12Months: z.number().int().min(1),
  esiRepeatMinReliefPercent: z.number().min(0).max(100),
  esiRepeatMinReliefDays: z.number().int().min(0),
  /** Fraction of relief each diagnostic block must reach before ablation (0.8 Medicare, 0.5 consensus). */
  blockReliefThreshold: z.number().gt(0).max(1),
  rfaMaxPerRegionPer12Months: z.number().int().min(1),
  rfaRepeatIntervalMonths: z.number().int().min(0),
  rfaRepeatMinReliefPercent: z.number().min(0).max(100),
  rfaRepeatMinReliefDays: z.number().int().min(0),
  siMinPositiveProvocativeTests: z.number().int().min(1),
  largeJointIntervalWeeks: z.number().int().min(0),
  largeJointMaxPerJointPer12Months: z.number().int().min(1),
  implantTrialMinReliefPercent: z.number().min(0).max(100),
  // §6.2 repeat limits (per spinal region or joint, rolling 12 months)
  facetMaxSessionsPerRegionPer12Months: z.number().int().min(1),
  /** Diagnostic medial branch blocks at one level and side before ablation. */
  mbbMaxDiagnosticPerLevelSide: z.number().int().min(1),
  /** A second diagnostic medial branch block only after the first gave at least this relief. */
  mbbSecondBlockMinReliefPercent: z.number().min(0).max(100),
  facetInjectionRepeatMinReliefPercent: z.number().min(0).max(100),
  facetInjectionRepeatMinReliefDays: z.number().int().min(0),
  siMaxPerJointPer12Months: z.number().int().min(1),
  siRepeatMinReliefPercent: z.number().min(0).max(100),
  siRepeatMinReliefDays: z.number().int().min(0),
  /** ESI repeat: ≥ this % functional improvement (ODI or PEG) is an alternative to the relief rule. */
  esiRepeatMinFunctionImprovementPercent: z.number().min(0).max(100),
  // §6.3 cumulative steroid exposure
  steroidMaxPerPatientPer12Months: z.number().int().min(1),
  // §6.6 intrathecal drug delivery
  intrathecalConservativeMin: durationSchema,
  /** An opioid on the medication list at least this long is an adequate systemic opioid trial. */
  intrathecalOpioidTrialMinWeeks: z.number().int().min(1),
  // New procedures
  genicularBlockMinReliefPercent: z.number().min(0).max(100),
  kneePainMinDuration: durationSchema,
  siRfaBlockMinReliefPercent: z.number().min(0).max(100),
  siRfaDiagnosticBlocks: z.number().int().min(1),
  /** Criteria whose override needs a second clinician's co-signature, and that clinician's discipline. */
  overrideCoSign: z.partialRecord(z.enum(criterionIds), disciplineSchema),
  clearanceValidityMonths: z.number().int().min(1),
  mmeReviewThreshold: z.number().positive(),
  mmeHighThreshold: z.number().positive(),
  phq9FlagMin: z.number().int(),
  gad7FlagMin: z.number().int(),
  pcsFlagMin: z.number().int(),
  notImprovingAfterWeeks: z.number().int().min(1),
  notImprovingMinReductionPercent: z.number().min(0).max(100),
  missedSessionsWindowDays: z.number().int().min(1),
  missedSessionsMin: z.number().int().min(1),
});
export type ClinicPolicy = z.infer<typeof clinicPolicySchema>;

const weeks = (value: number): Duration => ({ value, unit: "weeks" });
const months = (value: number): Duration => ({ value, unit: "months" });

// Sources: clinical-reference.md §3 (procedures) and §4 (flags), which cite Medicare LCD L33906
// (ESI), the Medicare facet-joint LCDs and MAC rule of 2021 (blocks, ablation), CMS NCD 160.7
// (neuromodulation) and the CDC 2022 opioid guideline (MME thresholds).
const conservativeTrial: Record<ProcedureType, Duration | null> = {
  esi_interlaminar: weeks(4), // LCD L33906 digest: ≥4 weeks including active PT
  esi_transforaminal: weeks(4),
  selective_nerve_root_block: null,
  medial_branch_block: months(3), // facet LCDs: ≥3 months
  facet_joint_injection: months(3), // "as medial branch block"
  radiofrequency_ablation: null, // qualified by the diagnostic blocks instead
  sacroiliac_joint_injection: months(3),
  trigger_point_injection: null,
  large_joint_injection: null,
  sympathetic_block: null,
  epidural_adhesiolysis: null,
  percutaneous_disc_decompression: weeks(6),
  scs_trial: months(6), // CMS NCD 160.7 and LCDs
  scs_implant: null, // qualified by the trial
  intrathecal_pump_trial: months(6), // "as spinal cord stimulation"
  intrathecal_pump_implant: null,
  genicular_nerve_block: weeks(12), // knee OA: a conservative trial before a diagnostic genicular block
  genicular_rfa: null, // qualified by the diagnostic genicular block
  occipital_nerve_block: null,
  intercostal_nerve_block: null,
  si_lateral_branch_rfa: null, // qualified by the diagnostic SI blocks
  drg_stimulation_trial: months(6), // as spinal cord stimulation
  drg_stimulation_implant: null,
};

export const defaultClinicPolicy: ClinicPolicy = {
  // -2: §6 (v2) repeat limits, steroid exposure, intrathecal rules, new procedures and co-signed overrides.
  id: "clinic-default-2026-2",
  conservativeTrial,
  // The reference's "conservative trial": PT with logged sessions, medication, psychology, lifestyle.
  conservativeKinds: ["physical_therapy", "medication", "psychology", "lifestyle"],
  // The reference asks for "active PT" without a count; one attended session is the floor.
  activePtMinAttendedSessions: 1,
  radicularPainMinDuration: weeks(4), // LCD L33906 digest
  axialPainMinDuration: months(3), // facet LCDs
  siPainMinDuration: months(3),
  esiMaxPerRegionPer12Months: 4, // LCD L33906 digest
  esiRepeatMinReliefPercent: 50, // LCD L33906 digest: "≥50% sustained relief"
  // "Sustained" has no number in the reference; 3 months follows the current Medicare ESI LCD wording.
  // Clinic choice — review with the medical director.
  esiRepeatMinReliefDays: 90,
  blockReliefThreshold: 0.8, // Medicare MAC rule since 2021; multisociety consensus accepts 0.5
  rfaMaxPerRegionPer12Months: 2, // facet LCDs
  rfaRepeatIntervalMonths: 6, // facet LCDs
  rfaRepeatMinReliefPercent: 50, // facet LCDs
  rfaRepeatMinReliefDays: 180, // "lasting ≥6 months"
  siMinPositiveProvocativeTests: 3,
  largeJointIntervalWeeks: 12, // clinic default
  largeJointMaxPerJointPer12Months: 4, // clinic default
  implantTrialMinReliefPercent: 50, // CMS NCD 160.7
  // §6.2 — Medicare facet joint LCDs (L38803 family): ≤4 facet sessions per region per rolling 12
  // months, diagnostic or therapeutic; two diagnostic sessions before ablation.
  facetMaxSessionsPerRegionPer12Months: 4,
  mbbMaxDiagnosticPerLevelSide: 2,
  mbbSecondBlockMinReliefPercent: 80, // §6.2: clinic policy value (Medicare MAC rule)
  facetInjectionRepeatMinReliefPercent: 50, // facet LCDs: ≥50% relief lasting ≥3 months
  facetInjectionRepeatMinReliefDays: 90,
  siMaxPerJointPer12Months: 4, // §6.2 clinic default
  siRepeatMinReliefPercent: 50,
  siRepeatMinReliefDays: 90,
  esiRepeatMinFunctionImprovementPercent: 50, // §6.2: ≥50% relief or ≥50% functional improvement
  steroidMaxPerPatientPer12Months: 4, // §6.3 clinic default, all sites together
  intrathecalConservativeMin: months(6), // CMS NCD 50.5
  // CMS NCD 50.5 asks for "adequate trials of systemic opioids" without a length. Clinic choice:
  // 12 weeks, the CDC 2022 guideline's threshold for long-term opioid therapy; review with the director.
  intrathecalOpioidTrialMinWeeks: 12,
  // Clinic defaults: no Medicare coverage rule exists for genicular procedures; ≥50% from one
  // diagnostic genicular block before ablation follows the common practice of the RFA trials.
  genicularBlockMinReliefPercent: 50,
  kneePainMinDuration: months(3),
  // Clinic default: the facet dual-block rule applied to the sacroiliac joint (two blocks, ≥80%).
  siRfaBlockMinReliefPercent: 80,
  siRfaDiagnosticBlocks: 2,
  // Issue 10: clearance criteria are coverage rules that need two people.
  overrideCoSign: { psych_clearance: "psychologist", no_substance_use_concern: "psychologist" },
  clearanceValidityMonths: 12, // CMS NCD 160.7 and LCDs
  mmeReviewThreshold: 50, // CDC 2022 decision-support logic
  mmeHighThreshold: 90,
  phq9FlagMin: 15, // PHQ-9 moderately severe and above
  gad7FlagMin: 15, // GAD-7 severe
  pcsFlagMin: 30, // Sullivan et al. 1995: clinically relevant catastrophizing
  notImprovingAfterWeeks: 12,
  notImprovingMinReductionPercent: 30, // IMMPACT meaningful change
  missedSessionsWindowDays: 30,
  missedSessionsMin: 2,
};

/**
 * The multisociety-consensus variant of the default: diagnostic blocks need ≥50% relief instead
 * of 80%. Offered so a clinic can switch by id rather than edit numbers.
 */
export const consensusBlockPolicy: ClinicPolicy = {
  ...defaultClinicPolicy,
  id: "clinic-consensus-blocks-2026-1",
  blockReliefThreshold: 0.5,
};

export const clinicPolicies: readonly ClinicPolicy[] = [defaultClinicPolicy, consensusBlockPolicy];
