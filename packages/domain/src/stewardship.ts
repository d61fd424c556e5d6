import { z } from "zod";
import type { OpioidMonitoring, SafetyProfile } from "./clinical-v2";
import { addDays, addMonths } from "./common";
import type { Medication, Problem } from "./entities";
import type { Flag } from "./flags";
import { identifyDrugName } from "./medication-catalog";
import { dailyMme, DEFAULT_MME_TABLE, isOpioid, mmeTables, type MmeResult } from "./mme";
import type { Evidence } from "./patient-record";

/**
 * Opioid stewardship beyond MME (clinical-reference.md §6.5): naloxone, co-prescription and the
 * monitoring dates. Clinic policy, versioned: every message names the policy id that produced it.
 */
export const stewardshipPolicySchema = z.object({
  id: z.string().min(1).max(64),
  label: z.string().min(1),
  sources: z.array(z.string().min(1)).min(1),
  /** Offer naloxone from this MME/day upwards. */
  naloxoneMmeThreshold: z.number().positive(),
  /** How long a recorded naloxone offer stands before it is offered again. */
  naloxoneOfferValidMonths: z.number().int().min(1),
  /** Prescription-monitoring (PDMP) check: before starting, then at least every N months. */
  pdmpIntervalMonths: z.number().int().min(1),
  /** Urine drug test: at start, then at least every N months. */
  udtIntervalMonths: z.number().int().min(1),
  /** Opioid use on most days for longer than this is long-term opioid therapy. */
  longTermAfterDays: z.number().int().min(1),
  /** A check falling due within this many days shows as "due" before it is overdue. */
  dueSoonDays: z.number().int().min(0),
});
export type StewardshipPolicy = z.infer<typeof stewardshipPolicySchema>;

export const stewardshipPolicies = {
  "stewardship-cdc2022-v1": {
    id: "stewardship-cdc2022-v1",
    label: "Opioid stewardship (CDC 2022), clinic defaults v1",
    sources: [
      "CDC Clinical Practice Guideline for Prescribing Opioids for Pain — United States, 2022 (MMWR 2022;71(RR-3)), recommendations 8 (naloxone), 9 (PDMP), 10 (toxicology testing), 11 (benzodiazepines)",
      "clinical-reference.md §6.5 (clinic defaults: naloxone offer valid 12 months, checks due 14 days ahead)",
    ],
    naloxoneMmeThreshold: 50,
    naloxoneOfferValidMonths: 12,
    pdmpIntervalMonths: 3,
    udtIntervalMonths: 12,
    longTermAfterDays: 90,
    dueSoonDays: 14,
  },
} as const satisfies Record<string, StewardshipPolicy>;
export type StewardshipPolicyId = keyof typeof stewardshipPolicies;
export const defaultStewardshipPolicy: StewardshipPolicy = stewardshipPolicies["stewardship-cdc2022-v1"];

export type StewardshipMedication = Pick<Medication, "id" | "name" | "drugClass" | "opioid" | "doseMg" | "timesPerDay" | "asNeeded" | "status" | "startedAt">;
export type StewardshipRecord = {
  medications: readonly StewardshipMedication[];
  opioidMonitoring: readonly Pick<OpioidMonitoring, "id" | "kind" | "performedAt" | "result">[];
  safetyProfile: Pick<SafetyProfile, "id" | "overdoseOrSudHistory"> | null;
  problems: readonly Pick<Problem, "id" | "diagnosis" | "findings" | "status">[];
};

const iso = (date: Date): string => date.toISOString().slice(0, 10);
const dayStart = (date: Date): number => Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

/** A row's class, reading the name as well for rows saved before medications carried a class. */
function classOf(med: StewardshipMedication): Medication["drugClass"] {
  if (isOpioid(med)) return "opioid";
  if (med.drugClass !== "other") return med.drugClass;
  return identifyDrugName(med.name)?.drugClass ?? "other";
}

const active = (meds: readonly StewardshipMedication[], now: Date) => meds.filter((m) => m.status === "active" && m.startedAt.getTime() <= now.getTime());
const ofClass = (meds: readonly StewardshipMedication[], drugClass: Medication["drugClass"]) => meds.filter((m) => classOf(m) === drugClass);

export const medicationEvidence = (m: StewardshipMedication): Evidence => ({
  kind: "medication",
  id: m.id,
  summary: `${m.name} ${m.doseMg} × ${m.timesPerDay}/day${m.asNeeded ? " as needed (maximum)" : ""}, since ${iso(m.startedAt)}`,
});

// --- co-prescription ---------------------------------------------------------------------------------

export type CoPrescription = {
  /** Opioid + benzodiazepine: high attention (CDC 2022 rec. 11). Opioid + gabapentinoid only: a lesser note. */
  severity: "high" | "normal";
  opioids: StewardshipMedication[];
  benzodiazepines: StewardshipMedication[];
  gabapentinoids: StewardshipMedication[];
};

export function coPrescription(meds: readonly StewardshipMedication[], now: Date): CoPrescription | null {
  const current = active(meds, now);
  const opioids = ofClass(current, "opioid");
  if (opioids.length === 0) return null;
  const benzodiazepines = ofClass(current, "benzodiazepine");
  const gabapentinoids = ofClass(current, "gabapentinoid");
  if (benzodiazepines.length === 0 && gabapentinoids.length === 0) return null;
  return { severity: benzodiazepines.length > 0 ? "high" : "normal", opioids, benzodiazepines, gabapentinoids };
}

// --- naloxone ----------------------------------------------------------------------------------------

export type NaloxoneCoverage = {
  /** Why naloxone should be offered; empty when no reason applies (or no opioid is active). */
  reasons: string[];
  /** What covers it: an active naloxone medication, or an offer still within its validity. */
  covered:
    | { by: "medication"; medication: StewardshipMedication; summary: string }
    | { by: "offer"; record: StewardshipRecord["opioidMonitoring"][number]; validUntil: Date; summary: string }
    | null;
  /** True while a reason applies and nothing covers it: the `naloxone_needed` flag. */
  needed: boolean;
  evidence: Evidence[];
};

export function naloxoneCoverage(record: StewardshipRecord, now: Date, policy: StewardshipPolicy = defaultStewardshipPolicy, mme: MmeResult = dailyMme(record.medications)): NaloxoneCoverage {
  const current = active(record.medications, now);
  const opioids = ofClass(current, "opioid");
  const evidence: Evidence[] = [];
  const reasons: string[] = [];
  if (opioids.length > 0) {
    if (mme.total >= policy.naloxoneMmeThreshold) {
      reasons.push(`${mme.total} MME/day (≥ ${policy.naloxoneMmeThreshold}, table ${mme.table})`);
      evidence.push(...opioids.map(medicationEvidence));
    }
    const benzodiazepines = ofClass(current, "benzodiazepine");
    if (benzodiazepines.length > 0) {
      reasons.push(`opioid with a benzodiazepine (${benzodiazepines.map((m) => m.name).join(", ")})`);
      if (evidence.length === 0) evidence.push(...opioids.map(medicationEvidence));
      evidence.push(...benzodiazepines.map(medicationEvidence));
    }
    if (record.safetyProfile?.overdoseOrSudHistory === true) {
      reasons.push("history of overdose or substance-use disorder (safety profile)");
      evidence.push({ kind: "safety_profile", id: record.safetyProfile.id, summary: "Overdose or substance-use disorder history: yes" });
    }
    const sudProblems = record.problems.filter((p) => p.status === "active" && p.findings.includes("substance_use_concern"));
    if (sudProblems.length > 0) {
      reasons.push(`substance-use concern on an active problem (${sudProblems.map((p) => p.diagnosis).join(", ")})`);
      evidence.push(...sudProblems.map((p) => ({ kind: "problem" as const, id: p.id, summary: `${p.diagnosis}: substance-use concern` })));
    }
  }
  const naloxoneMed = ofClass(current, "naloxone")[0];
  const lastOffer = latestOf(record.opioidMonitoring, "naloxone_offered", now);
  const offerValidUntil = lastOffer ? addMonths(lastOffer.performedAt, policy.naloxoneOfferValidMonths) : null;
  const covered: NaloxoneCoverage["covered"] = naloxoneMed
    ? { by: "medication", medication: naloxoneMed, summary: `prescribed: ${naloxoneMed.name} (since ${iso(naloxoneMed.startedAt)})` }
    : lastOffer && offerValidUntil && offerValidUntil.getTime() > now.getTime()
      ? { by: "offer", record: lastOffer, validUntil: offerValidUntil, summary: `offered ${iso(lastOffer.performedAt)} (stands until ${iso(offerValidUntil)})` }
      : null;
  return { reasons, covered, needed: reasons.length > 0 && covered === null, evidence };
}

// --- monitoring dates --------------------------------------------------------------------------------

export type MonitoringCheck = "pdmp_check" | "urine_drug_test";
export const monitoringCheckLabels: Record<MonitoringCheck | "naloxone_offered", string> = {
  pdmp_check: "Prescription-monitoring (PDMP) check",
  urine_drug_test: "Urine drug test",
  naloxone_offered: "Naloxone offered",
};

export type MonitoringDue = {
  kind: MonitoringCheck;
  label: string;
  last: { id: string; performedAt: Date; result: string | null } | null;
  /** When the next check is due: the last one plus the interval, or the start of opioid therapy if never recorded. */
  dueDate: Date;
  state: "ok" | "due" | "overdue";
  /** e.g. "last 2026-07-02, every 3 months", "never recorded". */
  summary: string;
};

function latestOf<T extends { kind: string; performedAt: Date }>(rows: readonly T[], kind: string, now: Date): T | undefined {
  return rows.filter((r) => r.kind === kind && r.performedAt.getTime() <= now.getTime()).reduce<T | undefined>((acc, r) => (acc === undefined || r.performedAt > acc.performedAt ? r : acc), undefined);
}

function checkDue(record: StewardshipRecord, kind: MonitoringCheck, intervalMonths: number, therapyStart: Date, now: Date, policy: StewardshipPolicy): MonitoringDue {
  const last = latestOf(record.opioidMonitoring, kind, now);
  const dueDate = last ? addMonths(last.performedAt, intervalMonths) : therapyStart;
  const today = dayStart(now);
  const state = dayStart(dueDate) < today ? "overdue" : dayStart(dueDate) <= dayStart(addDays(now, policy.dueSoonDays)) ? "due" : "ok";
  const every = `at least every ${intervalMonths} months`;
  const summary = last ? `last ${iso(last.performedAt)}, due ${iso(dueDate)} (${every})` : `never recorded — due at the start of opioid therapy (${iso(therapyStart)}), then ${every}`;
  return { kind, label: monitoringCheckLabels[kind], last: last ? { id: last.id, performedAt: last.performedAt, result: last.result } : null, dueDate, state, summary };
}

export type OpioidTherapy = {
  /** The earliest start among the active opioids. */
  since: Date;
  longTerm: boolean;
  opioids: StewardshipMedication[];
};

export function opioidTherapy(meds: readonly StewardshipMedication[], now: Date, policy: StewardshipPolicy = defaultStewardshipPolicy): OpioidTherapy | null {
  const opioids = ofClass(active(meds, now), "opioid");
  if (opioids.length === 0) return null;
  const since = new Date(Math.min(...opioids.map((m) => m.startedAt.getTime())));
  return { since, longTerm: addDays(since, policy.longTermAfterDays).getTime() <= now.getTime(), opioids };
}

/** PDMP and urine drug test dates while an opioid is active; none without one. */
export function monitoringDue(record: StewardshipRecord, now: Date, policy: StewardshipPolicy = defaultStewardshipPolicy): MonitoringDue[] {
  const therapy = opioidTherapy(record.medications, now, policy);
  if (therapy === null) return [];
  return [checkDue(record, "pdmp_check", policy.pdmpIntervalMonths, therapy.since, now, policy), checkDue(record, "urine_drug_test", policy.udtIntervalMonths, therapy.since, now, policy)];
}

// --- the panel and the flags ------------------------------------------------------------------------

export type StewardshipSummary = {
  policyId: string;
  policyLabel: string;
  therapy: OpioidTherapy | null;
  mme: MmeResult & { tableLabel: string };
  naloxone: NaloxoneCoverage;
  coPrescription: CoPrescription | null;
  monitoring: MonitoringDue[];
};

/** Everything the medications tab's stewardship panel shows, computed once here. */
export function stewardshipSummary(record: StewardshipRecord, now: Date, policy: StewardshipPolicy = defaultStewardshipPolicy): StewardshipSummary {
  const mme = dailyMme(record.medications, DEFAULT_MME_TABLE);
  return {
    policyId: policy.id,
    policyLabel: policy.label,
    therapy: opioidTherapy(record.medications, now, policy),
    mme: { ...mme, tableLabel: mmeTables[mme.table].label },
    naloxone: naloxoneCoverage(record, now, policy, mme),
    coPrescription: coPrescription(record.medications, now),
    monitoring: monitoringDue(record, now, policy),
  };
}

export const stewardshipFlagCodes = ["unknown_mme", "naloxone_needed", "opioid_coprescription", "opioid_monitoring_due"] as const satisfies readonly Flag["code"][];

/** unknown_mme, naloxone_needed, opioid_coprescription and opioid_monitoring_due (§6.5), for the physician; naloxone and benzodiazepines also for the team review. */
export function stewardshipFlags(record: StewardshipRecord, now: Date, policy: StewardshipPolicy = defaultStewardshipPolicy): Flag[] {
  const flags: Flag[] = [];
  const mme = dailyMme(record.medications.filter((m) => m.startedAt.getTime() <= now.getTime()), DEFAULT_MME_TABLE);
  const notIncluded = mme.lines.filter((line) => !line.included);
  if (notIncluded.length > 0) {
    flags.push({
      code: "unknown_mme",
      severity: "normal",
      audience: ["physician"],
      agenda: false,
      message: `Opioid not included in MME: ${notIncluded.map((l) => l.name).join(", ")} — no factor in table ${mme.table}; the total of ${mme.total} MME/day leaves it out`,
      evidence: notIncluded.map((l) => ({ kind: "medication", id: l.medicationId, summary: `${l.name}: not included in MME (table ${mme.table})` })),
      policyId: policy.id,
    });
  }
  const naloxone = naloxoneCoverage(record, now, policy, mme);
  if (naloxone.needed) {
    flags.push({
      code: "naloxone_needed",
      severity: "high",
      audience: ["physician"],
      agenda: true,
      message: `Offer naloxone: ${naloxone.reasons.join("; ")} — no naloxone prescribed or offered in the last ${policy.naloxoneOfferValidMonths} months (policy ${policy.id})`,
      evidence: naloxone.evidence,
      policyId: policy.id,
    });
  }
  const co = coPrescription(record.medications, now);
  if (co) {
    const others = [...co.benzodiazepines, ...co.gabapentinoids];
    const what = co.severity === "high" ? `opioid with a benzodiazepine${co.gabapentinoids.length > 0 ? " and a gabapentinoid" : ""}` : "opioid with a gabapentinoid (a lesser note: watch for sedation)";
    flags.push({
      code: "opioid_coprescription",
      severity: co.severity,
      audience: ["physician"],
      agenda: co.severity === "high",
      message: `Co-prescription: ${what} — ${[...co.opioids, ...others].map((m) => m.name).join(" + ")} (policy ${policy.id})`,
      evidence: [...co.opioids, ...others].map(medicationEvidence),
      policyId: policy.id,
    });
  }
  const due = monitoringDue(record, now, policy).filter((m) => m.state !== "ok");
  if (due.length > 0) {
    const overdue = due.some((m) => m.state === "overdue");
    flags.push({
      code: "opioid_monitoring_due",
      severity: overdue ? "high" : "normal",
      audience: ["physician"],
      agenda: false,
      message: `Opioid monitoring ${overdue ? "overdue" : "due"}: ${due.map((m) => `${m.label} ${m.state} — ${m.summary}`).join("; ")} (policy ${policy.id})`,
      evidence: [
        ...due.flatMap((m) => (m.last ? [{ kind: "opioid_monitoring" as const, id: m.last.id, summary: `${m.label} ${iso(m.last.performedAt)}` }] : [])),
        ...(opioidTherapy(record.medications, now, policy)?.opioids.map(medicationEvidence) ?? []),
      ],
      policyId: policy.id,
    });
  }
  return flags;
}
