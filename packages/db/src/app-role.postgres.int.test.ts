import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { appConnectionWarning, appRoleName, appTablePrivileges, privilegesForTable, withAppRole } from "./app-role";
import { openDatabase, type DatabaseHandle } from "./client";
import { listAudit, writeAudit } from "./repos/audit";
import { addCareTeamMember, removeCareTeamMember } from "./repos/care-team";
import { seedDemo, demoUserId } from "./seed/demo";
import { auditLog, careTeamMembers, patients } from "./schema";
import { countRows, createTestDatabase, queryAsOwner } from "./testing";

// The server's two ways of working as the app role on PostgreSQL:
//   shared   — DATABASE_URL alone (the owner); the app's connections drop to stepwise_app at connect;
//   separate — MIGRATION_DATABASE_URL for the owner, DATABASE_URL a login that is a member of stepwise_app.
let shared: DatabaseHandle;
let separate: DatabaseHandle;
let ownerUrl: string;
const login = `stepwise_app_login_${randomBytes(4).toString("hex")}`;

function withoutRole(url: string): string {
  const u = new URL(url);
  u.searchParams.delete("options");
  return u.toString();
}

beforeAll(async () => {
  shared = await createTestDatabase("postgres");
  ownerUrl = withoutRole(shared.url!);
  await queryAsOwner(shared, `create role ${login} login in role ${appRoleName}`);
  const loginUrl = new URL(ownerUrl);
  loginUrl.username = login;
  loginUrl.password = "";
  separate = await openDatabase({ url: loginUrl.toString(), migrationUrl: ownerUrl });
  await seedDemo(separate.db, { hashPassword: async () => "not-a-password-hash" });
  await writeAudit(separate.db, { action: "test.kept", outcome: "success" });
});
afterAll(async () => {
  await separate?.close();
  await shared?.close();
  if (ownerUrl) {
    // The login role is cluster-wide; the test database (and every grant in it) is gone by now.
    const pg = (await import("pg")).default;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop role if exists ${login}`).finally(() => admin.end());
  }
});

/** Every statement the app role must be refused on audit_log, and the error PostgreSQL 15 gives. */
const refused: [string, string, RegExp][] = [
  ["UPDATE", "update audit_log set outcome = 'denied'", /permission denied for table audit_log/],
  ["DELETE", "delete from audit_log", /permission denied for table audit_log/],
  ["TRUNCATE", "truncate audit_log", /permission denied for table audit_log/],
  ["DISABLE TRIGGER", "alter table audit_log disable trigger audit_log_no_update_delete", /must be owner of table audit_log/],
  ["DISABLE TRIGGER ALL", "alter table audit_log disable trigger all", /must be owner of table audit_log/],
  ["DROP TRIGGER", "drop trigger audit_log_no_update_delete on audit_log", /must be owner of (relation|table) audit_log/],
  ["SET session_replication_role", "set session_replication_role = replica", /permission denied to set parameter "session_replication_role"/],
  ["DROP TABLE", "drop table audit_log", /must be owner of table audit_log/],
  ["DROP FUNCTION", "drop function audit_log_reject_change()", /must be owner of function audit_log_reject_change/],
  ["ALTER OWNER", `alter table audit_log owner to ${appRoleName}`, /must be owner of table audit_log/],
];

describe.each([
  ["one connection string (SET ROLE at connect)", () => shared],
  ["two connection strings (a login of the app role)", () => separate],
])("the app role on PostgreSQL, %s", (_mode, handle) => {
  it("works as stepwise_app, which is no superuser and owns no table", async () => {
    const { rows } = await handle().pool!.query<{ role: string; superuser: boolean; owned: number }>(
      `select current_user as role, (select rolsuper from pg_roles where rolname = current_user) as superuser,
              (select count(*)::int from pg_class c where pg_has_role(current_user, c.relowner, 'USAGE') and c.relnamespace = 'public'::regnamespace) as owned`,
    );
    expect(rows[0]!.role === appRoleName || rows[0]!.role === login).toBe(true);
    expect(rows[0]!.superuser).toBe(false);
    expect(rows[0]!.owned).toBe(0);
    const sequences = await handle().pool!.query<{ usage: boolean; select: boolean }>(
      "select has_sequence_privilege('audit_log_id_seq', 'USAGE') as usage, has_sequence_privilege('audit_log_id_seq', 'SELECT') as select",
    );
    expect(sequences.rows[0]).toEqual({ usage: true, select: false });
  });

  it.each(refused)("is refused %s on audit_log", async (_name, statement, message) => {
    const pool = handle().pool!;
    const before = await countRows(handle().db, auditLog);
    const error = (await pool.query(statement).then(
      () => null,
      (e: unknown) => e,
    )) as { code?: string; message?: string } | null;
    expect(error, statement).not.toBeNull();
    expect(error!.code).toBe("42501");
    expect(error!.message).toMatch(message);
    expect(await countRows(handle().db, auditLog)).toBe(before);
    const { rows } = await pool.query<{ n: number }>("select count(*)::int as n from pg_trigger where tgrelid = 'audit_log'::regclass and tgenabled = 'O'");
    expect(rows[0]!.n).toBe(2);
  });

  it("still does the app's work: a write and its audit row in one transaction, a removal where one is allowed", async () => {
    const db = handle().db;
    const [patient] = await db.select({ id: patients.id }).from(patients).limit(1);
    const coordinator = demoUserId("coordinator@stepwise.test");
    const action = `test.app-role.${randomBytes(3).toString("hex")}`;
    await db.transaction(async (tx) => {
      await removeCareTeamMember(tx, patient!.id, coordinator);
      await addCareTeamMember(tx, { patientId: patient!.id, userId: coordinator, role: "coordinator" });
      await writeAudit(tx, { action, outcome: "success", patientId: patient!.id });
    });
    const member = await db.select().from(careTeamMembers).where(and(eq(careTeamMembers.patientId, patient!.id), eq(careTeamMembers.userId, coordinator)));
    expect(member).toHaveLength(1);
    expect(await listAudit(db, { action })).toHaveLength(1);
    expect(await listAudit(db, { action: "test.kept" })).toHaveLength(1);
  });
});

describe("the grant step run after every migration", () => {
  it("gives each table exactly its listed privileges: audit_log and plan_events only SELECT and INSERT", async () => {
    const tables = (await queryAsOwner(shared, "select tablename from pg_tables where schemaname = 'public' order by 1")).map((r) => String(r.tablename));
    expect(tables).toEqual(expect.arrayContaining(Object.keys(appTablePrivileges)));
    for (const table of tables) {
      const rows = await queryAsOwner(
        shared,
        `select privilege_type from information_schema.role_table_grants where grantee = $1 and table_schema = 'public' and table_name = $2 order by 1`,
        [appRoleName, table],
      );
      expect(rows.map((r) => r.privilege_type), table).toEqual([...privilegesForTable(table)].sort());
    }
    expect(privilegesForTable("audit_log")).toEqual(["SELECT", "INSERT"]);
    expect(privilegesForTable("plan_events")).toEqual(["SELECT", "INSERT"]);
  });

  it("covers a table a later migration adds, once the next start has migrated", async () => {
    await queryAsOwner(shared, "create table later_feature (id bigserial primary key, note text)");
    const refusedBefore = await shared.pool!.query("insert into later_feature (note) values ('x')").catch((e: unknown) => e);
    expect((refusedBefore as { code?: string }).code).toBe("42501");
    const restarted = await openDatabase({ url: ownerUrl });
    try {
      await restarted.pool!.query("insert into later_feature (note) values ('x')");
      expect((await restarted.pool!.query("select current_user as role")).rows[0].role).toBe(appRoleName);
    } finally {
      await restarted.close();
    }
  });

  it("refuses to start when DATABASE_URL alone is not the owner, and says what to give", async () => {
    const loginUrl = new URL(ownerUrl);
    loginUrl.username = login;
    await expect(openDatabase({ url: loginUrl.toString() })).rejects.toThrow(/DATABASE_URL \(given alone, it migrates\) must connect as the tables' owner/);
  });

  it("warns at start when DATABASE_URL is the owner while MIGRATION_DATABASE_URL is given too, and not otherwise", async () => {
    expect(await appConnectionWarning(shared.pool!)).toBeNull();
    expect(await appConnectionWarning(separate.pool!)).toBeNull();
    const misconfigured = await openDatabase({ url: ownerUrl, migrationUrl: ownerUrl, migrate: false });
    try {
      expect(await appConnectionWarning(misconfigured.pool!)).toMatch(/is a superuser: it could disable the audit log's trigger/);
    } finally {
      await misconfigured.close();
    }
  });

  it("applies the role as a connection option the bus and every other connection inherit", () => {
    expect(shared.url).toBe(withAppRole(ownerUrl));
    expect(withAppRole(shared.url!)).toBe(shared.url);
  });
});
