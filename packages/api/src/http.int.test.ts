import { randomUUID } from "node:crypto";
import superjson, { type SuperJSONResult } from "superjson";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { authenticate } from "@stepwise/auth";
import { demoPassword, listAudit, schema, type LiveBus } from "@stepwise/db";
import { countRows, queryAsOwner } from "@stepwise/db/testing";
import { requestLimits } from "@stepwise/domain";
import { createInnerContext, type Context } from "./context";
import { handleTrpcRequest } from "./http";
import { createBlankPatient, demoEmails, failure, openSeededClinic, type Clinic } from "./test-support";

const origin = "http://localhost:3000";
let clinic: Clinic;
let patientId: string;
let psychologistId: string;
let session: Context["session"];

beforeAll(async () => {
  clinic = await openSeededClinic();
  patientId = await createBlankPatient(clinic, [demoEmails.PHYSICIAN, demoEmails.PSYCH]);
  const signedIn = await authenticate(clinic.handle.db, { email: demoEmails.PSYCH, password: demoPassword });
  if (!signedIn.ok) throw new Error("sign-in failed");
  psychologistId = signedIn.user.id;
  session = { user: signedIn.user, sessionId: signedIn.sessionId };
});
afterAll(async () => {
  await clinic?.close();
});

/** Everything the server prints while a test runs. */
let printed: string[] = [];
beforeAll(() => {
  for (const level of ["error", "warn", "log", "info", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      printed.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    });
  }
});
afterEach(() => {
  printed = [];
});

const send = (request: Request) =>
  handleTrpcRequest(request, { createContext: () => createInnerContext({ db: clinic.handle.db, session, bus: clinic.bus }) });

const post = (path: string, body: RequestInit["body"], headers: Record<string, string> = {}) =>
  send(new Request(`${origin}/api/trpc/${path}`, { method: "POST", headers: { "content-type": "application/json", origin, host: "localhost:3000", ...headers }, body }));

const wire = (input: unknown) => ({ json: input });

interface ErrorShape {
  message: string;
  data: { code: string; httpStatus: number; errorId?: string; field?: string; stack?: unknown };
}

/** The error of a non-batched answer, decoded as the client decodes it. */
const errorIn = (text: string) => superjson.deserialize<ErrorShape>((JSON.parse(text) as { error: SuperJSONResult }).error);

/** A database statement of the test's own, outside the application's schema. */
const execute = (statement: string, params: unknown[] = []) => queryAsOwner(clinic.handle, statement, params);

const notesOfPatient = async () => Number((await execute("select count(*) as n from psych_notes where patient_id = $1", [patientId]))[0]!.n);

describe("internal errors leak nothing", () => {
  const canary = `CANARY-${randomUUID()}`;
  const leaks = [canary, "insert into", "Failed query", "params", "psych_notes", "test_no_canary"];

  beforeAll(async () => {
    // A rule the schema does not check, so the insert fails inside the database.
    await execute(`alter table psych_notes add constraint test_no_canary check (body not like '%CANARY%')`);
  });
  afterAll(async () => {
    await execute(`alter table psych_notes drop constraint test_no_canary`);
  });

  it("answers a failed insert with a generic message and an id; the log has the same id and none of the note", async () => {
    const response = await post("psychNotes.create", JSON.stringify(wire({ patientId, kind: "psychotherapy", body: `Session notes. ${canary} disclosed in confidence.` })));
    const text = await response.text();
    expect(response.status).toBe(500);
    for (const leak of leaks) expect(text.toLowerCase()).not.toContain(leak.toLowerCase());
    const error = errorIn(text);
    expect(error.data.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.message).toBe(`Something went wrong. Error id: ${error.data.errorId}`);
    expect(error.data.stack).toBeUndefined();

    expect(printed.length).toBeGreaterThan(0);
    for (const line of printed) for (const leak of leaks) expect(line.toLowerCase()).not.toContain(leak.toLowerCase());
    const logged = printed.filter((line) => line.includes(error.data.errorId!));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("path=psychNotes.create");
    expect(logged[0]).toContain(`actor=${psychologistId}`);
    expect(logged[0]).toMatch(/class=\S*DatabaseError/);
    expect(logged[0]).toContain("code=23514");
    expect(await notesOfPatient()).toBe(0);
  });

  it("conceals the same failure from an in-process caller (server components), cause chain included", async () => {
    const psych = await clinic.as(demoEmails.PSYCH);
    const error = await failure(psych.psychNotes.create({ patientId, kind: "psychotherapy", body: `Again ${canary}` }));
    expect(error.code).toBe("INTERNAL_SERVER_ERROR");
    expect(error.message).toMatch(/^Something went wrong\. Error id: [0-9a-f-]{36}$/);
    expect(error.cause).toBeUndefined();
    const errorId = error.message.slice(-36);
    expect(printed.filter((line) => line.includes(errorId))).toHaveLength(1);
    for (const line of printed) for (const leak of leaks) expect(line.toLowerCase()).not.toContain(leak.toLowerCase());
  });
});

describe("a live announcement that fails after the commit", () => {
  it("keeps the saved answer and logs the failure without its message", async () => {
    const canary = `CANARY-${randomUUID()}`;
    const failing: LiveBus = {
      publish: () => Promise.reject(new Error(`Failed query: select pg_notify($1, $2)\nparams: ${canary}`)),
      subscribe: (listener) => clinic.bus.subscribe(listener),
      listenerCount: () => clinic.bus.listenerCount(),
      close: async () => {},
    };
    const response = await handleTrpcRequest(
      new Request(`${origin}/api/trpc/psychNotes.create`, {
        method: "POST",
        headers: { "content-type": "application/json", origin, host: "localhost:3000" },
        body: JSON.stringify(wire({ patientId, kind: "shared_summary", body: "Announced or not, saved." })),
      }),
      { createContext: () => createInnerContext({ db: clinic.handle.db, session, bus: failing }) },
    );
    expect(response.status).toBe(200);
    expect(printed.filter((line) => line.includes("path=psychNotes.create:publish"))).toHaveLength(1);
    for (const line of printed) for (const leak of [canary, "Failed query", "params"]) expect(line).not.toContain(leak);
  });
});

describe("request limits", () => {
  const noteOfSize = (bytes: number) => {
    const empty = JSON.stringify(wire({ patientId, kind: "shared_summary", body: "" }));
    return JSON.stringify(wire({ patientId, kind: "shared_summary", body: "x".repeat(bytes - empty.length) }));
  };

  it("refuses a body over 1 MB with 413 before parsing it, by its declared length", async () => {
    const before = await notesOfPatient();
    const body = noteOfSize(requestLimits.maxBodyBytes + 1);
    expect(new TextEncoder().encode(body).byteLength).toBe(requestLimits.maxBodyBytes + 1);
    const response = await post("psychNotes.create", body, { "content-length": String(body.length) });
    expect(response.status).toBe(413);
    expect(await notesOfPatient()).toBe(before);
  });

  it("refuses a chunked body without a declared length once it passes 1 MB", async () => {
    const before = await notesOfPatient();
    const bytes = new TextEncoder().encode(noteOfSize(requestLimits.maxBodyBytes + 1));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(sent, sent + 64 * 1024));
        sent += 64 * 1024;
      },
    });
    const request = new Request(`${origin}/api/trpc/psychNotes.create`, {
      method: "POST",
      headers: { "content-type": "application/json", origin, host: "localhost:3000" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const response = await send(request);
    expect(response.status).toBe(413);
    expect(await notesOfPatient()).toBe(before);
  });

  it("reads a body of exactly 1 MB (the note itself is then too long for its field)", async () => {
    const response = await post("psychNotes.create", noteOfSize(requestLimits.maxBodyBytes));
    expect(response.status).toBe(400);
    expect(errorIn(await response.text()).data.field).toBe("body");
  });

  const batch = (count: number) => {
    const paths = Array(count).fill("psychNotes.create").join(",");
    const inputs = Object.fromEntries(Array.from({ length: count }, (_, i) => [i, wire({ patientId, kind: "shared_summary", body: `Batch note ${i}` })]));
    return post(`${paths}?batch=1`, JSON.stringify(inputs));
  };

  it(`refuses a batch of ${requestLimits.maxBatchCalls + 1} calls with 400 before any of them runs`, async () => {
    const [before, audits] = [await notesOfPatient(), await countRows(clinic.handle.db, schema.auditLog)];
    const response = await batch(requestLimits.maxBatchCalls + 1);
    expect(response.status).toBe(400);
    expect(await notesOfPatient()).toBe(before);
    expect(await countRows(clinic.handle.db, schema.auditLog)).toBe(audits);
  });

  it("refuses an oversized batch of queries in a GET as well", async () => {
    const audits = await countRows(clinic.handle.db, schema.auditLog);
    const count = requestLimits.maxBatchCalls + 1;
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [i, wire({ patientId })]))));
    const response = await send(new Request(`${origin}/api/trpc/${Array(count).fill("psychNotes.list").join(",")}?batch=1&input=${input}`));
    expect(response.status).toBe(400);
    expect(await countRows(clinic.handle.db, schema.auditLog)).toBe(audits);
  });

  it(`runs a batch of ${requestLimits.maxBatchCalls} calls`, async () => {
    const before = await notesOfPatient();
    const response = await batch(requestLimits.maxBatchCalls);
    expect(response.status).toBe(200);
    expect(await notesOfPatient()).toBe(before + requestLimits.maxBatchCalls);
  });

  it("keeps the mutation guard in front: a form post is 415, another origin 403", async () => {
    const before = await notesOfPatient();
    expect((await post("psychNotes.create", "body=x", { "content-type": "application/x-www-form-urlencoded" })).status).toBe(415);
    expect((await post("psychNotes.create", JSON.stringify(wire({ patientId, kind: "shared_summary", body: "x" })), { origin: "https://evil.example" })).status).toBe(403);
    expect(await notesOfPatient()).toBe(before);
  });

  it("sends JSON answers uncached and free to compress: no no-transform", async () => {
    const response = await send(new Request(`${origin}/api/trpc/psychNotes.list?input=${encodeURIComponent(JSON.stringify(wire({ patientId })))}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("sends the event stream uncached, untransformed and unbuffered", async () => {
    const input = encodeURIComponent(JSON.stringify(wire({ patientIds: [patientId], meetingIds: [], lastEventId: null })));
    const abort = new AbortController();
    const response = await send(new Request(`${origin}/api/trpc/live.events?input=${input}`, { headers: { accept: "text/event-stream" }, signal: abort.signal }));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: connected");
    abort.abort();
    await reader.cancel();
  });
});

describe("hostile keys", () => {
  it.each([
    ["__proto__", `{"json":{"patientId":"PID","kind":"shared_summary","body":"x","__proto__":{"isAdmin":true}}}`, "__proto__"],
    ["constructor", `{"json":{"patientId":"PID","kind":"shared_summary","body":"x","extra":{"constructor":{"prototype":{"isAdmin":true}}}}}`, "extra.constructor"],
    ["prototype", `{"json":{"patientId":"PID","kind":"shared_summary","body":"x","prototype":1}}`, "prototype"],
  ])("refuses an own %s key on the wire, naming the field, and writes nothing", async (_key, body, field) => {
    const before = await notesOfPatient();
    const response = await post("psychNotes.create", body.replace("PID", patientId));
    expect(response.status).toBe(400);
    const error = errorIn(await response.text());
    expect(error.data.code).toBe("BAD_REQUEST");
    expect(error.data.field).toBe(field);
    expect(await notesOfPatient()).toBe(before);
  });

  it("refuses them before the patient gate reads the input: no membership lookup, no denial audited", async () => {
    const outsider = await clinic.as(demoEmails.PT2);
    const denials = (await listAudit(clinic.handle.db, { patientId })).filter((row) => row.outcome === "denied").length;
    const input = JSON.parse(`{"patientId":"${patientId}","kind":"shared_summary","body":"x","__proto__":{"isAdmin":true}}`) as { patientId: string; kind: "shared_summary"; body: string };
    const error = await failure(outsider.psychNotes.create(input));
    expect(error.code).toBe("BAD_REQUEST");
    expect((await listAudit(clinic.handle.db, { patientId })).filter((row) => row.outcome === "denied").length).toBe(denials);
  });

  it("refuses inputs nested deeper than the limit", async () => {
    let deep: unknown = "x";
    for (let i = 0; i < requestLimits.maxInputDepth + 1; i++) deep = { deep };
    const response = await post("psychNotes.create", JSON.stringify(wire({ patientId, kind: "shared_summary", body: "x", deep })));
    expect(response.status).toBe(400);
    expect(errorIn(await response.text()).message).toContain("nested deeper than");
  });
});
