import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { currentOf, fieldOf } from "../errors";
import { demoEmails, everyCaller, openSeededClinic, type Clinic, type Who } from "../test-support";

const { PHYSICIAN, PHYSICIAN2, PT, PT2, PSYCH, COORD, ADMIN } = demoEmails;
const everyone = everyCaller;

type Caller = Awaited<ReturnType<Clinic["as"]>>;

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);

let clinic: Clinic;
const users: Record<string, string> = {};
let hollis: string;
let slot = 0;

beforeAll(async () => {
  clinic = await openSeededClinic();
  for (const email of [PHYSICIAN, PHYSICIAN2, PT, PT2, PSYCH, COORD, ADMIN]) users[email] = await clinic.userId(email);
  // Hollis's team: physician, pt, psychologist, coordinator (not physician2, not pt2).
  hollis = (await (await clinic.as(COORD)).patients.list({ search: "Hollis" })).items[0]!.id;
});
afterAll(async () => {
  await clinic?.close();
});

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    return err as TRPCError;
  }
  throw new Error("expected the call to fail");
}

/** A meeting with Hollis on the agenda; `clock` lets a test make one whose items are overdue today. */
async function meetingWithCase(attendees: string[] = [PHYSICIAN, PT], clock?: () => Date) {
  const coord = await clinic.as(COORD, clock);
  const now = clock?.() ?? new Date();
  slot += 1;
  const meeting = await coord.meetings.schedule({
    title: `Review ${slot}`,
    scheduledFor: new Date(now.getTime() + (7 + slot) * DAY),
    attendeeIds: attendees.map((e) => users[e]!),
  });
  const agendaCase = await coord.meetings.addCase({ patientId: hollis, meetingId: meeting.id, reason: "Follow-up" });
  return { meetingId: meeting.id, caseId: agendaCase.id, meetingVersion: agendaCase.meetingVersion };
}

const item = (m: { meetingId: string; caseId: string }, overrides: Partial<{ description: string; ownerId: string; dueDate: Date }> = {}) => ({
  patientId: hollis,
  meetingId: m.meetingId,
  caseId: m.caseId,
  description: "Call the patient about the pain diary",
  ownerId: users[PT]!,
  dueDate: inDays(7),
  ...overrides,
});

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "ok";
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}

describe("actionItems: who may", () => {
  it("walks every procedure for every demo role", async () => {
    const rows: { name: string; run: (c: Caller) => Promise<unknown>; expected: Record<Who, string> }[] = [
      {
        name: "actionItems.create",
        run: async (c) => c.actionItems.create(item(await meetingWithCase([PHYSICIAN, PT, PSYCH]))),
        expected: { physician: "ok", physician2: "NOT_FOUND", pt: "ok", pt2: "NOT_FOUND", psychologist: "ok", coordinator: "ok", admin: "NOT_FOUND", anonymous: "UNAUTHORIZED" },
      },
      {
        name: "actionItems.update",
        run: async (c) => {
          const created = await (await clinic.as(COORD)).actionItems.create(item(await meetingWithCase()));
          return c.actionItems.update({ patientId: hollis, id: created.id, expectedVersion: created.version, status: "done" });
        },
        expected: { physician: "FORBIDDEN", physician2: "NOT_FOUND", pt: "ok", pt2: "NOT_FOUND", psychologist: "FORBIDDEN", coordinator: "ok", admin: "NOT_FOUND", anonymous: "UNAUTHORIZED" },
      },
      {
        name: "actionItems.mine",
        run: (c) => c.actionItems.mine({}),
        expected: { physician: "ok", physician2: "ok", pt: "ok", pt2: "ok", psychologist: "ok", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
      },
      {
        name: "actionItems.overdue",
        run: (c) => c.actionItems.overdue({}),
        expected: { physician: "FORBIDDEN", physician2: "FORBIDDEN", pt: "FORBIDDEN", pt2: "FORBIDDEN", psychologist: "FORBIDDEN", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
      },
    ];
    const actual: Record<string, Record<Who, string>> = {};
    const expected: Record<string, Record<Who, string>> = {};
    for (const row of rows) {
      expected[row.name] = row.expected;
      const results = {} as Record<Who, string>;
      for (const [who, email] of Object.entries(everyone) as [Who, string | null][]) {
        const caller = email ? await clinic.as(email) : clinic.anonymous();
        results[who] = await outcome(() => row.run(caller));
      }
      actual[row.name] = results;
    }
    expect(actual).toEqual(expected);
  });
});

describe("actionItems.create", () => {
  it("assigns an item in a meeting, writing the row, a plan event and an audit row together", async () => {
    const m = await meetingWithCase();
    const db = clinic.handle.db;
    const before = await Promise.all([countRows(db, schema.actionItems), countRows(db, schema.planEvents), countRows(db, schema.auditLog)]);
    const created = await (await clinic.as(PHYSICIAN)).actionItems.create(item(m));
    expect(created).toMatchObject({ patientId: hollis, meetingId: m.meetingId, ownerId: users[PT], status: "open", version: 1, description: "Call the patient about the pain diary" });
    expect(await Promise.all([countRows(db, schema.actionItems), countRows(db, schema.planEvents), countRows(db, schema.auditLog)])).toEqual([before[0] + 1, before[1] + 1, before[2] + 1]);
    const [event] = await listEvents(db, { patientId: hollis, viewerId: users[PT]!, limit: 1 });
    expect(event).toMatchObject({ entityType: "action_item", entityId: created.id, eventType: "action_item.created", entityVersion: 1 });
    expect(event!.summary).toContain("Sam Whitfield, DPT");
    expect(event!.summary).not.toContain("pain diary");
    const [audit] = await listAudit(db, { patientId: hollis, action: "actionItems.create" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "action_item", entityId: created.id, actorRole: "physician" });
  });

  it("needs an owner on the patient's team, a due date not in the past, the meeting's own case, and a meeting still open", async () => {
    const m = await meetingWithCase();
    const other = await meetingWithCase();
    const physician = await clinic.as(PHYSICIAN);
    const before = await countRows(clinic.handle.db, schema.actionItems);
    const notOnTeam = await failure(physician.actionItems.create(item(m, { ownerId: users[PT2]! })));
    expect(notOnTeam.code).toBe("BAD_REQUEST");
    expect(fieldOf(notOnTeam.cause)).toBe("ownerId");
    const past = await failure(physician.actionItems.create(item(m, { dueDate: inDays(-1) })));
    expect(past.code).toBe("BAD_REQUEST");
    expect(fieldOf(past.cause)).toBe("dueDate");
    await expect(physician.actionItems.create({ ...item(m), caseId: other.caseId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    // The psychologist is on Hollis's team but not at this meeting: the meeting is not theirs to see.
    await expect((await clinic.as(PSYCH)).actionItems.create(item(m))).rejects.toMatchObject({ code: "NOT_FOUND" });
    const coord = await clinic.as(COORD);
    const meeting = await coord.meetings.get({ meetingId: m.meetingId });
    const afterStart = () => new Date(meeting.meeting.scheduledFor.getTime() + 3_600_000);
    await (await clinic.as(COORD, afterStart)).meetings.close({ meetingId: m.meetingId, expectedVersion: m.meetingVersion, acknowledgeNoQuorum: true });
    await expect(physician.actionItems.create(item(m))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await countRows(clinic.handle.db, schema.actionItems)).toBe(before);
  });
});

describe("actionItems.update", () => {
  it("lets the owner finish an item and the coordinator move its date; others are refused", async () => {
    const created = await (await clinic.as(PHYSICIAN)).actionItems.create(item(await meetingWithCase()));
    const coord = await clinic.as(COORD);
    const moved = await coord.actionItems.update({ patientId: hollis, id: created.id, expectedVersion: 1, dueDate: inDays(10), description: "Call about the diary and the block date" });
    expect(moved).toMatchObject({ version: 2, description: "Call about the diary and the block date" });
    await expect((await clinic.as(PHYSICIAN)).actionItems.update({ patientId: hollis, id: created.id, expectedVersion: 2, status: "done" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const done = await (await clinic.as(PT)).actionItems.update({ patientId: hollis, id: created.id, expectedVersion: 2, status: "done" });
    expect(done).toMatchObject({ status: "done", version: 3, updatedBy: users[PT] });
    const [event] = await listEvents(clinic.handle.db, { patientId: hollis, viewerId: users[PT]!, limit: 1 });
    expect(event).toMatchObject({ entityType: "action_item", entityId: created.id, eventType: "action_item.done", summary: "Action item done", entityVersion: 3 });
    const [denied] = await listAudit(clinic.handle.db, { patientId: hollis, action: "actionItems.update", actorId: users[PHYSICIAN] });
    expect(denied).toMatchObject({ outcome: "denied", detail: { code: "FORBIDDEN" } });
    expect((await (await clinic.as(PT)).actionItems.mine({})).map((i) => i.id)).not.toContain(created.id);
  });

  it("hands an item to someone else on the team only", async () => {
    const created = await (await clinic.as(PHYSICIAN)).actionItems.create(item(await meetingWithCase()));
    const pt = await clinic.as(PT);
    const err = await failure(pt.actionItems.update({ patientId: hollis, id: created.id, expectedVersion: 1, ownerId: users[PT2]! }));
    expect(err.code).toBe("BAD_REQUEST");
    expect(fieldOf(err.cause)).toBe("ownerId");
    const handed = await pt.actionItems.update({ patientId: hollis, id: created.id, expectedVersion: 1, ownerId: users[PSYCH]! });
    expect(handed).toMatchObject({ ownerId: users[PSYCH], version: 2 });
    expect((await (await clinic.as(PSYCH)).actionItems.mine({})).map((i) => i.id)).toContain(created.id);
  });

  it("refuses a stale version with CONFLICT and the current row, writing nothing", async () => {
    const created = await (await clinic.as(PHYSICIAN)).actionItems.create(item(await meetingWithCase()));
    const pt = await clinic.as(PT);
    await pt.actionItems.update({ patientId: hollis, id: created.id, expectedVersion: 1, status: "done" });
    const events = await countRows(clinic.handle.db, schema.planEvents);
    const err = await failure((await clinic.as(COORD)).actionItems.update({ patientId: hollis, id: created.id, expectedVersion: 1, status: "cancelled" }));
    expect(err.code).toBe("CONFLICT");
    expect(currentOf(err.cause)).toMatchObject({ id: created.id, status: "done", version: 2 });
    expect(await countRows(clinic.handle.db, schema.planEvents)).toBe(events);
  });

  it("rejects malformed input with BAD_REQUEST naming the field, and changes no row count", async () => {
    const created = await (await clinic.as(PHYSICIAN)).actionItems.create(item(await meetingWithCase()));
    const pt = await clinic.as(PT);
    const physician = await clinic.as(PHYSICIAN);
    const m = await meetingWithCase();
    const counts = () => Promise.all([countRows(clinic.handle.db, schema.actionItems), countRows(clinic.handle.db, schema.planEvents)]);
    const before = await counts();
    const ref = { patientId: hollis, id: created.id, expectedVersion: 1 };
    const bad: [() => Promise<unknown>, string][] = [
      [() => pt.actionItems.update({ ...ref, status: "finished" } as never), "status"],
      [() => pt.actionItems.update({ ...ref, description: "x".repeat(1001) }), "description"],
      [() => pt.actionItems.update({ ...ref, description: "" }), "description"],
      [() => pt.actionItems.update({ ...ref, dueDate: "next week" } as never), "dueDate"],
      [() => pt.actionItems.update({ ...ref, dueDate: inDays(-3) }), "dueDate"],
      [() => pt.actionItems.update({ ...ref, priority: "high" } as never), "priority"],
      [() => pt.actionItems.update(ref), "nothing to update"],
      [() => physician.actionItems.create({ ...item(m), description: "" }), "description"],
      [() => physician.actionItems.create({ ...item(m), ownerId: "someone" }), "ownerId"],
      [() => physician.actionItems.create({ ...item(m), urgent: true } as never), "urgent"],
      [() => pt.actionItems.mine({ limit: 0 }), "limit"],
    ];
    for (const [call, field] of bad) {
      const err = await failure(call());
      expect({ field, code: err.code }).toEqual({ field, code: "BAD_REQUEST" });
      expect(`${fieldOf(err.cause) ?? ""} ${err.message}`).toContain(field);
    }
    expect(await counts()).toEqual(before);
  });
});

describe("actionItems.mine and actionItems.overdue", () => {
  it("lists the owner's open items overdue first, and the coordinator every overdue item on their teams", async () => {
    const tenDaysAgo = () => new Date(Date.now() - 10 * DAY);
    const old = await meetingWithCase([PHYSICIAN, PT], tenDaysAgo);
    const overdueItem = await (await clinic.as(COORD, tenDaysAgo)).actionItems.create(item(old, { description: "Send the imaging report", dueDate: inDays(-5) }));
    const soon = await (await clinic.as(COORD)).actionItems.create(item(await meetingWithCase(), { description: "Book the follow-up", dueDate: inDays(3) }));
    const later = await (await clinic.as(COORD)).actionItems.create(item(await meetingWithCase(), { description: "Review the HEP", dueDate: inDays(1) }));

    const mine = await (await clinic.as(PT)).actionItems.mine({});
    const ids = mine.map((i) => i.id);
    expect(ids.indexOf(overdueItem.id)).toBeLessThan(ids.indexOf(later.id));
    expect(ids.indexOf(later.id)).toBeLessThan(ids.indexOf(soon.id));
    expect(mine.slice(0, mine.filter((i) => i.overdue).length).every((i) => i.overdue)).toBe(true);
    expect(mine.find((i) => i.id === overdueItem.id)).toMatchObject({ overdue: true, patientName: "Margaret Hollis", meetingTitle: expect.stringMatching(/^Review \d+$/) });
    expect(mine.find((i) => i.id === soon.id)).toMatchObject({ overdue: false });
    const [audit] = await listAudit(clinic.handle.db, { patientId: hollis, action: "actionItems.mine", actorId: users[PT] });
    expect(audit).toMatchObject({ outcome: "success", entityType: "action_item" });
    // Nobody else's items.
    expect((await (await clinic.as(PHYSICIAN)).actionItems.mine({})).map((i) => i.id)).not.toContain(overdueItem.id);

    const overdue = await (await clinic.as(COORD)).actionItems.overdue({});
    expect(overdue.find((i) => i.id === overdueItem.id)).toMatchObject({ ownerName: "Sam Whitfield, DPT", patientName: "Margaret Hollis", daysOverdue: 5 });
    expect(overdue.map((i) => i.id)).not.toContain(soon.id);
    expect(overdue.every((i) => i.dueDate.getTime() < Date.now())).toBe(true);
    expect(await listAudit(clinic.handle.db, { patientId: hollis, action: "actionItems.overdue" })).toHaveLength(1);
  });
});
