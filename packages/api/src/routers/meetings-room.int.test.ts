import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listEvents, schema } from "@stepwise/db";
import { countRows } from "@stepwise/db/testing";
import { fieldOf } from "../errors";
import { createBlankPatient, demoEmails, failure, openSeededClinic, type Clinic } from "../test-support";

// The meeting as the room runs it: proposals confirmed by their owner discipline, attendance
// marked by the chair, sign-off by each attendee, quorum and the clock before closing.

const { PHYSICIAN, PT, PSYCH, COORD } = demoEmails;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);

let clinic: Clinic;
const users: Record<string, string> = {};
let hollis: string;
let bello: string;

beforeAll(async () => {
  clinic = await openSeededClinic();
  for (const email of [PHYSICIAN, PT, PSYCH, COORD]) users[email] = await clinic.userId(email);
  const found = (await (await clinic.as(COORD)).patients.list({ search: "Hollis" })).items[0];
  if (!found) throw new Error("no demo patient Hollis");
  hollis = found.id;
  const other = (await (await clinic.as(COORD)).patients.list({ search: "Bello" })).items[0];
  if (!other) throw new Error("no demo patient Bello");
  bello = other.id;
});

afterAll(async () => {
  await clinic?.close();
});

let slot = 0;
/** A meeting of physician, PT and psychologist, starting in `days`, with the patient (Hollis unless named) on the agenda. */
async function meetingWithHollis(days: number, patientId = hollis) {
  const coord = await clinic.as(COORD);
  slot += 1;
  const meeting = await coord.meetings.schedule({ title: `Room review ${slot}`, scheduledFor: inDays(days), attendeeIds: [users[PHYSICIAN]!, users[PT]!, users[PSYCH]!] });
  const agendaCase = await coord.meetings.addCase({ patientId, meetingId: meeting.id, reason: "Candidacy decision" });
  const atMeeting = () => new Date(meeting.scheduledFor.getTime() + HOUR);
  return { meeting, caseId: agendaCase.id, atMeeting };
}

async function proposedOrder(overrideAll: boolean) {
  const doc = await clinic.as(PHYSICIAN);
  const order = await doc.procedures.propose({
    patientId: hollis,
    procedureType: "medial_branch_block",
    level: "L4-L5",
    side: "left",
    region: "lumbar",
    indication: "Axial low back pain, facet-mediated pattern on examination",
    intent: "Diagnostic: confirm the L4-L5 facet joint as the pain generator",
    expectedBenefit: "Short-lived relief that predicts the benefit of ablation",
    alternatives: "Continue physical therapy; facet joint injection",
    followUpPlan: "Pain diary for 8 hours; review at 2 weeks",
  });
  if (!overrideAll) return order;
  const checklist = await doc.procedures.evaluateCandidacy({ patientId: hollis, procedureType: order.procedureType, target: { level: order.level, side: order.side } });
  for (const c of checklist.criteria.filter((x) => x.status !== "met")) {
    await doc.procedures.overrideCriterion({ patientId: hollis, procedureId: order.id, criterionId: c.id, reason: "Agreed at the case conference." });
  }
  return order;
}

describe("meetings: a proposal waits for its owner discipline", () => {
  it("a coordinator's approval stays proposed; the PT may not confirm it; the physician confirms it through the approval rule, and the plan event names the meeting", async () => {
    const { meeting, caseId } = await meetingWithHollis(1);
    const order = await proposedOrder(true);
    const coord = await clinic.as(COORD);
    const decision = await coord.meetings.recordDecision({ patientId: hollis, meetingId: meeting.id, caseId, kind: "approve_procedure", procedureId: order.id });
    expect(decision).toMatchObject({ status: "proposed", ownerDiscipline: "physician", appliedEntityId: null, decidedBy: null });
    const physician = await clinic.as(PHYSICIAN);
    expect((await physician.procedures.list({ patientId: hollis })).find((p) => p.id === order.id)).toMatchObject({ status: "proposed" });

    // Visible in the room at once, and on the physician's home, not the PT's.
    const room = await physician.meetings.get({ meetingId: meeting.id });
    const roomCase = room.cases.find((c) => c.id === caseId);
    if (!roomCase?.visible) throw new Error("Hollis is on the physician's team");
    expect(roomCase.decisions).toEqual([expect.objectContaining({ id: decision.id, status: "proposed", canConfirm: true })]);
    expect((await physician.meetings.pendingDecisions({})).map((d) => d.id)).toContain(decision.id);
    const pt = await clinic.as(PT);
    expect((await pt.meetings.pendingDecisions({})).map((d) => d.id)).not.toContain(decision.id);

    const denied = await failure(pt.meetings.confirmDecision({ patientId: hollis, decisionId: decision.id, expectedVersion: decision.version }));
    expect(denied.code).toBe("FORBIDDEN");

    const confirmed = await physician.meetings.confirmDecision({ patientId: hollis, decisionId: decision.id, expectedVersion: decision.version });
    expect(confirmed).toMatchObject({ status: "confirmed", decidedBy: users[PHYSICIAN], appliedEntityType: "procedure", appliedEntityId: order.id });
    expect((await physician.procedures.list({ patientId: hollis })).find((p) => p.id === order.id)).toMatchObject({ status: "approved", approvedBy: users[PHYSICIAN] });
    const [event] = await listEvents(clinic.handle.db, { patientId: hollis, viewerId: users[PHYSICIAN]!, limit: 1 });
    expect(event).toMatchObject({ entityType: "procedure", entityId: order.id, eventType: "procedure.approved", summary: expect.stringContaining(`decided at ${meeting.title}`) });
    expect((await physician.meetings.pendingDecisions({})).map((d) => d.id)).not.toContain(decision.id);
  });

  it("holds a confirmation to the same candidacy rule as procedures.approve: unmet criteria without overrides refuse it and nothing changes", async () => {
    // Bello's stimulation trial waits on psychological clearance: its checklist has an open criterion.
    const { meeting, caseId } = await meetingWithHollis(1, bello);
    const physician = await clinic.as(PHYSICIAN);
    const order = (await physician.procedures.list({ patientId: bello })).find((p) => p.status === "proposed");
    if (!order) throw new Error("Bello has a proposed order in the demo");
    const decision = await (await clinic.as(COORD)).meetings.recordDecision({ patientId: bello, meetingId: meeting.id, caseId, kind: "approve_procedure", procedureId: order.id });
    const direct = await failure(physician.procedures.approve({ patientId: bello, id: order.id, expectedVersion: order.version }));
    const viaMeeting = await failure(physician.meetings.confirmDecision({ patientId: bello, decisionId: decision.id, expectedVersion: decision.version }));
    expect([viaMeeting.code, fieldOf(viaMeeting.cause)]).toEqual([direct.code, fieldOf(direct.cause)]);
    expect(viaMeeting.code).toBe("PRECONDITION_FAILED");
    const room = await physician.meetings.get({ meetingId: meeting.id });
    const roomCase = room.cases.find((c) => c.id === caseId);
    if (!roomCase?.visible) throw new Error("Hollis is on the physician's team");
    expect(roomCase.decisions.find((d) => d.id === decision.id)).toMatchObject({ status: "proposed", version: decision.version });
  });

  it("lets one of two confirmations read at one version win; the other gets CONFLICT", async () => {
    const { meeting, caseId } = await meetingWithHollis(1);
    const coord = await clinic.as(COORD);
    const item = await (await clinic.as(PT)).planItems.create({
      patientId: hollis,
      kind: "physical_therapy",
      ladderStep: 1,
      discipline: "physical_therapist",
      title: "Graded walking programme",
      rationale: "Deconditioning; graded activity.",
    });
    const decision = await coord.meetings.recordDecision({ patientId: hollis, meetingId: meeting.id, caseId, kind: "transition_item", planItemId: item.id, to: "active" });
    expect(decision).toMatchObject({ status: "proposed", ownerDiscipline: "physical_therapist" });
    const [a, b] = [await clinic.as(PT), await clinic.as(PT)];
    const results = await Promise.allSettled([
      a.meetings.confirmDecision({ patientId: hollis, decisionId: decision.id, expectedVersion: decision.version }),
      b.meetings.confirmDecision({ patientId: hollis, decisionId: decision.id, expectedVersion: decision.version }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" ? rejected.reason : null).toMatchObject({ code: "CONFLICT" });
    expect((await a.carePlan.get({ patientId: hollis })).planItems.find((p) => p.id === item.id)).toMatchObject({ status: "active", version: item.version + 1 });
  });

  it("keeps a proposed goal as data until its discipline confirms it, then adds it through the goals service", async () => {
    const { meeting, caseId } = await meetingWithHollis(1);
    const goal = { description: "Name three coping strategies for flare-ups", measure: "strategies named", target: "3", targetDate: inDays(45), discipline: "psychologist" as const };
    const decision = await (await clinic.as(COORD)).meetings.recordDecision({ patientId: hollis, meetingId: meeting.id, caseId, kind: "add_goal", goal });
    expect(decision).toMatchObject({ status: "proposed", ownerDiscipline: "psychologist", appliedEntityId: null });
    const psych = await clinic.as(PSYCH);
    expect((await psych.carePlan.get({ patientId: hollis })).goals.some((g) => g.description === goal.description)).toBe(false);
    const confirmed = await psych.meetings.confirmDecision({ patientId: hollis, decisionId: decision.id, expectedVersion: decision.version });
    const added = (await psych.carePlan.get({ patientId: hollis })).goals.find((g) => g.id === confirmed.appliedEntityId);
    expect(added).toMatchObject({ description: goal.description, discipline: "psychologist", createdBy: users[PSYCH] });
    expect(added?.targetDate.toISOString().slice(0, 10)).toBe(goal.targetDate.toISOString().slice(0, 10));
  });

  it("starts and stops a medication and requests a clearance only once the physician confirms, through the medications and clearances services", async () => {
    const patientId = await createBlankPatient(clinic, [PHYSICIAN, PT, PSYCH, COORD]);
    const { meeting, caseId } = await meetingWithHollis(1, patientId);
    const coord = await clinic.as(COORD);
    const physician = await clinic.as(PHYSICIAN);
    const confirm = (d: { id: string; version: number }) => physician.meetings.confirmDecision({ patientId, decisionId: d.id, expectedVersion: d.version });
    const medication = { name: "Duloxetine", opioid: null, doseMg: 30, timesPerDay: 1, route: "oral" as const, startedAt: inDays(0) };
    const start = await coord.meetings.recordDecision({ patientId, meetingId: meeting.id, caseId, kind: "start_medication", medication });
    expect(start).toMatchObject({ status: "proposed", ownerDiscipline: "physician" });
    expect((await physician.medications.list({ patientId })).items).toEqual([]);
    const started = await confirm(start);
    expect((await physician.medications.list({ patientId })).items).toEqual([expect.objectContaining({ id: started.appliedEntityId, name: "Duloxetine", status: "active" })]);

    const stop = await (await clinic.as(PT)).meetings.recordDecision({ patientId, meetingId: meeting.id, caseId, kind: "stop_medication", medicationId: started.appliedEntityId!, reason: "Nausea; the team agreed to stop" });
    await confirm(stop);
    expect((await physician.medications.list({ patientId })).items).toEqual([expect.objectContaining({ id: started.appliedEntityId, status: "stopped", stoppedAt: expect.any(Date), stopReason: "Nausea; the team agreed to stop" })]);

    // The same catalogue rules as the medication list (§6.5): an opioid name proposed as an NSAID is refused when recorded; unclassed, it is started as an opioid.
    const asNsaid = await failure(coord.meetings.recordDecision({ patientId, meetingId: meeting.id, caseId, kind: "start_medication", medication: { name: "Percocet 5/325", drugClass: "nsaid", doseMg: 5, timesPerDay: 4, route: "oral", startedAt: inDays(0) } }));
    expect(asNsaid.code).toBe("BAD_REQUEST");
    const norco = await coord.meetings.recordDecision({ patientId, meetingId: meeting.id, caseId, kind: "start_medication", medication: { name: "Norco 5/325", doseMg: 5, timesPerDay: 4, asNeeded: true, route: "oral", startedAt: inDays(0) } });
    expect(norco.description).toBe("Start Norco 5/325 5 mg as needed, up to 4×/day (oral; opioid)");
    const norcoRow = await confirm(norco);
    expect((await physician.medications.list({ patientId })).items.find((m) => m.id === norcoRow.appliedEntityId)).toMatchObject({ drugClass: "opioid", opioid: "hydrocodone", asNeeded: true });

    const clearance = await (await clinic.as(PSYCH)).meetings.recordDecision({ patientId, meetingId: meeting.id, caseId, kind: "request_clearance", procedureType: "scs_trial" });
    const requested = await confirm(clearance);
    expect(requested).toMatchObject({ status: "confirmed", appliedEntityType: "clearance" });
    // The same rule as clearances.request: a second open request for the family is refused.
    const again = await coord.meetings.recordDecision({ patientId, meetingId: meeting.id, caseId, kind: "request_clearance", procedureType: "scs_implant" });
    const direct = await failure(physician.clearances.request({ patientId, procedureType: "scs_implant" }));
    const viaMeeting = await failure(confirm(again));
    expect([viaMeeting.code, fieldOf(viaMeeting.cause)]).toEqual([direct.code, fieldOf(direct.cause)]);
    expect(viaMeeting.code).toBe("PRECONDITION_FAILED");
  });

  it("declines a proposal with a reason and leaves the plan alone; a declined proposal cannot be confirmed", async () => {
    const { meeting, caseId } = await meetingWithHollis(1);
    const order = await proposedOrder(true);
    const decision = await (await clinic.as(PSYCH)).meetings.recordDecision({ patientId: hollis, meetingId: meeting.id, caseId, kind: "approve_procedure", procedureId: order.id });
    const physician = await clinic.as(PHYSICIAN);
    const declined = await physician.meetings.declineDecision({ patientId: hollis, decisionId: decision.id, expectedVersion: decision.version, reason: "Wait for the pain diary." });
    expect(declined).toMatchObject({ status: "declined", declineReason: "Wait for the pain diary.", decidedBy: users[PHYSICIAN], version: decision.version + 1 });
    expect((await physician.procedures.list({ patientId: hollis })).find((p) => p.id === order.id)).toMatchObject({ status: "proposed" });
    await expect(physician.meetings.confirmDecision({ patientId: hollis, decisionId: decision.id, expectedVersion: declined.version })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });
});

describe("meetings: attendance, sign-off, quorum and the clock", () => {
  it("only the chair marks attendance; nobody is present until marked", async () => {
    const { meeting } = await meetingWithHollis(2);
    const room = await (await clinic.as(COORD)).meetings.get({ meetingId: meeting.id });
    expect(room.attendees.map((a) => a.attended)).toEqual([null, null, null]);
    expect(room.meeting.chair).toEqual({ id: users[COORD], name: expect.any(String) });
    const physicianRow = room.attendees.find((a) => a.userId === users[PHYSICIAN])!;
    const denied = await failure((await clinic.as(PHYSICIAN)).meetings.markAttendance({ meetingId: meeting.id, userId: users[PHYSICIAN]!, attended: true, expectedVersion: physicianRow.version }));
    expect(denied.code).toBe("FORBIDDEN");
    const marked = await (await clinic.as(COORD)).meetings.markAttendance({ meetingId: meeting.id, userId: users[PHYSICIAN]!, attended: true, expectedVersion: physicianRow.version });
    expect(marked).toMatchObject({ attended: true, version: physicianRow.version + 1 });
    await expect(
      (await clinic.as(COORD)).meetings.markAttendance({ meetingId: meeting.id, userId: users[PHYSICIAN]!, attended: false, expectedVersion: physicianRow.version }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("signs off for oneself only, once present and after the start; a second sign-off keeps the first time", async () => {
    const { meeting, atMeeting } = await meetingWithHollis(3);
    const chair = await clinic.as(COORD, atMeeting);
    const attendees = (await chair.meetings.get({ meetingId: meeting.id })).attendees;
    const pt = attendees.find((a) => a.userId === users[PT])!;
    await chair.meetings.markAttendance({ meetingId: meeting.id, userId: pt.userId, attended: true, expectedVersion: pt.version });

    await expect((await clinic.as(PT)).meetings.signOff({ meetingId: meeting.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect((await clinic.as(PHYSICIAN, atMeeting)).meetings.signOff({ meetingId: meeting.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    await expect(chair.meetings.signOff({ meetingId: meeting.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const ptInRoom = await clinic.as(PT, atMeeting);
    expect((await ptInRoom.meetings.mySignOffs({})).map((m) => m.id)).toContain(meeting.id);
    const first = await ptInRoom.meetings.signOff({ meetingId: meeting.id });
    const later = () => new Date(meeting.scheduledFor.getTime() + 2 * HOUR);
    const second = await (await clinic.as(PT, later)).meetings.signOff({ meetingId: meeting.id });
    expect(second.signedOffAt).toEqual(first.signedOffAt);
    expect((await ptInRoom.meetings.mySignOffs({})).map((m) => m.id)).not.toContain(meeting.id);
    const after = await chair.meetings.get({ meetingId: meeting.id });
    expect(after.attendees.filter((a) => a.signedOffAt !== null).map((a) => a.userId)).toEqual([users[PT]]);
  });

  it("refuses to close before the start, and without quorum unless acknowledged; the minutes keep the quorum", async () => {
    const { meeting, atMeeting } = await meetingWithHollis(4);
    const early = await failure((await clinic.as(COORD)).meetings.close({ meetingId: meeting.id, expectedVersion: meeting.version + 1, acknowledgeNoQuorum: true }));
    expect([early.code, fieldOf(early.cause)]).toEqual(["PRECONDITION_FAILED", "meetingId"]);
    const chair = await clinic.as(COORD, atMeeting);
    const room = await chair.meetings.get({ meetingId: meeting.id });
    expect(room.viewer.allowed).toMatchObject({ close: true, markAttendance: true });
    expect(room.quorum).toMatchObject({ met: false, missing: ["physician", "physical_therapist", "psychologist"] });
    const noQuorum = await failure(chair.meetings.close({ meetingId: meeting.id, expectedVersion: room.meeting.version }));
    expect([noQuorum.code, fieldOf(noQuorum.cause)]).toEqual(["PRECONDITION_FAILED", "acknowledgeNoQuorum"]);
    for (const a of room.attendees) await chair.meetings.markAttendance({ meetingId: meeting.id, userId: a.userId, attended: true, expectedVersion: a.version });
    const ready = await chair.meetings.get({ meetingId: meeting.id });
    expect(ready.quorum).toMatchObject({ met: true, missing: [] });
    const closed = await chair.meetings.close({ meetingId: meeting.id, expectedVersion: ready.meeting.version });
    expect(closed.quorum).toMatchObject({ met: true, acknowledged: false });
    const minutes = await chair.meetings.minutes({ meetingId: meeting.id });
    expect(minutes.quorum).toMatchObject({ met: true });
  });
});

describe("meetings: every proposal reachable, and minutes that identify each patient", () => {
  it("pages the proposals: the pages together are the whole list, and the total says how long it is", async () => {
    const { meeting } = await meetingWithHollis(5);
    const coord = await clinic.as(COORD);
    const all = await coord.meetings.proposeAgenda({ meetingId: meeting.id, limit: 100 });
    expect(all.total).toBeGreaterThan(3);
    const seen: string[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const page: Awaited<ReturnType<typeof coord.meetings.proposeAgenda>> = await coord.meetings.proposeAgenda({ meetingId: meeting.id, offset, limit: 3 });
      expect(page.total).toBe(all.total);
      seen.push(...page.items.map((p) => p.patientId));
      offset = page.nextOffset;
    }
    expect(seen).toEqual(all.items.map((p) => p.patientId));
    expect(seen).toHaveLength(all.total);
  });

  it("names each patient with MRN and date of birth, the chair and recorder, sign-offs, and unconfirmed proposals apart", async () => {
    const { meeting, caseId, atMeeting } = await meetingWithHollis(6);
    const order = await proposedOrder(true);
    const coord = await clinic.as(COORD, atMeeting);
    await coord.meetings.recordDecision({ patientId: hollis, meetingId: meeting.id, caseId, kind: "note", text: "Team agrees to continue PT." });
    const proposal = await coord.meetings.recordDecision({ patientId: hollis, meetingId: meeting.id, caseId, kind: "approve_procedure", procedureId: order.id });
    const room = await coord.meetings.get({ meetingId: meeting.id });
    for (const a of room.attendees) await coord.meetings.markAttendance({ meetingId: meeting.id, userId: a.userId, attended: true, expectedVersion: a.version });
    await (await clinic.as(PHYSICIAN, atMeeting)).meetings.signOff({ meetingId: meeting.id });
    const decisionsBefore = await countRows(clinic.handle.db, schema.meetingDecisions);
    const minutes = await (await clinic.as(PHYSICIAN, atMeeting)).meetings.minutes({ meetingId: meeting.id });
    expect(await countRows(clinic.handle.db, schema.meetingDecisions)).toBe(decisionsBefore);
    expect(minutes.meeting.chair).toEqual({ id: users[COORD], name: expect.any(String) });
    expect(minutes.meeting.recorder).toEqual(minutes.meeting.chair);
    expect(minutes.signOffs).toEqual([expect.objectContaining({ userId: users[PHYSICIAN], signedOffAt: expect.any(Date) })]);
    const entry = minutes.cases.find((c) => c.id === caseId);
    if (!entry?.visible) throw new Error("Hollis is on the physician's team");
    expect(entry).toMatchObject({ patientName: "Margaret Hollis", mrn: expect.stringMatching(/\S/), dateOfBirth: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(entry.decisions.map((d) => [d.kind, d.status])).toEqual([["note", "confirmed"]]);
    expect(entry.proposals.map((d) => [d.id, d.status])).toEqual([[proposal.id, "proposed"]]);
  });
});

describe("meetings: the demo's own review meetings", () => {
  it("last week's proposal waits on the physician's home and confirms into the plan; today's meeting has begun and can be run", async () => {
    const physician = await clinic.as(PHYSICIAN);
    const waiting = (await physician.meetings.pendingDecisions({})).find((d) => d.kind === "add_goal" && d.meeting.title === "Weekly team review");
    expect(waiting).toMatchObject({ patient: { name: "Samuel Achterberg" }, ownerDiscipline: "physician" });
    const confirmed = await physician.meetings.confirmDecision({ patientId: waiting!.patient.id, decisionId: waiting!.id, expectedVersion: waiting!.version });
    const goals = (await physician.carePlan.get({ patientId: waiting!.patient.id })).goals;
    expect(goals.find((g) => g.id === confirmed.appliedEntityId)).toMatchObject({ discipline: "physician", createdBy: users[PHYSICIAN] });

    const coord = await clinic.as(COORD);
    const today = (await coord.meetings.list({})).upcoming.find((m) => m.title === "Weekly team review");
    const room = await coord.meetings.get({ meetingId: today!.id });
    expect(room.viewer.allowed).toMatchObject({ markAttendance: true, close: true });
    expect(room.cases.map((c) => c.label)).toEqual(["Beatriz Montoya", "Chloe Beaumont", "Aisha Bello", "Samuel Achterberg"]);
  });
});
