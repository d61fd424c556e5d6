import { describe, expect, it } from "vitest";
import { evaluateCandidacy, type CandidacyResult, type CandidacyTarget } from "./candidacy";
import type { PatientRecord } from "./patient-record";
import { consensusBlockPolicy, defaultClinicPolicy, type ClinicPolicy } from "./policy";
import { procedureCatalog, procedureTypes, type CriterionId, type ProcedureType } from "./procedure-catalog";
import {
  NOW,
  assessment,
  clearance,
  monthsAgo,
  planItem,
  problem,
  procedure,
  record,
  session,
  weeksAgo,
} from "./test-fixtures";

function evaluate(type: ProcedureType, rec: PatientRecord, target?: CandidacyTarget, policy: ClinicPolicy = defaultClinicPolicy): CandidacyResult {
  return evaluateCandidacy(type, rec, policy, NOW, target);
}

function statusOf(result: CandidacyResult, id: CriterionId): string | undefined {
  return result.criteria.find((c) => c.id === id)?.status;
}

const LUMBAR_LEFT: CandidacyTarget = { level: "L4-L5", side: "left", region: "lumbar" };

// A conservative trial of PT with attended sessions: 10 weeks, still running.
const ptTrial = (startedWeeksAgo = 10) => ({
  planItems: [planItem({ startedAt: weeksAgo(startedWeeksAgo) })],
  therapySessions: [session({ sessionDate: weeksAgo(startedWeeksAgo - 1) }), session({ sessionDate: weeksAgo(1) })],
});

// A 7-month conservative trial of medication (plus PT with sessions) for facet, SI and neuromodulation.
const longTrial = (months = 7) => ({
  planItems: [
    planItem({ kind: "medication", discipline: "physician", ladderStep: 2, title: "Duloxetine 60 mg", startedAt: monthsAgo(months) }),
    planItem({ startedAt: monthsAgo(months) }),
  ],
  therapySessions: [session({ sessionDate: monthsAgo(months - 1) }), session({ sessionDate: weeksAgo(2) })],
});

const esiRecord = (extra: Partial<PatientRecord> = {}): PatientRecord =>
  record({
    problems: [problem({ onsetDate: monthsAgo(3) })],
    ...ptTrial(),
    assessments: [assessment("nrs", [7], weeksAgo(9)), assessment("odi", [3, 3, 2, 2, 3, 2, 2, 3, 2, 2], weeksAgo(9))],
    ...extra,
  });

describe("result shape", () => {
  it("names the procedure, the policy, the time and every catalog criterion in order", () => {
    const result = evaluate("esi_transforaminal", esiRecord(), LUMBAR_LEFT);
    expect(result.procedureType).toBe("esi_transforaminal");
    expect(result.policyId).toBe("clinic-default-2026-2");
    expect(result.evaluatedAt).toBe(NOW);
    expect(result.criteria.map((c) => c.id)).toEqual(procedureCatalog.esi_transforaminal.criteria);
    expect(result.target).toEqual({ level: "L4-L5", side: "left", region: "lumbar" });
  });

  it("every procedure in the catalog evaluates on an empty record as not yet, saying what is missing and who supplies it", () => {
    for (const type of procedureTypes) {
      const result = evaluate(type, record());
      expect(result.overall, type).toBe("not_yet");
      for (const c of result.criteria.filter((c) => c.status !== "met")) {
        expect(c.missing, `${type}/${c.id}`).toBeTruthy();
        expect(c.suppliedBy, `${type}/${c.id}`).toBeTruthy();
      }
    }
  });
});

describe.each(["esi_interlaminar", "esi_transforaminal"] as const)("%s", (type) => {
  it("is a candidate with radicular pain ≥4 weeks, ≥4 weeks of conservative care including PT, concordant imaging and baseline scores", () => {
    const result = evaluate(type, esiRecord(), LUMBAR_LEFT);
    expect(result.criteria.filter((c) => c.status !== "met")).toEqual([]);
    expect(result.overall).toBe("candidate");
    const trial = result.criteria.find((c) => c.id === "conservative_trial");
    expect(trial?.evidence.some((e) => e.kind === "plan_item")).toBe(true);
    expect(trial?.evidence.some((e) => e.kind === "therapy_session")).toBe(true);
    expect(trial?.threshold).toBe("≥ 4 weeks");
  });

  it("is not yet after 3 weeks of conservative care, or with pain for under 4 weeks", () => {
    const short = evaluate(type, esiRecord(ptTrial(3)), LUMBAR_LEFT);
    expect(statusOf(short, "conservative_trial")).toBe("not_met");
    expect(short.overall).toBe("not_yet");
    const recent = evaluate(type, esiRecord({ problems: [problem({ onsetDate: weeksAgo(3) })] }), LUMBAR_LEFT);
    expect(statusOf(recent, "radicular_pain_duration")).toBe("not_met");
  });

  it("a PT plan item without attended sessions is no trial and no active PT", () => {
    const result = evaluate(type, esiRecord({ therapySessions: [session({ attendance: "no_show", minutes: 0, painBefore: null, painAfter: null })] }), LUMBAR_LEFT);
    expect(statusOf(result, "conservative_trial")).toBe("not_met");
    expect(statusOf(result, "active_physical_therapy")).toBe("not_met");
  });

  it("discordant imaging is not met; unrecorded concordance is unknown", () => {
    expect(statusOf(evaluate(type, esiRecord({ problems: [problem({ imagingConcordant: false, onsetDate: monthsAgo(3) })] }), LUMBAR_LEFT), "concordant_imaging")).toBe("not_met");
    expect(statusOf(evaluate(type, esiRecord({ problems: [problem({ imagingConcordant: null, onsetDate: monthsAgo(3) })] }), LUMBAR_LEFT), "concordant_imaging")).toBe("unknown");
  });

  it("needs baseline pain and function scores", () => {
    const result = evaluate(type, esiRecord({ assessments: [assessment("nrs", [7])] }), LUMBAR_LEFT);
    expect(statusOf(result, "baseline_scores")).toBe("not_met");
    expect(result.criteria.find((c) => c.id === "baseline_scores")?.missing).toContain("function");
  });

  it("allows at most 4 ESIs per spinal region per rolling 12 months", () => {
    const esis = [11, 9, 6, 3].map((m) => procedure({ procedureType: "esi_interlaminar", performedAt: monthsAgo(m), reliefDurationDays: 100 }));
    const full = evaluate(type, esiRecord({ procedures: esis }), LUMBAR_LEFT);
    expect(statusOf(full, "esi_frequency")).toBe("not_met");
    // One of them 13 months ago falls out of the window; another region never counts.
    const older = [13, 9, 6, 3].map((m) => procedure({ procedureType: "esi_interlaminar", performedAt: monthsAgo(m), reliefDurationDays: 100 }));
    expect(statusOf(evaluate(type, esiRecord({ procedures: older }), LUMBAR_LEFT), "esi_frequency")).toBe("met");
    const cervical = esis.map((p) => ({ ...p, region: "cervical" as const, level: "C5-C6" }));
    expect(statusOf(evaluate(type, esiRecord({ procedures: cervical }), LUMBAR_LEFT), "esi_frequency")).toBe("met");
  });

  it("a repeat needs ≥50% sustained relief from the last one", () => {
    const poor = procedure({ procedureType: type, postProcedurePain: 6, reliefPercent: 25 });
    expect(statusOf(evaluate(type, esiRecord({ procedures: [poor] }), LUMBAR_LEFT), "esi_repeat_response")).toBe("not_met");
    const brief = procedure({ procedureType: type, reliefPercent: 75, reliefDurationDays: 20 });
    expect(statusOf(evaluate(type, esiRecord({ procedures: [brief] }), LUMBAR_LEFT), "esi_repeat_response")).toBe("not_met");
    const noOutcome = procedure({ procedureType: type, postProcedurePain: null, reliefPercent: null, reliefDurationDays: null });
    expect(statusOf(evaluate(type, esiRecord({ procedures: [noOutcome] }), LUMBAR_LEFT), "esi_repeat_response")).toBe("unknown");
    const good = procedure({ procedureType: type, reliefPercent: 75, reliefDurationDays: 120 });
    expect(evaluate(type, esiRecord({ procedures: [good] }), LUMBAR_LEFT).overall).toBe("candidate");
  });

  it("without a target the region comes from an unambiguous problem list", () => {
    expect(evaluate(type, esiRecord()).target.region).toBe("lumbar");
  });
});

describe("selective_nerve_root_block", () => {
  it("is a candidate with radicular pain and an identified level and side", () => {
    expect(evaluate("selective_nerve_root_block", record({ problems: [problem()] }), LUMBAR_LEFT).overall).toBe("candidate");
    // The problem's level and laterality identify them too.
    expect(evaluate("selective_nerve_root_block", record({ problems: [problem()] })).overall).toBe("candidate");
  });
  it("is not yet for axial pain, or without level and side", () => {
    const axial = evaluate("selective_nerve_root_block", record({ problems: [problem({ painPattern: "axial", painGenerator: "facet_joint" })] }), LUMBAR_LEFT);
    expect(statusOf(axial, "radicular_pain")).toBe("not_met");
    const unlocated = evaluate("selective_nerve_root_block", record({ problems: [problem({ level: null })] }));
    expect(statusOf(unlocated, "level_and_side")).toBe("unknown");
  });
});

const axialProblem = () => problem({ diagnosis: "Lumbar facet arthropathy", painPattern: "axial", painGenerator: "facet_joint", laterality: "bilateral", onsetDate: monthsAgo(6) });

describe.each(["medial_branch_block", "facet_joint_injection"] as const)("%s", (type) => {
  it("is a candidate with axial pain ≥3 months, ≥3 months of conservative care and no untreated radiculopathy", () => {
    const result = evaluate(type, record({ problems: [axialProblem()], ...longTrial(4) }), LUMBAR_LEFT);
    expect(result.criteria.filter((c) => c.status !== "met")).toEqual([]);
    expect(result.overall).toBe("candidate");
  });
  it("is not yet with an untreated radiculopathy, a 2-month trial, or axial pain for 2 months", () => {
    const radic = problem({ onsetDate: monthsAgo(4) });
    expect(statusOf(evaluate(type, record({ problems: [axialProblem(), radic], ...longTrial(4) }), LUMBAR_LEFT), "no_untreated_radiculopathy")).toBe("not_met");
    expect(statusOf(evaluate(type, record({ problems: [axialProblem()], ...longTrial(2) }), LUMBAR_LEFT), "conservative_trial")).toBe("not_met");
    const recent = { ...axialProblem(), onsetDate: monthsAgo(2) };
    expect(statusOf(evaluate(type, record({ problems: [recent], ...longTrial(4) }), LUMBAR_LEFT), "axial_pain_duration")).toBe("not_met");
  });
  it("a radiculopathy with an active treatment item counts as treated", () => {
    const radic = problem({ onsetDate: monthsAgo(4) });
    const treated = planItem({ problemId: radic.id, kind: "medication", discipline: "physician", ladderStep: 2, title: "Pregabalin" });
    const result = evaluate(type, record({ problems: [axialProblem(), radic], planItems: [...longTrial(4).planItems, treated], therapySessions: longTrial(4).therapySessions }), LUMBAR_LEFT);
    expect(statusOf(result, "no_untreated_radiculopathy")).toBe("met");
  });
});

describe("radiofrequency_ablation", () => {
  const block = (relief: number, monthsBack: number, level = "L4-L5") =>
    procedure({ procedureType: "medial_branch_block", diagnostic: true, level, side: "left", performedAt: monthsAgo(monthsBack), reliefPercent: relief, reliefDurationDays: 1 });

  it("is a candidate after two medial branch blocks at the same level and side, each ≥80%", () => {
    const result = evaluate("radiofrequency_ablation", record({ procedures: [block(85, 2), block(80, 1)] }), LUMBAR_LEFT);
    expect(result.overall).toBe("candidate");
    expect(result.criteria.find((c) => c.id === "diagnostic_blocks")?.evidence).toHaveLength(2);
  });

  it("blocks of 60% and 70% qualify under the 50% consensus policy but not under the 80% default", () => {
    const rec = record({ procedures: [block(60, 2), block(70, 1)] });
    const strict = evaluate("radiofrequency_ablation", rec, LUMBAR_LEFT, defaultClinicPolicy);
    const consensus = evaluate("radiofrequency_ablation", rec, LUMBAR_LEFT, consensusBlockPolicy);
    expect(statusOf(strict, "diagnostic_blocks")).toBe("not_met");
    expect(strict.overall).toBe("not_yet");
    expect(strict.criteria.find((c) => c.id === "diagnostic_blocks")?.threshold).toContain("80%");
    expect(statusOf(consensus, "diagnostic_blocks")).toBe("met");
    expect(consensus.overall).toBe("candidate");
    expect(consensus.policyId).toBe("clinic-consensus-blocks-2026-1");
  });

  it("blocks at different levels or with one below threshold do not qualify", () => {
    expect(statusOf(evaluate("radiofrequency_ablation", record({ procedures: [block(90, 2, "L3-L4"), block(90, 1)] })), "diagnostic_blocks")).toBe("not_met");
    expect(statusOf(evaluate("radiofrequency_ablation", record({ procedures: [block(90, 2), block(79.9, 1)] }), LUMBAR_LEFT), "diagnostic_blocks")).toBe("not_met");
  });

  it("a block without a recorded outcome leaves it unknown", () => {
    const pending = { ...block(90, 1), reliefPercent: null, postProcedurePain: null };
    expect(statusOf(evaluate("radiofrequency_ablation", record({ procedures: [block(90, 2), pending] }), LUMBAR_LEFT), "diagnostic_blocks")).toBe("unknown");
  });

  it("a repeat only ≥6 months after the last, with ≥50% relief lasting ≥6 months, ≤2 per region per 12 months", () => {
    const rfa = (monthsBack: number, relief = 70, days = 200) =>
      procedure({ procedureType: "radiofrequency_ablation", performedAt: monthsAgo(monthsBack), reliefPercent: relief, reliefDurationDays: days });
    const blocks = [block(85, 14), block(85, 13)];
    const tooSoon = evaluate("radiofrequency_ablation", record({ procedures: [...blocks, rfa(4)] }), LUMBAR_LEFT);
    expect(statusOf(tooSoon, "rfa_repeat_interval")).toBe("not_met");
    const shortRelief = evaluate("radiofrequency_ablation", record({ procedures: [...blocks, rfa(8, 70, 90)] }), LUMBAR_LEFT);
    expect(statusOf(shortRelief, "rfa_repeat_response")).toBe("not_met");
    const twice = evaluate("radiofrequency_ablation", record({ procedures: [...blocks, rfa(11), rfa(7)] }), LUMBAR_LEFT);
    expect(statusOf(twice, "rfa_frequency")).toBe("not_met");
    const ok = evaluate("radiofrequency_ablation", record({ procedures: [...blocks, rfa(7)] }), LUMBAR_LEFT);
    expect(ok.overall).toBe("candidate");
  });
});

describe("sacroiliac_joint_injection", () => {
  const si = (tests: number | null, onset = monthsAgo(5)) =>
    problem({ diagnosis: "Sacroiliac joint dysfunction", painGenerator: "sacroiliac_joint", painPattern: "axial", level: null, positiveProvocativeTests: tests, onsetDate: onset });
  const sacral: CandidacyTarget = { region: "sacral", side: "left" };

  it("is a candidate with pain ≥3 months, ≥3 months of conservative care and ≥3 positive provocative tests", () => {
    expect(evaluate("sacroiliac_joint_injection", record({ problems: [si(3)], ...longTrial(4) }), sacral).overall).toBe("candidate");
  });
  it("is not yet with 2 positive tests; unknown when tests were not recorded", () => {
    expect(statusOf(evaluate("sacroiliac_joint_injection", record({ problems: [si(2)], ...longTrial(4) }), sacral), "provocative_tests")).toBe("not_met");
    const unknown = evaluate("sacroiliac_joint_injection", record({ problems: [si(null)], ...longTrial(4) }), sacral);
    expect(statusOf(unknown, "provocative_tests")).toBe("unknown");
    expect(unknown.overall).toBe("not_yet");
  });
  it("is not yet with SI pain for 2 months", () => {
    expect(statusOf(evaluate("sacroiliac_joint_injection", record({ problems: [si(4, monthsAgo(2))], ...longTrial(4) }), sacral), "si_pain_duration")).toBe("not_met");
  });
});

describe("trigger_point_injection", () => {
  const myofascial = (findings: "trigger_points"[]) =>
    problem({ diagnosis: "Myofascial pain, trapezius", painPattern: "myofascial", painGenerator: "muscle", level: null, findings });
  it("is a candidate with myofascial pain and identified trigger points", () => {
    expect(evaluate("trigger_point_injection", record({ problems: [myofascial(["trigger_points"])] }), { region: "other" }).overall).toBe("candidate");
  });
  it("is not yet without identified trigger points", () => {
    expect(statusOf(evaluate("trigger_point_injection", record({ problems: [myofascial([])] })), "myofascial_trigger_points")).toBe("not_met");
  });
});

describe("large_joint_injection", () => {
  const knee: CandidacyTarget = { region: "knee", side: "left" };
  const injection = (weeksBack: number, side: "left" | "right" | "bilateral" = "left") =>
    procedure({ procedureType: "large_joint_injection", region: "knee", level: null, side, performedAt: weeksAgo(weeksBack) });

  it("is a candidate ≥12 weeks after the last injection in that joint", () => {
    expect(evaluate("large_joint_injection", record({ procedures: [injection(13)] }), knee).overall).toBe("candidate");
    expect(evaluate("large_joint_injection", record(), knee).overall).toBe("candidate");
  });
  it("is not yet 6 weeks after the last injection in that joint; the other knee does not count", () => {
    expect(statusOf(evaluate("large_joint_injection", record({ procedures: [injection(6)] }), knee), "joint_injection_interval")).toBe("not_met");
    expect(evaluate("large_joint_injection", record({ procedures: [injection(6, "right")] }), knee).overall).toBe("candidate");
  });
  it("allows at most 4 per joint per 12 months", () => {
    const four = [50, 38, 26, 13].map((w) => injection(w));
    expect(statusOf(evaluate("large_joint_injection", record({ procedures: four }), knee), "joint_injection_frequency")).toBe("not_met");
  });
  it("needs the joint and side", () => {
    expect(statusOf(evaluate("large_joint_injection", record(), { region: "lumbar" }), "joint_injection_interval")).toBe("unknown");
  });
});

describe("sympathetic_block", () => {
  it("is a candidate when CRPS is suspected", () => {
    const crps = problem({ diagnosis: "Suspected CRPS type 1, left foot", painPattern: "neuropathic", painGenerator: "peripheral_nerve", level: null, findings: ["crps_suspected"] });
    expect(evaluate("sympathetic_block", record({ problems: [crps] }), { region: "lumbar" }).overall).toBe("candidate");
  });
  it("is not yet without sympathetically maintained pain documented", () => {
    expect(statusOf(evaluate("sympathetic_block", record({ problems: [problem()] })), "sympathetic_pain")).toBe("not_met");
  });
});

describe("epidural_adhesiolysis", () => {
  const fbss = problem({ diagnosis: "Failed back surgery syndrome", findings: ["failed_back_surgery_syndrome", "post_surgical_epidural_fibrosis"] });
  it("is a candidate with epidural fibrosis and prior epidurals without lasting relief", () => {
    const failed = procedure({ procedureType: "esi_interlaminar", postProcedurePain: 7, reliefPercent: 12.5, reliefDurationDays: 7 });
    expect(evaluate("epidural_adhesiolysis", record({ problems: [fbss], procedures: [failed] }), LUMBAR_LEFT).overall).toBe("candidate");
  });
  it("is not yet when a prior epidural gave lasting relief, or with none", () => {
    const lasting = procedure({ procedureType: "esi_interlaminar", reliefPercent: 75, reliefDurationDays: 120 });
    expect(statusOf(evaluate("epidural_adhesiolysis", record({ problems: [fbss], procedures: [lasting] }), LUMBAR_LEFT), "prior_epidural_without_lasting_relief")).toBe("not_met");
    expect(statusOf(evaluate("epidural_adhesiolysis", record({ problems: [fbss] }), LUMBAR_LEFT), "prior_epidural_without_lasting_relief")).toBe("not_met");
  });
});

describe("percutaneous_disc_decompression", () => {
  const disc = problem({ diagnosis: "Contained L4-L5 disc herniation", painGenerator: "disc", findings: ["contained_disc_herniation"] });
  it("is a candidate with a contained herniation and ≥6 weeks of conservative care", () => {
    expect(evaluate("percutaneous_disc_decompression", record({ problems: [disc], ...ptTrial(8) }), LUMBAR_LEFT).overall).toBe("candidate");
  });
  it("is not yet after 5 weeks, or without a contained herniation on imaging", () => {
    expect(statusOf(evaluate("percutaneous_disc_decompression", record({ problems: [disc], ...ptTrial(5) }), LUMBAR_LEFT), "conservative_trial")).toBe("not_met");
    expect(statusOf(evaluate("percutaneous_disc_decompression", record({ problems: [problem()], ...ptTrial(8) }), LUMBAR_LEFT), "contained_disc_herniation")).toBe("not_met");
  });
});

const neuropathic = () => problem({ diagnosis: "Failed back surgery syndrome with neuropathic leg pain", painPattern: "neuropathic", findings: ["failed_back_surgery_syndrome"] });
const thoracic: CandidacyTarget = { region: "thoracic" };

describe.each([
  ["scs_trial", "scs_trial"],
  ["drg_stimulation_trial", "drg_stimulation_trial"],
] as const)("%s", (type, clearanceFor) => {
  const scsRecord = (extra: Partial<PatientRecord> = {}) =>
    record({ problems: [neuropathic()], ...longTrial(7), clearances: [clearance({ procedureType: clearanceFor })], ...extra });

  it("is a candidate with neuropathic/FBSS pain, ≥6 months of conservative care and clearance within 12 months", () => {
    const result = evaluate(type, scsRecord(), thoracic);
    expect(result.criteria.filter((c) => c.status !== "met")).toEqual([]);
    expect(result.overall).toBe("candidate");
  });
  it("without psychological clearance: unknown, supplied by the psychologist", () => {
    const result = evaluate(type, scsRecord({ clearances: [] }), thoracic);
    const criterion = result.criteria.find((c) => c.id === "psych_clearance");
    expect(criterion?.status).toBe("unknown");
    expect(criterion?.missing).toBe("psychological clearance");
    expect(criterion?.suppliedBy).toBe("psychologist");
    expect(result.overall).toBe("not_yet");
  });
  it("a clearance older than 12 months, or not cleared, is not met", () => {
    expect(statusOf(evaluate(type, scsRecord({ clearances: [clearance({ procedureType: clearanceFor, decidedAt: monthsAgo(13) })] }), thoracic), "psych_clearance")).toBe("not_met");
    expect(statusOf(evaluate(type, scsRecord({ clearances: [clearance({ procedureType: clearanceFor, status: "not_cleared" })] }), thoracic), "psych_clearance")).toBe("not_met");
  });
  it("an active substance-use concern is not met; a 5-month trial is not met", () => {
    const concern = problem({ diagnosis: "Opioid use disorder", painPattern: "other", painGenerator: "unknown", level: null, findings: ["substance_use_concern"] });
    expect(statusOf(evaluate(type, scsRecord({ problems: [neuropathic(), concern] }), thoracic), "no_substance_use_concern")).toBe("not_met");
    expect(statusOf(evaluate(type, scsRecord(longTrial(5)), thoracic), "conservative_trial")).toBe("not_met");
  });
});

describe.each([
  ["scs_implant", "scs_trial"],
  ["drg_stimulation_implant", "drg_stimulation_trial"],
] as const)("%s", (type, trialType) => {
  const withTrial = (relief: number) =>
    record({
      problems: [neuropathic()],
      procedures: [procedure({ procedureType: trialType, region: "thoracic", level: null, side: null, reliefPercent: relief })],
      clearances: [clearance({ procedureType: trialType })],
    });
  it("is a candidate after a trial with ≥50% relief", () => {
    expect(evaluate(type, withTrial(60), thoracic).overall).toBe("candidate");
    expect(evaluate(type, withTrial(50), thoracic).overall).toBe("candidate");
  });
  it("is not yet after a trial with 40% relief, or without a trial", () => {
    expect(statusOf(evaluate(type, withTrial(40), thoracic), "successful_trial")).toBe("not_met");
    expect(statusOf(evaluate(type, record({ problems: [neuropathic()] }), thoracic), "successful_trial")).toBe("not_met");
  });
});

describe("intrathecal_pump_implant needs clearance as well", () => {
  it("is not yet after a good trial without clearance", () => {
    const rec = record({
      problems: [neuropathic()],
      procedures: [procedure({ procedureType: "intrathecal_pump_trial", region: "thoracic", level: null, side: null, reliefPercent: 70 })],
    });
    const result = evaluate("intrathecal_pump_implant", rec, thoracic);
    expect(statusOf(result, "successful_trial")).toBe("met");
    expect(statusOf(result, "psych_clearance")).toBe("unknown");
    expect(result.overall).toBe("not_yet");
  });
});
