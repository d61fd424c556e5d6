import { beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { fieldOf } from "../errors";
import { useSeededClinic } from "../test-clinic";

const clinic = useSeededClinic();
let patientId: string;
let psychologistId: string;
beforeAll(async () => {
  patientId = (await (await clinic.as("psychologist@stepwise.test")).patients.list({ search: "Hollis" })).items[0]!.id;
  psychologistId = await clinic.userId("psychologist@stepwise.test");
});

const counts = () =>
  Promise.all([countRows(clinic.handle.db, schema.psychNotes), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);

async function expectBadRequest(call: Promise<unknown>, field: string) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect(error).toMatchObject({ code: "BAD_REQUEST" });
  expect(fieldOf((error as TRPCError).cause) ?? (error as TRPCError).message).toContain(field);
}

describe("psychNotes.create", () => {
  it("writes a shared summary with a team-visible event that names the note, not its content", async () => {
    const psych = await clinic.as("psychologist@stepwise.test");
    const [notes, events, audits] = await counts();
    const body = "Engaged in CBT for pain; pacing improving; low mood stable.";
    const note = await psych.psychNotes.create({ patientId, kind: "shared_summary", body });
    expect(note).toMatchObject({ kind: "shared_summary", body, authorId: psychologistId, version: 1 });
    expect(await counts()).toEqual([notes + 1, events + 1, audits + 1]);
    const physicianId = await clinic.userId("physician@stepwise.test");
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: physicianId, limit: 1 });
    expect(event).toMatchObject({ entityType: "psych_note", entityId: note.id, eventType: "psych_note.created", psychNoteKind: "shared_summary", authorId: psychologistId, privateTo: null, entityVersion: 1 });
    expect(event!.summary).not.toContain("CBT");
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "psychNotes.create" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "psych_note", entityId: note.id });
  });

  it("writes a psychotherapy note whose event is private to its author and says nothing of its content", async () => {
    const psych = await clinic.as("psychologist@stepwise.test");
    const [notes, events, audits] = await counts();
    const note = await psych.psychNotes.create({ patientId, kind: "psychotherapy", body: "Discussed childhood trauma in detail." });
    expect(await counts()).toEqual([notes + 1, events + 1, audits + 1]);
    const [mine] = await listEvents(clinic.handle.db, { patientId, viewerId: psychologistId, limit: 1 });
    expect(mine).toMatchObject({ entityId: note.id, psychNoteKind: "psychotherapy", privateTo: psychologistId });
    expect(mine!.summary).toBe("Private note added");
    const theirs = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId("physician@stepwise.test"), limit: 50 });
    expect(theirs.some((e) => e.entityId === note.id)).toBe(false);
  });

  it("lets only a psychologist write notes: other roles FORBIDDEN, non-members NOT_FOUND, anonymous UNAUTHORIZED", async () => {
    const [notes] = await counts();
    const input = { patientId, kind: "shared_summary" as const, body: "Not mine to write." };
    for (const email of ["physician@stepwise.test", "pt@stepwise.test", "coordinator@stepwise.test"]) {
      await expect((await clinic.as(email)).psychNotes.create(input)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    for (const email of ["physician2@stepwise.test", "admin@stepwise.test"]) {
      await expect((await clinic.as(email)).psychNotes.create(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(clinic.anonymous().psychNotes.create(input)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await counts())[0]).toBe(notes);
  });

  it("rejects malformed input with BAD_REQUEST naming the field, and changes no row count", async () => {
    const psych = await clinic.as("psychologist@stepwise.test");
    const before = await Promise.all([countRows(clinic.handle.db, schema.psychNotes), countRows(clinic.handle.db, schema.planEvents)]);
    const bad: [Record<string, unknown>, string][] = [
      [{ patientId, kind: "diary", body: "x" }, "kind"],
      [{ patientId, kind: "psychotherapy", body: "   " }, "body"],
      [{ patientId, kind: "psychotherapy", body: "x".repeat(10_001) }, "body"],
      [{ patientId, kind: "psychotherapy", body: 42 }, "body"],
      [{ patientId, kind: "psychotherapy", body: "x", authorId: psychologistId }, "authorId"],
      [{ patientId, kind: "psychotherapy" }, "body"],
    ];
    for (const [input, field] of bad) await expectBadRequest(psych.psychNotes.create(input as never), field);
    const after = await Promise.all([countRows(clinic.handle.db, schema.psychNotes), countRows(clinic.handle.db, schema.planEvents)]);
    expect(after).toEqual(before);
  });
});

describe("psychNotes.list", () => {
  it("shows the author shared summaries and their own psychotherapy notes, and everyone else the summaries only", async () => {
    const psych = await clinic.as("psychologist@stepwise.test");
    await psych.psychNotes.create({ patientId, kind: "shared_summary", body: "Summary for the team." });
    await psych.psychNotes.create({ patientId, kind: "psychotherapy", body: "Session content, author only." });
    const own = await psych.psychNotes.list({ patientId });
    expect(own.some((n) => n.kind === "psychotherapy")).toBe(true);
    expect(own[0]).toMatchObject({ body: "Session content, author only.", authorName: expect.any(String) });
    const created = own.map((n) => n.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    for (const email of ["physician@stepwise.test", "pt@stepwise.test", "coordinator@stepwise.test"]) {
      const seen = await (await clinic.as(email)).psychNotes.list({ patientId });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.every((n) => n.kind === "shared_summary")).toBe(true);
      expect(seen).toHaveLength(own.filter((n) => n.kind === "shared_summary").length);
    }
  });

  it("answers NOT_FOUND to non-members, UNAUTHORIZED to anonymous callers, BAD_REQUEST to unknown fields; audits the read", async () => {
    await expect((await clinic.as("physician2@stepwise.test")).psychNotes.list({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await clinic.as("admin@stepwise.test")).psychNotes.list({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().psychNotes.list({ patientId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const pt = await clinic.as("pt@stepwise.test");
    await expectBadRequest(pt.psychNotes.list({ patientId, kind: "psychotherapy" } as never), "kind");
    await pt.psychNotes.list({ patientId });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "psychNotes.list" });
    expect(audit).toMatchObject({ outcome: "success", actorRole: "physical_therapist" });
  });
});
