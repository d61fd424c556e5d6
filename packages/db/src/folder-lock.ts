import fs from "node:fs";
import os from "node:os";

/**
 * Who holds an embedded database folder. A pid alone can outlive its process (the lock file stays
 * when the process dies) and be handed to an unrelated process later, so the lock also records the
 * host, the boot and the process's start time, which together name one process.
 */
export interface LockOwner {
  pid: number;
  host: string;
  /** Linux only: the kernel's boot id; no process survives a reboot. */
  boot?: string;
  /** Linux only: the process's start time in clock ticks after boot. */
  started?: string;
}

export type LockState = { state: "free" } | { state: "held"; owner: LockOwner } | { state: "stale"; owner: LockOwner | null };

export const lockPathFor = (dataDir: string) => `${dataDir}.lock`;

function readOptional(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
}

function processStartTicks(pid: number): string | undefined {
  const stat = readOptional(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) may hold spaces and parentheses; the fields after its closing
  // parenthesis start at field 3, and the start time is field 22.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

const bootId = () => readOptional("/proc/sys/kernel/random/boot_id");

export function lockOwnerOf(pid: number): LockOwner {
  const owner: LockOwner = { pid, host: os.hostname() };
  const boot = bootId();
  const started = processStartTicks(pid);
  if (boot) owner.boot = boot;
  if (started) owner.started = started;
  return owner;
}

/** Older lock files hold the bare pid. */
export function parseLockOwner(text: string): LockOwner | null {
  if (/^\d+$/.test(text.trim())) return { pid: Number(text.trim()), host: os.hostname() };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return null;
    const { pid, host, boot, started } = value as Record<string, unknown>;
    if (typeof pid !== "number" || !Number.isInteger(pid) || pid <= 0 || typeof host !== "string") return null;
    return { pid, host, ...(typeof boot === "string" ? { boot } : {}), ...(typeof started === "string" ? { started } : {}) };
  } catch {
    return null;
  }
}

/**
 * Whether the process that wrote the lock may still run. Only a provably dead holder counts as
 * gone: another machine's processes cannot be seen from here, so a lock written there is held.
 */
export function lockOwnerAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  if (owner.boot && owner.boot !== bootId()) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the pid exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const started = owner.started && processStartTicks(owner.pid);
  return !started || started === owner.started;
}

export function inspectLock(dataDir: string): LockState {
  let text: string;
  try {
    text = fs.readFileSync(lockPathFor(dataDir), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: "free" };
    throw error;
  }
  const owner = parseLockOwner(text);
  return owner && lockOwnerAlive(owner) ? { state: "held", owner } : { state: "stale", owner };
}

export class DatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockOwner,
  ) {
    const where = holder.host === os.hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
    super(
      `The embedded database at ${dataDir} is already open in another process (${where}). ` +
        `Stop that process, or point STEPWISE_DATA_DIR at another folder. ` +
        `Two processes on one PGlite folder would silently lose writes.`,
    );
    this.name = "DatabaseLockedError";
  }

  get holderPid() {
    return this.holder.pid;
  }
}

/** Removes a lock whose holder is provably gone; returns what was found. */
export function clearStaleLock(dataDir: string): LockState {
  const found = inspectLock(dataDir);
  if (found.state === "stale") fs.rmSync(lockPathFor(dataDir), { force: true });
  return found;
}

/**
 * PGlite does not lock its folder; an exclusive lock file beside it makes a second opener fail fast.
 * The file is written whole under a temporary name and linked into place, so no reader ever sees
 * a lock without its owner. Returns the release function.
 */
export function acquireFolderLock(dataDir: string): () => void {
  const lockPath = lockPathFor(dataDir);
  const mine = JSON.stringify(lockOwnerOf(process.pid));
  const draft = `${lockPath}.${process.pid}.tmp`;
  fs.writeFileSync(draft, mine);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.linkSync(draft, lockPath);
        let released = false;
        return () => {
          if (released) return;
          released = true;
          if (readOptional(lockPath) === mine) fs.rmSync(lockPath, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const found = clearStaleLock(dataDir);
        if (found.state === "held") throw new DatabaseLockedError(dataDir, found.owner);
      }
    }
  } finally {
    fs.rmSync(draft, { force: true });
  }
  throw new Error(`Could not lock ${dataDir}`);
}
