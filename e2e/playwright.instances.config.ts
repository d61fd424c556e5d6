import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import base from "./playwright.config";

// Two production instances on one PostgreSQL database: live updates must cross between them.
const root = path.resolve(import.meta.dirname, "..");
const url = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
url.pathname = "/stepwise_e2e_instances";

export default defineConfig({
  ...base,
  testDir: "./instances",
  outputDir: "./artifacts/instances-results",
  reporter: [["list"]],
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    cwd: root,
    url: "http://localhost:3202/login",
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    env: {
      STEPWISE_DEMO: "1",
      AUTH_SECRET: "e2e-secret-0123456789-0123456789-0123456789",
      DATABASE_URL: url.toString(),
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      E2E_PORTS: "3201,3202",
    },
  },
});
