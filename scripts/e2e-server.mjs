// The server Playwright starts: a fresh embedded clinic in its own folder, seeded, on the production build.
import fs from "node:fs";
import { pnpm, spawnPnpm } from "./lib.mjs";

const dataDir = process.env.STEPWISE_DATA_DIR;
if (!dataDir) throw new Error("STEPWISE_DATA_DIR must name the e2e data folder");
fs.rmSync(dataDir, { recursive: true, force: true });
fs.rmSync(`${dataDir}.lock`, { force: true });
pnpm(["--filter", "@stepwise/api", "run", "setup", "--demo"]);
const port = process.env.PORT ?? "3100";
const server = spawnPnpm(["--filter", "@stepwise/web", "exec", "next", "start", "-p", port]);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
