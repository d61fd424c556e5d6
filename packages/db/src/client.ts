import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { appConnectionWarning, appRoleName, connectionStringsFromEnv, describeConnectionMode, grantAppRole, withAppRole } from "./app-role";
import { acquireFolderLock } from "./folder-lock";
import * as schema from "./schema";

export { DatabaseLockedError } from "./folder-lock";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
/** The handle a transaction callback receives; repositories accept either. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DbOrTx = Database | Tx;

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** The app's connection string, on PostgreSQL (with the app role applied): the live bus opens its own listening connection with it. */
  url?: string;
  /** Present on PostgreSQL: used for LISTEN and for tests that need a raw connection. */
  pool?: pg.Pool;
  pglite?: PGlite;
  close(): Promise<void>;
}

/** Resolved from this file, never the cwd (a computed path also keeps bundlers from inlining it as an asset). */
export const migrationsFolder = process.env.STEPWISE_MIGRATIONS_DIR ?? path.join(/*turbopackIgnore: true*/ path.dirname(fileURLToPath(import.meta.url)), "..", "migrations");

/** Contrib extensions the migrations create (trigram search on names and MRNs). */
const pgliteExtensions = { pg_trgm };

export interface OpenOptions {
  /**
   * PostgreSQL connection string; when absent, PGlite is used. Alone, it also migrates and the app
   * then drops to the app role (see app-role.ts); with `migrationUrl`, it is the app role's login.
   */
  url?: string;
  /** The owner's connection string, for migrations and grants (MIGRATION_DATABASE_URL). */
  migrationUrl?: string;
  /** PGlite data folder; omitted means in memory. */
  dataDir?: string;
  migrate?: boolean;
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  const shouldMigrate = options.migrate ?? true;
  if (options.url) {
    const shared = !options.migrationUrl;
    if (shouldMigrate) {
      await migratePostgres(options.migrationUrl ?? options.url, { canSetRole: shared }).catch((error: unknown) => {
        if ((error as { code?: string }).code !== "42501" && (error as { cause?: { code?: string } }).cause?.code !== "42501") throw error;
        const which = shared ? "DATABASE_URL (given alone, it migrates)" : "MIGRATION_DATABASE_URL";
        throw new Error(`${which} must connect as the tables' owner, able to create the role ${appRoleName}: ${(error as Error).message}`, { cause: error });
      });
    }
    const url = shared ? withAppRole(options.url) : options.url;
    const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle client dropped by the server (restart, failover, admin termination) must not crash
    // the process: the pool discards it and the next query opens a fresh connection.
    pool.on("error", (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
    const db = drizzlePg({ client: pool, schema, casing: "snake_case" }) as unknown as Database;
    return { db, kind: "postgres", url, pool, close: () => pool.end() };
  }

  let release: () => void = () => {};
  let client: PGlite;
  if (options.dataDir) {
    const dataDir = path.resolve(/*turbopackIgnore: true*/ options.dataDir);
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    release = acquireFolderLock(dataDir);
    const partial =
      fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0 && !fs.existsSync(path.join(dataDir, "PG_VERSION"));
    if (partial) {
      release();
      throw new Error(
        `The embedded database at ${dataDir} is incomplete (an earlier first start was interrupted). ` +
          `Reset the demo data with \`npm run demo:reset\` and start again.`,
      );
    }
    try {
      client = new PGlite(dataDir, { extensions: pgliteExtensions });
      await client.waitReady;
    } catch (error) {
      release();
      throw new Error(
        `The embedded database at ${dataDir} could not be opened (${(error as Error).message}). ` +
          `If an earlier start was interrupted, reset the demo data with \`npm run demo:reset\`.`,
        { cause: error },
      );
    }
  } else {
    client = new PGlite({ extensions: pgliteExtensions });
    await client.waitReady;
  }
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Database;
  try {
    if (shouldMigrate) await migratePglite(drizzlePglite({ client, casing: "snake_case" }), { migrationsFolder });
  } catch (error) {
    await client.close().catch(() => {});
    release();
    throw error;
  }
  return {
    db,
    kind: "pglite",
    pglite: client,
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        release();
      }
    },
  };
}

/** Migrates as the owner, then grants the app role what it needs on every table (app-role.ts). */
async function migratePostgres(ownerUrl: string, options: { canSetRole: boolean }): Promise<void> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  pool.on("error", (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  try {
    await migratePg(drizzlePg({ client: pool, casing: "snake_case" }), { migrationsFolder });
    const client = await pool.connect();
    try {
      await grantAppRole(client, options);
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

/** The embedded database's folder: STEPWISE_DATA_DIR, or `.data/pglite` at the repository root. */
export const defaultDataDir = () =>
  process.env.STEPWISE_DATA_DIR ?? path.join(/*turbopackIgnore: true*/ path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", ".data", "pglite");

type GlobalWithDb = typeof globalThis & { __stepwiseDb?: Promise<DatabaseHandle> };

/**
 * The process-wide database. Next.js evaluates server modules more than once per process, so the
 * handle lives on globalThis; a failed open is not cached, so the next request retries.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  const g = globalThis as GlobalWithDb;
  if (!g.__stepwiseDb) {
    let strings: ReturnType<typeof connectionStringsFromEnv>;
    try {
      strings = connectionStringsFromEnv();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const opening = strings.url ? openDatabase(strings) : openDatabase({ dataDir: defaultDataDir() });
    g.__stepwiseDb = opening;
    opening.then(
      (handle) => {
        if (handle.kind === "postgres") {
          console.log(describeConnectionMode(strings));
          void appConnectionWarning(handle.pool!).then(
            (warning) => warning && console.warn(warning),
            () => {},
          );
        }
        if (process.env.STEPWISE_DEBUG_DB) console.log(`database: ${handle.kind}, migrations from ${migrationsFolder}`);
      },
      () => {
        if (g.__stepwiseDb === opening) g.__stepwiseDb = undefined;
      },
    );
  }
  return g.__stepwiseDb;
}

/**
 * Closes the process-wide database if it was opened (waiting for an open in progress), releasing
 * the embedded folder's lock. Queries and transactions already running finish first.
 */
export async function closeDatabase(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const opening = g.__stepwiseDb;
  if (!opening) return;
  const handle = await opening.catch(() => undefined);
  if (g.__stepwiseDb === opening) g.__stepwiseDb = undefined;
  await handle?.close();
}
