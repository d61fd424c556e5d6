import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { lockOwnerOf, lockPathFor } from "../folder-lock";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const root = fs.mkdtempSync(path.join(os.tmpdir(), "stepwise-reset-"));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  fs.rmSync(root, { recursive: true, force: true });
});

/** `npm run demo:reset`, on a folder of its own. */
function demoReset(dataDir: string) {
  return spawnSync(process.execPath, [path.join(repo, "scripts", "reset-demo.mjs")], {
    cwd: repo,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, STEPWISE_DATA_DIR: dataDir, DATABASE_URL: "", STEPWISE_DEMO: "1" },
  });
}

function demoFolder(name: string) {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "PG_VERSION"), "18");
  return dir;
}

async function processExit(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once("exit", resolve));
}

describe("npm run demo:reset on the embedded database", () => {
  it("removes a lock left by a server that is no longer running, says so, and resets", async () => {
    const dir = demoFolder("after-a-crash");
    const server = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    children.push(server);
    await new Promise((resolve) => server.once("spawn", resolve));
    fs.writeFileSync(lockPathFor(dir), JSON.stringify(lockOwnerOf(server.pid!)));
    server.kill("SIGKILL");
    await processExit(server);

    const res = demoReset(dir);
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`Removed the stale lock .*no longer running`));
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(lockPathFor(dir))).toBe(false);
  });

  it("refuses while a live process holds the folder, and leaves the data alone", async () => {
    const dir = demoFolder("while-serving");
    const server = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    children.push(server);
    await new Promise((resolve) => server.once("spawn", resolve));
    fs.writeFileSync(lockPathFor(dir), JSON.stringify(lockOwnerOf(server.pid!)));

    const res = demoReset(dir);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(new RegExp(`Stop the running server first: .* open in process ${server.pid}`));
    expect(fs.existsSync(path.join(dir, "PG_VERSION"))).toBe(true);
    expect(fs.existsSync(lockPathFor(dir))).toBe(true);
  });

  it("resets a folder that has no lock", () => {
    const dir = demoFolder("stopped-cleanly");
    const res = demoReset(dir);
    expect(res.status).toBe(0);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
