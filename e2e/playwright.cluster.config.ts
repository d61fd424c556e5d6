import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import base from "./playwright.config";

// Three production instances on one PostgreSQL database behind nginx (`npm run cluster` on the existing build).
const root = path.resolve(import.meta.dirname, "..");
const url = new URL(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test");
url.pathname = "/stepwise_e2e_cluster";
export const balancer = "http://localhost:3220";
export const clusterDir = path.join(root, ".data", "e2e-cluster");

export default defineConfig({
  ...base,
  testDir: "./cluster",
  outputDir: "./artifacts/cluster-results",
  reporter: [["list"]],
  use: { ...base.use, baseURL: balancer },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node scripts/cluster.mjs",
    cwd: root,
    url: `${balancer}/login`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      AUTH_SECRET: "e2e-secret-0123456789-0123456789-0123456789",
      DATABASE_URL: url.toString(),
      MIGRATION_DATABASE_URL: "",
      NEXT_TELEMETRY_DISABLED: "1",
      STEPWISE_SKIP_BUILD: "1",
      STEPWISE_CLUSTER_FRESH: "1",
      STEPWISE_CLUSTER_PORT: "3220",
      STEPWISE_CLUSTER_INSTANCES: "3221,3222,3223",
      STEPWISE_CLUSTER_DIR: clusterDir,
    },
  },
});
