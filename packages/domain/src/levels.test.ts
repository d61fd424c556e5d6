import { describe, expect, it } from "vitest";
import { spinalLevelSchema } from "./inputs";
import { normaliseLevel, parseSpinalLevel, sameLevel, sideCovers, sideQualifies, sidesOverlap } from "./levels";

// clinical-reference.md §6.1: one stored form for every way a level is written.
describe("level normalisation — worked examples", () => {
  it.each([
    ["L4-5", "L4-L5"],
    ["l4-l5", "L4-L5"],
    ["l4/l5", "L4-L5"],
    ["L4–L5", "L4-L5"], // en dash
    ["L4—L5", "L4-L5"], // em dash
    ["L4 L5", "L4-L5"],
    ["  L4 - L5 ", "L4-L5"],
    ["L4L5", "L4-L5"],
    ["L5-S1", "L5-S1"],
    ["l5/s1", "L5-S1"],
    ["C5-6", "C5-C6"],
    ["c6-c7", "C6-C7"],
    ["C7-T1", "C7-T1"],
    ["T12-L1", "T12-L1"],
    ["t7 8", "T7-T8"],
    ["L5", "L5"],
    ["s1", "S1"],
    ["C8", "C8"], // the C8 root
  ])("%s → %s", (raw, stored) => {
    expect(parseSpinalLevel(raw)).toMatchObject({ ok: true, level: stored });
  });

  it.each([
    ["", "not a spinal level"],
    ["lumbar", "not a spinal level"],
    ["L6", "L6 is not a spinal level"],
    ["L4-L9", "L9 is not a spinal level"],
    ["C8-T1", "C8 is not a spinal level"], // C8 is a root, not a vertebra
    ["L5-L4", "runs from the upper to the lower vertebra"],
    ["L4-L4", "runs from the upper to the lower vertebra"],
    ["X4-5", "not a spinal level"],
    ["L4-5-6", "not a spinal level"],
  ])("%s is refused (%s)", (raw, reason) => {
    const result = parseSpinalLevel(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });

  it("the input schema stores the normalised form and refuses bad text with a message on the field", () => {
    expect(spinalLevelSchema.parse("l4/5")).toBe("L4-L5");
    const bad = spinalLevelSchema.safeParse("L5-L4");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain("upper to the lower");
  });

  it("legacy rows compare by their normalised form: 'L4-5' and 'l4-l5' are the same level; L4-L5 and L5-S1 are not", () => {
    expect(sameLevel("L4-5", "l4-l5")).toBe(true);
    expect(sameLevel("L4-L5", "L5-S1")).toBe(false);
    expect(sameLevel(null, "L4-L5")).toBe(false);
    expect(normaliseLevel("not a level")).toBe("NOT A LEVEL");
  });
});

describe("side matching — worked examples", () => {
  it.each([
    // evidence side, target side, qualifies
    ["bilateral", "left", true],
    ["bilateral", "right", true],
    ["left", "left", true],
    ["left", "right", false],
    ["right", "left", false],
    ["left", "bilateral", false],
    ["bilateral", "bilateral", true],
    [null, "left", false],
  ] as const)("a %s block for a %s target → %s", (evidence, target, expected) => {
    expect(sideQualifies(evidence, target)).toBe(expected);
  });
  it("covers and overlap", () => {
    expect(sideCovers("bilateral", "right")).toBe(true);
    expect(sideCovers("left", "right")).toBe(false);
    expect(sidesOverlap("left", "right")).toBe(false);
    expect(sidesOverlap("left", "bilateral")).toBe(true);
    expect(sidesOverlap(null, "right")).toBe(true); // unknown side: counted as the same joint
  });
});

/** A small deterministic generator (mulberry32): fast-check is not installed. */
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

const REGIONS = [
  ["C", 7],
  ["T", 12],
  ["L", 5],
  ["S", 5],
] as const;
const ORDERED = REGIONS.flatMap(([letter, count]) => Array.from({ length: count }, (_, i) => `${letter}${i + 1}`));
const SEPARATORS = ["-", "/", " ", "–", "—", " - ", "", "_"];

describe("level normalisation — properties (seeded, 2000 cases)", () => {
  const random = rng(20261202);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const cases = Array.from({ length: 2000 }, () => {
    const i = Math.floor(random() * (ORDERED.length - 1));
    const from = ORDERED[i] as string;
    const single = random() < 0.2;
    const to = ORDERED[i + 1 + Math.floor(random() * Math.min(2, ORDERED.length - i - 1))] as string;
    const canonical = single ? from : `${from}-${to}`;
    // Write it the way people do: random case, random separator, the second letter dropped within a region.
    const sameRegion = !single && from[0] === to[0];
    const toText = sameRegion && random() < 0.5 ? to.slice(1) : to;
    const sep = pick(SEPARATORS);
    // With the separator omitted, a bare number would read as part of the first ("L45"): keep the letter then.
    const written = single ? from : `${from}${sep === "" ? to : `${sep}${toText}`}`;
    const cased = [...written].map((c) => (random() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join("");
    return { canonical, written: `${random() < 0.2 ? " " : ""}${cased}${random() < 0.2 ? " " : ""}` };
  });

  it("round trip: every generated spelling normalises to the canonical form", () => {
    for (const { canonical, written } of cases) expect(parseSpinalLevel(written), written).toMatchObject({ ok: true, level: canonical });
  });
  it("idempotent: normalising the stored form gives it back", () => {
    for (const { written } of cases) {
      const once = normaliseLevel(written);
      expect(normaliseLevel(once), written).toBe(once);
    }
  });
  it("case- and separator-insensitive: any two spellings of one level are the same level", () => {
    for (let i = 1; i < cases.length; i += 1) {
      const a = cases[i - 1];
      const b = cases[i];
      if (!a || !b) continue;
      expect(sameLevel(a.written, b.written), `${a.written} vs ${b.written}`).toBe(a.canonical === b.canonical);
    }
  });
});
