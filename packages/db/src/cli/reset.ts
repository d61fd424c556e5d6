// Drops every Stepwise table in the PostgreSQL database named by DATABASE_URL (demo reset only).
import pg from "pg";

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  if (process.env.NODE_ENV === "production" && process.env.STEPWISE_DEMO !== "1") throw new Error("Refusing to reset a production database.");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("drop schema if exists drizzle cascade; drop schema public cascade; create schema public;");
    console.log("Demo data removed; the next start migrates and seeds again.");
  } finally {
    await client.end();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
