// Browser journeys; with DATABASE_URL set, also the two-instance live test on PostgreSQL and the
// three instances behind nginx (`npm run cluster` on the existing build).
import { spawnSync } from "node:child_process";

const run = (args) => spawnSync("npx", ["playwright", "test", ...args], { stdio: "inherit", env: process.env }).status ?? 1;
let status = run([]);
if (process.env.DATABASE_URL) status = run(["-c", "playwright.instances.config.ts"]) || status;
if (process.env.DATABASE_URL) status = run(["-c", "playwright.cluster.config.ts"]) || status;
process.exit(status);
