import { z } from "zod";
import { round1 } from "./common";

/**
 * Versioned MME conversion factor tables. `cdc-2022`: CDC Clinical Practice Guideline for
 * Prescribing Opioids for Pain, MMWR 2022;71(RR-3). Older public tables differ (hydromorphone 4,
 * tiered methadone), so every total names the table that produced it. Factors estimate risk;
 * they are not a conversion between opioids.
 */
export const mmeTables = {
  "cdc-2022": {
    label: "CDC 2022 (MMWR 2022;71(RR-3))",
    factors: {
      codeine: 0.15,
      // Per mcg/hr of the patch, not per mg/day.
      fentanyl_transdermal: 2.4,
      hydrocodone: 1,
      hydromorphone: 5,
      methadone: 4.7,
      morphine: 1,
      oxycodone: 1.5,
      oxymorphone: 3,
      tapentadol: 0.4,
      tramadol: 0.2,
    },
  },
} as const;

export const mmeTableIds = ["cdc-2022"] as const satisfies readonly (keyof typeof mmeTables)[];
export const mmeTableIdSchema = z.enum(mmeTableIds);
export type MmeTableId = z.infer<typeof mmeTableIdSchema>;
export const DEFAULT_MME_TABLE: MmeTableId = "cdc-2022";

export type MmeOpioid = keyof (typeof mmeTables)["cdc-2022"]["factors"];

/** Opioids a medication row may name: every key of the MME table, plus buprenorphine (no factor). */
export const opioidKeys = [
  "codeine",
  "fentanyl_transdermal",
  "hydrocodone",
  "hydromorphone",
  "methadone",
  "morphine",
  "oxycodone",
  "oxymorphone",
  "tapentadol",
  "tramadol",
  "buprenorphine",
] as const satisfies readonly (MmeOpioid | "buprenorphine")[];
export const opioidKeySchema = z.enum(opioidKeys);
export type OpioidKey = z.infer<typeof opioidKeySchema>;

/** Clinic default attention thresholds, from the CDC guideline's decision-support logic. */
export const MME_THRESHOLDS = { review: 50, high: 90 } as const;
export type MmeThresholds = { review: number; high: number };

export type MmeMedication = {
  id: string;
  name: string;
  opioid: OpioidKey | null;
  /** The row's class (§6.5): an opioid counts even without a factor key, as "not included in MME". */
  drugClass?: string;
  doseMg: number;
  /** Scheduled doses per day, or for an "as needed, up to N per day" dose the maximum N: MME uses the maximum. */
  timesPerDay: number;
  status: "active" | "stopped";
};

/** Every opioid counts: one with a factor key, or one classed as an opioid without one. */
export function isOpioid(med: Pick<MmeMedication, "opioid" | "drugClass">): boolean {
  return med.opioid !== null || med.drugClass === "opioid";
}

export const NOT_INCLUDED_IN_MME = "not included in MME" as const;

export type MmeLine = {
  medicationId: string;
  name: string;
  mme: number | null;
  included: boolean;
  reason?: typeof NOT_INCLUDED_IN_MME;
};

export type MmeResult = {
  total: number;
  table: MmeTableId;
  lines: MmeLine[];
  thresholds: MmeThresholds;
  level: "below" | "review" | "high";
};

function factorFor(tableId: MmeTableId, opioid: OpioidKey): number | null {
  const factors: Partial<Record<OpioidKey, number>> = mmeTables[tableId].factors;
  return factors[opioid] ?? null;
}

/** MME/day of one active opioid; null when the table has no factor for it (buprenorphine). */
export function medicationMme(med: Pick<MmeMedication, "opioid" | "doseMg" | "timesPerDay">, tableId: MmeTableId = DEFAULT_MME_TABLE): number | null {
  if (med.opioid === null) return null;
  const factor = factorFor(tableId, med.opioid);
  if (factor === null) return null;
  // A patch delivers continuously: its dose is already a rate (mcg/hr), so doses per day do not apply.
  const dailyDose = med.opioid === "fentanyl_transdermal" ? med.doseMg : med.doseMg * med.timesPerDay;
  return round1(dailyDose * factor);
}

export function mmeLevel(total: number, thresholds: MmeThresholds = MME_THRESHOLDS): MmeResult["level"] {
  if (total >= thresholds.high) return "high";
  if (total >= thresholds.review) return "review";
  return "below";
}

/**
 * Total daily MME over ACTIVE opioid medications (non-opioids and stopped rows have no line).
 * An opioid without a factor (buprenorphine, meperidine, an unmatched "other" opioid) gets a line
 * with mme null and "not included in MME" — never a silent 0.
 */
export function dailyMme(
  meds: readonly MmeMedication[],
  tableId: MmeTableId = DEFAULT_MME_TABLE,
  thresholds: MmeThresholds = MME_THRESHOLDS,
): MmeResult {
  const lines: MmeLine[] = meds
    .filter((med) => med.status === "active" && isOpioid(med))
    .map((med) => {
      const mme = medicationMme(med, tableId);
      return mme === null
        ? { medicationId: med.id, name: med.name, mme: null, included: false, reason: NOT_INCLUDED_IN_MME }
        : { medicationId: med.id, name: med.name, mme, included: true };
    });
  const total = round1(lines.reduce((acc, line) => acc + (line.mme ?? 0), 0));
  return { total, table: tableId, lines, thresholds: { ...thresholds }, level: mmeLevel(total, thresholds) };
}
