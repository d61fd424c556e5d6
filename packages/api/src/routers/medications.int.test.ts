import { describe, expect, it } from "vitest";
import { listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { NOT_INCLUDED_IN_MME } from "@stepwise/domain";
import { demoEmails, createBlankPatient, failure } from "../test-support";
import { useSeededClinic } from "../test-clinic";

const { PHYSICIAN, PT, PSYCH: PSYCHOLOGIST, COORD: COORDINATOR } = demoEmails;

const clinic = useSeededClinic();

const DAY = 86_400_000;
const today = new Date();
const daysAgo = (days: number) => new Date(today.getTime() - days * DAY);

/** A patient of our own with an empty record (the demo seed fills every demo patient's). */
const newPatient = (_label: string) => createBlankPatient(clinic, [PHYSICIAN, PT, PSYCHOLOGIST, COORDINATOR]);


const hydrocodone = (patientId: string) => ({
  patientId,
  name: "Hydrocodone/acetaminophen 10/325",
  opioid: "hydrocodone" as const,
  doseMg: 10,
  timesPerDay: 4,
  route: "oral" as const,
  startedAt: daysAgo(90),
});

describe("medications", () => {
  it("reproduces the MME worked example, names its table, and reports buprenorphine as not included", async () => {
    const patientId = await newPatient("MME example");
    const doc = await clinic.as(PHYSICIAN);
    const hydro = await doc.medications.create(hydrocodone(patientId));
    const oxy = await doc.medications.create({ patientId, name: "Oxycodone IR", opioid: "oxycodone", doseMg: 15, timesPerDay: 3, route: "oral", startedAt: daysAgo(30) });
    await doc.medications.create({ patientId, name: "Gabapentin", doseMg: 300, timesPerDay: 3, route: "oral", startedAt: daysAgo(60) });
    const first = await doc.medications.list({ patientId });
    expect(first.items).toHaveLength(3);
    expect(first.mme).toMatchObject({ total: 107.5, table: "cdc-2022", level: "high" });
    expect(first.mme.tableLabel).toContain("CDC 2022");
    expect(first.mme.lines).toEqual(
      expect.arrayContaining([
        { medicationId: hydro.id, name: hydro.name, mme: 40, included: true },
        { medicationId: oxy.id, name: oxy.name, mme: 67.5, included: true },
      ]),
    );

    const bup = await doc.medications.create({ patientId, name: "Buprenorphine buccal film", opioid: "buprenorphine", doseMg: 0.3, timesPerDay: 2, route: "buccal", startedAt: daysAgo(1) });
    const second = await doc.medications.list({ patientId });
    expect(second.mme.total).toBe(107.5);
    expect(second.mme.lines.find((l) => l.medicationId === bup.id)).toEqual({ medicationId: bup.id, name: bup.name, mme: null, included: false, reason: NOT_INCLUDED_IN_MME });

    const stopped = await doc.medications.stop({ patientId, id: oxy.id, expectedVersion: 1, stoppedAt: daysAgo(0), reason: "Side effects" });
    expect(stopped).toMatchObject({ status: "stopped", version: 2 });
    expect(stopped.stoppedAt).toBeInstanceOf(Date);
    const third = await doc.medications.list({ patientId });
    expect(third.mme).toMatchObject({ total: 40, level: "below" });
    expect(third.items.map((m) => m.id)).toContain(oxy.id);
  });

  it("writes the row, a plan event and an audit row together on create, update and stop", async () => {
    const patientId = await newPatient("Medication writes");
    const doc = await clinic.as(PHYSICIAN);
    const physicianId = await clinic.userId(PHYSICIAN);
    const counts = () => Promise.all([countRows(clinic.handle.db, schema.medications), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);
    const before = await counts();
    const med = await doc.medications.create(hydrocodone(patientId));
    expect(med).toMatchObject({ status: "active", version: 1, createdBy: physicianId, stoppedAt: null });
    expect(await counts()).toEqual([before[0] + 1, before[1] + 1, before[2] + 1]);

    const updated = await doc.medications.update({ patientId, id: med.id, expectedVersion: 1, doseMg: 5, timesPerDay: 3 });
    expect(updated).toMatchObject({ doseMg: 5, timesPerDay: 3, version: 2, updatedBy: physicianId });
    const [updateEvent] = await listEvents(clinic.handle.db, { patientId, viewerId: physicianId, limit: 1 });
    expect(updateEvent).toMatchObject({ entityType: "medication", entityId: med.id, eventType: "medication.updated", discipline: "physician", entityVersion: 2 });
    expect(updateEvent?.summary).toContain("dose, times per day");

    await doc.medications.stop({ patientId, id: med.id, expectedVersion: 2, stoppedAt: daysAgo(0), reason: "Side effects" });
    const [stopEvent] = await listEvents(clinic.handle.db, { patientId, viewerId: physicianId, limit: 1 });
    expect(stopEvent).toMatchObject({ eventType: "medication.stopped", entityVersion: 3 });
    const audits = await listAudit(clinic.handle.db, { patientId, actorId: physicianId });
    expect(audits.filter((a) => a.entityId === med.id && a.outcome === "success").map((a) => a.action)).toEqual(["medications.stop", "medications.update", "medications.create"]);
    expect(await counts()).toEqual([before[0] + 1, before[1] + 3, before[2] + 3]);
  });

  it("returns CONFLICT with the current row on a stale version, and refuses changes to a stopped medication", async () => {
    const patientId = await newPatient("Medication conflict");
    const doc = await clinic.as(PHYSICIAN);
    const med = await doc.medications.create(hydrocodone(patientId));
    await doc.medications.update({ patientId, id: med.id, expectedVersion: 1, timesPerDay: 3 });
    const err = await failure(doc.medications.update({ patientId, id: med.id, expectedVersion: 1, doseMg: 7.5 }));
    expect(err.code).toBe("CONFLICT");
    const current = (err.cause as { details?: { current?: { id: string; version: number; timesPerDay: number } } } | undefined)?.details?.current;
    expect(current).toMatchObject({ id: med.id, version: 2, timesPerDay: 3 });

    await doc.medications.stop({ patientId, id: med.id, expectedVersion: 2, stoppedAt: daysAgo(0), reason: "Side effects" });
    await expect(doc.medications.stop({ patientId, id: med.id, expectedVersion: 3, stoppedAt: daysAgo(0), reason: "Side effects" })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(doc.medications.update({ patientId, id: med.id, expectedVersion: 3, doseMg: 5 })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("lets only the physician change medications; the team reads them; outsiders and anonymous callers get nothing", async () => {
    const patientId = await newPatient("Medication roles");
    const med = await (await clinic.as(PHYSICIAN)).medications.create(hydrocodone(patientId));
    const before = await Promise.all([countRows(clinic.handle.db, schema.medications), countRows(clinic.handle.db, schema.planEvents)]);
    const ref = { patientId, id: med.id, expectedVersion: 1 };
    for (const email of [PT, PSYCHOLOGIST, COORDINATOR]) {
      const caller = await clinic.as(email);
      expect((await caller.medications.list({ patientId })).mme.total).toBe(40);
      await expect(caller.medications.create(hydrocodone(patientId))).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.medications.update({ ...ref, doseMg: 5 })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.medications.stop({ ...ref, stoppedAt: daysAgo(0), reason: "Side effects" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    for (const email of ["physician2@stepwise.test", "admin@stepwise.test"]) {
      const outsider = await clinic.as(email);
      await expect(outsider.medications.list({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(outsider.medications.create(hydrocodone(patientId))).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(outsider.medications.update({ ...ref, doseMg: 5 })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(outsider.medications.stop({ ...ref, stoppedAt: daysAgo(0), reason: "Side effects" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const anonymous = clinic.anonymous();
    await expect(anonymous.medications.list({ patientId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.medications.create(hydrocodone(patientId))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.medications.update({ ...ref, doseMg: 5 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.medications.stop({ ...ref, stoppedAt: daysAgo(0), reason: "Side effects" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await Promise.all([countRows(clinic.handle.db, schema.medications), countRows(clinic.handle.db, schema.planEvents)])).toEqual(before);
    const denied = await listAudit(clinic.handle.db, { patientId, action: "medications.create" });
    expect(denied.filter((a) => a.outcome === "denied").map((a) => a.actorRole).sort()).toEqual(expect.arrayContaining(["coordinator", "physical_therapist", "physician", "psychologist"]));
  });

  it("rejects malformed input with BAD_REQUEST and changes no row", async () => {
    const patientId = await newPatient("Medication inputs");
    const doc = await clinic.as(PHYSICIAN);
    const med = await doc.medications.create(hydrocodone(patientId));
    const ref = { patientId, id: med.id, expectedVersion: 1 };
    const before = await Promise.all([countRows(clinic.handle.db, schema.medications), countRows(clinic.handle.db, schema.planEvents)]);
    const badCreates: unknown[] = [
      { ...hydrocodone(patientId), doseMg: 0 },
      { ...hydrocodone(patientId), doseMg: -5 },
      { ...hydrocodone(patientId), doseMg: "10" },
      { ...hydrocodone(patientId), timesPerDay: 0 },
      { ...hydrocodone(patientId), timesPerDay: 25 },
      { ...hydrocodone(patientId), timesPerDay: 1.5 },
      { ...hydrocodone(patientId), opioid: "heroin" },
      { ...hydrocodone(patientId), route: "by mouth" },
      { ...hydrocodone(patientId), opioid: "fentanyl_transdermal", route: "oral" },
      { ...hydrocodone(patientId), name: "" },
      { ...hydrocodone(patientId), name: "x".repeat(201) },
      { ...hydrocodone(patientId), startedAt: "last spring" },
      { ...hydrocodone(patientId), status: "stopped" },
      { ...hydrocodone(patientId), mme: 40 },
    ];
    for (const input of badCreates) await expect(doc.medications.create(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const badUpdates: unknown[] = [
      { ...ref },
      { ...ref, doseMg: 0 },
      { ...ref, expectedVersion: 0, doseMg: 5 },
      { ...ref, status: "stopped" },
      { ...ref, opioid: "fentanyl_transdermal", route: "oral" },
      // The patch alone passes the schema; the row it lands on (oral) makes it a bad fentanyl order.
      { ...ref, opioid: "fentanyl_transdermal" },
    ];
    for (const input of badUpdates) await expect(doc.medications.update(input as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const future = await failure(doc.medications.stop({ ...ref, stoppedAt: daysAgo(-1), reason: "Side effects" }));
    expect(future.code).toBe("BAD_REQUEST");
    expect((future.cause as { field?: string } | undefined)?.field).toBe("stoppedAt");
    await expect(doc.medications.stop({ ...ref, stoppedAt: daysAgo(120), reason: "Side effects" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(doc.medications.stop({ ...ref, stoppedAt: "yesterday", reason: "Side effects" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await Promise.all([countRows(clinic.handle.db, schema.medications), countRows(clinic.handle.db, schema.planEvents)])).toEqual(before);
    const stored = (await doc.medications.list({ patientId })).items.find((m) => m.id === med.id);
    expect(stored).toMatchObject({ version: 1, status: "active", opioid: "hydrocodone", route: "oral" });
  });

  it("a catalogue pick brings name, class, route and MME key; 'up to 4/day as needed' counts the maximum: oxycodone IR 10 mg PRN ×4 → 60 MME", async () => {
    const patientId = await newPatient("Catalogue pick");
    const doc = await clinic.as(PHYSICIAN);
    const oxy = await doc.medications.create({ patientId, catalogKey: "oxycodone_ir", doseMg: 10, timesPerDay: 4, asNeeded: true, startedAt: daysAgo(10) });
    expect(oxy).toMatchObject({ catalogKey: "oxycodone_ir", name: "Oxycodone IR", drugClass: "opioid", opioid: "oxycodone", route: "oral", asNeeded: true, timesPerDay: 4 });
    const patch = await doc.medications.create({ patientId, catalogKey: "buprenorphine_patch", doseMg: 10, timesPerDay: 1, startedAt: daysAgo(10) });
    expect(patch).toMatchObject({ drugClass: "opioid", opioid: "buprenorphine", route: "transdermal", asNeeded: false });
    const meperidine = await doc.medications.create({ patientId, catalogKey: "meperidine", doseMg: 50, timesPerDay: 4, startedAt: daysAgo(10) });
    expect(meperidine).toMatchObject({ drugClass: "opioid", opioid: null });
    const list = await doc.medications.list({ patientId });
    // 10 × 4 × 1.5 = 60; the buprenorphine patch and meperidine are opioids without a factor.
    expect(list.mme).toMatchObject({ total: 60, level: "review", table: "cdc-2022" });
    expect(list.mme.lines.filter((l) => !l.included).map((l) => l.medicationId).sort()).toEqual([patch.id, meperidine.id].sort());
    const plan = await doc.carePlan.get({ patientId });
    expect(plan.flags.map((f) => f.code)).toEqual(expect.arrayContaining(["opioid_review", "unknown_mme", "naloxone_needed", "opioid_monitoring_due"]));
    await expect(doc.medications.create({ patientId, catalogKey: "unobtainium", doseMg: 1, timesPerDay: 1, startedAt: daysAgo(1) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(doc.medications.create({ patientId, catalogKey: "apixaban", drugClass: "nsaid", doseMg: 5, timesPerDay: 2, startedAt: daysAgo(1) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("the opioid-name guard on create: 'Percocet 5/325' as an NSAID is refused; left unclassed or 'other' it is saved as opioid oxycodone (5 × 4 × 1.5 = 30 MME)", async () => {
    const patientId = await newPatient("Opioid name guard");
    const doc = await clinic.as(PHYSICIAN);
    const before = await countRows(clinic.handle.db, schema.medications);
    const refused = await failure(doc.medications.create({ patientId, name: "Percocet 5/325", drugClass: "nsaid", doseMg: 5, timesPerDay: 4, route: "oral", startedAt: daysAgo(5) }));
    expect(refused.code).toBe("BAD_REQUEST");
    expect(refused.message).toContain("names an opioid (oxycodone)");
    const wrongKey = await failure(doc.medications.create({ patientId, name: "Dilaudid 2 mg", opioid: "morphine", doseMg: 2, timesPerDay: 4, route: "oral", startedAt: daysAgo(5) }));
    expect(wrongKey.code).toBe("BAD_REQUEST");
    expect(await countRows(clinic.handle.db, schema.medications)).toBe(before);
    // The old form's "not an opioid" (opioid null) no longer hides one.
    const percocet = await doc.medications.create({ patientId, name: "Percocet 5/325", opioid: null, drugClass: "other", doseMg: 5, timesPerDay: 4, route: "oral", startedAt: daysAgo(5) });
    expect(percocet).toMatchObject({ catalogKey: null, drugClass: "opioid", opioid: "oxycodone" });
    const demerol = await doc.medications.create({ patientId, name: "Demerol", doseMg: 50, timesPerDay: 3, route: "oral", startedAt: daysAgo(5) });
    expect(demerol).toMatchObject({ drugClass: "opioid", opioid: null });
    const custom = await doc.medications.create({ patientId, name: "Compounded cream", drugClass: "other", doseMg: 1, timesPerDay: 2, route: "topical", startedAt: daysAgo(5) });
    expect(custom).toMatchObject({ drugClass: "other", opioid: null });
    await expect(doc.medications.create({ patientId, name: "Compounded cream", doseMg: 1, timesPerDay: 2, startedAt: daysAgo(5) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const list = await doc.medications.list({ patientId });
    expect(list.mme.total).toBe(30);
    expect(list.mme.lines.find((l) => l.medicationId === demerol.id)).toMatchObject({ included: false, reason: NOT_INCLUDED_IN_MME });
  });

  it("the opioid-name guard on update: renaming an 'other' drug to OxyContin classes it opioid; an opioid cannot be re-classed; a catalogue drug keeps its class", async () => {
    const patientId = await newPatient("Opioid guard on update");
    const doc = await clinic.as(PHYSICIAN);
    const other = await doc.medications.create({ patientId, name: "Clinic capsule", drugClass: "other", doseMg: 10, timesPerDay: 2, route: "oral", startedAt: daysAgo(5) });
    const renamed = await doc.medications.update({ patientId, id: other.id, expectedVersion: 1, name: "OxyContin 10 mg" });
    expect(renamed).toMatchObject({ name: "OxyContin 10 mg", drugClass: "opioid", opioid: "oxycodone", version: 2 });
    const physicianId = await clinic.userId(PHYSICIAN);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: physicianId, limit: 1 });
    expect(event?.summary).toBe("Medication changed: OxyContin 10 mg (name, class, opioid)");
    const reclass = await failure(doc.medications.update({ patientId, id: other.id, expectedVersion: 2, drugClass: "nsaid" }));
    expect(reclass.code).toBe("BAD_REQUEST");
    expect(reclass.message).toContain("names an opioid");
    const unkey = await failure(doc.medications.update({ patientId, id: other.id, expectedVersion: 2, opioid: "tramadol" }));
    expect(unkey.code).toBe("BAD_REQUEST");
    const picked = await doc.medications.create({ patientId, catalogKey: "alprazolam", doseMg: 0.5, timesPerDay: 2, startedAt: daysAgo(5) });
    await expect(doc.medications.update({ patientId, id: picked.id, expectedVersion: 1, drugClass: "other" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(doc.medications.update({ patientId, id: picked.id, expectedVersion: 1, name: "Oxycodone" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const prn = await doc.medications.update({ patientId, id: picked.id, expectedVersion: 1, asNeeded: true, timesPerDay: 3 });
    expect(prn).toMatchObject({ drugClass: "benzodiazepine", asNeeded: true, timesPerDay: 3, version: 2 });
    const stored = (await doc.medications.list({ patientId })).items.find((m) => m.id === other.id);
    expect(stored).toMatchObject({ version: 2, drugClass: "opioid" });
  });

  it("stopping asks for a reason: none → BAD_REQUEST; given → kept on the row and in the timeline summary", async () => {
    const patientId = await newPatient("Stop reason");
    const doc = await clinic.as(PHYSICIAN);
    const med = await doc.medications.create({ patientId, catalogKey: "gabapentin", doseMg: 300, timesPerDay: 3, startedAt: daysAgo(30) });
    for (const bad of [{}, { reason: "" }, { reason: "   " }, { reason: "x".repeat(1001) }]) {
      await expect(doc.medications.stop({ patientId, id: med.id, expectedVersion: 1, stoppedAt: daysAgo(0), ...bad } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    const stopped = await doc.medications.stop({ patientId, id: med.id, expectedVersion: 1, stoppedAt: daysAgo(0), reason: "Dizziness at 900 mg/day" });
    expect(stopped).toMatchObject({ status: "stopped", stopReason: "Dizziness at 900 mg/day" });
    const physicianId = await clinic.userId(PHYSICIAN);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: physicianId, limit: 1 });
    expect(event).toMatchObject({ eventType: "medication.stopped", summary: "Medication stopped: Gabapentin — reason: Dizziness at 900 mg/day" });
    const timeline = await doc.timeline.list({ patientId });
    expect(JSON.stringify(timeline)).toContain("Dizziness at 900 mg/day");
  });

  it("recordMonitoring: the physician records a PDMP check, UDT or naloxone offer with a plan event and audit; others are refused; dates are checked", async () => {
    const patientId = await newPatient("Monitoring");
    const doc = await clinic.as(PHYSICIAN);
    const physicianId = await clinic.userId(PHYSICIAN);
    await doc.medications.create({ patientId, catalogKey: "oxycodone_ir", doseMg: 10, timesPerDay: 3, startedAt: daysAgo(200) });
    await doc.medications.create({ patientId, catalogKey: "alprazolam", doseMg: 0.5, timesPerDay: 2, startedAt: daysAgo(200) });
    const flagCodes = async () => (await doc.carePlan.get({ patientId })).flags.map((f) => f.code);
    expect(await flagCodes()).toEqual(expect.arrayContaining(["naloxone_needed", "opioid_coprescription", "opioid_monitoring_due"]));

    const counts = () => Promise.all([countRows(clinic.handle.db, schema.opioidMonitoring), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);
    const before = await counts();
    // A PDMP check 100 days ago on long-term therapy is itself overdue (due 3 months after it).
    const old = await doc.medications.recordMonitoring({ patientId, kind: "pdmp_check", performedAt: daysAgo(100), result: "One prescriber" });
    expect(old).toMatchObject({ kind: "pdmp_check", result: "One prescriber", createdBy: physicianId });
    expect(await counts()).toEqual([before[0] + 1, before[1] + 1, before[2] + 1]);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: physicianId, limit: 1 });
    expect(event).toMatchObject({ entityType: "opioid_monitoring", entityId: old.id, eventType: "opioid_monitoring.recorded", discipline: "physician" });
    expect(event?.summary).toContain("Prescription-monitoring (PDMP) check recorded for");
    const audits = await listAudit(clinic.handle.db, { patientId, actorId: physicianId });
    expect(audits.find((a) => a.action === "medications.recordMonitoring")).toMatchObject({ outcome: "success", entityType: "opioid_monitoring" });
    const plan = await doc.carePlan.get({ patientId });
    expect(plan.flags.find((f) => f.code === "opioid_monitoring_due")?.message).toContain("PDMP) check overdue");

    await doc.medications.recordMonitoring({ patientId, kind: "pdmp_check", performedAt: daysAgo(0) });
    await doc.medications.recordMonitoring({ patientId, kind: "urine_drug_test", performedAt: daysAgo(1), result: "Consistent with prescribed oxycodone" });
    await doc.medications.recordMonitoring({ patientId, kind: "naloxone_offered", performedAt: daysAgo(0), result: "Accepted; nasal spray explained" });
    const after = await flagCodes();
    expect(after).toContain("opioid_coprescription");
    expect(after).not.toContain("naloxone_needed");
    expect(after).not.toContain("opioid_monitoring_due");

    const atRest = await counts();
    for (const email of [PT, PSYCHOLOGIST, COORDINATOR]) {
      const caller = await clinic.as(email);
      await expect(caller.medications.recordMonitoring({ patientId, kind: "pdmp_check", performedAt: daysAgo(0) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect((await clinic.as("physician2@stepwise.test")).medications.recordMonitoring({ patientId, kind: "pdmp_check", performedAt: daysAgo(0) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const future = await failure(doc.medications.recordMonitoring({ patientId, kind: "urine_drug_test", performedAt: daysAgo(-2) }));
    expect(future.code).toBe("BAD_REQUEST");
    expect((future.cause as { field?: string } | undefined)?.field).toBe("performedAt");
    await expect(doc.medications.recordMonitoring({ patientId, kind: "urine_drug_test", performedAt: new Date("1901-01-01") })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(doc.medications.recordMonitoring({ patientId, kind: "pill_count", performedAt: daysAgo(0) } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(doc.medications.recordMonitoring({ patientId, kind: "pdmp_check" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await counts()).slice(0, 2)).toEqual(atRest.slice(0, 2));
  });
});
