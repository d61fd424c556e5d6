import { describe, expect, it } from "vitest";
import type { SafetyProfile } from "./clinical-v2";
import { computeFlags } from "./flags";
import { catalogEntry } from "./medication-catalog";
import type { ProcedureType, Region } from "./procedure-catalog";
import {
  anticoagulantHoldFlags,
  antithromboticsTaken,
  bleedingRisk,
  confirmHoldInputSchema,
  defaultSafetyPolicy,
  holdByDate,
  holdPlan,
  orderSafety,
  orderSafetyNotes,
  safetyHeader,
  updateSafetyProfileInputSchema,
  type BleedingRisk,
} from "./safety";
import { medication, PATIENT, PHYSICIAN_ID, procedure, record, uid } from "./test-fixtures";

const profile = (overrides: Partial<SafetyProfile> = {}): SafetyProfile => ({
  id: uid(),
  patientId: PATIENT,
  noKnownAllergies: true,
  allergies: [],
  anticoagulantsTaking: [],
  diabetes: false,
  pregnancy: "not_applicable",
  activeInfection: false,
  implantedDevices: null,
  renalImpairment: false,
  overdoseOrSudHistory: false,
  ...overrides,
});

const drug = (key: string) => {
  const entry = catalogEntry(key)!;
  return medication({ name: entry.name, catalogKey: key, drugClass: entry.drugClass, opioid: null, doseMg: 5, timesPerDay: 2 });
};

const scheduled = (procedureType: ProcedureType, scheduledFor: string, region: Region = "lumbar") =>
  procedure({ procedureType, region, status: "scheduled", scheduledFor: new Date(scheduledFor), performedAt: null, postProcedurePain: null, reliefPercent: null, reliefDurationDays: null });

describe("bleeding-risk class per procedure and region (§6.4, policy safety-asra-2018-v1)", () => {
  const table: [ProcedureType, Region, BleedingRisk][] = [
    ["scs_trial", "thoracic", "high"],
    ["scs_implant", "thoracic", "high"],
    ["drg_stimulation_trial", "lumbar", "high"],
    ["drg_stimulation_implant", "lumbar", "high"],
    ["intrathecal_pump_trial", "lumbar", "high"],
    ["intrathecal_pump_implant", "lumbar", "high"],
    ["percutaneous_disc_decompression", "lumbar", "high"],
    ["epidural_adhesiolysis", "lumbar", "high"],
    ["esi_interlaminar", "cervical", "intermediate"],
    ["esi_transforaminal", "lumbar", "intermediate"],
    ["selective_nerve_root_block", "lumbar", "intermediate"],
    ["sympathetic_block", "cervical", "intermediate"],
    ["medial_branch_block", "cervical", "intermediate"],
    ["facet_joint_injection", "cervical", "intermediate"],
    ["radiofrequency_ablation", "cervical", "intermediate"],
    ["medial_branch_block", "lumbar", "low"],
    ["facet_joint_injection", "thoracic", "low"],
    ["radiofrequency_ablation", "lumbar", "low"],
    ["sacroiliac_joint_injection", "sacral", "low"],
    ["si_lateral_branch_rfa", "sacral", "low"],
    ["trigger_point_injection", "lumbar", "low"],
    ["large_joint_injection", "knee", "low"],
    ["genicular_nerve_block", "knee", "low"],
    ["genicular_rfa", "knee", "low"],
    ["occipital_nerve_block", "occipital", "low"],
    ["intercostal_nerve_block", "chest_wall", "low"],
  ];
  it.each(table)("%s in the %s region → %s", (type, region, expected) => {
    expect(bleedingRisk(type, region)).toBe(expected);
  });
  it("every procedure type has a class", () => {
    for (const type of Object.keys(defaultSafetyPolicy.bleedingRisk)) expect(["high", "intermediate", "low"]).toContain(bleedingRisk(type as ProcedureType, "lumbar"));
  });
});

describe("hold-by dates (scheduled day less the hold)", () => {
  it.each([
    ["2026-12-10T09:00:00Z", 5, "days", "2026-12-05T00:00:00.000Z"],
    ["2026-12-10T09:00:00Z", 10, "days", "2026-11-30T00:00:00.000Z"],
    ["2026-03-02T08:00:00Z", 3, "days", "2026-02-27T00:00:00.000Z"],
    ["2026-12-10T09:00:00Z", 24, "hours", "2026-12-09T09:00:00.000Z"],
    ["2026-12-10T09:00:00Z", 12, "hours", "2026-12-09T21:00:00.000Z"],
  ] as const)("scheduled %s, hold %d %s → from %s", (at, amount, unit, expected) => {
    expect(holdByDate(new Date(at), amount, unit).toISOString()).toBe(expected);
  });
});

describe("hold plan worked examples (clinic default at the upper end of the guideline range)", () => {
  const before = new Date("2026-12-01T12:00:00Z");
  const table: { name: string; drug: string; type: ProcedureType; region?: Region; renal?: boolean | null; state: string; holdBy: string | null; amount: number | null }[] = [
    { name: "apixaban, ESI scheduled 2026-12-10 → hold by 2026-12-05, intermediate risk", drug: "apixaban", type: "esi_transforaminal", state: "hold_from", holdBy: "2026-12-05", amount: 5 },
    { name: "warfarin, interlaminar ESI 2026-12-10 → hold by 2026-12-05 (5 days, normal INR on the day)", drug: "warfarin", type: "esi_interlaminar", state: "hold_from", holdBy: "2026-12-05", amount: 5 },
    { name: "clopidogrel, SCS trial 2026-12-10 → hold by 2026-12-03 (7 days)", drug: "clopidogrel", type: "scs_trial", region: "thoracic", state: "hold_from", holdBy: "2026-12-03", amount: 7 },
    { name: "prasugrel, SCS trial 2026-12-10 → hold by 2026-11-30 (10 days): already passed on 2026-12-01", drug: "prasugrel", type: "scs_trial", region: "thoracic", state: "hold_date_passed", holdBy: "2026-11-30", amount: 10 },
    { name: "ticagrelor, cervical MBB 2026-12-10 → hold by 2026-12-05 (5 days)", drug: "ticagrelor", type: "medial_branch_block", region: "cervical", state: "hold_from", holdBy: "2026-12-05", amount: 5 },
    { name: "rivaroxaban, ESI 2026-12-10 → hold by 2026-12-07 (3 days)", drug: "rivaroxaban", type: "esi_transforaminal", state: "hold_from", holdBy: "2026-12-07", amount: 3 },
    { name: "edoxaban, ESI 2026-12-10 → hold by 2026-12-07 (3 days)", drug: "edoxaban", type: "esi_transforaminal", state: "hold_from", holdBy: "2026-12-07", amount: 3 },
    { name: "dabigatran, normal renal function → 5 days, hold by 2026-12-05", drug: "dabigatran", type: "esi_transforaminal", renal: false, state: "hold_from", holdBy: "2026-12-05", amount: 5 },
    { name: "dabigatran with renal impairment → 6 days, hold by 2026-12-04", drug: "dabigatran", type: "esi_transforaminal", renal: true, state: "hold_from", holdBy: "2026-12-04", amount: 6 },
    { name: "enoxaparin therapeutic, ESI 2026-12-10 09:00 → hold from 2026-12-09 09:00 (24 h)", drug: "enoxaparin_therapeutic", type: "esi_transforaminal", state: "hold_from", holdBy: "2026-12-09 09:00 UTC", amount: 24 },
    { name: "enoxaparin prophylactic, ESI 2026-12-10 09:00 → hold from 2026-12-09 21:00 (12 h)", drug: "enoxaparin_prophylactic", type: "esi_transforaminal", state: "hold_from", holdBy: "2026-12-09 21:00 UTC", amount: 12 },
    { name: "aspirin primary prevention, SCS trial 2026-12-10 → hold by 2026-12-04 (6 days, high risk)", drug: "aspirin_primary", type: "scs_trial", region: "thoracic", state: "hold_from", holdBy: "2026-12-04", amount: 6 },
    { name: "aspirin primary prevention, ESI (intermediate) → no default hold", drug: "aspirin_primary", type: "esi_transforaminal", state: "no_hold_for_risk", holdBy: null, amount: null },
    { name: "aspirin primary prevention before a trigger point injection → no hold (low risk)", drug: "aspirin_primary", type: "trigger_point_injection", state: "no_hold_low_risk", holdBy: null, amount: null },
    { name: "apixaban before a lumbar medial branch block → no hold (low risk)", drug: "apixaban", type: "medial_branch_block", state: "no_hold_low_risk", holdBy: null, amount: null },
    { name: "aspirin secondary prevention before an ESI → not in the table: confirm with the prescriber", drug: "aspirin_secondary", type: "esi_transforaminal", state: "no_default", holdBy: null, amount: null },
  ];
  it.each(table)("$name", ({ drug: key, type, region, renal, state, holdBy, amount }) => {
    const order = scheduled(type, "2026-12-10T09:00:00Z", region ?? "lumbar");
    const plan = holdPlan(order, { medications: [drug(key)], safetyProfile: profile({ renalImpairment: renal ?? false }) }, before);
    expect(plan.policyId).toBe("safety-asra-2018-v1");
    expect(plan.lines).toHaveLength(1);
    const [line] = plan.lines;
    expect(line!.state).toBe(state);
    expect(line!.holdByLabel).toBe(holdBy);
    expect(line!.holdAmount).toBe(amount);
    expect(line!.urgent).toBe(state === "hold_date_passed");
  });

  it("dabigatran with renal function not recorded → 5 days, and the message names the 6-day rule", () => {
    const plan = holdPlan(scheduled("esi_transforaminal", "2026-12-10T09:00:00Z"), { medications: [drug("dabigatran")], safetyProfile: profile({ renalImpairment: null }) }, before);
    expect(plan.lines[0]!.holdAmount).toBe(5);
    expect(plan.lines[0]!.hold).toBe("Hold 5 days before (6 days if renal function is impaired: not recorded)");
  });

  it("S1: apixaban, ESI scheduled 2 days after now → hold date passed 3 days ago, not confirmed (urgent)", () => {
    const now = new Date("2026-12-02T10:00:00Z");
    const plan = holdPlan(scheduled("esi_transforaminal", "2026-12-04T10:00:00Z"), { medications: [drug("apixaban")], safetyProfile: profile() }, now);
    expect(plan.lines[0]).toMatchObject({ state: "hold_date_passed", holdByLabel: "2026-11-29", urgent: true, message: "Hold date passed (2026-11-29), not confirmed" });
  });

  it("a hold confirmed on the order reads confirmed, with who and when", () => {
    const order = { ...scheduled("esi_transforaminal", "2026-12-10T09:00:00Z"), holdConfirmations: [{ drug: "apixaban", medicationId: null, confirmedBy: PHYSICIAN_ID, confirmedAt: "2026-12-01T10:00:00.000Z", note: null }] };
    const plan = holdPlan(order, { medications: [drug("apixaban")], safetyProfile: profile() }, before);
    expect(plan.lines[0]).toMatchObject({ state: "confirmed", urgent: false });
    expect(plan.lines[0]!.confirmation?.confirmedBy).toBe(PHYSICIAN_ID);
  });

  it("an approved order without a date says the hold follows from the scheduled date", () => {
    const order = procedure({ status: "approved", scheduledFor: null, performedAt: null, postProcedurePain: null, reliefPercent: null, reliefDurationDays: null });
    const plan = holdPlan(order, { medications: [drug("apixaban")], safetyProfile: null }, before);
    expect(plan.lines[0]).toMatchObject({ state: "not_scheduled", holdAmount: 5, holdBy: null, needsConfirmation: true });
  });
});

describe("what the patient takes: the medication list and the profile's 'taking' list", () => {
  it("apixaban on the list + clopidogrel marked on the profile + apixaban also marked → two drugs, no duplicate", () => {
    const taken = antithromboticsTaken([drug("apixaban"), drug("gabapentin")], profile({ anticoagulantsTaking: ["clopidogrel", "apixaban"] }));
    expect(taken.map((t) => [t.drug, t.source])).toEqual([
      ["apixaban", "medication_list"],
      ["clopidogrel", "safety_profile"],
    ]);
  });
  it("a stopped warfarin is not taken", () => {
    expect(antithromboticsTaken([medication({ ...drug("warfarin"), status: "stopped", stoppedAt: new Date("2026-01-01") })], null)).toEqual([]);
  });
  it("an anticoagulant entered by name (no catalogue key) → medication:<id>, no default hold: confirm with the prescriber", () => {
    const m = medication({ name: "Fondaparinux", catalogKey: null, drugClass: "anticoagulant", opioid: null });
    const plan = holdPlan(scheduled("esi_transforaminal", "2026-12-10T09:00:00Z"), { medications: [m], safetyProfile: null }, new Date("2026-12-01T00:00:00Z"));
    expect(plan.lines[0]).toMatchObject({ drug: `medication:${m.id}`, state: "no_default", message: "No default hold in the policy: confirm with the prescriber" });
  });
});

describe("allergy warnings and notes on orders", () => {
  const contrast = { substance: "Iodinated contrast (iohexol)", category: "iodinated_contrast" as const, reaction: "hives" };
  it("S2: iodinated contrast allergy (hives) on a cervical interlaminar ESI → contrast warning", () => {
    const notes = orderSafetyNotes(procedure({ procedureType: "esi_interlaminar", region: "cervical", status: "proposed" }), profile({ noKnownAllergies: false, allergies: [contrast] }));
    expect(notes).toContainEqual({ code: "allergy", severity: "warning", message: "Allergy: Iodinated contrast (iohexol) (hives) — this procedure uses iodinated contrast" });
  });
  it("iodinated contrast allergy on a trigger point injection or an occipital nerve block → no contrast warning", () => {
    for (const type of ["trigger_point_injection", "occipital_nerve_block", "genicular_nerve_block"] as const) {
      expect(orderSafetyNotes(procedure({ procedureType: type, status: "proposed", withSteroid: false }), profile({ noKnownAllergies: false, allergies: [contrast] }))).toEqual([]);
    }
  });
  it("lidocaine allergy on a genicular nerve block → local anaesthetic warning", () => {
    const notes = orderSafetyNotes(procedure({ procedureType: "genicular_nerve_block", region: "knee", status: "proposed" }), profile({ noKnownAllergies: false, allergies: [{ substance: "Lidocaine", category: "local_anaesthetic", reaction: null }] }));
    expect(notes.map((n) => n.message)).toEqual(["Allergy: Lidocaine — this procedure uses a local anaesthetic"]);
  });
  it("corticosteroid allergy: warns on a trigger point injection with steroid, not without", () => {
    const p = profile({ noKnownAllergies: false, allergies: [{ substance: "Triamcinolone", category: "corticosteroid", reaction: "rash" }] });
    expect(orderSafetyNotes(procedure({ procedureType: "trigger_point_injection", withSteroid: true, status: "proposed" }), p)).toHaveLength(1);
    expect(orderSafetyNotes(procedure({ procedureType: "trigger_point_injection", withSteroid: false, status: "proposed" }), p)).toHaveLength(0);
  });
  it("latex allergy warns on every order, even a trigger point injection", () => {
    const notes = orderSafetyNotes(procedure({ procedureType: "trigger_point_injection", withSteroid: false, status: "proposed" }), profile({ noKnownAllergies: false, allergies: [{ substance: "Latex", category: "latex", reaction: "anaphylaxis" }] }));
    expect(notes).toEqual([{ code: "latex", severity: "warning", message: "Allergy: Latex (anaphylaxis) — latex-free room and equipment" }]);
  });
  it("S5: diabetes + SI joint injection (steroid) → glucose rise for 24–72 h", () => {
    const notes = orderSafetyNotes(procedure({ procedureType: "sacroiliac_joint_injection", region: "sacral", status: "proposed" }), profile({ diabetes: true }));
    expect(notes).toEqual([{ code: "diabetes_steroid", severity: "attention", message: "Diabetes: blood glucose rises for 24–72 h after a steroid injection — advise glucose monitoring" }]);
  });
  it("diabetes + medial branch block (no steroid) → no glucose note", () => {
    expect(orderSafetyNotes(procedure({ procedureType: "medial_branch_block", status: "proposed", withSteroid: false }), profile({ diabetes: true }))).toEqual([]);
  });
  it("pregnancy possible + ESI → fluoroscopy warning; active infection → warning", () => {
    const notes = orderSafetyNotes(procedure({ status: "proposed" }), profile({ pregnancy: "possible", activeInfection: true }));
    expect(notes.map((n) => n.message)).toEqual(["Pregnancy possible: this procedure uses fluoroscopy (radiation)", "Active infection: confirm it has resolved before the procedure"]);
  });
  it("no profile → one note that everything is unknown; allergies unrecorded → 'Allergies not recorded'", () => {
    expect(orderSafetyNotes(procedure({ status: "proposed" }), null).map((n) => n.code)).toEqual(["no_profile"]);
    expect(orderSafetyNotes(procedure({ status: "proposed" }), profile({ noKnownAllergies: false })).map((n) => n.message)).toEqual(["Allergies not recorded"]);
  });
  it("a performed order has no safety panel; a proposed one does", () => {
    expect(orderSafety(procedure({ status: "performed" }), { medications: [], safetyProfile: null }, new Date())).toBeNull();
    expect(orderSafety(procedure({ status: "proposed", scheduledFor: null, performedAt: null }), { medications: [], safetyProfile: null }, new Date())?.risk).toBe("intermediate");
  });
});

describe("anticoagulant_hold flag (physician and coordinator)", () => {
  const now = new Date("2026-12-02T10:00:00Z");
  it("scheduled ESI in 2 days, apixaban unconfirmed → urgent flag naming the hold date and the policy", () => {
    const order = scheduled("esi_transforaminal", "2026-12-04T10:00:00Z");
    const flags = computeFlags(record({ procedures: [order], medications: [drug("apixaban")], safetyProfile: profile() }), now).filter((f) => f.code === "anticoagulant_hold");
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ severity: "urgent", audience: ["physician", "coordinator"] });
    expect(flags[0]!.message).toBe("Anticoagulant hold: Epidural steroid injection — transforaminal on 2026-12-04 — Apixaban hold date passed (2026-11-29), not confirmed (intermediate bleeding risk, policy safety-asra-2018-v1)");
  });
  it("hold date still ahead (ESI on 2026-12-20, hold from 2026-12-15) → no flag yet", () => {
    expect(anticoagulantHoldFlags({ procedures: [scheduled("esi_transforaminal", "2026-12-20T10:00:00Z")], medications: [drug("apixaban")], safetyProfile: profile() }, now)).toEqual([]);
  });
  it("confirmed → no flag; approved (not scheduled) → no flag; low risk → no flag", () => {
    const confirmed = { ...scheduled("esi_transforaminal", "2026-12-04T10:00:00Z"), holdConfirmations: [{ drug: "apixaban", medicationId: null, confirmedBy: PHYSICIAN_ID, confirmedAt: now.toISOString(), note: null }] };
    const approved = procedure({ status: "approved", scheduledFor: null, performedAt: null });
    const low = scheduled("trigger_point_injection", "2026-12-04T10:00:00Z");
    expect(anticoagulantHoldFlags({ procedures: [confirmed, approved, low], medications: [drug("apixaban")], safetyProfile: profile() }, now)).toEqual([]);
  });
  it("aspirin secondary prevention before a scheduled ESI → high flag: confirm with the prescriber", () => {
    const flags = anticoagulantHoldFlags({ procedures: [scheduled("esi_transforaminal", "2026-12-20T10:00:00Z")], medications: [drug("aspirin_secondary")], safetyProfile: profile() }, now);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.severity).toBe("high");
    expect(flags[0]!.message).toContain("Aspirin (secondary prevention): confirm with the prescriber");
  });
});

describe("the header and the profile input", () => {
  it("no profile → every field not recorded (null), allergies 'not_recorded'", () => {
    const h = safetyHeader(null, []);
    expect(h).toMatchObject({ recorded: false, diabetes: null, pregnancy: null, activeInfection: null, implantedDevices: null });
    expect(h.allergies.state).toBe("not_recorded");
  });
  it("contrast + 'other' allergies → flagged categories list only iodinated contrast; apixaban listed", () => {
    const h = safetyHeader(profile({ noKnownAllergies: false, allergies: [{ substance: "Iohexol", category: "iodinated_contrast", reaction: "hives" }, { substance: "Penicillin", category: "other", reaction: null }] }), [drug("apixaban")]);
    expect(h.allergies.state).toBe("listed");
    expect(h.allergies.flaggedCategories).toEqual(["iodinated_contrast"]);
    expect(h.antithrombotics.map((a) => a.name)).toEqual(["Apixaban"]);
  });
  const base = { patientId: PATIENT, expectedVersion: null, noKnownAllergies: false, allergies: [], anticoagulantsTaking: [], diabetes: null, pregnancy: null, activeInfection: null, implantedDevices: null, renalImpairment: null, overdoseOrSudHistory: null };
  it("input: all not recorded is valid; 'no known allergies' with an allergy listed is refused", () => {
    expect(updateSafetyProfileInputSchema.safeParse(base).success).toBe(true);
    const both = updateSafetyProfileInputSchema.safeParse({ ...base, noKnownAllergies: true, allergies: [{ substance: "Latex", category: "latex", reaction: null }] });
    expect(both.success).toBe(false);
  });
  it("input: 'taking' accepts apixaban, refuses gabapentin (not an anticoagulant) and a duplicate", () => {
    expect(updateSafetyProfileInputSchema.safeParse({ ...base, anticoagulantsTaking: ["apixaban"] }).success).toBe(true);
    expect(updateSafetyProfileInputSchema.safeParse({ ...base, anticoagulantsTaking: ["gabapentin"] }).success).toBe(false);
    expect(updateSafetyProfileInputSchema.safeParse({ ...base, anticoagulantsTaking: ["apixaban", "apixaban"] }).success).toBe(false);
  });
  it("confirmHold input: drug required", () => {
    expect(confirmHoldInputSchema.safeParse({ patientId: PATIENT, procedureId: PATIENT, drug: "", note: null }).success).toBe(false);
    expect(confirmHoldInputSchema.safeParse({ patientId: PATIENT, procedureId: PATIENT, drug: "apixaban", note: null }).success).toBe(true);
  });
});
