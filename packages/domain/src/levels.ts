import type { Side } from "./procedure-catalog";

// clinical-reference.md §6.1: levels are structured (region + from + to) and stored in one form.
// Free text such as "L4-5", "l4/l5", "L4–L5" or "L4 L5" is normalised on input; candidacy compares
// normalised forms so that rows saved before normalisation still match.

/** The vertebrae of each spinal region, top to bottom (C8 exists only as a nerve root). */
const regionCounts = { C: 7, T: 12, L: 5, S: 5 } as const;
type RegionLetter = keyof typeof regionCounts;
const regionOrder: readonly RegionLetter[] = ["C", "T", "L", "S"];

export type SpinalLevel = { from: { region: RegionLetter; n: number }; to: { region: RegionLetter; n: number } | null };

export type LevelParse = { ok: true; level: string; parsed: SpinalLevel } | { ok: false; reason: string };

const EXAMPLE = 'a spinal level such as "L4-L5", "L5-S1", "C5-C6" or a single level such as "S1"';

function ordinal(region: RegionLetter, n: number): number {
  let offset = 0;
  for (const r of regionOrder) {
    if (r === region) return offset + n;
    offset += regionCounts[r];
  }
  return offset + n;
}

function validVertebra(region: RegionLetter, n: number, single: boolean): boolean {
  // A single cervical level may name the C8 root; a segment runs between vertebrae, C1–C7.
  const max = region === "C" && single ? 8 : regionCounts[region];
  return Number.isInteger(n) && n >= 1 && n <= max;
}

const isRegion = (value: string): value is RegionLetter => value in regionCounts;

/**
 * Parses free text into the stored form: "L4-5", "l4/l5", "L4–L5", "L4 L5", "L4L5" → "L4-L5";
 * "L5-S1", "C5-6" → "C5-C6"; "S1" → "S1". A range must run downwards ("L5-L4" is refused).
 */
export function parseSpinalLevel(raw: string): LevelParse {
  const compact = raw
    .trim()
    .toUpperCase()
    .replace(/[\u2010-\u2015\u2212/\\_.,:;]+/g, "-")
    .replace(/\s*-\s*|\s+/g, "-")
    .replace(/-+/g, "-");
  const match = /^([CTLS])(\d{1,2})(?:-?([CTLS])(\d{1,2})|-(\d{1,2}))?$/.exec(compact);
  if (!match) return { ok: false, reason: `"${raw.trim()}" is not ${EXAMPLE}` };
  const [, fromLetter = "", fromDigits = "", toLetter, toDigitsLettered, toDigitsBare] = match;
  if (!isRegion(fromLetter)) return { ok: false, reason: `"${raw.trim()}" is not ${EXAMPLE}` };
  const fromN = Number(fromDigits);
  const toDigits = toDigitsLettered ?? toDigitsBare;
  if (toDigits === undefined) {
    if (!validVertebra(fromLetter, fromN, true)) return { ok: false, reason: `${fromLetter}${fromN} is not a spinal level` };
    return { ok: true, level: `${fromLetter}${fromN}`, parsed: { from: { region: fromLetter, n: fromN }, to: null } };
  }
  const toRegion = toLetter ?? fromLetter;
  if (!isRegion(toRegion)) return { ok: false, reason: `"${raw.trim()}" is not ${EXAMPLE}` };
  const toN = Number(toDigits);
  if (!validVertebra(fromLetter, fromN, false)) return { ok: false, reason: `${fromLetter}${fromN} is not a spinal level` };
  if (!validVertebra(toRegion, toN, false)) return { ok: false, reason: `${toRegion}${toN} is not a spinal level` };
  if (ordinal(toRegion, toN) <= ordinal(fromLetter, fromN)) {
    return { ok: false, reason: `a level runs from the upper to the lower vertebra ("${fromLetter}${fromN}-${toRegion}${toN}" does not)` };
  }
  return {
    ok: true,
    level: `${fromLetter}${fromN}-${toRegion}${toN}`,
    parsed: { from: { region: fromLetter, n: fromN }, to: { region: toRegion, n: toN } },
  };
}

/** The stored form, or null when the text is not a level (legacy rows are compared as they are). */
export function normaliseLevel(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const result = parseSpinalLevel(raw);
  return result.ok ? result.level : raw.trim().toUpperCase();
}

/** Two levels are the same when their normalised forms are; a missing level matches nothing. */
export function sameLevel(a: string | null | undefined, b: string | null | undefined): boolean {
  const na = normaliseLevel(a);
  const nb = normaliseLevel(b);
  return na !== null && nb !== null && na === nb;
}

/** The sides a target needs evidence for: a bilateral procedure needs both. */
export function sidesNeeded(target: Side): readonly ("left" | "right")[] {
  return target === "bilateral" ? ["left", "right"] : [target];
}

/**
 * Whether a prior procedure on `evidence` side speaks for one side: a bilateral procedure counts for
 * either side at its level; a left-sided one never for the right.
 */
export function sideCovers(evidence: Side | null, side: "left" | "right"): boolean {
  return evidence === "bilateral" || evidence === side;
}

/** A prior procedure on `evidence` side is evidence for a target side when it covers every side the target needs. */
export function sideQualifies(evidence: Side | null, target: Side): boolean {
  return sidesNeeded(target).every((s) => sideCovers(evidence, s));
}

/** Whether two procedures touched a common side (a repeat at the same joint or level). */
export function sidesOverlap(a: Side | null, b: Side | null): boolean {
  if (a === null || b === null) return true;
  return a === "bilateral" || b === "bilateral" || a === b;
}
