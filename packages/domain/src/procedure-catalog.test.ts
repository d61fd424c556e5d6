import { describe, expect, it } from "vitest";
import { clinicPolicySchema, consensusBlockPolicy, defaultClinicPolicy } from "./policy";
import { criterionDefinitions, procedureCatalog, procedureTypes, regionOfLevel, resolveDiagnostic } from "./procedure-catalog";

// clinical-reference.md §3, transcribed by hand: key → [ladder step, diagnostic, steroid].
const EXPECTED = {
  esi_interlaminar: [3, "no", "yes"],
  esi_transforaminal: [3, "no", "yes"],
  selective_nerve_root_block: [3, "yes", "optional"],
  medial_branch_block: [3, "yes", "no"],
  facet_joint_injection: [3, "no", "yes"],
  radiofrequency_ablation: [3, "no", "no"],
  sacroiliac_joint_injection: [3, "both", "yes"],
  trigger_point_injection: [3, "no", "optional"],
  large_joint_injection: [3, "no", "yes"],
  sympathetic_block: [3, "both", "no"],
  epidural_adhesiolysis: [3, "no", "yes"],
  percutaneous_disc_decompression: [3, "no", "no"],
  scs_trial: [4, "no", "no"],
  scs_implant: [4, "no", "no"],
  intrathecal_pump_trial: [4, "no", "no"],
  intrathecal_pump_implant: [4, "no", "no"],
  // Issue 10 additions (genicular, occipital, intercostal, SI lateral branch, DRG)
  genicular_nerve_block: [3, "yes", "optional"],
  genicular_rfa: [3, "no", "no"],
  occipital_nerve_block: [3, "both", "optional"],
  intercostal_nerve_block: [3, "both", "optional"],
  si_lateral_branch_rfa: [3, "no", "no"],
  drg_stimulation_trial: [4, "no", "no"],
  drg_stimulation_implant: [4, "no", "no"],
} as const;

describe("procedure catalog", () => {
  it("holds every procedure of the reference with its step, diagnostic and steroid columns", () => {
    expect([...procedureTypes].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [key, [step, diagnostic, steroid]] of Object.entries(EXPECTED)) {
      const entry = procedureCatalog[key as keyof typeof EXPECTED];
      expect(entry.key).toBe(key);
      expect([entry.ladderStep, entry.diagnostic, entry.steroid], key).toEqual([step, diagnostic, steroid]);
      expect(entry.criteria.length, key).toBeGreaterThan(0);
      for (const id of entry.criteria) expect(criterionDefinitions[id], `${key}/${id}`).toBeDefined();
    }
  });

  it("neuromodulation and pumps need psychological clearance", () => {
    expect(procedureCatalog.scs_trial.criteria).toContain("psych_clearance");
    expect(procedureCatalog.intrathecal_pump_trial.criteria).toContain("psych_clearance");
    expect(procedureCatalog.intrathecal_pump_implant.criteria).toContain("psych_clearance");
    expect(criterionDefinitions.psych_clearance.suppliedBy).toBe("psychologist");
  });

  it("reads the spinal region from a level", () => {
    expect(regionOfLevel("L4-L5")).toBe("lumbar");
    expect(regionOfLevel("C5-C6")).toBe("cervical");
    expect(regionOfLevel("T12-L1")).toBe("thoracic");
    expect(regionOfLevel("S1")).toBe("sacral");
    expect(regionOfLevel(null)).toBeNull();
  });

  it("fixes the diagnostic flag unless the catalog says both", () => {
    expect(resolveDiagnostic("medial_branch_block", undefined)).toBe(true);
    expect(resolveDiagnostic("medial_branch_block", false)).toBeNull();
    expect(resolveDiagnostic("esi_interlaminar", true)).toBeNull();
    expect(resolveDiagnostic("sacroiliac_joint_injection", true)).toBe(true);
  });
});

describe("clinic policy", () => {
  it("the default and the consensus variant are valid and differ only in the block threshold", () => {
    expect(clinicPolicySchema.parse(defaultClinicPolicy)).toEqual(defaultClinicPolicy);
    expect(clinicPolicySchema.parse(consensusBlockPolicy)).toEqual(consensusBlockPolicy);
    expect(defaultClinicPolicy.id).toBe("clinic-default-2026-2");
    expect(defaultClinicPolicy.blockReliefThreshold).toBe(0.8);
    expect(consensusBlockPolicy.blockReliefThreshold).toBe(0.5);
    expect({ ...consensusBlockPolicy, id: defaultClinicPolicy.id, blockReliefThreshold: 0.8 }).toEqual(defaultClinicPolicy);
  });

  it("holds the reference's defaults", () => {
    const p = defaultClinicPolicy;
    expect([p.esiMaxPerRegionPer12Months, p.rfaMaxPerRegionPer12Months, p.rfaRepeatIntervalMonths, p.clearanceValidityMonths, p.largeJointIntervalWeeks]).toEqual([4, 2, 6, 12, 12]);
    expect(p.conservativeTrial.esi_interlaminar).toEqual({ value: 4, unit: "weeks" });
    expect(p.conservativeTrial.medial_branch_block).toEqual({ value: 3, unit: "months" });
    expect(p.conservativeTrial.percutaneous_disc_decompression).toEqual({ value: 6, unit: "weeks" });
    expect(p.conservativeTrial.scs_trial).toEqual({ value: 6, unit: "months" });
    expect([p.mmeReviewThreshold, p.mmeHighThreshold]).toEqual([50, 90]);
  });
});
