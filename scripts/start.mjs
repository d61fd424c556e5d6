// `npm start`: install, migrate, seed the demo clinic, build, and serve on http://localhost:3000.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { install, pnpm, root, serveWeb, step } from "./lib.mjs";

const dataRoot = path.join(root, ".data");
fs.mkdirSync(dataRoot, { recursive: true });

// The demo keeps a generated signing secret beside its data; production passes AUTH_SECRET itself.
const secretFile = path.join(dataRoot, "auth-secret");
if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, crypto.randomBytes(33).toString("base64"), { mode: 0o600 });

const env = {
  STEPWISE_DEMO: "1",
  AUTH_SECRET: process.env.AUTH_SECRET ?? fs.readFileSync(secretFile, "utf8").trim(),
  // Absolute: the setup and the server each run in their own package folder.
  STEPWISE_DATA_DIR: path.resolve(process.env.STEPWISE_DATA_DIR ?? path.join(dataRoot, "pglite")),
  PORT: process.env.PORT ?? "3000",
  NEXT_TELEMETRY_DISABLED: "1",
};

// STEPWISE_SKIP_BUILD=1 is for the test that stops this very script: it runs after the build.
const skipBuild = process.env.STEPWISE_SKIP_BUILD === "1";
if (!skipBuild) {
  step("Installing dependencies");
  install();
}
step("Preparing the database and the demo clinic");
pnpm(["--filter", "@stepwise/api", "run", "setup", "--demo"], { env });
if (!skipBuild) {
  step("Building the web app");
  pnpm(["exec", "turbo", "run", "build", "--filter", "@stepwise/web", "--output-logs=errors-only"], { env: { ...env, TURBO_TELEMETRY_DISABLED: "1" } });
}
step(`Starting Stepwise on http://localhost:${env.PORT}`);
console.log("Demo sign-ins are listed above (password: stepwise-demo). Stop with Ctrl+C.\n");
serveWeb([env.PORT], { ...env, NODE_ENV: "production" });
