// clinical-reference.md §5, verbatim: each test name quotes the reference.
import { describe, expect, it } from "vitest";
import { scoreGad7, scoreOdi, scorePcs, scorePeg, scorePhq9 } from "./instruments";
import { dailyMme, type MmeMedication } from "./mme";
import { reliefPercent } from "./relief";

const med = (opioid: MmeMedication["opioid"], doseMg: number, timesPerDay: number, id = opioid ?? "none"): MmeMedication => ({
  id,
  name: opioid ?? "non-opioid",
  opioid,
  doseMg,
  timesPerDay,
  status: "active",
});

describe("clinical-reference §5 worked examples", () => {
  it("PEG items 7, 6, 8 → 7.0", () => {
    expect(scorePeg([7, 6, 8]).score).toBe(7.0);
  });
  it("PEG items 5, 4, 4 → 4.3", () => {
    expect(scorePeg([5, 4, 4]).score).toBe(4.3);
  });

  it("ODI sections 1,2,2,1,3,2,1,2,1,1 (all answered, sum 16) → 32.0", () => {
    const result = scoreOdi([1, 2, 2, 1, 3, 2, 1, 2, 1, 1]);
    expect(result.score).toBe(32.0);
    expect(result.complete).toBe(true);
  });
  it("The same with section 10 unanswered (sum 15 over 9 sections) → 33.3", () => {
    const result = scoreOdi([1, 2, 2, 1, 3, 2, 1, 2, 1, null]);
    expect(result.score).toBe(33.3);
    expect(result.complete).toBe(true);
  });
  it("Two sections unanswered → incomplete, no score", () => {
    const result = scoreOdi([1, 2, 2, 1, 3, 2, 1, 2, null, null]);
    expect(result.complete).toBe(false);
    expect(result.score).toBeNull();
    expect(result.severity).toBeNull();
  });

  it("PHQ-9 1,2,1,2,1,1,0,1,0 → 9, mild, no safety flag", () => {
    const result = scorePhq9([1, 2, 1, 2, 1, 1, 0, 1, 0]);
    expect(result.score).toBe(9);
    expect(result.severity).toBe("mild");
    expect(result.safetyFlag).toBe(false);
  });
  it("PHQ-9 0,0,0,0,0,0,0,0,1 → 1, minimal, safety flag", () => {
    const result = scorePhq9([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(result.score).toBe(1);
    expect(result.severity).toBe("minimal");
    expect(result.safetyFlag).toBe(true);
  });

  it("GAD-7 2,2,2,2,1,1,1 → 11, moderate", () => {
    const result = scoreGad7([2, 2, 2, 2, 1, 1, 1]);
    expect(result.score).toBe(11);
    expect(result.severity).toBe("moderate");
  });

  it("PCS all items 2 → total 26, rumination 8, magnification 6, helplessness 12; not ≥30", () => {
    const result = scorePcs(Array.from({ length: 13 }, () => 2));
    expect(result.score).toBe(26);
    expect(result.subscales).toEqual({ rumination: 8, magnification: 6, helplessness: 12 });
    expect(result.severity).toBe("below_threshold");
  });

  it("MME: hydrocodone 5 mg four times a day → 20", () => {
    expect(dailyMme([med("hydrocodone", 5, 4)], "cdc-2022").total).toBe(20);
  });
  it("Oxycodone 10 mg twice a day → 30", () => {
    expect(dailyMme([med("oxycodone", 10, 2)], "cdc-2022").total).toBe(30);
  });
  it("Fentanyl patch 25 mcg/hr → 60", () => {
    expect(dailyMme([med("fentanyl_transdermal", 25, 1)], "cdc-2022").total).toBe(60);
  });
  it("Tramadol 50 mg four times a day → 40", () => {
    expect(dailyMme([med("tramadol", 50, 4)], "cdc-2022").total).toBe(40);
  });
  it("Methadone 10 mg three times a day → 141", () => {
    expect(dailyMme([med("methadone", 10, 3)], "cdc-2022").total).toBe(141);
  });
  it("Hydrocodone 10 mg ×4 + oxycodone 15 mg ×3 → 40 + 67.5 = 107.5 (high)", () => {
    const result = dailyMme([med("hydrocodone", 10, 4), med("oxycodone", 15, 3)], "cdc-2022");
    expect(result.lines.map((l) => l.mme)).toEqual([40, 67.5]);
    expect(result.total).toBe(107.5);
    expect(result.level).toBe("high");
    expect(result.table).toBe("cdc-2022");
  });
  it('Buprenorphine alone → 0 counted, reported as "not included"', () => {
    const result = dailyMme([med("buprenorphine", 8, 2)], "cdc-2022");
    expect(result.total).toBe(0);
    expect(result.lines).toEqual([
      { medicationId: "buprenorphine", name: "buprenorphine", mme: null, included: false, reason: "not included in MME" },
    ]);
  });

  it("Relief: pre 8, post 2 → 75%", () => {
    expect(reliefPercent(8, 2)).toBe(75);
  });
  it("Pre 6, post 4 → 33.3% (one decimal)", () => {
    expect(reliefPercent(6, 4)).toBe(33.3);
  });
});
