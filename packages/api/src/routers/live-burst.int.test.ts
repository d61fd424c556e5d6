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

describe("live.events under a burst of writes", () => {
  it("delivers every one of 30 back-to-back changes to each of 5 streams, once, in order", async () => {
    const start = String((await (await clinic.as("pt@stepwise.test")).carePlan.get({ patientId })).lastEventId);
    const streams = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const controller = new AbortController();
        const caller = await clinic.as("pt@stepwise.test", undefined, controller.signal);
        return collect((await caller.live.events({ patientIds: [patientId], lastEventId: start })) as AsyncIterable<unknown>, controller);
      }),
    );
    await Promise.all(streams.map((s) => s.waitFor((m) => m.type === "presence")));
    const physician = await clinic.as("physician@stepwise.test");
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const g = await physician.goals.create({ patientId, discipline: "physician", description: `Burst ${i}`, measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
      ids.push(g.id);
    }
    for (const s of streams) {
      await s.waitFor((m) => isEvent(m) && m.event.entityId === ids.at(-1));
      const got = s.messages.filter(isEvent).map((m) => m.event.entityId).filter((id) => ids.includes(id));
      expect(got).toEqual(ids);
      const tracked = s.trackedIds.map(Number);
      expect([...tracked].sort((a, b) => a - b)).toEqual(tracked);
      // Nothing the client already had (at or before its resume point) is sent again.
      expect(tracked.every((id) => id > Number(start))).toBe(true);
      expect(new Set(tracked).size).toBe(tracked.length);
    }
    await Promise.all(streams.map((s) => s.stop()));
  });
});
