/**
 * Prepares the database before the server starts: applies migrations and, with --demo, seeds the
 * demo clinic. The demo seed (with its shared demo password) never runs in production mode.
 */
import path from "node:path";
import { formatManualKey, hashPassword, isProductionMode, sealSecret, totpUri } from "@stepwise/auth";
import { connectionStringsFromEnv, demoMfaEmail, demoMfaSecret, demoPatientEmail, demoUsers, demoPassword, describeConnectionMode, openDatabase, seedDemo } from "@stepwise/db";

async function main() {
  const demo = process.argv.includes("--demo");
  if (demo && isProductionMode()) {
    throw new Error("The demo seed never runs in production mode (NODE_ENV=production without STEPWISE_DEMO=1).");
  }
  const strings = connectionStringsFromEnv();
  const dataDir = process.env.STEPWISE_DATA_DIR ?? path.resolve(import.meta.dirname, "../../../../.data/pglite");
  if (strings.url) console.log(describeConnectionMode(strings));
  const handle = await openDatabase(strings.url ? strings : { dataDir });
  try {
    console.log(`Database ready (${strings.url ? "PostgreSQL" : `PGlite at ${dataDir}`}), migrations applied.`);
    if (demo) {
      const { created } = await seedDemo(handle.db, { hashPassword, sealMfaSecret: (secret, userId) => sealSecret(secret, userId) });
      console.log(created ? "Demo clinic seeded." : "Demo clinic already present.");
      console.log(`\nDemo sign-ins (password: ${demoPassword})`);
      for (const u of demoUsers) console.log(`  ${u.email.padEnd(30)} ${u.role.padEnd(20)} ${u.name}`);
      console.log(`\nTwo-factor sign-in: ${demoMfaEmail} asks for a code after the password. Add this key to an`);
      console.log("authenticator app (time-based, 6 digits, every 30 seconds) to sign in as that account:");
      console.log(`  Key: ${formatManualKey(demoMfaSecret)}`);
      console.log(`  URI: ${totpUri(demoMfaSecret, demoMfaEmail)}`);
      console.log(`\nThe patient's side: ${demoPatientEmail} is Samuel Achterberg's own account (his plan, questionnaires, messages`);
      console.log("at /my, made for a phone). Other patients join with an invitation from their care team's plan page.");
      console.log("");
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
