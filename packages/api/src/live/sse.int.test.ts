import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import superjson from "superjson";
import { authenticate } from "@stepwise/auth";
import { demoPassword } from "@stepwise/db";
import { createInnerContext, type Context } from "../context";
import { handleTrpcRequest } from "../http";
import { openSeededClinic, type Clinic } from "../test-support";
import { handleLiveRequest, serveLiveRequest } from "./sse";
import { openStreams } from "./hub";

const origin = "http://localhost:3000";
let clinic: Clinic;
let patientId: string;
let ptSession: Context["session"];

beforeAll(async () => {
  clinic = await openSeededClinic();
  patientId = (await (await clinic.as("physician@stepwise.test")).patients.list({ search: "Hollis" })).items[0]!.id;
  const signedIn = await authenticate(clinic.handle.db, { email: "pt@stepwise.test", password: demoPassword });
  if (!signedIn.ok) throw new Error("sign-in failed");
  ptSession = { user: signedIn.user, sessionId: signedIn.sessionId };
});
afterAll(async () => {
  await clinic?.close();
});

interface Block {
  event?: string;
  data?: string;
  id?: string;
}

/** Reads an event stream's blocks as an EventSource would split them, until `until` holds. */
function reader(response: Response) {
  const blocks: Block[] = [];
  const stream = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let raw = "";
  const pump = (async () => {
    for (;;) {
      const { value, done } = await stream.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      const text = decoder.decode(value, { stream: true });
      raw += text;
      buffer += text;
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const lines = buffer.slice(0, cut).split("\n");
        buffer = buffer.slice(cut + 2);
        const block: Block = {};
        for (const line of lines) {
          const i = line.indexOf(":");
          if (i <= 0) continue;
          block[line.slice(0, i) as keyof Block] = line.slice(i + 1).replace(/^ /, "");
        }
        if (Object.keys(block).length > 0) blocks.push(block);
      }
    }
  })();
  return {
    blocks,
    raw: () => raw,
    async until(test: (b: Block) => boolean, timeoutMs = 10_000): Promise<Block> {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const found = blocks.find(test);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no matching block within ${timeoutMs} ms; got ${JSON.stringify(blocks)}`);
    },
    async cancel() {
      await stream.cancel();
      await pump;
    },
  };
}

const message = (b: Block) => (b.data ? (superjson.deserialize(JSON.parse(b.data)) as { type?: string; event?: { entityId: string; occurredAt: Date } }) : undefined);
const query = (input: unknown) => `input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
const context = (session: Context["session"]) => () => createInnerContext({ db: clinic.handle.db, session, bus: clinic.bus });
const openLive = (input: unknown, session: Context["session"] = ptSession, headers: Record<string, string> = {}, signal?: AbortSignal) =>
  handleLiveRequest(new Request(`${origin}/api/live/live.events?${query(input)}`, { headers: { accept: "text/event-stream", ...headers }, signal }), { createContext: context(session) });
const openTrpc = (input: unknown, signal?: AbortSignal) =>
  handleTrpcRequest(new Request(`${origin}/api/trpc/live.events?${query(input)}`, { headers: { accept: "text/event-stream" }, signal }), { createContext: context(ptSession) });

const waitUntil = async (test: () => boolean, timeoutMs = 5_000) => {
  const end = Date.now() + timeoutMs;
  while (!test() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return test();
};

describe("the live stream's own front door (/api/live)", () => {
  it("speaks tRPC's event-stream format: connected first, then the same messages as /api/trpc, each change tracked by its id", async () => {
    const start = (await (await clinic.as("pt@stepwise.test")).carePlan.get({ patientId })).lastEventId;
    const input = { patientIds: [patientId], meetingIds: [], lastEventId: String(start) };
    const live = await openLive(input);
    expect(live.status).toBe(200);
    expect(live.headers.get("content-type")).toBe("text/event-stream");
    expect(live.headers.get("cache-control")).toContain("no-transform");
    const viaTrpc = await openTrpc(input);
    const a = reader(live);
    const b = reader(viaTrpc);
    await a.until((x) => message(x)?.type === "presence");
    await b.until((x) => message(x)?.type === "presence");
    expect(a.blocks[0]).toEqual({ event: "connected", data: JSON.stringify({ reconnectAfterInactivityMs: 25_000 }) });

    const physician = await clinic.as("physician@stepwise.test");
    const goal = await physician.goals.create({ patientId, discipline: "physician", description: "Stairs without stopping", measure: "flights", target: "2", targetDate: new Date(Date.now() + 30 * 864e5) });
    const seen = (x: Block) => message(x)?.event?.entityId === goal.id;
    const [fromLive, fromTrpc] = await Promise.all([a.until(seen), b.until(seen)]);
    // The same text, the same id: the browser's link cannot tell the two doors apart.
    expect(fromLive).toEqual(fromTrpc);
    expect(Number(fromLive.id)).toBeGreaterThan(start);
    expect(message(fromLive)!.event!.occurredAt).toBeInstanceOf(Date);
    await Promise.all([a.cancel(), b.cancel()]);
  });

  it("resumes after the id the EventSource sends back when it reconnects (Last-Event-ID)", async () => {
    const pt = await clinic.as("pt@stepwise.test");
    const physician = await clinic.as("physician@stepwise.test");
    const from = (await pt.carePlan.get({ patientId })).lastEventId;
    const before = await physician.goals.create({ patientId, discipline: "physician", description: "Before the reconnect", measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
    const afterGoal = await physician.goals.create({ patientId, discipline: "physician", description: "After the reconnect", measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
    const first = reader(await openLive({ patientIds: [patientId], meetingIds: [], lastEventId: String(from) }));
    const beforeBlock = await first.until((x) => message(x)?.event?.entityId === before.id);
    await first.cancel();
    // The input still names the old id; the header (the browser's) wins, as on /api/trpc.
    const second = reader(await openLive({ patientIds: [patientId], meetingIds: [], lastEventId: String(from) }, ptSession, { "last-event-id": beforeBlock.id! }));
    await second.until((x) => message(x)?.event?.entityId === afterGoal.id);
    expect(second.blocks.some((x) => message(x)?.event?.entityId === before.id)).toBe(false);
    await second.cancel();
  });

  it("refuses a caller without a session with tRPC's serialized error, and runs nothing else", async () => {
    const response = await openLive({ patientIds: [patientId], meetingIds: [] }, null);
    const r = reader(response);
    const error = await r.until((x) => x.event === "serialized-error");
    expect((superjson.deserialize(JSON.parse(error.data!)) as { data: { code: string } }).data.code).toBe("UNAUTHORIZED");
    expect(r.blocks.some((x) => message(x)?.type === "presence")).toBe(false);
  });

  it("ends with tRPC's serialized UNAUTHORIZED error when the session is revoked mid-stream, and says nothing after it", async () => {
    const { logout } = await import("@stepwise/auth");
    const r = await authenticate(clinic.handle.db, { email: "psychologist@stepwise.test", password: demoPassword });
    if (!r.ok) throw new Error("sign-in failed");
    const stream = reader(await openLive({ patientIds: [patientId], meetingIds: [] }, { user: r.user, sessionId: r.sessionId }));
    await stream.until((x) => message(x)?.type === "presence");
    await logout(clinic.handle.db, r.sessionId);
    const wake = await (await clinic.as("physician@stepwise.test")).goals.create({ patientId, discipline: "physician", description: "Wake the stream", measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
    const error = await stream.until((x) => x.event === "serialized-error");
    expect((superjson.deserialize(JSON.parse(error.data!)) as { data: { code: string } }).data.code).toBe("UNAUTHORIZED");
    expect(stream.blocks.at(-1)).toBe(error);
    // The change written after the revocation never reached the ended session.
    expect(stream.blocks.some((x) => message(x)?.event?.entityId === wake.id)).toBe(false);
  });

  it("checks the input with the procedure's own schema and the wire guard", async () => {
    const bad = reader(await openLive({ patientIds: ["not-a-uuid"], meetingIds: [] }));
    const error = await bad.until((x) => x.event === "serialized-error");
    expect((superjson.deserialize(JSON.parse(error.data!)) as { data: { code: string } }).data.code).toBe("BAD_REQUEST");
    const hostile = await handleLiveRequest(new Request(`${origin}/api/live/live.events?input=${encodeURIComponent('{"json":{"__proto__":{"x":1},"patientIds":[],"meetingIds":[]}}')}`), { createContext: context(ptSession) });
    const refused = await reader(hostile).until((x) => x.event === "serialized-error");
    expect((superjson.deserialize(JSON.parse(refused.data!)) as { data: { code: string } }).data.code).toBe("BAD_REQUEST");
  });

  it("serves only the live subscription, only by GET", async () => {
    expect((await handleLiveRequest(new Request(`${origin}/api/live/patients.list?${query({})}`), { createContext: context(ptSession) })).status).toBe(404);
    expect((await handleLiveRequest(new Request(`${origin}/api/live/live.events`, { method: "POST", body: "{}" }), { createContext: context(ptSession) })).status).toBe(405);
  });

  it("ends the procedure (and its cleanup) when the client goes away", async () => {
    const streams = openStreams();
    const base = streams.size;
    const controller = new AbortController();
    const r = reader(await openLive({ patientIds: [patientId], meetingIds: [] }, ptSession, {}, controller.signal));
    await r.until((x) => message(x)?.type === "presence");
    expect(streams.size).toBe(base + 1);
    controller.abort();
    expect(await waitUntil(() => streams.size === base)).toBe(true);
    await r.cancel();
  });
});

describe("the same door on Node's own request and response (beside Next)", () => {
  let server: http.Server;
  let base: string;
  let session: Context["session"] = null;
  const passedOn: string[] = [];

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      if (serveLiveRequest(request, response, { createContext: () => context(session)(), headers: { "X-Content-Type-Options": "nosniff", "x-stepwise-instance": "a" } })) return;
      passedOn.push(`${request.method} ${request.url}`);
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("writes the same blocks as the web door, with the server's headers, and resumes after Last-Event-ID", async () => {
    session = ptSession;
    const pt = await clinic.as("pt@stepwise.test");
    const physician = await clinic.as("physician@stepwise.test");
    const from = (await pt.carePlan.get({ patientId })).lastEventId;
    const input = { patientIds: [patientId], meetingIds: [], lastEventId: String(from) };
    const response = await fetch(`${base}/api/live/live.events?${query(input)}`, { headers: { accept: "text/event-stream" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-stepwise-instance")).toBe("a");
    const viaWeb = reader(await openLive(input));
    const viaNode = reader(response);
    await viaNode.until((x) => message(x)?.type === "presence");
    await viaWeb.until((x) => message(x)?.type === "presence");
    expect(viaNode.blocks[0]).toEqual({ event: "connected", data: JSON.stringify({ reconnectAfterInactivityMs: 25_000 }) });
    const goal = await physician.goals.create({ patientId, discipline: "physician", description: "Through the Node door", measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
    const seen = (x: Block) => message(x)?.event?.entityId === goal.id;
    const [fromNode, fromWeb] = await Promise.all([viaNode.until(seen), viaWeb.until(seen)]);
    expect(fromNode).toEqual(fromWeb);
    await Promise.all([viaNode.cancel(), viaWeb.cancel()]);

    const later = await physician.goals.create({ patientId, discipline: "physician", description: "After the Node reconnect", measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5) });
    const resumed = reader(await fetch(`${base}/api/live/live.events?${query(input)}`, { headers: { "last-event-id": fromNode.id! } }));
    await resumed.until((x) => message(x)?.event?.entityId === later.id);
    expect(resumed.blocks.some((x) => message(x)?.event?.entityId === goal.id)).toBe(false);
    await resumed.cancel();
  });

  it("refuses a caller without a session with tRPC's serialized error and ends the response", async () => {
    session = null;
    const response = await fetch(`${base}/api/live/live.events?${query({ patientIds: [patientId], meetingIds: [] })}`);
    const text = await response.text();
    const blocks = text.split("\n\n").filter(Boolean);
    expect(blocks[0]).toBe(`event: connected\ndata: ${JSON.stringify({ reconnectAfterInactivityMs: 25_000 })}`);
    expect(blocks[1]).toMatch(/^event: serialized-error\ndata: /);
    expect((superjson.deserialize(JSON.parse(blocks[1]!.slice(blocks[1]!.indexOf("data: ") + 6))) as { data: { code: string } }).data.code).toBe("UNAUTHORIZED");
    expect(blocks).toHaveLength(2);
  });

  it("leaves everything but a GET of a live procedure to the server's other listener", async () => {
    passedOn.length = 0;
    await fetch(`${base}/api/live/live.events`, { method: "POST", body: "{}" });
    await fetch(`${base}/api/live/patients.list`);
    await fetch(`${base}/api/live/live.events/more`);
    await fetch(`${base}/api/trpc/live.events`);
    expect(passedOn).toEqual(["POST /api/live/live.events", "GET /api/live/patients.list", "GET /api/live/live.events/more", "GET /api/trpc/live.events"]);
  });

  it("ends the procedure (and its cleanup) when the client goes away, and when the server stops its streams", async () => {
    session = ptSession;
    const streams = openStreams();
    const base0 = streams.size;
    const controller = new AbortController();
    const r = reader(await fetch(`${base}/api/live/live.events?${query({ patientIds: [patientId], meetingIds: [] })}`, { signal: controller.signal }));
    await r.until((x) => message(x)?.type === "presence");
    expect(streams.size).toBe(base0 + 1);
    controller.abort();
    expect(await waitUntil(() => streams.size === base0)).toBe(true);

    // The server stopping ends the stream with its last event, and the response with it.
    const open = await fetch(`${base}/api/live/live.events?${query({ patientIds: [patientId], meetingIds: [] })}`);
    const stopped = reader(open);
    await stopped.until((x) => message(x)?.type === "presence");
    await streams.closeAll();
    const last = await stopped.until((x) => x.event === "serialized-error");
    expect(stopped.blocks.at(-1)).toBe(last);
    expect(await waitUntil(() => streams.size === base0)).toBe(true);
  });
});
