// `npm test`: install what is needed, then lint, typecheck, unit + integration tests, build, e2e.
import { spawnSync } from "node:child_process";
import { ensureNginx, install, pnpm, step } from "./lib.mjs";

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

const turbo = (tasks, extra = []) =>
  pnpm(["exec", "turbo", "run", ...tasks, "--output-logs=new-only", ...extra], { env: { NEXT_TELEMETRY_DISABLED: "1", TURBO_TELEMETRY_DISABLED: "1" } });

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
step("Unit and integration tests");
timed("unit + integration", () => turbo(["test"], ["--concurrency=1"]));
step("Production build");
timed("build", () => turbo(["build"], ["--filter=@stepwise/web"]));
step("Browser journeys (Playwright, Debian chromium)");
timed("e2e", () => turbo(["e2e"]));

console.log("\n✓ All checks passed");
for (const [name, ms] of timings) console.log(`  ${name.padEnd(22)} ${(ms / 1000).toFixed(1)} s`);
