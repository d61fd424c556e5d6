import { authenticate, hashPassword } from "@stepwise/auth";
import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { createBus, demoPassword, findUserByEmail, insertRow, schema, seedDemo, type DatabaseHandle, type LiveBus } from "@stepwise/db";
import { createTestDatabase } from "@stepwise/db/testing";
import { createInnerContext } from "./context";
import { createCaller } from "./root";

export interface Clinic {
  handle: DatabaseHandle;
  /** Shared by every caller of this clinic, like one server instance. */
  bus: LiveBus;
  /** A caller signed in as a demo user, through the real sign-in path. */
  as(email: string, now?: () => Date, signal?: AbortSignal): Promise<ReturnType<typeof createCaller>>;
  anonymous(): ReturnType<typeof createCaller>;
  userId(email: string): Promise<string>;
  close(): Promise<void>;
}

export async function openSeededClinic(): Promise<Clinic> {
  const handle = await createTestDatabase();
  await seedDemo(handle.db, { hashPassword });
  const bus = await createBus(handle);
  const sessions = new Map<string, Awaited<ReturnType<typeof authenticate>>>();
  const login = async (email: string) => {
    let result = sessions.get(email);
    if (!result) {
      result = await authenticate(handle.db, { email, password: demoPassword });
      sessions.set(email, result);
    }
    if (!result.ok) throw new Error(`demo login failed for ${email}`);
    return result;
  };
  return {
    handle,
    bus,
    async as(email, now, signal) {
      const r = await login(email);
      return createCaller(createInnerContext({ db: handle.db, session: { user: r.user, sessionId: r.sessionId }, now, bus }), { signal });
    },
    anonymous: () => createCaller(createInnerContext({ db: handle.db, session: null, bus })),
    async userId(email) {
      return (await login(email)).user.id;
    },
    close: async () => {
      await bus.close();
      await handle.close();
    },
  };
}

/**
 * A patient of the test's own with an empty clinical record (the demo seed gives every demo patient
 * a rich one), on the care team of exactly `teamEmails`, each in their user role; the first
 * physician listed is the lead. Returns the patient's id.
 */
export async function createBlankPatient(clinic: Clinic, teamEmails: readonly string[]): Promise<string> {
  const db = clinic.handle.db;
  const label = `Blank-${randomUUID().slice(0, 8)}`;
  const patient = await insertRow(db, schema.patients, {
    mrn: `T-${label}`,
    givenName: "Test",
    familyName: label,
    dateOfBirth: "1970-01-01",
    sex: "female",
    primaryCondition: "Chronic low back pain",
  });
  let hasLead = false;
  for (const email of teamEmails) {
    const user = await findUserByEmail(db, email);
    if (!user) throw new Error(`no user ${email}`);
    const role = user.role;
    if (role === "admin" || role === "patient") throw new Error(`${email} is ${role === "admin" ? "an admin" : "a patient"} and cannot join a care team`);
    const isLead: boolean = !hasLead && role === "physician";
    if (isLead) hasLead = true;
    await insertRow(db, schema.careTeamMembers, { patientId: patient.id, userId: user.id, role, isLead });
  }
  return patient.id;
}

/** The demo password's hash, computed once: every test patient account signs in with it. */
let patientPasswordHash: Promise<string> | undefined;

/**
 * A `patient` account linked to `patientId` (the portal's one record), signing in with the demo
 * password like the demo users. Returns its email.
 */
export async function createPatientUser(clinic: Clinic, patientId: string, label = "patient"): Promise<string> {
  const db = clinic.handle.db;
  const email = `${label}-${randomUUID().slice(0, 8)}@patients.stepwise.test`;
  patientPasswordHash ??= hashPassword(demoPassword);
  const user = await insertRow(db, schema.users, { email, name: `Patient ${email.slice(0, 16)}`, role: "patient", passwordHash: await patientPasswordHash });
  const staff = await findUserByEmail(db, demoEmails.COORD);
  if (!staff) throw new Error("no demo coordinator");
  await insertRow(db, schema.patientAccounts, { userId: user.id, patientId, createdBy: staff.id });
  return email;
}

/**
 * Takes a signed-in patient's access away behind their session's back: the link revoked, or the
 * account deactivated (as a revocation does both, each is tested alone).
 */
export async function cutPatientAccess(clinic: Clinic, email: string, how: "revoke_link" | "deactivate_account"): Promise<void> {
  const userId = await clinic.userId(email);
  const statement = how === "revoke_link" ? "update patient_accounts set revoked_at = now() where user_id = $1" : "update users set active = false where id = $1";
  await queryRows(clinic.handle, statement, [userId]);
}

/** Runs one SQL statement on the database, PGlite or PostgreSQL alike, and returns its rows. */
export async function queryRows(handle: DatabaseHandle, statement: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (handle.pglite) return (await handle.pglite.query<Record<string, unknown>>(statement, params)).rows;
  return (await handle.pool!.query(statement, params)).rows as Record<string, unknown>[];
}

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * Runs `run` and counts the SQL statements it sends, at the driver (drizzle's own logger cannot be
 * added to a database that already exists): on PGlite, the client's query and exec and those of
 * its transactions (BEGIN and COMMIT counted as the round trips they are on PostgreSQL); on
 * PostgreSQL, pool.query and the query of every client checked out of the pool meanwhile (how
 * drizzle runs a transaction). Everything is put back afterwards. Nothing else may use the database
 * while it runs, or its statements are counted too.
 */
export async function countQueries<T>(handle: DatabaseHandle, run: () => Promise<T>): Promise<{ value: T; queries: number; statements: string[] }> {
  const statements: string[] = [];
  const record = (query: unknown) => {
    const text = typeof query === "string" ? query : (query as { text?: unknown } | null)?.text;
    statements.push(typeof text === "string" ? text.replace(/\s+/g, " ").trim() : String(query));
  };
  const restores: (() => void)[] = [];
  /** Replaces target[key] until the end of the run (or an earlier call of the returned restore). */
  const intercept = (target: object, key: string, wrap: (original: AnyFunction) => AnyFunction) => {
    const slots = target as Record<string, unknown>;
    const own = Object.prototype.hasOwnProperty.call(target, key);
    const original = slots[key] as AnyFunction;
    slots[key] = wrap(original);
    let restored = false;
    const restore = () => {
      if (restored) return;
      restored = true;
      if (own) slots[key] = original;
      else delete slots[key];
    };
    restores.push(restore);
    return restore;
  };
  const counting = (original: AnyFunction): AnyFunction =>
    function (this: unknown, ...args: unknown[]) {
      record(args[0]);
      return original.apply(this, args);
    };

  if (handle.pglite) {
    const client = handle.pglite;
    intercept(client, "query", counting);
    intercept(client, "exec", counting);
    intercept(client, "transaction", (original) =>
      function (this: unknown, ...args: unknown[]) {
        const [callback, ...rest] = args as [(tx: object) => Promise<unknown>, ...unknown[]];
        record("BEGIN");
        const wrapped = async (tx: object) => {
          // The transaction object is new per call and dies with it: no restore needed.
          for (const key of ["query", "exec"]) (tx as Record<string, unknown>)[key] = counting((tx as Record<string, AnyFunction>)[key]!);
          return callback(tx);
        };
        return (original.call(this, wrapped, ...rest) as Promise<unknown>).finally(() => record("COMMIT"));
      },
    );
  }
  if (handle.pool) {
    const pool = handle.pool;
    intercept(pool, "query", counting);
    // pool.query checks a client out with a callback (already counted above); drizzle's transactions
    // check one out as a promise and send every statement, BEGIN and COMMIT included, through it.
    intercept(pool, "connect", (original) =>
      function (this: unknown, ...args: unknown[]) {
        const result = original.apply(this, args);
        if (args.length > 0) return result;
        return (result as Promise<object>).then((client) => {
          // Back in the pool, the client may serve pool.query, which is counted already.
          const restoreQuery = intercept(client, "query", counting);
          const restoreRelease = intercept(client, "release", (release) =>
            function (this: unknown, ...releaseArgs: unknown[]) {
              restoreQuery();
              restoreRelease();
              return release.apply(this, releaseArgs);
            },
          );
          return client;
        });
      },
    );
  }
  try {
    const value = await run();
    return { value, queries: statements.length, statements };
  } finally {
    for (const restore of restores.reverse()) restore();
  }
}

/** The TRPCError a call fails with (and a test failure if it succeeds). */
export async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof TRPCError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

/** The demo clinic's sign-ins, for tests that walk every role. */
export const demoEmails = {
  PHYSICIAN: "physician@stepwise.test",
  PHYSICIAN2: "physician2@stepwise.test",
  PT: "pt@stepwise.test",
  PT2: "pt2@stepwise.test",
  PSYCH: "psychologist@stepwise.test",
  COORD: "coordinator@stepwise.test",
  ADMIN: "admin@stepwise.test",
} as const;

export type Who = "physician" | "physician2" | "pt" | "pt2" | "psychologist" | "coordinator" | "admin" | "anonymous";

/** Every demo caller by name, and the anonymous one (null). */
export const everyCaller: Record<Who, string | null> = {
  physician: demoEmails.PHYSICIAN,
  physician2: demoEmails.PHYSICIAN2,
  pt: demoEmails.PT,
  pt2: demoEmails.PT2,
  psychologist: demoEmails.PSYCH,
  coordinator: demoEmails.COORD,
  admin: demoEmails.ADMIN,
  anonymous: null,
};

/**
 * A medial branch block at L4-L5 on the left as a physician proposes it, for tests that need an
 * order on a patient; `fields` replace any of its own (another level, side or wording).
 */
export const mbbOrder = (patientId: string, fields: Record<string, unknown> = {}) => ({
  patientId,
  procedureType: "medial_branch_block" as const,
  level: "L4-L5",
  side: "left" as "left" | "right",
  region: "lumbar" as const,
  indication: "Axial low back pain, facet-mediated pattern on examination",
  intent: "Diagnostic: confirm the L4-L5 facet joint as the pain generator",
  expectedBenefit: "Short-lived relief that predicts the benefit of ablation",
  alternatives: "Continue physical therapy; facet joint injection",
  followUpPlan: "Pain diary for 6 hours; review at 2 weeks",
  ...fields,
});

/**
 * A physician proposes `mbbOrder(patientId)` and overrides, with `reason`, every criterion its
 * checklist leaves open, so the order can be approved on any record. Returns the order's id and
 * the version to approve.
 */
export async function proposeOverridden(clinic: Clinic, patientId: string, reason: string): Promise<{ id: string; version: number }> {
  const doc = await clinic.as(demoEmails.PHYSICIAN);
  const order = await doc.procedures.propose(mbbOrder(patientId));
  const checklist = await doc.procedures.evaluateCandidacy({ patientId, procedureType: order.procedureType, target: { level: order.level, side: order.side } });
  let version = order.version;
  for (const c of checklist.criteria.filter((x) => x.status !== "met")) {
    version = (await doc.procedures.overrideCriterion({ patientId, procedureId: order.id, criterionId: c.id, reason })).version;
  }
  return { id: order.id, version };
}
