import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import {
  addDays,
  addMonths,
  anticoagulantHoldFlags,
  catalogEntry,
  computeFlags,
  defaultClinicPolicy,
  evaluateCandidacy,
  headlineOutcome,
  holdPlan,
  orderSafetyNotes,
  outcomeSeries,
  procedureCatalog,
  reliefPercent,
  timePointsOf,
  withinLast12Months,
  type CandidacyTarget,
  type FlagCode,
  type ProcedureType,
} from "@stepwise/domain";
import type { DatabaseHandle } from "../client";
import { loadPlanRows, patientRecordOf, type PlanRows } from "../repos/record";
import { medications, opioidMonitoring, patients, planItems, procedureOutcomes, procedures, safetyProfiles } from "../schema";
import { createTestDatabase } from "../testing";
import { demoClinicalStories as story } from "./clinical";
import { demoPatientId, demoTeam, demoUserId, seedDemo } from "./demo";

// The §6 demo scenarios (S1–S12) as the seed builds them, in data terms, and — where the rule is in
// the domain — the rule's result on the seeded record. Then the whole demo's consistency.

const fakeHash = async (p: string) => `test-hash:${p}`;
const DAY = 86_400_000;

const record = patientRecordOf;

const physicianOf = (index: number): string => {
  const lead = demoTeam(index).find((m) => m.role === "physician");
  if (!lead) throw new Error("no physician");
  return demoUserId(lead.email);
};

const clocks = [
  { name: "started today", now: undefined },
  { name: "started at a month end, just before midnight UTC", now: new Date("2027-03-31T23:55:00.000Z") },
] as const;

describe.each(clocks)("demo scenarios S1–S12 — $name", ({ now: fixedNow }) => {
  let handle: DatabaseHandle;
  let now: Date;
  const plan = async (index: number) => loadPlanRows(handle.db, demoPatientId(index), physicianOf(index));
  const flagsOf = (rows: PlanRows): FlagCode[] => computeFlags({ ...record(rows), actionItems: rows.actionItems }, now).map((f) => f.code);
  const criteria = (type: ProcedureType, rows: PlanRows, target: CandidacyTarget) =>
    Object.fromEntries(evaluateCandidacy(type, record(rows), defaultClinicPolicy, now, target).criteria.map((c) => [c.id, c]));
  const targetOf = (order: { level: string | null; side: CandidacyTarget["side"]; region: CandidacyTarget["region"] }): CandidacyTarget => ({
    level: order.level,
    side: order.side,
    region: order.region,
  });
  const one = <T>(list: readonly T[], what: string): T => {
    expect(list, what).toHaveLength(1);
    return list[0] as T;
  };

  beforeAll(async () => {
    handle = await createTestDatabase();
    // "Today" is read once here and handed to the seed, so that exact offsets can be asserted.
    now = fixedNow ?? new Date();
    await seedDemo(handle.db, { hashPassword: fakeHash, now });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("S1 · Thomas Whitaker: active apixaban 5 mg twice daily, ESI L4-L5 left scheduled now + 2 days, hold not confirmed → urgent hold flag", async () => {
    const rows = await plan(story.anticoagulantHold);
    const apixaban = one(
      rows.medications.filter((m) => m.catalogKey === "apixaban"),
      "apixaban",
    );
    expect(apixaban).toMatchObject({ status: "active", drugClass: "anticoagulant", doseMg: 5, timesPerDay: 2 });
    const esi = one(
      rows.procedures.filter((p) => p.status === "scheduled"),
      "scheduled order",
    );
    expect(esi).toMatchObject({ procedureType: "esi_transforaminal", level: "L4-L5", side: "left", region: "lumbar", holdConfirmations: [], withSteroid: true });
    expect(esi.scheduledFor?.getTime()).toBe(now.getTime() + 2 * DAY);
    expect(rows.safetyProfile).toMatchObject({ noKnownAllergies: true, allergies: [] });

    // §6.4: apixaban is held 5 days before an intermediate-risk procedure; 2 days ahead that date has passed.
    const holds = holdPlan(esi, { medications: rows.medications, safetyProfile: rows.safetyProfile }, now);
    expect(holds.risk).toBe("intermediate");
    const line = one(holds.lines, "hold line");
    expect(line).toMatchObject({ drug: "apixaban", state: "hold_date_passed", confirmation: null, urgent: true, holdAmount: 5 });
    expect(anticoagulantHoldFlags(record(rows), now).map((f) => f.severity)).toEqual(["urgent"]);
    expect(flagsOf(rows)).toContain("anticoagulant_hold");
    // The first injection's hold was confirmed: the story contrasts the two.
    const first = rows.procedures.find((p) => p.status === "performed" && p.procedureType === "esi_transforaminal");
    expect(first?.holdConfirmations.map((h) => h.drug)).toEqual(["apixaban"]);
  });

  it("S2 · Rosa Delgado: iodinated contrast (iohexol) allergy, hives; cervical interlaminar ESI C6-C7 right proposed → allergy warning on the order", async () => {
    const rows = await plan(story.contrastAllergy);
    expect(rows.safetyProfile?.noKnownAllergies).toBe(false);
    expect(rows.safetyProfile?.allergies).toEqual([{ substance: "Iodinated contrast (iohexol)", category: "iodinated_contrast", reaction: "hives" }]);
    const esi = one(
      rows.procedures.filter((p) => p.status === "proposed"),
      "proposed order",
    );
    expect(esi).toMatchObject({ procedureType: "esi_interlaminar", level: "C6-C7", side: "right", region: "cervical" });
    const notes = orderSafetyNotes(esi, rows.safetyProfile);
    expect(notes.filter((n) => n.severity === "warning").map((n) => n.message)).toEqual([expect.stringContaining("Iodinated contrast (iohexol) (hives)")]);
  });

  it("S3 · Marcus Freeman: oxycodone IR 10 mg ×3 + alprazolam 0.5 mg ×2, no naloxone, PDMP 5 months and urine drug test 14 months ago → co-prescription, naloxone and monitoring flags", async () => {
    const rows = await plan(story.coPrescription);
    const active = rows.medications.filter((m) => m.status === "active");
    expect(one(active.filter((m) => m.catalogKey === "oxycodone_ir"), "oxycodone")).toMatchObject({ drugClass: "opioid", opioid: "oxycodone", doseMg: 10, timesPerDay: 3 });
    expect(one(active.filter((m) => m.catalogKey === "alprazolam"), "alprazolam")).toMatchObject({ drugClass: "benzodiazepine", doseMg: 0.5, timesPerDay: 2 });
    expect(rows.medications.filter((m) => m.drugClass === "naloxone")).toEqual([]);
    expect(rows.opioidMonitoring.filter((m) => m.kind === "naloxone_offered")).toEqual([]);
    const last = (kind: "pdmp_check" | "urine_drug_test") =>
      rows.opioidMonitoring.filter((m) => m.kind === kind).reduce<Date | null>((a, m) => (a === null || m.performedAt > a ? m.performedAt : a), null);
    expect(last("pdmp_check")?.getTime()).toBe(addMonths(now, -5).getTime());
    expect(last("urine_drug_test")?.getTime()).toBe(addMonths(now, -14).getTime());
    const flags = flagsOf(rows);
    expect(flags).toEqual(expect.arrayContaining(["opioid_coprescription", "naloxone_needed", "opioid_monitoring_due"]));
  });

  it("S4 · Michael Sutherland: 2 facet joint injections + 2 medial branch blocks (lumbar) within 12 months; a fifth facet joint injection L4-L5 right proposed → facet limit not met", async () => {
    const rows = await plan(story.facetRepeatLimit);
    expect(rows.problems[0]).toMatchObject({ painGenerator: "facet_joint", level: "L4-L5", laterality: "right" });
    const sessions = rows.procedures.filter(
      (p) =>
        p.status === "performed" &&
        p.region === "lumbar" &&
        ["facet_joint_injection", "medial_branch_block", "radiofrequency_ablation"].includes(p.procedureType) &&
        p.performedAt !== null &&
        withinLast12Months(p.performedAt, now),
    );
    expect(sessions.map((p) => p.procedureType).sort()).toEqual(["facet_joint_injection", "facet_joint_injection", "medial_branch_block", "medial_branch_block"]);
    const fifth = one(
      rows.procedures.filter((p) => p.status === "proposed"),
      "proposed order",
    );
    expect(fifth).toMatchObject({ procedureType: "facet_joint_injection", level: "L4-L5", side: "right", region: "lumbar" });
    const byId = criteria("facet_joint_injection", rows, targetOf(fifth));
    expect(byId.facet_frequency?.status).toBe("not_met");
  });

  it("S5 · Fatima Rahman: five performed steroid injections within 365 days at three sites; SI joint injection proposed → steroid exposure not met; diabetic", async () => {
    const rows = await plan(story.steroidExposure);
    const steroid = rows.procedures.filter((p) => p.status === "performed" && p.withSteroid && p.performedAt !== null && withinLast12Months(p.performedAt, now));
    expect(steroid).toHaveLength(5);
    expect(steroid.map((p) => p.procedureType).sort()).toEqual([
      "esi_interlaminar",
      "esi_interlaminar",
      "sacroiliac_joint_injection",
      "sacroiliac_joint_injection",
      "trigger_point_injection",
    ]);
    expect(new Set(steroid.map((p) => p.region))).toEqual(new Set(["sacral", "lumbar", "other"]));
    const proposed = one(
      rows.procedures.filter((p) => p.status === "proposed"),
      "proposed order",
    );
    expect(proposed).toMatchObject({ procedureType: "sacroiliac_joint_injection", withSteroid: true });
    expect(rows.safetyProfile?.diabetes).toBe(true);
    const byId = criteria("sacroiliac_joint_injection", rows, targetOf(proposed));
    expect(byId.steroid_exposure?.status).toBe("not_met");
    expect(orderSafetyNotes(proposed, rows.safetyProfile).map((n) => n.code)).toContain("diabetes_steroid");
  });

  it("S6 · Irene Vasquez: two diary blocks ≥80%; RFA L5-S1 right performed 14 weeks ago with 6-week (pain 3 → 57.1%) and 3-month (pain 2 → 71.4%) points; the 6-month point ahead", async () => {
    const rows = await plan(story.rfaOutcomeSeries);
    expect(rows.problems[0]).toMatchObject({ level: "L5-S1", laterality: "right", painGenerator: "facet_joint" });
    const blocks = rows.procedures.filter((p) => p.procedureType === "medial_branch_block");
    expect(blocks).toHaveLength(2);
    for (const block of blocks) {
      expect(block).toMatchObject({ status: "performed", level: "L5-S1", side: "right" });
      expect(rows.procedureOutcomes.filter((o) => o.procedureId === block.id).map((o) => o.timePoint)).toEqual(["diary_30m", "diary_1h", "diary_2h", "diary_4h", "diary_6h"]);
      expect(block.reliefPercent).toBe(85.7);
    }
    const rfa = one(
      rows.procedures.filter((p) => p.procedureType === "radiofrequency_ablation"),
      "RFA",
    );
    expect(rfa).toMatchObject({ status: "performed", level: "L5-S1", side: "right", preProcedurePain: 7, postProcedurePain: 2, reliefPercent: 71.4 });
    expect(rfa.performedAt?.getTime()).toBe(now.getTime() - 14 * 7 * DAY);
    const series = rows.procedureOutcomes.filter((o) => o.procedureId === rfa.id);
    expect(series.map((o) => [o.timePoint, o.painScore, o.reliefPercent])).toEqual([
      ["6w", 3, 57.1],
      ["3m", 2, 71.4],
    ]);
    const view = outcomeSeries(rfa, rows.procedureOutcomes, now);
    expect(view?.points.map((p) => [p.timePoint, p.state])).toEqual([
      ["6w", "recorded"],
      ["3m", "recorded"],
      ["6m", "upcoming"],
    ]);
  });

  it("S7 · Walter Pennington (new, index 40): male, 1955-04-02, metastatic spine pain with the malignant_pain finding; intrathecal trial proposed; no active infection → candidate", async () => {
    const [walter] = await handle.db.select().from(patients).where(eq(patients.id, demoPatientId(story.intrathecalCandidate)));
    expect(walter).toMatchObject({ givenName: "Walter", familyName: "Pennington", sex: "male", dateOfBirth: "1955-04-02", primaryCondition: "Cancer-related pain, metastatic spine (T11-L1)" });
    const rows = await plan(story.intrathecalCandidate);
    expect(rows.problems[0]?.findings).toContain("malignant_pain");
    const trial = one(rows.procedures, "order");
    expect(trial).toMatchObject({ procedureType: "intrathecal_pump_trial", status: "proposed" });
    expect(rows.safetyProfile?.activeInfection).toBe(false);
    expect(rows.clearances).toEqual([]);
    const result = evaluateCandidacy("intrathecal_pump_trial", record(rows), defaultClinicPolicy, now, targetOf(trial));
    const byId = Object.fromEntries(result.criteria.map((c) => [c.id, c.status]));
    expect(byId).toMatchObject({ intrathecal_indication: "met", no_active_infection: "met" });
    // §6.6: psychological clearance is asked for non-malignant pain only.
    expect(byId.psych_clearance).not.toBe("not_met");
  });

  it("S8 · Linda Marsh: genicular nerve block performed 10 days ago, diary pre 7, lowest 2 → 71.4%; genicular RFA right knee proposed", async () => {
    const rows = await plan(story.genicularBlock);
    const block = one(
      rows.procedures.filter((p) => p.procedureType === "genicular_nerve_block"),
      "genicular block",
    );
    expect(block).toMatchObject({ status: "performed", side: "right", region: "knee", diagnostic: true, withSteroid: false, preProcedurePain: 7, postProcedurePain: 2, reliefPercent: 71.4 });
    expect(block.performedAt?.getTime()).toBe(now.getTime() - 10 * DAY);
    const diary = rows.procedureOutcomes.filter((o) => o.procedureId === block.id);
    expect(diary.map((o) => o.painScore)).toEqual([3, 2, 2, 3, 5]);
    expect(reliefPercent(7, Math.min(...diary.map((o) => o.painScore ?? 10)))).toBe(71.4);
    const rfa = one(
      rows.procedures.filter((p) => p.procedureType === "genicular_rfa"),
      "genicular RFA",
    );
    expect(rfa).toMatchObject({ status: "proposed", side: "right", region: "knee" });
    expect(criteria("genicular_rfa", rows, targetOf(rfa)).genicular_diagnostic_block?.status).toBe("met");
  });

  it("S9 · Victor Halvorsen: block #1 L4-L5 right 5 weeks ago (diary pre 7, lowest 1 → 85.7%); block #2 performed 2 h ago, pre 7, no diary; RFA proposed → diagnostic blocks not yet met", async () => {
    const rows = await plan(story.diaryGate);
    expect(rows.problems[0]).toMatchObject({ level: "L4-L5", laterality: "right", painGenerator: "facet_joint" });
    const blocks = rows.procedures.filter((p) => p.procedureType === "medial_branch_block").sort((a, b) => (a.performedAt?.getTime() ?? 0) - (b.performedAt?.getTime() ?? 0));
    expect(blocks).toHaveLength(2);
    const [first, second] = blocks;
    expect(first).toMatchObject({ status: "performed", level: "L4-L5", side: "right", preProcedurePain: 7, postProcedurePain: 1, reliefPercent: 85.7 });
    expect(first?.performedAt?.getTime()).toBe(now.getTime() - 35 * DAY);
    expect(rows.procedureOutcomes.filter((o) => o.procedureId === first?.id)).toHaveLength(5);
    expect(second).toMatchObject({ status: "performed", level: "L4-L5", side: "right", preProcedurePain: 7, postProcedurePain: null, reliefPercent: null });
    expect(second?.performedAt?.getTime()).toBe(now.getTime() - 2 * 3_600_000);
    expect(rows.procedureOutcomes.filter((o) => o.procedureId === second?.id)).toEqual([]);
    const rfa = one(
      rows.procedures.filter((p) => p.procedureType === "radiofrequency_ablation"),
      "RFA",
    );
    expect(rfa).toMatchObject({ status: "proposed", level: "L4-L5", side: "right" });
    expect(criteria("radiofrequency_ablation", rows, targetOf(rfa)).diagnostic_blocks?.status).not.toBe("met");
    expect(flagsOf(rows)).toContain("outcome_due");
  });

  it("S10 · Chloe Beaumont: latest PHQ-9 item 9 > 0 and no safety response yet → the self-harm flag first", async () => {
    const rows = await plan(story.safetyFlag);
    const phq9 = rows.assessments.filter((a) => a.instrument === "phq9");
    expect(phq9.at(-1)?.responses[8]).toBeGreaterThan(0);
    expect(rows.safetyResponses).toEqual([]);
    expect(flagsOf(rows)[0]).toBe("safety_self_harm");
  });

  it("S11 · Samuel Achterberg: every order linked to its own ladder item (blocks completed, RFA proposed)", async () => {
    const rows = await plan(story.rfaCandidate);
    expect(rows.procedures).toHaveLength(3);
    const items = new Map(rows.planItems.map((i) => [i.id, i]));
    const linked = [...rows.procedures].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((p) => [p.procedureType, p.status, items.get(p.planItemId ?? "")?.status]);
    expect(linked).toEqual([
      ["medial_branch_block", "performed", "completed"],
      ["medial_branch_block", "performed", "completed"],
      ["radiofrequency_ablation", "proposed", "proposed"],
    ]);
    expect(new Set(rows.procedures.map((p) => p.planItemId)).size).toBe(3);
  });

  it("S12 · Aisha Bello: SCS trial proposed, psychological clearance requested; overriding that criterion needs a psychologist's co-signature", async () => {
    const rows = await plan(story.scsAwaitingClearance);
    expect(rows.procedures.find((p) => p.procedureType === "scs_trial")?.status).toBe("proposed");
    expect(rows.clearances.map((c) => [c.procedureType, c.status])).toEqual([["scs_trial", "requested"]]);
    expect(defaultClinicPolicy.overrideCoSign.psych_clearance).toBe("psychologist");
    const trial = rows.procedures.find((p) => p.procedureType === "scs_trial");
    expect(trial && criteria("scs_trial", rows, targetOf(trial)).psych_clearance?.status).not.toBe("met");
  });
});

describe("the whole demo uses the §6 fields consistently", () => {
  let handle: DatabaseHandle;
  let now: Date;
  beforeAll(async () => {
    handle = await createTestDatabase();
    now = new Date();
    await seedDemo(handle.db, { hashPassword: fakeHash, now });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("links every order to a ladder item of kind procedure at the catalogue's step, whose status follows the order", async () => {
    const items = new Map((await handle.db.select().from(planItems)).map((i) => [i.id, i]));
    const expected = { proposed: "proposed", approved: "active", scheduled: "active", performed: "completed", cancelled: "stopped" } as const;
    const orders = await handle.db.select().from(procedures);
    expect(orders.length).toBeGreaterThan(30);
    for (const order of orders) {
      const item = items.get(order.planItemId ?? "");
      expect(item, order.id).toBeDefined();
      expect({ kind: item?.kind, step: item?.ladderStep, status: item?.status, patientId: item?.patientId }, order.id).toEqual({
        kind: "procedure",
        step: procedureCatalog[order.procedureType].ladderStep,
        status: expected[order.status],
        patientId: order.patientId,
      });
    }
    // One order, one item: no item is shared.
    expect(new Set(orders.map((o) => o.planItemId)).size).toBe(orders.length);
  });

  it("gives every order its steroid as the catalogue says (optional ones as the story says) and plain-language risks", async () => {
    for (const order of await handle.db.select().from(procedures)) {
      const steroid = procedureCatalog[order.procedureType].steroid;
      if (steroid !== "optional") expect(order.withSteroid, order.id).toBe(steroid === "yes");
      expect(order.risks.length, order.id).toBeGreaterThan(40);
    }
  });

  it("gives every medication its catalogue key and class: every opioid is class opioid, naloxone is class naloxone", async () => {
    const meds = await handle.db.select().from(medications);
    const unlisted = meds.filter((m) => m.catalogKey === null).map((m) => m.name);
    // Topiramate (a migraine preventive) is the one drug the catalogue does not hold.
    expect([...new Set(unlisted)]).toEqual(["Topiramate"]);
    for (const m of meds.filter((x) => x.catalogKey !== null)) {
      const entry = catalogEntry(m.catalogKey);
      expect(entry, m.name).not.toBeNull();
      expect({ drugClass: m.drugClass, opioid: m.opioid }, m.name).toEqual({ drugClass: entry?.drugClass, opioid: entry?.opioid });
    }
    expect(meds.filter((m) => m.opioid !== null).every((m) => m.drugClass === "opioid")).toBe(true);
    expect(meds.filter((m) => /naloxone/i.test(m.name)).every((m) => m.drugClass === "naloxone")).toBe(true);
    expect(meds.find((m) => m.catalogKey === "buprenorphine_buccal")).toMatchObject({ drugClass: "opioid", opioid: "buprenorphine" });
  });

  it("derives every headline (post-procedure pain, relief, duration) from its outcome series, with points only at the order's time points", async () => {
    const outcomes = await handle.db.select().from(procedureOutcomes);
    const orders = await handle.db.select().from(procedures);
    let withSeries = 0;
    for (const order of orders) {
      const mine = outcomes.filter((o) => o.procedureId === order.id);
      if (mine.length === 0) {
        expect({ post: order.postProcedurePain, relief: order.reliefPercent }, order.id).toEqual({ post: null, relief: null });
        continue;
      }
      withSeries++;
      expect(order.status, order.id).toBe("performed");
      const allowed = timePointsOf(order);
      for (const o of mine) {
        expect(allowed, `${order.procedureType} ${o.timePoint}`).toContain(o.timePoint);
        expect(o.assessedAt > (order.performedAt ?? now) && o.assessedAt <= now, o.id).toBe(true);
        expect(o.reliefPercent, o.id).toBe(reliefPercent(order.preProcedurePain ?? 0, o.painScore ?? 0));
      }
      const headline = headlineOutcome(order, mine);
      expect({ post: order.postProcedurePain, relief: order.reliefPercent, days: order.reliefDurationDays }, order.id).toEqual({
        post: headline.postProcedurePain,
        relief: headline.reliefPercent,
        days: headline.reliefDurationDays,
      });
      // A diagnostic block's relief is (pre − lowest diary pain) / pre, worked out here independently.
      if (order.diagnostic) {
        const lowest = Math.min(...mine.map((o) => o.painScore ?? 10));
        expect(order.reliefPercent, order.id).toBe(Math.round(((order.preProcedurePain! - lowest) / order.preProcedurePain!) * 1000) / 10);
      }
    }
    expect(withSeries).toBeGreaterThanOrEqual(20);
  });

  it("keeps safety profiles for most patients — mostly no known allergies, every allergy category once or more — and diabetes for William Brennan", async () => {
    const profiles = await handle.db.select().from(safetyProfiles);
    expect(profiles.length).toBeGreaterThanOrEqual(30);
    expect(profiles.filter((p) => p.noKnownAllergies).length).toBeGreaterThan(profiles.length / 2);
    expect(new Set(profiles.flatMap((p) => p.allergies.map((a) => a.category)))).toEqual(
      new Set(["iodinated_contrast", "gadolinium", "latex", "local_anaesthetic", "corticosteroid", "other"]),
    );
    for (const p of profiles) expect(p.noKnownAllergies, p.id).toBe(p.allergies.length === 0);
    const brennan = profiles.find((p) => p.patientId === demoPatientId(15));
    expect(brennan?.diabetes).toBe(true);
  });

  it("records PDMP checks and urine drug tests for every patient on an active opioid, and naloxone offers for some", async () => {
    const meds = await handle.db.select().from(medications);
    const monitoring = await handle.db.select().from(opioidMonitoring);
    const onOpioids = new Set(meds.filter((m) => m.status === "active" && m.drugClass === "opioid").map((m) => m.patientId));
    expect(onOpioids.size).toBeGreaterThanOrEqual(7);
    for (const patientId of onOpioids) {
      const kinds = new Set(monitoring.filter((m) => m.patientId === patientId).map((m) => m.kind));
      expect(kinds.has("pdmp_check") && kinds.has("urine_drug_test"), patientId).toBe(true);
    }
    expect(monitoring.filter((m) => m.kind === "naloxone_offered").length).toBeGreaterThanOrEqual(2);
    for (const m of monitoring) expect(m.performedAt <= now && m.performedAt <= m.createdAt, m.id).toBe(true);
    // None of this is in the future, and every date is within the records' history.
    expect(monitoring.every((m) => m.performedAt >= addDays(now, -800))).toBe(true);
  });
});
