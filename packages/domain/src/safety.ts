import { z } from "zod";
import { allergySchema, pregnancyStatusSchema, type AllergyCategory, type HoldConfirmation, type SafetyProfile } from "./clinical-v2";
import { expectedVersionSchema, idSchema, optionalText } from "./common";
import type { Medication, ProcedureOrder } from "./entities";
import { catalogEntry } from "./medication-catalog";
import type { Evidence } from "./patient-record";
import { procedureCatalog, type ProcedureType, type Region } from "./procedure-catalog";

// clinical-reference.md §6.4 (and the diabetes note of §6.3): the pre-procedure safety profile, the
// bleeding-risk class of each procedure, the anticoagulant / antiplatelet holds before it and the
// warnings an order carries. Every number and list here is clinic policy: one versioned object whose
// id and source are shown wherever a rule fires. Nothing here stops a drug by itself: the clinic
// confirms every hold with the prescriber.

export const bleedingRiskClasses = ["high", "intermediate", "low"] as const;
export type BleedingRisk = (typeof bleedingRiskClasses)[number];

/** A class for every region, or one class in some regions and another elsewhere (facet interventions). */
export type BleedingRiskRule = BleedingRisk | { byRegion: Partial<Record<Region, BleedingRisk>>; otherwise: BleedingRisk };

export type HoldRule = {
  /** Days (or hours, for enoxaparin) before the procedure; the clinic default is the upper end of the guideline's range. */
  amount: number;
  unit: "days" | "hours";
  /** The guideline's range as written, e.g. "3–5 days". */
  range: string;
  /** Risk classes before which the hold applies; low-risk procedures have no default hold. */
  before: readonly BleedingRisk[];
  /** A longer hold with impaired renal function (dabigatran). */
  renalImpairedAmount?: number;
  note?: string;
};

export type SafetyPolicy = {
  id: string;
  source: string;
  bleedingRisk: Record<ProcedureType, BleedingRiskRule>;
  /** Medication-catalogue key → hold. A drug of the class missing here has no default: the prescriber decides. */
  holds: Record<string, HoldRule>;
  /** Procedures that use iodinated contrast (fluoroscopic spinal and SI procedures, sympathetic blocks, leads). */
  usesIodinatedContrast: readonly ProcedureType[];
  /** Procedures that use a local anaesthetic (skin and needle track at least). */
  usesLocalAnaesthetic: readonly ProcedureType[];
  /** Procedures done under fluoroscopy (radiation: the pregnancy warning names it). */
  usesFluoroscopy: readonly ProcedureType[];
  /** §6.3: a steroid injection raises blood glucose in diabetes for this many hours. */
  steroidGlucoseRiseHours: { from: number; to: number };
};

const FACET_RISK: BleedingRiskRule = { byRegion: { cervical: "intermediate" }, otherwise: "low" };
const HIGH_AND_INTERMEDIATE = ["high", "intermediate"] as const satisfies readonly BleedingRisk[];

const FLUOROSCOPIC_SPINAL: readonly ProcedureType[] = [
  "esi_interlaminar",
  "esi_transforaminal",
  "selective_nerve_root_block",
  "medial_branch_block",
  "facet_joint_injection",
  "radiofrequency_ablation",
  "sacroiliac_joint_injection",
  "si_lateral_branch_rfa",
  "sympathetic_block",
  "epidural_adhesiolysis",
  "percutaneous_disc_decompression",
  "scs_trial",
  "scs_implant",
  "drg_stimulation_trial",
  "drg_stimulation_implant",
  "intrathecal_pump_trial",
  "intrathecal_pump_implant",
];

/**
 * ASRA/ESRA/AAPM/INS/NANS/WIP 2018 guideline (Narouze et al., Reg Anesth Pain Med 2018;43:225–262),
 * as clinical-reference.md §6.4 digests it. Where the reference is silent the choice is written
 * beside the entry.
 */
export const defaultSafetyPolicy: SafetyPolicy = {
  id: "safety-asra-2018-v1",
  source: "ASRA/ESRA/AAPM/INS/NANS/WIP 2018 guideline on interventional spine and pain procedures in patients on antiplatelet and anticoagulant medications",
  bleedingRisk: {
    scs_trial: "high",
    scs_implant: "high",
    drg_stimulation_trial: "high",
    drg_stimulation_implant: "high",
    intrathecal_pump_trial: "high",
    intrathecal_pump_implant: "high",
    percutaneous_disc_decompression: "high",
    epidural_adhesiolysis: "high",
    esi_interlaminar: "intermediate",
    esi_transforaminal: "intermediate",
    // A selective nerve root block is a transforaminal injection: the guideline's intermediate class.
    selective_nerve_root_block: "intermediate",
    sympathetic_block: "intermediate",
    medial_branch_block: FACET_RISK,
    facet_joint_injection: FACET_RISK,
    radiofrequency_ablation: FACET_RISK,
    sacroiliac_joint_injection: "low",
    // Lateral-branch ablation works on the same superficial sacral target as SI interventions (low).
    si_lateral_branch_rfa: "low",
    trigger_point_injection: "low",
    large_joint_injection: "low",
    // Peripheral nerve blocks (and the genicular ablation on the same peripheral nerves): low.
    genicular_nerve_block: "low",
    genicular_rfa: "low",
    occipital_nerve_block: "low",
    intercostal_nerve_block: "low",
  },
  holds: {
    warfarin: { amount: 5, unit: "days", range: "5 days", before: HIGH_AND_INTERMEDIATE, note: "normal INR on the day of the procedure" },
    clopidogrel: { amount: 7, unit: "days", range: "7 days", before: HIGH_AND_INTERMEDIATE },
    prasugrel: { amount: 10, unit: "days", range: "7–10 days", before: HIGH_AND_INTERMEDIATE },
    ticagrelor: { amount: 5, unit: "days", range: "5 days", before: HIGH_AND_INTERMEDIATE },
    apixaban: { amount: 5, unit: "days", range: "3–5 days", before: HIGH_AND_INTERMEDIATE },
    rivaroxaban: { amount: 3, unit: "days", range: "3 days", before: HIGH_AND_INTERMEDIATE },
    edoxaban: { amount: 3, unit: "days", range: "3 days", before: HIGH_AND_INTERMEDIATE },
    dabigatran: { amount: 5, unit: "days", range: "4–5 days", before: HIGH_AND_INTERMEDIATE, renalImpairedAmount: 6, note: "6 days with impaired renal function" },
    enoxaparin_therapeutic: { amount: 24, unit: "hours", range: "24 hours", before: HIGH_AND_INTERMEDIATE },
    enoxaparin_prophylactic: { amount: 12, unit: "hours", range: "12 hours", before: HIGH_AND_INTERMEDIATE },
    aspirin_primary: { amount: 6, unit: "days", range: "6 days", before: ["high"], note: "primary prevention: held before high-risk procedures only" },
  },
  usesIodinatedContrast: FLUOROSCOPIC_SPINAL,
  usesLocalAnaesthetic: Object.keys(procedureCatalog) as ProcedureType[],
  usesFluoroscopy: [...FLUOROSCOPIC_SPINAL, "genicular_nerve_block", "genicular_rfa", "large_joint_injection"],
  steroidGlucoseRiseHours: { from: 24, to: 72 },
};

export const safetyPolicies: readonly SafetyPolicy[] = [defaultSafetyPolicy];

export const bleedingRiskLabels: Record<BleedingRisk, string> = { high: "High", intermediate: "Intermediate", low: "Low" };

export function bleedingRisk(procedureType: ProcedureType, region: Region, policy: SafetyPolicy = defaultSafetyPolicy): BleedingRisk {
  const rule = policy.bleedingRisk[procedureType];
  return typeof rule === "string" ? rule : (rule.byRegion[region] ?? rule.otherwise);
}

// --- what the patient takes -------------------------------------------------------------------------

export type AntithromboticSource = "medication_list" | "safety_profile";

/** One anticoagulant or antiplatelet the patient takes, from the medication list or marked "taking" on the profile. */
export type Antithrombotic = {
  /** The catalogue key, or "medication:<id>" for a drug entered by name the catalogue does not hold. */
  drug: string;
  name: string;
  medicationId: string | null;
  source: AntithromboticSource;
};

const ANTITHROMBOTIC = new Set(["anticoagulant", "antiplatelet"]);

type MedicationLike = Pick<Medication, "id" | "name" | "catalogKey" | "drugClass" | "status">;

export function antithromboticsTaken(medications: readonly MedicationLike[], profile: Pick<SafetyProfile, "anticoagulantsTaking"> | null): Antithrombotic[] {
  const listed: Antithrombotic[] = medications
    .filter((m) => m.status === "active" && (ANTITHROMBOTIC.has(m.drugClass) || ANTITHROMBOTIC.has(catalogEntry(m.catalogKey)?.drugClass ?? "")))
    .map((m) => ({ drug: m.catalogKey ?? `medication:${m.id}`, name: m.name, medicationId: m.id, source: "medication_list" }));
  const seen = new Set(listed.map((a) => a.drug));
  const marked: Antithrombotic[] = (profile?.anticoagulantsTaking ?? [])
    .filter((key) => !seen.has(key))
    .map((key) => ({ drug: key, name: catalogEntry(key)?.name ?? key, medicationId: null, source: "safety_profile" }));
  return [...listed, ...marked];
}

// --- the hold plan of one order ---------------------------------------------------------------------

export const holdStates = ["confirmed", "hold_date_passed", "hold_from", "not_scheduled", "no_default", "no_hold_low_risk", "no_hold_for_risk"] as const;
export type HoldState = (typeof holdStates)[number];

export type HoldLine = Antithrombotic & {
  state: HoldState;
  rule: HoldRule | null;
  /** Days or hours held before this procedure (with the renal adjustment where it applies). */
  holdAmount: number | null;
  /** The moment from which the drug should be held; null without a scheduled date or without a hold. */
  holdBy: Date | null;
  /** The hold as people write it: "2026-12-05", or a date and time for an hours-based hold. */
  holdByLabel: string | null;
  /** The rule as applied, e.g. "Hold 5 days before"; null where no hold applies. */
  hold: string | null;
  confirmation: HoldConfirmation | null;
  /** A hold the team must act on (confirmable): everything but "no hold needed". */
  needsConfirmation: boolean;
  /** Past the hold date and not confirmed: urgent. */
  urgent: boolean;
  message: string;
};

export type HoldPlan = {
  policyId: string;
  source: string;
  risk: BleedingRisk;
  lines: HoldLine[];
};

export type OrderForSafety = Pick<ProcedureOrder, "id" | "procedureType" | "region" | "status" | "scheduledFor" | "withSteroid"> & {
  /** The order's confirmations as stored (the row carries them; older callers may not). */
  holdConfirmations?: readonly HoldConfirmation[] | null;
};

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const isoMinute = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** The calendar day of the procedure less N days (an apixaban hold of 5 before 2026-12-10 starts 2026-12-05). */
export function holdByDate(scheduledFor: Date, amount: number, unit: HoldRule["unit"]): Date {
  if (unit === "hours") return new Date(scheduledFor.getTime() - amount * HOUR_MS);
  const day = Date.UTC(scheduledFor.getUTCFullYear(), scheduledFor.getUTCMonth(), scheduledFor.getUTCDate());
  return new Date(day - amount * DAY_MS);
}

const amountLabel = (amount: number, unit: HoldRule["unit"]) => `${amount} ${unit === "days" ? (amount === 1 ? "day" : "days") : amount === 1 ? "hour" : "hours"}`;

/**
 * Each anticoagulant or antiplatelet the patient takes, against this order: the hold the policy asks
 * for before its bleeding-risk class, the date by which it should have been held (from the scheduled
 * date) and whether the hold is confirmed.
 */
export function holdPlan(
  order: OrderForSafety,
  record: { medications: readonly MedicationLike[]; safetyProfile: Pick<SafetyProfile, "anticoagulantsTaking" | "renalImpairment"> | null },
  now: Date,
  policy: SafetyPolicy = defaultSafetyPolicy,
): HoldPlan {
  const risk = bleedingRisk(order.procedureType, order.region, policy);
  const confirmations = order.holdConfirmations ?? [];
  const lines = antithromboticsTaken(record.medications, record.safetyProfile).map((drug): HoldLine => {
    const rule = policy.holds[drug.drug] ?? null;
    const confirmation = confirmations.find((c) => c.drug === drug.drug) ?? null;
    const base = { ...drug, rule, confirmation, hold: null, holdAmount: null, holdBy: null, holdByLabel: null, urgent: false };
    if (risk === "low") {
      return { ...base, state: "no_hold_low_risk", needsConfirmation: false, message: "No default hold before a low-risk procedure" };
    }
    if (!rule) {
      return confirmation
        ? { ...base, state: "confirmed", needsConfirmation: true, message: "Plan confirmed with the prescriber" }
        : { ...base, state: "no_default", needsConfirmation: true, message: "No default hold in the policy: confirm with the prescriber" };
    }
    if (!rule.before.includes(risk)) {
      return { ...base, state: "no_hold_for_risk", needsConfirmation: false, message: `No default hold before a ${risk}-risk procedure (${rule.note ?? `held before ${rule.before.join(" and ")} risk`})` };
    }
    const renal = rule.renalImpairedAmount !== undefined && record.safetyProfile?.renalImpairment === true;
    const holdAmount = renal ? rule.renalImpairedAmount! : rule.amount;
    const renalNote =
      rule.renalImpairedAmount === undefined
        ? ""
        : renal
          ? " (impaired renal function)"
          : record.safetyProfile?.renalImpairment == null
            ? ` (${amountLabel(rule.renalImpairedAmount, rule.unit)} if renal function is impaired: not recorded)`
            : "";
    const hold = `Hold ${amountLabel(holdAmount, rule.unit)} before${renalNote}${rule.note && !rule.renalImpairedAmount ? `; ${rule.note}` : ""}`;
    const scheduled = order.status === "scheduled" && order.scheduledFor !== null ? order.scheduledFor : null;
    if (!scheduled) {
      return confirmation
        ? { ...base, hold, holdAmount, state: "confirmed", needsConfirmation: true, message: `${hold}: confirmed` }
        : { ...base, hold, holdAmount, state: "not_scheduled", needsConfirmation: true, message: `${hold}: the date follows from the scheduled date` };
    }
    const holdBy = holdByDate(scheduled, holdAmount, rule.unit);
    const holdByLabel = rule.unit === "hours" ? isoMinute(holdBy) : isoDay(holdBy);
    const dated = { ...base, hold, holdAmount, holdBy, holdByLabel, needsConfirmation: true };
    if (confirmation) return { ...dated, state: "confirmed", message: `${hold}: held from ${holdByLabel}, confirmed` };
    if (now.getTime() >= holdBy.getTime()) {
      return { ...dated, state: "hold_date_passed", urgent: true, message: `Hold date passed (${holdByLabel}), not confirmed` };
    }
    return { ...dated, state: "hold_from", message: `Hold from ${holdByLabel}, not confirmed` };
  });
  return { policyId: policy.id, source: policy.source, risk, lines };
}

// --- warnings and notes on an order -------------------------------------------------------------------

export type SafetyNote = {
  code: "allergy" | "latex" | "no_profile" | "allergies_not_recorded" | "diabetes_steroid" | "pregnancy" | "active_infection" | "pregnancy_not_recorded";
  severity: "warning" | "attention";
  message: string;
};

export const allergyCategoryLabels: Record<AllergyCategory, string> = {
  iodinated_contrast: "Iodinated contrast",
  gadolinium: "Gadolinium",
  latex: "Latex",
  local_anaesthetic: "Local anaesthetic",
  corticosteroid: "Corticosteroid",
  other: "Other",
};

/** The categories the header badges: those that change how a procedure is done. */
export const flaggedAllergyCategories: readonly AllergyCategory[] = ["iodinated_contrast", "gadolinium", "latex", "local_anaesthetic", "corticosteroid"];

const usesSteroid = (order: OrderForSafety) => order.withSteroid || procedureCatalog[order.procedureType].steroid === "yes";

/** Allergy warnings and the profile's notes for one order (§6.4, the diabetes note of §6.3). */
export function orderSafetyNotes(order: OrderForSafety, profile: SafetyProfile | null, policy: SafetyPolicy = defaultSafetyPolicy): SafetyNote[] {
  if (!profile) return [{ code: "no_profile", severity: "attention", message: "Safety profile not recorded: allergies, anticoagulants, diabetes, pregnancy and infection are unknown" }];
  const notes: SafetyNote[] = [];
  const type = order.procedureType;
  const contrast = policy.usesIodinatedContrast.includes(type);
  for (const allergy of profile.allergies) {
    const who = `${allergy.substance}${allergy.reaction ? ` (${allergy.reaction})` : ""}`;
    const uses: Record<AllergyCategory, string | null> = {
      iodinated_contrast: contrast ? "this procedure uses iodinated contrast" : null,
      gadolinium: contrast ? "gadolinium is the usual substitute for iodinated contrast" : null,
      local_anaesthetic: policy.usesLocalAnaesthetic.includes(type) ? "this procedure uses a local anaesthetic" : null,
      corticosteroid: usesSteroid(order) ? "this order contains a corticosteroid" : null,
      latex: "latex-free room and equipment",
      other: null,
    };
    const why = uses[allergy.category];
    if (why) notes.push({ code: allergy.category === "latex" ? "latex" : "allergy", severity: "warning", message: `Allergy: ${who} — ${why}` });
  }
  if (!profile.noKnownAllergies && profile.allergies.length === 0) notes.push({ code: "allergies_not_recorded", severity: "attention", message: "Allergies not recorded" });
  if (profile.diabetes === true && usesSteroid(order)) {
    const h = policy.steroidGlucoseRiseHours;
    notes.push({ code: "diabetes_steroid", severity: "attention", message: `Diabetes: blood glucose rises for ${h.from}–${h.to} h after a steroid injection — advise glucose monitoring` });
  }
  if (profile.pregnancy === "possible" || profile.pregnancy === "confirmed") {
    const what = policy.usesFluoroscopy.includes(type) ? "this procedure uses fluoroscopy (radiation)" : "confirm the drugs used are safe in pregnancy";
    notes.push({ code: "pregnancy", severity: "warning", message: `Pregnancy ${profile.pregnancy}: ${what}` });
  } else if (profile.pregnancy === null && policy.usesFluoroscopy.includes(type)) {
    notes.push({ code: "pregnancy_not_recorded", severity: "attention", message: "Pregnancy status not recorded (fluoroscopy)" });
  }
  if (profile.activeInfection === true) notes.push({ code: "active_infection", severity: "warning", message: "Active infection: confirm it has resolved before the procedure" });
  return notes;
}

export type OrderSafety = HoldPlan & { notes: SafetyNote[] };

const OPEN_STATUSES = new Set(["proposed", "approved", "scheduled"]);

/** The panel on an open order: bleeding risk, holds and warnings, under one policy id. */
export function orderSafety(
  order: OrderForSafety,
  record: { medications: readonly MedicationLike[]; safetyProfile: SafetyProfile | null },
  now: Date,
  policy: SafetyPolicy = defaultSafetyPolicy,
): OrderSafety | null {
  if (!OPEN_STATUSES.has(order.status)) return null;
  return { ...holdPlan(order, record, now, policy), notes: orderSafetyNotes(order, record.safetyProfile, policy) };
}

// --- the anticoagulant-hold flag ---------------------------------------------------------------------

export type HoldFlag = {
  severity: "urgent" | "high";
  message: string;
  evidence: Evidence[];
};

/**
 * A scheduled order whose hold window has begun without a confirmed hold (urgent), or that lists a
 * drug without a default hold not yet settled with the prescriber: for the physician and coordinator.
 */
export function anticoagulantHoldFlags(
  record: { procedures: readonly OrderForSafety[]; medications: readonly MedicationLike[]; safetyProfile: SafetyProfile | null },
  now: Date,
  policy: SafetyPolicy = defaultSafetyPolicy,
): HoldFlag[] {
  const flags: HoldFlag[] = [];
  for (const order of record.procedures) {
    if (order.status !== "scheduled") continue;
    const plan = holdPlan(order, record, now, policy);
    const passed = plan.lines.filter((l) => l.state === "hold_date_passed");
    const undecided = plan.lines.filter((l) => l.state === "no_default");
    if (passed.length === 0 && undecided.length === 0) continue;
    const label = procedureCatalog[order.procedureType].label;
    const on = order.scheduledFor ? ` on ${isoDay(order.scheduledFor)}` : "";
    const parts = [...passed.map((l) => `${l.name} hold date passed (${l.holdByLabel}), not confirmed`), ...undecided.map((l) => `${l.name}: confirm with the prescriber`)];
    flags.push({
      severity: passed.length > 0 ? "urgent" : "high",
      message: `Anticoagulant hold: ${label}${on} — ${parts.join("; ")} (${plan.risk} bleeding risk, policy ${policy.id})`,
      evidence: [{ kind: "procedure", id: order.id, summary: `${label}, scheduled${on}` }],
    });
  }
  return flags;
}

// --- the header -------------------------------------------------------------------------------------

export type SafetyHeader = {
  recorded: boolean;
  allergies: { state: "not_recorded" | "none_known" | "listed"; items: SafetyProfile["allergies"]; flaggedCategories: AllergyCategory[] };
  antithrombotics: Antithrombotic[];
  diabetes: boolean | null;
  pregnancy: SafetyProfile["pregnancy"];
  activeInfection: boolean | null;
  implantedDevices: string | null;
  renalImpairment: boolean | null;
  overdoseOrSudHistory: boolean | null;
};

/** What the patient header shows every role; null fields read "not recorded", never "no". */
export function safetyHeader(profile: SafetyProfile | null, medications: readonly MedicationLike[]): SafetyHeader {
  const items = profile?.allergies ?? [];
  const state = items.length > 0 ? "listed" : profile?.noKnownAllergies ? "none_known" : "not_recorded";
  return {
    recorded: profile !== null,
    allergies: { state, items, flaggedCategories: flaggedAllergyCategories.filter((c) => items.some((a) => a.category === c)) },
    antithrombotics: antithromboticsTaken(medications, profile),
    diabetes: profile?.diabetes ?? null,
    pregnancy: profile?.pregnancy ?? null,
    activeInfection: profile?.activeInfection ?? null,
    implantedDevices: profile?.implantedDevices ?? null,
    renalImpairment: profile?.renalImpairment ?? null,
    overdoseOrSudHistory: profile?.overdoseOrSudHistory ?? null,
  };
}

// --- inputs -----------------------------------------------------------------------------------------

const antithromboticKeySchema = z
  .string()
  .max(64)
  .refine((key) => {
    const drugClass = catalogEntry(key)?.drugClass;
    return drugClass === "anticoagulant" || drugClass === "antiplatelet";
  }, "not an anticoagulant or antiplatelet of the medication catalogue");

const safetyProfileFields = {
  noKnownAllergies: z.boolean(),
  allergies: z
    .array(allergySchema.extend({ reaction: optionalText(500) }))
    .max(50),
  anticoagulantsTaking: z.array(antithromboticKeySchema).max(20),
  diabetes: z.boolean().nullable(),
  pregnancy: pregnancyStatusSchema.nullable(),
  activeInfection: z.boolean().nullable(),
  implantedDevices: optionalText(1000),
  renalImpairment: z.boolean().nullable(),
  overdoseOrSudHistory: z.boolean().nullable(),
};

/**
 * The whole profile as the form shows it. Without `expectedVersion` it creates the profile (first
 * save); with it, it replaces the version the caller read (a stale one is a CONFLICT).
 */
export const updateSafetyProfileInputSchema = z
  .strictObject({ patientId: idSchema, expectedVersion: expectedVersionSchema.nullable(), ...safetyProfileFields })
  .refine((p) => !(p.noKnownAllergies && p.allergies.length > 0), { message: "“No known allergies” cannot be set with allergies listed", path: ["noKnownAllergies"] })
  .refine((p) => new Set(p.anticoagulantsTaking).size === p.anticoagulantsTaking.length, { message: "a drug is listed twice", path: ["anticoagulantsTaking"] });
export type UpdateSafetyProfileInput = z.infer<typeof updateSafetyProfileInputSchema>;

export const confirmHoldInputSchema = z.strictObject({
  patientId: idSchema,
  procedureId: idSchema,
  /** The hold line's drug: a catalogue key, or "medication:<id>" for an uncatalogued drug on the list. */
  drug: z.string().min(1).max(64),
  note: optionalText(500),
});
export type ConfirmHoldInput = z.infer<typeof confirmHoldInputSchema>;

