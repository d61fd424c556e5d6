import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
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

export function install() {
  const frozen = fs.existsSync(path.join(root, "pnpm-lock.yaml")) ? ["--frozen-lockfile"] : [];
  pnpm(["install", ...frozen, "--reporter=append-only"], { env: { CI: "1" } });
}

export function step(title) {
  console.log(`\n▶ ${title}`);
}

/** A repeated SIGINT this soon after the first is the same Ctrl+C, delivered once by the terminal and once by npm. */
const repeatWindowMs = 1_000;

/**
 * Serves the production build of the web app on each port and stops the servers together. Next runs
 * under node directly (no pnpm in between, which would not pass signals on), with Next's own signal
 * handler off: the server's instrumentation stops it (live streams, database, folder lock) and exits 0.
 * SIGTERM or SIGINT is passed on once; a repeat after the window is passed on too, and forces the exit.
 * Exits 0 when every server stopped as asked; a server that exits by itself stops the others.
 */
export function serveWeb(ports, env = {}) {
  const web = path.join(root, "apps", "web");
  const next = createRequire(path.join(web, "package.json")).resolve("next/dist/bin/next");
  const servers = ports.map((port) =>
    spawn(process.execPath, [next, "start", "-p", port], { stdio: "inherit", cwd: web, env: { ...process.env, ...env, PORT: port, NEXT_MANUAL_SIG_HANDLE: "1" } }),
  );
  let stopAskedAt = null;
  let status = 0;
  const stopAll = (signal) => {
    for (const server of servers) if (server.exitCode === null && server.signalCode === null) server.kill(signal);
  };
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      if (stopAskedAt !== null && Date.now() - stopAskedAt < repeatWindowMs) return;
      stopAskedAt = Date.now();
      stopAll(signal);
    });
  }
  let running = servers.length;
  for (const server of servers) {
    server.on("exit", (code, signal) => {
      running -= 1;
      // Killed by the signal it was sent before its handler was installed: it stopped as asked.
      const stoppedAsAsked = stopAskedAt !== null && (code === 0 || signal !== null);
      if (!stoppedAsAsked) {
        status ||= code || 1;
        if (stopAskedAt === null) {
          console.error(`
✗ The server exited unexpectedly (${signal ?? `exit ${code}`}).`);
          stopAskedAt = Date.now();
          stopAll("SIGTERM");
        }
      }
      if (running === 0) process.exit(status);
    });
  }
}

export function findNginx() {
  for (const candidate of [process.env.NGINX_PATH, "/usr/sbin/nginx", "nginx"].filter(Boolean)) {
    if (spawnSync(candidate, ["-v"], { stdio: "ignore" }).status === 0) return candidate;
  }
  return null;
}

/** Debian's nginx for `npm run cluster` and its browser journey: installed with apt when missing (root or sudo -n). */
export function ensureNginx(command = "npm run cluster") {
  const found = findNginx();
  if (found) return found;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
  if (!isRoot && !sudo) {
    console.error(`The cluster runs behind nginx. Install Debian's package with:\n  sudo apt-get install -y nginx-light\nthen run \`${command}\` again.`);
    process.exit(1);
  }
  step("Installing Debian's nginx for the load balancer");
  // RUNLEVEL=1: the package's own service is not started; the cluster runs nginx itself.
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive", RUNLEVEL: "1" };
  const apt = (args) => (isRoot ? spawnSync("apt-get", args, { stdio: "inherit", env: aptEnv }) : spawnSync("sudo", ["-n", "env", "DEBIAN_FRONTEND=noninteractive", "RUNLEVEL=1", "apt-get", ...args], { stdio: "inherit" }));
  const installOne = () => ["nginx-light", "nginx"].some((name) => apt(["install", "-y", "--no-install-recommends", name]).status === 0);
  if (!installOne()) {
    apt(["update"]);
    installOne();
  }
  const installed = findNginx();
  if (!installed) {
    console.error(`Installing nginx failed; install Debian's nginx-light (or nginx) package and run \`${command}\` again.`);
    process.exit(1);
  }
  return installed;
}
