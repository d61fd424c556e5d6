/**
 * `npm run bench`: the hot procedures of a clinic-scale data set on PostgreSQL, side by side with the
 * 40-patient demo clinic measured in the same run. Procedures are called through the real tRPC
 * caller with a signed-in session, as the server would call them.
 * Then tRPC's own cost: one hot call over HTTP through tRPC against a bare handler (bench-overhead.ts).
 *
 *   npm run bench                        10,000 patients
 *   npm run bench -- --patients 100000   the big clinic
 *   options: --fresh (rebuild the data), --iterations N (default 30), --warmup N (default 5),
 *            --database-prefix P (databases P_demo and P_<patients>; default stepwise_bench),
 *            --only TEXT (only the cases whose name contains TEXT; repeatable),
 *            --explain-each (the plan of every case's slowest read, for profiling)
 *   npm run bench -- --only overhead     only tRPC against a bare handler, on the demo clinic alone
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import superjson from "superjson";
import { authenticate, hashPassword } from "@stepwise/auth";
import * as dbModule from "@stepwise/db";
import { demoPassword, seedDemo, type DatabaseHandle } from "@stepwise/db";
import { generateClinic, openBenchDatabase, withOwnerClient, type BenchDatabase, type ClinicManifest } from "@stepwise/db/bench";
import { createInnerContext } from "../context";
import { createCaller } from "../root";
import { countQueries } from "../test-support";
import { measureOverhead, type OverheadStats } from "./bench-overhead";

type Caller = ReturnType<typeof createCaller>;

interface Args {
  patients: number;
  fresh: boolean;
  iterations: number;
  warmup: number;
  prefix: string;
  /** Only the cases whose name contains one of these (all when empty). */
  only: string[];
  /** The plan of every case's slowest read, not only the slowest case's. */
  explainEach: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { patients: 10_000, fresh: false, iterations: 30, warmup: 5, prefix: "stepwise_bench", only: [], explainEach: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 1) throw new Error(`${a} needs a positive number`);
      return Math.floor(v);
    };
    if (a === "--patients") args.patients = next();
    else if (a === "--iterations") args.iterations = next();
    else if (a === "--warmup") args.warmup = next();
    else if (a === "--fresh") args.fresh = true;
    else if (a === "--explain-each") args.explainEach = true;
    else if (a === "--only") args.only.push(argv[++i] ?? "");
    else if (a === "--database-prefix") {
      args.prefix = argv[++i] ?? "";
      if (!/^[a-z_][a-z0-9_]{0,40}$/.test(args.prefix)) throw new Error("--database-prefix needs a lower-case name (letters, digits, _)");
    }
    else if (a === "--") continue;
    else throw new Error(`Unknown option ${a} (use --patients N, --fresh, --iterations N, --warmup N, --database-prefix P, --only TEXT, --explain-each)`);
  }
  return args;
}

const rootDir = path.resolve(import.meta.dirname, "../../../..");

/** The commit measured, and whether the working tree differs from it (unknown outside a git checkout). */
function codeVersion(): string {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: rootDir, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return "code outside a git checkout";
  const dirty = git("status", "--porcelain", "--untracked-files=no").stdout.trim() !== "";
  return `commit ${head.stdout.trim()}${dirty ? " with uncommitted changes" : ""}`;
}

interface Side {
  name: string;
  bench: BenchDatabase<ClinicManifest>;
  /** The clinical clock of this data set: the moment it was built, moving with the run. */
  now: () => Date;
  callers: Map<string, Caller>;
  sessions: Map<string, NonNullable<Parameters<typeof createInnerContext>[0]["session"]>>;
}

/**
 * A side's clock starts where the data set's last left off: when it was built, or the latest instant
 * a summary was computed for in an earlier run, whichever is later. Started earlier, it would find
 * those summaries computed "in the future" and recompute them on every run.
 */
async function openSide(name: string, bench: BenchDatabase<ClinicManifest>): Promise<Side> {
  const latest = await withOwnerClient(bench.ownerUrl, async (client) => (await client.query(`SELECT max(computed_at) AS at FROM patient_summaries`)).rows[0]?.at as Date | null);
  const start = Math.max(new Date(bench.meta.builtAt).getTime(), latest ? new Date(latest).getTime() : 0);
  const runStart = Date.now();
  return { name, bench, now: () => new Date(start + (Date.now() - runStart)), callers: new Map(), sessions: new Map() };
}

/** A signed-in session of the demo password's user, one per side and address. */
async function sessionFor(side: Side, email: string) {
  let session = side.sessions.get(email);
  if (!session) {
    const result = await authenticate(side.bench.handle.db, { email, password: demoPassword });
    if (!result.ok) throw new Error(`sign-in failed for ${email} in ${side.name}: ${result.reason}`);
    if (!("user" in result) || !("sessionId" in result)) throw new Error(`sign-in for ${email} in ${side.name} asks for another step`);
    session = { user: result.user, sessionId: result.sessionId };
    side.sessions.set(email, session);
  }
  return session;
}

async function callerFor(side: Side, email: string): Promise<Caller> {
  let caller = side.callers.get(email);
  if (!caller) {
    caller = createCaller(createInnerContext({ db: side.bench.handle.db, session: await sessionFor(side, email), now: side.now }));
    side.callers.set(email, caller);
  }
  return caller;
}

interface Case {
  name: string;
  /** Which sign-in and input on each side. */
  demo: (m: ClinicManifest) => Call;
  clinic: (m: ClinicManifest) => Call;
  goal: Goal;
}
interface Call {
  who: string;
  run: (caller: Caller) => Promise<unknown>;
}
type Goal =
  | { kind: "home" } // p95 ≤ 30 ms, ≤ 1.5× the demo, response ≤ 1.5× the demo's bytes (paged)
  | { kind: "demoRatio"; factor: number; on: "p50" | "p95" }
  | { kind: "vsCase"; base: string; factor: number }; // time and bytes within factor× of another case of the clinic

interface Stats {
  p50: number;
  p95: number;
  bytes: number;
  queries: number | null;
  /** For a paged answer ({ items, total }): how many it shows of how many. */
  page: { shown: number; total: number } | null;
}

function pageOf(result: unknown): Stats["page"] {
  const r = result as { items?: unknown; total?: unknown } | null;
  return r && Array.isArray(r.items) && typeof r.total === "number" ? { shown: r.items.length, total: r.total } : null;
}

/**
 * Both sides of one case, their calls interleaved (demo, clinic, clinic, demo, …): a burst of load
 * on a shared machine falls on both alike, so the ratio stays the ratio of the code's costs.
 */
async function measurePair(sides: readonly [Side, Side], calls: readonly [Call, Call], args: Args): Promise<[Stats, Stats]> {
  const callers = [await callerFor(sides[0], calls[0].who), await callerFor(sides[1], calls[1].who)] as const;
  const last: unknown[] = [undefined, undefined];
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < args.warmup; i++) {
    for (const k of [0, 1] as const) last[k] = await calls[k].run(callers[k]);
  }
  for (let i = 0; i < args.iterations; i++) {
    for (const k of i % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const)) {
      const t0 = performance.now();
      last[k] = await calls[k].run(callers[k]);
      times[k].push(performance.now() - t0);
    }
  }
  const stats = async (k: 0 | 1): Promise<Stats> => {
    const sorted = [...times[k]].sort((a, b) => a - b);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    const counted = await countQueries(sides[k].bench.handle, () => calls[k].run(callers[k])).catch(() => null);
    return { p50: pct(50), p95: pct(95), bytes: Buffer.byteLength(superjson.stringify(last[k])), queries: counted?.queries ?? null, page: pageOf(last[k]) };
  };
  return [await stats(0), await stats(1)];
}

const cases: Case[] = [
  {
    name: "worklist.mine — physician (home)",
    demo: (m) => ({ who: m.bigPhysician.email, run: worklistHome }),
    clinic: (m) => ({ who: m.bigPhysician.email, run: worklistHome }),
    goal: { kind: "home" },
  },
  {
    name: "worklist.mine — coordinator (home)",
    demo: (m) => ({ who: m.bigCoordinator.email, run: worklistHome }),
    clinic: (m) => ({ who: m.bigCoordinator.email, run: worklistHome }),
    goal: { kind: "home" },
  },
  {
    name: "meetings.list — coordinator (home)",
    demo: (m) => ({ who: m.bigCoordinator.email, run: (c) => c.meetings.list({}) }),
    clinic: (m) => ({ who: m.bigCoordinator.email, run: (c) => c.meetings.list({}) }),
    goal: { kind: "demoRatio", factor: 1.5, on: "p95" },
  },
  {
    name: "actionItems.overdue — coordinator (home)",
    demo: (m) => ({ who: m.bigCoordinator.email, run: (c) => c.actionItems.overdue({}) }),
    clinic: (m) => ({ who: m.bigCoordinator.email, run: (c) => c.actionItems.overdue({}) }),
    goal: { kind: "demoRatio", factor: 1.5, on: "p95" },
  },
  {
    name: "patients.list first page — coordinator (home)",
    demo: (m) => ({ who: m.bigCoordinator.email, run: (c) => c.patients.list({ limit: 25, cursor: 0 }) }),
    clinic: (m) => ({ who: m.bigCoordinator.email, run: (c) => c.patients.list({ limit: 25, cursor: 0 }) }),
    goal: { kind: "demoRatio", factor: 1.5, on: "p95" },
  },
  {
    name: "worklist.mine — PT (home)",
    demo: (m) => ({ who: m.therapist.email, run: worklistHome }),
    clinic: (m) => ({ who: m.therapist.email, run: worklistHome }),
    goal: { kind: "home" },
  },
  {
    name: "worklist.schedule — PT (home)",
    demo: (m) => ({ who: m.therapist.email, run: (c) => c.worklist.schedule() }),
    clinic: (m) => ({ who: m.therapist.email, run: (c) => c.worklist.schedule() }),
    goal: { kind: "demoRatio", factor: 1.5, on: "p95" },
  },
  {
    name: "worklist.mine — psychologist (home)",
    demo: (m) => ({ who: m.psychologist.email, run: worklistHome }),
    clinic: (m) => ({ who: m.psychologist.email, run: worklistHome }),
    goal: { kind: "home" },
  },
  {
    name: "patients.list search by name — coordinator",
    demo: (m) => ({ who: m.search.coordinatorEmail, run: (c) => c.patients.list({ search: m.search.name, limit: 25, cursor: 0 }) }),
    clinic: (m) => ({ who: m.search.coordinatorEmail, run: (c) => c.patients.list({ search: m.search.name, limit: 25, cursor: 0 }) }),
    goal: { kind: "demoRatio", factor: 1.2, on: "p50" },
  },
  {
    name: "patients.list search by MRN — coordinator",
    demo: (m) => ({ who: m.search.coordinatorEmail, run: (c) => c.patients.list({ search: m.search.mrn, limit: 25, cursor: 0 }) }),
    clinic: (m) => ({ who: m.search.coordinatorEmail, run: (c) => c.patients.list({ search: m.search.mrn, limit: 25, cursor: 0 }) }),
    goal: { kind: "demoRatio", factor: 1.2, on: "p50" },
  },
  ...[1, 10, 100].map(
    (factor): Case => ({
      name: `carePlan.get — ${factor}× history`,
      demo: (m) => historyCall(m, 1, (c, id) => c.carePlan.get({ patientId: id })),
      clinic: (m) => historyCall(m, factor, (c, id) => c.carePlan.get({ patientId: id })),
      goal: factor === 1 ? { kind: "demoRatio", factor: 1.5, on: "p95" } : { kind: "vsCase", base: "carePlan.get — 1× history", factor: 1.5 },
    }),
  ),
  ...[1, 100].map(
    (factor): Case => ({
      name: `timeline.list — ${factor}× history`,
      demo: (m) => historyCall(m, 1, (c, id) => c.timeline.list({ patientId: id, limit: 50 })),
      clinic: (m) => historyCall(m, factor, (c, id) => c.timeline.list({ patientId: id, limit: 50 })),
      goal: factor === 1 ? { kind: "demoRatio", factor: 1.5, on: "p95" } : { kind: "vsCase", base: "timeline.list — 1× history", factor: 1.5 },
    }),
  ),
  {
    name: "meetings.get — meeting room",
    demo: (m) => ({ who: m.meetingCase.coordinatorEmail, run: (c) => c.meetings.get({ meetingId: m.meetingCase.meetingId }) }),
    clinic: (m) => ({ who: m.meetingCase.coordinatorEmail, run: (c) => c.meetings.get({ meetingId: m.meetingCase.meetingId }) }),
    goal: { kind: "demoRatio", factor: 1.5, on: "p95" },
  },
  {
    name: "meetings.caseSummary — case view",
    demo: (m) => ({ who: m.meetingCase.coordinatorEmail, run: (c) => c.meetings.caseSummary({ meetingId: m.meetingCase.meetingId, patientId: m.meetingCase.patientId }) }),
    clinic: (m) => ({ who: m.meetingCase.coordinatorEmail, run: (c) => c.meetings.caseSummary({ meetingId: m.meetingCase.meetingId, patientId: m.meetingCase.patientId }) }),
    goal: { kind: "demoRatio", factor: 1.5, on: "p95" },
  },
];

/**
 * The home's worklist call, typed loosely on purpose: its input (none, or a page of a view) may
 * change without the benchmark failing to compile; the input schema fills what is not given.
 */
const worklistHome = (c: Caller) => (c.worklist.mine as (input?: unknown) => Promise<unknown>)();

function historyCall(m: ClinicManifest, factor: number, run: (c: Caller, patientId: string) => Promise<unknown>): Call {
  const h = m.history.find((x) => x.factor === factor) ?? m.history[0]!;
  return { who: h.physicianEmail, run: (c) => run(c, h.patientId) };
}

interface Row {
  c: Case;
  demo: Stats;
  clinic: Stats;
  demoWho: string;
  clinicWho: string;
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const kb = (b: number) => (b >= 10_240 ? `${(b / 1024).toFixed(0)} KB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KB` : `${b} B`);

function judge(row: Row, rows: readonly Row[], patients: number): { goal: string; met: string } {
  const { goal } = row.c;
  const ratio95 = row.clinic.p95 / row.demo.p95;
  if (goal.kind === "home") {
    const bytes = row.clinic.bytes / row.demo.bytes;
    // A page of a larger caseload may outweigh the demo's whole (smaller) list: paged is what is asked.
    const page = row.clinic.page;
    const paged = page !== null && page.shown < page.total;
    const misses = [
      row.clinic.p95 > 30 ? `p95 ${ms(row.clinic.p95)} ms` : null,
      ratio95 > 1.5 ? `${ratio95.toFixed(1)}× demo time` : null,
      bytes > 1.5 && !paged ? `${bytes.toFixed(1)}× demo bytes, not paged` : null,
    ].filter(Boolean);
    const shown = page ? ` (${page.shown} of ${page.total} shown)` : "";
    return {
      goal: `p95 ≤ 30 ms${patients < 90_000 ? " (set for 100,000)" : ""}, ≤ 1.5× demo time, paged or ≤ 1.5× demo bytes`,
      met: `${misses.length ? `✗ ${misses.join(", ")}` : "✓"}${shown}`,
    };
  }
  if (goal.kind === "demoRatio") {
    const r = row.clinic[goal.on] / row.demo[goal.on];
    return { goal: `${goal.on} ≤ ${goal.factor}× demo`, met: r <= goal.factor ? "✓" : `✗ ${r.toFixed(2)}×` };
  }
  const base = rows.find((r) => r.c.name === goal.base);
  if (!base) return { goal: `≤ ${goal.factor}× ${goal.base}`, met: "?" };
  const t = row.clinic.p95 / base.clinic.p95;
  const b = row.clinic.bytes / base.clinic.bytes;
  const misses = [t > goal.factor ? `${t.toFixed(2)}× time` : null, b > goal.factor ? `${b.toFixed(2)}× bytes` : null].filter(Boolean);
  return { goal: `time and bytes ≤ ${goal.factor}× the 1× case`, met: misses.length ? `✗ ${misses.join(", ")}` : `✓ (${t.toFixed(2)}×, ${b.toFixed(2)}×)` };
}

interface Captured {
  text: string;
  values: unknown[];
  ms: number;
}

/**
 * Every statement one call sends, with its time at the driver: pool.query and the queries of clients
 * checked out of the pool meanwhile (drizzle's transactions).
 */
async function captureStatements(handle: DatabaseHandle, run: () => Promise<unknown>): Promise<Captured[]> {
  const captured: Captured[] = [];
  const pool = handle.pool!;
  type Query = (...args: unknown[]) => unknown;
  const timed = (original: Query): Query =>
    function (this: unknown, ...args: unknown[]) {
      const first = args[0] as string | { text?: string; values?: unknown[] };
      const text = typeof first === "string" ? first : (first?.text ?? "");
      const values = ((typeof first === "string" ? undefined : first?.values) ?? (Array.isArray(args[1]) ? args[1] : undefined)) as unknown[] | undefined;
      const t0 = performance.now();
      const result = original.apply(this, args);
      if (result && typeof (result as Promise<unknown>).then === "function") {
        void (result as Promise<unknown>).then(
          () => captured.push({ text, values: values ?? [], ms: performance.now() - t0 }),
          () => {},
        );
      }
      return result;
    };
  const poolSlots = pool as unknown as Record<string, Query>;
  const originalQuery = poolSlots.query!;
  const originalConnect = poolSlots.connect!;
  poolSlots.query = timed(originalQuery);
  poolSlots.connect = function (this: unknown, ...args: unknown[]) {
    const result = originalConnect.apply(this, args);
    if (args.length > 0) return result;
    return (result as Promise<Record<string, Query>>).then((client) => {
      const clientQuery = client.query!;
      const clientRelease = client.release!;
      client.query = timed(clientQuery);
      client.release = function (this: unknown, ...releaseArgs: unknown[]) {
        client.query = clientQuery;
        client.release = clientRelease;
        return clientRelease.apply(this, releaseArgs);
      };
      return client;
    });
  };
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    poolSlots.query = originalQuery;
    poolSlots.connect = originalConnect;
  }
  return captured;
}

/** A statement named by what it reads (its column list left out). */
const gist = (text: string) => {
  const flat = text.replace(/\s+/g, " ");
  const from = flat.search(/ from /i);
  return (from > 0 ? flat.slice(from + 1) : flat).slice(0, 120);
};

/** The plans of the reads one call of this case sends on the clinic: the slowest shown, sequential scans named. */
async function explainCase(clinic: Side, clinicDb: BenchDatabase<ClinicManifest>, m: ClinicManifest, row: Row, timings: boolean): Promise<string[]> {
  const lines: string[] = [];
  const caller = await callerFor(clinic, row.clinicWho);
  const statements = await captureStatements(clinicDb.handle, () => row.c.clinic(m).run(caller));
  const reads = statements.filter((s) => /^[\s(]*(select|with)\b/i.test(s.text));
  lines.push(`## Slowest procedure${timings ? "s" : ""}: ${row.c.name} (clinic p95 ${ms(row.clinic.p95)} ms, ${statements.length} statements)`);
  // Each read it sends, explained with its parameters; the one the server took longest on is shown.
  const explained = await withOwnerClient(clinicDb.ownerUrl, async (client) => {
    const plans: { statement: Captured; plan: string[]; executionMs: number }[] = [];
    for (const statement of reads) {
      const r = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
      const plan = r.rows.map((x: Record<string, unknown>) => String(x["QUERY PLAN"]));
      const executionMs = Number(/Execution Time: ([\d.]+)/.exec(plan.join("\n"))?.[1] ?? 0);
      plans.push({ statement, plan, executionMs });
    }
    const sizes = await client.query(`SELECT relname, reltuples::bigint AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`);
    return { plans: plans.sort((a, b) => b.executionMs - a.executionMs), sizes: new Map(sizes.rows.map((x: Record<string, unknown>) => [String(x.relname), Number(x.n)])) };
  });
  if (timings) lines.push("", `Statements at the driver (ms): ${statements.map((s) => `${ms(s.ms)} ${s.text.replace(/\s+/g, " ").slice(0, 60)}`).join(" · ")}`);
  if (timings) lines.push("", `Server execution (ms): ${explained.plans.map((p) => `${ms(p.executionMs)} ${gist(p.statement.text)}`).join(" · ")}`);
  const top = explained.plans[0];
  if (top) {
    lines.push("");
    lines.push(`Slowest query (server execution ${ms(top.executionMs)} ms; ${ms(top.statement.ms)} ms at the driver):`);
    lines.push("");
    lines.push("```sql");
    lines.push(top.statement.text.length > 2000 ? `${top.statement.text.slice(0, 2000)} …` : top.statement.text);
    lines.push("```");
    lines.push("");
    lines.push("```");
    // Long lists of ids (a caseload's worth of parameters) are cut: the plan's shape is what matters.
    lines.push(...top.plan.map((l) => (l.length > 400 ? `${l.slice(0, 400)} …` : l)));
    lines.push("```");
  }
  const seqScans = new Map<string, number>();
  for (const p of explained.plans) {
    for (const line of p.plan) {
      const table = /Seq Scan on (\w+)/.exec(line)?.[1];
      if (table) seqScans.set(table, explained.sizes.get(table) ?? 0);
    }
  }
  const large = [...seqScans].filter(([, n]) => n > 10_000);
  lines.push(
    "",
    `Sequential scans in this procedure's ${explained.plans.length} reads: ${
      seqScans.size === 0 ? "none" : [...seqScans].map(([t, n]) => `${t} (${n.toLocaleString("en")} rows)`).join(", ")
    }${large.length ? ` — over 10,000 rows: ${large.map(([t]) => t).join(", ")}` : ""}.`,
  );
  return lines;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  if (!process.env.DATABASE_URL) {
    console.log(`DATABASE_URL is not set: using ${baseUrl}. The benchmark runs on PostgreSQL only (the embedded PGlite is not its target).`);
  }
  const log = (m: string) => console.log(`  ${m}`);

  const build = (patients: number, historyFactors: number[]) => async (run: Parameters<Parameters<typeof openBenchDatabase>[0]["build"]>[0], owner: DatabaseHandle) => {
    await seedDemo(owner.db, { hashPassword });
    const manifest = await generateClinic(run, { patients, historyFactors, skipTriggers: true, rebuildIndexes: true, onProgress: log });
    const refresh = (dbModule as Record<string, unknown>).refreshAllSummaries;
    if (typeof refresh === "function") {
      const t0 = Date.now();
      const n = (await (refresh as (db: unknown, now: Date) => Promise<number>)(owner.db, new Date())) ?? 0;
      log(`patient summaries computed: ${n} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
    return manifest;
  };

  const selected = cases.filter((x) => selects(args, x.name));
  const overheadWanted = selects(args, overheadName);
  if (selected.length === 0 && !overheadWanted) throw new Error(`--only ${args.only.join(", ")} names no case`);

  console.log(`▶ Demo clinic (${args.prefix}_demo)`);
  const demoDb = await openBenchDatabase({ baseUrl, name: `${args.prefix}_demo`, key: "demo", fresh: args.fresh, build: build(1, [1]), log });
  console.log(`  ${demoDb.reused ? "reused" : "built"}: ${demoDb.meta.manifest.patients} patients, built ${demoDb.meta.builtAt}`);
  // The clinic is opened (and built when missing) only when a case compares against it.
  let clinicDb: BenchDatabase<ClinicManifest> | null = null;
  try {
    const demo = await openSide("demo", demoDb);
    const lines: string[] = [];
    const date = new Date().toISOString().slice(0, 16).replace("T", " ");
    if (selected.length > 0) {
      const clinicName = `${args.prefix}_${args.patients}`;
      console.log(`▶ Clinic of ${args.patients.toLocaleString("en")} patients (${clinicName})`);
      clinicDb = await openBenchDatabase({ baseUrl, name: clinicName, key: `clinic:${args.patients}`, fresh: args.fresh, build: build(args.patients, [1, 10, 100]), log });
      lines.push(...(await measureClinic(args, demo, clinicDb, selected, date)));
    } else {
      lines.push(`# Benchmark: tRPC against a bare handler on the demo clinic (${demoDb.meta.manifest.patients}), ${date} UTC`, "", `${codeVersion()}; PostgreSQL.`);
    }

    if (overheadWanted) {
      const warmup = Math.max(args.warmup, overheadMinimum.warmup);
      const iterations = Math.max(args.iterations, overheadMinimum.iterations);
      const who = demoDb.meta.manifest.bigPhysician.email;
      console.log(`▶ ${overheadName} (${warmup} warm-up + ${iterations} calls each, interleaved)`);
      const o = await measureOverhead({ db: demoDb.handle.db, session: await sessionFor(demo, who), now: demo.now, iterations, warmup });
      console.log(`  tRPC ${ms(o.trpc.p50)}/${ms(o.trpc.p95)} ms, bare handler ${ms(o.bare.p50)}/${ms(o.bare.p95)} ms`);
      lines.push("", ...overheadTable(o, { who, warmup, iterations }));
    }

    const report = lines.join("\n");
    console.log(`\n${report}\n`);
    const outDir = path.join(rootDir, ".data", "bench");
    fs.mkdirSync(outDir, { recursive: true });
    const patients = clinicDb?.meta.manifest.patients;
    const out = path.join(outDir, `${patients === undefined ? "overhead" : patients < 1000 ? patients : args.patients}.md`);
    fs.writeFileSync(out, `${report}\n`);
    console.log(`Written to ${path.relative(rootDir, out)}`);
  } finally {
    await demoDb.handle.close();
    await clinicDb?.handle.close();
  }
}

/** Whether `--only` keeps this case (every case when it is not given). */
const selects = (args: Args, name: string) => args.only.length === 0 || args.only.some((o) => name.includes(o));

const overheadName = "overhead: tRPC vs a bare handler — worklist.mine, physician (demo)";
/** A difference of a fraction of a millisecond needs more calls than the clinic's cases take. */
const overheadMinimum = { warmup: 30, iterations: 300 };

function overheadTable(o: OverheadStats, run: { who: string; warmup: number; iterations: number }): string[] {
  const ratio = o.trpc.p50 / o.bare.p50;
  return [
    `## tRPC against a bare handler, same logic`,
    "",
    `${run.who}'s home (\`worklist.mine\`, first page) as an HTTP request: (a) tRPC's fetch adapter with the app router; (b) a bare \`(Request) => Response\` handler ` +
      `running the same guard, schema, permission check, procedure body and audit rows and answering the same JSON (checked equal before timing). ` +
      `Context made per request with a fixed session; full body read; ${run.warmup} warm-up and ${run.iterations} measured calls each, interleaved. Times in ms.`,
    "",
    "| procedure | tRPC p50/p95 | bare p50/p95 | bytes | tRPC − bare (p50) | ratio (p50) | goal | met? |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    `| ${overheadName} | ${ms(o.trpc.p50)} / ${ms(o.trpc.p95)} | ${ms(o.bare.p50)} / ${ms(o.bare.p95)} | ${kb(o.bytes)} | ${ms(o.trpc.p50 - o.bare.p50)} ms | ${ratio.toFixed(2)}× | p50 ≤ 1.15× bare | ${ratio <= 1.15 ? "✓" : `✗ ${ratio.toFixed(2)}×`} |`,
  ];
}

/** The clinic's cases against the demo's, and the plan of the slowest: the report's lines. */
async function measureClinic(args: Args, demo: Side, clinicDb: BenchDatabase<ClinicManifest>, selected: readonly Case[], date: string): Promise<string[]> {
  const demoDb = demo.bench;
  const m = clinicDb.meta.manifest;
  console.log(
    `  ${clinicDb.reused ? `reused` : `built in ${m.seconds.toFixed(0)} s`}: ${m.patients.toLocaleString("en")} patients, ${m.users.toLocaleString("en")} users, ` +
      `${(m.rows.plan_events ?? 0).toLocaleString("en")} plan events, ${(m.rows.therapy_sessions ?? 0).toLocaleString("en")} sessions, ${(m.rows.assessments ?? 0).toLocaleString("en")} assessments; built ${clinicDb.meta.builtAt}`,
  );
  console.log(
    `  physician ${m.bigPhysician.email} leads ${m.bigPhysician.caseload}; coordinator ${m.bigCoordinator.email} ${m.bigCoordinator.caseload}; ` +
      `PT ${m.therapist.caseload}; psychologist ${m.psychologist.caseload}; history patients ${m.history.map((h) => `${h.factor}× (${h.events} events)`).join(", ")}`,
  );

  const clinic = await openSide("clinic", clinicDb);
  const rows: Row[] = [];
  console.log(`▶ Measuring (${args.warmup} warm-up + ${args.iterations} calls each, demo and clinic interleaved)`);
  for (const c of selected) {
    const d = c.demo(demoDb.meta.manifest);
    const k = c.clinic(m);
    const [demoStats, clinicStats] = await measurePair([demo, clinic], [d, k], args);
    rows.push({ c, demo: demoStats, clinic: clinicStats, demoWho: d.who, clinicWho: k.who });
    console.log(`  ${c.name}: demo ${ms(demoStats.p50)}/${ms(demoStats.p95)} ms, clinic ${ms(clinicStats.p50)}/${ms(clinicStats.p95)} ms`);
  }

  const lines: string[] = [];
  lines.push(`# Benchmark: ${m.patients.toLocaleString("en")} patients vs the demo (${demoDb.meta.manifest.patients}), ${date} UTC`);
  lines.push("");
  lines.push(
    `${codeVersion()}; PostgreSQL, tRPC caller with a signed-in session; ${args.warmup} warm-up and ${args.iterations} measured calls each, one at a time, demo and clinic calls interleaved. ` +
      `Times in ms (p50/p95); bytes = superjson JSON of the response; queries = statements sent by one call (demo → clinic).`,
  );
  lines.push(
    `Clinic: ${m.users.toLocaleString("en")} users; big physician ${m.bigPhysician.caseload} patients, big coordinator ${m.bigCoordinator.caseload}, PT ${m.therapist.caseload}, psychologist ${m.psychologist.caseload}; ` +
      `history patients ${m.history.map((h) => `${h.factor}× = ${h.events} events, ${h.sessions} sessions`).join("; ")}.`,
  );
  lines.push("");
  lines.push("| procedure | demo p50/p95 | clinic p50/p95 | ratio (p95) | bytes demo → clinic | queries | goal | met? |");
  lines.push("| --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const row of rows) {
    const { goal, met } = judge(row, rows, m.patients);
    lines.push(
      `| ${row.c.name} | ${ms(row.demo.p50)} / ${ms(row.demo.p95)} | ${ms(row.clinic.p50)} / ${ms(row.clinic.p95)} | ${(row.clinic.p95 / row.demo.p95).toFixed(2)}× | ` +
        `${kb(row.demo.bytes)} → ${kb(row.clinic.bytes)} | ${row.demo.queries ?? "?"} → ${row.clinic.queries ?? "?"} | ${goal} | ${met} |`,
    );
  }

  // The plan of the slowest query of the slowest procedure (of each, with --explain-each).
  const slowestFirst = [...rows].sort((a, b) => b.clinic.p95 - a.clinic.p95);
  for (const row of args.explainEach ? slowestFirst : slowestFirst.slice(0, 1)) {
    lines.push("", ...(await explainCase(clinic, clinicDb, m, row, args.explainEach)));
  }
  return lines;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
