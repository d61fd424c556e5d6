import { describe, expect, it } from "vitest";
import { computeFlags, daysOverdue, isActionItemOverdue, type Flag } from "./flags";
import type { FlagInput } from "./patient-record";
import { stewardshipFlagCodes } from "./stewardship";
import { NOW, PATIENT, PT_ID, assessment, daysAgo, medication, planItem, procedure, record, session, uid, weeksAgo } from "./test-fixtures";

const codes = (flags: Flag[]) => flags.map((f) => f.code);
const flagsFor = (parts: Partial<FlagInput>) => computeFlags({ ...record(), ...parts }, NOW);
/** The §4 flags alone: the §6.5 stewardship flags an opioid also raises are tested in stewardship.test.ts. */
const section4 = (flags: Flag[]) => flags.filter((f) => !(stewardshipFlagCodes as readonly string[]).includes(f.code));

describe("computeFlags (clinical-reference §4)", () => {
  it("raises nothing on an empty record", () => {
    expect(flagsFor({})).toEqual([]);
  });

  it("opioid review at ≥50 MME/day, high at ≥90 (the high flag replaces the review)", () => {
    const review = section4(flagsFor({ medications: [medication({ doseMg: 20, timesPerDay: 2 })] })); // 60
    expect(codes(review)).toEqual(["opioid_review"]);
    expect(review[0]).toMatchObject({ severity: "normal", audience: ["physician"], agenda: true });
    const high = section4(flagsFor({ medications: [medication({ opioid: "hydrocodone", doseMg: 10, timesPerDay: 4 }), medication({ doseMg: 15, timesPerDay: 3 })] }));
    expect(codes(high)).toEqual(["high_opioid_dose"]);
    expect(high[0]?.message).toContain("107.5");
    expect(section4(flagsFor({ medications: [medication({ doseMg: 10, timesPerDay: 2 })] }))).toEqual([]);
  });

  it("PHQ-9 item 9 > 0 on the LATEST PHQ-9 is urgent, to psychologist and physician, top of the list", () => {
    const flags = flagsFor({
      medications: [medication({ doseMg: 30, timesPerDay: 3 })],
      assessments: [assessment("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1], weeksAgo(1))],
    });
    expect(flags[0]).toMatchObject({ code: "safety_self_harm", severity: "urgent", audience: ["physician", "physical_therapist", "psychologist", "coordinator"] });
    expect(codes(section4(flags))).toEqual(["safety_self_harm", "high_opioid_dose"]);
  });

  it("an earlier item-9 answer superseded by a later PHQ-9 without it raises no safety flag", () => {
    const flags = flagsFor({
      assessments: [assessment("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 2], weeksAgo(6)), assessment("phq9", [1, 1, 0, 0, 0, 0, 0, 0, 0], weeksAgo(1))],
    });
    expect(codes(flags)).not.toContain("safety_self_harm");
  });

  it("depression / anxiety at PHQ-9 ≥15 or GAD-7 ≥15, to the psychologist", () => {
    expect(codes(flagsFor({ assessments: [assessment("phq9", [2, 2, 2, 2, 2, 2, 2, 1, 0])] }))).toEqual(["depression_anxiety"]);
    expect(codes(flagsFor({ assessments: [assessment("gad7", [3, 3, 3, 2, 2, 1, 1])] }))).toEqual(["depression_anxiety"]);
    expect(codes(flagsFor({ assessments: [assessment("gad7", [2, 2, 2, 2, 2, 2, 2])] }))).toEqual([]);
  });

  it("catastrophizing at PCS ≥30", () => {
    const pcs30 = [3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 1, 1];
    const flags = flagsFor({ assessments: [assessment("pcs", pcs30)] });
    expect(codes(flags)).toEqual(["catastrophizing"]);
    expect(flags[0]?.audience).toEqual(["psychologist"]);
    expect(flagsFor({ assessments: [assessment("pcs", Array.from({ length: 13 }, () => 2))] })).toEqual([]);
  });

  it("not improving: on the current step ≥12 weeks and pain down <30% from the step's baseline", () => {
    const items = [planItem({ startedAt: weeksAgo(14) })];
    const stuck = flagsFor({ planItems: items, assessments: [assessment("nrs", [7], weeksAgo(15)), assessment("nrs", [6], weeksAgo(1))] });
    expect(codes(stuck)).toEqual(["not_improving"]);
    expect(stuck[0]?.agenda).toBe(true);
    const better = flagsFor({ planItems: items, assessments: [assessment("nrs", [7], weeksAgo(15)), assessment("nrs", [4], weeksAgo(1))] });
    expect(codes(better)).toEqual([]);
    const tooEarly = flagsFor({ planItems: [planItem({ startedAt: weeksAgo(10) })], assessments: [assessment("nrs", [7], weeksAgo(11)), assessment("nrs", [7], weeksAgo(1))] });
    expect(codes(tooEarly)).toEqual([]);
  });

  it("candidacy pending for a proposed procedure", () => {
    const flags = flagsFor({ procedures: [procedure({ status: "proposed", performedAt: null, preProcedurePain: null, postProcedurePain: null, reliefPercent: null, reliefDurationDays: null })] });
    expect(codes(flags)).toEqual(["candidacy_pending"]);
    expect(flags[0]).toMatchObject({ audience: ["physician"], agenda: true });
  });

  it("outcome due per §6.7 time point (ESI: 2 weeks due from day 14, overdue after day 28), naming the point and the policy", () => {
    const noOutcome = (weeksBack: number) => procedure({ performedAt: weeksAgo(weeksBack), postProcedurePain: null, reliefPercent: null, reliefDurationDays: null });
    expect(codes(flagsFor({ procedures: [noOutcome(1)] }))).toEqual([]);
    expect(flagsFor({ procedures: [noOutcome(3)] })[0]).toMatchObject({ code: "outcome_due", severity: "normal" });
    expect(flagsFor({ procedures: [noOutcome(3)] })[0]!.message).toMatch(/^Outcome due \(2 weeks outcome\): .* \(policy outcome-series-2026-1\)$/);
    expect(flagsFor({ procedures: [noOutcome(8)] })[0]).toMatchObject({ code: "outcome_due", severity: "high" });
    expect(flagsFor({ procedures: [noOutcome(8)] })[0]!.message).toContain("Outcome overdue (2 weeks outcome)");
    // A single outcome recorded before the series existed is not chased again.
    expect(codes(flagsFor({ procedures: [procedure({ performedAt: weeksAgo(3) })] }))).toEqual([]);
  });

  it("missed sessions: 2 or more no-shows in the last 30 days, to PT and coordinator", () => {
    const noShow = (days: number) => session({ sessionDate: daysAgo(days), attendance: "no_show", minutes: 0, painBefore: null, painAfter: null, authorId: PT_ID });
    const flags = flagsFor({ therapySessions: [noShow(3), noShow(20)] });
    expect(flags[0]).toMatchObject({ code: "missed_sessions", audience: ["physical_therapist", "coordinator"] });
    expect(codes(flagsFor({ therapySessions: [noShow(3), noShow(40)] }))).toEqual([]);
  });

  it("overdue action: an open item past its due date, to its owner and the coordinator", () => {
    const owner = uid();
    const item = { id: uid(), patientId: PATIENT, meetingId: null, description: "Request lumbar MRI report", ownerId: owner, status: "open" as const };
    const flags = flagsFor({ actionItems: [{ ...item, dueDate: daysAgo(2) }, { ...item, id: uid(), dueDate: daysAgo(-2) }, { ...item, id: uid(), status: "done", dueDate: daysAgo(9) }] });
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ code: "overdue_action", audience: ["coordinator"], ownerIds: [owner] });
  });

  it("sorts urgent, then high, then normal", () => {
    const flags = flagsFor({
      therapySessions: [0, 1].map((i) => session({ sessionDate: daysAgo(2 + i), attendance: "no_show", minutes: 0, painBefore: null, painAfter: null })),
      procedures: [procedure({ performedAt: weeksAgo(8), postProcedurePain: null, reliefPercent: null, reliefDurationDays: null })],
      assessments: [assessment("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1], weeksAgo(1))],
    });
    expect(flags.map((f) => f.severity)).toEqual(["urgent", "high", "normal"]);
  });
});

describe("overdue action items", () => {
  const due = new Date("2026-06-01T00:00:00Z");
  it("is overdue while open once its due date has passed, never when done", () => {
    expect(isActionItemOverdue({ status: "open", dueDate: due }, new Date("2026-05-31T23:59:59Z"))).toBe(false);
    expect(isActionItemOverdue({ status: "open", dueDate: due }, new Date("2026-06-01T00:00:01Z"))).toBe(true);
    expect(isActionItemOverdue({ status: "done", dueDate: due }, new Date("2026-07-01T00:00:00Z"))).toBe(false);
  });
  it("counts whole days from the start of the due day", () => {
    expect(daysOverdue({ dueDate: due }, new Date("2026-06-01T18:00:00Z"))).toBe(0);
    expect(daysOverdue({ dueDate: due }, new Date("2026-06-04T01:00:00Z"))).toBe(3);
    expect(daysOverdue({ dueDate: due }, new Date("2026-05-20T00:00:00Z"))).toBe(0);
  });
});
