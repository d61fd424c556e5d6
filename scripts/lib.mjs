import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const pnpmVersion = "10.34.9";

/** pnpm without a global install or corepack: pinned, fetched once by npx into its cache. */
export function pnpmCommand() {
  const local = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
  if (local.status === 0 && local.stdout.trim() === pnpmVersion) return ["pnpm"];
  return ["npx", "--yes", `pnpm@${pnpmVersion}`];
}

export function run(cmd, args, options = {}) {
  const started = Date.now();
  const res = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...options, env: { ...process.env, ...options.env } });
  if (res.status !== 0) {
    console.error(`\n✗ ${[cmd, ...args].join(" ")} failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status ?? 1);
  }
  return Date.now() - started;
}

export function pnpm(args, options = {}) {
  const [cmd, ...pre] = pnpmCommand();
  return run(cmd, [...pre, ...args], options);
}

export function spawnPnpm(args, options = {}) {
  const [cmd, ...pre] = pnpmCommand();
  return spawn(cmd, [...pre, ...args], { stdio: "inherit", cwd: root, ...options, env: { ...process.env, ...options.env } });
}

export function install() {
  const frozen = fs.existsSync(path.join(root, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
  pnpm(["install", ...frozen, "--reporter=append-only"], { env: { CI: "1" } });
}

export function step(title) {
  console.log(`\n▶ ${title}`);
}
