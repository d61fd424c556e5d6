import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrationsFolder, openDatabase, type DatabaseHandle } from "../client";
import type { RunSql } from "./clinic";

/** Bumped when the generator changes what it writes, so older benchmark databases are rebuilt. */
export const generatorVersion = 5;

/** A hash of every migration file: a benchmark database built on other migrations is rebuilt. */
export function schemaVersion(): string {
  const hash = createHash("sha256");
  for (const file of fs.readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    const full = path.join(migrationsFolder, file);
    if (!fs.statSync(full).isFile()) continue;
    hash.update(file).update("\0").update(fs.readFileSync(full)).update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

export function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface BenchDatabase<M> {
  /** The app's view (migrated, working as the app role, like a server given DATABASE_URL alone). */
  handle: DatabaseHandle;
  /** The owner's connection string (for EXPLAIN and maintenance). */
  ownerUrl: string;
  meta: { schemaVersion: string; generatorVersion: number; builtAt: string; key: string; manifest: M };
  reused: boolean;
}

/**
 * Opens the benchmark database `name` on the server of `baseUrl`, building it first when it is
 * missing, was built from other migrations or another generator, holds another data set (`key`), or
 * `fresh` asks for it. Building: create, migrate, then `build` with the owner's single connection
 * (so session settings hold), then a record of what was built (schema `bench`), then VACUUM ANALYZE.
 */
export async function openBenchDatabase<M>(options: {
  baseUrl: string;
  name: string;
  key: string;
  fresh: boolean;
  build: (run: RunSql, owner: DatabaseHandle) => Promise<M>;
  log?: (message: string) => void;
}): Promise<BenchDatabase<M>> {
  const log = options.log ?? (() => {});
  if (!/^[a-z_][a-z0-9_]*$/.test(options.name)) throw new Error(`Unexpected database name: ${options.name}`);
  const ownerUrl = databaseUrl(options.baseUrl, options.name);
  const version = schemaVersion();
  let meta = options.fresh ? null : await readMeta<M>(options.baseUrl, options.name);
  const current = meta !== null && meta.schemaVersion === version && meta.generatorVersion === generatorVersion && meta.key === options.key;
  if (meta && !current) log(`${options.name}: built from other migrations, generator or size — rebuilding`);
  let reused = current;
  if (!current) {
    reused = false;
    const admin = new pg.Client({ connectionString: options.baseUrl });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${options.name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${options.name}`);
    } finally {
      await admin.end();
    }
    // Migrated as a server given DATABASE_URL alone would (the app role granted what it needs).
    await (await openDatabase({ url: ownerUrl, poolSize: 1 })).close();
    const owner = await openDatabase({ url: ownerUrl, migrationUrl: ownerUrl, migrate: false, poolSize: 2 });
    try {
      const client = await owner.pool!.connect();
      let manifest: M;
      try {
        manifest = await options.build(async (statement) => (await client.query(statement)).rows as Record<string, unknown>[], owner);
        meta = { schemaVersion: version, generatorVersion, builtAt: new Date().toISOString(), key: options.key, manifest };
        await client.query(`CREATE SCHEMA IF NOT EXISTS bench`);
        await client.query(`CREATE TABLE IF NOT EXISTS bench.meta (meta jsonb NOT NULL)`);
        await client.query(`DELETE FROM bench.meta`);
        await client.query(`INSERT INTO bench.meta (meta) VALUES ($1)`, [JSON.stringify(meta)]);
        log(`${options.name}: VACUUM ANALYZE`);
        await client.query(`VACUUM ANALYZE`);
      } finally {
        client.release();
      }
    } finally {
      await owner.close();
    }
  }
  const handle = await openDatabase({ url: ownerUrl });
  return { handle, ownerUrl, meta: meta!, reused };
}

async function readMeta<M>(baseUrl: string, name: string): Promise<BenchDatabase<M>["meta"] | null> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (exists.rowCount === 0) return null;
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ connectionString: databaseUrl(baseUrl, name) });
  await client.connect();
  try {
    const rows = await client.query(`SELECT meta FROM bench.meta LIMIT 1`).catch(() => null);
    return (rows?.rows[0]?.meta as BenchDatabase<M>["meta"] | undefined) ?? null;
  } finally {
    await client.end();
  }
}

/** Runs statements as the owner on a connection of its own (EXPLAIN of a captured query). */
export async function withOwnerClient<T>(ownerUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
