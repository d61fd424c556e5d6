import { z } from "zod";
import { round1 } from "./common";
import { DomainError } from "./errors";

export const instruments = ["nrs", "peg3", "odi", "phq9", "gad7", "pcs"] as const;
export const instrumentSchema = z.enum(instruments);
export type Instrument = z.infer<typeof instrumentSchema>;

export const severities = [
  "none",
  "minimal",
  "mild",
  "moderate",
  "moderately_severe",
  "severe",
  "crippled",
  "bed_bound",
  "clinically_relevant",
  "below_threshold",
] as const;
export const severitySchema = z.enum(severities);
export type Severity = z.infer<typeof severitySchema>;

/** A band covers scores up to and including `upTo`; the first band whose `upTo` ≥ score wins. */
export type SeverityBand = { readonly upTo: number; readonly severity: Severity; readonly label: string };

/**
 * Item counts, item ranges and bands from clinical-reference.md §1. Instrument wording (ODI, PCS)
 * may be licensed, so only responses are stored and scored here.
 */
export const instrumentDefinitions = {
  nrs: {
    label: "Pain NRS",
    items: 1,
    itemMin: 0,
    itemMax: 10,
    scoreMax: 10,
    source: "common BPI-style bands",
    bands: [
      { upTo: 0, severity: "none", label: "none" },
      { upTo: 4, severity: "mild", label: "mild" },
      { upTo: 6, severity: "moderate", label: "moderate" },
      { upTo: 10, severity: "severe", label: "severe" },
    ],
  },
  peg3: {
    label: "PEG-3",
    items: 3,
    itemMin: 0,
    itemMax: 10,
    scoreMax: 10,
    source: "Krebs et al., J Gen Intern Med 2009;24:733",
    // PEG is tracked as change from baseline, not banded.
    bands: [],
  },
  odi: {
    label: "Oswestry Disability Index",
    items: 10,
    itemMin: 0,
    itemMax: 5,
    scoreMax: 100,
    source: "Fairbank & Pynsent, Spine 2000",
    bands: [
      { upTo: 20, severity: "minimal", label: "minimal disability" },
      { upTo: 40, severity: "moderate", label: "moderate disability" },
      { upTo: 60, severity: "severe", label: "severe disability" },
      { upTo: 80, severity: "crippled", label: "crippled" },
      { upTo: 100, severity: "bed_bound", label: "bed-bound" },
    ],
  },
  phq9: {
    label: "PHQ-9",
    items: 9,
    itemMin: 0,
    itemMax: 3,
    scoreMax: 27,
    source: "Kroenke et al. 2001",
    bands: [
      { upTo: 4, severity: "minimal", label: "minimal" },
      { upTo: 9, severity: "mild", label: "mild" },
      { upTo: 14, severity: "moderate", label: "moderate" },
      { upTo: 19, severity: "moderately_severe", label: "moderately severe" },
      { upTo: 27, severity: "severe", label: "severe" },
    ],
  },
  gad7: {
    label: "GAD-7",
    items: 7,
    itemMin: 0,
    itemMax: 3,
    scoreMax: 21,
    source: "Spitzer et al. 2006",
    bands: [
      { upTo: 4, severity: "minimal", label: "minimal" },
      { upTo: 9, severity: "mild", label: "mild" },
      { upTo: 14, severity: "moderate", label: "moderate" },
      { upTo: 21, severity: "severe", label: "severe" },
    ],
  },
  pcs: {
    label: "Pain Catastrophizing Scale",
    items: 13,
    itemMin: 0,
    itemMax: 4,
    scoreMax: 52,
    source: "Sullivan et al. 1995",
    bands: [
      { upTo: 29, severity: "below_threshold", label: "below clinical threshold" },
      { upTo: 52, severity: "clinically_relevant", label: "clinically relevant catastrophizing (≥30)" },
    ],
  },
} as const satisfies Record<
  Instrument,
  {
    label: string;
    items: number;
    itemMin: number;
    itemMax: number;
    scoreMax: number;
    source: string;
    bands: readonly SeverityBand[];
  }
>;

/** 1-based item numbers, as printed on the PCS form. */
export const pcsSubscaleItems = {
  rumination: [8, 9, 10, 11],
  magnification: [6, 7, 13],
  helplessness: [1, 2, 3, 4, 5, 12],
} as const;
export type PcsSubscale = keyof typeof pcsSubscaleItems;

/** The ODI allows at most this many unanswered sections; with more the form is incomplete. */
export const ODI_MAX_UNANSWERED = 1;
export const PHQ9_SAFETY_ITEM = 9;

export type Response = number | null;

export type InstrumentScore = {
  instrument: Instrument;
  /** null only for an incomplete ODI. */
  score: number | null;
  severity: Severity | null;
  complete: boolean;
  subscales: Record<string, number> | null;
  /** PHQ-9 item 9 > 0: urgent whatever the total. Always false for other instruments. */
  safetyFlag: boolean;
};

function responsesError(message: string): DomainError {
  return new DomainError("BAD_REQUEST", message, "responses");
}

/**
 * Checks length and integer ranges; `null` (unanswered) is allowed only on the ODI.
 * Throws DomainError BAD_REQUEST with field "responses".
 */
export function validateResponses(instrument: Instrument, responses: readonly Response[]): void {
  const def = instrumentDefinitions[instrument];
  if (responses.length !== def.items) {
    throw responsesError(`${def.label} needs ${def.items} responses, got ${responses.length}`);
  }
  responses.forEach((value, index) => {
    if (value === null) {
      if (instrument !== "odi") throw responsesError(`${def.label} item ${index + 1} is unanswered`);
      return;
    }
    if (!Number.isInteger(value) || value < def.itemMin || value > def.itemMax) {
      throw responsesError(`${def.label} item ${index + 1} must be an integer ${def.itemMin}–${def.itemMax}`);
    }
  });
}

export function severityFor(instrument: Instrument, score: number): Severity | null {
  const bands: readonly SeverityBand[] = instrumentDefinitions[instrument].bands;
  return bands.find((band) => score <= band.upTo)?.severity ?? null;
}

function answered(responses: readonly Response[]): number[] {
  return responses.filter((r): r is number => r !== null);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function result(instrument: Instrument, score: number, extra: Partial<InstrumentScore> = {}): InstrumentScore {
  return {
    instrument,
    score,
    severity: severityFor(instrument, score),
    complete: true,
    subscales: null,
    safetyFlag: false,
    ...extra,
  };
}

export function scoreNrs(responses: readonly Response[]): InstrumentScore {
  validateResponses("nrs", responses);
  return result("nrs", sum(answered(responses)));
}

/** Mean of the three items, one decimal. */
export function scorePeg(responses: readonly Response[]): InstrumentScore {
  validateResponses("peg3", responses);
  return result("peg3", round1(sum(answered(responses)) / 3));
}

/** sum ÷ (5 × answered sections) × 100, one decimal; more than one unanswered section → incomplete. */
export function scoreOdi(responses: readonly Response[]): InstrumentScore {
  validateResponses("odi", responses);
  const values = answered(responses);
  if (responses.length - values.length > ODI_MAX_UNANSWERED) {
    return { instrument: "odi", score: null, severity: null, complete: false, subscales: null, safetyFlag: false };
  }
  return result("odi", round1((sum(values) / (5 * values.length)) * 100));
}

export function scorePhq9(responses: readonly Response[]): InstrumentScore {
  validateResponses("phq9", responses);
  const item9 = responses[PHQ9_SAFETY_ITEM - 1] ?? 0;
  return result("phq9", sum(answered(responses)), { safetyFlag: item9 > 0 });
}

export function scoreGad7(responses: readonly Response[]): InstrumentScore {
  validateResponses("gad7", responses);
  return result("gad7", sum(answered(responses)));
}

export function scorePcs(responses: readonly Response[]): InstrumentScore {
  validateResponses("pcs", responses);
  const item = (n: number): number => responses[n - 1] ?? 0;
  const subscales: Record<PcsSubscale, number> = {
    rumination: sum(pcsSubscaleItems.rumination.map(item)),
    magnification: sum(pcsSubscaleItems.magnification.map(item)),
    helplessness: sum(pcsSubscaleItems.helplessness.map(item)),
  };
  return result("pcs", sum(answered(responses)), { subscales });
}

/** The server's single entry point: clients send responses, never scores. */
export function scoreInstrument(instrument: Instrument, responses: readonly Response[]): InstrumentScore {
  switch (instrument) {
    case "nrs":
      return scoreNrs(responses);
    case "peg3":
      return scorePeg(responses);
    case "odi":
      return scoreOdi(responses);
    case "phq9":
      return scorePhq9(responses);
    case "gad7":
      return scoreGad7(responses);
    case "pcs":
      return scorePcs(responses);
  }
}

// Meaningful change — IMMPACT (Dworkin et al., J Pain 2008;9:105; Farrar et al., Pain 2001;94:149)
// for pain; Ostelo et al., Spine 2008 for the ODI.
export const MEANINGFUL_PAIN_REDUCTION_PERCENT = 30;
export const MEANINGFUL_NRS_POINTS = 2;
export const MEANINGFUL_ODI_POINTS = 10;

/** Reduction from baseline in percent of baseline, one decimal; null when the baseline is 0. */
export function percentReduction(baseline: number, current: number): number | null {
  if (baseline <= 0) return null;
  return round1(((baseline - current) / baseline) * 100);
}

/**
 * ≥30% reduction from baseline, or ≥2 points. The 2-point rule is defined on the 0–10 NRS, so it
 * applies to NRS only; PEG (also 0–10, a mean) is judged by the percentage.
 */
export function isMeaningfulPainImprovement(instrument: "nrs" | "peg3", baseline: number, current: number): boolean {
  const reduction = percentReduction(baseline, current);
  if (reduction !== null && reduction >= MEANINGFUL_PAIN_REDUCTION_PERCENT) return true;
  return instrument === "nrs" && baseline - current >= MEANINGFUL_NRS_POINTS;
}

export function isMeaningfulOdiImprovement(baseline: number, current: number): boolean {
  return round1(baseline - current) >= MEANINGFUL_ODI_POINTS;
}

/**
 * Scores from baseline down to the first one that would count as a meaningful improvement: change
 * too small to call meaningful, drawn as a band on a chart. Derived from the rules above, so the
 * band and the verdict cannot disagree.
 */
export function unmeaningfulChangeBand(instrument: Instrument, baseline: number): { from: number; to: number; label: string } | null {
  const percentFloor = baseline * (1 - MEANINGFUL_PAIN_REDUCTION_PERCENT / 100);
  switch (instrument) {
    case "nrs":
      return { from: Math.max(0, percentFloor, baseline - MEANINGFUL_NRS_POINTS), to: baseline, label: `less than ${MEANINGFUL_PAIN_REDUCTION_PERCENT}% or ${MEANINGFUL_NRS_POINTS} points` };
    case "peg3":
      return { from: Math.max(0, percentFloor), to: baseline, label: `less than ${MEANINGFUL_PAIN_REDUCTION_PERCENT}% change` };
    case "odi":
      return { from: Math.max(0, baseline - MEANINGFUL_ODI_POINTS), to: baseline, label: `less than ${MEANINGFUL_ODI_POINTS} points` };
    default:
      return null;
  }
}
