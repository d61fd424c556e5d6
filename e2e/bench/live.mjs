// Live-layer benchmark: commit-to-receipt latency over real SSE streams of the production build,
// for 1, 10 and 100 subscribers, on one instance (PGlite and PostgreSQL) and across two instances
// (PostgreSQL LISTEN/NOTIFY); commit-to-render in a browser; the cost of many open streams
// (500 connected at once: time, memory per stream, statements per second while idle; RSS with
// 2,000 open); and a soak of many streams.
//
//   npm run bench:live                    (full: soak of 500 streams for 10 minutes)
//   BENCH_QUICK=1 npm run bench:live      (a few minutes: 10 writes per row, no browser, no soak)
//   BENCH_SOAK_MINUTES=1 BENCH_MANY_STREAMS=2000 BENCH_CONNECT_STREAMS=500 BENCH_IDLE_SECONDS=10
//   BENCH_READY_TIMEOUT_MS=60000   a stream not open by then counts as failed (reported, never waited on)
//   BENCH_COMPARE_TRPC=1           many-streams phase also through /api/trpc (tRPC's own door), same run
//   BENCH_PORT=3301                first of the three ports the instances listen on
//
// "Commit" is the event's own timestamp, taken inside the writing transaction, so a sample covers
// commit, NOTIFY, the subscriber's catch-up read, filtering and delivery. Ratios are against the
// same run's baseline: one subscriber on one PGlite instance.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { chromium } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "../..");
const quick = process.env.BENCH_QUICK === "1";
const writes = Number(process.env.BENCH_WRITES ?? (quick ? 10 : 30));
const soakMinutes = Number(process.env.BENCH_SOAK_MINUTES ?? (quick ? 0 : 10));
const browserProbe = process.env.BENCH_BROWSER ?? (quick ? "0" : "1");
const connectStreams = Number(process.env.BENCH_CONNECT_STREAMS ?? 500);
const manyStreams = Number(process.env.BENCH_MANY_STREAMS ?? 2000);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const portBase = Number(process.env.BENCH_PORT ?? 3301);
const soakStreams = Number(process.env.BENCH_SOAK_STREAMS ?? 500);
// How long a stream may take to be shown presence (its sign of being open) before it counts as failed.
const readyTimeoutMs = Number(process.env.BENCH_READY_TIMEOUT_MS ?? 60_000);
// The browser's door to the live stream; BENCH_COMPARE_TRPC=1 also measures the many-streams phase through tRPC's own (/api/trpc).
const livePath = process.env.BENCH_LIVE_PATH ?? "/api/live/live.events";
const trpcLivePath = "/api/trpc/live.events";
const compareTrpc = process.env.BENCH_COMPARE_TRPC === "1";
const pgBase = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const secret = "bench-secret-0123456789-0123456789-0123456789";
const servers = [];

function start(name, env) {
  const child = spawn("node", ["scripts/e2e-server.mjs"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, STEPWISE_DEMO: "1", AUTH_SECRET: secret, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  servers.push(child);
  return child;
}
async function stopAll() {
  for (const s of servers.splice(0)) {
    try {
      process.kill(-s.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1500));
  }
}
async function waitUp(base) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/login`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${base} did not start`);
}

/** next-auth credentials sign-in over HTTP; returns the Cookie header. */
async function signIn(base, email) {
  const jar = new Map();
  const keep = (res) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair.indexOf("=");
      jar.set(pair.slice(0, i), pair.slice(i + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = await csrfRes.json();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookie() },
    body: new URLSearchParams({ csrfToken, email, password: "stepwise-demo", callbackUrl: `${base}/` }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.endsWith("session-token"))) throw new Error(`sign-in failed for ${email}`);
  return cookie();
}

async function trpcQuery(base, cookie, procedure, input) {
  const res = await fetch(`${base}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers: { cookie } });
  if (!res.ok) throw new Error(`${procedure}: ${res.status}`);
  return (await res.json()).result.data.json;
}
async function trpcMutation(base, cookie, procedure, input) {
  const res = await fetch(`${base}/api/trpc/${procedure}`, { method: "POST", headers: { cookie, origin: base, "content-type": "application/json" }, body: JSON.stringify({ json: input }) });
  if (!res.ok) throw new Error(`${procedure}: ${res.status} ${await res.text()}`);
  return (await res.json()).result.data.json;
}

/**
 * One SSE stream; calls onEvent(event, receivedAtMs) for each tracked change-log event. `ready`
 * resolves true once the stream is shown presence, false when it ended or failed first or after
 * `readyTimeoutMs` (a refused or stalled connection never hangs the run).
 */
function openStream(base, cookie, patientId, lastEventId, onEvent, path = livePath) {
  const controller = new AbortController();
  let settle;
  const ready = new Promise((r) => (settle = r));
  const timer = setTimeout(() => settle(false), readyTimeoutMs);
  const connected = () => {
    clearTimeout(timer);
    settle(true);
  };
  const input = encodeURIComponent(JSON.stringify({ json: { patientIds: [patientId], meetingIds: [], lastEventId: String(lastEventId) } }));
  const done = (async () => {
    const res = await fetch(`${base}${path}?input=${input}`, { headers: { cookie, accept: "text/event-stream" }, signal: controller.signal });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      const now = Date.now();
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        // Keep-alive pings and the connected notice carry no change; only JSON data lines do.
        const data = block.split("\n").find((l) => l.startsWith("data:"))?.slice(5).trim();
        if (!data) continue;
        const payload = JSON.parse(data);
        const message = payload?.json ?? payload;
        if (message?.type === "presence") connected();
        if (message?.type === "event") onEvent(message.event, now);
      }
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      clearTimeout(timer);
      settle(false);
    });
  return { ready, close: () => controller.abort(), done };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

async function measure({ label, writerBase, readerBase, subscribers, cookieWriter, cookieReader, patientId }) {
  const samples = [];
  const tag = `bench ${label} ${subscribers}:`;
  const start = (await trpcQuery(readerBase, cookieReader, "carePlan.get", { patientId })).lastEventId;
  const streams = Array.from({ length: subscribers }, () =>
    openStream(readerBase, cookieReader, patientId, start, (event, at) => {
      if (event.summary.includes(tag)) samples.push(at - new Date(event.occurredAt).getTime());
    }),
  );
  const opened = (await Promise.all(streams.map((s) => s.ready))).filter(Boolean).length;
  if (opened < subscribers) console.error(`${label}, ${subscribers} subscribers: ${subscribers - opened} streams did not open within ${readyTimeoutMs / 1000} s`);
  for (let i = 0; i < writes; i++) {
    await trpcMutation(writerBase, cookieWriter, "goals.create", {
      patientId,
      discipline: "physician",
      description: `${tag} ${i}`,
      measure: "m",
      target: "t",
      targetDate: new Date(Date.now() + 864e5).toISOString().slice(0, 10),
    });
    await new Promise((r) => setTimeout(r, 60));
  }
  const expected = writes * opened;
  for (let i = 0; i < 200 && samples.length < expected; i++) await new Promise((r) => setTimeout(r, 50));
  streams.forEach((s) => s.close());
  return { label, subscribers, samples: samples.length, expected, p50: pct(samples, 50), p95: pct(samples, 95), p99: pct(samples, 99) };
}

async function browserRender(base, cookieWriter, patientId) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  const page = await browser.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel("Email").fill("pt@stepwise.test");
  await page.getByLabel("Password").fill("stepwise-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  await page.goto(`${base}/patients/${patientId}`);
  await page.getByTestId("presence").getByText("Live").waitFor();
  const samples = [];
  for (let i = 0; i < 10; i++) {
    const text = `render probe ${Date.now()}-${i}`;
    const seen = page.evaluate(
      (t) =>
        new Promise((resolve) => {
          const check = () => document.body.innerText.includes(t);
          if (check()) return resolve(performance.timeOrigin + performance.now());
          const obs = new MutationObserver(() => {
            if (check()) {
              obs.disconnect();
              resolve(performance.timeOrigin + performance.now());
            }
          });
          obs.observe(document.body, { childList: true, subtree: true, characterData: true });
        }),
      text,
    );
    const goal = await trpcMutation(base, cookieWriter, "goals.create", { patientId, discipline: "physician", description: text, measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5).toISOString().slice(0, 10) });
    const renderedAt = await seen;
    samples.push(renderedAt - new Date(goal.createdAt).getTime());
    await new Promise((r) => setTimeout(r, 200));
  }
  await browser.close();
  return { p50: pct(samples, 50), p95: pct(samples, 95), p99: pct(samples, 99), n: samples.length };
}

async function health(base) {
  return (await fetch(`${base}/api/health`)).json();
}

async function soak(base, cookieReader, cookieWriter, patientId) {
  const before = await health(base);
  const start = (await trpcQuery(base, cookieReader, "carePlan.get", { patientId })).lastEventId;
  let received = 0;
  const streams = Array.from({ length: soakStreams }, () => openStream(base, cookieReader, patientId, start, () => received++));
  const opened = (await Promise.all(streams.map((s) => s.ready))).filter(Boolean).length;
  if (opened < soakStreams) console.error(`soak: ${soakStreams - opened} streams did not open within ${readyTimeoutMs / 1000} s`);
  const connected = await health(base);
  const rss = [];
  const end = Date.now() + soakMinutes * 60_000;
  let i = 0;
  while (Date.now() < end) {
    await trpcMutation(base, cookieWriter, "goals.create", { patientId, discipline: "physician", description: `soak ${i++}`, measure: "m", target: "t", targetDate: new Date(Date.now() + 864e5).toISOString().slice(0, 10) });
    rss.push((await health(base)).rssBytes);
    await new Promise((r) => setTimeout(r, 5_000));
  }
  const held = await health(base);
  streams.forEach((s) => s.close());
  await new Promise((r) => setTimeout(r, 3_000));
  const after = await health(base);
  return {
    streams: soakStreams,
    minutes: soakMinutes,
    writes: i,
    deliveries: received,
    listenersBefore: before.liveStreams,
    listenersConnected: connected.liveStreams,
    listenersAfter: after.liveStreams,
    rssConnectedMb: +(connected.rssBytes / 2 ** 20).toFixed(1),
    rssEndMb: +(held.rssBytes / 2 ** 20).toFixed(1),
    growthMb: +((held.rssBytes - connected.rssBytes) / 2 ** 20).toFixed(1),
    rssMaxMb: +(Math.max(...rss) / 2 ** 20).toFixed(1),
  };
}

/** Transactions PostgreSQL has counted for one database (autocommit statements and transactions alike). */
async function transactionsOf(url) {
  const require = createRequire(path.join(root, "packages/db/package.json"));
  const pg = require("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_stat_clear_snapshot()");
    const { rows } = await client.query("SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()");
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}

/**
 * Connects `connectStreams` streams at once (time until every one was shown presence), reads the
 * memory they added, counts the database's statements while they sit idle, then opens more up to
 * `manyStreams` and reads the RSS.
 */
async function manyOpen(label, base, cookie, patientId, pgUrl, path = livePath) {
  const start = (await trpcQuery(base, cookie, "carePlan.get", { patientId })).lastEventId;
  await new Promise((r) => setTimeout(r, 2_000));
  const before = await health(base);
  const started = Date.now();
  const streams = Array.from({ length: connectStreams }, () => openStream(base, cookie, patientId, start, () => {}, path));
  const connectedCount = (await Promise.all(streams.map((s) => s.ready))).filter(Boolean).length;
  const connectS = ((Date.now() - started) / 1000).toFixed(1) + (connectedCount < connectStreams ? ` (${connectedCount} opened)` : "");
  await new Promise((r) => setTimeout(r, 2_000));
  const connected = await health(base);
  let idlePerS = "n/a";
  if (pgUrl) {
    const t0 = await transactionsOf(pgUrl);
    await new Promise((r) => setTimeout(r, idleSeconds * 1_000));
    const t1 = await transactionsOf(pgUrl);
    idlePerS = ((t1 - t0 - 1) / idleSeconds).toFixed(1);
  }
  const more = Array.from({ length: Math.max(0, manyStreams - connectStreams) }, () => openStream(base, cookie, patientId, start, () => {}, path));
  const moreCount = (await Promise.all(more.map((s) => s.ready))).filter(Boolean).length;
  await new Promise((r) => setTimeout(r, 2_000));
  const loaded = await health(base);
  for (const s of [...streams, ...more]) s.close();
  await new Promise((r) => setTimeout(r, 3_000));
  return {
    label,
    connectS,
    rssPerStreamKb: ((connected.rssBytes - before.rssBytes) / Math.max(1, connectedCount) / 1024).toFixed(0),
    heapPerStreamKb: ((connected.heapUsedBytes - before.heapUsedBytes) / Math.max(1, connectedCount) / 1024).toFixed(0),
    idlePerS,
    rssManyMb: (loaded.rssBytes / 2 ** 20).toFixed(0) + (connectedCount + moreCount < Math.max(manyStreams, connectStreams) ? ` (${connectedCount + moreCount} open)` : ""),
  };
}

const fmt = (r) => `| ${r.label} | ${r.subscribers} | ${r.samples}/${r.expected} | ${r.p50} | ${r.p95} | ${r.p99} |`;

async function main() {
  if (!fs.existsSync(path.join(root, "apps/web/.next/BUILD_ID"))) {
    spawnSync("npx", ["--yes", "pnpm@10.34.9", "exec", "turbo", "run", "build", "--filter", "@stepwise/web"], { cwd: root, stdio: "inherit" });
  }
  const rows = [];
  const pglite = `http://localhost:${portBase}`;
  start("pglite", { STEPWISE_DATA_DIR: path.join(root, ".data/bench-pglite"), DATABASE_URL: "", PORT: String(portBase) });
  const pgUrl = new URL(pgBase);
  pgUrl.pathname = `/${process.env.BENCH_LIVE_DB ?? "stepwise_bench_live"}`;
  const pgA = `http://localhost:${portBase + 1}`;
  const pgB = `http://localhost:${portBase + 2}`;
  start("postgres", { DATABASE_URL: pgUrl.toString(), E2E_PORTS: `${portBase + 1},${portBase + 2}` });
  await Promise.all([waitUp(pglite), waitUp(pgA), waitUp(pgB)]);

  const setup = async (base) => {
    const writer = await signIn(base, "physician@stepwise.test");
    const reader = await signIn(base, "pt@stepwise.test");
    const patientId = (await trpcQuery(base, reader, "patients.list", { search: "Hollis", limit: 25, cursor: 0 })).items[0].id;
    return { writer, reader, patientId };
  };
  const p = await setup(pglite);
  const a = await setup(pgA);
  const readerB = await signIn(pgB, "pt@stepwise.test");

  for (const n of [1, 10, 100]) {
    rows.push(await measure({ label: "one instance, PGlite", writerBase: pglite, readerBase: pglite, subscribers: n, cookieWriter: p.writer, cookieReader: p.reader, patientId: p.patientId }));
    rows.push(await measure({ label: "one instance, PostgreSQL", writerBase: pgA, readerBase: pgA, subscribers: n, cookieWriter: a.writer, cookieReader: a.reader, patientId: a.patientId }));
    rows.push(await measure({ label: "two instances, PostgreSQL (write A, read B)", writerBase: pgA, readerBase: pgB, subscribers: n, cookieWriter: a.writer, cookieReader: readerB, patientId: a.patientId }));
  }
  const baseline = rows[0].p50;
  console.log("\nCommit-to-receipt latency over SSE (ms)\n");
  console.log("| setup | subscribers | samples | p50 | p95 | p99 | p95 ÷ baseline p50 | p95 ÷ this setup's 1-subscriber p95 |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    const floor = rows.find((f) => f.label === r.label && f.subscribers === 1);
    console.log(`${fmt(r)} ${(r.p95 / baseline).toFixed(1)}× | ${(r.p95 / floor.p95).toFixed(1)}× |`);
  }
  console.log(`\nBaseline: one PGlite instance, one subscriber, p50 ${baseline} ms.`);

  if (connectStreams > 0) {
    const many = [await manyOpen(`PGlite, ${livePath}`, pglite, p.reader, p.patientId, null), await manyOpen(`PostgreSQL, ${livePath}`, pgA, a.reader, a.patientId, pgUrl.toString())];
    if (compareTrpc) many.push(await manyOpen(`PGlite, ${trpcLivePath}`, pglite, p.reader, p.patientId, null, trpcLivePath), await manyOpen(`PostgreSQL, ${trpcLivePath}`, pgA, a.reader, a.patientId, pgUrl.toString(), trpcLivePath));
    console.log(`\nMany open streams on one instance (${connectStreams} connected at once, then ${manyStreams} in all)\n`);
    console.log(`| database, door | connect ${connectStreams} (s) | memory per stream (KB RSS) | heap per stream (KB) | idle statements/s (${connectStreams} open) | RSS with ${manyStreams} open (MB) |`);
    console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (const m of many) console.log(`| ${m.label} | ${m.connectS} | ${m.rssPerStreamKb} | ${m.heapPerStreamKb} | ${m.idlePerS} | ${m.rssManyMb} |`);
    console.log("Heap per stream: heapUsed before and after, garbage included (no collection is forced); goals: ≤ 50 KB per stream, 2,000 streams under 300 MB RSS, 500 connected in ≤ 5 s.");
    console.log("Idle statements: transactions the database counted (pg_stat_database) over the idle window, both instances' bus heartbeats included; PGlite has no outside counter.");
  }

  if (browserProbe === "1") await renderTable(pglite, pgB, p, a);
  if (soakMinutes > 0) {
    const s = await soak(pglite, p.reader, p.writer, p.patientId);
    console.log(`\nSoak: ${s.streams} streams on one instance for ${s.minutes} min, ${s.writes} writes, ${s.deliveries} deliveries`);
    console.log(`  RSS with all connected ${s.rssConnectedMb} MB → at end ${s.rssEndMb} MB (growth ${s.growthMb} MB, max ${s.rssMaxMb} MB)`);
    console.log(`  live streams (bus listeners): before ${s.listenersBefore}, connected ${s.listenersConnected}, after disconnect ${s.listenersAfter}`);
  }
}

async function renderTable(pglite, pgB, p, a) {
  const renderPglite = await browserRender(pglite, p.writer, p.patientId);
  const renderPg = await browserRender(pgB, a.writer, a.patientId);
  console.log("\nCommit-to-render in Chromium (ms; commit = row created, render = text in the DOM)\n");
  console.log("| setup | n | p50 | p95 | p99 |\n| --- | ---: | ---: | ---: | ---: |");
  console.log(`| one instance, PGlite | ${renderPglite.n} | ${renderPglite.p50.toFixed(0)} | ${renderPglite.p95.toFixed(0)} | ${renderPglite.p99.toFixed(0)} |`);
  console.log(`| two instances, PostgreSQL (write A, browser on B) | ${renderPg.n} | ${renderPg.p50.toFixed(0)} | ${renderPg.p95.toFixed(0)} | ${renderPg.p99.toFixed(0)} |`);
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(stopAll);
