import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import superjson from "superjson";
import { authenticate } from "@stepwise/auth";
import { demoPassword, latestEventId } from "@stepwise/db";
import { createInnerContext, type Context } from "../context";
import { demoEmails, openSeededClinic, type Clinic } from "../test-support";
import { openStreams } from "./hub";
import { serveLiveRequest } from "./sse";

// Many live streams through the Node-level door over real HTTP, in one process: what each holds in
// the heap once connected (server side and this test's client sockets together, garbage collected
// before and after). LIVE_DOOR_STREAMS changes the count (300 by default).

const streamsWanted = Number(process.env.LIVE_DOOR_STREAMS ?? 300);
const { PHYSICIAN, PT } = demoEmails;
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

let clinic: Clinic;
let patientId: string;
let session: Context["session"];
let server: http.Server;
let port: number;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  clinic = await openSeededClinic();
  patientId = (await (await clinic.as(PHYSICIAN)).patients.list({ search: "Hollis" })).items[0]!.id;
  const signedIn = await authenticate(clinic.handle.db, { email: PT, password: demoPassword });
  if (!signedIn.ok) throw new Error("sign-in failed");
  session = { user: signedIn.user, sessionId: signedIn.sessionId };
  const options = { createContext: () => createInnerContext({ db: clinic.handle.db, session, bus: clinic.bus }), headers: { "X-Content-Type-Options": "nosniff" } };
  server = http.createServer((request, response) => {
    if (!serveLiveRequest(request, response, options)) response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await clinic?.close();
});

/** A bare socket asking for the stream; resolves once the stream has shown presence (its sign of being open). */
function openRaw(path: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    sockets.push(socket);
    let seen = false;
    socket.setEncoding("utf8");
    socket.on("data", (text: string) => {
      if (!seen && text.includes('"presence"')) {
        seen = true;
        resolve(socket);
      }
    });
    socket.on("error", reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
  });
}

describe(`${streamsWanted} live streams through the Node-level door`, () => {
  it("hold at most 50 KB of heap each, and end when their clients leave", { timeout: 180_000 }, async () => {
    const from = String(await latestEventId(clinic.handle.db, [patientId]));
    const input = encodeURIComponent(JSON.stringify(superjson.serialize({ patientIds: [patientId], meetingIds: [], lastEventId: from })));
    const path = `/api/live/live.events?input=${input}`;
    // One stream first: the hub, the feed and the class's shared state are not per stream.
    await openRaw(path);
    const before = heapUsed();
    const started = performance.now();
    await Promise.all(Array.from({ length: streamsWanted }, () => openRaw(path)));
    const connectMs = performance.now() - started;
    const perStream = (heapUsed() - before) / streamsWanted;
    console.log(`[live-door] ${process.env.STEPWISE_TEST_DB ?? "pglite"}: ${streamsWanted} streams over HTTP connected in ${connectMs.toFixed(0)} ms; heap ${(perStream / 1024).toFixed(1)} KB per stream (server and client sockets), process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
    expect(openStreams().size).toBe(streamsWanted + 1);
    expect(perStream).toBeLessThan(50 * 1024);

    for (const s of sockets.splice(0)) s.destroy();
    const end = Date.now() + 20_000;
    while (openStreams().size > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(openStreams().size).toBe(0);
  });
});
