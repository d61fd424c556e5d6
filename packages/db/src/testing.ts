import { randomBytes } from "node:crypto";
import pg from "pg";
import { eq, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { openDatabase, type Database, type DatabaseHandle } from "./client";
import { careTeamMembers, patients } from "./schema";

export type TestDatabaseKind = "pglite" | "postgres";

/** Which database this test run targets: vitest projects set STEPWISE_TEST_DB. */
export function testDatabaseKind(): TestDatabaseKind {
  return process.env.STEPWISE_TEST_DB === "postgres" ? "postgres" : "pglite";
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated, isolated database: PGlite in memory, or a new PostgreSQL database of its own
 * (so reruns and parallel test files never collide), dropped again on close.
 */
export async function createTestDatabase(kind: TestDatabaseKind = testDatabaseKind()): Promise<DatabaseHandle> {
  if (kind === "pglite") return openDatabase();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("STEPWISE_TEST_DB=postgres needs DATABASE_URL");
  const name = `stepwise_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  // DATABASE_URL alone: the handle works as the app role, like a server given one connection string.
  const ownerUrl = withDatabase(url, name);
  const handle = await openDatabase({ url: ownerUrl, poolSize: 25 });
  const test: DatabaseHandle = {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: url });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
  ownerUrls.set(test, ownerUrl);
  return test;
}

const ownerUrls = new WeakMap<DatabaseHandle, string>();

/**
 * A statement of the test's own that needs the owner (fault injection: ALTER TABLE …), since a test
 * database's handle works as the app role on PostgreSQL. On PGlite there is one role: the handle's.
 */
export async function queryAsOwner(handle: DatabaseHandle, statement: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (handle.pglite) return (await handle.pglite.query<Record<string, unknown>>(statement, params)).rows;
  const ownerUrl = ownerUrls.get(handle);
  if (!ownerUrl) throw new Error("queryAsOwner needs a handle from createTestDatabase");
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return (await client.query(statement, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

export async function careTeamPatientIds(db: Database, userId: string): Promise<string[]> {
  const rows = await db.select({ id: careTeamMembers.patientId }).from(careTeamMembers).where(eq(careTeamMembers.userId, userId));
  return rows.map((r) => r.id);
}

export async function allPatientIds(db: Database): Promise<string[]> {
  return (await db.select({ id: patients.id }).from(patients)).map((r) => r.id);
}

export async function countRows(db: Database, table: PgTable): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(table);
  return row?.n ?? 0;
}
