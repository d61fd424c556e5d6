// `npm run demo:reset`: forgets the demo clinic's data so that the next start seeds it afresh. On
// PostgreSQL (DATABASE_URL) every Stepwise table is dropped; otherwise the embedded folder is removed,
// unless a live process holds it.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { defaultDataDir } from "../client";
import { clearStaleLock, lockPathFor } from "../folder-lock";

async function resetPostgres(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("drop schema if exists drizzle cascade; drop schema public cascade; create schema public;");
    console.log("Demo data removed; the next start migrates and seeds again.");
  } finally {
    await client.end();
  }
}

function resetEmbedded(dataDir: string) {
  const lock = clearStaleLock(dataDir);
  if (lock.state === "held") {
    const { pid, host } = lock.owner;
    throw new Error(`Stop the running server first: ${dataDir} is open in process ${pid} on ${host} (${lockPathFor(dataDir)}).`);
  }
  if (lock.state === "stale") {
    const by = lock.owner ? `process ${lock.owner.pid}, which is no longer running` : "an unreadable owner";
    console.log(`Removed the stale lock ${lockPathFor(dataDir)} (left by ${by}).`);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  console.log(`Removed ${dataDir}. The next \`npm start\` seeds a fresh demo clinic.`);
}

async function main() {
  if (process.env.NODE_ENV === "production" && process.env.STEPWISE_DEMO !== "1") throw new Error("Refusing to reset a production database.");
  // Dropping the tables takes their owner: the migration role when the two are separate.
  const url = process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || undefined;
  if (url) await resetPostgres(url);
  else resetEmbedded(path.resolve(defaultDataDir()));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
