import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DomainError } from "./errors";
import {
  instrumentDefinitions,
  instruments,
  isMeaningfulOdiImprovement,
  isMeaningfulPainImprovement,
  percentReduction,
  unmeaningfulChangeBand,
  scoreInstrument,
  scoreNrs,
  scoreOdi,
  scorePcs,
  severityFor,
  validateResponses,
  type Instrument,
} from "./instruments";

const itemsFor = (instrument: Instrument) => {
  const def = instrumentDefinitions[instrument];
  return fc.array(fc.integer({ min: def.itemMin, max: def.itemMax }), { minLength: def.items, maxLength: def.items });
};

function expectBadResponses(fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("BAD_REQUEST");
    expect((error as DomainError).field).toBe("responses");
    return;
  }
  throw new Error("expected a DomainError");
}

describe("severity bands (clinical-reference §1)", () => {
  it.each([
    [0, "none"],
    [1, "mild"],
    [4, "mild"],
    [5, "moderate"],
    [6, "moderate"],
    [7, "severe"],
    [10, "severe"],
  ] as const)("NRS %i → %s", (score, band) => {
    expect(scoreNrs([score]).severity).toBe(band);
  });

  it.each([
    [0, "minimal"],
    [20, "minimal"],
    [20.5, "moderate"],
    [21, "moderate"],
    [40, "moderate"],
    [41, "severe"],
    [60, "severe"],
    [61, "crippled"],
    [80, "crippled"],
    [81, "bed_bound"],
    [100, "bed_bound"],
  ] as const)("ODI %d → %s", (score, band) => {
    expect(severityFor("odi", score)).toBe(band);
  });

  it.each([
    [4, "minimal"],
    [5, "mild"],
    [9, "mild"],
    [10, "moderate"],
    [14, "moderate"],
    [15, "moderately_severe"],
    [19, "moderately_severe"],
    [20, "severe"],
    [27, "severe"],
  ] as const)("PHQ-9 %i → %s", (score, band) => {
    expect(severityFor("phq9", score)).toBe(band);
  });

  it.each([
    [4, "minimal"],
    [5, "mild"],
    [9, "mild"],
    [10, "moderate"],
    [14, "moderate"],
    [15, "severe"],
    [21, "severe"],
  ] as const)("GAD-7 %i → %s", (score, band) => {
    expect(severityFor("gad7", score)).toBe(band);
  });

  it("PCS ≥30 is clinically relevant catastrophizing, 29 is not", () => {
    expect(severityFor("pcs", 29)).toBe("below_threshold");
    expect(severityFor("pcs", 30)).toBe("clinically_relevant");
  });

  it("PEG has no band: it is tracked as change", () => {
    expect(scoreInstrument("peg3", [5, 5, 5]).severity).toBeNull();
  });
});

describe("response validation", () => {
  it.each(instruments)("%s rejects a wrong number of responses", (instrument) => {
    const def = instrumentDefinitions[instrument];
    expectBadResponses(() => scoreInstrument(instrument, Array.from({ length: def.items + 1 }, () => 0)));
    expectBadResponses(() => scoreInstrument(instrument, Array.from({ length: def.items - 1 }, () => 0)));
  });

  it.each(instruments)("%s rejects out-of-range and non-integer items", (instrument) => {
    const def = instrumentDefinitions[instrument];
    const base = Array.from({ length: def.items }, () => def.itemMin);
    expectBadResponses(() => scoreInstrument(instrument, [def.itemMax + 1, ...base.slice(1)]));
    expectBadResponses(() => scoreInstrument(instrument, [-1, ...base.slice(1)]));
    expectBadResponses(() => scoreInstrument(instrument, [0.5, ...base.slice(1)]));
  });

  it("only the ODI accepts unanswered (null) items", () => {
    expectBadResponses(() => validateResponses("phq9", [null, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(() => validateResponses("odi", [null, 0, 0, 0, 0, 0, 0, 0, 0, 0])).not.toThrow();
  });

  it("PHQ-9 safety flag rides on item 9 whatever the total", () => {
    expect(scoreInstrument("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0]).safetyFlag).toBe(false);
    expect(scoreInstrument("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 3]).safetyFlag).toBe(true);
  });

  it("PCS subscales use the 1-based item numbers", () => {
    const responses = Array.from({ length: 13 }, (_, i) => (i + 1 === 8 ? 4 : 0));
    expect(scorePcs(responses).subscales).toEqual({ rumination: 4, magnification: 0, helplessness: 0 });
  });
});

describe("meaningful change", () => {
  it("pain: ≥30% reduction or ≥2 NRS points", () => {
    expect(isMeaningfulPainImprovement("nrs", 10, 7)).toBe(true); // 30%
    expect(isMeaningfulPainImprovement("nrs", 10, 8)).toBe(true); // 2 points
    expect(isMeaningfulPainImprovement("nrs", 10, 9)).toBe(false);
    expect(isMeaningfulPainImprovement("nrs", 3, 2)).toBe(true); // 33%
    expect(isMeaningfulPainImprovement("peg3", 7, 5)).toBe(false); // 28.6%: the 2-point rule is NRS-only
    expect(isMeaningfulPainImprovement("peg3", 7.0, 5.1)).toBe(false);
    expect(isMeaningfulPainImprovement("peg3", 7.0, 4.9)).toBe(true);
  });
  it("ODI: ≥10 points", () => {
    expect(isMeaningfulOdiImprovement(42, 32)).toBe(true);
    expect(isMeaningfulOdiImprovement(42, 32.1)).toBe(false);
  });
  it("percentReduction is undefined from a baseline of 0", () => {
    expect(percentReduction(0, 0)).toBeNull();
  });
});

describe("scoring properties", () => {
  it.each(instruments)("%s: every complete response set scores within range and falls in a band", (instrument) => {
    const def = instrumentDefinitions[instrument];
    fc.assert(
      fc.property(itemsFor(instrument), (responses) => {
        const result = scoreInstrument(instrument, responses);
        expect(result.complete).toBe(true);
        expect(result.score).not.toBeNull();
        const score = result.score ?? -1;
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(def.scoreMax);
        if (def.bands.length > 0) expect(result.severity).not.toBeNull();
      }),
    );
  });

  it.each(instruments)("%s: raising one item never lowers the score", (instrument) => {
    const def = instrumentDefinitions[instrument];
    fc.assert(
      fc.property(itemsFor(instrument), fc.nat(), (responses, pick) => {
        const index = pick % def.items;
        const current = responses[index] ?? 0;
        fc.pre(current < def.itemMax);
        const raised = responses.map((v, i) => (i === index ? v + 1 : v));
        expect(scoreInstrument(instrument, raised).score ?? 0).toBeGreaterThanOrEqual(scoreInstrument(instrument, responses).score ?? 0);
      }),
    );
  });

  it.each(instruments)("%s: bands cover every score from 0 to the maximum without gaps", (instrument) => {
    const def = instrumentDefinitions[instrument];
    if (def.bands.length === 0) return;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: def.scoreMax * 10 }), (tenths) => {
        expect(severityFor(instrument, tenths / 10)).not.toBeNull();
      }),
    );
    const last = def.bands[def.bands.length - 1];
    expect(last?.upTo).toBe(def.scoreMax);
  });

  it("ODI with one unanswered section scores like the mean of the others", () => {
    fc.assert(
      fc.property(itemsFor("odi"), fc.integer({ min: 0, max: 9 }), (responses, skip) => {
        const withGap = responses.map((v, i) => (i === skip ? null : v));
        const result = scoreOdi(withGap);
        const answered = responses.filter((_, i) => i !== skip);
        const expected = Math.round((answered.reduce((a, b) => a + b, 0) / 45) * 1000) / 10;
        expect(result.complete).toBe(true);
        expect(Math.abs((result.score ?? -1) - expected)).toBeLessThanOrEqual(0.05 + 1e-9);
      }),
    );
  });

  it("PCS subscales always add up to the total", () => {
    fc.assert(
      fc.property(itemsFor("pcs"), (responses) => {
        const result = scorePcs(responses);
        const subscales = result.subscales ?? {};
        expect(Object.values(subscales).reduce((a, b) => a + b, 0)).toBe(result.score);
      }),
    );
  });
});

describe("unmeaningfulChangeBand", () => {
  it("ends exactly where the verdict turns meaningful, for every baseline", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), (baseline) => {
        const band = unmeaningfulChangeBand("nrs", baseline)!;
        expect(isMeaningfulPainImprovement("nrs", baseline, band.from)).toBe(true);
        if (band.from + 0.1 < baseline) expect(isMeaningfulPainImprovement("nrs", baseline, band.from + 0.1)).toBe(false);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 100 }), (baseline) => {
        const band = unmeaningfulChangeBand("odi", baseline)!;
        expect(isMeaningfulOdiImprovement(baseline, band.from)).toBe(true);
        expect(isMeaningfulOdiImprovement(baseline, band.from + 0.2)).toBe(false);
      }),
    );
  });
  it("takes the 2-point NRS rule into account, and has no band for other instruments", () => {
    expect(unmeaningfulChangeBand("nrs", 8)).toMatchObject({ from: 6, to: 8 });
    expect(unmeaningfulChangeBand("peg3", 8)?.from).toBeCloseTo(5.6);
    expect(unmeaningfulChangeBand("phq9", 8)).toBeNull();
  });
});
