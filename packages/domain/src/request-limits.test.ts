import { describe, expect, it } from "vitest";
import { findUnsafeInput, requestLimits } from "./request-limits";

const nested = (depth: number): unknown => {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { next: value };
  return value;
};

describe("findUnsafeInput", () => {
  it("lets ordinary inputs through, Dates, Maps and Sets included", () => {
    expect(findUnsafeInput(undefined)).toBeNull();
    expect(findUnsafeInput("text")).toBeNull();
    expect(findUnsafeInput({ patientId: "p", items: [{ title: "a", tags: ["x"] }], at: new Date(), m: new Map([["k", { v: 1 }]]), s: new Set([1]) })).toBeNull();
    expect(findUnsafeInput(Object.assign(Object.create(null) as object, { a: 1 }))).toBeNull();
  });

  it("names an own __proto__, constructor or prototype key at any depth, as JSON.parse creates them", () => {
    expect(findUnsafeInput(JSON.parse('{"__proto__": {"isAdmin": true}}'))).toEqual({ path: "__proto__", message: 'the key "__proto__" is not allowed' });
    expect(findUnsafeInput(JSON.parse('{"patientId": "p", "items": [{"a": {"constructor": {"prototype": {"x": 1}}}}]}'))?.path).toBe("items.0.a.constructor");
    expect(findUnsafeInput(JSON.parse('[{"prototype": 1}]'))?.path).toBe("0.prototype");
    expect(findUnsafeInput(new Map([["k", JSON.parse('{"__proto__": 1}')]]))?.path).toBe("0.__proto__");
  });

  it("finds a forbidden key even where Object.keys would not show it", () => {
    const hidden = {};
    Object.defineProperty(hidden, "constructor", { value: 1, enumerable: false });
    expect(findUnsafeInput({ a: hidden })?.path).toBe("a.constructor");
  });

  it("bounds nesting depth at the limit exactly", () => {
    expect(findUnsafeInput(nested(requestLimits.maxInputDepth))).toBeNull();
    expect(findUnsafeInput(nested(requestLimits.maxInputDepth + 1))?.message).toBe(`nested deeper than ${requestLimits.maxInputDepth} levels`);
    // Far deeper than any stack would take recursively: refused all the same, without a crash.
    expect(findUnsafeInput(nested(200_000))).not.toBeNull();
  });

  it("bounds the number of values at the limit exactly", () => {
    // The array itself counts as one value.
    expect(findUnsafeInput(new Array(requestLimits.maxInputValues - 1).fill(0))).toBeNull();
    expect(findUnsafeInput(new Array(requestLimits.maxInputValues).fill(0))).toEqual({ path: "", message: `input holds more than ${requestLimits.maxInputValues} values` });
  });
});
