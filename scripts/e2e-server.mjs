// The server Playwright starts: a fresh demo clinic (its own PGlite folder, or its own PostgreSQL
// database when DATABASE_URL is set), seeded, on the production build. STEPWISE_E2E_KEEP=1 restarts
// on the existing data instead (the resume test kills and restarts the server).
import fs from "node:fs";
import { pnpm, spawnPnpm } from "./lib.mjs";

const keep = process.env.STEPWISE_E2E_KEEP === "1";
if (!keep) {
  if (process.env.DATABASE_URL) {
    pnpm(["--filter", "@stepwise/db", "exec", "tsx", "src/cli/recreate-database.ts"]);
  } else {
    const dataDir = process.env.STEPWISE_DATA_DIR;
    if (!dataDir) throw new Error("STEPWISE_DATA_DIR must name the e2e data folder");
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(`${dataDir}.lock`, { force: true });
  }
  pnpm(["--filter", "@stepwise/api", "run", "setup", "--demo"]);
}
const ports = (process.env.E2E_PORTS ?? process.env.PORT ?? "3100").split(",");
// Several instances on one database (PostgreSQL only): started one after another.
const servers = ports.map((port) => spawnPnpm(["--filter", "@stepwise/web", "exec", "next", "start", "-p", port], { env: { PORT: port } }));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => servers.forEach((s) => s.kill(signal)));
for (const s of servers) s.on("exit", (code) => process.exit(code ?? 0));
