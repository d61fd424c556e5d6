import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { insertRow, listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { currentOf, fieldOf } from "../errors";
import { openSeededClinic, type Clinic } from "../test-support";

let clinic: Clinic;
let patientId: string;
beforeAll(async () => {
  clinic = await openSeededClinic();
  patientId = (await (await clinic.as("pt@stepwise.test")).patients.list({ search: "Hollis" })).items[0]!.id;
  // A second PT on Hollis's team, so that "author only" is tested against a colleague, not a stranger.
  await insertRow(clinic.handle.db, schema.careTeamMembers, { patientId, userId: await clinic.userId("pt2@stepwise.test"), role: "physical_therapist" });
});
afterAll(async () => {
  await clinic?.close();
});

const session = (overrides: Record<string, unknown> = {}) => ({
  patientId,
  idempotencyKey: randomUUID(),
  sessionDate: "2025-03-04",
  attendance: "attended" as const,
  minutes: 45,
  interventions: ["therapeutic exercise", "manual therapy"],
  painBefore: 6,
  painAfter: 4,
  functionNote: "Walked 12 minutes before stopping.",
  ...overrides,
});

const counts = () =>
  Promise.all([countRows(clinic.handle.db, schema.therapySessions), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);

async function expectBadRequest(call: Promise<unknown>, field: string) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect(error).toMatchObject({ code: "BAD_REQUEST" });
  // The field as the HTTP error shape reports it (data.field), else the message (an unrecognised key names itself there).
  expect(fieldOf((error as TRPCError).cause) ?? (error as TRPCError).message).toContain(field);
}

describe("therapySessions.log", () => {
  it("lets a PT log a session: one row, one plan event and one audit row, in one transaction", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const [sessions, events, audits] = await counts();
    const row = await pt.therapySessions.log(session());
    expect(row).toMatchObject({ version: 1, attendance: "attended", minutes: 45, painBefore: 6, painAfter: 4, authorId: await clinic.userId("pt@stepwise.test") });
    expect(row.sessionDate.toISOString().slice(0, 10)).toBe("2025-03-04");
    expect(await counts()).toEqual([sessions + 1, events + 1, audits + 1]);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: row.authorId, limit: 1 });
    expect(event).toMatchObject({ entityType: "therapy_session", entityId: row.id, eventType: "therapy_session.logged", entityVersion: 1, discipline: "physical_therapist", privateTo: null });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "therapySessions.log" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "therapy_session", entityId: row.id });
  });

  it("returns the original row to a retry with the same key, and writes no second row or event", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const input = session();
    const first = await pt.therapySessions.log(input);
    const [sessions, events] = await counts();
    const again = await pt.therapySessions.log({ ...input });
    expect(again).toEqual(first);
    const [sessionsAfter, eventsAfter] = await counts();
    expect([sessionsAfter, eventsAfter]).toEqual([sessions, events]);
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "therapySessions.log" });
    expect(audit).toMatchObject({ outcome: "success", entityId: first.id, detail: { idempotentReplay: true } });
  });

  it("answers CONFLICT, carrying the stored row, to a retry whose body differs from the original", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const input = session();
    const first = await pt.therapySessions.log(input);
    const [sessions, events] = await counts();
    const error = await pt.therapySessions.log({ ...input, minutes: 50 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT" });
    expect(currentOf((error as TRPCError).cause)).toMatchObject({ id: first.id, minutes: 45 });
    const other = await clinic.as("pt2@stepwise.test");
    await expect(other.therapySessions.log(input)).rejects.toMatchObject({ code: "CONFLICT" });
    const [sessionsAfter, eventsAfter] = await counts();
    expect([sessionsAfter, eventsAfter]).toEqual([sessions, events]);
  });

  it("logs exactly one session and one event under 10 concurrent retries of one submit", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const input = session({ sessionDate: "2025-03-06" });
    const [sessions, events] = await counts();
    const results = await Promise.all(Array.from({ length: 10 }, () => pt.therapySessions.log({ ...input })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const [sessionsAfter, eventsAfter] = await counts();
    expect(sessionsAfter).toBe(sessions + 1);
    expect(eventsAfter).toBe(events + 1);
    const logged = await listEvents(clinic.handle.db, { patientId, viewerId: results[0]!.authorId, limit: 20 });
    expect(logged.filter((e) => e.entityId === results[0]!.id)).toHaveLength(1);
  });

  it("lets only a physical therapist log: other roles FORBIDDEN, non-members NOT_FOUND, anonymous UNAUTHORIZED", async () => {
    const before = await countRows(clinic.handle.db, schema.therapySessions);
    for (const email of ["physician@stepwise.test", "psychologist@stepwise.test", "coordinator@stepwise.test"]) {
      await expect((await clinic.as(email)).therapySessions.log(session())).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    for (const email of ["physician2@stepwise.test", "admin@stepwise.test"]) {
      await expect((await clinic.as(email)).therapySessions.log(session())).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(clinic.anonymous().therapySessions.log(session())).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect(await countRows(clinic.handle.db, schema.therapySessions)).toBe(before);
    const denied = await listAudit(clinic.handle.db, { patientId, actorId: await clinic.userId("physician@stepwise.test"), action: "therapySessions.log" });
    expect(denied[0]).toMatchObject({ outcome: "denied" });
  });

  it("rejects malformed input with BAD_REQUEST naming the field, and changes no row count", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const before = await Promise.all([countRows(clinic.handle.db, schema.therapySessions), countRows(clinic.handle.db, schema.planEvents)]);
    const bad: [Record<string, unknown>, string][] = [
      [session({ minutes: "45" }), "minutes"],
      [session({ minutes: 241 }), "minutes"],
      [session({ painBefore: 11 }), "painBefore"],
      [session({ idempotencyKey: "retry-1" }), "idempotencyKey"],
      [session({ attendance: "late" }), "attendance"],
      [session({ notes: "x".repeat(10_001) }), "notes"],
      [session({ interventions: ["y".repeat(101)] }), "interventions"],
      [session({ therapist: "someone else" }), "therapist"],
      [session({ sessionDate: new Date(Date.now() + 2 * 24 * 60 * 60 * 1000) }), "sessionDate"],
      [session({ attendance: "no_show", minutes: 30, painBefore: null, painAfter: null }), "attendance"],
      [session({ attendance: "cancelled", minutes: 0 }), "attendance"],
    ];
    for (const [input, field] of bad) await expectBadRequest(pt.therapySessions.log(input as never), field);
    const after = await Promise.all([countRows(clinic.handle.db, schema.therapySessions), countRows(clinic.handle.db, schema.planEvents)]);
    expect(after).toEqual(before);
  });

  it("records a no-show with no minutes and no pain scores", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const row = await pt.therapySessions.log(session({ attendance: "no_show", minutes: 0, painBefore: null, painAfter: null, interventions: [], functionNote: null }));
    expect(row).toMatchObject({ attendance: "no_show", minutes: 0, painBefore: null });
  });
});

describe("therapySessions.list", () => {
  it("lists newest first for every clinical role, within an optional date range", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    for (const date of ["2024-06-03", "2024-06-10", "2024-06-17"]) await pt.therapySessions.log(session({ sessionDate: date }));
    const coordinator = await clinic.as("coordinator@stepwise.test");
    const all = await coordinator.therapySessions.list({ patientId });
    const dates = all.map((s) => s.sessionDate.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    const june = await coordinator.therapySessions.list({ patientId, from: "2024-06-04", to: "2024-06-17" });
    expect(june.map((s) => s.sessionDate.toISOString().slice(0, 10))).toEqual(["2024-06-17", "2024-06-10"]);
    const one = await (await clinic.as("physician@stepwise.test")).therapySessions.list({ patientId, limit: 1 });
    expect(one).toHaveLength(1);
    await expect(coordinator.therapySessions.list({ patientId, from: "2024-06-17", to: "2024-06-01" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(coordinator.therapySessions.list({ patientId, limit: 501 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(coordinator.therapySessions.list({ patientId, sort: "asc" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("answers NOT_FOUND to non-members and UNAUTHORIZED to anonymous callers, and audits the read", async () => {
    await expect((await clinic.as("physician2@stepwise.test")).therapySessions.list({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await clinic.as("admin@stepwise.test")).therapySessions.list({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().therapySessions.list({ patientId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await (await clinic.as("psychologist@stepwise.test")).therapySessions.list({ patientId });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "therapySessions.list" });
    expect(audit).toMatchObject({ outcome: "success", actorRole: "psychologist" });
  });
});

describe("therapySessions.correct", () => {
  it("lets the author correct a session, bumping the version and writing a corrected event", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const row = await pt.therapySessions.log(session());
    const [, events, audits] = await counts();
    const fixed = await pt.therapySessions.correct({ patientId, id: row.id, expectedVersion: 1, minutes: 40, painAfter: 3 });
    expect(fixed).toMatchObject({ id: row.id, version: 2, minutes: 40, painAfter: 3, painBefore: 6, idempotencyKey: row.idempotencyKey });
    const [, eventsAfter, auditsAfter] = await counts();
    expect([eventsAfter, auditsAfter]).toEqual([events + 1, audits + 1]);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: row.authorId, limit: 1 });
    expect(event).toMatchObject({ entityId: row.id, eventType: "therapy_session.corrected", entityVersion: 2 });
  });

  it("answers CONFLICT with the current row to a stale version", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const row = await pt.therapySessions.log(session());
    await pt.therapySessions.correct({ patientId, id: row.id, expectedVersion: 1, minutes: 30 });
    const error = await pt.therapySessions.correct({ patientId, id: row.id, expectedVersion: 1, minutes: 35 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "CONFLICT" });
    expect(((error as TRPCError).cause as { details?: { current?: unknown } }).details?.current).toMatchObject({ id: row.id, version: 2, minutes: 30 });
  });

  it("lets only the author correct: another PT and other roles FORBIDDEN, non-members NOT_FOUND", async () => {
    const row = await (await clinic.as("pt@stepwise.test")).therapySessions.log(session());
    const patch = { patientId, id: row.id, expectedVersion: 1, minutes: 20 };
    for (const email of ["pt2@stepwise.test", "physician@stepwise.test", "coordinator@stepwise.test"]) {
      await expect((await clinic.as(email)).therapySessions.correct(patch)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect((await clinic.as("physician2@stepwise.test")).therapySessions.correct(patch)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().therapySessions.correct(patch)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const missing = { ...patch, id: randomUUID() };
    await expect((await clinic.as("pt@stepwise.test")).therapySessions.correct(missing)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("checks the corrected row as a whole: a no-show keeps no minutes; empty and future patches are BAD_REQUEST", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const row = await pt.therapySessions.log(session());
    const events = await countRows(clinic.handle.db, schema.planEvents);
    await expectBadRequest(pt.therapySessions.correct({ patientId, id: row.id, expectedVersion: 1, attendance: "no_show" }), "attendance");
    await expectBadRequest(pt.therapySessions.correct({ patientId, id: row.id, expectedVersion: 1 }), "nothing to update");
    await expectBadRequest(pt.therapySessions.correct({ patientId, id: row.id, expectedVersion: 1, sessionDate: new Date(Date.now() + 3 * 86_400_000) }), "sessionDate");
    await expectBadRequest(pt.therapySessions.correct({ patientId, id: row.id, expectedVersion: 1, idempotencyKey: randomUUID() } as never), "idempotencyKey");
    expect(await countRows(clinic.handle.db, schema.planEvents)).toBe(events);
    const noShow = await pt.therapySessions.correct({ patientId, id: row.id, expectedVersion: 1, attendance: "no_show", minutes: 0, painBefore: null, painAfter: null });
    expect(noShow).toMatchObject({ attendance: "no_show", minutes: 0, version: 2 });
  });
});
