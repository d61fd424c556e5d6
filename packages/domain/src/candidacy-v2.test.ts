import { describe, expect, it } from "vitest";
import { evaluateCandidacy, type CandidacyResult, type CandidacyTarget } from "./candidacy";
import { addDays, addMonths } from "./common";
import { procedureOutcomeSchema, safetyProfileSchema, type OutcomeTimePoint, type ProcedureOutcome, type SafetyProfile } from "./clinical-v2";
import type { ProcedureOrder } from "./entities";
import type { PatientRecord } from "./patient-record";
import { defaultClinicPolicy } from "./policy";
import { criteriaForOrder, procedureCatalog, resolveSteroid, type CriterionId, type ProcedureType } from "./procedure-catalog";
import { procedureInfo } from "./procedure-info";
import { procedureTypes } from "./procedure-catalog";
import {
  NOW,
  PATIENT,
  assessment,
  clearance,
  daysAgo,
  medication,
  monthsAgo,
  planItem,
  problem,
  procedure,
  record,
  session,
  uid,
  weeksAgo,
} from "./test-fixtures";

// clinical-reference.md §6 (v2) as worked examples: every input and expected output is in the test
// name or its table row. NOW is 2026-06-01T12:00Z; policy clinic-default-2026-2.

const evaluate = (type: ProcedureType, rec: PatientRecord, target?: CandidacyTarget, now: Date = NOW): CandidacyResult =>
  evaluateCandidacy(type, rec, defaultClinicPolicy, now, target);
const criterion = (result: CandidacyResult, id: CriterionId) => result.criteria.find((c) => c.id === id);
const statusOf = (result: CandidacyResult, id: CriterionId) => criterion(result, id)?.status;

function outcome(order: ProcedureOrder, timePoint: OutcomeTimePoint, assessedAt: Date, fields: Partial<ProcedureOutcome> = {}): ProcedureOutcome {
  return procedureOutcomeSchema.parse({
    id: uid(),
    patientId: PATIENT,
    procedureId: order.id,
    timePoint,
    assessedAt,
    painScore: null,
    reliefPercent: null,
    functionImprovementPercent: null,
    sideEffects: null,
    notes: null,
    ...fields,
  });
}

function profile(fields: Partial<SafetyProfile> = {}): SafetyProfile {
  return safetyProfileSchema.parse({
    id: uid(),
    patientId: PATIENT,
    noKnownAllergies: true,
    allergies: [],
    anticoagulantsTaking: [],
    diabetes: null,
    pregnancy: null,
    activeInfection: null,
    implantedDevices: null,
    renalImpairment: null,
    overdoseOrSudHistory: null,
    ...fields,
  });
}

const facetProblem = () =>
  problem({ diagnosis: "Lumbar facet arthropathy", painGenerator: "facet_joint", painPattern: "axial", laterality: "bilateral", onsetDate: monthsAgo(12) });
const longTrial = () => ({
  planItems: [planItem({ kind: "medication", discipline: "physician", ladderStep: 2, title: "Naproxen", startedAt: monthsAgo(7) }), planItem({ startedAt: monthsAgo(7) })],
  therapySessions: [session({ sessionDate: monthsAgo(6) }), session({ sessionDate: weeksAgo(2) })],
});
const mbb = (fields: Partial<ProcedureOrder>) =>
  procedure({ procedureType: "medial_branch_block", diagnostic: true, level: "L4-L5", side: "bilateral", reliefPercent: 85, reliefDurationDays: 0, ...fields });

// --- §6.1 levels and sides in the RFA gate ------------------------------------------------------

describe("§6.1 diagnostic blocks compare normalised levels and match sides", () => {
  const rfa = (blocks: ProcedureOrder[], target: CandidacyTarget, outcomes: ProcedureOutcome[] = []) =>
    statusOf(evaluate("radiofrequency_ablation", record({ procedures: blocks, procedureOutcomes: outcomes }), { region: "lumbar", ...target }), "diagnostic_blocks");

  it.each([
    // blocks (level side relief), target, expected
    ["L4-5 left 85% + l4-l5 left 90%", [mbb({ level: "L4-5", side: "left" }), mbb({ level: "l4-l5", side: "left", reliefPercent: 90 })], { level: "L4-L5", side: "left" }, "met"],
    ["L4-L5 bilateral 85% + 90%", [mbb({}), mbb({ reliefPercent: 90 })], { level: "L4-L5", side: "right" }, "met"],
    ["L4-L5 left 85% + 90%", [mbb({ side: "left" }), mbb({ side: "left", reliefPercent: 90 })], { level: "L4-L5", side: "right" }, "not_met"],
    ["L4-L5 left 85% + 90% and right 85% + 90%", [mbb({ side: "left" }), mbb({ side: "left" }), mbb({ side: "right" }), mbb({ side: "right" })], { level: "L4-L5", side: "bilateral" }, "met"],
    ["L4-L5 left 85% + 90% only", [mbb({ side: "left" }), mbb({ side: "left", reliefPercent: 90 })], { level: "L4-L5", side: "bilateral" }, "not_met"],
    ["L4-L5 bilateral 85% + left 90%", [mbb({}), mbb({ side: "left", reliefPercent: 90 })], { level: "L4-L5", side: "left" }, "met"],
    ["L4-L5 bilateral 85% + left 90%", [mbb({}), mbb({ side: "left", reliefPercent: 90 })], { level: "L4-L5", side: "bilateral" }, "not_met"],
    ["L4-L5 left 85% + L5-S1 left 90%", [mbb({ side: "left" }), mbb({ level: "L5-S1", side: "left" })], { level: "L4-L5", side: "left" }, "not_met"],
  ] as const)("%s → %s %s ablation: %s", (_, blocks, target, expected) => {
    expect(rfa([...blocks], target)).toBe(expected);
  });

  it("a pain diary is the block's relief: pre 7, lowest 1 at 2 h → 85.7% qualifies; pre 7, lowest 3 → 57.1% does not", () => {
    const first = mbb({ side: "right", preProcedurePain: 7, reliefPercent: null, postProcedurePain: null });
    const second = mbb({ side: "right", preProcedurePain: 7, reliefPercent: null, postProcedurePain: null });
    const diary = (order: ProcedureOrder, lowest: number) => [
      outcome(order, "diary_30m", addDays(order.performedAt ?? NOW, 0), { painScore: 4 }),
      outcome(order, "diary_2h", addDays(order.performedAt ?? NOW, 0), { painScore: lowest }),
      outcome(order, "diary_6h", addDays(order.performedAt ?? NOW, 0), { painScore: 6 }),
    ];
    const target = { level: "L4-L5", side: "right" } as const;
    const good = evaluate("radiofrequency_ablation", record({ procedures: [first, second], procedureOutcomes: [...diary(first, 1), ...diary(second, 1)] }), { region: "lumbar", ...target });
    expect(statusOf(good, "diagnostic_blocks")).toBe("met");
    const diaryEvidence = criterion(good, "diagnostic_blocks")?.evidence.filter((e) => e.kind === "procedure_outcome") ?? [];
    expect(diaryEvidence.map((e) => e.summary.replace(/ on \d{4}-\d\d-\d\d/, ""))).toEqual(["Outcome diary 2h: NRS 1, 85.7% relief", "Outcome diary 2h: NRS 1, 85.7% relief"]);
    expect(rfa([first, second], target, [...diary(first, 1), ...diary(second, 3)])).toBe("not_met");
    // Second block done, no diary points yet (demo S9): still open, not refused.
    expect(rfa([first, second], target, diary(first, 1))).toBe("unknown");
  });

  it("a diary the patient kept on their phone is cited with its source: patient diary", () => {
    const first = mbb({ side: "left", preProcedurePain: 8, reliefPercent: null, postProcedurePain: null });
    const second = mbb({ side: "left", preProcedurePain: 8, reliefPercent: null, postProcedurePain: null });
    const kept = (order: ProcedureOrder, source: "clinician" | "patient_diary") => [outcome(order, "diary_1h", order.performedAt ?? NOW, { painScore: 1, source })];
    const result = evaluate("radiofrequency_ablation", record({ procedures: [first, second], procedureOutcomes: [...kept(first, "patient_diary"), ...kept(second, "clinician")] }), { region: "lumbar", level: "L4-L5", side: "left" });
    expect(statusOf(result, "diagnostic_blocks")).toBe("met");
    const summaries = criterion(result, "diagnostic_blocks")?.evidence.filter((e) => e.kind === "procedure_outcome").map((e) => e.summary.replace(/ on \d{4}-\d\d-\d\d/, ""));
    expect(summaries).toEqual(["Outcome diary 1h: NRS 1, 87.5% relief — source: patient diary", "Outcome diary 1h: NRS 1, 87.5% relief"]);
  });
});

// --- §6.2 repeat limits --------------------------------------------------------------------------

describe("§6.2 facet family: ≤4 sessions per region per rolling 12 months (MBB, facet joint injection, RFA together)", () => {
  const fji = (performedAt: Date) => procedure({ procedureType: "facet_joint_injection", level: "L4-L5", side: "right", performedAt, reliefPercent: 60, reliefDurationDays: 100 });
  it.each([
    ["2 FJI + 1 MBB in 12 months (3)", [fji(monthsAgo(10)), fji(monthsAgo(6)), mbb({ side: "left", performedAt: monthsAgo(2) })], "met"],
    ["2 FJI + 2 MBB in 12 months (4, demo S4)", [fji(monthsAgo(10)), fji(monthsAgo(6)), mbb({ side: "right", performedAt: monthsAgo(3) }), mbb({ side: "right", performedAt: monthsAgo(2) })], "not_met"],
    ["4 sessions, one 13 months ago (3 in window)", [fji(monthsAgo(13)), fji(monthsAgo(6)), mbb({ performedAt: monthsAgo(3) }), mbb({ performedAt: monthsAgo(2) })], "met"],
    ["4 sessions, all cervical (0 lumbar)", [1, 2, 3, 4].map((m) => mbb({ region: "cervical", level: "C5-C6", performedAt: monthsAgo(m) })), "met"],
  ] as const)("a facet joint injection L4-L5 right after %s: %s", (_, prior, expected) => {
    const result = evaluate("facet_joint_injection", record({ procedures: [...prior] }), { level: "L4-L5", side: "right", region: "lumbar" });
    expect(statusOf(result, "facet_frequency")).toBe(expected);
    expect(criterion(result, "facet_frequency")?.threshold).toContain("≤ 4 per lumbar region");
  });
});

describe("§6.2 a further diagnostic medial branch block", () => {
  const target = { level: "L4-L5", side: "right", region: "lumbar" } as const;
  it.each([
    ["no prior block", [], "met"],
    ["one prior block with 85% relief", [mbb({ side: "right", reliefPercent: 85 })], "met"],
    ["one prior block with exactly 80% relief", [mbb({ side: "right", reliefPercent: 80 })], "met"],
    ["one prior block with 70% relief", [mbb({ side: "right", reliefPercent: 70 })], "not_met"],
    ["one prior block without recorded relief", [mbb({ side: "right", reliefPercent: null })], "unknown"],
    ["one prior block at L4-L5 left with 70% (other side)", [mbb({ side: "left", reliefPercent: 70 })], "met"],
    ["two prior blocks (the diagnostic pair is complete)", [mbb({ side: "right" }), mbb({ side: "bilateral" })], "not_met"],
  ] as const)("L4-L5 right after %s: %s", (_, prior, expected) => {
    expect(statusOf(evaluate("medial_branch_block", record({ procedures: [...prior] }), target), "mbb_repeat")).toBe(expected);
  });
});

describe("§6.2 Samuel Achterberg: two bilateral L4-L5 blocks (87.5%, 85.7%) — a third block and a facet injection are not met", () => {
  const samuel = () =>
    record({
      problems: [facetProblem()],
      ...longTrial(),
      procedures: [mbb({ reliefPercent: 87.5, performedAt: daysAgo(56) }), mbb({ reliefPercent: 85.7, performedAt: daysAgo(35) })],
    });
  const target = { level: "L4-5", side: "bilateral", region: "lumbar" } as const;
  it("third medial branch block L4-L5 bilateral → not yet (mbb_repeat not met)", () => {
    const result = evaluate("medial_branch_block", samuel(), target);
    expect(statusOf(result, "mbb_repeat")).toBe("not_met");
    expect(result.overall).toBe("not_yet");
  });
  it("facet joint injection L4-L5 bilateral → not yet (ablation is the indicated next step)", () => {
    const result = evaluate("facet_joint_injection", samuel(), target);
    expect(statusOf(result, "facet_injection_not_ablation_candidate")).toBe("not_met");
    expect(criterion(result, "facet_injection_not_ablation_candidate")?.evidence).toHaveLength(2);
    expect(result.overall).toBe("not_yet");
  });
  it("the RFA L4-L5 bilateral itself is a candidate (facet sessions 2 of 4)", () => {
    const result = evaluate("radiofrequency_ablation", samuel(), target);
    expect(statusOf(result, "diagnostic_blocks")).toBe("met");
    expect(statusOf(result, "facet_frequency")).toBe("met");
  });
});

describe("§6.2 therapeutic facet joint injection repeated only after ≥50% relief lasting ≥3 months (90 days)", () => {
  const target = { level: "L4-L5", side: "right", region: "lumbar" } as const;
  const prior = (fields: Partial<ProcedureOrder>) =>
    procedure({ procedureType: "facet_joint_injection", level: "L4-L5", side: "right", performedAt: monthsAgo(5), ...fields });
  it.each([
    ["60% for 100 days", { reliefPercent: 60, reliefDurationDays: 100 }, "met"],
    ["50% for 90 days", { reliefPercent: 50, reliefDurationDays: 90 }, "met"],
    ["60% for 60 days", { reliefPercent: 60, reliefDurationDays: 60 }, "not_met"],
    ["40% for 120 days", { reliefPercent: 40, reliefDurationDays: 120 }, "not_met"],
    ["no outcome recorded", { reliefPercent: null, reliefDurationDays: null }, "unknown"],
  ] as const)("last injection gave %s: %s", (_, fields, expected) => {
    expect(statusOf(evaluate("facet_joint_injection", record({ procedures: [prior(fields)] }), target), "facet_injection_repeat_response")).toBe(expected);
  });
  it("a 3-month outcome with 55% relief (pre 8, NRS 3.6 → recorded 55%) is lasting relief", () => {
    const last = prior({ reliefPercent: null, reliefDurationDays: null, preProcedurePain: 8 });
    const rec = record({ procedures: [last], procedureOutcomes: [outcome(last, "3m", addMonths(last.performedAt ?? NOW, 3), { painScore: 4, reliefPercent: 55 })] });
    expect(statusOf(evaluate("facet_joint_injection", rec, target), "facet_injection_repeat_response")).toBe("met");
  });
});

describe("§6.2 sacroiliac joint injection: ≤4 per joint per 12 months; repeat after ≥50% for ≥3 months", () => {
  const si = (side: "left" | "right", months: number, fields: Partial<ProcedureOrder> = {}) =>
    procedure({ procedureType: "sacroiliac_joint_injection", region: "sacral", level: null, side, performedAt: monthsAgo(months), reliefPercent: 60, reliefDurationDays: 100, ...fields });
  const right = { side: "right", region: "sacral" } as const;
  it("4 right injections in 12 months → right joint not met; the same 4 do not count against the left joint", () => {
    const rec = record({ procedures: [si("right", 11), si("right", 8), si("right", 5), si("right", 2)] });
    expect(statusOf(evaluate("sacroiliac_joint_injection", rec, right), "si_frequency")).toBe("not_met");
    expect(statusOf(evaluate("sacroiliac_joint_injection", rec, { side: "left", region: "sacral" }), "si_frequency")).toBe("met");
  });
  it("3 right injections in 12 months → met; last gave 30% → repeat not met", () => {
    expect(statusOf(evaluate("sacroiliac_joint_injection", record({ procedures: [si("right", 8), si("right", 5), si("right", 2)] }), right), "si_frequency")).toBe("met");
    expect(statusOf(evaluate("sacroiliac_joint_injection", record({ procedures: [si("right", 2, { reliefPercent: 30 })] }), right), "si_repeat_response")).toBe("not_met");
    expect(statusOf(evaluate("sacroiliac_joint_injection", record({ procedures: [si("right", 4)] }), right), "si_repeat_response")).toBe("met");
  });
});

describe("§6.2 ESI repeat: ≥50% relief OR ≥50% functional improvement (ODI or PEG) sustained ≥3 months", () => {
  const target = { level: "L4-L5", side: "left", region: "lumbar" } as const;
  const lastEsi = (fields: Partial<ProcedureOrder> = {}) => procedure({ performedAt: monthsAgo(5), reliefPercent: 30, reliefDurationDays: 120, ...fields });
  const ODI_40 = [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]; // sum 20 of 50 → 40.0
  const ODI_18 = [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]; // sum 9 of 50 → 18.0
  const ODI_30 = [2, 2, 2, 2, 2, 2, 1, 1, 1, 0]; // sum 15 of 50 → 30.0
  it("relief 30%, ODI 40.0 before → 18.0 at 4 months (55% better) → met", () => {
    const rec = record({ procedures: [lastEsi()], assessments: [assessment("odi", ODI_40, monthsAgo(6)), assessment("odi", ODI_18, monthsAgo(1))] });
    const result = evaluate("esi_transforaminal", rec, target);
    expect(statusOf(result, "esi_repeat_response")).toBe("met");
    expect(criterion(result, "esi_repeat_response")?.evidence.filter((e) => e.kind === "assessment")).toHaveLength(2);
  });
  it("relief 30%, ODI 40.0 before → 30.0 at 4 months (25% better) → not met", () => {
    const rec = record({ procedures: [lastEsi()], assessments: [assessment("odi", ODI_40, monthsAgo(6)), assessment("odi", ODI_30, monthsAgo(1))] });
    expect(statusOf(evaluate("esi_transforaminal", rec, target), "esi_repeat_response")).toBe("not_met");
  });
  it("relief 30%, ODI 40.0 → 18.0 only 1 month after (not sustained 3 months) → not met", () => {
    const rec = record({ procedures: [lastEsi()], assessments: [assessment("odi", ODI_40, monthsAgo(6)), assessment("odi", ODI_18, monthsAgo(4))] });
    expect(statusOf(evaluate("esi_transforaminal", rec, target), "esi_repeat_response")).toBe("not_met");
  });
  it("a 3-month outcome row with 50% function improvement → met", () => {
    const last = lastEsi();
    const rec = record({ procedures: [last], procedureOutcomes: [outcome(last, "3m", addMonths(last.performedAt ?? NOW, 3), { painScore: 5, functionImprovementPercent: 50 })] });
    expect(statusOf(evaluate("esi_transforaminal", rec, target), "esi_repeat_response")).toBe("met");
  });
  it("relief 60% for 100 days → met (the relief arm)", () => {
    expect(statusOf(evaluate("esi_transforaminal", record({ procedures: [lastEsi({ reliefPercent: 60, reliefDurationDays: 100 })] }), target), "esi_repeat_response")).toBe("met");
  });
});

// --- §6.3 cumulative steroid exposure ------------------------------------------------------------

describe("§6.3 steroid exposure: ≤4 steroid injections per patient per rolling 12 months, all sites", () => {
  const steroid = (type: ProcedureType, months: number, fields: Partial<ProcedureOrder> = {}) =>
    procedure({ procedureType: type, performedAt: monthsAgo(months), withSteroid: true, region: type === "sacroiliac_joint_injection" ? "sacral" : "lumbar", ...fields });
  const fatima = () => [
    steroid("sacroiliac_joint_injection", 11, { side: "right", level: null }),
    steroid("sacroiliac_joint_injection", 7, { side: "right", level: null }),
    steroid("esi_interlaminar", 9),
    steroid("esi_interlaminar", 4),
    steroid("trigger_point_injection", 2, { region: "other", level: null }),
  ];
  it("demo S5: 5 prior (SI ×2, interlaminar ESI ×2, trigger point ×1) → a new SI injection is not met, with the 5 as evidence", () => {
    const result = evaluate("sacroiliac_joint_injection", record({ procedures: fatima(), safetyProfile: profile({ diabetes: true }) }), { side: "right", region: "sacral" });
    expect(statusOf(result, "steroid_exposure")).toBe("not_met");
    expect(criterion(result, "steroid_exposure")?.evidence).toHaveLength(5);
    expect(criterion(result, "steroid_exposure")?.threshold).toContain("(5 so far; policy clinic-default-2026-2)");
    expect(criterion(result, "steroid_exposure")?.note).toContain("glucose");
  });
  it.each([
    [3, "met"],
    [4, "not_met"],
  ] as const)("%i prior steroid injections → %s", (count, expected) => {
    const prior = Array.from({ length: count }, (_, i) => steroid("esi_interlaminar", i + 1));
    expect(statusOf(evaluate("large_joint_injection", record({ procedures: prior }), { region: "knee", side: "right" }), "steroid_exposure")).toBe(expected);
  });
  it("a legacy ESI row without withSteroid counts (the catalogue says always steroid); a trigger point without steroid does not", () => {
    const prior = [
      steroid("esi_interlaminar", 1, { withSteroid: false }),
      steroid("esi_interlaminar", 2),
      steroid("esi_interlaminar", 3),
      steroid("trigger_point_injection", 4, { withSteroid: false, region: "other" }),
    ];
    const result = evaluate("facet_joint_injection", record({ procedures: prior }), { region: "lumbar", level: "L4-L5", side: "left" });
    expect(criterion(result, "steroid_exposure")?.evidence).toHaveLength(3);
  });
  it("optional steroid: a trigger point injection without steroid has no steroid criterion; with steroid it has", () => {
    expect(criteriaForOrder("trigger_point_injection", false)).not.toContain("steroid_exposure");
    expect(criteriaForOrder("trigger_point_injection", true)).toContain("steroid_exposure");
    expect(evaluate("trigger_point_injection", record(), { region: "other", withSteroid: true }).criteria.map((c) => c.id)).toContain("steroid_exposure");
    expect(evaluate("trigger_point_injection", record(), { region: "other" }).criteria.map((c) => c.id)).not.toContain("steroid_exposure");
  });
  it("resolveSteroid: yes → true (false refused), no → false (true refused), optional → the choice (default false)", () => {
    expect([resolveSteroid("esi_interlaminar", undefined), resolveSteroid("esi_interlaminar", false)]).toEqual([true, null]);
    expect([resolveSteroid("medial_branch_block", undefined), resolveSteroid("medial_branch_block", true)]).toEqual([false, null]);
    expect([resolveSteroid("genicular_nerve_block", true), resolveSteroid("genicular_nerve_block", undefined)]).toEqual([true, false]);
  });
});

/** mulberry32: a small seeded generator, since fast-check is not installed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("§6.3 steroid window — properties (seeded, 500 cases): the rolling 12 months are calendar months", () => {
  const random = rng(63);
  const counted = (now: Date, performedAt: Date): number =>
    criterion(evaluate("large_joint_injection", record({ procedures: [procedure({ performedAt, withSteroid: true })] }), { region: "knee", side: "left" }, now), "steroid_exposure")
      ?.evidence.length ?? -1;
  const nows = Array.from({ length: 500 }, () => new Date(Date.UTC(2020 + Math.floor(random() * 10), Math.floor(random() * 12), 1 + Math.floor(random() * 28), Math.floor(random() * 24))));

  it("an injection exactly 12 calendar months ago has left the window; one day later it is inside", () => {
    for (const now of nows) {
      expect(counted(now, addMonths(now, -12)), now.toISOString()).toBe(0);
      expect(counted(now, addDays(addMonths(now, -12), 1)), now.toISOString()).toBe(1);
    }
  });
  it("364 days ago always counts; 367 days ago never; 365 days ago counts only when the year back held 29 February", () => {
    for (const now of nows) {
      expect(counted(now, addDays(now, -364))).toBe(1);
      expect(counted(now, addDays(now, -367))).toBe(0);
      const leapSpan = addMonths(now, -12).getTime() === addDays(now, -366).getTime();
      expect(counted(now, addDays(now, -365)), now.toISOString()).toBe(leapSpan ? 1 : 0);
    }
  });
  it("worked boundary: now 2026-06-01 — 2025-06-01 (365 days) out, 2025-06-02 in; now 2024-06-01 — 2023-06-02 (365 days) in", () => {
    expect(counted(NOW, new Date("2025-06-01T12:00:00.000Z"))).toBe(0);
    expect(counted(NOW, new Date("2025-06-02T12:00:00.000Z"))).toBe(1);
    expect(counted(new Date("2024-06-01T12:00:00.000Z"), new Date("2023-06-02T12:00:00.000Z"))).toBe(1);
  });
  it("a future-dated row (performed after now) never counts", () => {
    for (const now of nows.slice(0, 50)) expect(counted(now, addDays(now, 1))).toBe(0);
  });
});

// --- §6.6 intrathecal drug delivery -------------------------------------------------------------

describe("§6.6 intrathecal pump trial", () => {
  const cancer = () => problem({ diagnosis: "Cancer-related pain, metastatic spine (T11-L1)", painPattern: "mixed", painGenerator: "unknown", level: "T11-L1", findings: ["malignant_pain"], onsetDate: monthsAgo(2) });
  const nonMalignant = () => problem({ diagnosis: "Failed back surgery syndrome", painPattern: "neuropathic", findings: ["failed_back_surgery_syndrome"] });
  const thoracic = { region: "thoracic" } as const;
  it("demo S7: malignant pain, no clearance, infection recorded 'no' → candidate (clearance not required)", () => {
    const result = evaluate("intrathecal_pump_trial", record({ problems: [cancer()], safetyProfile: profile({ activeInfection: false }) }), thoracic);
    expect(result.criteria.map((c) => [c.id, c.status])).toEqual([
      ["intrathecal_indication", "met"],
      ["psych_clearance", "met"],
      ["no_active_infection", "met"],
    ]);
    expect(criterion(result, "psych_clearance")?.threshold).toContain("not required for pain of malignant origin");
    expect(result.overall).toBe("candidate");
  });
  it.each([
    ["7 months of conservative care + oxycodone for 3 months", () => [medication({ startedAt: monthsAgo(3) })], "met"],
    ["7 months of conservative care + oxycodone for 4 weeks", () => [medication({ startedAt: weeksAgo(4) })], "not_met"],
    ["7 months of conservative care + oxycodone stopped after 2 weeks for nausea", () => [medication({ startedAt: weeksAgo(10), stoppedAt: weeksAgo(8), status: "stopped", stopReason: "intolerable nausea and sedation" })], "met"],
    ["7 months of conservative care, no opioid", () => [], "not_met"],
  ] as const)("non-malignant: %s → indication %s", (_, meds, expected) => {
    const rec = record({ problems: [nonMalignant()], ...longTrial(), medications: meds(), clearances: [clearance({ procedureType: "intrathecal_pump_trial" })] });
    expect(statusOf(evaluate("intrathecal_pump_trial", rec, thoracic), "intrathecal_indication")).toBe(expected);
  });
  it("non-malignant without clearance → psychological clearance unknown (psychologist)", () => {
    const result = evaluate("intrathecal_pump_trial", record({ problems: [nonMalignant()] }), thoracic);
    expect(statusOf(result, "psych_clearance")).toBe("unknown");
    expect(criterion(result, "psych_clearance")?.suppliedBy).toBe("psychologist");
  });
  it.each([
    [null, "unknown"],
    [true, "not_met"],
    [false, "met"],
  ] as const)("active infection %s → %s", (infection, expected) => {
    const result = evaluate("intrathecal_pump_trial", record({ problems: [cancer()], safetyProfile: profile({ activeInfection: infection }) }), thoracic);
    expect(statusOf(result, "no_active_infection")).toBe(expected);
    if (expected === "unknown") expect(criterion(result, "no_active_infection")?.missing).toContain("safety profile");
  });
  it("no safety profile at all → infection unknown, 'any clinician'", () => {
    expect(criterion(evaluate("intrathecal_pump_trial", record({ problems: [cancer()] }), thoracic), "no_active_infection")?.missing).toContain("any clinician");
  });
});

describe("§6.6 intrathecal pump implant: a trial with ≥50% relief and acceptable side effects", () => {
  const cancer = () => problem({ diagnosis: "Pancreatic cancer pain", painPattern: "mixed", level: null, findings: ["malignant_pain"] });
  const trial = (fields: Partial<ProcedureOrder> = {}) =>
    procedure({ procedureType: "intrathecal_pump_trial", region: "thoracic", level: null, side: null, reliefPercent: null, preProcedurePain: 8, performedAt: weeksAgo(2), ...fields });
  const base = (t: ProcedureOrder, outcomes: ProcedureOutcome[]) =>
    record({ problems: [cancer()], procedures: [t], procedureOutcomes: outcomes, safetyProfile: profile({ activeInfection: false }) });
  it("end of trial: pre 8 → NRS 3 (62.5%), no side effects → candidate", () => {
    const t = trial();
    const result = evaluate("intrathecal_pump_implant", base(t, [outcome(t, "end_of_trial", weeksAgo(1), { painScore: 3 })]), { region: "thoracic" });
    expect(statusOf(result, "successful_trial")).toBe("met");
    expect(statusOf(result, "trial_side_effects")).toBe("met");
    expect(result.overall).toBe("candidate");
  });
  it("end of trial: pre 8 → NRS 5 (37.5%) → not met", () => {
    const t = trial();
    expect(statusOf(evaluate("intrathecal_pump_implant", base(t, [outcome(t, "end_of_trial", weeksAgo(1), { painScore: 5 })]), { region: "thoracic" }), "successful_trial")).toBe("not_met");
  });
  it("side effects recorded ('pruritus, urinary retention') → unknown until the physician judges them", () => {
    const t = trial();
    const result = evaluate("intrathecal_pump_implant", base(t, [outcome(t, "end_of_trial", weeksAgo(1), { painScore: 3, sideEffects: "pruritus, urinary retention" })]), { region: "thoracic" });
    expect(statusOf(result, "trial_side_effects")).toBe("unknown");
    expect(criterion(result, "trial_side_effects")?.evidence.some((e) => e.summary.includes("pruritus"))).toBe(true);
  });
});

// --- new procedures --------------------------------------------------------------------------------

describe("genicular nerve block and genicular RFA (demo S8: right knee OA, block pre 7 → lowest 2 = 71.4%)", () => {
  const kneeOa = (fields = {}) =>
    problem({ diagnosis: "Knee osteoarthritis, right", bodySite: "right knee, medial side", laterality: "right", level: null, painGenerator: "joint", painPattern: "other", onsetDate: monthsAgo(60), ...fields });
  const knee = { region: "knee", side: "right" } as const;
  const block = (side: "left" | "right" | "bilateral") =>
    procedure({ procedureType: "genicular_nerve_block", region: "knee", level: null, side, diagnostic: true, preProcedurePain: 7, reliefPercent: null, performedAt: daysAgo(10) });
  const diary = (b: ProcedureOrder, lowest: number) => [outcome(b, "diary_1h", daysAgo(10), { painScore: 5 }), outcome(b, "diary_2h", daysAgo(10), { painScore: lowest })];

  it("block: knee OA for 5 years (a joint problem at the knee, no coded finding) + 7 months conservative care → candidate", () => {
    expect(evaluate("genicular_nerve_block", record({ problems: [kneeOa()], ...longTrial() }), knee).overall).toBe("candidate");
  });
  it("block: knee OA coded, onset 2 months ago → pain duration not met (≥ 3 months)", () => {
    const result = evaluate("genicular_nerve_block", record({ problems: [kneeOa({ onsetDate: monthsAgo(2), painGenerator: "unknown", findings: ["knee_osteoarthritis"] })], ...longTrial() }), knee);
    expect(statusOf(result, "knee_oa_pain_duration")).toBe("not_met");
  });
  it.each([
    ["right block, diary lowest 2 (71.4%)", "right", 2, "met"],
    ["bilateral block, diary lowest 2 (71.4%)", "bilateral", 2, "met"],
    ["left block, diary lowest 2 (71.4%)", "left", 2, "not_met"],
    ["right block, diary lowest 4 (42.9%)", "right", 4, "not_met"],
  ] as const)("RFA right knee after a %s (side %s, lowest NRS %i) → %s", (_, side, lowest, expected) => {
    const b = block(side);
    expect(statusOf(evaluate("genicular_rfa", record({ problems: [kneeOa()], procedures: [b], procedureOutcomes: diary(b, lowest) }), knee), "genicular_diagnostic_block")).toBe(expected);
  });
});

describe("occipital, intercostal, SI lateral-branch RFA and DRG stimulation criteria", () => {
  it("occipital nerve block: coded occipital neuralgia → candidate; lumbar radiculopathy only → not met", () => {
    const on = problem({ diagnosis: "Occipital neuralgia, left", painGenerator: "peripheral_nerve", painPattern: "neuropathic", level: null, findings: ["occipital_neuralgia"] });
    expect(evaluate("occipital_nerve_block", record({ problems: [on] }), { region: "occipital", side: "left" }).overall).toBe("candidate");
    expect(statusOf(evaluate("occipital_nerve_block", record({ problems: [problem()] }), { region: "occipital" }), "occipital_neuralgia")).toBe("not_met");
  });
  it("intercostal nerve block: post-thoracotomy peripheral nerve pain (no code) → met", () => {
    const ic = problem({ diagnosis: "Post-thoracotomy pain syndrome", bodySite: "right chest wall", painGenerator: "peripheral_nerve", painPattern: "neuropathic", level: null });
    expect(statusOf(evaluate("intercostal_nerve_block", record({ problems: [ic] }), { region: "chest_wall", side: "right" }), "intercostal_neuralgia")).toBe("met");
  });
  it.each([
    ["two diagnostic right SI blocks, 85% and 80%", [85, 80], true, "met"],
    ["two diagnostic right SI blocks, 85% and 60%", [85, 60], true, "not_met"],
    ["two therapeutic right SI injections, 85% and 80%", [85, 80], false, "not_met"],
  ] as const)("SI lateral-branch RFA right after %s → %s", (_, reliefs, diagnostic, expected) => {
    const blocks = reliefs.map((r) => procedure({ procedureType: "sacroiliac_joint_injection", region: "sacral", level: null, side: "right", diagnostic, reliefPercent: r }));
    expect(statusOf(evaluate("si_lateral_branch_rfa", record({ procedures: blocks }), { region: "sacral", side: "right" }), "si_diagnostic_blocks")).toBe(expected);
  });
  it("DRG stimulation trial: CRPS suspected → indication met; axial facet pain → not met", () => {
    const crps = problem({ diagnosis: "CRPS type I, left foot", painPattern: "other", painGenerator: "unknown", level: null, findings: ["crps_suspected"] });
    expect(statusOf(evaluate("drg_stimulation_trial", record({ problems: [crps] }), { region: "lumbar" }), "crps_or_neuropathic_pain")).toBe("met");
    expect(statusOf(evaluate("drg_stimulation_trial", record({ problems: [facetProblem()] }), { region: "lumbar" }), "crps_or_neuropathic_pain")).toBe("not_met");
  });
  it("every new procedure names a source and has criteria", () => {
    for (const type of ["genicular_nerve_block", "genicular_rfa", "occipital_nerve_block", "intercostal_nerve_block", "si_lateral_branch_rfa", "drg_stimulation_trial", "drg_stimulation_implant"] as const) {
      expect(procedureCatalog[type].criteria.length, type).toBeGreaterThan(0);
      expect(procedureCatalog[type].source.length, type).toBeGreaterThan(10);
    }
  });
});

describe("co-signed overrides and patient information (policy data)", () => {
  it("clearance criteria need a psychologist's co-signature; others none", () => {
    expect(defaultClinicPolicy.overrideCoSign).toEqual({ psych_clearance: "psychologist", no_substance_use_concern: "psychologist" });
    expect(defaultClinicPolicy.overrideCoSign.diagnostic_blocks).toBeUndefined();
  });
  it("every procedure has plain-language information with risks, and no percentages (no made-up statistics)", () => {
    for (const type of procedureTypes) {
      const info = procedureInfo[type];
      for (const text of [info.whatItIs, info.expectedBenefit, info.risks, info.afterwards]) {
        expect(text.length, type).toBeGreaterThan(20);
        expect(text, type).not.toMatch(/\d+\s*%|\bin \d+ (people|patients)/);
      }
    }
  });
});
