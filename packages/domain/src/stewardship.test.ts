import { describe, expect, it } from "vitest";
import { addDays } from "./common";
import { computeFlags } from "./flags";
import type { FlagInput } from "./patient-record";
import { catalogEntry } from "./medication-catalog";
import { dailyMme } from "./mme";
import {
  coPrescription,
  defaultStewardshipPolicy,
  monitoringDue,
  naloxoneCoverage,
  stewardshipFlags,
  stewardshipPolicies,
  stewardshipSummary,
  type StewardshipMedication,
  type StewardshipRecord,
} from "./stewardship";

const NOW = new Date("2026-06-15T12:00:00Z");
const daysAgo = (days: number) => addDays(NOW, -days);
let seq = 0;

/** A medication picked from the catalogue, started `startedDaysAgo` days ago. */
function med(catalogKey: string, doseMg: number, timesPerDay: number, extra: Partial<StewardshipMedication> & { startedDaysAgo?: number } = {}): StewardshipMedication {
  const entry = catalogEntry(catalogKey);
  if (!entry) throw new Error(`no catalogue entry ${catalogKey}`);
  const { startedDaysAgo = 200, ...rest } = extra;
  seq += 1;
  return { id: `m${seq}`, name: entry.name, drugClass: entry.drugClass, opioid: entry.opioid, doseMg, timesPerDay, asNeeded: false, status: "active", startedAt: daysAgo(startedDaysAgo), ...rest };
}
const check = (kind: "pdmp_check" | "urine_drug_test" | "naloxone_offered", performedDaysAgo: number) => ({ id: `c${++seq}`, kind, performedAt: daysAgo(performedDaysAgo), result: null });
const record = (r: Partial<StewardshipRecord>): StewardshipRecord => ({ medications: [], opioidMonitoring: [], safetyProfile: null, problems: [], ...r });
/** Monitoring up to date, so a test of another rule sees only that rule. */
const upToDate = () => [check("pdmp_check", 10), check("urine_drug_test", 10)];
const codes = (r: StewardshipRecord) => stewardshipFlags(r, NOW).map((f) => f.code);

describe("stewardship policy stewardship-cdc2022-v1", () => {
  it("is versioned data naming the CDC 2022 guideline", () => {
    expect(defaultStewardshipPolicy).toBe(stewardshipPolicies["stewardship-cdc2022-v1"]);
    expect(defaultStewardshipPolicy).toMatchObject({ naloxoneMmeThreshold: 50, naloxoneOfferValidMonths: 12, pdmpIntervalMonths: 3, udtIntervalMonths: 12, longTermAfterDays: 90 });
    expect(defaultStewardshipPolicy.sources[0]).toContain("MMWR 2022;71(RR-3)");
  });
  it("every stewardship flag names the policy id in its message and policyId", () => {
    const flags = stewardshipFlags(record({ medications: [med("oxycodone_ir", 10, 3), med("alprazolam", 0.5, 2), med("buprenorphine_patch", 10, 1)] }), NOW);
    expect(flags.map((f) => f.code).sort()).toEqual(["naloxone_needed", "opioid_coprescription", "opioid_monitoring_due", "unknown_mme"]);
    for (const flag of flags) expect(flag.policyId).toBe("stewardship-cdc2022-v1");
    for (const flag of flags.filter((f) => f.code !== "unknown_mme")) expect(flag.message).toContain("stewardship-cdc2022-v1");
  });
});

describe("MME with PRN doses and opioids without a factor (§6.5)", () => {
  it.each([
    ["oxycodone IR 10 mg up to 4/day PRN → 10 × 4 × 1.5 = 60 MME", [med("oxycodone_ir", 10, 4, { asNeeded: true })], 60, "review"],
    ["hydrocodone 5 mg ×4 scheduled → 20 MME (§5)", [med("hydrocodone", 5, 4)], 20, "below"],
    ["fentanyl patch 25 mcg/hr → 60 MME (§5)", [med("fentanyl_patch", 25, 1)], 60, "review"],
    ["methadone 10 mg ×3 → 141 MME (§5)", [med("methadone", 10, 3)], 141, "high"],
    ["hydrocodone 10 ×4 + oxycodone 15 ×3 → 40 + 67.5 = 107.5 (§5)", [med("hydrocodone", 10, 4), med("oxycodone_ir", 15, 3)], 107.5, "high"],
    ["buprenorphine patch 10 mcg/hr alone → 0 counted", [med("buprenorphine_patch", 10, 1)], 0, "below"],
    ["meperidine 50 mg ×4 alone → 0 counted (no factor)", [med("meperidine", 50, 4)], 0, "below"],
  ] as const)("%s", (_name, meds, total, level) => {
    const result = dailyMme(meds);
    expect(result).toMatchObject({ total, level, table: "cdc-2022" });
  });

  it("buprenorphine patch 10 mcg/hr → line 'not included in MME' + unknown_mme flag", () => {
    const bup = med("buprenorphine_patch", 10, 1);
    expect(dailyMme([bup]).lines).toEqual([{ medicationId: bup.id, name: bup.name, mme: null, included: false, reason: "not included in MME" }]);
    const flag = stewardshipFlags(record({ medications: [bup], opioidMonitoring: upToDate() }), NOW);
    expect(flag).toHaveLength(1);
    expect(flag[0]).toMatchObject({ code: "unknown_mme", severity: "normal", audience: ["physician"], agenda: false, evidence: [{ kind: "medication", id: bup.id }] });
    expect(flag[0]?.message).toContain("Buprenorphine transdermal patch");
  });

  it.each([["meperidine"], ["levorphanol"], ["pentazocine"], ["butorphanol"], ["buprenorphine_sl"]])("%s (catalogue, no factor) → unknown_mme", (key) => {
    expect(codes(record({ medications: [med(key, 1, 1)], opioidMonitoring: upToDate() }))).toEqual(["unknown_mme"]);
  });

  it("an 'other' opioid without a key (class opioid, opioid null) counts as an opioid → unknown_mme", () => {
    const other: StewardshipMedication = { ...med("acetaminophen", 1, 1), name: "Dihydroetorphine", drugClass: "opioid", opioid: null };
    expect(dailyMme([other]).lines[0]).toMatchObject({ included: false });
    expect(codes(record({ medications: [other], opioidMonitoring: upToDate() }))).toEqual(["unknown_mme"]);
  });

  it("a stopped buprenorphine patch → no line, no flag", () => {
    expect(codes(record({ medications: [med("buprenorphine_patch", 10, 1, { status: "stopped" })] }))).toEqual([]);
  });
});

describe("co-prescription (§6.5)", () => {
  it("oxycodone 10 ×3 + alprazolam 0.5 ×2 → co-prescription high (agenda) + naloxone (benzodiazepine)", () => {
    const oxy = med("oxycodone_ir", 10, 3);
    const alp = med("alprazolam", 0.5, 2);
    const flags = stewardshipFlags(record({ medications: [oxy, alp], opioidMonitoring: upToDate() }), NOW);
    expect(flags.map((f) => [f.code, f.severity, f.agenda])).toEqual([
      ["naloxone_needed", "high", true],
      ["opioid_coprescription", "high", true],
    ]);
    expect(flags[1]?.evidence.map((e) => e.id)).toEqual([oxy.id, alp.id]);
    expect(flags[0]?.message).toContain("opioid with a benzodiazepine (Alprazolam)");
  });

  it("oxycodone 10 ×3 (45 MME) + gabapentin 300 ×3 → co-prescription normal, not on the agenda, no naloxone", () => {
    const flags = stewardshipFlags(record({ medications: [med("oxycodone_ir", 10, 3), med("gabapentin", 300, 3)], opioidMonitoring: upToDate() }), NOW);
    expect(flags.map((f) => [f.code, f.severity, f.agenda])).toEqual([["opioid_coprescription", "normal", false]]);
    expect(flags[0]?.message).toContain("gabapentinoid");
  });

  it("alprazolam + gabapentin without an opioid → nothing; a stopped opioid + alprazolam → nothing", () => {
    expect(coPrescription([med("alprazolam", 0.5, 2), med("gabapentin", 300, 3)], NOW)).toBeNull();
    expect(coPrescription([med("oxycodone_ir", 10, 3, { status: "stopped" }), med("alprazolam", 0.5, 2)], NOW)).toBeNull();
  });

  it("a row saved before classes, named 'Xanax 0.5' with class other, still reads as a benzodiazepine", () => {
    const legacy: StewardshipMedication = { ...med("acetaminophen", 0.5, 2), name: "Xanax 0.5", drugClass: "other" };
    expect(coPrescription([med("oxycodone_ir", 10, 3), legacy], NOW)?.severity).toBe("high");
  });
});

describe("naloxone (§6.5)", () => {
  it.each([
    ["morphine ER 30 mg ×2 = 60 MME (≥50) → needed", [med("morphine_er", 30, 2)], null, [], true],
    ["morphine ER 20 mg ×2 = 40 MME (<50), nothing else → not needed", [med("morphine_er", 20, 2)], null, [], false],
    ["hydrocodone 5 ×4 = 20 MME + overdose/SUD history on the profile → needed", [med("hydrocodone", 5, 4)], true, [], true],
    ["hydrocodone 5 ×4 = 20 MME, history recorded 'no' → not needed", [med("hydrocodone", 5, 4)], false, [], false],
    ["tramadol 50 ×4 = 40 MME + active problem with substance_use_concern → needed", [med("tramadol", 50, 4)], null, ["active"], true],
    ["tramadol 50 ×4 = 40 MME + resolved problem with substance_use_concern → not needed", [med("tramadol", 50, 4)], null, ["resolved"], false],
    ["no opioid, overdose/SUD history → not needed (stewardship of prescribed opioids)", [med("gabapentin", 300, 3)], true, [], false],
  ] as const)("%s", (_name, meds, history, problemStatuses, needed) => {
    const r = record({
      medications: meds,
      safetyProfile: history === null ? null : { id: "sp", overdoseOrSudHistory: history },
      problems: problemStatuses.map((status, i) => ({ id: `p${i}`, diagnosis: "Opioid use disorder, in remission", findings: ["substance_use_concern"], status })),
    });
    expect(naloxoneCoverage(r, NOW).needed).toBe(needed);
  });

  it("60 MME + an active naloxone nasal spray on the list → covered, no flag", () => {
    const nal = med("naloxone_nasal", 4, 1);
    const status = naloxoneCoverage(record({ medications: [med("morphine_er", 30, 2), nal] }), NOW);
    expect(status).toMatchObject({ needed: false, covered: { by: "medication", medication: { id: nal.id } } });
  });

  it("60 MME + naloxone offered 11 months ago → covered until 12 months after the offer; 13 months ago → needed again", () => {
    const morphine = med("morphine_er", 30, 2);
    const recent = naloxoneCoverage(record({ medications: [morphine], opioidMonitoring: [check("naloxone_offered", 335)] }), NOW);
    expect(recent.needed).toBe(false);
    expect(recent.covered?.by).toBe("offer");
    // 2026-06-15 − 335 days = 2025-07-15; + 12 months = 2026-07-15.
    expect(recent.covered?.summary).toBe("offered 2025-07-15 (stands until 2026-07-15)");
    const stale = naloxoneCoverage(record({ medications: [morphine], opioidMonitoring: [check("naloxone_offered", 396)] }), NOW);
    expect(stale).toMatchObject({ needed: true, covered: null });
  });

  it("a stopped naloxone does not cover", () => {
    expect(naloxoneCoverage(record({ medications: [med("morphine_er", 30, 2), med("naloxone_nasal", 4, 1, { status: "stopped" })] }), NOW).needed).toBe(true);
  });
});

describe("monitoring dates (§6.5): PDMP every 3 months, urine drug test yearly", () => {
  const oxy = () => med("oxycodone_ir", 5, 2, { startedDaysAgo: 200 });
  it.each([
    // now 2026-06-15: 100 days ago = 2026-03-07, + 3 months = 2026-06-07 < today.
    ["PDMP 100 days ago on long-term opioid → overdue (due 2026-06-07)", "pdmp_check", 100, "overdue", "2026-06-07"],
    // 80 days ago = 2026-03-27, + 3 months = 2026-06-27: within 14 days.
    ["PDMP 80 days ago → due (2026-06-27, within 14 days)", "pdmp_check", 80, "due", "2026-06-27"],
    // 30 days ago = 2026-05-16, + 3 months = 2026-08-16.
    ["PDMP 30 days ago → ok (due 2026-08-16)", "pdmp_check", 30, "ok", "2026-08-16"],
    // 425 days ago = 2025-04-16, + 12 months = 2026-04-16.
    ["UDT 14 months (425 days) ago → overdue (due 2026-04-16)", "urine_drug_test", 425, "overdue", "2026-04-16"],
    // 335 days ago = 2025-07-15, + 12 months = 2026-07-15.
    ["UDT 11 months (335 days) ago → ok (due 2026-07-15)", "urine_drug_test", 335, "ok", "2026-07-15"],
  ] as const)("%s", (_name, kind, ago, state, due) => {
    const result = monitoringDue(record({ medications: [oxy()], opioidMonitoring: [check(kind, ago)] }), NOW).find((m) => m.kind === kind);
    expect(result?.state).toBe(state);
    expect(result?.dueDate.toISOString().slice(0, 10)).toBe(due);
  });

  it("never recorded → due at the start of opioid therapy: started 200 days ago → overdue, 'never recorded'", () => {
    const [pdmp, udt] = monitoringDue(record({ medications: [oxy()] }), NOW);
    expect(pdmp).toMatchObject({ state: "overdue", last: null });
    expect(pdmp?.summary).toContain("never recorded");
    expect(udt?.state).toBe("overdue");
  });

  it("opioid started today, no PDMP yet → due today (the check belongs before the first prescription)", () => {
    const [pdmp] = monitoringDue(record({ medications: [med("oxycodone_ir", 5, 2, { startedDaysAgo: 0 })] }), NOW);
    expect(pdmp?.state).toBe("due");
  });

  it("PDMP 5 days before an opioid started 30 days ago → ok until 3 months after the check", () => {
    const [pdmp] = monitoringDue(record({ medications: [med("oxycodone_ir", 5, 2, { startedDaysAgo: 30 })], opioidMonitoring: [check("pdmp_check", 35)] }), NOW);
    expect(pdmp?.state).toBe("ok");
  });

  it("no active opioid → no monitoring dates and no flag", () => {
    expect(monitoringDue(record({ medications: [med("gabapentin", 300, 3), med("oxycodone_ir", 5, 2, { status: "stopped" })] }), NOW)).toEqual([]);
  });

  it("the flag: overdue → high with the last dates; due only → normal; physician only, not on the agenda", () => {
    const overdue = stewardshipFlags(record({ medications: [oxy()], opioidMonitoring: [check("pdmp_check", 100), check("urine_drug_test", 30)] }), NOW);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ code: "opioid_monitoring_due", severity: "high", audience: ["physician"], agenda: false });
    expect(overdue[0]?.message).toContain("Prescription-monitoring (PDMP) check overdue — last 2026-03-07, due 2026-06-07");
    expect(overdue[0]?.message).not.toContain("Urine drug test");
    const due = stewardshipFlags(record({ medications: [oxy()], opioidMonitoring: [check("pdmp_check", 80), check("urine_drug_test", 30)] }), NOW);
    expect(due[0]).toMatchObject({ code: "opioid_monitoring_due", severity: "normal" });
  });
});

describe("scenario S3 (Marcus Freeman): oxycodone IR 10 ×3 + alprazolam 0.5 ×2, PDMP 5 months ago, UDT 14 months ago", () => {
  const r = record({
    medications: [med("oxycodone_ir", 10, 3, { startedDaysAgo: 400 }), med("alprazolam", 0.5, 2, { startedDaysAgo: 300 })],
    opioidMonitoring: [check("pdmp_check", 152), check("urine_drug_test", 425)],
  });
  it("45 MME (below review) → naloxone (benzodiazepine), co-prescription high, monitoring overdue (both), no unknown_mme", () => {
    expect(codes(r).sort()).toEqual(["naloxone_needed", "opioid_coprescription", "opioid_monitoring_due"]);
    const summary = stewardshipSummary(r, NOW);
    expect(summary.mme.total).toBe(45);
    expect(summary.therapy?.longTerm).toBe(true);
    expect(summary.monitoring.map((m) => m.state)).toEqual(["overdue", "overdue"]);
    expect(summary.naloxone.reasons).toEqual(["opioid with a benzodiazepine (Alprazolam)"]);
    expect(summary.coPrescription?.severity).toBe("high");
  });

  it("computeFlags carries them beside the §4 flags, sorted high before normal", () => {
    const input: FlagInput = {
      problems: [],
      planItems: [],
      therapySessions: [],
      assessments: [],
      procedures: [],
      clearances: [],
      medications: r.medications.map((m) => ({ ...m, patientId: "p", catalogKey: null, route: "oral" as const, stoppedAt: null, stopReason: null })),
      procedureOutcomes: [],
      safetyProfile: null,
      opioidMonitoring: r.opioidMonitoring.map((m) => ({ ...m, patientId: "p" })),
      safetyResponses: [],
    };
    const flags = computeFlags(input, NOW).filter((f) => ["naloxone_needed", "opioid_coprescription", "opioid_monitoring_due", "opioid_review"].includes(f.code));
    expect(flags.map((f) => f.code)).toEqual(["naloxone_needed", "opioid_coprescription", "opioid_monitoring_due"]);
  });
});
