import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { appendEvent, listAudit } from "@stepwise/db";
import { fieldOf } from "../errors";
import { createBlankPatient, openSeededClinic, type Clinic } from "../test-support";

let clinic: Clinic;
let patientId: string;
beforeAll(async () => {
  clinic = await openSeededClinic();
  // Our own patient with an empty record (every demo patient has a seeded one), so these seven events are all there is.
  patientId = await createBlankPatient(clinic, ["physician@stepwise.test", "pt@stepwise.test", "psychologist@stepwise.test", "coordinator@stepwise.test"]);
  const pt = await clinic.as("pt@stepwise.test");
  const physician = await clinic.as("physician@stepwise.test");
  const psych = await clinic.as("psychologist@stepwise.test");
  // Seven team-visible events, alternating disciplines.
  await pt.therapySessions.log({ patientId, idempotencyKey: randomUUID(), sessionDate: "2025-04-01", attendance: "attended", minutes: 40 });
  await physician.assessments.submit({ patientId, instrument: "nrs", responses: [6] });
  await psych.psychNotes.create({ patientId, kind: "shared_summary", body: "Team summary." });
  await pt.therapySessions.log({ patientId, idempotencyKey: randomUUID(), sessionDate: "2025-04-08", attendance: "no_show", minutes: 0 });
  await physician.assessments.submit({ patientId, instrument: "nrs", responses: [5] });
  await psych.assessments.submit({ patientId, instrument: "gad7", responses: [1, 1, 1, 1, 1, 1, 1] });
  await pt.therapySessions.log({ patientId, idempotencyKey: randomUUID(), sessionDate: "2025-04-15", attendance: "attended", minutes: 45 });
});
afterAll(async () => {
  await clinic?.close();
});

async function expectBadRequest(call: Promise<unknown>, field: string) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect(error).toMatchObject({ code: "BAD_REQUEST" });
  expect(fieldOf((error as TRPCError).cause) ?? (error as TRPCError).message).toContain(field);
}

describe("timeline.list", () => {
  it("pages newest first by event id, with actor names, until nextCursor is null", async () => {
    const coordinator = await clinic.as("coordinator@stepwise.test");
    const all = await coordinator.timeline.list({ patientId, limit: 100 });
    expect(all.items).toHaveLength(7);
    expect(all.nextCursor).toBeNull();
    const ids = all.items.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.items[0]).toMatchObject({ entityType: "therapy_session", eventType: "therapy_session.logged", actorName: "Sam Whitfield, DPT", actorRole: "physical_therapist", private: false });
    const paged: number[] = [];
    let cursor: number | undefined;
    let pages = 0;
    do {
      const page = await coordinator.timeline.list({ patientId, limit: 3, cursor });
      paged.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined);
    expect(paged).toEqual(ids);
    expect(pages).toBe(3);
    const exact = await coordinator.timeline.list({ patientId, limit: 7 });
    expect(exact.nextCursor).toBeNull();
  });

  it("filters by discipline", async () => {
    const physician = await clinic.as("physician@stepwise.test");
    const pt = await physician.timeline.list({ patientId, discipline: "physical_therapist" });
    expect(pt.items.map((e) => e.eventType)).toEqual(["therapy_session.logged", "therapy_session.logged", "therapy_session.logged"]);
    const psych = await physician.timeline.list({ patientId, discipline: "psychologist" });
    expect(psych.items.map((e) => e.entityType)).toEqual(["assessment", "psych_note"]);
  });

  it("withholds a private event in SQL, and a psych-note event of unknown kind through the domain projection", async () => {
    const psychId = await clinic.userId("psychologist@stepwise.test");
    const psych = await clinic.as("psychologist@stepwise.test");
    const note = await psych.psychNotes.create({ patientId, kind: "psychotherapy", body: "Private content." });
    // A writer that forgot privateTo and the note kind: the projection must still treat it as psychotherapy.
    const careless = await appendEvent(clinic.handle.db, {
      patientId,
      actorId: psychId,
      actorRole: "psychologist",
      discipline: "psychologist",
      entityType: "psych_note",
      entityId: note.id,
      eventType: "psych_note.updated",
      summary: "Note updated",
      authorId: psychId,
    });
    const unknownKind = await appendEvent(clinic.handle.db, {
      patientId,
      actorId: psychId,
      actorRole: "psychologist",
      entityType: "psych_note",
      entityId: note.id,
      eventType: "psych_note.updated",
      summary: "Note updated",
      psychNoteKind: "diary",
      authorId: psychId,
    });
    for (const email of ["physician@stepwise.test", "pt@stepwise.test", "coordinator@stepwise.test"]) {
      const page = await (await clinic.as(email)).timeline.list({ patientId, limit: 100 });
      expect(page.items.some((e) => e.entityId === note.id)).toBe(false);
      expect(page.items).toHaveLength(7);
    }
    const own = await psych.timeline.list({ patientId, limit: 100 });
    expect(own.items.filter((e) => e.entityId === note.id).map((e) => e.id)).toEqual([unknownKind.id, careless.id, own.items.find((e) => e.eventType === "psych_note.created" && e.private)!.id]);
  });

  it("audits the read; NOT_FOUND to non-members and admin, UNAUTHORIZED to anonymous", async () => {
    await (await clinic.as("pt@stepwise.test")).timeline.list({ patientId });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "timeline.list" });
    expect(audit).toMatchObject({ outcome: "success", actorRole: "physical_therapist" });
    await expect((await clinic.as("physician2@stepwise.test")).timeline.list({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await clinic.as("admin@stepwise.test")).timeline.list({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().timeline.list({ patientId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("rejects malformed paging with BAD_REQUEST naming the field", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    await expectBadRequest(pt.timeline.list({ patientId, limit: 101 }), "limit");
    await expectBadRequest(pt.timeline.list({ patientId, limit: 0 }), "limit");
    await expectBadRequest(pt.timeline.list({ patientId, cursor: "12" } as never), "cursor");
    await expectBadRequest(pt.timeline.list({ patientId, cursor: -1 }), "cursor");
    await expectBadRequest(pt.timeline.list({ patientId, discipline: "coordinator" } as never), "discipline");
    await expectBadRequest(pt.timeline.list({ patientId, since: 0 } as never), "since");
  });
});
