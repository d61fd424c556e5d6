import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const root = path.resolve(import.meta.dirname, "..");
const dataDir = path.join(root, ".data", "e2e-pglite");
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "./tests",
  outputDir: "./artifacts/results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["html", { outputFolder: "./artifacts/report", open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    // Signs each demo role in through the form once; journeys open pages from that state (asRole).
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: { ...devices["Desktop Chrome"] } },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"] },
  ],
  webServer: {
    // A fresh embedded clinic for every run: its own folder, migrated and seeded, then the production build.
    command: "node scripts/e2e-server.mjs",
    cwd: root,
    url: `${baseURL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      STEPWISE_DEMO: "1",
      STEPWISE_DATA_DIR: dataDir,
      AUTH_SECRET: "e2e-secret-0123456789-0123456789-0123456789",
      DATABASE_URL: "",
      NODE_ENV: "production",
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
