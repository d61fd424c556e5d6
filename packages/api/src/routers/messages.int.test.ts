import { describe, expect, it } from "vitest";
import { demoPassword, listAudit, listEvents, schema } from "@stepwise/db";
import { queryAsOwner } from "@stepwise/db/testing";
import { createBlankPatient, createPatientUser, cutPatientAccess, demoEmails } from "../test-support";
import { useSeededClinic } from "../test-clinic";

// The patient's conversation with their care team: the patient writes from their own record (the
// session's), the team reads and answers from the plan, the coordinator triages. Each test uses a
// patient of its own, so counts and states never leak between tests.

const { PHYSICIAN, PHYSICIAN2, PT, PSYCH, COORD } = demoEmails;
const TEAM = [PHYSICIAN, PT, PSYCH, COORD];

const clinic = useSeededClinic();

/** A blank patient with the demo team and a portal account of their own. */
async function patientWithAccount() {
  const patientId = await createBlankPatient(clinic, TEAM);
  const email = await createPatientUser(clinic, patientId);
  return { patientId, email, patient: await clinic.as(email) };
}

/** Every stored text a body could leak into besides the messages table. */
async function textOutsideMessages(patientId: string): Promise<string> {
  const events = await queryAsOwner(clinic.handle, "select summary, entity_type, event_type from plan_events where patient_id = $1", [patientId]);
  const audits = await queryAsOwner(clinic.handle, "select action, entity_type, entity_id, detail::text as detail from audit_log where patient_id = $1", [patientId]);
  return JSON.stringify([events, audits]);
}

describe("the patient writes, the team reads", () => {
  it("a patient's message reaches the team's thread, waits for triage, counts as unread per reader and leaves no body in events or audit", async () => {
    const { patientId, patient } = await patientWithAccount();
    const body = "Can I take ibuprofen the morning of the block? Secret-marker-7Q";
    const sent = await patient.messages.sendMine({ body });
    expect(sent.id).toBeGreaterThan(0);

    const physician = await clinic.as(PHYSICIAN);
    const thread = await physician.messages.thread({ patientId });
    expect(thread.items).toEqual([expect.objectContaining({ id: sent.id, body, fromPatient: true, mine: false, authorRoleLabel: "Patient" })]);
    expect(thread.thread).toMatchObject({ status: "awaiting_triage", assignedRole: null, version: 1 });
    expect(thread.unread).toBe(1);
    expect(thread.viewer).toEqual({ canSend: true, canTriage: false });
    expect((await (await clinic.as(COORD)).messages.thread({ patientId })).viewer).toEqual({ canSend: true, canTriage: true });

    // The plan event says who wrote, not what; audit rows name the message, never its text.
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(PHYSICIAN), limit: 1 });
    expect(event).toMatchObject({ entityType: "message_thread", entityId: patientId, eventType: "message.sent", summary: "New message from the patient", actorRole: "patient" });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "messages.sendMine" });
    expect(audit).toMatchObject({ outcome: "success", entityType: "message", entityId: String(sent.id), actorRole: "patient" });
    const reads = await listAudit(clinic.handle.db, { patientId, action: "messages.thread" });
    expect(reads).toContainEqual(expect.objectContaining({ outcome: "success", actorId: await clinic.userId(PHYSICIAN) }));
    expect(await textOutsideMessages(patientId)).not.toContain("Secret-marker-7Q");
    // The plan's history (and so its live feed, which filters alike) shows the team that the patient wrote.
    const history = await physician.timeline.list({ patientId, limit: 5 });
    expect(history.items.map((e) => e.summary)).toContain("New message from the patient");

    // Reading is per reader: the physician's marker does not move the coordinator's.
    await physician.messages.markRead({ patientId, upToId: sent.id });
    expect((await physician.messages.thread({ patientId })).unread).toBe(0);
    expect((await (await clinic.as(COORD)).messages.thread({ patientId })).unread).toBe(1);
    // The patient's own message is never unread to them.
    expect((await patient.messages.mine({})).unread).toBe(0);
  });

  it("the coordinator's answer marks the thread answered and is unread for the patient until they read it; colleagues do not count it", async () => {
    const { patientId, patient } = await patientWithAccount();
    await patient.messages.sendMine({ body: "My back is worse since Tuesday." });
    const coordinator = await clinic.as(COORD);
    const answer = await coordinator.messages.send({ patientId, body: "Thank you — Dr. Reyes will call you today." });
    expect(answer.thread).toMatchObject({ status: "answered", version: 2 });
    // Answering reads everything before the answer.
    expect((await coordinator.messages.thread({ patientId })).unread).toBe(0);
    // A colleague's answer is the team's own side: not unread for the physician (the patient's message is).
    expect((await (await clinic.as(PHYSICIAN)).messages.thread({ patientId })).unread).toBe(1);

    const mine = await patient.messages.mine({});
    expect(mine.items.map((m) => [m.fromPatient, m.mine])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(mine.items[1]).toMatchObject({ body: "Thank you — Dr. Reyes will call you today.", authorRoleLabel: "Care coordinator" });
    expect(mine.unread).toBe(1);
    expect(mine.banner).toBe("Messages are not for emergencies. If you need help now, call 911 (or 988 for a mental-health crisis).");
    const read = await patient.messages.markReadMine({ upToId: answer.id });
    expect(read.lastReadId).toBe(answer.id);
    expect((await patient.messages.mine({})).unread).toBe(0);

    // The patient writing again puts the thread back in the coordinator's queue.
    await patient.messages.sendMine({ body: "Thanks, I will wait for the call." });
    expect((await coordinator.messages.thread({ patientId })).thread).toMatchObject({ status: "awaiting_triage", version: 3 });
  });

  it("the banner uses the clinic's crisis text when it has set one", async () => {
    const { patient } = await patientWithAccount();
    await clinic.handle.db.insert(schema.clinicSettings).values({ key: "crisis_resources", value: { text: "Call 988 or go to the nearest emergency department." } }).onConflictDoNothing();
    try {
      expect((await patient.messages.mine({})).banner).toBe("Messages are not for emergencies. Call 988 or go to the nearest emergency department.");
    } finally {
      await queryAsOwner(clinic.handle, "delete from clinic_settings where key = 'crisis_resources'");
    }
  });

  it("a read marker never moves back, and never past the last message", async () => {
    const { patientId, patient } = await patientWithAccount();
    const first = await patient.messages.sendMine({ body: "One" });
    const physician = await clinic.as(PHYSICIAN);
    expect((await physician.messages.markRead({ patientId, upToId: first.id + 1_000_000 })).lastReadId).toBe(first.id);
    const second = await patient.messages.sendMine({ body: "Two" });
    expect((await physician.messages.thread({ patientId })).unread).toBe(1);
    await physician.messages.markRead({ patientId, upToId: second.id });
    expect((await physician.messages.markRead({ patientId, upToId: first.id })).lastReadId).toBe(second.id);
  });

  it("pages back in time, newest last", async () => {
    const { patientId, patient } = await patientWithAccount();
    for (let i = 1; i <= 5; i++) await patient.messages.sendMine({ body: `Message ${i}` });
    const physician = await clinic.as(PHYSICIAN);
    const latest = await physician.messages.thread({ patientId, limit: 2 });
    expect(latest.items.map((m) => m.body)).toEqual(["Message 4", "Message 5"]);
    const earlier = await physician.messages.thread({ patientId, limit: 2, cursor: latest.nextCursor });
    expect(earlier.items.map((m) => m.body)).toEqual(["Message 2", "Message 3"]);
    const first = await patient.messages.mine({ limit: 2, cursor: earlier.nextCursor });
    expect(first.items.map((m) => m.body)).toEqual(["Message 1"]);
    expect(first.nextCursor).toBeNull();
  });
});

describe("triage", () => {
  it("the coordinator hands the thread on under its version; a stale version is a CONFLICT with the current thread; an answer sets 'answered'", async () => {
    const { patientId, patient } = await patientWithAccount();
    await patient.messages.sendMine({ body: "Is the exercise sheet for both legs?" });
    const coordinator = await clinic.as(COORD);
    const { thread } = await coordinator.messages.thread({ patientId });
    const handed = await coordinator.messages.triage({ patientId, status: "with_team", assignedRole: "physical_therapist", version: thread!.version });
    expect(handed).toMatchObject({ status: "with_team", assignedRole: "physical_therapist", version: thread!.version + 1 });
    const [event] = await listEvents(clinic.handle.db, { patientId, viewerId: await clinic.userId(PT), limit: 1 });
    expect(event).toMatchObject({ eventType: "message.triaged", summary: "Patient's message handed to the physical therapist" });

    await expect(coordinator.messages.triage({ patientId, status: "closed", version: thread!.version })).rejects.toMatchObject({
      code: "CONFLICT",
      cause: expect.objectContaining({ details: expect.objectContaining({ current: expect.objectContaining({ status: "with_team", version: handed.version }) }) }),
    });
    // A new message from the patient also moves the version: a triage decided before it conflicts.
    await patient.messages.sendMine({ body: "And how many times a day?" });
    await expect(coordinator.messages.triage({ patientId, status: "closed", version: handed.version })).rejects.toMatchObject({ code: "CONFLICT" });

    const pt = await clinic.as(PT);
    const answer = await pt.messages.send({ patientId, body: "Both legs, twice a day." });
    expect(answer.thread).toMatchObject({ status: "answered", assignedRole: null });
  });

  it("only the coordinator triages; 'answered' is never set by hand; a patient without a conversation has nothing to triage", async () => {
    const { patientId, patient } = await patientWithAccount();
    const coordinator = await clinic.as(COORD);
    await expect(coordinator.messages.triage({ patientId, status: "closed", version: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await patient.messages.sendMine({ body: "Hello" });
    await expect((await clinic.as(PHYSICIAN)).messages.triage({ patientId, status: "closed", version: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(coordinator.messages.triage({ patientId, status: "answered", version: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(coordinator.messages.triage({ patientId, status: "closed", assignedRole: "physician", version: 1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await coordinator.messages.triage({ patientId, status: "closed", version: 1 })).toMatchObject({ status: "closed", version: 2 });
  });
});

describe("the homes' inbox", () => {
  it("counts, per reader, the patient's unread messages and the conversations waiting for triage on the caller's care teams only", async () => {
    const a = await patientWithAccount();
    const b = await patientWithAccount();
    await a.patient.messages.sendMine({ body: "First" });
    await a.patient.messages.sendMine({ body: "Second" });
    await b.patient.messages.sendMine({ body: "Hello" });
    const physician = await clinic.as(PHYSICIAN);
    const before = await physician.messages.inbox();
    const mineOf = (inbox: typeof before, patientId: string) => inbox.items.find((i) => i.patientId === patientId);
    expect(mineOf(before, a.patientId)).toMatchObject({ unread: 2, status: "awaiting_triage" });
    expect(mineOf(before, b.patientId)).toMatchObject({ unread: 1 });

    const thread = await physician.messages.thread({ patientId: a.patientId });
    await physician.messages.markRead({ patientId: a.patientId, upToId: thread.items.at(-1)!.id });
    const after = await physician.messages.inbox();
    expect(mineOf(after, a.patientId)).toMatchObject({ unread: 0, status: "awaiting_triage" });
    expect(after.unreadMessages).toBe(before.unreadMessages - 2);

    const coordinator = await clinic.as(COORD);
    const coordinatorInbox = await coordinator.messages.inbox();
    expect(mineOf(coordinatorInbox, a.patientId)).toMatchObject({ unread: 2 });
    // Answered and read: nothing left for the coordinator on b.
    const bThread = await coordinator.messages.thread({ patientId: b.patientId });
    await coordinator.messages.send({ patientId: b.patientId, body: "Hello to you too." });
    const later = await coordinator.messages.inbox();
    expect(mineOf(later, b.patientId)).toBeUndefined();
    expect(later.awaitingTriage).toBe(coordinatorInbox.awaitingTriage - 1);
    expect(bThread.thread?.status).toBe("awaiting_triage");

    // Not on these care teams: nothing of them.
    const outsider = await (await clinic.as(PHYSICIAN2)).messages.inbox();
    expect(outsider.items.map((i) => i.patientId)).not.toContain(a.patientId);
    expect(outsider.items.map((i) => i.patientId)).not.toContain(b.patientId);
    // The administrator reads no patient's messages; the patient reads their own conversation only.
    await expect((await clinic.as(demoEmails.ADMIN)).messages.inbox()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(a.patient.messages.inbox()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("who reaches a conversation", () => {
  it("each patient reads only their own; a revoked link or a deactivated account reaches nothing", async () => {
    const a = await patientWithAccount();
    const b = await patientWithAccount();
    await a.patient.messages.sendMine({ body: "From A" });
    await b.patient.messages.sendMine({ body: "From B" });
    expect((await a.patient.messages.mine({})).items.map((m) => m.body)).toEqual(["From A"]);
    expect((await b.patient.messages.mine({})).items.map((m) => m.body)).toEqual(["From B"]);

    await cutPatientAccess(clinic, a.email, "revoke_link");
    await expect(a.patient.messages.mine({})).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.patient.messages.sendMine({ body: "Still there?" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(a.patient.messages.markReadMine({ upToId: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await cutPatientAccess(clinic, b.email, "deactivate_account");
    await expect(b.patient.messages.mine({})).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await (await clinic.as(PHYSICIAN)).messages.thread({ patientId: a.patientId })).items.map((m) => m.body)).toEqual(["From A"]);
  });

  it("staff never reach the patient's side; a patient never reaches the team's side, not even for their own record", async () => {
    const { patientId, patient } = await patientWithAccount();
    await expect((await clinic.as(PHYSICIAN)).messages.mine({})).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect((await clinic.as(COORD)).messages.sendMine({ body: "Pretending" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(patient.messages.thread({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(patient.messages.send({ patientId, body: "Through the back door" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a clinician off the care team gets NOT_FOUND; read-only emergency access reads but cannot send", async () => {
    const { patientId, patient } = await patientWithAccount();
    await patient.messages.sendMine({ body: "Hello team" });
    const outsider = await clinic.as(PHYSICIAN2);
    await expect(outsider.messages.thread({ patientId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(outsider.messages.send({ patientId, body: "Hi" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    await outsider.emergencyAccess.open({ patientId, reason: "urgent_consultation", reasonText: "On call tonight; the patient phoned the clinic line.", password: demoPassword });
    const read = await outsider.messages.thread({ patientId });
    expect(read.items.map((m) => m.body)).toEqual(["Hello team"]);
    expect(read.viewer).toEqual({ canSend: false, canTriage: false });
    await expect(outsider.messages.send({ patientId, body: "Hi" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const [audit] = await listAudit(clinic.handle.db, { patientId, action: "messages.thread" });
    expect(audit?.detail).toMatchObject({ through: "emergency_access" });
  });
});
