import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate } from "@stepwise/auth";
import { createBus, demoPassword, openDatabase, PgBus, type DatabaseHandle, type LiveBus } from "@stepwise/db";
import { createInnerContext } from "../context";
import { createCaller } from "../root";
import { openSeededClinic, type Clinic } from "../test-support";
import { collect } from "./live-test-support";
import type { LiveMessage } from "./live";

// Two server instances on one PostgreSQL: each with its own pool and its own listening connection.
let clinic: Clinic;
let instanceB: { handle: DatabaseHandle; bus: LiveBus };
let patientId: string;

beforeAll(async () => {
  clinic = await openSeededClinic();
  const handle = await openDatabase({ url: clinic.handle.url!, migrate: false });
  instanceB = { handle, bus: await createBus(handle) };
  patientId = (await (await clinic.as("physician@stepwise.test")).patients.list({ search: "Hollis" })).items[0]!.id;
});
afterAll(async () => {
  await instanceB?.bus.close();
  await instanceB?.handle.close();
  await clinic?.close();
});

async function subscribeOnB(email: string, lastEventId: string) {
  const r = await authenticate(instanceB.handle.db, { email, password: demoPassword });
  if (!r.ok) throw new Error("sign-in failed");
  const controller = new AbortController();
  const caller = createCaller(createInnerContext({ db: instanceB.handle.db, session: { user: r.user, sessionId: r.sessionId }, bus: instanceB.bus }), { signal: controller.signal });
  return collect((await caller.live.events({ patientIds: [patientId], lastEventId })) as AsyncIterable<unknown>, controller);
}

const isEvent = (m: LiveMessage): m is Extract<LiveMessage, { type: "event" }> => m.type === "event";
const goal = (description: string) => ({ patientId, discipline: "physician" as const, description, measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });

describe("live across instances (PostgreSQL LISTEN/NOTIFY)", () => {
  it("delivers an edit made through instance A to a stream on instance B", async () => {
    const start = String((await (await clinic.as("pt@stepwise.test")).carePlan.get({ patientId })).lastEventId);
    const stream = await subscribeOnB("pt@stepwise.test", start);
    await stream.waitFor((m) => m.type === "presence");
    const created = await (await clinic.as("physician@stepwise.test")).goals.create(goal("Across instances"));
    await stream.waitFor((m) => isEvent(m) && m.event.entityId === created.id, 5_000);
    await stream.stop();
  });

  it("catches up from plan_events after its listening connection drops", async () => {
    const start = String((await (await clinic.as("pt@stepwise.test")).carePlan.get({ patientId })).lastEventId);
    const stream = await subscribeOnB("pt@stepwise.test", start);
    await stream.waitFor((m) => m.type === "presence");
    const bus = instanceB.bus as PgBus;
    await bus.simulateDisconnect();
    // Written while B cannot hear NOTIFY: only the catch-up after reconnect can deliver it.
    const during = await (await clinic.as("physician@stepwise.test")).goals.create(goal("While disconnected"));
    await stream.waitFor((m) => isEvent(m) && m.event.entityId === during.id, 15_000);
    const ids = stream.trackedIds.map(Number);
    expect(new Set(ids).size).toBe(ids.length);
    await stream.stop();
  });
});
