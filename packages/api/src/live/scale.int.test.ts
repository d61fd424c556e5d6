import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestEventId } from "@stepwise/db";
import { countQueries, demoEmails, openSeededClinic, type Clinic } from "../test-support";
import { collect, type Received } from "../routers/live-test-support";
import { hubFor } from "./hub";

// Many open streams on one instance: what connecting them costs, what they cost while idle, what
// each holds in memory, and what delivering one event to all of them costs. Numbers are printed;
// the goals are asserted. LIVE_SCALE_STREAMS changes the count (500 by default).

const streamsWanted = Number(process.env.LIVE_SCALE_STREAMS ?? 500);
const idleSeconds = Number(process.env.LIVE_SCALE_IDLE_SECONDS ?? 12);
const { PHYSICIAN, PT } = demoEmails;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

let clinic: Clinic;
let patientId: string;
const open: Received[] = [];
beforeAll(async () => {
  clinic = await openSeededClinic();
  patientId = (await (await clinic.as(PHYSICIAN)).patients.list({ search: "Hollis" })).items[0]!.id;
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.stop()));
  await clinic?.close();
});

async function connect(count: number): Promise<Received[]> {
  await clinic.userId(PT); // signed in once, before the streams share the session
  const from = String(await latestEventId(clinic.handle.db, [patientId]));
  return Promise.all(
    Array.from({ length: count }, async () => {
      const controller = new AbortController();
      const caller = await clinic.as(PT, undefined, controller.signal);
      const stream = collect((await caller.live.events({ patientIds: [patientId], meetingIds: [], lastEventId: from })) as AsyncIterable<unknown>, controller);
      open.push(stream);
      return stream;
    }),
  );
}

const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

describe(`${streamsWanted} live streams on one instance`, () => {
  it("connect within 5 s, each shown the presence of the others", { timeout: 180_000 }, async () => {
    const heapBefore = heapUsed();
    const started = performance.now();
    const { value: streams, queries } = await countQueries(clinic.handle, async () => {
      const streams = await connect(streamsWanted);
      await Promise.all(streams.map((s) => s.waitFor((m) => m.type === "presence" && m.users.length > 0, 120_000)));
      return streams;
    });
    const connectMs = performance.now() - started;
    const perStream = (heapUsed() - heapBefore) / streamsWanted;
    console.log(`[live-scale] ${process.env.STEPWISE_TEST_DB ?? "pglite"}: ${streamsWanted} streams connected in ${connectMs.toFixed(0)} ms with ${queries} statements (${(queries / streamsWanted).toFixed(2)} per stream); heap ${(perStream / 1024).toFixed(1)} KB per stream, process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
    expect(streams.every((s) => s.error === undefined)).toBe(true);
    expect(connectMs).toBeLessThan(5_000);
    // One audit row per stream, written together; presence read once per debounce, not once per viewer.
    expect(queries).toBeLessThan(streamsWanted / 5);
    expect(perStream).toBeLessThan(50 * 1024);
  });

  it("cost no per-stream queries while idle: one session read and one presence refresh per interval for all", { timeout: 120_000 }, async () => {
    await sleep(1_000);
    const { queries, statements } = await countQueries(clinic.handle, () => sleep(idleSeconds * 1_000));
    console.log(`[live-scale] ${process.env.STEPWISE_TEST_DB ?? "pglite"}: ${streamsWanted} idle streams, ${queries} statements in ${idleSeconds} s (${(queries / idleSeconds).toFixed(2)}/s): ${[...new Set(statements.map((s) => s.slice(0, 40)))].join(" | ")}`);
    // A session read every 5 s, a presence refresh every 8 s: a handful, whatever the number of streams.
    expect(queries).toBeLessThanOrEqual(Math.ceil(idleSeconds / 5) + Math.ceil(idleSeconds / 8) + 2);
  });

  it("deliver one event to every stream, projected and serialised once per visibility class", { timeout: 120_000 }, async () => {
    const physician = await clinic.as(PHYSICIAN);
    const hub = hubFor(clinic.handle.db, clinic.bus);
    expect(hub.streamCount()).toBe(streamsWanted);
    const events = 10;
    const write = async (tag: string) => {
      const ids: string[] = [];
      const cpuBefore = process.cpuUsage();
      for (let i = 0; i < events; i++) ids.push((await physician.goals.create({ patientId, discipline: "physician", description: `${tag} ${i}`, measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) })).id);
      return { ids, cpuBefore };
    };
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const cpu = process.cpuUsage(since);
      return (cpu.user + cpu.system) / 1_000;
    };
    // The writes alone, with no stream on this patient's feed to deliver to (the same writes on another patient).
    const other = (await physician.patients.list({})).items.find((p) => p.id !== patientId)!.id;
    const alone = process.cpuUsage();
    for (let i = 0; i < events; i++) await physician.goals.create({ patientId: other, discipline: "physician", description: `alone ${i}`, measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
    const writesMs = cpuMs(alone);
    const started = performance.now();
    const { ids, cpuBefore } = await write("scale");
    await Promise.all(open.map((s) => s.waitFor((m) => m.type === "event" && m.event.entityId === ids.at(-1), 60_000)));
    const elapsed = performance.now() - started;
    const deliveryMs = cpuMs(cpuBefore) - writesMs;
    console.log(`[live-scale] ${process.env.STEPWISE_TEST_DB ?? "pglite"}: ${events} events to ${streamsWanted} streams in ${elapsed.toFixed(0)} ms; ${((deliveryMs / events / streamsWanted) * 1_000).toFixed(1)} µs CPU per event per stream beyond the writes (${writesMs.toFixed(0)} ms for the writes alone)`);
    for (const s of open) expect(s.messages.filter((m) => m.type === "event" && m.event.summary.includes("scale")).length).toBe(events);
    // The same object for every stream of the class: what the transformer serialises once.
    const first = open.map((s) => s.messages.find((m) => m.type === "event" && m.event.entityId === ids[0]));
    expect(new Set(first).size).toBe(1);
  });
});
