import { z } from "zod";
import type { Discipline } from "./discipline";

export const procedureTypes = [
  "esi_interlaminar",
  "esi_transforaminal",
  "selective_nerve_root_block",
  "medial_branch_block",
  "facet_joint_injection",
  "radiofrequency_ablation",
  "sacroiliac_joint_injection",
  "trigger_point_injection",
  "large_joint_injection",
  "sympathetic_block",
  "epidural_adhesiolysis",
  "percutaneous_disc_decompression",
  "scs_trial",
  "scs_implant",
  "intrathecal_pump_trial",
  "intrathecal_pump_implant",
  "genicular_nerve_block",
  "genicular_rfa",
  "occipital_nerve_block",
  "intercostal_nerve_block",
  "si_lateral_branch_rfa",
  "drg_stimulation_trial",
  "drg_stimulation_implant",
] as const;
export const procedureTypeSchema = z.enum(procedureTypes);
export type ProcedureType = z.infer<typeof procedureTypeSchema>;

export const regions = ["cervical", "thoracic", "lumbar", "sacral", "knee", "hip", "shoulder", "occipital", "chest_wall", "other"] as const;
export const regionSchema = z.enum(regions);
export type Region = z.infer<typeof regionSchema>;

export const spinalRegions = ["cervical", "thoracic", "lumbar", "sacral"] as const satisfies readonly Region[];
export const largeJointRegions = ["knee", "hip", "shoulder"] as const satisfies readonly Region[];

export const sides = ["left", "right", "bilateral"] as const;
export const sideSchema = z.enum(sides);
export type Side = z.infer<typeof sideSchema>;

export const criterionIds = [
  "radicular_pain_duration",
  "radicular_pain",
  "conservative_trial",
  "active_physical_therapy",
  "concordant_imaging",
  "baseline_scores",
  "esi_frequency",
  "esi_repeat_response",
  "level_and_side",
  "axial_pain_duration",
  "no_untreated_radiculopathy",
  "diagnostic_blocks",
  "rfa_repeat_interval",
  "rfa_repeat_response",
  "rfa_frequency",
  "si_pain_duration",
  "provocative_tests",
  "myofascial_trigger_points",
  "joint_injection_interval",
  "joint_injection_frequency",
  "sympathetic_pain",
  "epidural_fibrosis",
  "prior_epidural_without_lasting_relief",
  "contained_disc_herniation",
  "neuropathic_or_fbss_pain",
  "psych_clearance",
  "no_substance_use_concern",
  "successful_trial",
  // §6 (v2)
  "facet_frequency",
  "mbb_repeat",
  "facet_injection_repeat_response",
  "facet_injection_not_ablation_candidate",
  "si_frequency",
  "si_repeat_response",
  "steroid_exposure",
  "intrathecal_indication",
  "no_active_infection",
  "trial_side_effects",
  "knee_oa_pain_duration",
  "genicular_diagnostic_block",
  "occipital_neuralgia",
  "intercostal_neuralgia",
  "si_diagnostic_blocks",
  "crps_or_neuropathic_pain",
] as const;
export const criterionIdSchema = z.enum(criterionIds);
export type CriterionId = z.infer<typeof criterionIdSchema>;

export type CriterionDefinition = { label: string; suppliedBy: Discipline };

/**
 * Labels stay free of numbers: thresholds are clinic policy, and the candidacy result reports the
 * policy value in force beside each criterion.
 */
export const criterionDefinitions: Record<CriterionId, CriterionDefinition> = {
  radicular_pain_duration: { label: "Radicular pain for the minimum duration", suppliedBy: "physician" },
  radicular_pain: { label: "Radicular pain", suppliedBy: "physician" },
  conservative_trial: { label: "Conservative trial of the minimum length", suppliedBy: "physical_therapist" },
  active_physical_therapy: { label: "Conservative trial includes active physical therapy", suppliedBy: "physical_therapist" },
  concordant_imaging: { label: "Concordant imaging", suppliedBy: "physician" },
  baseline_scores: { label: "Baseline pain and function scores recorded", suppliedBy: "physician" },
  esi_frequency: { label: "Epidural steroid injections in this spinal region within the rolling 12 months below the maximum", suppliedBy: "physician" },
  esi_repeat_response: { label: "A repeat injection needs sustained relief from the last one", suppliedBy: "physician" },
  level_and_side: { label: "Level and side identified", suppliedBy: "physician" },
  axial_pain_duration: { label: "Predominantly axial pain for the minimum duration", suppliedBy: "physician" },
  no_untreated_radiculopathy: { label: "No untreated radiculopathy", suppliedBy: "physician" },
  diagnostic_blocks: { label: "Two diagnostic medial branch blocks at the same level and side, each with the required relief", suppliedBy: "physician" },
  rfa_repeat_interval: { label: "A repeat ablation only after the minimum interval since the last", suppliedBy: "physician" },
  rfa_repeat_response: { label: "A repeat ablation needs lasting relief from the last one", suppliedBy: "physician" },
  rfa_frequency: { label: "Ablation sessions in this region within the rolling 12 months below the maximum", suppliedBy: "physician" },
  si_pain_duration: { label: "Sacroiliac pain for the minimum duration", suppliedBy: "physician" },
  provocative_tests: { label: "Positive sacroiliac provocative tests recorded", suppliedBy: "physician" },
  myofascial_trigger_points: { label: "Myofascial pain with identified trigger points", suppliedBy: "physician" },
  joint_injection_interval: { label: "Minimum interval since the last steroid injection in that joint", suppliedBy: "physician" },
  joint_injection_frequency: { label: "Injections in that joint within the rolling 12 months below the maximum", suppliedBy: "physician" },
  sympathetic_pain: { label: "Sympathetically maintained pain / CRPS suspected", suppliedBy: "physician" },
  epidural_fibrosis: { label: "Post-surgical epidural fibrosis (failed back surgery syndrome)", suppliedBy: "physician" },
  prior_epidural_without_lasting_relief: { label: "Prior epidural injections without lasting relief", suppliedBy: "physician" },
  contained_disc_herniation: { label: "Contained disc herniation on imaging", suppliedBy: "physician" },
  neuropathic_or_fbss_pain: { label: "Neuropathic or failed-back-surgery pain", suppliedBy: "physician" },
  psych_clearance: { label: "Psychological clearance within the validity period", suppliedBy: "psychologist" },
  no_substance_use_concern: { label: "No active substance-use concern", suppliedBy: "psychologist" },
  successful_trial: { label: "A trial with the required relief", suppliedBy: "physician" },
  facet_frequency: { label: "Facet sessions (medial branch blocks, facet joint injections, ablations) in this region within the rolling 12 months below the maximum", suppliedBy: "physician" },
  mbb_repeat: { label: "A further diagnostic medial branch block is indicated (the second only after relief from the first; no more than the diagnostic pair)", suppliedBy: "physician" },
  facet_injection_repeat_response: { label: "A repeat facet joint injection needs lasting relief from the last one", suppliedBy: "physician" },
  facet_injection_not_ablation_candidate: { label: "Ablation is not the indicated next step at this level and side", suppliedBy: "physician" },
  si_frequency: { label: "Sacroiliac joint injections in this joint within the rolling 12 months below the maximum", suppliedBy: "physician" },
  si_repeat_response: { label: "A repeat sacroiliac joint injection needs lasting relief from the last one", suppliedBy: "physician" },
  steroid_exposure: { label: "Steroid injections (all sites) within the rolling 12 months below the maximum", suppliedBy: "physician" },
  intrathecal_indication: { label: "Intractable pain of malignant origin, or of non-malignant origin after failed conservative care including systemic opioids", suppliedBy: "physician" },
  no_active_infection: { label: "No active infection", suppliedBy: "physician" },
  trial_side_effects: { label: "Side effects of the trial acceptable", suppliedBy: "physician" },
  knee_oa_pain_duration: { label: "Knee osteoarthritis pain for the minimum duration", suppliedBy: "physician" },
  genicular_diagnostic_block: { label: "A diagnostic genicular nerve block at the same knee and side with the required relief", suppliedBy: "physician" },
  occipital_neuralgia: { label: "Occipital neuralgia or occipital headache documented", suppliedBy: "physician" },
  intercostal_neuralgia: { label: "Intercostal neuralgia or chest-wall nerve pain documented", suppliedBy: "physician" },
  si_diagnostic_blocks: { label: "Diagnostic sacroiliac blocks on the same side, each with the required relief", suppliedBy: "physician" },
  crps_or_neuropathic_pain: { label: "CRPS or focal neuropathic pain", suppliedBy: "physician" },
};

export type ProcedureCatalogEntry = {
  key: ProcedureType;
  label: string;
  ladderStep: 3 | 4;
  diagnostic: "yes" | "no" | "both";
  steroid: "yes" | "no" | "optional";
  regions: readonly Region[];
  /** Clearance requests are only meaningful for procedures that need one. */
  requiresClearance: boolean;
  /** For implants: the trial whose relief qualifies them. */
  trialOf: ProcedureType | null;
  criteria: readonly CriterionId[];
  source: string;
};

const ESI_CRITERIA = [
  "radicular_pain_duration",
  "conservative_trial",
  "active_physical_therapy",
  "concordant_imaging",
  "baseline_scores",
  "esi_frequency",
  "esi_repeat_response",
  "steroid_exposure",
] as const satisfies readonly CriterionId[];

const FACET_CRITERIA = ["axial_pain_duration", "conservative_trial", "no_untreated_radiculopathy", "facet_frequency"] as const satisfies readonly CriterionId[];

const SCS_TRIAL_CRITERIA = [
  "neuropathic_or_fbss_pain",
  "conservative_trial",
  "psych_clearance",
  "no_substance_use_concern",
] as const satisfies readonly CriterionId[];

const SPINE = spinalRegions;
const FACET_REGIONS = ["cervical", "thoracic", "lumbar"] as const satisfies readonly Region[];
const NEUROMODULATION_REGIONS = ["cervical", "thoracic", "lumbar", "other"] as const satisfies readonly Region[];

// v2 additions (clinical-reference.md §6 and the demo clinic's orders), with their criteria as data.
const DRG_TRIAL_CRITERIA = [
  "crps_or_neuropathic_pain",
  "conservative_trial",
  "psych_clearance",
  "no_substance_use_concern",
] as const satisfies readonly CriterionId[];
const v2Entries = {
  genicular_nerve_block: {
    key: "genicular_nerve_block",
    label: "Genicular nerve block",
    ladderStep: 3,
    diagnostic: "yes",
    steroid: "optional",
    regions: ["knee"],
    requiresClearance: false,
    trialOf: null,
    criteria: ["knee_oa_pain_duration", "conservative_trial"],
    source: "clinic default (no Medicare coverage rule for genicular procedures): knee osteoarthritis pain ≥3 months after a conservative trial",
  },
  genicular_rfa: {
    key: "genicular_rfa",
    label: "Genicular nerve radiofrequency ablation",
    ladderStep: 3,
    diagnostic: "no",
    steroid: "no",
    regions: ["knee"],
    requiresClearance: false,
    trialOf: null,
    criteria: ["genicular_diagnostic_block"],
    source: "clinic default: a diagnostic genicular block with ≥50% relief (policy value) before ablation, as in the genicular RFA trials",
  },
  occipital_nerve_block: {
    key: "occipital_nerve_block",
    label: "Occipital nerve block",
    ladderStep: 3,
    diagnostic: "both",
    steroid: "optional",
    regions: ["occipital"],
    requiresClearance: false,
    trialOf: null,
    criteria: ["occipital_neuralgia"],
    source: "clinic default (International Classification of Headache Disorders, 3rd ed.: occipital neuralgia responds to an anaesthetic block)",
  },
  intercostal_nerve_block: {
    key: "intercostal_nerve_block",
    label: "Intercostal nerve block",
    ladderStep: 3,
    diagnostic: "both",
    steroid: "optional",
    regions: ["chest_wall"],
    requiresClearance: false,
    trialOf: null,
    criteria: ["intercostal_neuralgia"],
    source: "clinic default: intercostal neuralgia or chest-wall nerve pain",
  },
  si_lateral_branch_rfa: {
    key: "si_lateral_branch_rfa",
    label: "Sacroiliac lateral branch radiofrequency ablation",
    ladderStep: 3,
    diagnostic: "no",
    steroid: "no",
    regions: ["sacral"],
    requiresClearance: false,
    trialOf: null,
    criteria: ["si_diagnostic_blocks", "si_pain_duration"],
    source: "clinic default: the facet dual-block rule applied to the sacroiliac joint",
  },
  drg_stimulation_trial: {
    key: "drg_stimulation_trial",
    label: "Dorsal root ganglion stimulation trial",
    ladderStep: 4,
    diagnostic: "no",
    steroid: "no",
    regions: ["thoracic", "lumbar", "sacral"],
    requiresClearance: true,
    trialOf: null,
    criteria: DRG_TRIAL_CRITERIA,
    source: "CMS NCD 160.7 and LCDs (DRG stimulation: CRPS and focal neuropathic pain of the lower limbs)",
  },
  drg_stimulation_implant: {
    key: "drg_stimulation_implant",
    label: "Dorsal root ganglion stimulation implant",
    ladderStep: 4,
    diagnostic: "no",
    steroid: "no",
    regions: ["thoracic", "lumbar", "sacral"],
    requiresClearance: true,
    trialOf: "drg_stimulation_trial",
    criteria: ["successful_trial"],
    source: "CMS NCD 160.7 and LCDs",
  },
} as const satisfies Partial<Record<ProcedureType, ProcedureCatalogEntry>>;

/** clinical-reference.md §3 — clinic defaults, editable through the policy. */
export const procedureCatalog: Record<ProcedureType, ProcedureCatalogEntry> = {
  esi_interlaminar: {
    key: "esi_interlaminar",
    label: "Epidural steroid injection — interlaminar",
    ladderStep: 3,
    diagnostic: "no",
    steroid: "yes",
    regions: SPINE,
    requiresClearance: false,
    trialOf: null,
    criteria: ESI_CRITERIA,
    source: "Medicare LCD L33906 digest",
  },
  esi_transforaminal: {
    key: "esi_transforaminal",
    label: "Epidural steroid injection — transforaminal",
    ladderStep: 3,
    diagnostic: "no",
    steroid: "yes",
    regions: SPINE,
    requiresClearance: false,
    trialOf: null,
    criteria: ESI_CRITERIA,
    source: "Medicare LCD L33906 digest",
  },
  selective_nerve_root_block: {
    key: "selective_nerve_root_block",
    label: "Selective nerve root block",
    ladderStep: 3,
    diagnostic: "yes",
    steroid: "optional",
    regions: SPINE,
    requiresClearance: false,
    trialOf: null,
    criteria: ["radicular_pain", "level_and_side"],
    source: "clinic default",
  },
  medial_branch_block: {
    key: "medial_branch_block",
    label: "Medial branch block",
    ladderStep: 3,
    diagnostic: "yes",
    steroid: "no",
    regions: FACET_REGIONS,
    requiresClearance: false,
    trialOf: null,
    criteria: [...FACET_CRITERIA, "mbb_repeat"],
    source: "Medicare facet joint LCDs",
  },
  facet_joint_injection: {
    key: "facet_joint_injection",
    label: "Facet joint injection",
    ladderStep: 3,
    diagnostic: "no",
    steroid: "yes",
    regions: FACET_REGIONS,
    requiresClearance: false,
    trialOf: null,
    criteria: [...FACET_CRITERIA, "facet_injection_repeat_response", "facet_injection_not_ablation_candidate", "steroid_exposure"],
    source: "Medicare facet joint LCDs",
  },
  radiofrequency_ablation: {
    key: "radiofrequency_ablation",
    label: "Radiofrequency ablation (medial branch)",
    ladderStep: 3,
    diagnostic: "no",
    steroid: "no",
    regions: FACET_REGIONS,
    requiresClearance: false,
    trialOf: null,
    criteria: ["diagnostic_blocks", "rfa_repeat_interval", "rfa_repeat_response", "rfa_frequency", "facet_frequency"],
    source: "Medicare MAC facet LCDs (2021); multisociety consensus accepts ≥50% block relief",
  },
  sacroiliac_joint_injection: {
    key: "sacroiliac_joint_injection",
    label: "Sacroiliac joint injection",
    ladderStep: 3,
    diagnostic: "both",
    steroid: "yes",
    regions: ["sacral"],
    requiresClearance: false,
    trialOf: null,
    criteria: ["si_pain_duration", "conservative_trial", "provocative_tests", "si_frequency", "si_repeat_response", "steroid_exposure"],
    source: "clinic default",
  },
  trigger_point_injection: {
    key: "trigger_point_injection",
    label: "Trigger point injection",
    ladderStep: 3,
    diagnostic: "no",
    steroid: "optional",
    regions,
    requiresClearance: false,
    trialOf: null,
    criteria: ["myofascial_trigger_points"],
    source: "clinic default",
  },
  large_joint_injection: {
    key: "large_joint_injection",
    label: "Large-joint injection (knee, hip, shoulder)",
    ladderStep: 3,
    diagnostic: "no",
    steroid: "yes",
    regions: largeJointRegions,
    requiresClearance: false,
    trialOf: null,
    criteria: ["joint_injection_interval", "joint_injection_frequency", "steroid_exposure"],
    source: "clinic default",
  },
  sympathetic_block: {
    key: "sympathetic_block",
    label: "Sympathetic block (stellate ganglion, lumbar sympathetic)",
    ladderStep: 3,
    diagnostic: "both",
    steroid: "no",
    regions: ["cervical", "thoracic", "lumbar", "other"],
    requiresClearance: false,
    trialOf: null,
    criteria: ["sympathetic_pain"],
    source: "clinic default",
  },
  epidural_adhesiolysis: {
    key: "epidural_adhesiolysis",
    label: "Epidural adhesiolysis",
    ladderStep: 3,
    diagnostic: "no",
    steroid: "yes",
    regions: SPINE,
    requiresClearance: false,
    trialOf: null,
    criteria: ["epidural_fibrosis", "prior_epidural_without_lasting_relief", "steroid_exposure"],
    source: "clinic default",
  },
  percutaneous_disc_decompression: {
    key: "percutaneous_disc_decompression",
    label: "Percutaneous disc decompression",
    ladderStep: 3,
    diagnostic: "no",
    steroid: "no",
    regions: ["cervical", "thoracic", "lumbar"],
    requiresClearance: false,
    trialOf: null,
    criteria: ["contained_disc_herniation", "conservative_trial"],
    source: "clinic default",
  },
  scs_trial: {
    key: "scs_trial",
    label: "Spinal cord stimulation trial",
    ladderStep: 4,
    diagnostic: "no",
    steroid: "no",
    regions: NEUROMODULATION_REGIONS,
    requiresClearance: true,
    trialOf: null,
    criteria: SCS_TRIAL_CRITERIA,
    source: "CMS NCD 160.7 and LCDs",
  },
  scs_implant: {
    key: "scs_implant",
    label: "Spinal cord stimulation implant",
    ladderStep: 4,
    diagnostic: "no",
    steroid: "no",
    regions: NEUROMODULATION_REGIONS,
    requiresClearance: true,
    trialOf: "scs_trial",
    criteria: ["successful_trial"],
    source: "CMS NCD 160.7 and LCDs",
  },
  intrathecal_pump_trial: {
    key: "intrathecal_pump_trial",
    label: "Intrathecal pump trial",
    ladderStep: 4,
    diagnostic: "no",
    steroid: "no",
    regions: NEUROMODULATION_REGIONS,
    requiresClearance: true,
    trialOf: null,
    // §6.6: clearance applies to non-malignant pain only (the evaluator reads the problem list).
    criteria: ["intrathecal_indication", "psych_clearance", "no_active_infection"],
    source: "CMS NCD 50.5 (infusion pumps)",
  },
  intrathecal_pump_implant: {
    key: "intrathecal_pump_implant",
    label: "Intrathecal pump implant",
    ladderStep: 4,
    diagnostic: "no",
    steroid: "no",
    regions: NEUROMODULATION_REGIONS,
    requiresClearance: true,
    trialOf: "intrathecal_pump_trial",
    criteria: ["successful_trial", "trial_side_effects", "psych_clearance", "no_active_infection"],
    source: "CMS NCD 50.5 (infusion pumps)",
  },
  ...v2Entries,
};

export const epiduralSteroidTypes = ["esi_interlaminar", "esi_transforaminal"] as const satisfies readonly ProcedureType[];

/** Trial and implant of one device share a clearance: a clearance for either counts for both. */
export function clearanceFamily(type: ProcedureType): readonly ProcedureType[] {
  if (type === "scs_trial" || type === "scs_implant") return ["scs_trial", "scs_implant"];
  if (type === "intrathecal_pump_trial" || type === "intrathecal_pump_implant") {
    return ["intrathecal_pump_trial", "intrathecal_pump_implant"];
  }
  if (type === "drg_stimulation_trial" || type === "drg_stimulation_implant") return ["drg_stimulation_trial", "drg_stimulation_implant"];
  return [type];
}

/** "L4-L5" → lumbar, "C6" → cervical, "S1" → sacral; null when the level names no spinal region. */
export function regionOfLevel(level: string | null | undefined): Region | null {
  const first = level?.trim().charAt(0).toUpperCase();
  switch (first) {
    case "C":
      return "cervical";
    case "T":
      return "thoracic";
    case "L":
      return "lumbar";
    case "S":
      return "sacral";
    default:
      return null;
  }
}

/**
 * §6.3: whether an order contains a corticosteroid — fixed by the catalogue unless "optional", when
 * the physician chooses (null: the request contradicts the catalogue). An unanswered optional is no steroid.
 */
export function resolveSteroid(type: ProcedureType, requested: boolean | undefined): boolean | null {
  const { steroid } = procedureCatalog[type];
  if (steroid === "yes") return requested === false ? null : true;
  if (steroid === "no") return requested === true ? null : false;
  return requested ?? false;
}

/** The checklist of one order: the catalogue's criteria, plus steroid exposure when this order contains a steroid. */
export function criteriaForOrder(type: ProcedureType, withSteroid: boolean): readonly CriterionId[] {
  const base = procedureCatalog[type].criteria;
  return withSteroid && !base.includes("steroid_exposure") ? [...base, "steroid_exposure"] : base;
}

/** Whether an order of this type is diagnostic: fixed by the catalog unless it is "both". */
export function resolveDiagnostic(type: ProcedureType, requested: boolean | undefined): boolean | null {
  const { diagnostic } = procedureCatalog[type];
  if (diagnostic === "yes") return requested === false ? null : true;
  if (diagnostic === "no") return requested === true ? null : false;
  return requested ?? false;
}
