import { describe, expect, it } from "vitest";
import { insertRow, listAudit, listEvents, schema } from "@stepwise/db";
import { demoEmails, createBlankPatient, failure } from "../test-support";
import { useSeededClinic } from "../test-clinic";

const { PHYSICIAN, PSYCH: PSYCHOLOGIST, PT, COORD: COORDINATOR } = demoEmails;
const TEAM = [PHYSICIAN, PT, PSYCHOLOGIST, COORDINATOR];

const clinic = useSeededClinic();

const DAY = 86_400_000;
const notRecorded = { noKnownAllergies: false, allergies: [], anticoagulantsTaking: [], diabetes: null, pregnancy: null, activeInfection: null, implantedDevices: null, renalImpairment: null, overdoseOrSudHistory: null };

/** A blank patient on apixaban with a transforaminal ESI scheduled `inDays` from now (S1 in miniature). */
async function patientOnApixaban(inDays: number, drug: { key: string; name: string; drugClass: "anticoagulant" | "antiplatelet" } = { key: "apixaban", name: "Apixaban", drugClass: "anticoagulant" }) {
  const patientId = await createBlankPatient(clinic, TEAM);
  const doc = await clinic.userId(PHYSICIAN);
  const db = clinic.handle.db;
  const now = new Date();
  const medication = await insertRow(db, schema.medications, {
    patientId,
    name: drug.name,
    catalogKey: drug.key,
    drugClass: drug.drugClass,
    doseMg: 5,
    timesPerDay: 2,
    route: "oral",
    startedAt: new Date(now.getTime() - 200 * DAY),
    createdBy: doc,
    updatedBy: doc,
  });
  const order = await insertRow(db, schema.procedures, {
    patientId,
    procedureType: "esi_transforaminal",
    level: "L4-L5",
    side: "left",
    region: "lumbar",
    indication: "Left L5 radiculopathy",
    intent: "Reduce radicular pain",
    expectedBenefit: "Relief for weeks to months",
    alternatives: "Conservative care",
    followUpPlan: "Review at 2 weeks",
    status: "scheduled",
    scheduledFor: new Date(now.getTime() + inDays * DAY),
    diagnostic: false,
    withSteroid: true,
    createdBy: doc,
    updatedBy: doc,
  });
  return { patientId, medication, order };
}

describe("safetyProfile.get / update", () => {
  it("reads null before anyone records it; the first save creates version 1 with a plan event and an audit row", async () => {
    const patientId = await createBlankPatient(clinic, TEAM);
    const pt = await clinic.as(PT);
    expect(await pt.safetyProfile.get({ patientId })).toBeNull();
    const saved = await pt.safetyProfile.update({
      patientId,
      expectedVersion: null,
      ...notRecorded,
      allergies: [{ substance: "Iodinated contrast (iohexol)", category: "iodinated_contrast", reaction: "hives" }],
      diabetes: true,
    });
    expect(saved).toMatchObject({ version: 1, diabetes: true, pregnancy: null, createdBy: await clinic.userId(PT) });
    expect(saved.allergies).toEqual([{ substance: "Iodinated contrast (iohexol)", category: "iodinated_contrast", reaction: "hives" }]);
    for (const email of TEAM) expect((await (await clinic.as(email)).safetyProfile.get({ patientId }))?.id).toBe(saved.id);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(COORDINATOR), limit: 1 });
    expect(event).toMatchObject({ entityType: "safety_profile", entityId: saved.id, eventType: "safety_profile.created", entityVersion: 1, discipline: "physical_therapist" });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "safetyProfile.update" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "safety_profile", entityId: saved.id });
  });

  it("updates against the version read (psychologist), and a stale version is CONFLICT carrying the current profile", async () => {
    const patientId = await createBlankPatient(clinic, TEAM);
    const created = await (await clinic.as(PHYSICIAN)).safetyProfile.update({ patientId, expectedVersion: null, ...notRecorded, noKnownAllergies: true });
    const psych = await clinic.as(PSYCHOLOGIST);
    const updated = await psych.safetyProfile.update({ patientId, expectedVersion: 1, ...notRecorded, noKnownAllergies: true, overdoseOrSudHistory: true });
    expect(updated).toMatchObject({ id: created.id, version: 2, overdoseOrSudHistory: true, updatedBy: await clinic.userId(PSYCHOLOGIST) });
    const stale = await failure((await clinic.as(PT)).safetyProfile.update({ patientId, expectedVersion: 1, ...notRecorded, diabetes: true }));
    expect(stale.code).toBe("CONFLICT");
    expect((stale.cause as { details?: { current?: { version?: number } } }).details?.current?.version).toBe(2);
    expect((await psych.safetyProfile.get({ patientId }))?.diabetes).toBeNull();
  });

  it("a second 'first save' is CONFLICT, not a second profile", async () => {
    const patientId = await createBlankPatient(clinic, TEAM);
    const doc = await clinic.as(PHYSICIAN);
    await doc.safetyProfile.update({ patientId, expectedVersion: null, ...notRecorded });
    expect((await failure(doc.safetyProfile.update({ patientId, expectedVersion: null, ...notRecorded, diabetes: false }))).code).toBe("CONFLICT");
  });

  it("the coordinator reads but may not update; a clinician off the team gets NOT_FOUND", async () => {
    const patientId = await createBlankPatient(clinic, [PHYSICIAN, COORDINATOR]);
    expect((await failure((await clinic.as(COORDINATOR)).safetyProfile.update({ patientId, expectedVersion: null, ...notRecorded }))).code).toBe("FORBIDDEN");
    expect((await failure((await clinic.as(PT)).safetyProfile.get({ patientId }))).code).toBe("NOT_FOUND");
    expect(await (await clinic.as(COORDINATOR)).safetyProfile.get({ patientId })).toBeNull();
  });

  it("refuses a non-anticoagulant in the 'taking' list and 'no known allergies' beside a listed allergy", async () => {
    const patientId = await createBlankPatient(clinic, TEAM);
    const doc = await clinic.as(PHYSICIAN);
    expect((await failure(doc.safetyProfile.update({ patientId, expectedVersion: null, ...notRecorded, anticoagulantsTaking: ["gabapentin"] }))).code).toBe("BAD_REQUEST");
    const both = { ...notRecorded, noKnownAllergies: true, allergies: [{ substance: "Latex", category: "latex" as const, reaction: null }] };
    expect((await failure(doc.safetyProfile.update({ patientId, expectedVersion: null, ...both }))).code).toBe("BAD_REQUEST");
  });
});

describe("procedures.confirmHold and the anticoagulant_hold flag", () => {
  it("S1 in miniature: apixaban before an ESI in 2 days → urgent flag for physician and coordinator; confirming clears it", async () => {
    const { patientId, medication, order } = await patientOnApixaban(2);
    const doc = await clinic.as(PHYSICIAN);
    const plan = await doc.carePlan.get({ patientId });
    const flag = plan.flags.find((f) => f.code === "anticoagulant_hold");
    expect(flag).toMatchObject({ severity: "urgent", audience: ["physician", "coordinator"] });
    expect(flag?.message).toContain("Apixaban hold date passed");
    const row = await (await clinic.as(COORDINATOR)).procedures.confirmHold({ patientId, procedureId: order.id, drug: "apixaban", note: "Confirmed with the cardiologist by phone" });
    expect(row.version).toBe(order.version + 1);
    expect(row.holdConfirmations).toEqual([
      { drug: "apixaban", medicationId: medication.id, confirmedBy: await clinic.userId(COORDINATOR), confirmedAt: expect.any(String), note: "Confirmed with the cardiologist by phone" },
    ]);
    expect((await doc.carePlan.get({ patientId })).flags.some((f) => f.code === "anticoagulant_hold")).toBe(false);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(PT), limit: 1 });
    expect(event).toMatchObject({ entityType: "procedure", entityId: order.id, eventType: "procedure.hold_confirmed" });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "procedures.confirmHold" });
    expect(audit).toMatchObject({ outcome: "success", entityId: order.id });
    // Once is enough: a second confirmation is refused.
    expect((await failure(doc.procedures.confirmHold({ patientId, procedureId: order.id, drug: "apixaban", note: null }))).code).toBe("PRECONDITION_FAILED");
  });

  it("refuses a drug the hold plan does not list, and the PT and psychologist may not confirm", async () => {
    const { patientId, order } = await patientOnApixaban(10);
    const doc = await clinic.as(PHYSICIAN);
    const notListed = await failure(doc.procedures.confirmHold({ patientId, procedureId: order.id, drug: "warfarin", note: null }));
    expect(notListed.code).toBe("BAD_REQUEST");
    for (const email of [PT, PSYCHOLOGIST]) {
      expect((await failure((await clinic.as(email)).procedures.confirmHold({ patientId, procedureId: order.id, drug: "apixaban", note: null }))).code).toBe("FORBIDDEN");
    }
    // Ten days ahead the hold date (5 days before) is still to come: no flag yet, but the hold can be confirmed early.
    expect((await doc.carePlan.get({ patientId })).flags.some((f) => f.code === "anticoagulant_hold")).toBe(false);
    expect((await doc.procedures.confirmHold({ patientId, procedureId: order.id, drug: "apixaban", note: null })).holdConfirmations).toHaveLength(1);
  });

  it("aspirin for primary prevention before an ESI (intermediate risk) has no hold to confirm", async () => {
    const { patientId, order } = await patientOnApixaban(2, { key: "aspirin_primary", name: "Aspirin (primary prevention)", drugClass: "antiplatelet" });
    const doc = await clinic.as(PHYSICIAN);
    expect((await failure(doc.procedures.confirmHold({ patientId, procedureId: order.id, drug: "aspirin_primary", note: null }))).code).toBe("BAD_REQUEST");
    expect((await doc.carePlan.get({ patientId })).flags.some((f) => f.code === "anticoagulant_hold")).toBe(false);
  });

  it("a drug marked 'taking' on the profile only (clopidogrel) is in the hold plan and can be confirmed (medicationId null)", async () => {
    const { patientId, order } = await patientOnApixaban(20);
    const doc = await clinic.as(PHYSICIAN);
    await doc.safetyProfile.update({ patientId, expectedVersion: null, ...notRecorded, anticoagulantsTaking: ["clopidogrel"] });
    const row = await doc.procedures.confirmHold({ patientId, procedureId: order.id, drug: "clopidogrel", note: null });
    expect(row.holdConfirmations).toMatchObject([{ drug: "clopidogrel", medicationId: null }]);
  });
});
