import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dailyMme, medicationMme, mmeTables, opioidKeys, type MmeMedication } from "./mme";

const medArb: fc.Arbitrary<MmeMedication> = fc.record({
  id: fc.uuid(),
  name: fc.string({ minLength: 1, maxLength: 10 }),
  opioid: fc.constantFrom(...opioidKeys, null),
  doseMg: fc.integer({ min: 1, max: 4000 }).map((tenths) => tenths / 10),
  timesPerDay: fc.integer({ min: 1, max: 6 }),
  status: fc.constantFrom("active" as const, "stopped" as const),
});

describe("MME table cdc-2022", () => {
  it("has exactly the factors of clinical-reference §2", () => {
    expect(mmeTables["cdc-2022"].factors).toEqual({
      codeine: 0.15,
      fentanyl_transdermal: 2.4,
      hydrocodone: 1,
      hydromorphone: 5,
      methadone: 4.7,
      morphine: 1,
      oxycodone: 1.5,
      oxymorphone: 3,
      tapentadol: 0.4,
      tramadol: 0.2,
    });
  });

  it("names the table and the thresholds beside every total", () => {
    const result = dailyMme([]);
    expect(result).toEqual({ total: 0, table: "cdc-2022", lines: [], thresholds: { review: 50, high: 90 }, level: "below" });
  });

  it("review at ≥50, high at ≥90", () => {
    const morphine = (mg: number): MmeMedication => ({ id: "m", name: "morphine", opioid: "morphine", doseMg: mg, timesPerDay: 1, status: "active" });
    expect(dailyMme([morphine(49.9)]).level).toBe("below");
    expect(dailyMme([morphine(50)]).level).toBe("review");
    expect(dailyMme([morphine(89.9)]).level).toBe("review");
    expect(dailyMme([morphine(90)]).level).toBe("high");
  });

  it("ignores stopped medications and non-opioids", () => {
    const result = dailyMme([
      { id: "a", name: "gabapentin", opioid: null, doseMg: 300, timesPerDay: 3, status: "active" },
      { id: "b", name: "morphine", opioid: "morphine", doseMg: 30, timesPerDay: 2, status: "stopped" },
    ]);
    expect(result.total).toBe(0);
    expect(result.lines).toEqual([]);
  });

  it("buprenorphine beside a counted opioid: the total counts the other, the line says not included", () => {
    const result = dailyMme([
      { id: "b", name: "buprenorphine", opioid: "buprenorphine", doseMg: 8, timesPerDay: 1, status: "active" },
      { id: "o", name: "oxycodone", opioid: "oxycodone", doseMg: 10, timesPerDay: 2, status: "active" },
    ]);
    expect(result.total).toBe(30);
    expect(result.lines[0]).toMatchObject({ mme: null, included: false, reason: "not included in MME" });
  });

  it("codeine rounds without binary noise", () => {
    expect(medicationMme({ opioid: "codeine", doseMg: 30, timesPerDay: 1 })).toBe(4.5);
    expect(medicationMme({ opioid: "codeine", doseMg: 7.5, timesPerDay: 4 })).toBe(4.5);
  });
});

describe("MME properties", () => {
  it("is never negative, and every included line is non-negative", () => {
    fc.assert(
      fc.property(fc.array(medArb, { maxLength: 8 }), (meds) => {
        const result = dailyMme(meds);
        expect(result.total).toBeGreaterThanOrEqual(0);
        for (const line of result.lines) {
          if (line.included) expect(line.mme ?? -1).toBeGreaterThanOrEqual(0);
          else expect(line.mme).toBeNull();
        }
      }),
    );
  });

  it("is additive: the total of two lists together is the sum of their totals", () => {
    fc.assert(
      fc.property(fc.array(medArb, { maxLength: 6 }), fc.array(medArb, { maxLength: 6 }), (a, b) => {
        const together = dailyMme([...a, ...b]).total;
        expect(Math.abs(together - (dailyMme(a).total + dailyMme(b).total))).toBeLessThan(1e-9);
      }),
    );
  });

  it("the total equals the sum of its lines, and only buprenorphine is ever excluded", () => {
    fc.assert(
      fc.property(fc.array(medArb, { maxLength: 8 }), (meds) => {
        const result = dailyMme(meds);
        const sum = result.lines.reduce((acc, l) => acc + (l.mme ?? 0), 0);
        expect(Math.abs(result.total - sum)).toBeLessThan(1e-9);
        const excluded = result.lines.filter((l) => !l.included).map((l) => meds.find((m) => m.id === l.medicationId)?.opioid);
        expect(excluded.every((o) => o === "buprenorphine")).toBe(true);
      }),
    );
  });
});
