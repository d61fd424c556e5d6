import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "./client";
import { listAudit, writeAudit } from "./repos/audit";
import { auditLog } from "./schema";
import { countRows, createTestDatabase } from "./testing";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await writeAudit(handle.db, { action: "test.write", outcome: "success", detail: { n: 1 } });
});
afterAll(async () => {
  await handle?.close();
});

describe("audit_log is append-only in the database itself", () => {
  it("accepts inserts", async () => {
    const rows = await listAudit(handle.db, { action: "test.write" });
    expect(rows).toHaveLength(1);
  });

  it.each([
    ["UPDATE", sql`update audit_log set outcome = 'denied'`],
    ["DELETE", sql`delete from audit_log`],
    ["TRUNCATE", sql`truncate audit_log`],
  ])("rejects %s", async (op, statement) => {
    const before = await countRows(handle.db, auditLog);
    await expect(handle.db.execute(statement)).rejects.toThrow();
    expect(await countRows(handle.db, auditLog)).toBe(before);
    const [row] = await listAudit(handle.db, { action: "test.write" });
    expect(row?.outcome, op).toBe("success");
  });
});
