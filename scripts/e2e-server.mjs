// The server Playwright starts: a fresh demo clinic (its own PGlite folder, or its own PostgreSQL
// database when DATABASE_URL is set), seeded, on the production build. STEPWISE_E2E_KEEP=1 restarts
// on the existing data instead (the resume test kills and restarts the server).
import { pnpm, serveWeb } from "./lib.mjs";

const keep = process.env.STEPWISE_E2E_KEEP === "1";
if (!keep) {
  if (process.env.DATABASE_URL) {
    pnpm(["--filter", "@stepwise/db", "exec", "tsx", "src/cli/recreate-database.ts"]);
  } else {
    if (!process.env.STEPWISE_DATA_DIR) throw new Error("STEPWISE_DATA_DIR must name the e2e data folder");
    pnpm(["--filter", "@stepwise/db", "exec", "tsx", "src/cli/reset.ts"]);
  }
  pnpm(["--filter", "@stepwise/api", "run", "setup", "--demo"]);
}
const ports = (process.env.E2E_PORTS ?? process.env.PORT ?? "3100").split(",");
// Several instances on one database (PostgreSQL only).
serveWeb(ports);
