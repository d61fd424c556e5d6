import { describe, expect, it } from "vitest";
import type { OutcomeTimePoint, ProcedureOutcome } from "./clinical-v2";
import { addDays } from "./common";
import type { ProcedureOrder } from "./entities";
import {
  defaultOutcomeChasePolicy,
  defaultOutcomeSeriesPolicy,
  diaryPromptTime,
  diaryRelief,
  headlineOutcome,
  isOutcomeSeriesChased,
  outcomeChaseDaysOf,
  outcomeChaseHorizonDays,
  outcomeScheduleOf,
  outcomeSeries,
  outcomesDue,
  outcomeSourceLabel,
  outcomeTimeIssue,
  patientReportedOutcomePoints,
  recordDiaryInputSchema,
  recordProcedureOutcomeInputSchema,
  reliefEvidenceText,
  timePointsOf,
  type OutcomeSeriesPolicy,
} from "./outcomes";
import { computeFlags } from "./flags";
import { procedureTypes } from "./procedure-catalog";
import { NOW, PATIENT, procedure, record, uid } from "./test-fixtures";

const POLICY = defaultOutcomeSeriesPolicy.id;

function outcome(order: ProcedureOrder, timePoint: OutcomeTimePoint, painScore: number, assessedAt: Date): ProcedureOutcome {
  return {
    id: uid(),
    patientId: PATIENT,
    procedureId: order.id,
    timePoint,
    assessedAt,
    painScore,
    reliefPercent: null,
    functionImprovementPercent: null,
    sideEffects: null,
    notes: null,
  };
}

const blank = { postProcedurePain: null, reliefPercent: null, reliefDurationDays: null } as const;
const diaryPoints = ["diary_30m", "diary_1h", "diary_2h", "diary_4h", "diary_6h"] as const;
const diary = (pains: (number | null)[]) => pains.flatMap((painScore, i) => (painScore === null ? [] : [{ timePoint: diaryPoints[i]!, painScore }]));

describe("which schedule an order follows (§6.7)", () => {
  it.each([
    ["medial branch block, diagnostic", "medial_branch_block", true, "diagnostic_diary", ["diary_30m", "diary_1h", "diary_2h", "diary_4h", "diary_6h"]],
    ["genicular nerve block, diagnostic", "genicular_nerve_block", true, "diagnostic_diary", ["diary_30m", "diary_1h", "diary_2h", "diary_4h", "diary_6h"]],
    ["sympathetic block, therapeutic", "sympathetic_block", false, "injection", ["2w", "3m"]],
    ["transforaminal ESI", "esi_transforaminal", false, "injection", ["2w", "3m"]],
    ["large-joint injection", "large_joint_injection", false, "injection", ["2w", "3m"]],
    ["medial branch RFA", "radiofrequency_ablation", false, "ablation", ["6w", "3m", "6m"]],
    ["genicular RFA", "genicular_rfa", false, "ablation", ["6w", "3m", "6m"]],
    ["SI lateral-branch RFA", "si_lateral_branch_rfa", false, "ablation", ["6w", "3m", "6m"]],
    ["SCS trial", "scs_trial", false, "stimulation_trial", ["end_of_trial"]],
    ["DRG trial", "drg_stimulation_trial", false, "stimulation_trial", ["end_of_trial"]],
    ["intrathecal trial", "intrathecal_pump_trial", false, "intrathecal_trial", ["end_of_trial"]],
    ["SCS implant", "scs_implant", false, "implant", ["3m", "6m", "12m"]],
    ["intrathecal pump implant", "intrathecal_pump_implant", false, "implant", ["3m", "6m", "12m"]],
  ] as const)("%s → %s %j", (_name, procedureType, diagnostic, schedule, points) => {
    expect(outcomeScheduleOf({ procedureType, diagnostic })).toBe(schedule);
    expect(timePointsOf({ procedureType, diagnostic })).toEqual(points);
  });
});

describe("diaryRelief: (pre − lowest counted post) ÷ pre, one decimal", () => {
  it.each([
    ["pre 7, points 2,1,1,3,5 → lowest 1 at 1 h → 85.7%", 7, [2, 1, 1, 3, 5], 1, "diary_1h", 85.7],
    ["pre 7, points 3,2,2,4,6 → lowest 2 at 1 h → 71.4%", 7, [3, 2, 2, 4, 6], 2, "diary_1h", 71.4],
    ["pre 8, only 30 min 4 and 2 h 2 → lowest 2 → 75%", 8, [4, null, 2, null, null], 2, "diary_2h", 75],
    ["pre 6, points 6,6 → 0%", 6, [6, 6, null, null, null], 6, "diary_30m", 0],
    ["pre 5, point 6 (worse) → −20%", 5, [6, null, null, null, null], 6, "diary_30m", -20],
    ["pre 7, lowest at 6 h (1) → 85.7%", 7, [5, 4, 3, 2, 1], 1, "diary_6h", 85.7],
  ] as const)("%s", (_name, pre, pains, lowest, at, relief) => {
    expect(diaryRelief(pre, diary([...pains]))).toMatchObject({ lowestPain: lowest, lowestAt: at, reliefPercent: relief });
  });

  it("pre 0 → relief undefined (null); no points → null", () => {
    expect(diaryRelief(0, diary([0, 0]))?.reliefPercent).toBeNull();
    expect(diaryRelief(7, [])).toBeNull();
  });

  it("a short-acting policy counting 30 min–2 h only: pre 7, points 4,3,3,1,1 → counted lowest 3 → 57.1%", () => {
    const lidocaine: OutcomeSeriesPolicy = { ...defaultOutcomeSeriesPolicy, id: "test-lidocaine", diaryCountedPoints: ["diary_30m", "diary_1h", "diary_2h"] };
    expect(diaryRelief(7, diary([4, 3, 3, 1, 1]), lidocaine)).toMatchObject({ lowestPain: 3, reliefPercent: 57.1, counted: ["diary_30m", "diary_1h", "diary_2h"] });
  });
});

describe("headlineOutcome: the one figure the order shows and candidacy reads", () => {
  const performedAt = new Date("2025-11-01T10:00:00.000Z");

  it("RFA pre 10; 6w 6 (40%), 3m 4 (60%), 6m 5 (50%) → headline 50% at 6 months, post 5, sustained ≥50% from 3m to the 6m point = 182 days", () => {
    const rfa = procedure({ procedureType: "radiofrequency_ablation", performedAt, preProcedurePain: 10, ...blank });
    const series = [
      outcome(rfa, "6w", 6, addDays(performedAt, 42)),
      outcome(rfa, "3m", 4, addDays(performedAt, 90)),
      outcome(rfa, "6m", 5, new Date("2026-05-02T09:00:00.000Z")),
    ];
    expect(headlineOutcome(rfa, series)).toEqual({ postProcedurePain: 5, reliefPercent: 50, reliefDurationDays: 182, source: "6 months", policyId: POLICY });
  });

  it("RFA pre 10 with only 6w 2 (80%) → no headline: ablation relief is judged at 3–6 months", () => {
    const rfa = procedure({ procedureType: "radiofrequency_ablation", performedAt, preProcedurePain: 10, ...blank });
    expect(headlineOutcome(rfa, [outcome(rfa, "6w", 2, addDays(performedAt, 42))])).toMatchObject({ reliefPercent: null, source: null });
  });

  it("RFA pre 8; 6w 2, 3m 2 (75%) and the 6m point ahead → headline 75% at 3 months, lasting 90 days", () => {
    const rfa = procedure({ procedureType: "radiofrequency_ablation", performedAt, preProcedurePain: 8, ...blank });
    const series = [outcome(rfa, "6w", 2, addDays(performedAt, 42)), outcome(rfa, "3m", 2, addDays(performedAt, 90))];
    expect(headlineOutcome(rfa, series)).toMatchObject({ postProcedurePain: 2, reliefPercent: 75, reliefDurationDays: 90, source: "3 months" });
  });

  it("ESI pre 8; 2w 2 (75%), 3m 6 (25%) → headline 25% at 3 months (the latest point), relief ≥50% lasted to the 2-week point = 14 days", () => {
    const esi = procedure({ performedAt, preProcedurePain: 8, ...blank });
    const series = [outcome(esi, "3m", 6, addDays(performedAt, 90)), outcome(esi, "2w", 2, addDays(performedAt, 14))];
    expect(headlineOutcome(esi, series)).toMatchObject({ postProcedurePain: 6, reliefPercent: 25, reliefDurationDays: 14, source: "3 months" });
  });

  it("ESI pre 8; 2w 5 (37.5%) → headline 37.5%, lasting 0 days (never ≥50%)", () => {
    const esi = procedure({ performedAt, preProcedurePain: 8, ...blank });
    expect(headlineOutcome(esi, [outcome(esi, "2w", 5, addDays(performedAt, 14))])).toMatchObject({ reliefPercent: 37.5, reliefDurationDays: 0 });
  });

  it("diagnostic medial branch block pre 7, diary 2,1,1,3,5 → headline 85.7% from the diary, post 1, 0 days", () => {
    const mbb = procedure({ procedureType: "medial_branch_block", diagnostic: true, performedAt, preProcedurePain: 7, ...blank });
    const series = diary([2, 1, 1, 3, 5]).map((p, i) => outcome(mbb, p.timePoint, p.painScore, new Date(performedAt.getTime() + [30, 60, 120, 240, 360][i]! * 60_000)));
    expect(headlineOutcome(mbb, series)).toEqual({ postProcedurePain: 1, reliefPercent: 85.7, reliefDurationDays: 0, source: "diary", policyId: POLICY });
    expect(reliefEvidenceText({ ...mbb, reliefPercent: 85.7 }, series)).toBe("diary: 85.7% relief");
  });

  it("SCS trial pre 8, end of trial 3 → 62.5%; rows of another order are ignored", () => {
    const trial = procedure({ procedureType: "scs_trial", performedAt, preProcedurePain: 8, ...blank });
    const other = procedure({ performedAt, preProcedurePain: 8, ...blank });
    expect(headlineOutcome(trial, [outcome(trial, "end_of_trial", 3, addDays(performedAt, 7)), outcome(other, "2w", 0, addDays(performedAt, 14))])).toMatchObject({
      reliefPercent: 62.5,
      source: "end of trial",
    });
  });

  it("a legacy single outcome without series rows is cited without a source: 75% relief", () => {
    expect(reliefEvidenceText(procedure({ reliefPercent: 75 }), [])).toBe("75% relief");
  });
});

describe("outcomeSeries and outcomesDue: each point's state against NOW = 2026-06-01 12:00", () => {
  const performedDaysAgo = (days: number, overrides: Partial<ProcedureOrder> = {}) => procedure({ performedAt: addDays(NOW, -days), preProcedurePain: 8, ...blank, ...overrides });
  const states = (order: ProcedureOrder, outcomes: ProcedureOutcome[] = []) => outcomeSeries(order, outcomes, NOW)!.points.map((p) => [p.timePoint, p.state, p.daysUntilDue]);

  it("ESI performed 10 days ago → 2-week point upcoming, due in 4 days; 3-month point due in 80 days; nothing flagged", () => {
    const esi = performedDaysAgo(10);
    expect(states(esi)).toEqual([
      ["2w", "upcoming", 4],
      ["3m", "upcoming", 80],
    ]);
    expect(outcomesDue(esi, [], NOW)).toEqual([]);
  });

  it("ESI performed 20 days ago → 2-week point due (normal); 30 days ago → overdue (after day 28)", () => {
    expect(states(performedDaysAgo(20))[0]).toEqual(["2w", "due", -6]);
    expect(outcomesDue(performedDaysAgo(20), [], NOW)).toMatchObject([{ timePoint: "2w", overdue: false, policyId: POLICY }]);
    expect(states(performedDaysAgo(30))[0]).toEqual(["2w", "overdue", -16]);
    expect(outcomesDue(performedDaysAgo(30), [], NOW)).toMatchObject([{ timePoint: "2w", label: "2 weeks outcome", overdue: true }]);
  });

  it("ESI performed 100 days ago without a 2-week point → 2 weeks missed (the 3-month window is open), 3 months due", () => {
    const esi = performedDaysAgo(100);
    expect(states(esi).map(([p, s]) => [p, s])).toEqual([
      ["2w", "missed"],
      ["3m", "due"],
    ]);
    expect(outcomesDue(esi, [], NOW).map((d) => d.timePoint)).toEqual(["3m"]);
  });

  it("RFA performed 14 weeks (98 days) ago with 6w and 3m recorded → 6-month point upcoming, due in 82 days; nothing flagged", () => {
    const rfa = performedDaysAgo(98, { procedureType: "radiofrequency_ablation" });
    const series = [outcome(rfa, "6w", 3, addDays(NOW, -56)), outcome(rfa, "3m", 2, addDays(NOW, -8))];
    expect(states(rfa, series)).toEqual([
      ["6w", "recorded", -56],
      ["3m", "recorded", -8],
      ["6m", "upcoming", 82],
    ]);
    expect(outcomeSeries(rfa, series, NOW)!.points.map((p) => p.reliefPercent)).toEqual([62.5, 75, null]);
    expect(outcomesDue(rfa, series, NOW)).toEqual([]);
  });

  it("diagnostic block performed 2 hours ago, no diary → 30 min, 1 h, 2 h due, 4 h and 6 h upcoming; the diary is due today (normal)", () => {
    const mbb = procedure({ procedureType: "medial_branch_block", diagnostic: true, performedAt: new Date(NOW.getTime() - 2 * 3600_000), preProcedurePain: 7, ...blank });
    expect(outcomeSeries(mbb, [], NOW)!.points.map((p) => [p.timePoint, p.state])).toEqual([
      ["diary_30m", "due"],
      ["diary_1h", "due"],
      ["diary_2h", "due"],
      ["diary_4h", "upcoming"],
      ["diary_6h", "upcoming"],
    ]);
    expect(diaryPromptTime(mbb.performedAt!, "diary_4h")).toEqual(new Date("2026-06-01T14:00:00.000Z"));
    expect(outcomesDue(mbb, [], NOW)).toMatchObject([{ timePoint: "diary", overdue: false }]);
  });

  it("diagnostic block performed 2 days ago, no diary → overdue; one point recorded → no longer chased", () => {
    const mbb = performedDaysAgo(2, { procedureType: "medial_branch_block", diagnostic: true });
    expect(outcomesDue(mbb, [], NOW)).toMatchObject([{ timePoint: "diary", overdue: true }]);
    expect(outcomesDue(mbb, [outcome(mbb, "diary_1h", 2, addDays(NOW, -2))], NOW)).toEqual([]);
  });

  it("a proposed order has no series", () => {
    expect(outcomeSeries(procedure({ status: "proposed", performedAt: null, ...blank }), [], NOW)).toBeNull();
  });
});

describe("outcome-chase-2026-1: an unrecorded point is chased for a while after its window, then missed", () => {
  const performedDaysAgo = (days: number, overrides: Partial<ProcedureOrder> = {}) => procedure({ performedAt: addDays(NOW, -days), preProcedurePain: 8, ...blank, ...overrides });
  const last = (order: ProcedureOrder, outcomes: ProcedureOutcome[] = []) => {
    const p = outcomeSeries(order, outcomes, NOW)!.points.at(-1)!;
    return [p.timePoint, p.state, p.missedBecause];
  };

  it("is policy data: 30 days of grace after a follow-up window, 14 days for a block's diary", () => {
    expect(defaultOutcomeChasePolicy).toMatchObject({ id: "outcome-chase-2026-1", followUpGraceDays: 30, diaryChaseDays: 14 });
    expect(defaultOutcomeSeriesPolicy.chase).toBe(defaultOutcomeChasePolicy);
    // The last day anything can be chased: an implant's 12-month point (window to day 425) plus 30.
    expect(outcomeChaseHorizonDays()).toBe(455);
  });

  it("ESI 3-month point: due through day 120, overdue (raised) days 121–150, missed from day 151", () => {
    const twoWeeks = (order: ProcedureOrder) => [outcome(order, "2w", 4, addDays(order.performedAt!, 14))];
    const at = (days: number) => {
      const esi = performedDaysAgo(days);
      return { series: last(esi, twoWeeks(esi)), due: outcomesDue(esi, twoWeeks(esi), NOW).map((d) => [d.timePoint, d.overdue]) };
    };
    expect(at(120)).toEqual({ series: ["3m", "due", null], due: [["3m", false]] });
    expect(at(121)).toEqual({ series: ["3m", "overdue", null], due: [["3m", true]] });
    expect(at(150)).toEqual({ series: ["3m", "overdue", null], due: [["3m", true]] });
    expect(at(151)).toEqual({ series: ["3m", "missed", "chase_ended"], due: [] });
    expect(outcomeSeries(performedDaysAgo(151), [], NOW)!.points.at(-1)!.chasedUntil).toEqual(new Date("2026-06-01T00:00:00.000Z"));
  });

  it("ESI 2-week point: overdue days 29–58, missed from day 59 though the 3-month window opens only on day 90", () => {
    expect(last(performedDaysAgo(58)).slice(0, 2)).toEqual(["3m", "upcoming"]);
    expect(outcomeSeries(performedDaysAgo(58), [], NOW)!.points[0]!.state).toBe("overdue");
    expect(outcomeSeries(performedDaysAgo(59), [], NOW)!.points[0]).toMatchObject({ state: "missed", missedBecause: "chase_ended" });
    expect(outcomesDue(performedDaysAgo(59), [], NOW)).toEqual([]);
    // Once the next window opens the point is passed over, as before.
    expect(outcomeSeries(performedDaysAgo(100), [], NOW)!.points[0]).toMatchObject({ state: "missed", missedBecause: "superseded" });
  });

  it("RFA 6-month point (the repeat rule's): overdue days 226–255, missed from day 256", () => {
    const rfa = (days: number) => performedDaysAgo(days, { procedureType: "radiofrequency_ablation" });
    expect(last(rfa(225))).toEqual(["6m", "due", null]);
    expect(last(rfa(226))).toEqual(["6m", "overdue", null]);
    expect(last(rfa(255))).toEqual(["6m", "overdue", null]);
    expect(last(rfa(256))).toEqual(["6m", "missed", "chase_ended"]);
    expect(outcomesDue(rfa(256), [], NOW)).toEqual([]);
  });

  it("implant 12-month point: overdue days 426–455, missed from day 456", () => {
    const implant = (days: number) => performedDaysAgo(days, { procedureType: "scs_implant" });
    expect(last(implant(455))).toEqual(["12m", "overdue", null]);
    expect(last(implant(456))).toEqual(["12m", "missed", "chase_ended"]);
  });

  it("a block's diary: due the day of the block and the next, overdue days 2–14, missed from day 15 (every point)", () => {
    const mbb = (days: number) => performedDaysAgo(days, { procedureType: "medial_branch_block", diagnostic: true });
    expect(outcomesDue(mbb(1), [], NOW)).toMatchObject([{ timePoint: "diary", overdue: false }]);
    expect(outcomesDue(mbb(2), [], NOW)).toMatchObject([{ timePoint: "diary", overdue: true }]);
    expect(outcomesDue(mbb(14), [], NOW)).toMatchObject([{ timePoint: "diary", overdue: true }]);
    expect(outcomeSeries(mbb(14), [], NOW)!.points.map((p) => p.state)).toEqual(["overdue", "overdue", "overdue", "overdue", "overdue"]);
    expect(outcomesDue(mbb(15), [], NOW)).toEqual([]);
    expect(outcomeSeries(mbb(15), [], NOW)!.points.map((p) => [p.state, p.missedBecause])).toEqual(Array(5).fill(["missed", "chase_ended"]));
  });

  it("a missed point can still be recorded late: it is then recorded, and the headline reads it", () => {
    const rfa = performedDaysAgo(300, { procedureType: "radiofrequency_ablation" });
    const late = [outcome(rfa, "6m", 4, addDays(NOW, -1))];
    expect(last(rfa, late)).toEqual(["6m", "recorded", null]);
    expect(outcomeSeries(rfa, late, NOW)!.headline).toMatchObject({ postProcedurePain: 4, reliefPercent: 50, source: "6 months" });
  });

  it("the flags stop with the chase: no outcome_due for an order past it, raised for one inside it", () => {
    const old = performedDaysAgo(256, { procedureType: "radiofrequency_ablation" });
    const open = performedDaysAgo(255, { procedureType: "radiofrequency_ablation" });
    const codes = (order: ProcedureOrder) => computeFlags(record({ procedures: [order], procedureOutcomes: [] }), NOW).filter((f) => f.code === "outcome_due");
    expect(codes(old)).toEqual([]);
    expect(codes(open)).toMatchObject([{ severity: "high" }]);
  });

  it("another clinic's chase is another policy: no grace → missed the day after the window", () => {
    const strict: OutcomeSeriesPolicy = { ...defaultOutcomeSeriesPolicy, chase: { ...defaultOutcomeChasePolicy, id: "strict", followUpGraceDays: 0, diaryChaseDays: 1 } };
    const esi = performedDaysAgo(121);
    expect(outcomeSeries(esi, [outcome(esi, "2w", 4, addDays(esi.performedAt!, 14))], NOW, strict)!.points.at(-1)!.state).toBe("missed");
    expect(outcomeChaseHorizonDays(strict)).toBe(425);
  });

  it("nothing of any order type is due or overdue past the horizon, and something is on its last day", () => {
    const horizon = outcomeChaseHorizonDays();
    const dueOn = (days: number) =>
      procedureTypes.flatMap((procedureType) =>
        [false, true].flatMap((diagnostic) => outcomesDue(performedDaysAgo(days, { procedureType, diagnostic }), [], NOW)),
      );
    for (const days of [horizon + 1, horizon + 2, horizon + 30]) expect(dueOn(days)).toEqual([]);
    // Each order's own chase: nothing due once it is over, and something due on its last day.
    for (const procedureType of procedureTypes) {
      for (const diagnostic of [false, true]) {
        const days = outcomeChaseDaysOf({ procedureType, diagnostic });
        const order = (d: number) => performedDaysAgo(d, { procedureType, diagnostic });
        expect(isOutcomeSeriesChased(order(days), NOW)).toBe(true);
        expect(outcomesDue(order(days), [], NOW).length).toBeGreaterThan(0);
        expect(isOutcomeSeriesChased(order(days + 1), NOW)).toBe(false);
        expect(outcomesDue(order(days + 1), [], NOW)).toEqual([]);
      }
    }
    expect(outcomeChaseDaysOf({ procedureType: "medial_branch_block", diagnostic: true })).toBe(14);
    expect(outcomeChaseDaysOf({ procedureType: "radiofrequency_ablation", diagnostic: false })).toBe(255);
    expect(dueOn(horizon).length).toBeGreaterThan(0);
    // At a day boundary too: performed a minute before midnight, judged a minute after.
    const lateNight = new Date("2026-06-01T00:01:00.000Z");
    const implant = procedure({ procedureType: "scs_implant", performedAt: addDays(new Date("2026-05-31T23:59:00.000Z"), -horizon), preProcedurePain: 8, ...blank });
    expect(outcomesDue(implant, [], lateNight)).toEqual([]);
    expect(outcomesDue(implant, [], new Date("2026-05-31T23:59:30.000Z"))).toMatchObject([{ timePoint: "12m", overdue: true }]);
  });
});

describe("outcomeTimeIssue: when an outcome may be timed", () => {
  const performedAt = new Date("2026-05-20T09:00:00.000Z");
  it.each([
    ["diary point 30 min after the block → fine", "diary_30m", "2026-05-20T09:30:00.000Z", undefined],
    ["diary point before the block → refused", "diary_30m", "2026-05-20T08:59:00.000Z", "cannot be before the block was performed"],
    ["diary point 25 h after the block → refused", "diary_6h", "2026-05-21T10:00:00.000Z", "must be within 24 h of the block"],
    ["2-week point the day before the procedure → refused", "2w", "2026-05-19T00:00:00.000Z", "cannot be before the procedure"],
    ["2-week point on the procedure's day → fine", "2w", "2026-05-20T00:00:00.000Z", undefined],
  ] as const)("%s", (_name, point, at, issue) => {
    expect(outcomeTimeIssue({ performedAt }, point, new Date(at))).toBe(issue);
  });
});

describe("outcome inputs", () => {
  const ID = "00000000-0000-4000-8000-000000000123";
  const base = { patientId: PATIENT, id: ID, expectedVersion: 2, timePoint: "2w", assessedAt: "2026-05-20", painScore: 2 };
  it("one time point; a reliefPercent is never accepted: the server computes it", () => {
    expect(recordProcedureOutcomeInputSchema.safeParse(base).success).toBe(true);
    expect(recordProcedureOutcomeInputSchema.safeParse({ ...base, reliefPercent: 75 }).success).toBe(false);
    expect(recordProcedureOutcomeInputSchema.safeParse({ ...base, painScore: 11 }).success).toBe(false);
    expect(recordProcedureOutcomeInputSchema.safeParse({ ...base, timePoint: "5w" }).success).toBe(false);
    expect(recordProcedureOutcomeInputSchema.safeParse({ ...base, functionImprovementPercent: 101 }).success).toBe(false);
  });
  it("a diary names each point once, diary points only", () => {
    const point = { timePoint: "diary_1h", painScore: 1, assessedAt: "2026-05-20T10:00:00.000Z" };
    const diaryInput = { patientId: PATIENT, id: ID, expectedVersion: 2, points: [point] };
    expect(recordDiaryInputSchema.safeParse(diaryInput).success).toBe(true);
    expect(recordDiaryInputSchema.safeParse({ ...diaryInput, points: [point, point] }).success).toBe(false);
    expect(recordDiaryInputSchema.safeParse({ ...diaryInput, points: [{ ...point, timePoint: "2w" }] }).success).toBe(false);
    expect(recordDiaryInputSchema.safeParse({ ...diaryInput, points: [] }).success).toBe(false);
  });
});

describe("the outcome_due flag names the time point and the policy", () => {
  it.each([
    ["medial branch block performed 2 h ago, no diary → Outcome due (pain diary, 30 min–6 h), normal", "medial_branch_block", true, 2 / 24, "Outcome due (pain diary, 30 min–6 h)", "normal"],
    ["RFA performed 50 days ago, no outcome → Outcome due (6 weeks outcome), normal", "radiofrequency_ablation", false, 50, "Outcome due (6 weeks outcome)", "normal"],
    ["SCS trial performed 20 days ago → Outcome overdue (end of trial outcome), high", "scs_trial", false, 20, "Outcome overdue (end of trial outcome)", "high"],
  ] as const)("%s", (_name, procedureType, diagnostic, days, message, severity) => {
    const order = procedure({ procedureType, diagnostic, performedAt: addDays(NOW, -days), preProcedurePain: 7, ...blank });
    const flags = computeFlags({ ...record(), procedures: [order] }, NOW).filter((f) => f.code === "outcome_due");
    expect(flags).toHaveLength(1);
    expect(flags[0]!.message).toContain(message);
    expect(flags[0]!.message).toContain(`(policy ${POLICY})`);
    expect(flags[0]!.severity).toBe(severity);
  });
});

describe("patientReportedOutcomePoints: a pain score the patient reports fills the point whose window holds it", () => {
  const performedDaysAgo = (days: number, overrides: Partial<ProcedureOrder> = {}) => procedure({ performedAt: addDays(NOW, -days), preProcedurePain: 8, ...blank, ...overrides });
  const filled = (orders: ProcedureOrder[], outcomes: ProcedureOutcome[] = [], at: Date = NOW) => patientReportedOutcomePoints(orders, outcomes, at).map((p) => [p.procedureId, p.timePoint]);

  it("ESI: nothing before day 14; the 2-week point from day 14 through day 28; nothing on day 29 (overdue) nor between the windows", () => {
    const esi = performedDaysAgo(0);
    const day = (n: number) => addDays(esi.performedAt!, n);
    expect(filled([esi], [], day(13))).toEqual([]);
    expect(patientReportedOutcomePoints([esi], [], day(14))).toEqual([{ procedureId: esi.id, timePoint: "2w", policyId: POLICY }]);
    expect(filled([esi], [], day(28))).toEqual([[esi.id, "2w"]]);
    expect(filled([esi], [], day(29))).toEqual([]);
    expect(filled([esi], [], day(60))).toEqual([]);
    expect(filled([esi], [], day(90))).toEqual([[esi.id, "3m"]]);
  });

  it("a point already recorded (by anyone) is not filled again; the next window still is", () => {
    const esi = performedDaysAgo(20);
    expect(filled([esi], [outcome(esi, "2w", 4, addDays(NOW, -3))])).toEqual([]);
    const later = addDays(esi.performedAt!, 100);
    expect(filled([esi], [outcome(esi, "2w", 4, addDays(NOW, -3))], later)).toEqual([[esi.id, "3m"]]);
  });

  it("RFA: the 6-week window; a diagnostic block keeps its diary; an unperformed order has no series; each order separately", () => {
    const rfa = performedDaysAgo(45, { procedureType: "radiofrequency_ablation" });
    const esi = performedDaysAgo(20);
    const mbb = performedDaysAgo(0, { procedureType: "medial_branch_block", diagnostic: true });
    const booked = procedure({ status: "scheduled", performedAt: null, ...blank });
    expect(filled([rfa, esi, mbb, booked])).toEqual([
      [rfa.id, "6w"],
      [esi.id, "2w"],
    ]);
  });

  it("the source is cited as patient-reported; a clinician's charting cites none", () => {
    expect(outcomeSourceLabel("patient_reported")).toBe("patient reported");
    expect(outcomeSourceLabel("patient_diary")).toBe("patient diary");
    expect(outcomeSourceLabel("clinician")).toBeNull();
    expect(outcomeSourceLabel(undefined)).toBeNull();
  });
});
