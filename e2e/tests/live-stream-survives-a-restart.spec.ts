import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test, type APIRequestContext, type BrowserContext } from "@playwright/test";
import { signInAs } from "./support";

// This journey owns its server: it kills and restarts it in the middle of a stream of edits.
const port = 3103;
const base = `http://localhost:${port}`;
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = path.join(root, ".data", "e2e-resume-pglite");

function startServer(keep: boolean): ChildProcess {
  return spawn("node", ["scripts/e2e-server.mjs"], {
    cwd: root,
    detached: true,
    stdio: "ignore",
    env: { ...process.env, STEPWISE_DEMO: "1", STEPWISE_DATA_DIR: dataDir, AUTH_SECRET: "e2e-secret-0123456789-0123456789-0123456789", DATABASE_URL: "", NODE_ENV: "production", PORT: String(port), STEPWISE_E2E_KEEP: keep ? "1" : "0" },
  });
}

async function waitUp() {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${base}/login`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start");
}

async function stopServer(server: ChildProcess) {
  const exited = new Promise((r) => server.once("exit", r));
  process.kill(-server.pid!, "SIGTERM");
  await exited;
  for (let i = 0; i < 60; i++) {
    try {
      await fetch(`${base}/login`);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A Node-side SSE reader of the tab's live stream: records every tracked event id it receives. */
function openStream(cookie: string, patientId: string, lastEventId: string | null, ids: number[]) {
  const controller = new AbortController();
  const input = encodeURIComponent(JSON.stringify({ json: { patientIds: [patientId], meetingIds: [], lastEventId } }));
  const done = (async () => {
    // The door the browser uses (/api/live; /api/trpc serves the same stream too).
    const res = await fetch(`${base}/api/live/live.events?input=${input}`, { headers: { cookie, accept: "text/event-stream" }, signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const lines = block.split("\n");
        // Named events are tRPC's own (connected, ping, restore-id after an untracked message): not changes.
        if (lines.some((l) => l.startsWith("event:"))) continue;
        const id = lines.find((l) => l.startsWith("id:"))?.slice(3).trim();
        if (id) ids.push(Number(id));
      }
    }
  })().catch(() => undefined);
  return { close: () => controller.abort(), done };
}

async function call(request: APIRequestContext, procedure: string, input: unknown) {
  const res = await request.post(`${base}/api/trpc/${procedure}`, { data: { json: input }, headers: { origin: base, "content-type": "application/json" } });
  expect(res.ok(), `${procedure}: ${res.status()} ${await res.text()}`).toBe(true);
  return ((await res.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

async function query(request: APIRequestContext, procedure: string, input: unknown) {
  const res = await request.get(`${base}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`);
  expect(res.ok(), `${procedure}: ${res.status()}`).toBe(true);
  return ((await res.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

const cookieHeader = async (context: BrowserContext) => (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join("; ");

test("a live stream resumes after a server restart: every visible event, none twice, in order", async ({ browser }) => {
  test.setTimeout(240_000);
  let server = startServer(false);
  try {
    await waitUp();
    const doc = await browser.newContext({ baseURL: base });
    const pt = await browser.newContext({ baseURL: base });
    // A server with a clinic of its own: the suite's saved sign-ins mean nothing here.
    await signInAs(await doc.newPage(), "physician@stepwise.test");
    await signInAs(await pt.newPage(), "pt@stepwise.test");
    const list = (await query(pt.request, "patients.list", { search: "Hollis", limit: 25, cursor: 0 })) as { items: { id: string }[] };
    const patientId = list.items[0]!.id;
    const start = ((await query(pt.request, "carePlan.get", { patientId })) as { lastEventId: number }).lastEventId;

    const received: number[] = [];
    const goal = (n: number) => ({ patientId, discipline: "physician", description: `Resume check ${n}`, measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5).toISOString().slice(0, 10) });
    let stream = openStream(await cookieHeader(pt), patientId, String(start), received);
    for (let n = 0; n < 4; n++) await call(doc.request, "goals.create", goal(n));
    await expect.poll(() => received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);

    // Kill the server mid-stream, restart it on the same data, and write more.
    await stopServer(server);
    await stream.done;
    server = startServer(true);
    await waitUp();
    const resumeFrom = String(received.at(-1));
    stream = openStream(await cookieHeader(pt), patientId, resumeFrom, received);
    for (let n = 4; n < 8; n++) await call(doc.request, "goals.create", goal(n));
    // A private event the PT may not see is written in between (psychotherapy note by the psychologist).
    const psych = await browser.newContext({ baseURL: base });
    await signInAs(await psych.newPage(), "psychologist@stepwise.test");
    await call(psych.request, "psychNotes.create", { patientId, kind: "psychotherapy", body: "private" });
    await call(doc.request, "goals.create", goal(8));

    // What the PT may see, from the database through the API's own filter.
    const visible: number[] = [];
    let cursor: number | undefined;
    for (;;) {
      const page = (await query(pt.request, "timeline.list", { patientId, limit: 100, ...(cursor ? { cursor } : {}) })) as { items: { id: number }[]; nextCursor: number | null };
      visible.push(...page.items.map((e) => Number(e.id)).filter((id) => id > start));
      if (!page.nextCursor || page.items.every((e) => Number(e.id) <= start)) break;
      cursor = page.nextCursor;
    }
    visible.sort((a, b) => a - b);
    await expect.poll(() => visible.every((id) => received.includes(id)), { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    stream.close();
    expect(received, `resumed from ${resumeFrom}; received ${received.join(",")}`).toEqual(visible);
    expect(new Set(received).size).toBe(received.length);
  } finally {
    await stopServer(server).catch(() => undefined);
  }
});
