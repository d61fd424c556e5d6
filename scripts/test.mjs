// `npm test`: install what is needed, then lint, typecheck, unit + integration tests, build, e2e.
import { spawn, spawnSync } from "node:child_process";
import { ensureNginx, install, pnpm, pnpmCommand, root, step } from "./lib.mjs";

const started = Date.now();
const timings = [];
const timed = (name, fn) => timings.push([name, fn()]);

function haveChromium() {
  const found = spawnSync("sh", ["-c", `command -v ${process.env.CHROMIUM_PATH ?? "chromium"}`]).status === 0;
  return found;
}

function ensureChromium() {
  if (haveChromium()) return;
  const isRoot = process.getuid?.() === 0;
  const sudo = !isRoot && spawnSync("sudo", ["-n", "true"]).status === 0;
  if (!isRoot && !sudo) {
    console.error("The browser tests need Debian's chromium package. Install it with:\n  sudo apt-get install -y chromium\nthen run `npm test` again.");
    process.exit(1);
  }
  const prefix = isRoot ? [] : ["sudo", "-n"];
  const apt = (args) => spawnSync(prefix[0] ?? "apt-get", [...prefix.slice(1), ...(prefix.length ? ["apt-get"] : []), ...args], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  step("Installing Debian's chromium for the browser tests");
  if (apt(["install", "-y", "--no-install-recommends", "chromium"]).status !== 0) {
    apt(["update"]);
    if (apt(["install", "-y", "--no-install-recommends", "chromium"]).status !== 0 || !haveChromium()) {
      console.error("Installing chromium failed; install Debian's chromium package and run `npm test` again.");
      process.exit(1);
    }
  }
}

const turboEnv = { NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" };
const turboArgs = (tasks, extra) => ["exec", "turbo", "run", ...tasks, "--output-logs=new-only", ...extra];
const turbo = (tasks, extra = []) => pnpm(turboArgs(tasks, extra), { env: turboEnv });

/**
 * turbo without blocking, for two stages at once; resolves to { ok, ms, status }. `quiet` holds its
 * output back and prints it in one block when it ends, so it does not interleave with the other's.
 */
function turboAsync(tasks, extra = [], { quiet = false } = {}) {
  const t = Date.now();
  const [cmd, ...pre] = pnpmCommand();
  const child = spawn(cmd, [...pre, ...turboArgs(tasks, extra)], { cwd: root, env: { ...process.env, ...turboEnv }, stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit" });
  const output = [];
  child.stdout?.on("data", (chunk) => output.push(chunk));
  child.stderr?.on("data", (chunk) => output.push(chunk));
  return new Promise((resolve) => {
    child.on("close", (code, signal) => {
      if (quiet) process.stdout.write(`\n── turbo run ${tasks.join(" ")} ${extra.join(" ")} ──\n${Buffer.concat(output).toString()}`);
      resolve({ ok: code === 0, ms: Date.now() - t, status: code ?? signal, what: `turbo run ${tasks.join(" ")} ${extra.join(" ")}` });
    });
  });
}

step("Installing dependencies");
timed("install", () => {
  const t = Date.now();
  install();
  ensureChromium();
  // The cluster journey (three instances behind nginx) runs when PostgreSQL is available.
  if (process.env.DATABASE_URL) ensureNginx("npm test");
  return Date.now() - t;
});
console.log(process.env.DATABASE_URL ? "Integration tests run on PGlite and on PostgreSQL (DATABASE_URL)." : "Integration tests run on PGlite (set DATABASE_URL to add PostgreSQL).");
step("Lint and typecheck");
timed("lint + typecheck", () => turbo(["lint", "typecheck"]));
// The production build reads no test and the tests read no build, so the build runs beside the tests:
// one package's tests at a time, each vitest on one worker, leave the second core to it.
step("Unit and integration tests, and the production build beside them");
const phase = Date.now();
const [tested, built] = await Promise.all([turboAsync(["test"], ["--concurrency=1"]), turboAsync(["build"], ["--filter=@stepwise/web"], { quiet: true })]);
timings.push(["unit + integration", tested.ms], ["build (beside tests)", built.ms]);
for (const stage of [tested, built]) {
  if (!stage.ok) {
    console.error(`\n✗ ${stage.what} failed (exit ${stage.status})`);
    process.exit(typeof stage.status === "number" ? stage.status : 1);
  }
}
timings.push(["tests ‖ build, wall", Date.now() - phase]);
step("Browser journeys (Playwright, Debian chromium)");
timed("e2e", () => turbo(["e2e"]));

timings.push(["total", Date.now() - started]);
console.log("\n✓ All checks passed");
for (const [name, ms] of timings) console.log(`  ${name.padEnd(22)} ${(ms / 1000).toFixed(1)} s`);
