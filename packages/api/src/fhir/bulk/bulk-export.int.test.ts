import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Resource } from "@medplum/fhirtypes";
import { authenticate, hashPassword } from "@stepwise/auth";
import { demoPassword, findExportJob, insertRow, listAudit, schema } from "@stepwise/db";
import { bulkExportAuditAction, bulkExportResourceTypes, can, mayExportGroup, type Role } from "@stepwise/domain";
import { createInnerContext } from "../../context";
import { appRouter } from "../../root";
import { createBlankPatient, createPatientUser, demoEmails, failure, openSeededClinic, type Clinic } from "../../test-support";
import { patientResourcesFor } from "../export";
import { handleFhirRequest } from "../rest";
import { runExportTurn, startBulkExportRunner, type ResourcesOf } from "./runner";

const { PHYSICIAN, PT, PSYCH, COORD, ADMIN, PHYSICIAN2 } = demoEmails;
const SECOND_COORD = "coordinator2@stepwise.test";
const NOW = new Date();
const later = (ms: number) => () => new Date(NOW.getTime() + ms);

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openSeededClinic();
  // A second coordinator (the demo has one): another requester whose jobs are not the first one's.
  await insertRow(clinic.handle.db, schema.users, { email: SECOND_COORD, name: "Casey Second, RN", role: "coordinator", passwordHash: await hashPassword(demoPassword) });
});
afterAll(async () => {
  await clinic?.close();
});

async function execute(statement: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (clinic.handle.pglite) return (await clinic.handle.pglite.query<Record<string, unknown>>(statement, params)).rows;
  return (await clinic.handle.pool!.query(statement, params)).rows as Record<string, unknown>[];
}

/** Runs turns until no job is waiting (each turn takes one job to its end). */
async function drain(options: Parameters<typeof runExportTurn>[1] = {}) {
  const results = [];
  for (let turn = runExportTurn(clinic.handle.db, { now: () => NOW, ...options }); ; turn = runExportTurn(clinic.handle.db, { now: () => NOW, ...options })) {
    const result = await turn;
    if (!result) return results;
    results.push(result);
  }
}

/** Each resource type's NDJSON of a job, as the requester downloads it. */
async function filesOf(email: string, jobId: string): Promise<Map<string, string>> {
  const caller = await clinic.as(email);
  const status = await caller.fhir.bulkExportStatus({ jobId });
  const out = new Map<string, string>();
  for (const f of status.files) out.set(f.type, (await caller.fhir.bulkExportFile({ jobId, type: f.type as (typeof bulkExportResourceTypes)[number] })).ndjson);
  return out;
}

const linesOf = (ndjson: string) => ndjson.split("\n").filter((l) => l.length > 0);

async function teamPatientIds(email: string): Promise<string[]> {
  const userId = await clinic.userId(email);
  const rows = await execute("select patient_id::text as id from care_team_members where user_id = $1 order by patient_id", [userId]);
  return rows.map((r) => String(r.id));
}

async function expectedByType(patientIds: readonly string[]): Promise<Record<string, number>> {
  const resources = await patientResourcesFor(clinic.handle.db, patientIds, { now: NOW });
  const counts: Record<string, number> = {};
  for (const list of resources.values()) for (const r of list) counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
  return counts;
}

describe("a bulk export of the coordinator's teams runs to completion", () => {
  let jobId: string;
  let files: Map<string, string>;

  it("queues a job, writes every patient of the teams once, and its files hold exactly the $everything resources", async () => {
    const coord = await clinic.as(COORD);
    const patients = await teamPatientIds(COORD);
    expect(patients.length).toBeGreaterThanOrEqual(40);
    const started = await coord.fhir.bulkExportStart({ groupId: "my-teams" });
    jobId = started.id;
    expect(started).toMatchObject({ status: "queued", patientsTotal: patients.length, percent: 0 });

    const t0 = performance.now();
    const [result] = await drain();
    const ms = performance.now() - t0;
    expect(result).toMatchObject({ jobId, status: "completed" });

    const status = await coord.fhir.bulkExportStatus({ jobId });
    expect(status).toMatchObject({ status: "completed", percent: 100, patientsDone: patients.length, patientsTotal: patients.length });
    files = await filesOf(COORD, jobId);
    const expected = await expectedByType(patients);
    const written = Object.fromEntries([...files].map(([type, ndjson]) => [type, linesOf(ndjson).length]));
    expect(written).toEqual(expected);
    expect(Object.fromEntries(status.files.map((f) => [f.type, f.count]))).toEqual(expected);
    expect(status.resourcesWritten).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    // One resource per line, of the file's type, each id once.
    for (const [type, ndjson] of files) {
      const resources = linesOf(ndjson).map((l) => JSON.parse(l) as Resource);
      expect(resources.every((r) => r.resourceType === type)).toBe(true);
      expect(new Set(resources.map((r) => r.id)).size).toBe(resources.length);
    }
    expect(linesOf(files.get("Patient")!).map((l) => (JSON.parse(l) as Resource).id).sort()).toEqual([...patients].sort());
    const bytes = status.files.reduce((n, f) => n + f.bytes, 0);
    console.log(
      `bulk export on ${clinic.handle.kind}: ${patients.length} patients, ${status.resourcesWritten} resources, ${(bytes / 1024).toFixed(0)} KiB of NDJSON in ${files.size} files, ${ms.toFixed(0)} ms (${Object.entries(expected)
        .map(([t, n]) => `${t} ${n}`)
        .join(", ")})`,
    );
  });

  it("audits the request, and one row per patient written, so each patient's access report shows the export", async () => {
    const coordId = await clinic.userId(COORD);
    const perPatient = await listAudit(clinic.handle.db, { actorId: coordId, action: bulkExportAuditAction, limit: 500 });
    const rowsOfJob = perPatient.filter((r) => r.entityId === jobId);
    expect(rowsOfJob.map((r) => r.patientId).sort()).toEqual((await teamPatientIds(COORD)).sort());
    expect(rowsOfJob.every((r) => r.outcome === "success" && r.actorRole === "coordinator")).toBe(true);
    const [request] = await listAudit(clinic.handle.db, { actorId: coordId, action: "fhir.bulkExportStart", limit: 5 });
    expect(request).toMatchObject({ entityId: jobId, patientId: null, outcome: "success" });
    const someone = rowsOfJob[0]!.patientId!;
    const report = await (await clinic.as(ADMIN)).audit.patientReport({ patientId: someone });
    expect(report.accesses.some((a) => a.action === bulkExportAuditAction && a.actorId === coordId)).toBe(true);
  });

  it("the administrator exports the whole clinic; _type keeps only the types asked for", async () => {
    const admin = await clinic.as(ADMIN);
    const job = await admin.fhir.bulkExportStart({ groupId: "clinic", types: ["Patient", "Observation"] });
    const [total] = await execute("select count(*)::int as n from patients");
    expect(job.patientsTotal).toBe(Number(total!.n));
    await drain();
    const files = await filesOf(ADMIN, job.id);
    expect([...files.keys()].sort()).toEqual(["Observation", "Patient"]);
    expect(linesOf(files.get("Patient")!)).toHaveLength(Number(total!.n));
  });
});

describe("a job survives its worker", () => {
  /** The reference: the same export, never interrupted. */
  async function reference(types?: ["Patient", "Observation", "Encounter"]) {
    const job = await (await clinic.as(COORD)).fhir.bulkExportStart({ groupId: "my-teams", types });
    await drain();
    return filesOf(COORD, job.id);
  }

  it("stopped after two batches and queued again, the next worker resumes at the cursor: no line twice, none missing", async () => {
    const expected = await reference();
    const coord = await clinic.as(COORD);
    const job = await coord.fhir.bulkExportStart({ groupId: "my-teams" });
    let batches = 0;
    const first = await runExportTurn(clinic.handle.db, { now: () => NOW, batchSize: 5, shouldStop: () => batches++ >= 2 });
    expect(first).toMatchObject({ jobId: job.id, batches: 2, status: "running" });
    const midway = await coord.fhir.bulkExportStatus({ jobId: job.id });
    expect(midway).toMatchObject({ status: "running", patientsDone: 10 });
    expect(midway.percent).toBeGreaterThan(0);
    expect(midway.percent).toBeLessThan(100);
    // The server stops: nothing else claims the job while its worker's heartbeat is fresh.
    expect(await runExportTurn(clinic.handle.db, { now: later(1_000) })).toBeUndefined();
    // A server that stopped cleanly queued the job again; one that died leaves a stale heartbeat. The stale one:
    const second = await runExportTurn(clinic.handle.db, { now: later(120_000), batchSize: 7 });
    expect(second).toMatchObject({ jobId: job.id, status: "completed" });
    expect(await filesOf(COORD, job.id)).toEqual(expected);
    const row = await findExportJob(clinic.handle.db, job.id);
    expect(row?.patientsDone).toBe((await teamPatientIds(COORD)).length);
    // Each patient audited once for this job, resumed or not.
    const audited = (await listAudit(clinic.handle.db, { action: bulkExportAuditAction, limit: 1000 })).filter((r) => r.entityId === job.id);
    expect(new Set(audited.map((r) => r.patientId)).size).toBe(audited.length);
    expect(audited).toHaveLength(row!.patientsDone);
  });

  it("the server's runner, stopped mid-job, queues the job again at its cursor; the next server's runner finishes it", async () => {
    const expected = await reference();
    const job = await (await clinic.as(COORD)).fhir.bulkExportStart({ groupId: "my-teams" });
    let batches = 0;
    let stopRequested: (() => void) | undefined;
    const stopAfterTwo = new Promise<void>((resolve) => (stopRequested = resolve));
    const counting: ResourcesOf = async (db, ids, options) => {
      batches += 1;
      if (batches === 2) stopRequested!();
      return patientResourcesFor(db, ids, options);
    };
    const first = startBulkExportRunner(clinic.handle.db, { now: () => NOW, batchSize: 5, pollMs: 60_000, resourcesOf: counting });
    await stopAfterTwo;
    await first.stop();
    const stopped = await findExportJob(clinic.handle.db, job.id);
    // The batch in flight committed; the job waits in the queue at its cursor, for whoever starts next.
    expect(stopped).toMatchObject({ status: "queued", patientsDone: 10, heartbeatAt: null });
    expect(stopped!.cursorPatientId).not.toBeNull();

    const second = startBulkExportRunner(clinic.handle.db, { now: () => NOW, batchSize: 5, pollMs: 50 });
    try {
      await expect.poll(async () => (await findExportJob(clinic.handle.db, job.id))?.status, { timeout: 20_000, interval: 100 }).toBe("completed");
    } finally {
      await second.stop();
    }
    expect(await filesOf(COORD, job.id)).toEqual(expected);
  });

  it("two workers asking at once: one takes the job, the other finds nothing to do", async () => {
    const expected = await reference(["Patient", "Observation", "Encounter"]);
    const job = await (await clinic.as(COORD)).fhir.bulkExportStart({ groupId: "my-teams", types: ["Patient", "Observation", "Encounter"] });
    const results = await Promise.all([runExportTurn(clinic.handle.db, { now: () => NOW, batchSize: 5 }), runExportTurn(clinic.handle.db, { now: () => NOW, batchSize: 5 })]);
    expect(results.filter((r) => r?.jobId === job.id)).toEqual([expect.objectContaining({ status: "completed" })]);
    expect(results.filter((r) => r === undefined)).toHaveLength(1);
    expect(await filesOf(COORD, job.id)).toEqual(expected);
  });

  it("a stalled worker that wakes after another took its job over writes nothing: the batch it held is refused", async () => {
    const expected = await reference(["Patient", "Observation", "Encounter"]);
    const job = await (await clinic.as(COORD)).fhir.bulkExportStart({ groupId: "my-teams", types: ["Patient", "Observation", "Encounter"] });
    let takeover: Awaited<ReturnType<typeof runExportTurn>>;
    let calls = 0;
    // The first worker stalls while reading its second batch; meanwhile another worker finds its heartbeat stale and finishes the job.
    const stalling: ResourcesOf = async (db, ids, options) => {
      calls += 1;
      if (calls === 2) takeover = await runExportTurn(clinic.handle.db, { now: later(120_000), batchSize: 5 });
      return patientResourcesFor(db, ids, options);
    };
    const stalled = await runExportTurn(clinic.handle.db, { now: () => NOW, batchSize: 5, resourcesOf: stalling });
    expect(takeover!).toMatchObject({ jobId: job.id, status: "completed" });
    expect(stalled).toMatchObject({ jobId: job.id, batches: 1, status: "lost" });
    expect(await filesOf(COORD, job.id)).toEqual(expected);
  });

  it("a batch that fails writes none of its lines and the job is marked failed", async () => {
    const job = await (await clinic.as(COORD)).fhir.bulkExportStart({ groupId: "my-teams" });
    let calls = 0;
    const failing: ResourcesOf = async (db, ids, options) => {
      calls += 1;
      if (calls === 3) throw new Error("database went away");
      return patientResourcesFor(db, ids, options);
    };
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    const result = await runExportTurn(clinic.handle.db, { now: () => NOW, batchSize: 5, resourcesOf: failing }).finally(() => (console.error = original));
    expect(result).toMatchObject({ status: "failed", batches: 2 });
    expect(errors).toHaveLength(1);
    const status = await (await clinic.as(COORD)).fhir.bulkExportStatus({ jobId: job.id });
    expect(status).toMatchObject({ status: "failed", patientsDone: 10 });
    expect(status.files.find((f) => f.type === "Patient")?.count).toBe(10);
  });
});

describe("who may start and read a job", () => {
  const roles: { email: string; role: Role }[] = [
    { email: PHYSICIAN, role: "physician" },
    { email: PHYSICIAN2, role: "physician" },
    { email: PT, role: "physical_therapist" },
    { email: PSYCH, role: "psychologist" },
    { email: COORD, role: "coordinator" },
    { email: ADMIN, role: "admin" },
  ];

  it("every role × every group: as the permission matrix and the group rule say", async () => {
    const mismatches: string[] = [];
    for (const { email, role } of roles) {
      for (const groupId of ["my-teams", "clinic"] as const) {
        const expected = can(role, "record.bulkExport") && mayExportGroup(role, groupId).allowed ? "ok" : "FORBIDDEN";
        const actual = await (await clinic.as(email)).fhir.bulkExportStart({ groupId }).then(
          () => "ok",
          (e: { code?: string }) => e.code,
        );
        if (actual !== expected) mismatches.push(`${email} ${groupId}: expected ${expected}, got ${actual}`);
      }
    }
    // Every bulk-export procedure, found from the router: a role the matrix refuses is FORBIDDEN before any job is looked up.
    const paths = Object.keys(appRouter._def.procedures as object).filter((p) => p.startsWith("fhir.bulkExport"));
    expect(paths.sort()).toEqual(["fhir.bulkExportCancel", "fhir.bulkExportFile", "fhir.bulkExportList", "fhir.bulkExportStart", "fhir.bulkExportStatus"]);
    const inputs: Record<string, unknown> = { "fhir.bulkExportStart": { groupId: "my-teams" }, "fhir.bulkExportList": undefined, "fhir.bulkExportFile": { jobId: randomUUID(), type: "Patient" } };
    for (const { email, role } of roles.filter((r) => !can(r.role, "record.bulkExport"))) {
      const caller = (await clinic.as(email)) as unknown as { fhir: Record<string, (input: unknown) => Promise<unknown>> };
      for (const path of paths) {
        const name = path.slice("fhir.".length);
        const outcome = await caller.fhir[name]!(path in inputs ? inputs[path] : { jobId: randomUUID() }).then(
          () => "ok",
          (e: { code?: string }) => e.code,
        );
        if (outcome !== "FORBIDDEN") mismatches.push(`${email} (${role}) ${path}: expected FORBIDDEN, got ${outcome}`);
      }
    }
    const patientId = await createBlankPatient(clinic, [PHYSICIAN, COORD]);
    const patient = await clinic.as(await createPatientUser(clinic, patientId));
    expect(await failure(patient.fhir.bulkExportStart({ groupId: "my-teams" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(patient.fhir.bulkExportList())).toMatchObject({ code: "FORBIDDEN" });
    expect(await failure(clinic.anonymous().fhir.bulkExportList())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(mismatches).toEqual([]);
    await drain();
  });

  it("another coordinator cannot read, download or cancel the job (NOT_FOUND, as for no job); the administrator can read it", async () => {
    const job = await (await clinic.as(COORD)).fhir.bulkExportStart({ groupId: "my-teams", types: ["Patient"] });
    await drain();
    const other = await clinic.as(SECOND_COORD);
    for (const call of [
      () => other.fhir.bulkExportStatus({ jobId: job.id }),
      () => other.fhir.bulkExportFile({ jobId: job.id, type: "Patient" }),
      () => other.fhir.bulkExportCancel({ jobId: job.id }),
    ]) {
      const error = await failure(call());
      expect(error).toMatchObject({ code: "NOT_FOUND", message: "Export job not found." });
    }
    expect((await other.fhir.bulkExportList()).map((j) => j.id)).not.toContain(job.id);
    const denied = (await listAudit(clinic.handle.db, { actorId: await clinic.userId(SECOND_COORD), limit: 10 })).filter((r) => r.outcome !== "success");
    expect(denied.length).toBeGreaterThanOrEqual(3);
    const admin = await clinic.as(ADMIN);
    expect(await admin.fhir.bulkExportStatus({ jobId: job.id })).toMatchObject({ status: "completed" });
    expect((await admin.fhir.bulkExportList()).find((j) => j.id === job.id)).toMatchObject({ requesterName: "Jordan Kim, RN" });
    expect((await (await clinic.as(COORD)).fhir.bulkExportList()).map((j) => j.id)).toContain(job.id);
  });
});

describe("cancelling", () => {
  it("a queued job is cancelled and never runs", async () => {
    const coord = await clinic.as(COORD);
    const job = await coord.fhir.bulkExportStart({ groupId: "my-teams" });
    expect(await coord.fhir.bulkExportCancel({ jobId: job.id })).toMatchObject({ status: "cancelled" });
    expect(await runExportTurn(clinic.handle.db, { now: () => NOW })).toBeUndefined();
    expect(await coord.fhir.bulkExportStatus({ jobId: job.id })).toMatchObject({ status: "cancelled", patientsDone: 0, files: [] });
  });

  it("a running job cancelled between batches stops there, and what it wrote is removed", async () => {
    const coord = await clinic.as(COORD);
    const job = await coord.fhir.bulkExportStart({ groupId: "my-teams" });
    let calls = 0;
    const cancelling: ResourcesOf = async (db, ids, options) => {
      calls += 1;
      if (calls === 3) await coord.fhir.bulkExportCancel({ jobId: job.id });
      return patientResourcesFor(db, ids, options);
    };
    expect(await runExportTurn(clinic.handle.db, { now: () => NOW, batchSize: 5, resourcesOf: cancelling })).toMatchObject({ status: "lost", batches: 2 });
    const status = await coord.fhir.bulkExportStatus({ jobId: job.id });
    expect(status).toMatchObject({ status: "cancelled", files: [] });
    expect(await failure(coord.fhir.bulkExportFile({ jobId: job.id, type: "Patient" }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("psychotherapy notes never leave in a bulk export", () => {
  it("the NDJSON carries the shared summary and nothing of the psychotherapy note", async () => {
    const CANARY = "CANARY-BULK-4e1b: what a psychotherapy note holds, never exported.";
    const SHARED = "Shared summary for the team: pacing improving.";
    const patientId = await createBlankPatient(clinic, [PHYSICIAN, PSYCH, COORD]);
    const psych = await clinic.as(PSYCH);
    const secret = await psych.psychNotes.create({ patientId, kind: "psychotherapy", body: CANARY });
    const shared = await psych.psychNotes.create({ patientId, kind: "shared_summary", body: SHARED });
    const job = await (await clinic.as(COORD)).fhir.bulkExportStart({ groupId: "my-teams" });
    await drain();
    const files = await filesOf(COORD, job.id);
    const all = [...files.values()].join("");
    expect(all).not.toContain("CANARY-");
    expect(all).not.toContain(secret.id);
    expect(all.toLowerCase()).not.toContain("psychotherapy");
    const documents = linesOf(files.get("DocumentReference")!).map((l) => JSON.parse(l) as Resource);
    expect(documents.map((d) => d.id)).toContain(shared.id);
  });
});

describe("the FHIR Bulk Data REST flow through handleFhirRequest", () => {
  const base = "http://stepwise.test/api/fhir/R4";
  async function contextOf(email: string | null) {
    if (email === null) return () => Promise.resolve(createInnerContext({ db: clinic.handle.db, session: null, bus: clinic.bus }));
    const r = await authenticate(clinic.handle.db, { email, password: demoPassword });
    if (!r.ok) throw new Error(`sign-in failed for ${email}`);
    return () => Promise.resolve(createInnerContext({ db: clinic.handle.db, session: { user: r.user, sessionId: r.sessionId }, bus: clinic.bus, now: () => NOW }));
  }
  const request = async (email: string | null, method: string, url: string, headers: Record<string, string> = {}) =>
    handleFhirRequest(new Request(url.startsWith("http") ? url : `${base}/${url}`, { method, headers }), { createContext: await contextOf(email) });

  it("kick-off 202 with a status URL, 202 with X-Progress while it runs, the manifest, NDJSON files, DELETE", async () => {
    const refused = await request(COORD, "GET", "Group/my-teams/$export");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "invalid" }] });
    expect((await request(COORD, "GET", "Group/nobody/$export", { Prefer: "respond-async" })).status).toBe(404);
    expect((await request(COORD, "GET", "Group/my-teams/$export?_type=Patient,Basic", { Prefer: "respond-async" })).status).toBe(400);
    expect((await request(COORD, "GET", "Group/clinic/$export", { Prefer: "respond-async" })).status).toBe(403);
    expect((await request(null, "GET", "Group/my-teams/$export", { Prefer: "respond-async" })).status).toBe(401);

    const kickoff = await request(COORD, "GET", "Group/my-teams/$export?_type=Patient,Condition,Encounter", { Prefer: "respond-async", Accept: "application/fhir+json" });
    expect(kickoff.status).toBe(202);
    const statusUrl = kickoff.headers.get("Content-Location")!;
    expect(statusUrl).toMatch(new RegExp(`^${base}/bulk-status/[0-9a-f-]{36}$`));

    // Halfway: one batch written.
    let batches = 0;
    await runExportTurn(clinic.handle.db, { now: () => NOW, batchSize: 20, shouldStop: () => batches++ >= 1 });
    const running = await request(COORD, "GET", statusUrl);
    expect(running.status).toBe(202);
    expect(running.headers.get("X-Progress")).toMatch(/^running: \d{1,2}% \(20 of \d+ patients, \d+ resources written\)$/);
    expect((await request(SECOND_COORD, "GET", statusUrl)).status).toBe(404);

    await runExportTurn(clinic.handle.db, { now: later(120_000) });
    const done = await request(COORD, "GET", statusUrl);
    expect(done.status).toBe(200);
    const manifest = (await done.json()) as { transactionTime: string; request: string; requiresAccessToken: boolean; output: { type: string; url: string; count: number }[]; error: unknown[] };
    expect(manifest).toMatchObject({ requiresAccessToken: true, error: [], request: `${base}/Group/my-teams/$export?_type=Patient,Condition,Encounter` });
    expect(Number.isNaN(Date.parse(manifest.transactionTime))).toBe(false);
    expect(manifest.output.map((o) => o.type).sort()).toEqual(["Condition", "Encounter", "Patient"]);
    for (const output of manifest.output) {
      const file = await request(COORD, "GET", output.url);
      expect(file.status).toBe(200);
      expect(file.headers.get("Content-Type")).toBe("application/fhir+ndjson");
      const lines = linesOf(await file.text());
      expect(lines).toHaveLength(output.count);
      expect(lines.every((l) => (JSON.parse(l) as Resource).resourceType === output.type)).toBe(true);
      expect((await request(SECOND_COORD, "GET", output.url)).status).toBe(404);
      expect((await request(null, "GET", output.url)).status).toBe(401);
    }

    const deleted = await request(COORD, "DELETE", statusUrl);
    expect(deleted.status).toBe(202);
    expect((await request(COORD, "GET", statusUrl)).status).toBe(404);
    expect((await request(COORD, "GET", manifest.output[0]!.url)).status).toBe(404);
  });
});
