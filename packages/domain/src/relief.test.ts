import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reliefPercent } from "./relief";

describe("reliefPercent", () => {
  it("is 100 when pain resolves, 0 when unchanged, negative when worse", () => {
    expect(reliefPercent(7, 0)).toBe(100);
    expect(reliefPercent(5, 5)).toBe(0);
    expect(reliefPercent(4, 6)).toBe(-50);
  });
  it("is undefined from a pre-procedure pain of 0", () => {
    expect(reliefPercent(0, 0)).toBeNull();
  });
  it("stays within −900..100 with one decimal for any NRS pair", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 0, max: 10 }), (pre, post) => {
        const relief = reliefPercent(pre, post) ?? NaN;
        expect(relief).toBeLessThanOrEqual(100);
        expect(relief).toBeGreaterThanOrEqual(-900);
        expect(Math.round(relief * 10) / 10).toBe(relief);
      }),
    );
  });
});
