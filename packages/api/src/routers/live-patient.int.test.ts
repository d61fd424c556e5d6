import { beforeAll, describe, expect, it } from "vitest";
import { listAudit, presentUsers } from "@stepwise/db";
import { createPatientUser, cutPatientAccess, demoEmails } from "../test-support";
import { useSeededClinic } from "../test-clinic";
import { collect } from "./live-test-support";
import type { LiveMessage } from "./live";

// A patient account's live stream: its own linked record only, as content-free "your plan changed"
// signals; never another patient, a meeting, a psychotherapy note, a comment; never in presence.

const { PHYSICIAN, PSYCH, PT, COORD } = demoEmails;
const DAY = 86_400_000;

const clinic = useSeededClinic();
let ownId: string;
let otherId: string;
let thirdId: string;
let patientEmail: string;
beforeAll(async () => {
  const physician = await clinic.as(PHYSICIAN);
  ownId = (await physician.patients.list({ search: "Hollis" })).items[0]!.id;
  const others = (await physician.patients.list({})).items.filter((p) => p.id !== ownId);
  otherId = others[0]!.id;
  thirdId = others[1]!.id;
  patientEmail = await createPatientUser(clinic, ownId);
});

async function subscribe(email: string, input: { patientIds?: string[]; meetingIds?: string[] }) {
  const controller = new AbortController();
  const caller = await clinic.as(email, undefined, controller.signal);
  const iterable = await caller.live.events({ patientIds: input.patientIds ?? [], meetingIds: input.meetingIds ?? [] });
  return collect(iterable as AsyncIterable<unknown>, controller);
}

const goal = (patientId: string, description: string) => ({ patientId, discipline: "physician" as const, description, measure: "m", target: "t", targetDate: new Date(Date.now() + DAY) });
const changes = (messages: LiveMessage[]) => messages.flatMap((m) => (m.type === "plan_changed" ? [m.change] : []));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("live.events for a patient account", () => {
  it("delivers a change to their own plan as ids and entity type only, and keeps them out of the team's presence", async () => {
    const patientUserId = await clinic.userId(patientEmail);
    const mine = await subscribe(patientEmail, { patientIds: [ownId] });
    expect(await mine.waitFor((m) => m.type === "presence")).toEqual({ type: "presence", users: [] });
    const team = await subscribe(PHYSICIAN, { patientIds: [ownId] });
    const physicianId = await clinic.userId(PHYSICIAN);
    await team.waitFor((m) => m.type === "presence" && m.users.some((u) => u.userId === physicianId));

    const created = await (await clinic.as(PHYSICIAN)).goals.create(goal(ownId, "Walk to the shop and back"));
    const signal = await mine.waitFor((m) => m.type === "plan_changed" && m.change.entityId === created.id);
    expect(signal).toEqual({ type: "plan_changed", change: { id: expect.any(Number), patientId: ownId, entityType: "goal", entityId: created.id } });
    expect(JSON.stringify(mine.messages)).not.toContain("Walk to the shop");
    expect(mine.messages.some((m) => m.type === "event")).toBe(false);
    expect(mine.trackedIds).toContain(String((signal as Extract<LiveMessage, { type: "plan_changed" }>).change.id));

    // Presence: the team never sees the patient, and the patient is never shown the team.
    await sleep(700);
    expect(await presentUsers(clinic.handle.db, [`patient:${ownId}`], new Date())).not.toContainEqual(expect.objectContaining({ userId: patientUserId }));
    expect(team.messages.filter((m) => m.type === "presence").flatMap((m) => m.users.map((u) => u.userId))).not.toContain(patientUserId);
    expect(mine.messages.filter((m) => m.type === "presence").every((m) => m.users.length === 0)).toBe(true);
    await mine.stop();
    await team.stop();
  });

  it("refuses another patient's topic and every meeting, each audited as denied, and delivers nothing of them", async () => {
    const patientUserId = await clinic.userId(patientEmail);
    const coord = await clinic.as(COORD);
    const meeting = await coord.meetings.schedule({ title: "Review", scheduledFor: new Date(Date.now() + 3 * DAY), attendeeIds: [await clinic.userId(PHYSICIAN)] });
    const stream = await subscribe(patientEmail, { patientIds: [otherId, ownId], meetingIds: [meeting.id] });
    await stream.waitFor((m) => m.type === "presence");

    await (await clinic.as(PHYSICIAN)).goals.create(goal(otherId, "Someone else's goal"));
    await clinic.bus.publish(`meeting:${meeting.id}`);
    const own = await (await clinic.as(PHYSICIAN)).goals.create(goal(ownId, "Own goal after the other's"));
    await stream.waitFor((m) => m.type === "plan_changed" && m.change.entityId === own.id);
    expect(changes(stream.messages).every((c) => c.patientId === ownId)).toBe(true);
    expect(stream.messages.some((m) => m.type === "meeting")).toBe(false);

    const audit = await listAudit(clinic.handle.db, { actorId: patientUserId, action: "live.events" });
    expect(audit).toContainEqual(expect.objectContaining({ outcome: "denied", entityType: "live_stream", patientId: otherId, detail: expect.objectContaining({ reason: "not_own_record" }) }));
    expect(audit).toContainEqual(expect.objectContaining({ outcome: "denied", entityType: "meeting", entityId: meeting.id }));
    expect(audit).toContainEqual(expect.objectContaining({ outcome: "success", entityType: "live_stream", patientId: ownId, detail: expect.objectContaining({ through: "patient_portal" }) }));
    await stream.stop();
  });

  it("never delivers a psychotherapy note's, a shared summary's or a comment's event to the patient", async () => {
    const pt = await clinic.as(PT);
    const item = await pt.planItems.create({ patientId: ownId, kind: "physical_therapy", ladderStep: 1, discipline: "physical_therapist", title: "Graded walking programme", rationale: "Build tolerance." });
    const stream = await subscribe(patientEmail, { patientIds: [ownId] });
    await stream.waitFor((m) => m.type === "presence");
    const psych = await clinic.as(PSYCH);
    const secret = await psych.psychNotes.create({ patientId: ownId, kind: "psychotherapy", body: "Private content that must stay with its author." });
    const summary = await psych.psychNotes.create({ patientId: ownId, kind: "shared_summary", body: "Shared: engaged and pacing well." });
    const physician = await clinic.as(PHYSICIAN);
    const comment = await physician.comments.create({ patientId: ownId, targetType: "plan_item", targetId: item.id, body: "Internal: pacing diary." });
    const marker = await physician.goals.create(goal(ownId, "Marker after the notes"));
    await stream.waitFor((m) => m.type === "plan_changed" && m.change.entityId === marker.id);
    const seen = changes(stream.messages);
    expect(seen.map((c) => c.entityId)).not.toContain(secret.id);
    expect(seen.map((c) => c.entityId)).not.toContain(summary.id);
    expect(seen.map((c) => c.entityId)).not.toContain(comment.id);
    expect(seen.filter((c) => [secret.id, summary.id, comment.id, marker.id].includes(c.entityId)).map((c) => c.entityType)).toEqual(["goal"]);
    expect(JSON.stringify(stream.messages)).not.toMatch(/Private content|Shared: engaged|Internal: pacing/);
    await stream.stop();
  });

  it("ends the record's part of the stream when the link is revoked (access_revoked), and nothing after it", async () => {
    const email = await createPatientUser(clinic, thirdId, "revoked");
    const stream = await subscribe(email, { patientIds: [thirdId] });
    await stream.waitFor((m) => m.type === "presence");
    await cutPatientAccess(clinic, email, "revoke_link");
    await stream.waitFor((m) => m.type === "access_revoked" && m.patientId === thirdId, 15_000);
    const after = await (await clinic.as(PHYSICIAN)).goals.create(goal(thirdId, "After the link was revoked"));
    await sleep(500);
    expect(changes(stream.messages).map((c) => c.entityId)).not.toContain(after.id);
    expect(stream.error).toBeUndefined();
    await stream.stop();
  });
});
