import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { DatabaseLockedError, openDatabase } from "./client";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "stepwise-db-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("embedded database folder (PGlite only)", () => {
  it("creates missing parent folders, migrates, and keeps data across reopen", async () => {
    const dir = path.join(root, "nested", "deeper", "pglite");
    const first = await openDatabase({ dataDir: dir });
    await first.pglite!.exec("create table keep_me (v int); insert into keep_me values (42)");
    await first.close();
    const again = await openDatabase({ dataDir: dir });
    const res = await again.pglite!.query<{ v: number }>("select v from keep_me");
    expect(res.rows).toEqual([{ v: 42 }]);
    await again.close();
  });

  it("refuses a second opener in the same process with a clear error", async () => {
    const dir = path.join(root, "locked");
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DatabaseLockedError);
    await first.close();
    const reopened = await openDatabase({ dataDir: dir });
    await reopened.close();
  });

  it("refuses a second process on the same folder", async () => {
    const dir = path.join(root, "shared");
    const first = await openDatabase({ dataDir: dir });
    const script = `import("${new URL("./client.ts", import.meta.url).pathname}").then(m => m.openDatabase({ dataDir: ${JSON.stringify(dir)} })).then(() => process.exit(0), e => { console.error(e.message); process.exit(3); })`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(child.status).toBe(3);
    expect(child.stderr).toMatch(/already open in another process/);
    await first.close();
  });

  it("takes over a stale lock left by a process that died", async () => {
    const dir = path.join(root, "stale");
    fs.writeFileSync(`${dir}.lock`, "999999");
    const handle = await openDatabase({ dataDir: dir });
    await handle.close();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });

  it("explains how to reset a folder left incomplete by an interrupted first start", async () => {
    const dir = path.join(root, "partial");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "half-written"), "");
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/demo:reset/);
  });
});
