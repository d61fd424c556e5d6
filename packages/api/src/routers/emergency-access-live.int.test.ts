import { beforeAll, describe, expect, it } from "vitest";
import { demoPassword, insertRow, listAudit, schema } from "@stepwise/db";
import { createBlankPatient } from "../test-support";
import { useSeededClinic } from "../test-clinic";
import { collect } from "./live-test-support";
import type { LiveMessage } from "./live";

/**
 * The live stream and emergency access: a patient topic is the care team's or an active grant
 * holder's; never a psychotherapy note's event through a grant; the grant's end (early or at its
 * expiry) ends that part of the stream at once.
 */

const OUTSIDER = "physician2@stepwise.test";
const reasonText = "Covering the weekend on-call; patient phoned about a flare.";

const clinic = useSeededClinic();
let patientId: string;
beforeAll(async () => {
  patientId = await createBlankPatient(clinic, ["physician@stepwise.test", "pt@stepwise.test", "psychologist@stepwise.test", "coordinator@stepwise.test"]);
});

const isEvent = (m: LiveMessage): m is Extract<LiveMessage, { type: "event" }> => m.type === "event";

async function subscribe(email: string) {
  const controller = new AbortController();
  const caller = await clinic.as(email, undefined, controller.signal);
  const iterable = await caller.live.events({ patientIds: [patientId], meetingIds: [] } as never);
  return collect(iterable as AsyncIterable<unknown>, controller);
}

describe("live stream through emergency access", () => {
  it("refuses the topic without a grant; with one, delivers the team's changes but no psychotherapy note, and ends when the grant is ended", async () => {
    const refused = await subscribe(OUTSIDER);
    const physician = await clinic.as("physician@stepwise.test");
    const before = await physician.goals.create({ patientId, discipline: "physician", description: "Walk to the shop and back", measure: "minutes walking", target: "20", targetDate: new Date(Date.now() + 60 * 864e5) });
    await new Promise((r) => setTimeout(r, 500));
    expect(refused.messages.filter(isEvent)).toEqual([]);
    await refused.stop();
    const outsiderId = await clinic.userId(OUTSIDER);
    const deniedRow = (await listAudit(clinic.handle.db, { actorId: outsiderId, action: "live.events", limit: 10 })).find((r) => r.patientId === patientId);
    expect(deniedRow).toMatchObject({ outcome: "denied", detail: { reason: "not_on_care_team" } });

    const reyes = await clinic.as(OUTSIDER);
    const grant = await reyes.emergencyAccess.open({ patientId, reason: "urgent_consultation", reasonText, password: demoPassword });
    const stream = await subscribe(OUTSIDER);
    await stream.waitFor((m) => isEvent(m) && m.event.entityId === before.id);
    const psych = await clinic.as("psychologist@stepwise.test");
    const secret = await psych.psychNotes.create({ patientId, kind: "psychotherapy", body: "Private content that must stay with its author." });
    const shared = await psych.psychNotes.create({ patientId, kind: "shared_summary", body: "Shared: engaged and pacing well." });
    await stream.waitFor((m) => isEvent(m) && m.event.entityId === shared.id);
    expect(stream.messages.filter(isEvent).some((m) => m.event.entityId === secret.id)).toBe(false);
    expect(JSON.stringify(stream.messages)).not.toContain("Private content");
    const granted = (await listAudit(clinic.handle.db, { actorId: outsiderId, action: "live.events", limit: 10 })).find((r) => r.patientId === patientId && r.outcome === "success");
    expect(granted?.detail).toMatchObject({ through: "emergency_access", grantId: grant.id });

    // The care team's stream sees the grant open and end (the plan's banner re-reads on it).
    await reyes.emergencyAccess.end({ grantId: grant.id });
    await stream.waitFor((m) => m.type === "access_revoked" && m.patientId === patientId);
    const after = await physician.goals.create({ patientId, discipline: "physician", description: "Climb the stairs at home", measure: "flights", target: "2", targetDate: new Date(Date.now() + 60 * 864e5) });
    const team = await subscribe("pt@stepwise.test");
    await team.waitFor((m) => isEvent(m) && m.event.entityId === after.id);
    expect(team.messages.filter(isEvent).map((m) => m.event.eventType)).toEqual(expect.arrayContaining(["emergency_access.opened", "emergency_access.ended"]));
    await new Promise((r) => setTimeout(r, 300));
    expect(stream.messages.filter(isEvent).some((m) => m.event.entityId === after.id)).toBe(false);
    await Promise.all([stream.stop(), team.stop()]);
  });

  it("ends the patient's part of the stream when the grant expires", async () => {
    const outsiderId = await clinic.userId("pt2@stepwise.test");
    const grantedAt = new Date(Date.now() - 60 * 60_000 + 1_500);
    await insertRow(clinic.handle.db, schema.accessGrants, { patientId, userId: outsiderId, reason: "other", reasonText, emergency: false, grantedAt, expiresAt: new Date(grantedAt.getTime() + 60 * 60_000) });
    const controller = new AbortController();
    const caller = await clinic.as("pt2@stepwise.test", undefined, controller.signal);
    const stream = collect((await caller.live.events({ patientIds: [patientId], meetingIds: [] } as never)) as AsyncIterable<unknown>, controller);
    await stream.waitFor((m) => m.type === "presence");
    await stream.waitFor((m) => m.type === "access_revoked" && m.patientId === patientId, 15_000);
    await stream.stop();
  });
});
