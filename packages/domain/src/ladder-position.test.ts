import { describe, expect, it } from "vitest";
import { computeFlags } from "./flags";
import { ladderItemMoves, ladderPolicy, ladderPosition, ladderPositionText, orderItemStatus, type LadderOrder } from "./ladder-position";
import { canTransition, planItemStatuses } from "./plan-item";
import { assessment, daysAgo, NOW, planItem, procedure, record, weeksAgo } from "./test-fixtures";

// clinical-reference.md §6.8. NOW = 2026-06-01T12:00Z; every date below is worked out by hand.
const pt = planItem({ ladderStep: 1, status: "active", startedAt: weeksAgo(30) }); // since 2025-11-03
const mbb = (performedAt: Date, extra: Partial<LadderOrder> = {}) =>
  procedure({ procedureType: "medial_branch_block", diagnostic: true, status: "performed", performedAt, withSteroid: false, ...extra });
const open = { performedAt: null, preProcedurePain: null, postProcedurePain: null, reliefPercent: null, reliefDurationDays: null };
const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;

describe("ladder position (§6.8)", () => {
  it("MBB performed 3 days ago (2026-05-29), only PT active on step 1 → current 3 in work-up since 2026-05-29 until 2026-08-21, highest 3", () => {
    const block = mbb(daysAgo(3));
    const p = ladderPosition([pt], [block], NOW);
    expect(p).toMatchObject({ current: 3, basis: "work_up", highestReached: 3, policyId: ladderPolicy.id });
    expect(day(p.currentSince)).toBe("2026-05-29");
    expect(day(p.workUp?.until ?? null)).toBe("2026-08-21"); // 12 weeks after the block
    expect(p.workUp?.blockIds).toEqual([block.id]);
    expect(ladderPositionText(p)).toBe("Step 3 · Interventional (in work-up)");
  });

  it("RFA approved (its item active since 2026-05-25) + PT active, blocks 2026-04-27 and 2026-05-18 → current 3 (active) since the first block 2026-04-27, highest 3", () => {
    const rfaItem = planItem({ kind: "procedure", discipline: "physician", ladderStep: 3, status: "active", startedAt: daysAgo(7) });
    const rfa = procedure({ procedureType: "radiofrequency_ablation", status: "approved", planItemId: rfaItem.id, ...open });
    const p = ladderPosition([pt, rfaItem], [mbb(daysAgo(35)), mbb(daysAgo(14)), rfa], NOW);
    expect(p).toMatchObject({ current: 3, basis: "active", highestReached: 3, workUp: null });
    expect(day(p.currentSince)).toBe("2026-04-27");
  });

  it("Samuel: two blocks 20 and 16 weeks ago, RFA approved but not yet linked to an item, PT active → current 3 (not step 1), highest 3", () => {
    const rfa = procedure({ procedureType: "radiofrequency_ablation", status: "approved", ...open });
    const p = ladderPosition([pt], [mbb(weeksAgo(20)), mbb(weeksAgo(16)), rfa], NOW);
    expect(p).toMatchObject({ current: 3, basis: "active", highestReached: 3 });
  });

  it("all items completed at step 2, nothing active → current 1 (self-management, no start date), highest 2", () => {
    const done = [planItem({ ladderStep: 2, kind: "psychology", discipline: "psychologist", status: "completed", startedAt: weeksAgo(20), endedAt: weeksAgo(2) }), planItem({ ladderStep: 1, status: "completed", endedAt: weeksAgo(2) })];
    const p = ladderPosition(done, [], NOW);
    expect(p).toMatchObject({ current: 1, basis: "self_management", currentSince: null, highestReached: 2 });
    expect(ladderPositionText(p)).toBe("Step 1 · Self-management & conservative (no active items) · highest reached: step 2");
  });

  it("a block 13 weeks ago (2026-03-02) with nothing proposed since → the work-up has ended: current 1 from PT, highest 3", () => {
    const p = ladderPosition([pt], [mbb(weeksAgo(13))], NOW);
    expect(p).toMatchObject({ current: 1, basis: "active", highestReached: 3, workUp: null });
    expect(day(p.currentSince)).toBe("2025-11-03");
  });

  it("a block 13 weeks ago and an RFA proposed 10 weeks ago still awaiting its decision → still in work-up since 2026-03-02, until now", () => {
    const rfa = procedure({ procedureType: "radiofrequency_ablation", status: "proposed", ...open });
    const p = ladderPosition([pt], [mbb(weeksAgo(13)), { ...rfa, createdAt: weeksAgo(10) }], NOW);
    expect(p).toMatchObject({ current: 3, basis: "work_up" });
    expect(day(p.currentSince)).toBe("2026-03-02");
    expect(p.workUp?.until).toEqual(NOW);
  });

  it("blocks 20 weeks (2026-01-12) and 10 weeks (2026-03-23) ago are one work-up (10-week gap ≤ 12) → since 2026-01-12; 14 weeks apart they are not", () => {
    const chained = ladderPosition([], [mbb(weeksAgo(20)), mbb(weeksAgo(10))], NOW);
    expect(day(chained.currentSince)).toBe("2026-01-12");
    const broken = ladderPosition([], [mbb(weeksAgo(24)), mbb(weeksAgo(10))], NOW);
    expect(day(broken.currentSince)).toBe("2026-03-23");
  });

  it("an SCS trial scheduled (step 4) during a work-up → current 4, highest 4", () => {
    const scs = procedure({ procedureType: "scs_trial", status: "scheduled", scheduledFor: daysAgo(-5), withSteroid: false, ...open });
    expect(ladderPosition([pt], [mbb(daysAgo(7)), scs], NOW)).toMatchObject({ current: 4, basis: "active", highestReached: 4 });
  });

  it("a step-2 item on hold is a pause: current 1 from PT, highest 2; a step-2 item stopped before it started was never reached", () => {
    const held = planItem({ ladderStep: 2, kind: "psychology", discipline: "psychologist", status: "on_hold", startedAt: weeksAgo(6) });
    expect(ladderPosition([pt, held], [], NOW)).toMatchObject({ current: 1, highestReached: 2 });
    const neverStarted = planItem({ ladderStep: 2, kind: "psychology", discipline: "psychologist", status: "stopped", startedAt: null, endedAt: daysAgo(1) });
    expect(ladderPosition([pt, neverStarted], [], NOW)).toMatchObject({ current: 1, highestReached: 1 });
  });

  it("a performed non-diagnostic ESI (2 months ago) with its item completed → current 1, highest 3 (performed counts as reached)", () => {
    const esi = procedure({ status: "performed" });
    expect(ladderPosition([pt], [esi], NOW)).toMatchObject({ current: 1, highestReached: 3, workUp: null });
  });
});

describe("not improving reads the current step's start (§6.8)", () => {
  it("RFA item active since 13 weeks ago (2026-03-02), NRS 7 at 14 weeks → 6 now (14.3% < 30%) → not improving on step 3 since 2026-03-02", () => {
    const rfaItem = planItem({ kind: "procedure", discipline: "physician", ladderStep: 3, status: "active", startedAt: weeksAgo(13) });
    const flags = computeFlags(record({ planItems: [pt, rfaItem], assessments: [assessment("nrs", [7], weeksAgo(14)), assessment("nrs", [6], daysAgo(1))] }), NOW);
    const flag = flags.find((f) => f.code === "not_improving");
    expect(flag?.message).toBe("Not improving: step 3 since 2026-03-02, NRS 7 → 6 (14.3% reduction, < 30%)");
  });

  it("PT since 30 weeks with NRS 7 → 6, but blocks 8 and 5 weeks ago put the patient on step 3 since 2026-04-06 → not flagged as 'step 1'", () => {
    const flags = computeFlags(record({ planItems: [pt], procedures: [mbb(weeksAgo(8)), mbb(weeksAgo(5))], assessments: [assessment("nrs", [7], weeksAgo(31)), assessment("nrs", [6], daysAgo(1))] }), NOW);
    expect(flags.map((f) => f.code)).not.toContain("not_improving");
    expect(day(ladderPosition([pt], [mbb(weeksAgo(8)), mbb(weeksAgo(5))], NOW).currentSince)).toBe("2026-04-06");
  });
});

describe("order ↔ ladder item (§6.8)", () => {
  it.each([
    ["proposed", "proposed"],
    ["approved", "active"],
    ["scheduled", "active"],
    ["performed", "completed"],
    ["cancelled", "stopped"],
  ] as const)("an order %s means its item is %s", (order, item) => {
    expect(orderItemStatus[order]).toBe(item);
  });

  it.each([
    ["proposed", "active", ["active"]],
    ["proposed", "completed", ["active", "completed"]],
    ["active", "active", []],
    ["active", "completed", ["completed"]],
    ["on_hold", "stopped", ["stopped"]],
    ["completed", "stopped", null],
    ["stopped", "active", null],
  ] as const)("item %s → %s moves through %j", (from, to, moves) => {
    expect(ladderItemMoves(from, to)).toEqual(moves);
  });

  it("every move path is legal in the plan item's state machine", () => {
    for (const from of planItemStatuses) {
      for (const to of planItemStatuses) {
        const moves = ladderItemMoves(from, to);
        if (!moves) continue;
        let at = from;
        for (const next of moves) {
          expect(canTransition(at, next), `${at} → ${next}`).toBe(true);
          at = next;
        }
        expect(at).toBe(to);
      }
    }
  });
});
