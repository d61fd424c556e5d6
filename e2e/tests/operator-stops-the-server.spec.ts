import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { signInAs } from "./support";

// `npm start` itself (after the build, which this test does not repeat), on a spare port and a data
// folder of its own, stopped the two ways an operator stops it.
const port = 3190;
const base = `http://localhost:${port}`;
const root = path.resolve(import.meta.dirname, "../..");

function npmStart(dataDir: string) {
  const output: string[] = [];
  // Its own process group, as in a terminal: Ctrl+C there signals the whole group.
  const child = spawn("npm", ["start"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, STEPWISE_SKIP_BUILD: "1", STEPWISE_DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: "", NODE_ENV: "", AUTH_SECRET: "e2e-secret-0123456789-0123456789-0123456789" },
  });
  child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
  const exit = new Promise<number | string | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal)));
  return { child: child as ChildProcess & { pid: number }, output, exit };
}

async function waitHealthy() {
  for (let i = 0; i < 360; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the server did not come up");
}

/** A live stream as a browser tab holds it; records tRPC's named events (connected, serialized-error, return). */
function openLiveStream(cookie: string, patientId: string) {
  const events: string[] = [];
  const input = encodeURIComponent(JSON.stringify({ json: { patientIds: [patientId], meetingIds: [] } }));
  const ended = (async () => {
    const res = await fetch(`${base}/api/trpc/live.events?input=${input}`, { headers: { cookie, accept: "text/event-stream" } });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return "ended";
      buffer += decoder.decode(value, { stream: true });
      for (const line of buffer.split("\n").slice(0, -1)) if (line.startsWith("event:")) events.push(line.slice(6).trim());
      buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
    }
  })().catch((error: unknown) => `failed: ${String(error)}`);
  return { events, ended };
}

function portIsFree(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, () => probe.close(() => resolve(true)));
  });
}

function groupGone(pgid: number) {
  try {
    process.kill(-pgid, 0);
    return false;
  } catch {
    return true;
  }
}

const within = <T>(promise: Promise<T>, ms: number, late: string) => Promise.race([promise, new Promise<string>((r) => setTimeout(() => r(late), ms))]);

// A server that did not stop would hold the port for the tests after this one.
let running: { pgid: number; dataDir: string } | null = null;
test.afterEach(() => {
  if (!running) return;
  if (!groupGone(running.pgid)) process.kill(-running.pgid, "SIGKILL");
  fs.rmSync(running.dataDir, { recursive: true, force: true });
  running = null;
});

const ways = [
  { name: "SIGTERM to the npm process", stop: (pid: number) => process.kill(pid, "SIGTERM") },
  { name: "Ctrl+C (SIGINT to the terminal's process group)", stop: (pid: number) => process.kill(-pid, "SIGINT") },
];

for (const way of ways) {
  test(`npm start stops cleanly on ${way.name}, and demo:reset works after it`, async ({ browser }) => {
    test.setTimeout(240_000);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "stepwise-stop-"));
    const server = npmStart(path.join(dataDir, "pglite"));
    running = { pgid: server.child.pid, dataDir };
    await waitHealthy();

    const icon = await fetch(`${base}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/^image\//);
    expect((await icon.arrayBuffer()).byteLength).toBeGreaterThan(0);

    const context = await browser.newContext({ baseURL: base });
    // A server with a clinic of its own: the suite's saved sign-ins mean nothing here.
    await signInAs(await context.newPage(), "pt@stepwise.test");
    const cookie = (await context.cookies(base)).map((c) => `${c.name}=${c.value}`).join("; ");
    const list = await context.request.get(`${base}/api/trpc/patients.list?input=${encodeURIComponent(JSON.stringify({ json: { search: "Hollis", limit: 25, cursor: 0 } }))}`);
    const patientId = ((await list.json()) as { result: { data: { json: { items: { id: string }[] } } } }).result.data.json.items[0]!.id;
    const stream = openLiveStream(cookie, patientId);
    await expect.poll(() => stream.events).toContain("connected");
    expect(fs.existsSync(path.join(dataDir, "pglite.lock"))).toBe(true);

    const stoppedAt = Date.now();
    way.stop(server.child.pid);
    const code = await within(server.exit, 10_000, "still running after 10 s");
    expect(code, server.output.join("")).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(server.output.join("")).not.toMatch(/npm error/);

    // The stream was ended by the server with a retryable error (its client reconnects), not closed as finished.
    expect(await within(stream.ended, 5_000, "still open")).toBe("ended");
    expect(stream.events).toContain("serialized-error");
    expect(stream.events).not.toContain("return");
    await context.close();

    // Nothing of the tree is left: not npm, the start script, nor the Next server on the port.
    await expect.poll(() => groupGone(server.child.pid), { timeout: 5_000 }).toBe(true);
    expect(await portIsFree()).toBe(true);
    expect(fs.existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);

    const reset = spawnSync("npm", ["run", "demo:reset"], { cwd: root, encoding: "utf8", env: { ...process.env, STEPWISE_DATA_DIR: path.join(dataDir, "pglite"), DATABASE_URL: "", NODE_ENV: "" } });
    expect(reset.status, reset.stdout + reset.stderr).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "pglite"))).toBe(false);
  });
}
