import { beforeAll, describe, expect, it } from "vitest";
import { listAudit, presentUsers } from "@stepwise/db";
import { demoEmails, failure } from "../test-support";
import { useSeededClinic } from "../test-clinic";
import { collect } from "./live-test-support";
import type { LiveMessage } from "./live";

// Every topic a stream is given is authorised: a meeting only for those meetings.get shows it to,
// a patient only for the care team. A refused topic is dropped (with a denied audit row), never
// joined, never in presence.

const { PHYSICIAN, PHYSICIAN2, PT, COORD, ADMIN } = demoEmails;
const DAY = 86_400_000;

const clinic = useSeededClinic();
let meetingId: string;
let patientId: string;
beforeAll(async () => {
  const coord = await clinic.as(COORD);
  const meeting = await coord.meetings.schedule({
    title: "Topic authorisation review",
    scheduledFor: new Date(Date.now() + 3 * DAY),
    attendeeIds: [await clinic.userId(PHYSICIAN), await clinic.userId(PT)],
  });
  meetingId = meeting.id;
  patientId = (await (await clinic.as(PHYSICIAN)).patients.list({ search: "Hollis" })).items[0]!.id;
});

async function subscribe(email: string, input: { patientIds?: string[]; meetingIds?: string[] }) {
  const controller = new AbortController();
  const caller = await clinic.as(email, undefined, controller.signal);
  const iterable = await caller.live.events({ patientIds: input.patientIds ?? [], meetingIds: input.meetingIds ?? [] });
  return collect(iterable as AsyncIterable<unknown>, controller);
}

const presence = (m: LiveMessage): m is Extract<LiveMessage, { type: "presence" }> => m.type === "presence";

describe("live.events authorises every topic", () => {
  it("a user meetings.get answers NOT_FOUND cannot subscribe to the meeting nor appear in its presence", async () => {
    const outsider = await clinic.as(PHYSICIAN2);
    expect((await failure(outsider.meetings.get({ meetingId }))).code).toBe("NOT_FOUND");
    const outsiderId = await clinic.userId(PHYSICIAN2);

    const refused = await subscribe(PHYSICIAN2, { meetingIds: [meetingId] });
    const first = await refused.waitFor(presence);
    expect(first).toEqual({ type: "presence", users: [] });
    expect(await presentUsers(clinic.handle.db, [`meeting:${meetingId}`], new Date())).not.toContainEqual(expect.objectContaining({ userId: outsiderId }));

    const attendee = await subscribe(PHYSICIAN, { meetingIds: [meetingId] });
    const physicianId = await clinic.userId(PHYSICIAN);
    const seen = (await attendee.waitFor((m) => presence(m) && m.users.some((u) => u.userId === physicianId))) as Extract<LiveMessage, { type: "presence" }>;
    expect(seen.users.map((u) => u.userId)).not.toContain(outsiderId);
    expect(seen.users.every((u) => u.topic === `meeting:${meetingId}`)).toBe(true);

    // A change to the meeting reaches the attendee, and never the refused stream.
    await clinic.bus.publish(`meeting:${meetingId}`);
    await attendee.waitFor((m) => m.type === "meeting" && m.meetingId === meetingId);
    await new Promise((r) => setTimeout(r, 300));
    expect(refused.messages.some((m) => m.type === "meeting")).toBe(false);
    expect(refused.messages.filter(presence).every((m) => m.users.length === 0)).toBe(true);

    const denied = await listAudit(clinic.handle.db, { actorId: outsiderId, action: "live.events" });
    expect(denied).toContainEqual(expect.objectContaining({ outcome: "denied", entityType: "meeting", entityId: meetingId, patientId: null }));
    await refused.stop();
    await attendee.stop();
  });

  it("the coordinator (who manages meetings) may watch a meeting without attending it; the admin may not", async () => {
    const coordId = await clinic.userId(COORD);
    const coord = await subscribe(COORD, { meetingIds: [meetingId] });
    await coord.waitFor((m) => presence(m) && m.users.some((u) => u.userId === coordId && u.topic === `meeting:${meetingId}`));
    await coord.stop();

    const adminId = await clinic.userId(ADMIN);
    const admin = await subscribe(ADMIN, { meetingIds: [meetingId] });
    expect(await admin.waitFor(presence)).toEqual({ type: "presence", users: [] });
    expect(await presentUsers(clinic.handle.db, [`meeting:${meetingId}`], new Date())).not.toContainEqual(expect.objectContaining({ userId: adminId }));
    await admin.stop();
  });

  it("a meeting id that does not exist is refused like one the viewer may not see", async () => {
    const stream = await subscribe(PHYSICIAN, { meetingIds: ["00000000-0000-4000-8000-000000000000"] });
    expect(await stream.waitFor(presence)).toEqual({ type: "presence", users: [] });
    await stream.stop();
  });

  it("a patient topic off the viewer's care team is refused, audited as denied against that patient, and never in presence", async () => {
    const outsiderId = await clinic.userId(PHYSICIAN2);
    const refused = await subscribe(PHYSICIAN2, { patientIds: [patientId] });
    expect(await refused.waitFor(presence)).toEqual({ type: "presence", users: [] });
    expect(await presentUsers(clinic.handle.db, [`patient:${patientId}`], new Date())).not.toContainEqual(expect.objectContaining({ userId: outsiderId }));
    const rows = await listAudit(clinic.handle.db, { actorId: outsiderId, action: "live.events", patientId });
    expect(rows).toContainEqual(expect.objectContaining({ outcome: "denied", patientId, detail: { reason: "not_on_care_team" } }));
    expect(rows.some((r) => r.outcome === "success")).toBe(false);
    await refused.stop();
  });
});
