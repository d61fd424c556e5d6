/**
 * What tRPC costs on a hot call: the physician's home (`worklist.mine`) answered over HTTP through
 * tRPC's fetch adapter, and by a bare `(request: Request) => Response` handler doing the same work —
 * the same wire input, the same guard, schema, session and permission checks, the same procedure
 * body and audit rows, the same superjson answer. Calls of the two alternate, so a burst of load on
 * a shared machine falls on both alike.
 *
 * The procedure's body is written inline in its router (no function of its own to call), so the bare
 * handler runs that body through the router's internal `_def.resolver`: the very code tRPC runs,
 * without tRPC's middleware chain and adapter around it. What the clinic gate gives the body (the
 * audit of what it read) is written here with the same repository function and rows.
 */
import { performance } from "node:perf_hooks";
import superjson from "superjson";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { InProcessBus, writeAuditEntries, type Database } from "@stepwise/db";
import { can, findUnsafeInput, requestLimits, worklistPageInputSchema } from "@stepwise/domain";
import { createInnerContext, type Context } from "../context";
import { appRouter } from "../root";
import type { Touched } from "../trpc";

export interface OverheadOptions {
  db: Database;
  session: NonNullable<Context["session"]>;
  now: () => Date;
  iterations: number;
  warmup: number;
}

export interface OverheadStats {
  trpc: { p50: number; p95: number };
  bare: { p50: number; p95: number };
  /** Response body bytes (the same for both: checked before timing). */
  bytes: number;
}

const path = "worklist.mine";
const action = "caseload.read";
/** The home's first page, as the web client's batch link sends it: one call, superjson input. */
const input = { view: "worklist" as const, cursor: 0, limit: 25 };
const url = `http://localhost/api/trpc/${path}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: superjson.serialize(input) }))}`;

type Resolver = (opts: Record<string, unknown>) => Promise<unknown>;

export async function measureOverhead(opts: OverheadOptions): Promise<OverheadStats> {
  // One bus for both, made once: the web app's context takes the process-wide bus, not a new one.
  const bus = new InProcessBus();
  const createContext = () => createInnerContext({ db: opts.db, session: opts.session, now: opts.now, bus });

  /** (a) tRPC: the fetch adapter with the app router, the options the web endpoint gives it. */
  const viaTrpc = (request: Request) =>
    fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext, allowMethodOverride: false, maxBatchSize: requestLimits.maxBatchCalls });

  /** (b) The same call by hand. */
  const resolver = (appRouter.worklist.mine._def as unknown as { resolver?: Resolver }).resolver;
  if (typeof resolver !== "function") throw new Error(`${path} has no resolver in its definition: the bare handler cannot run its body`);
  const bare = async (request: Request): Promise<Response> => {
    const wire = (JSON.parse(new URL(request.url).searchParams.get("input") ?? "{}") as Record<string, { json?: unknown; meta?: unknown } | undefined>)["0"];
    const issue = findUnsafeInput(wire?.json) ?? findUnsafeInput(wire?.meta);
    if (issue) return Response.json({ error: "unsafe input" }, { status: 400 });
    const raw: unknown = superjson.deserialize((wire ?? { json: undefined }) as Parameters<typeof superjson.deserialize>[0]);
    const ctx = createContext();
    if (!ctx.session) return Response.json({ error: "not signed in" }, { status: 401 });
    const parsed = worklistPageInputSchema.safeParse(raw);
    if (!parsed.success) return Response.json({ error: parsed.error.issues[0]?.message }, { status: 400 });
    const user = ctx.session.user;
    const base = { actorId: user.id, actorRole: user.role, action: path };
    if (!can(user.role, action, { userId: user.id })) {
      await writeAuditEntries(ctx.db, [{ ...base, patientId: null, outcome: "denied", detail: { code: "FORBIDDEN" } }]);
      return Response.json({ error: "forbidden" }, { status: 403 });
    }
    let audited = false;
    const audit = async (t: Touched): Promise<void> => {
      const ids: (string | null)[] = t.patientIds.length > 0 ? [...new Set(t.patientIds)] : [null];
      await writeAuditEntries(ctx.db, ids.map((patientId) => ({ ...base, outcome: "success" as const, patientId, entityType: t.entityType, entityId: t.entityId, detail: t.detail })));
      audited = true;
    };
    const data = await resolver({ ctx: { ...ctx, user, audit }, input: parsed.data, path, type: "query", signal: request.signal, batchIndex: 0, getRawInput: () => Promise.resolve(raw) });
    if (!audited) return Response.json({ error: "unaudited" }, { status: 500 });
    return new Response(JSON.stringify([{ result: { data: superjson.serialize(data) } }]), { headers: { "content-type": "application/json" } });
  };

  const handlers = [viaTrpc, bare] as const;
  const call = async (k: 0 | 1): Promise<string> => {
    const response = await handlers[k](new Request(url, { method: "GET" }));
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${k === 0 ? "tRPC" : "bare handler"} answered ${response.status}: ${body.slice(0, 300)}`);
    return body;
  };

  // The two answers must be the same JSON before their times mean anything.
  const [a, b] = [await call(0), await call(1)];
  if (a !== b) throw new Error(`tRPC and the bare handler answer differently:\n  tRPC ${a.slice(0, 400)}\n  bare ${b.slice(0, 400)}`);

  for (let i = 0; i < opts.warmup; i++) {
    await call(0);
    await call(1);
  }
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < opts.iterations; i++) {
    for (const k of i % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const)) {
      const t0 = performance.now();
      await call(k);
      times[k].push(performance.now() - t0);
    }
  }
  const stats = (k: 0 | 1) => {
    const sorted = [...times[k]].sort((x, y) => x - y);
    const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
    return { p50: pct(50), p95: pct(95) };
  };
  return { trpc: stats(0), bare: stats(1), bytes: Buffer.byteLength(a) };
}
