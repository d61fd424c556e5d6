import { beforeAll, describe, expect, it } from "vitest";
import { useSeededClinic } from "../test-clinic";
import { collect } from "./live-test-support";
import type { LiveMessage } from "./live";

const clinic = useSeededClinic();
let patientId: string;
beforeAll(async () => {
  patientId = (await (await clinic.as("physician@stepwise.test")).patients.list({ search: "Hollis" })).items[0]!.id;
});

const isEvent = (m: LiveMessage): m is Extract<LiveMessage, { type: "event" }> => m.type === "event";

async function subscribe(email: string, input: { patientIds: string[]; lastEventId?: string }) {
  const controller = new AbortController();
  const caller = await clinic.as(email, undefined, controller.signal);
  const iterable = await caller.live.events(input);
  return collect(iterable as AsyncIterable<unknown>, controller);
}

const ptItem = (title: string) => ({ patientId, kind: "physical_therapy" as const, ladderStep: 1 as const, discipline: "physical_therapist" as const, title, rationale: "Graded activity." });

describe("live.events", () => {
  it("delivers a colleague's change to an open stream, tracked by its event id", async () => {
    const start = (await (await clinic.as("pt@stepwise.test")).carePlan.get({ patientId })).lastEventId;
    const stream = await subscribe("pt@stepwise.test", { patientIds: [patientId], lastEventId: String(start) });
    await stream.waitFor((m) => m.type === "presence");
    const physician = await clinic.as("physician@stepwise.test");
    const goal = await physician.goals.create({ patientId, discipline: "physician", description: "Walk to the shop and back", measure: "minutes walking", target: "20", targetDate: new Date(Date.now() + 60 * 864e5) });
    const got = await stream.waitFor((m) => isEvent(m) && m.event.entityId === goal.id);
    expect(got).toMatchObject({ type: "event", event: { eventType: "goal.created", patientId } });
    expect(stream.trackedIds.at(-1)).toBe(String((got as Extract<LiveMessage, { type: "event" }>).event.id));
    await stream.stop();
  });

  it("shows presence of everyone with the patient open, and forgets them when they leave", async () => {
    const a = await subscribe("pt@stepwise.test", { patientIds: [patientId] });
    const b = await subscribe("physician@stepwise.test", { patientIds: [patientId] });
    const both = (m: LiveMessage) => m.type === "presence" && new Set(m.users.map((u) => u.name)).size >= 2;
    await a.waitFor(both);
    await b.stop();
    const physicianId = await clinic.userId("physician@stepwise.test");
    const gone = (m: LiveMessage) => m.type === "presence" && !m.users.some((u) => u.userId === physicianId);
    const before = a.messages.length;
    await expect(
      (async () => {
        for (let i = 0; i < 50; i++) {
          if (a.messages.slice(before).some(gone)) return true;
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;
      })(),
    ).resolves.toBe(true);
    await a.stop();
  });

  it("resumes after the last id it saw: nothing missed, nothing twice, in order", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const from = (await pt.carePlan.get({ patientId })).lastEventId;
    const first = await subscribe("physician@stepwise.test", { patientIds: [patientId], lastEventId: String(from) });
    const a = await pt.planItems.create(ptItem("Resume A"));
    await first.waitFor((m) => isEvent(m) && m.event.entityId === a.id);
    await first.stop();
    const resumeFrom = first.trackedIds.at(-1)!;
    // Changes while disconnected
    const b = await pt.planItems.create(ptItem("Resume B"));
    const c = await pt.planItems.create(ptItem("Resume C"));
    const second = await subscribe("physician@stepwise.test", { patientIds: [patientId], lastEventId: resumeFrom });
    await second.waitFor((m) => isEvent(m) && m.event.entityId === c.id);
    // A change after resuming goes through the shared feed: it must not bring back older rows.
    const d = await pt.planItems.create(ptItem("Resume D"));
    await second.waitFor((m) => isEvent(m) && m.event.entityId === d.id);
    const ids = [...first.trackedIds, ...second.trackedIds].map(Number);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    const seen = [...first.messages, ...second.messages].filter(isEvent).map((m) => m.event.entityId);
    expect(seen).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
    await second.stop();
  });

  it("never sends a psychotherapy note's event to anyone but its author", async () => {
    const start = String((await (await clinic.as("psychologist@stepwise.test")).carePlan.get({ patientId })).lastEventId);
    const others = await Promise.all(["physician@stepwise.test", "pt@stepwise.test", "coordinator@stepwise.test"].map((e) => subscribe(e, { patientIds: [patientId], lastEventId: start })));
    const author = await subscribe("psychologist@stepwise.test", { patientIds: [patientId], lastEventId: start });
    const psych = await clinic.as("psychologist@stepwise.test");
    const secret = await psych.psychNotes.create({ patientId, kind: "psychotherapy", body: "Private content that must stay with its author." });
    const shared = await psych.psychNotes.create({ patientId, kind: "shared_summary", body: "Shared: engaged and pacing well." });
    await author.waitFor((m) => isEvent(m) && m.event.entityId === secret.id);
    for (const s of others) {
      await s.waitFor((m) => isEvent(m) && m.event.entityId === shared.id);
      expect(s.messages.filter(isEvent).some((m) => m.event.entityId === secret.id)).toBe(false);
      expect(JSON.stringify(s.messages)).not.toContain("Private content");
    }
    await Promise.all([...others, author].map((s) => s.stop()));
  });

  it("stops a patient's events at once when the viewer leaves the care team", async () => {
    const start = String((await (await clinic.as("pt@stepwise.test")).carePlan.get({ patientId })).lastEventId);
    const stream = await subscribe("pt@stepwise.test", { patientIds: [patientId], lastEventId: start });
    await stream.waitFor((m) => m.type === "presence");
    const coordinator = await clinic.as("coordinator@stepwise.test");
    const ptId = await clinic.userId("pt@stepwise.test");
    await coordinator.careTeam.remove({ patientId, userId: ptId });
    await stream.waitFor((m) => m.type === "access_revoked" && m.patientId === patientId);
    const physician = await clinic.as("physician@stepwise.test");
    const after = await physician.goals.create({ patientId, discipline: "physician", description: "After removal", measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
    // A later event of the patient wakes the stream but must not reach it.
    await physician.goals.create({ patientId, discipline: "physician", description: "Second after removal", measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
    await new Promise((r) => setTimeout(r, 500));
    expect(stream.messages.filter(isEvent).some((m) => m.event.entityId === after.id)).toBe(false);
    await coordinator.careTeam.add({ patientId, userId: ptId });
    await stream.stop();
  });

  it("ends the stream when the session is revoked, with UNAUTHORIZED", async () => {
    const { authenticate, logout } = await import("@stepwise/auth");
    const { createInnerContext } = await import("../context");
    const { createCaller } = await import("../root");
    const r = await authenticate(clinic.handle.db, { email: "psychologist@stepwise.test", password: "stepwise-demo" });
    if (!r.ok) throw new Error("sign-in failed");
    const controller = new AbortController();
    const caller = createCaller(createInnerContext({ db: clinic.handle.db, session: { user: r.user, sessionId: r.sessionId }, bus: clinic.bus }), { signal: controller.signal });
    const stream = collect((await caller.live.events({ patientIds: [patientId] })) as AsyncIterable<unknown>, controller);
    await stream.waitFor((m) => m.type === "presence");
    await logout(clinic.handle.db, r.sessionId);
    await (await clinic.as("physician@stepwise.test")).goals.create({ patientId, discipline: "physician", description: "Wake the stream", measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
    for (let i = 0; i < 100 && !stream.error; i++) await new Promise((r2) => setTimeout(r2, 100));
    expect(stream.error).toMatchObject({ code: "UNAUTHORIZED" });
  });
});
