import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { NOT_INCLUDED_IN_MME } from "@stepwise/domain";
import { createBlankPatient, failure, openSeededClinic, type Clinic } from "../test-support";

const PHYSICIAN = "physician@stepwise.test";
const PT = "pt@stepwise.test";
const PSYCHOLOGIST = "psychologist@stepwise.test";
const COORDINATOR = "coordinator@stepwise.test";

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openSeededClinic();
});
afterAll(async () => {
  await clinic?.close();
});

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

    const stopped = await doc.medications.stop({ patientId, id: oxy.id, expectedVersion: 1, stoppedAt: daysAgo(0) });
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

    await doc.medications.stop({ patientId, id: med.id, expectedVersion: 2, stoppedAt: daysAgo(0) });
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

    await doc.medications.stop({ patientId, id: med.id, expectedVersion: 2, stoppedAt: daysAgo(0) });
    await expect(doc.medications.stop({ patientId, id: med.id, expectedVersion: 3, stoppedAt: daysAgo(0) })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
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
      await expect(caller.medications.stop({ ...ref, stoppedAt: daysAgo(0) })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    for (const email of ["physician2@stepwise.test", "admin@stepwise.test"]) {
      const outsider = await clinic.as(email);
      await expect(outsider.medications.list({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(outsider.medications.create(hydrocodone(patientId))).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(outsider.medications.update({ ...ref, doseMg: 5 })).rejects.toMatchObject({ code: "NOT_FOUND" });
      await expect(outsider.medications.stop({ ...ref, stoppedAt: daysAgo(0) })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const anonymous = clinic.anonymous();
    await expect(anonymous.medications.list({ patientId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.medications.create(hydrocodone(patientId))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.medications.update({ ...ref, doseMg: 5 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.medications.stop({ ...ref, stoppedAt: daysAgo(0) })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
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
    const future = await failure(doc.medications.stop({ ...ref, stoppedAt: daysAgo(-1) }));
    expect(future.code).toBe("BAD_REQUEST");
    expect((future.cause as { field?: string } | undefined)?.field).toBe("stoppedAt");
    await expect(doc.medications.stop({ ...ref, stoppedAt: daysAgo(120) })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(doc.medications.stop({ ...ref, stoppedAt: "yesterday" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await Promise.all([countRows(clinic.handle.db, schema.medications), countRows(clinic.handle.db, schema.planEvents)])).toEqual(before);
    const stored = (await doc.medications.list({ patientId })).items.find((m) => m.id === med.id);
    expect(stored).toMatchObject({ version: 1, status: "active", opioid: "hydrocodone", route: "oral" });
  });
});
