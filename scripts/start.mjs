// `npm start`: install, migrate, seed the demo clinic, build, and serve on http://localhost:3000.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { install, pnpm, root, spawnPnpm, step } from "./lib.mjs";

const dataRoot = path.join(root, ".data");
fs.mkdirSync(dataRoot, { recursive: true });

// The demo keeps a generated signing secret beside its data; production passes AUTH_SECRET itself.
const secretFile = path.join(dataRoot, "auth-secret");
if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, crypto.randomBytes(33).toString("base64"), { mode: 0o600 });

const env = {
  STEPWISE_DEMO: "1",
  AUTH_SECRET: process.env.AUTH_SECRET ?? fs.readFileSync(secretFile, "utf8").trim(),
  STEPWISE_DATA_DIR: process.env.STEPWISE_DATA_DIR ?? path.join(dataRoot, "pglite"),
  PORT: process.env.PORT ?? "3000",
  NEXT_TELEMETRY_DISABLED: "1",
};

step("Installing dependencies");
install();
step("Preparing the database and the demo clinic");
pnpm(["--filter", "@stepwise/api", "run", "setup", "--demo"], { env });
step("Building the web app");
pnpm(["exec", "turbo", "run", "build", "--filter", "@stepwise/web", "--output-logs=errors-only"], { env: { ...env, TURBO_TELEMETRY_DISABLED: "1" } });
step(`Starting Stepwise on http://localhost:${env.PORT}`);
console.log("Demo sign-ins are listed above (password: stepwise-demo). Stop with Ctrl+C.\n");
const server = spawnPnpm(["--filter", "@stepwise/web", "exec", "next", "start", "-p", env.PORT], { env: { ...env, NODE_ENV: "production" } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
