// Browser journeys; with DATABASE_URL set, also the two-instance live test on PostgreSQL and the
// three instances behind nginx (`npm run cluster` on the existing build).
//
// The PostgreSQL suites share nothing with the main suite (their own ports 3201–3202 and 3220–3223,
// their own databases, no PGlite folder), so they run beside it, one after the other (both create
// the cluster-wide application role). STEPWISE_E2E_SERIAL=1 runs all three one after another.
// Arguments go to the main suite (`node run.mjs tests/sign-in.spec.ts`).
import { spawn } from "node:child_process";
import readline from "node:readline";

const serial = process.env.STEPWISE_E2E_SERIAL === "1";

/** One Playwright run; a suite beside the main one has each of its lines prefixed with its name. */
function run(name, args, prefix) {
  const started = Date.now();
  const child = spawn("npx", ["playwright", "test", ...args], { stdio: prefix ? ["ignore", "pipe", "pipe"] : "inherit", env: process.env });
  const lines = [];
  if (prefix) {
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream }).on("line", (line) => {
        lines.push(line);
        console.log(`[${name}] ${line}`);
      });
    }
  }
  return new Promise((resolve) => child.on("close", (code) => resolve({ name, status: code ?? 1, ms: Date.now() - started, lines })));
}

async function postgresSuites(prefix) {
  if (!process.env.DATABASE_URL) return [];
  const instances = await run("instances", ["-c", "playwright.instances.config.ts"], prefix);
  const cluster = await run("cluster", ["-c", "playwright.cluster.config.ts"], prefix);
  return [instances, cluster];
}

const started = Date.now();
const mainArgs = process.argv.slice(2);
const results = serial ? [await run("main", mainArgs), ...(await postgresSuites(false))] : (await Promise.all([run("main", mainArgs), postgresSuites(true)])).flat();
// A suite that ran beside the main one and failed is printed again at the end, its server's lines
// left out, so that its failure is not buried in the main suite's output.
for (const r of results.filter((r) => r.status !== 0 && r.lines.length > 0)) {
  console.log(`\n── e2e ${r.name} failed; its output without the server's lines ──`);
  for (const line of r.lines.filter((l) => !l.startsWith("[WebServer]"))) console.log(`[${r.name}] ${line}`);
}
for (const r of results) console.log(`  e2e ${r.name.padEnd(10)} ${(r.ms / 1000).toFixed(1)} s${r.status === 0 ? "" : ` ✗ exit ${r.status}`}`);
console.log(`  e2e wall       ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(results.find((r) => r.status !== 0)?.status ?? 0);
