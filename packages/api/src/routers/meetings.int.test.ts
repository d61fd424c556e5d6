import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { listAudit, listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { currentOf, fieldOf } from "../errors";
import { demoEmails, everyCaller, openSeededClinic, type Clinic, type Who, proposeOverridden } from "../test-support";

const { PHYSICIAN, PHYSICIAN2, PT, PT2, PSYCH, COORD, ADMIN } = demoEmails;
const everyone = everyCaller;

type Caller = Awaited<ReturnType<Clinic["as"]>>;

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);

/** A seeded clinic of its own for one describe block: meetings are clinic-wide, so blocks must not share them. */
function seededClinic() {
  const state: { clinic: Clinic; users: Record<string, string>; patients: Record<string, string> } = { clinic: undefined as never, users: {}, patients: {} };
  beforeAll(async () => {
    state.clinic = await openSeededClinic();
    for (const email of [PHYSICIAN, PHYSICIAN2, PT, PT2, PSYCH, COORD, ADMIN]) state.users[email] = await state.clinic.userId(email);
    const coord = await state.clinic.as(COORD);
    // Hollis and Whitaker: physician, pt; Bello: physician, pt2; Oyelaran: physician2, pt. All: psychologist, coordinator.
    for (const name of ["Hollis", "Whitaker", "Bello", "Oyelaran"]) {
      const found = (await coord.patients.list({ search: name })).items[0];
      if (!found) throw new Error(`no demo patient ${name}`);
      state.patients[name] = found.id;
    }
  });
  afterAll(async () => {
    await state.clinic?.close();
  });
  return state;
}

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    return err as TRPCError;
  }
  throw new Error("expected the call to fail");
}

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "ok";
  } catch (err) {
    if (err instanceof TRPCError) return err.code;
    throw err;
  }
}


/** A proposed order whose open criteria all carry an override, so the team can approve it. */
const approvableOrder = (clinic: Clinic, patientId: string) => proposeOverridden(clinic, patientId, "Agreed at the case conference.");

/** Every checklist in a summary belongs to an order still proposed. */
const rowsProposed = (procedures: readonly { id: string; status: string }[], id: string) => procedures.every((p) => p.id !== id || p.status === "proposed");

const ptGoal = { description: "Walk 30 minutes without stopping", measure: "minutes walked", target: "30", targetDate: inDays(60), discipline: "physical_therapist" as const };

describe("meetings: who may call what", () => {
  const s = seededClinic();
  let slot = 0;

  /** A fresh meeting far in the future (so closing it carries nothing into other tests' meetings) with Hollis on the agenda. */
  async function fixture() {
    const coord = await s.clinic.as(COORD);
    slot += 1;
    const meeting = await coord.meetings.schedule({
      title: `Matrix review ${slot}`,
      scheduledFor: inDays(1000 + slot),
      attendeeIds: [s.users[PHYSICIAN]!, s.users[PT]!, s.users[PSYCH]!],
    });
    const hollis = s.patients.Hollis!;
    const agendaCase = await coord.meetings.addCase({ patientId: hollis, meetingId: meeting.id, reason: "Matrix fixture" });
    return { meetingId: meeting.id, meetingVersion: agendaCase.meetingVersion, caseId: agendaCase.id, caseVersion: agendaCase.version, hollis };
  }

  /** A coordinator's approval of an order, waiting for the physician. */
  async function proposal() {
    const f = await fixture();
    const order = await approvableOrder(s.clinic, f.hollis);
    const coord = await s.clinic.as(COORD);
    return coord.meetings.recordDecision({ patientId: f.hollis, meetingId: f.meetingId, caseId: f.caseId, kind: "approve_procedure", procedureId: order.id });
  }

  const attendees = () => [s.users[PHYSICIAN]!, s.users[PT]!, s.users[PSYCH]!];
  type Row = { name: string; run: (caller: Caller) => Promise<unknown>; expected: Record<Who, string> };
  const rows = (): Row[] => [
    {
      name: "meetings.list",
      run: (c) => c.meetings.list({}),
      expected: { physician: "ok", physician2: "ok", pt: "ok", pt2: "ok", psychologist: "ok", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.get",
      run: async (c) => c.meetings.get({ meetingId: (await fixture()).meetingId }),
      expected: { physician: "ok", physician2: "NOT_FOUND", pt: "ok", pt2: "NOT_FOUND", psychologist: "ok", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.schedule",
      run: (c) => c.meetings.schedule({ title: "Ad hoc review", scheduledFor: inDays(2000 + slot), attendeeIds: attendees() }),
      expected: { physician: "FORBIDDEN", physician2: "FORBIDDEN", pt: "FORBIDDEN", pt2: "FORBIDDEN", psychologist: "FORBIDDEN", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.updateAttendees",
      run: async (c) => {
        const f = await fixture();
        return c.meetings.updateAttendees({ meetingId: f.meetingId, expectedVersion: f.meetingVersion, attendeeIds: [s.users[PHYSICIAN]!] });
      },
      expected: { physician: "FORBIDDEN", physician2: "FORBIDDEN", pt: "FORBIDDEN", pt2: "FORBIDDEN", psychologist: "FORBIDDEN", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.proposeAgenda",
      run: async (c) => c.meetings.proposeAgenda({ meetingId: (await fixture()).meetingId }),
      expected: { physician: "FORBIDDEN", physician2: "FORBIDDEN", pt: "FORBIDDEN", pt2: "FORBIDDEN", psychologist: "FORBIDDEN", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      // Whitaker's team: physician, pt, psychologist, coordinator.
      name: "meetings.addCase",
      run: async (c) => c.meetings.addCase({ patientId: s.patients.Whitaker!, meetingId: (await fixture()).meetingId, reason: "Opioid review" }),
      expected: { physician: "FORBIDDEN", physician2: "NOT_FOUND", pt: "FORBIDDEN", pt2: "NOT_FOUND", psychologist: "FORBIDDEN", coordinator: "ok", admin: "NOT_FOUND", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.removeCase",
      run: async (c) => {
        const f = await fixture();
        return c.meetings.removeCase({ caseId: f.caseId, expectedVersion: f.caseVersion });
      },
      expected: { physician: "FORBIDDEN", physician2: "FORBIDDEN", pt: "FORBIDDEN", pt2: "FORBIDDEN", psychologist: "FORBIDDEN", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.reorderCases",
      run: async (c) => {
        const f = await fixture();
        return c.meetings.reorderCases({ meetingId: f.meetingId, expectedVersion: f.meetingVersion, caseIds: [f.caseId] });
      },
      expected: { physician: "FORBIDDEN", physician2: "FORBIDDEN", pt: "FORBIDDEN", pt2: "FORBIDDEN", psychologist: "FORBIDDEN", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.caseSummary",
      run: async (c) => {
        const f = await fixture();
        return c.meetings.caseSummary({ patientId: f.hollis, meetingId: f.meetingId });
      },
      expected: { physician: "ok", physician2: "NOT_FOUND", pt: "ok", pt2: "NOT_FOUND", psychologist: "ok", coordinator: "ok", admin: "NOT_FOUND", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.recordDecision (note)",
      run: async (c) => {
        const f = await fixture();
        return c.meetings.recordDecision({ patientId: f.hollis, meetingId: f.meetingId, caseId: f.caseId, kind: "note", text: "Team agrees to continue the current plan." });
      },
      expected: { physician: "ok", physician2: "NOT_FOUND", pt: "ok", pt2: "NOT_FOUND", psychologist: "ok", coordinator: "ok", admin: "NOT_FOUND", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.recordDecision (approve_procedure)",
      run: async (c) => {
        const f = await fixture();
        const order = await approvableOrder(s.clinic, f.hollis);
        return c.meetings.recordDecision({
          patientId: f.hollis,
          meetingId: f.meetingId,
          caseId: f.caseId,
          kind: "approve_procedure",
          procedureId: order.id,
          expectedVersion: order.version,
        });
      },
      // Anyone in the room may record it; only the physician's applies at once, the others wait as proposals.
      expected: { physician: "ok", physician2: "NOT_FOUND", pt: "ok", pt2: "NOT_FOUND", psychologist: "ok", coordinator: "ok", admin: "NOT_FOUND", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.recordDecision (add_goal, PT discipline)",
      run: async (c) => {
        const f = await fixture();
        return c.meetings.recordDecision({ patientId: f.hollis, meetingId: f.meetingId, caseId: f.caseId, kind: "add_goal", goal: ptGoal });
      },
      expected: { physician: "ok", physician2: "NOT_FOUND", pt: "ok", pt2: "NOT_FOUND", psychologist: "ok", coordinator: "ok", admin: "NOT_FOUND", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.recordDecision (transition_item, PT item)",
      run: async (c) => {
        const f = await fixture();
        const item = await (await s.clinic.as(PT)).planItems.create({
          patientId: f.hollis,
          kind: "physical_therapy",
          ladderStep: 1,
          discipline: "physical_therapist",
          title: "Graded walking programme",
          rationale: "Deconditioning; graded activity.",
        });
        return c.meetings.recordDecision({ patientId: f.hollis, meetingId: f.meetingId, caseId: f.caseId, kind: "transition_item", planItemId: item.id, expectedVersion: item.version, to: "active" });
      },
      expected: { physician: "ok", physician2: "NOT_FOUND", pt: "ok", pt2: "NOT_FOUND", psychologist: "ok", coordinator: "ok", admin: "NOT_FOUND", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.markDiscussed",
      run: async (c) => {
        const f = await fixture();
        return c.meetings.markDiscussed({ caseId: f.caseId, expectedVersion: f.caseVersion, discussionNotes: "Reviewed; continue PT." });
      },
      expected: { physician: "ok", physician2: "NOT_FOUND", pt: "ok", pt2: "NOT_FOUND", psychologist: "ok", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.close",
      run: async (c) => {
        const f = await fixture();
        return c.meetings.close({ meetingId: f.meetingId, expectedVersion: f.meetingVersion, acknowledgeNoQuorum: true });
      },
      // The fixture's meeting has not started: the coordinator is refused by the clock, everyone else by the matrix.
      expected: { physician: "FORBIDDEN", physician2: "FORBIDDEN", pt: "FORBIDDEN", pt2: "FORBIDDEN", psychologist: "FORBIDDEN", coordinator: "PRECONDITION_FAILED", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.confirmDecision",
      run: async (c) => {
        const d = await proposal();
        return c.meetings.confirmDecision({ patientId: d.patientId, decisionId: d.id, expectedVersion: d.version });
      },
      expected: { physician: "ok", physician2: "NOT_FOUND", pt: "FORBIDDEN", pt2: "NOT_FOUND", psychologist: "FORBIDDEN", coordinator: "FORBIDDEN", admin: "NOT_FOUND", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.declineDecision",
      run: async (c) => {
        const d = await proposal();
        return c.meetings.declineDecision({ patientId: d.patientId, decisionId: d.id, expectedVersion: d.version, reason: "Not yet." });
      },
      expected: { physician: "ok", physician2: "NOT_FOUND", pt: "FORBIDDEN", pt2: "NOT_FOUND", psychologist: "FORBIDDEN", coordinator: "FORBIDDEN", admin: "NOT_FOUND", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.pendingDecisions",
      run: (c) => c.meetings.pendingDecisions({}),
      expected: { physician: "ok", physician2: "ok", pt: "ok", pt2: "ok", psychologist: "ok", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.markAttendance",
      run: async (c) => c.meetings.markAttendance({ meetingId: (await fixture()).meetingId, userId: s.users[PT]!, attended: true, expectedVersion: 1 }),
      // The chair only: the scheduling coordinator.
      expected: { physician: "FORBIDDEN", physician2: "NOT_FOUND", pt: "FORBIDDEN", pt2: "NOT_FOUND", psychologist: "FORBIDDEN", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.signOff",
      run: async (c) => c.meetings.signOff({ meetingId: (await fixture()).meetingId }),
      // Attendees only, and not before the start (the fixture's meeting is in the future).
      expected: { physician: "PRECONDITION_FAILED", physician2: "NOT_FOUND", pt: "PRECONDITION_FAILED", pt2: "NOT_FOUND", psychologist: "PRECONDITION_FAILED", coordinator: "FORBIDDEN", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.mySignOffs",
      run: (c) => c.meetings.mySignOffs({}),
      expected: { physician: "ok", physician2: "ok", pt: "ok", pt2: "ok", psychologist: "ok", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
    {
      name: "meetings.minutes",
      run: async (c) => c.meetings.minutes({ meetingId: (await fixture()).meetingId }),
      expected: { physician: "ok", physician2: "NOT_FOUND", pt: "ok", pt2: "NOT_FOUND", psychologist: "ok", coordinator: "ok", admin: "FORBIDDEN", anonymous: "UNAUTHORIZED" },
    },
  ];

  it("walks every procedure for every demo role: allowed, FORBIDDEN, NOT_FOUND (not on the team / not their meeting) or UNAUTHORIZED", async () => {
    const actual: Record<string, Record<Who, string>> = {};
    const expected: Record<string, Record<Who, string>> = {};
    for (const row of rows()) {
      expected[row.name] = row.expected;
      const results = {} as Record<Who, string>;
      for (const [who, email] of Object.entries(everyone) as [Who, string | null][]) {
        const caller = email ? await s.clinic.as(email) : s.clinic.anonymous();
        results[who] = await outcome(() => row.run(caller));
      }
      actual[row.name] = results;
    }
    expect(actual).toEqual(expected);
    // Over a hundred calls, each on a fresh meeting: minutes, not seconds, on a busy machine.
  }, 180_000);

  it("audits denied calls against the patient they concerned", async () => {
    const f = await fixture();
    await expect((await s.clinic.as(PHYSICIAN2)).meetings.markDiscussed({ caseId: f.caseId, expectedVersion: f.caseVersion, discussionNotes: "Not mine." })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const [notFound] = await listAudit(s.clinic.handle.db, { patientId: f.hollis, action: "meetings.markDiscussed", actorId: s.users[PHYSICIAN2] });
    expect(notFound).toMatchObject({ outcome: "failure", detail: { code: "NOT_FOUND" } });
    await expect((await s.clinic.as(PHYSICIAN)).meetings.close({ meetingId: f.meetingId, expectedVersion: f.meetingVersion })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const [denied] = await listAudit(s.clinic.handle.db, { action: "meetings.close", actorId: s.users[PHYSICIAN] });
    expect(denied).toMatchObject({ outcome: "denied", actorRole: "physician", detail: { code: "FORBIDDEN" } });
  });
});

describe("meetings: what each caller sees", () => {
  const s = seededClinic();
  let meetingId: string;
  let caseIds: Record<string, string>;

  beforeAll(async () => {
    const coord = await s.clinic.as(COORD);
    const meeting = await coord.meetings.schedule({ title: "Tuesday team review", scheduledFor: inDays(5), attendeeIds: [s.users[PHYSICIAN]!, s.users[PT]!] });
    meetingId = meeting.id;
    caseIds = {};
    for (const name of ["Hollis", "Bello", "Oyelaran"]) {
      caseIds[name] = (await coord.meetings.addCase({ patientId: s.patients[name]!, meetingId, reason: `Reason for ${name}: opioid taper discussion` })).id;
    }
  });

  it("lists the coordinator every meeting and an attendee only their own, with counts and their attendance", async () => {
    const other = await (await s.clinic.as(COORD)).meetings.schedule({ title: "Psychology huddle", scheduledFor: inDays(6), attendeeIds: [s.users[PSYCH]!] });
    const coordList = await (await s.clinic.as(COORD)).meetings.list({});
    expect(coordList.upcoming.map((m) => m.id)).toEqual(expect.arrayContaining([meetingId, other.id]));
    const mine = await (await s.clinic.as(PT)).meetings.list({});
    expect(mine.upcoming.map((m) => m.id)).toContain(meetingId);
    expect(mine.upcoming.map((m) => m.id)).not.toContain(other.id);
    expect(mine.upcoming.find((m) => m.id === meetingId)).toMatchObject({ title: "Tuesday team review", attendeeCount: 2, caseCount: 3, myAttendance: { attended: null, signedOffAt: null } });
    expect((await (await s.clinic.as(PHYSICIAN2)).meetings.list({})).upcoming.map((m) => m.id)).not.toContain(meetingId);
    const [audit] = await listAudit(s.clinic.handle.db, { action: "meetings.list", actorId: s.users[PT] });
    expect(audit).toMatchObject({ outcome: "success", entityType: "meeting", patientId: null });
  });

  it("names only the caller's own patients; others are a bare slot without id, reason or flags", async () => {
    const pt = await (await s.clinic.as(PT)).meetings.get({ meetingId });
    expect(pt.attendees.map((a) => a.name).sort()).toEqual(["Dr. Maya Okafor", "Sam Whitfield, DPT"]);
    expect(pt.attendees.find((a) => a.name === "Sam Whitfield, DPT")).toMatchObject({ role: "physical_therapist" });
    const [hollis, bello, oyelaran] = pt.cases;
    expect(hollis).toMatchObject({ visible: true, patientName: "Margaret Hollis", patientId: s.patients.Hollis, reason: "Reason for Hollis: opioid taper discussion", position: 1 });
    expect(bello).toEqual({ visible: false, id: null, position: 2, status: "pending", label: "Patient on another team" });
    expect(oyelaran).toMatchObject({ visible: true, patientName: "Mary Oyelaran" });
    const asPhysician = await (await s.clinic.as(PHYSICIAN)).meetings.get({ meetingId });
    expect(asPhysician.cases.map((c) => c.label)).toEqual(["Margaret Hollis", "Aisha Bello", "Patient on another team"]);
    const json = JSON.stringify(asPhysician.cases[2]);
    expect(json).not.toContain(s.patients.Oyelaran!);
    expect(json).not.toContain("Oyelaran");
    expect(json).not.toContain("opioid");
    // The coordinator runs the meeting: every case id, even on a team they were not on, to reorder or remove it.
    const coord = await (await s.clinic.as(COORD)).meetings.get({ meetingId });
    expect(coord.cases.map((c) => c.id)).toEqual([caseIds.Hollis, caseIds.Bello, caseIds.Oyelaran]);
    expect(coord.viewer).toEqual({
      canManage: true,
      isChair: true,
      isAttendee: false,
      discipline: null,
      // Before the start: the chair may mark attendance, nobody may close or sign off yet.
      allowed: { recordDecision: true, markAttendance: true, close: false, signOff: false },
    });
  });

  it("audits a read with one row per patient the caller saw, and none for patients they did not", async () => {
    const db = s.clinic.handle.db;
    const mark = (await listAudit(db, { limit: 1 }))[0]?.id ?? 0;
    const since = async (patientId: string | undefined, action: string) =>
      (await listAudit(db, { patientId, action, actorId: s.users[PT] })).filter((a) => a.id > mark);
    await (await s.clinic.as(PT)).meetings.get({ meetingId });
    expect(await since(s.patients.Hollis, "meetings.get")).toEqual([expect.objectContaining({ outcome: "success", entityType: "meeting", entityId: meetingId })]);
    expect(await since(s.patients.Oyelaran, "meetings.get")).toHaveLength(1);
    expect(await since(s.patients.Bello, "meetings.get")).toEqual([]);
    await (await s.clinic.as(PT)).meetings.minutes({ meetingId });
    expect(await since(s.patients.Oyelaran, "meetings.minutes")).toHaveLength(1);
    expect(await since(s.patients.Bello, "meetings.minutes")).toEqual([]);
    expect(await since(undefined, "meetings.minutes")).toHaveLength(2);
  });

  it("keeps a case off the caller's team out of the minutes, and its summary NOT_FOUND", async () => {
    const minutes = await (await s.clinic.as(PT)).meetings.minutes({ meetingId });
    expect(minutes.cases[1]).toEqual({ visible: false, id: null, position: 2, status: "pending", label: "Patient on another team" });
    await expect((await s.clinic.as(PT)).meetings.caseSummary({ patientId: s.patients.Bello!, meetingId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("never puts a psychotherapy note in a case summary, not even for its author; shared summaries are there", async () => {
    const coord = await s.clinic.as(COORD);
    const meeting = await coord.meetings.schedule({ title: "Psychology case review", scheduledFor: inDays(7), attendeeIds: [s.users[PSYCH]!, s.users[PHYSICIAN]!] });
    const hollis = s.patients.Hollis!;
    await coord.meetings.addCase({ patientId: hollis, meetingId: meeting.id, reason: "Mood and pacing" });
    const psych = await s.clinic.as(PSYCH);
    const secret = "Disclosed a childhood event in confidence; explored it at length.";
    const privateNote = await psych.psychNotes.create({ patientId: hollis, kind: "psychotherapy", body: secret });
    const shared = await psych.psychNotes.create({ patientId: hollis, kind: "shared_summary", body: "Engaged in CBT for pain; pacing improving." });
    const summary = await psych.meetings.caseSummary({ patientId: hollis, meetingId: meeting.id });
    const json = JSON.stringify(summary);
    expect(json).not.toContain(secret);
    expect(json).not.toContain(privateNote.id);
    expect(json).not.toContain("Private note added");
    expect(summary.psychSummaries.map((n) => n.id)).toContain(shared.id);
    expect(summary.psychSummaries.find((n) => n.id === shared.id)).toMatchObject({ body: "Engaged in CBT for pain; pacing improving.", authorName: "Dr. Elena Brooks, PsyD" });
    expect(summary.events.some((e) => e.entityId === shared.id)).toBe(true);
    const [audit] = await listAudit(s.clinic.handle.db, { patientId: hollis, action: "meetings.caseSummary" });
    expect(audit).toMatchObject({ outcome: "success", actorRole: "psychologist", entityType: "patient", entityId: hollis });
  });
});

describe("meetings: stale versions and malformed input", () => {
  const s = seededClinic();

  async function meetingWithCases(names: string[], days: number) {
    const coord = await s.clinic.as(COORD);
    const meeting = await coord.meetings.schedule({ title: "Review", scheduledFor: inDays(days), attendeeIds: [s.users[PHYSICIAN]!, s.users[PT]!] });
    const cases = [];
    for (const name of names) cases.push(await coord.meetings.addCase({ patientId: s.patients[name]!, meetingId: meeting.id, reason: `About ${name}` }));
    return { meeting, cases, version: cases.at(-1)?.meetingVersion ?? meeting.version };
  }

  it("refuses a reorder computed before the agenda changed (CONFLICT with the current meeting) and keeps the order", async () => {
    const coord = await s.clinic.as(COORD);
    const { meeting, cases, version } = await meetingWithCases(["Hollis", "Whitaker"], 10);
    const added = await coord.meetings.addCase({ patientId: s.patients.Bello!, meetingId: meeting.id, reason: "Late addition" });
    const err = await failure(coord.meetings.reorderCases({ meetingId: meeting.id, expectedVersion: version, caseIds: [cases[1]!.id, cases[0]!.id, added.id] }));
    expect(err.code).toBe("CONFLICT");
    expect(currentOf(err.cause)).toMatchObject({ id: meeting.id, version: added.meetingVersion });
    expect((await coord.meetings.get({ meetingId: meeting.id })).cases.map((c) => c.id)).toEqual([cases[0]!.id, cases[1]!.id, added.id]);
    const ok = await coord.meetings.reorderCases({ meetingId: meeting.id, expectedVersion: added.meetingVersion, caseIds: [added.id, cases[1]!.id, cases[0]!.id] });
    expect(ok.meeting.version).toBe(added.meetingVersion + 1);
    expect((await coord.meetings.get({ meetingId: meeting.id })).cases.map((c) => [c.id, c.position])).toEqual([
      [added.id, 1],
      [cases[1]!.id, 2],
      [cases[0]!.id, 3],
    ]);
  });

  it("lets one of several concurrent reorders from the same version win; the rest get CONFLICT", async () => {
    const coord = await s.clinic.as(COORD);
    const { meeting, cases, version } = await meetingWithCases(["Hollis", "Whitaker", "Bello"], 11);
    const ids = cases.map((c) => c.id);
    const orders = [ids, [...ids].reverse(), [ids[1]!, ids[0]!, ids[2]!], [ids[2]!, ids[0]!, ids[1]!], [ids[0]!, ids[2]!, ids[1]!]];
    const results = await Promise.allSettled(orders.map((caseIds) => coord.meetings.reorderCases({ meetingId: meeting.id, expectedVersion: version, caseIds })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === "rejected")) expect(r.reason).toMatchObject({ code: "CONFLICT" });
  });

  it("refuses a stale markDiscussed with CONFLICT and the current case, writing nothing", async () => {
    const { cases } = await meetingWithCases(["Hollis"], 12);
    const physician = await s.clinic.as(PHYSICIAN);
    const first = await physician.meetings.markDiscussed({ caseId: cases[0]!.id, expectedVersion: 1, discussionNotes: "Agreed: taper by 10% a month." });
    expect(first).toMatchObject({ status: "discussed", version: 2, discussionNotes: "Agreed: taper by 10% a month." });
    expect(first.discussedAt).toBeInstanceOf(Date);
    const events = await countRows(s.clinic.handle.db, schema.planEvents);
    const err = await failure((await s.clinic.as(PT)).meetings.markDiscussed({ caseId: cases[0]!.id, expectedVersion: 1, discussionNotes: "My older notes" }));
    expect(err.code).toBe("CONFLICT");
    expect(currentOf(err.cause)).toMatchObject({ id: cases[0]!.id, version: 2, discussionNotes: "Agreed: taper by 10% a month." });
    expect(await countRows(s.clinic.handle.db, schema.planEvents)).toBe(events);
    const [audit] = await listAudit(s.clinic.handle.db, { patientId: s.patients.Hollis, action: "meetings.markDiscussed" });
    expect(audit).toMatchObject({ outcome: "failure", actorRole: "physical_therapist", detail: { code: "CONFLICT" } });
  });

  it("removes a pending case at its version and closes the gap; a discussed case stays in the minutes", async () => {
    const coord = await s.clinic.as(COORD);
    const { meeting, cases } = await meetingWithCases(["Hollis", "Whitaker", "Bello"], 14);
    await (await s.clinic.as(PHYSICIAN)).meetings.markDiscussed({ caseId: cases[0]!.id, expectedVersion: 1, discussionNotes: "Seen." });
    await expect(coord.meetings.removeCase({ caseId: cases[0]!.id, expectedVersion: 2 })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(coord.meetings.removeCase({ caseId: cases[1]!.id, expectedVersion: 7 })).rejects.toMatchObject({ code: "CONFLICT" });
    const removed = await coord.meetings.removeCase({ caseId: cases[1]!.id, expectedVersion: 1 });
    expect(removed).toEqual({ id: cases[1]!.id, meetingId: meeting.id, meetingVersion: expect.any(Number) });
    const agenda = await coord.meetings.get({ meetingId: meeting.id });
    expect(agenda.cases.map((c) => [c.id, c.position])).toEqual([
      [cases[0]!.id, 1],
      [cases[2]!.id, 2],
    ]);
    expect(agenda.meeting.version).toBe(removed.meetingVersion);
    const [event] = await listEvents(s.clinic.handle.db, { patientId: s.patients.Whitaker!, viewerId: s.users[PT]!, limit: 1 });
    expect(event).toMatchObject({ eventType: "meeting.case_removed", entityId: meeting.id });
    const [audit] = await listAudit(s.clinic.handle.db, { patientId: s.patients.Whitaker, action: "meetings.removeCase" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "meeting_case", entityId: cases[1]!.id });
  });

  it("replaces the attendee list at the meeting's version", async () => {
    const coord = await s.clinic.as(COORD);
    const { meeting, version } = await meetingWithCases(["Hollis"], 15);
    const updated = await coord.meetings.updateAttendees({ meetingId: meeting.id, expectedVersion: version, attendeeIds: [s.users[PT]!, s.users[PSYCH]!] });
    expect(updated.meeting.version).toBe(version + 1);
    expect(updated.attendees.map((a) => a.name).sort()).toEqual(["Dr. Elena Brooks, PsyD", "Sam Whitfield, DPT"]);
    await expect((await s.clinic.as(PHYSICIAN)).meetings.get({ meetingId: meeting.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const err = await failure(coord.meetings.updateAttendees({ meetingId: meeting.id, expectedVersion: version, attendeeIds: [s.users[PHYSICIAN]!] }));
    expect(err.code).toBe("CONFLICT");
    expect(currentOf(err.cause)).toMatchObject({ id: meeting.id, version: version + 1 });
  });

  it("rejects malformed input with BAD_REQUEST naming the field, and changes no row count", async () => {
    const coord = await s.clinic.as(COORD);
    const physician = await s.clinic.as(PHYSICIAN);
    const { meeting, cases, version } = await meetingWithCases(["Hollis", "Whitaker"], 13);
    const hollis = s.patients.Hollis!;
    const attendeeIds = [s.users[PHYSICIAN]!];
    const tables = [schema.meetings, schema.meetingAttendees, schema.meetingCases, schema.meetingDecisions, schema.actionItems, schema.planEvents, schema.goals];
    const counts = () => Promise.all(tables.map((t) => countRows(s.clinic.handle.db, t)));
    const before = await counts();
    const bad: [() => Promise<unknown>, string][] = [
      [() => coord.meetings.schedule({ title: "Past", scheduledFor: inDays(-1), attendeeIds }), "scheduledFor"],
      [() => coord.meetings.schedule({ title: "", scheduledFor: inDays(3), attendeeIds }), "title"],
      [() => coord.meetings.schedule({ title: "x".repeat(201), scheduledFor: inDays(3), attendeeIds }), "title"],
      [() => coord.meetings.schedule({ title: "Review", scheduledFor: inDays(3), attendeeIds: [] }), "attendeeIds"],
      [() => coord.meetings.schedule({ title: "Review", scheduledFor: inDays(3), attendeeIds: [s.users[ADMIN]!] }), "attendeeIds"],
      [() => coord.meetings.schedule({ title: "Review", scheduledFor: inDays(3), attendeeIds: ["8f2a1c3e-1111-4222-8333-944455556666"] }), "attendeeIds"],
      [() => coord.meetings.schedule({ title: "Review", scheduledFor: inDays(3), attendeeIds, durationMinutes: 5 }), "durationMinutes"],
      [() => coord.meetings.schedule({ title: "Review", scheduledFor: inDays(3), attendeeIds, room: "B" } as never), "room"],
      [() => coord.meetings.updateAttendees({ meetingId: meeting.id, expectedVersion: version, attendeeIds: [s.users[ADMIN]!] }), "attendeeIds"],
      [() => coord.meetings.addCase({ patientId: s.patients.Bello!, meetingId: meeting.id, reason: "x".repeat(1001) }), "reason"],
      [() => coord.meetings.addCase({ patientId: s.patients.Bello!, meetingId: meeting.id, reason: "  " }), "reason"],
      [() => coord.meetings.addCase({ patientId: s.patients.Bello!, meetingId: meeting.id, reason: "Follow-up", carriedFromCaseId: cases[0]!.id }), "carriedFromCaseId"],
      [() => coord.meetings.reorderCases({ meetingId: meeting.id, expectedVersion: version, caseIds: [cases[0]!.id] }), "caseIds"],
      [() => coord.meetings.reorderCases({ meetingId: meeting.id, expectedVersion: version, caseIds: [cases[0]!.id, cases[0]!.id] }), "caseIds"],
      [() => coord.meetings.reorderCases({ meetingId: "not-a-uuid", expectedVersion: version, caseIds: [cases[0]!.id] }), "meetingId"],
      [() => coord.meetings.close({ meetingId: meeting.id, expectedVersion: version, attendance: [] } as never), "attendance"],
      [() => coord.meetings.close({ meetingId: meeting.id, expectedVersion: version, acknowledgeNoQuorum: "yes" } as never), "acknowledgeNoQuorum"],
      [() => coord.meetings.markAttendance({ meetingId: meeting.id, userId: s.users[PHYSICIAN]!, attended: "present", expectedVersion: 1 } as never), "attended"],
      [() => coord.meetings.proposeAgenda({ meetingId: meeting.id, limit: 101 }), "limit"],
      [() => physician.meetings.declineDecision({ patientId: hollis, decisionId: cases[0]!.id, expectedVersion: 1, reason: " " }), "reason"],
      [() => physician.meetings.markDiscussed({ caseId: cases[0]!.id, expectedVersion: 1, discussionNotes: "" }), "discussionNotes"],
      [() => physician.meetings.markDiscussed({ caseId: cases[0]!.id, expectedVersion: 0, discussionNotes: "ok" }), "expectedVersion"],
      [() => physician.meetings.recordDecision({ patientId: hollis, meetingId: meeting.id, caseId: cases[0]!.id, kind: "note", text: "" }), "text"],
      [() => physician.meetings.recordDecision({ patientId: hollis, meetingId: meeting.id, caseId: cases[0]!.id, kind: "vote", text: "yes" } as never), "kind"],
      [() => physician.meetings.recordDecision({ patientId: hollis, meetingId: meeting.id, caseId: cases[0]!.id, kind: "note", text: "ok", extra: 1 } as never), "extra"],
      [
        () => physician.meetings.recordDecision({ patientId: hollis, meetingId: meeting.id, caseId: cases[0]!.id, kind: "add_goal", goal: { ...ptGoal, discipline: "physician", shoeSize: 9 } as never }),
        "goal",
      ],
      [() => physician.meetings.caseSummary({ patientId: hollis, meetingId: meeting.id, since: "2020-01-01" } as never), "since"],
    ];
    for (const [call, field] of bad) {
      const err = await failure(call());
      expect({ field, code: err.code }).toEqual({ field, code: "BAD_REQUEST" });
      expect(fieldOf(err.cause) ?? err.message).toContain(field);
    }
    expect(await counts()).toEqual(before);
  });
});

describe("meetings: a full team review", () => {
  const s = seededClinic();

  it("schedules, proposes, reviews, decides, assigns, closes, carries over and writes the minutes", async () => {
    const db = s.clinic.handle.db;
    const coord = await s.clinic.as(COORD);
    const physician = await s.clinic.as(PHYSICIAN);
    const pt = await s.clinic.as(PT);
    const psych = await s.clinic.as(PSYCH);
    const { Hollis: hollis, Whitaker: whitaker, Bello: bello } = s.patients as Record<string, string>;

    // The record gives the agenda its reasons: a pending candidacy decision for Hollis, a high opioid dose for Whitaker.
    const order = await approvableOrder(s.clinic, hollis!);
    await physician.medications.create({ patientId: whitaker!, name: "Oxycodone ER", opioid: "oxycodone", doseMg: 30, timesPerDay: 4, route: "oral", startedAt: inDays(-30) });
    await physician.assessments.submit({ patientId: hollis!, instrument: "nrs", responses: [8] });
    await pt.assessments.submit({ patientId: hollis!, instrument: "nrs", responses: [5] });
    await pt.therapySessions.log({ patientId: hollis!, idempotencyKey: randomUUID(), sessionDate: inDays(-3), attendance: "attended", minutes: 45 });
    await pt.therapySessions.log({ patientId: hollis!, idempotencyKey: randomUUID(), sessionDate: inDays(-2), attendance: "no_show", minutes: 0 });

    const next = await coord.meetings.schedule({ title: "Next team review", scheduledFor: inDays(21), attendeeIds: [s.users[PHYSICIAN]!, s.users[PT]!] });
    const attendees = [s.users[PHYSICIAN]!, s.users[PT]!, s.users[PSYCH]!];
    const meeting = await coord.meetings.schedule({ title: "Team review", scheduledFor: inDays(7), durationMinutes: 90, attendeeIds: attendees });
    expect(meeting).toMatchObject({ status: "scheduled", version: 1, durationMinutes: 90 });
    const [scheduleAudit] = await listAudit(db, { action: "meetings.schedule" });
    expect(scheduleAudit).toMatchObject({ outcome: "success", entityType: "meeting", entityId: meeting.id });

    const { items: proposals } = await coord.meetings.proposeAgenda({ meetingId: meeting.id, limit: 100 });
    const forHollis = proposals.find((p) => p.patientId === hollis);
    const forWhitaker = proposals.find((p) => p.patientId === whitaker);
    expect(forHollis).toMatchObject({ patientName: "Margaret Hollis", carriedFromCaseId: null });
    expect(forHollis?.flagCodes).toContain("candidacy_pending");
    expect(forHollis?.reason).toContain("Candidacy decision pending: Medial branch block");
    // 30 mg × 4 × 1.5 = 180 MME/day: high, and (≥ 50, no naloxone on the list) naloxone to offer (§6.5).
    expect(forWhitaker).toMatchObject({ patientName: "Thomas Whitaker", flagCodes: ["high_opioid_dose", "naloxone_needed"] });
    expect(forWhitaker?.reason).toMatch(/^High opioid dose: \d+(\.\d+)? MME\/day/);
    // Most severe first: a high-severity flag before normal ones.
    expect(proposals.findIndex((p) => p.patientId === whitaker)).toBeLessThan(proposals.findIndex((p) => p.patientId === hollis));
    expect(proposals.every((p) => p.flags.every((f) => ["safety_self_harm", "high_opioid_dose", "opioid_review", "naloxone_needed", "opioid_coprescription", "not_improving", "candidacy_pending"].includes(f.code)))).toBe(true);
    expect(await listAudit(db, { patientId: whitaker, action: "meetings.proposeAgenda" })).toHaveLength(1);

    const caseHollis = await coord.meetings.addCase({ patientId: hollis!, meetingId: meeting.id, reason: forHollis!.reason });
    const caseWhitaker = await coord.meetings.addCase({ patientId: whitaker!, meetingId: meeting.id, reason: forWhitaker!.reason });
    const caseBello = await coord.meetings.addCase({ patientId: bello!, meetingId: meeting.id, reason: "PT reports plateau; team input requested" });
    // The flags stored with a case are computed on the server, the same as the proposal's.
    expect(caseHollis).toMatchObject({ position: 1, status: "pending", flagCodes: forHollis!.flagCodes, version: 1 });
    expect(caseBello).toMatchObject({ position: 3, meetingVersion: 4 });
    await expect(coord.meetings.addCase({ patientId: hollis!, meetingId: meeting.id, reason: "Again" })).rejects.toMatchObject({ code: "CONFLICT" });
    const [addedEvent] = await listEvents(db, { patientId: bello!, viewerId: s.users[COORD]!, limit: 1 });
    expect(addedEvent).toMatchObject({ entityType: "meeting", entityId: meeting.id, eventType: "meeting.case_added" });
    expect((await coord.meetings.proposeAgenda({ meetingId: meeting.id, limit: 100 })).items.some((p) => [hollis, whitaker, bello].includes(p.patientId))).toBe(false);

    const reordered = await coord.meetings.reorderCases({ meetingId: meeting.id, expectedVersion: caseBello.meetingVersion, caseIds: [caseWhitaker.id, caseHollis.id, caseBello.id] });
    expect(reordered.meeting.version).toBe(caseBello.meetingVersion + 1);
    expect((await physician.meetings.get({ meetingId: meeting.id })).cases.map((c) => c.label)).toEqual(["Thomas Whitaker", "Margaret Hollis", "Aisha Bello"]);

    const summary = await physician.meetings.caseSummary({ patientId: hollis!, meetingId: meeting.id });
    expect(summary.sinceSource).toBe("default_window");
    expect(summary.case).toMatchObject({ id: caseHollis.id, status: "pending" });
    const nrs = summary.assessments.find((a) => a.instrument === "nrs");
    expect(nrs).toMatchObject({ label: "Pain NRS", latest: { score: 5 } });
    expect(nrs!.count).toBeGreaterThanOrEqual(2);
    expect(summary.therapySessions.attended).toBeGreaterThanOrEqual(1);
    expect(summary.therapySessions.missedDates.map((d) => d.toISOString().slice(0, 10))).toContain(inDays(-2).toISOString().slice(0, 10));
    expect(summary.procedures).toEqual(expect.arrayContaining([expect.objectContaining({ id: order.id, status: "proposed", proposedInWindow: true, label: "Medial branch block L4-L5 left" })]));
    const checklist = summary.candidacy.find((c) => c.procedureId === order.id);
    expect(checklist).toMatchObject({ readyToApprove: true, openCriteria: [], checklist: { procedureType: "medial_branch_block" } });
    expect(summary.candidacy.every((c) => rowsProposed(summary.procedures, c.procedureId))).toBe(true);
    expect(summary.flags.map((f) => f.code)).toContain("candidacy_pending");
    expect(summary.events.map((e) => e.eventType)).toEqual(expect.arrayContaining(["procedure.proposed", "assessment.submitted", "meeting.case_added"]));

    // The decision changes the plan: the order is approved through the same rule as procedures.approve.
    const decision = await physician.meetings.recordDecision({
      patientId: hollis!,
      meetingId: meeting.id,
      caseId: caseHollis.id,
      kind: "approve_procedure",
      procedureId: order.id,
      expectedVersion: order.version,
    });
    expect(decision).toMatchObject({ kind: "approve_procedure", appliedEntityType: "procedure", appliedEntityId: order.id, description: "Approved: Medial branch block L4-L5 left" });
    const approved = (await physician.procedures.list({ patientId: hollis! })).find((p) => p.id === order.id);
    expect(approved).toMatchObject({ status: "approved", approvedBy: s.users[PHYSICIAN], version: order.version + 1 });
    const [approvedEvent] = await listEvents(db, { patientId: hollis!, viewerId: s.users[PHYSICIAN]!, limit: 1 });
    expect(approvedEvent).toMatchObject({ entityType: "procedure", entityId: order.id, eventType: "procedure.approved", entityVersion: order.version + 1 });
    const [decisionAudit] = await listAudit(db, { patientId: hollis!, action: "meetings.recordDecision" });
    expect(decisionAudit).toMatchObject({ outcome: "success", entityType: "meeting_decision", entityId: decision.id, detail: expect.objectContaining({ kind: "approve_procedure", policyId: expect.any(String) }) });
    // Approving again finds the order approved already: refused, and no second decision row.
    const decisions = await countRows(db, schema.meetingDecisions);
    await expect(
      physician.meetings.recordDecision({ patientId: hollis!, meetingId: meeting.id, caseId: caseHollis.id, kind: "approve_procedure", procedureId: order.id, expectedVersion: order.version }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await countRows(db, schema.meetingDecisions)).toBe(decisions);
    const goal = await pt.meetings.recordDecision({ patientId: hollis!, meetingId: meeting.id, caseId: caseHollis.id, kind: "add_goal", goal: ptGoal });
    expect(goal).toMatchObject({ kind: "add_goal", status: "confirmed", appliedEntityType: "goal", applied: { appliedEntityType: "goal" } });

    const item = await physician.actionItems.create({
      patientId: hollis!,
      meetingId: meeting.id,
      caseId: caseHollis.id,
      description: "Book the medial branch block and send the pain diary",
      ownerId: s.users[PT]!,
      dueDate: inDays(14),
    });
    expect(item).toMatchObject({ status: "open", ownerId: s.users[PT], meetingId: meeting.id, version: 1 });

    await physician.meetings.markDiscussed({ caseId: caseWhitaker.id, expectedVersion: caseWhitaker.version, discussionNotes: "Taper to under 90 MME over 3 months." });
    await psych.meetings.markDiscussed({ caseId: caseHollis.id, expectedVersion: caseHollis.version, discussionNotes: "Proceed with the block; PT to continue." });

    // In the room: the chair marks who is present, each attendee signs for themselves.
    const atMeeting = () => new Date(meeting.scheduledFor.getTime() + 3_600_000);
    const chair = await s.clinic.as(COORD, atMeeting);
    const inRoom = (await chair.meetings.get({ meetingId: meeting.id })).attendees;
    expect(inRoom.every((a) => a.attended === null)).toBe(true);
    for (const a of inRoom) await chair.meetings.markAttendance({ meetingId: meeting.id, userId: a.userId, attended: a.userId !== s.users[PSYCH], expectedVersion: a.version });
    await (await s.clinic.as(PHYSICIAN, atMeeting)).meetings.signOff({ meetingId: meeting.id });
    const current = await chair.meetings.get({ meetingId: meeting.id });
    expect(current.quorum).toMatchObject({ met: false, missing: ["psychologist"] });
    await expect(chair.meetings.close({ meetingId: meeting.id, expectedVersion: current.meeting.version })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    const closed = await chair.meetings.close({ meetingId: meeting.id, expectedVersion: current.meeting.version, acknowledgeNoQuorum: true });
    expect(closed.quorum).toMatchObject({ met: false, acknowledged: true });
    expect(closed.meeting).toMatchObject({ status: "closed", closedBy: s.users[COORD] });
    expect(closed.nextMeeting).toMatchObject({ id: next.id });
    expect(closed.carriedOver).toEqual([{ caseId: caseBello.id, carriedToCaseId: expect.any(String) }]);
    await expect(physician.meetings.recordDecision({ patientId: hollis!, meetingId: meeting.id, caseId: caseHollis.id, kind: "note", text: "Too late" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
    });

    // The PT's own list has the new item, with the patient and the meeting it came from.
    const mine = await pt.actionItems.mine({});
    expect(mine.find((i) => i.id === item.id)).toMatchObject({
      patientName: "Margaret Hollis",
      meetingTitle: "Team review",
      overdue: false,
      description: "Book the medial branch block and send the pain diary",
    });

    // The undiscussed case is on the next meeting's agenda, linked to where it came from.
    const nextAgenda = await coord.meetings.get({ meetingId: next.id });
    expect(nextAgenda.cases).toEqual([expect.objectContaining({ visible: true, patientId: bello, carriedFromCaseId: caseBello.id, status: "pending", position: 1 })]);
    expect(nextAgenda.meeting.version).toBe(2);
    const [carriedEvent] = await listEvents(db, { patientId: bello!, viewerId: s.users[COORD]!, limit: 1 });
    expect(carriedEvent).toMatchObject({ eventType: "meeting.case_carried_over", summary: expect.stringContaining("carried over to Next team review") });
    expect(await listAudit(db, { patientId: bello!, action: "meetings.close" })).toHaveLength(1);

    const minutes = await pt.meetings.minutes({ meetingId: meeting.id });
    expect(minutes.meeting).toMatchObject({ status: "closed" });
    expect(minutes.attendance).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "Dr. Maya Okafor", attended: true, signedOffAt: expect.any(Date) }),
        expect.objectContaining({ name: "Sam Whitfield, DPT", attended: true, signedOffAt: null }),
        expect.objectContaining({ name: "Dr. Elena Brooks, PsyD", attended: false, signedOffAt: null }),
      ]),
    );
    expect(minutes.cases.map((c) => [c.label, c.status])).toEqual([
      ["Thomas Whitaker", "discussed"],
      ["Margaret Hollis", "discussed"],
      ["Patient on another team", "carried_over"],
    ]);
    const hollisMinutes = minutes.cases[1]!;
    if (!hollisMinutes.visible) throw new Error("Hollis is on the PT's team");
    expect(hollisMinutes.discussionNotes).toBe("Proceed with the block; PT to continue.");
    expect(hollisMinutes.decisions.map((d) => [d.kind, d.appliedEntityId])).toEqual([
      ["approve_procedure", order.id],
      ["add_goal", goal.appliedEntityId],
    ]);
    expect(hollisMinutes.actionItems).toEqual([expect.objectContaining({ id: item.id, ownerName: "Sam Whitfield, DPT", status: "open" })]);
    const physicianMinutes = await physician.meetings.minutes({ meetingId: meeting.id });
    expect(physicianMinutes.cases[2]).toMatchObject({ visible: true, label: "Aisha Bello", status: "carried_over", decisions: [], actionItems: [] });

    // Closed minutes are final.
    await expect(chair.meetings.close({ meetingId: meeting.id, expectedVersion: closed.meeting.version, acknowledgeNoQuorum: true })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });

    // The next review looks back to this one, and a case not reached without a next meeting is proposed again.
    const followUp = await coord.meetings.addCase({ patientId: hollis!, meetingId: next.id, reason: "Block outcome" });
    const since = await physician.meetings.caseSummary({ patientId: hollis!, meetingId: next.id });
    expect(since).toMatchObject({ sinceSource: "last_review", lastReview: { meetingId: meeting.id, caseId: caseHollis.id, discussionNotes: "Proceed with the block; PT to continue." } });
    expect(since.events.every((e) => e.occurredAt.getTime() >= since.since.getTime())).toBe(true);
    // Only what happened after that discussion: the new agenda entry, not the assessments before it.
    expect(since.events.map((e) => e.eventType)).toContain("meeting.case_added");
    expect(since.events.map((e) => e.eventType)).not.toContain("assessment.submitted");
    expect(followUp.position).toBe(2);
    const nextVersion = (await coord.meetings.get({ meetingId: next.id })).meeting.version;
    await (await s.clinic.as(COORD, () => new Date(next.scheduledFor.getTime() + 3_600_000))).meetings.close({ meetingId: next.id, expectedVersion: nextVersion, acknowledgeNoQuorum: true });
    const later = await coord.meetings.schedule({ title: "Later review", scheduledFor: inDays(28), attendeeIds: attendees });
    const { items: again } = await coord.meetings.proposeAgenda({ meetingId: later.id, limit: 100 });
    const belloAgain = again.find((p) => p.patientId === bello);
    expect(belloAgain).toMatchObject({ carriedFrom: { meetingId: next.id, title: "Next team review" } });
    expect(belloAgain?.reason).toContain("Not reached at Next team review");
    await coord.meetings.addCase({ patientId: bello!, meetingId: later.id, reason: belloAgain!.reason, carriedFromCaseId: belloAgain!.carriedFromCaseId! });
    expect((await coord.meetings.proposeAgenda({ meetingId: later.id, limit: 100 })).items.some((p) => p.patientId === bello)).toBe(false);
  });
});
