import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "../client";
import { seedDemo } from "../seed/demo";
import { createTestDatabase } from "../testing";
import { generateClinic, type ClinicManifest, type RunSql } from "./clinic";

const fakeHash = async (p: string) => `test-hash:${p}`;
const runOn =
  (handle: DatabaseHandle): RunSql =>
  async (statement) =>
    ((await handle.db.execute(sql.raw(statement))) as unknown as { rows: Record<string, unknown>[] }).rows;

/** Row counts of every table with rows, read before and after the generator. */
async function counts(run: RunSql): Promise<Record<string, number>> {
  const tables = await run(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_\\_%' ORDER BY 1`);
  const out: Record<string, number> = {};
  for (const { t } of tables) out[String(t)] = Number((await run(`SELECT count(*)::int AS n FROM "${String(t)}"`))[0]!.n);
  return out;
}

const historyTables = new Set(["therapy_sessions", "assessments", "plan_events", "comments", "psych_notes", "procedures", "procedure_outcomes", "medications", "plan_items", "opioid_monitoring"]);
const notCopied = new Set(["users", "sessions", "audit_log", "login_throttle", "presence", "access_grants", "user_mfa", "mfa_recovery_codes", "password_reset_codes", "account_notices"]);
const isDerived = (table: string) => table.startsWith("patient_summar");

let handle: DatabaseHandle;
let run: RunSql;
let before: Record<string, number>;
let after: Record<string, number>;
let manifest: ClinicManifest;

beforeAll(async () => {
  handle = await createTestDatabase();
  run = runOn(handle);
  await seedDemo(handle.db, { hashPassword: fakeHash });
  before = await counts(run);
  // Foreign keys checked on every copied row (no skipped triggers): a wrong reference fails the insert.
  manifest = await generateClinic(run, { patients: 150, bigPhysicianCaseload: 50, bigCoordinatorCaseload: 80, historyFactors: [1, 3] });
  after = await counts(run);
}, 300_000);
afterAll(async () => {
  await handle?.close();
});

describe("clinic generator (benchmark data)", () => {
  it("copies the demo into whole cohorts: every table in the demo's per-patient proportions", () => {
    const cohorts = Math.round(150 / before.patients!);
    expect(manifest.cohorts).toBe(cohorts);
    expect(manifest.patients).toBe(before.patients! * cohorts);
    expect(after.patients).toBe(manifest.patients);
    const copied = Object.keys(before).filter((t) => before[t]! > 0 && !notCopied.has(t) && !isDerived(t));
    expect(copied).toEqual(expect.arrayContaining(["care_team_members", "plan_items", "therapy_sessions", "assessments", "medications", "procedures", "psych_notes", "comments", "appointments", "plan_events", "meetings"]));
    for (const table of copied) {
      if (historyTables.has(table)) expect(after[table], table).toBeGreaterThanOrEqual(before[table]! * cohorts);
      else expect(after[table], table).toBe(before[table]! * cohorts);
    }
    // The history patient repeated 3× adds exactly twice its own rows to the history tables.
    const extraSessions = after.therapy_sessions! - before.therapy_sessions! * cohorts;
    expect(extraSessions).toBe(2 * manifest.history[0]!.sessions);
    expect(manifest.history[1]!.sessions).toBe(3 * manifest.history[0]!.sessions);
    expect(manifest.history[1]!.events).toBe(3 * manifest.history[0]!.events);
    // Accounts, the audit trail and sign-in state are not copied; clinicians are.
    expect(after.audit_log).toBe(before.audit_log);
    expect(after.sessions).toBe(before.sessions);
    expect(after.users).toBe(manifest.users);
  });

  it("gives one physician and one coordinator a large caseload, everyone else a cohort's", async () => {
    expect(manifest.bigPhysician.caseload).toBeGreaterThanOrEqual(50);
    expect(manifest.bigCoordinator.caseload).toBeGreaterThanOrEqual(80);
    const loads = await run(
      `SELECT u.role, max(n)::int AS most, min(n)::int AS least FROM (SELECT user_id, count(*) AS n FROM care_team_members GROUP BY user_id) c JOIN users u ON u.id = c.user_id GROUP BY u.role`,
    );
    const byRole = Object.fromEntries(loads.map((r) => [String(r.role), r]));
    expect(Number(byRole.physician!.most)).toBe(manifest.bigPhysician.caseload);
    expect(Number(byRole.coordinator!.most)).toBe(manifest.bigCoordinator.caseload);
    expect(Number(byRole.coordinator!.least)).toBe(before.patients);
    expect(manifest.therapist.caseload).toBeGreaterThan(0);
    expect(manifest.therapist.caseload).toBeLessThan(before.patients!);
    // Every patient has exactly one lead, a physician, and each member holds the role of their account.
    const leads = await run(`SELECT count(*)::int AS n FROM patients p WHERE (SELECT count(*) FROM care_team_members m WHERE m.patient_id = p.id AND m.is_lead AND m.role = 'physician') <> 1`);
    expect(Number(leads[0]!.n)).toBe(0);
    const roles = await run(`SELECT count(*)::int AS n FROM care_team_members m JOIN users u ON u.id = m.user_id WHERE u.role <> m.role`);
    expect(Number(roles[0]!.n)).toBe(0);
  });

  it("keeps every reference inside the patient and every copy distinct", async () => {
    // A child row that references a row of another patient-scoped table references the same patient.
    const pairs = await run(
      `SELECT child.relname AS child, a.attname AS col, parent.relname AS parent
         FROM pg_constraint k JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid
         JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
        WHERE k.contype = 'f' AND parent.relname <> 'patients'
          AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = k.conrelid AND x.attname = 'patient_id')
          AND EXISTS (SELECT 1 FROM pg_attribute x WHERE x.attrelid = k.confrelid AND x.attname = 'patient_id')`,
    );
    expect(pairs.length).toBeGreaterThan(0);
    for (const { child, col, parent } of pairs) {
      const [row] = await run(`SELECT count(*)::int AS n FROM "${String(child)}" c JOIN "${String(parent)}" p ON p.id = c."${String(col)}" WHERE p.patient_id <> c.patient_id`);
      expect(Number(row!.n), `${String(child)}.${String(col)}`).toBe(0);
    }
    // References without a foreign key: plan items' goals, events' actors, appointments' clinicians.
    const strayGoals = await run(
      `SELECT count(*)::int AS n FROM plan_items i, jsonb_array_elements_text(i.goal_ids) g(id) WHERE NOT EXISTS (SELECT 1 FROM goals x WHERE x.id = g.id::uuid AND x.patient_id = i.patient_id)`,
    );
    expect(Number(strayGoals[0]!.n)).toBe(0);
    const strayActors = await run(`SELECT count(*)::int AS n FROM plan_events e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.actor_id)`);
    expect(Number(strayActors[0]!.n)).toBe(0);
    // A copied event names a clinician of the patient's own team as often as the demo does.
    const onTeam = async () =>
      Number(
        (await run(`SELECT count(*)::int AS n FROM plan_events e WHERE EXISTS (SELECT 1 FROM care_team_members m WHERE m.patient_id = e.patient_id AND m.user_id = e.actor_id)`))[0]!.n,
      );
    const demoShare = await run(
      `SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM care_team_members m WHERE m.patient_id = e.patient_id AND m.user_id = e.actor_id))::float / count(*) AS share FROM plan_events e WHERE e.patient_id IN (SELECT id FROM patients WHERE mrn NOT LIKE 'SW-2%')`,
    );
    expect((await onTeam()) / after.plan_events!).toBeCloseTo(Number(demoShare[0]!.share), 1);
    // Names and MRNs: unique MRNs, and family names spread (search finds a few, not a cohort's worth).
    const names = await run(`SELECT count(DISTINCT mrn)::int AS mrns, count(DISTINCT family_name)::int AS families FROM patients`);
    expect(Number(names[0]!.mrns)).toBe(manifest.patients);
    expect(Number(names[0]!.families)).toBeGreaterThan(manifest.patients / 3);
    expect(manifest.search.nameMatches).toBeGreaterThanOrEqual(1);
  });

  it("is deterministic: a second clinic from the same demo has the same ids, names and MRNs", { timeout: 300_000 }, async () => {
    const other = await createTestDatabase();
    try {
      const otherRun = runOn(other);
      await seedDemo(other.db, { hashPassword: fakeHash });
      const again = await generateClinic(otherRun, { patients: 150, bigPhysicianCaseload: 50, bigCoordinatorCaseload: 80, historyFactors: [1, 3] });
      const fingerprint = (r: RunSql) =>
        r(`SELECT md5(string_agg(id::text || mrn || family_name || given_name || date_of_birth::text, ',' ORDER BY id)) AS h FROM patients`).then((rows) => rows[0]!.h);
      expect(await fingerprint(otherRun)).toBe(await fingerprint(run));
      expect(again.history.map((h) => h.patientId)).toEqual(manifest.history.map((h) => h.patientId));
      expect(again.rows).toEqual(manifest.rows);
    } finally {
      await other.close();
    }
  });
});
