import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { fieldOf } from "../errors";
import { useSeededClinic } from "../test-clinic";

const clinic = useSeededClinic();
let patientId: string;
let otherPatientId: string;
let planItemId: string;
let otherPlanItemId: string;
beforeAll(async () => {
  const pt = await clinic.as("pt@stepwise.test");
  const mine = (await pt.patients.list({ limit: 100 })).items;
  patientId = mine.find((p) => p.familyName === "Hollis")!.id;
  otherPatientId = mine.find((p) => p.id !== patientId)!.id;
  const item = (id: string) => ({
    patientId: id,
    kind: "physical_therapy" as const,
    ladderStep: 1 as const,
    discipline: "physical_therapist" as const,
    title: "Graded walking programme",
    rationale: "Deconditioning; build tolerance from 10 to 30 minutes.",
  });
  planItemId = (await pt.planItems.create(item(patientId))).id;
  otherPlanItemId = (await pt.planItems.create(item(otherPatientId))).id;
});

const counts = () =>
  Promise.all([countRows(clinic.handle.db, schema.comments), countRows(clinic.handle.db, schema.planEvents), countRows(clinic.handle.db, schema.auditLog)]);

async function expectBadRequest(call: Promise<unknown>, field: string) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect(error).toMatchObject({ code: "BAD_REQUEST" });
  expect(fieldOf((error as TRPCError).cause) ?? (error as TRPCError).message).toContain(field);
}

const onItem = (body: string) => ({ patientId, targetType: "plan_item" as const, targetId: planItemId, body });

describe("comments.create", () => {
  it("lets any clinical member comment on a row of the record: row, plan event and audit row together", async () => {
    const physician = await clinic.as("physician@stepwise.test");
    const [comments, events, audits] = await counts();
    const comment = await physician.comments.create(onItem("Agree; add a pacing diary."));
    expect(comment).toMatchObject({ targetType: "plan_item", targetId: planItemId, authorId: await clinic.userId("physician@stepwise.test"), privateTo: null, version: 1 });
    expect(await counts()).toEqual([comments + 1, events + 1, audits + 1]);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId("pt@stepwise.test"), limit: 1 });
    expect(event).toMatchObject({ entityType: "comment", entityId: comment.id, eventType: "comment.created", summary: "Comment on plan item", discipline: "physician", privateTo: null });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "comments.create" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "comment", entityId: comment.id });
    const coordinator = await clinic.as("coordinator@stepwise.test");
    expect(await coordinator.comments.create(onItem("Will raise at Thursday's review."))).toMatchObject({ privateTo: null });
  });

  it("answers NOT_FOUND for a target outside this patient's record, of another type, or missing; writes nothing", async () => {
    const physician = await clinic.as("physician@stepwise.test");
    const before = await Promise.all([countRows(clinic.handle.db, schema.comments), countRows(clinic.handle.db, schema.planEvents)]);
    const targets = [
      { targetType: "plan_item" as const, targetId: otherPlanItemId },
      { targetType: "goal" as const, targetId: planItemId },
      { targetType: "therapy_session" as const, targetId: randomUUID() },
      { targetType: "psych_note" as const, targetId: randomUUID() },
      { targetType: "care_plan" as const, targetId: randomUUID() },
    ];
    for (const target of targets) {
      await expect(physician.comments.create({ patientId, ...target, body: "Where does this go?" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const after = await Promise.all([countRows(clinic.handle.db, schema.comments), countRows(clinic.handle.db, schema.planEvents)]);
    expect(after).toEqual(before);
  });

  it("comments on a shared summary for the team, and on a psychotherapy note for its author alone", async () => {
    const psych = await clinic.as("psychologist@stepwise.test");
    const psychId = await clinic.userId("psychologist@stepwise.test");
    const summary = await psych.psychNotes.create({ patientId, kind: "shared_summary", body: "Mood improving with activity scheduling." });
    const note = await psych.psychNotes.create({ patientId, kind: "psychotherapy", body: "Private formulation." });
    const physician = await clinic.as("physician@stepwise.test");
    expect(await physician.comments.create({ patientId, targetType: "psych_note", targetId: summary.id, body: "Thanks — noted." })).toMatchObject({ privateTo: null });
    const missing = await physician.comments.create({ patientId, targetType: "psych_note", targetId: randomUUID(), body: "x" }).catch((e: unknown) => e);
    const hidden = await physician.comments.create({ patientId, targetType: "psych_note", targetId: note.id, body: "x" }).catch((e: unknown) => e);
    expect(hidden).toMatchObject({ code: "NOT_FOUND" });
    expect((hidden as Error).message).toBe((missing as Error).message);
    const own = await psych.comments.create({ patientId, targetType: "psych_note", targetId: note.id, body: "Revisit next session." });
    expect(own).toMatchObject({ privateTo: psychId });
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: psychId, limit: 1 });
    expect(event).toMatchObject({ entityId: own.id, privateTo: psychId, summary: "Private comment added" });
  });

  it("refuses non-members (NOT_FOUND) and anonymous callers (UNAUTHORIZED)", async () => {
    await expect((await clinic.as("physician2@stepwise.test")).comments.create(onItem("Outsider."))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await clinic.as("admin@stepwise.test")).comments.create(onItem("Admin."))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().comments.create(onItem("Anyone."))).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("rejects malformed input with BAD_REQUEST naming the field, and changes no row count", async () => {
    const physician = await clinic.as("physician@stepwise.test");
    const before = await Promise.all([countRows(clinic.handle.db, schema.comments), countRows(clinic.handle.db, schema.planEvents)]);
    const bad: [Record<string, unknown>, string][] = [
      [{ ...onItem("ok"), body: "" }, "body"],
      [{ ...onItem("ok"), body: "x".repeat(10_001) }, "body"],
      [{ ...onItem("ok"), body: ["not", "text"] }, "body"],
      [{ ...onItem("ok"), targetType: "meeting" }, "targetType"],
      [{ ...onItem("ok"), targetId: "item-1" }, "targetId"],
      [{ ...onItem("ok"), privateTo: await clinic.userId("physician@stepwise.test") }, "privateTo"],
    ];
    for (const [input, field] of bad) await expectBadRequest(physician.comments.create(input as never), field);
    const after = await Promise.all([countRows(clinic.handle.db, schema.comments), countRows(clinic.handle.db, schema.planEvents)]);
    expect(after).toEqual(before);
  });
});

describe("comments.list", () => {
  it("lists a target's comments oldest first with author names, for every clinical role", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const first = await pt.comments.create(onItem("First."));
    const second = await (await clinic.as("psychologist@stepwise.test")).comments.create(onItem("Second."));
    const listed = await (await clinic.as("coordinator@stepwise.test")).comments.list({ patientId, targetType: "plan_item", targetId: planItemId });
    const ids = listed.map((c) => c.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(listed.find((c) => c.id === first.id)).toMatchObject({ body: "First.", authorName: "Sam Whitfield, DPT" });
  });

  it("answers NOT_FOUND for a target outside the record, to non-members; UNAUTHORIZED to anonymous; audits the read", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    await expect(pt.comments.list({ patientId, targetType: "plan_item", targetId: otherPlanItemId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await clinic.as("physician2@stepwise.test")).comments.list({ patientId, targetType: "plan_item", targetId: planItemId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().comments.list({ patientId, targetType: "plan_item", targetId: planItemId })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expectBadRequest(pt.comments.list({ patientId, targetType: "plan_item", targetId: planItemId, limit: 501 }), "limit");
    await pt.comments.list({ patientId, targetType: "plan_item", targetId: planItemId });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "comments.list" });
    expect(audit).toMatchObject({ outcome: "success", actorRole: "physical_therapist" });
  });
});

describe("comments.update", () => {
  it("lets the author edit, bumping the version with an event; a stale version is CONFLICT with the current row", async () => {
    const physician = await clinic.as("physician@stepwise.test");
    const comment = await physician.comments.create(onItem("Draft thought."));
    const [, events, audits] = await counts();
    const edited = await physician.comments.update({ patientId, id: comment.id, expectedVersion: 1, body: "Considered thought." });
    expect(edited).toMatchObject({ id: comment.id, version: 2, body: "Considered thought." });
    const [, eventsAfter, auditsAfter] = await counts();
    expect([eventsAfter, auditsAfter]).toEqual([events + 1, audits + 1]);
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: comment.authorId, limit: 1 });
    expect(event).toMatchObject({ entityId: comment.id, eventType: "comment.updated", entityVersion: 2 });
    const stale = await physician.comments.update({ patientId, id: comment.id, expectedVersion: 1, body: "Late edit." }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ code: "CONFLICT" });
    expect(((stale as TRPCError).cause as { details?: { current?: unknown } }).details?.current).toMatchObject({ version: 2, body: "Considered thought." });
  });

  it("lets only the author edit: FORBIDDEN to colleagues, NOT_FOUND to non-members and for missing comments", async () => {
    const comment = await (await clinic.as("physician@stepwise.test")).comments.create(onItem("Mine."));
    const patch = { patientId, id: comment.id, expectedVersion: 1, body: "Yours now." };
    for (const email of ["pt@stepwise.test", "psychologist@stepwise.test", "coordinator@stepwise.test"]) {
      await expect((await clinic.as(email)).comments.update(patch)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect((await clinic.as("physician2@stepwise.test")).comments.update(patch)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await clinic.as("physician@stepwise.test")).comments.update({ ...patch, id: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(clinic.anonymous().comments.update(patch)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expectBadRequest((await clinic.as("physician@stepwise.test")).comments.update({ ...patch, body: "" }), "body");
    await expectBadRequest((await clinic.as("physician@stepwise.test")).comments.update({ ...patch, targetId: planItemId } as never), "targetId");
  });
});
