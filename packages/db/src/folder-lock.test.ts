import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { acquireFolderLock, clearStaleLock, DatabaseLockedError, inspectLock, lockOwnerOf, lockPathFor, type LockOwner } from "./folder-lock";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "stepwise-lock-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

let folders = 0;
const folder = () => path.join(root, `db-${++folders}`);
const writeLock = (dir: string, owner: LockOwner | string) => fs.writeFileSync(lockPathFor(dir), typeof owner === "string" ? owner : JSON.stringify(owner));

/** Another process on this machine, as a running server would be. */
async function otherProcess(): Promise<ChildProcess & { pid: number }> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  children.push(child);
  await new Promise((resolve, reject) => child.once("spawn", resolve).once("error", reject));
  return child as ChildProcess & { pid: number };
}

async function deadPid(): Promise<number> {
  const child = await otherProcess();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  return child.pid;
}

describe("embedded folder lock", () => {
  it("is free without a lock file", () => {
    expect(inspectLock(folder())).toEqual({ state: "free" });
  });

  it("is held by a live process on this machine, and stale once that process has died", async () => {
    const dir = folder();
    const server = await otherProcess();
    const owner = lockOwnerOf(server.pid);
    writeLock(dir, owner);
    expect(inspectLock(dir)).toEqual({ state: "held", owner });

    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGKILL");
    await exited;
    expect(inspectLock(dir)).toEqual({ state: "stale", owner });
  });

  it("is stale when its pid now belongs to a process started later (a reused pid)", () => {
    const dir = folder();
    const me = lockOwnerOf(process.pid);
    expect(me.started).toMatch(/^\d+$/);
    writeLock(dir, { ...me, started: String(Number(me.started) - 1) });
    expect(inspectLock(dir).state).toBe("stale");
  });

  it("is stale when written before the machine last booted", () => {
    const dir = folder();
    writeLock(dir, { ...lockOwnerOf(process.pid), boot: "00000000-0000-0000-0000-000000000000" });
    expect(inspectLock(dir).state).toBe("stale");
  });

  it("counts a lock written on another machine as held: its process cannot be checked from here", async () => {
    const dir = folder();
    writeLock(dir, { pid: await deadPid(), host: `${os.hostname()}-elsewhere` });
    expect(inspectLock(dir).state).toBe("held");
  });

  it("reads the older bare-pid lock files, and unreadable ones as stale", async () => {
    const live = folder();
    writeLock(live, String(process.pid));
    expect(inspectLock(live).state).toBe("held");
    const dead = folder();
    writeLock(dead, String(await deadPid()));
    expect(inspectLock(dead).state).toBe("stale");
    const garbled = folder();
    writeLock(garbled, "");
    expect(inspectLock(garbled)).toEqual({ state: "stale", owner: null });
  });

  it("removes a stale lock and leaves a held one", async () => {
    const stale = folder();
    writeLock(stale, lockOwnerOf(await deadPid()));
    expect(clearStaleLock(stale).state).toBe("stale");
    expect(fs.existsSync(lockPathFor(stale))).toBe(false);

    const held = folder();
    writeLock(held, lockOwnerOf((await otherProcess()).pid));
    expect(clearStaleLock(held).state).toBe("held");
    expect(fs.existsSync(lockPathFor(held))).toBe(true);
  });

  it("takes over a stale lock, refuses a live holder, and releases only its own lock", async () => {
    const dir = folder();
    writeLock(dir, lockOwnerOf(await deadPid()));
    const release = acquireFolderLock(dir);
    expect(inspectLock(dir)).toEqual({ state: "held", owner: lockOwnerOf(process.pid) });
    expect(() => acquireFolderLock(dir)).toThrow(DatabaseLockedError);
    release();
    expect(inspectLock(dir)).toEqual({ state: "free" });

    const server = await otherProcess();
    writeLock(dir, lockOwnerOf(server.pid));
    expect(() => acquireFolderLock(dir)).toThrow(`already open in another process (pid ${server.pid})`);
    release();
    expect(inspectLock(dir).state).toBe("held");
    expect(fs.readdirSync(root).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});
