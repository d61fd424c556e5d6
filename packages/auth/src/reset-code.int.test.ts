import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertResetCode, insertUser, listAudit, markPasswordReset, revokeOpenResetCodes, type DatabaseHandle } from "@stepwise/db";
import { createTestDatabase } from "@stepwise/db/testing";
import { hasResetCodeShape, normalizeResetCode } from "@stepwise/domain";
import { authenticate, type PasswordChecks } from "./authenticate";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { authPolicy } from "./policy";
import { issueResetCode } from "./reset-code";

let handle: DatabaseHandle;
let adminId: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  adminId = (await insertUser(handle.db, { email: "admin.rc@stepwise.test", name: "Admin", role: "admin", passwordHash: await hashPassword("the admin password") })).id;
});
afterAll(async () => {
  await handle?.close();
});

/** Counts the argon2 checks sign-in runs: a code, a used code and a wrong password cost the same. */
function countingChecks() {
  const counted = { verify: 0, burn: 0 };
  const checks: PasswordChecks = {
    verify: (hash, password) => ((counted.verify += 1), verifyPassword(hash, password)),
    burn: (password) => ((counted.burn += 1), burnPasswordCheck(password)),
  };
  return { counted, checks };
}

let n = 0;
async function resetUser(now: Date) {
  n += 1;
  const email = `rc-${n}@stepwise.test`;
  const user = await insertUser(handle.db, { email, name: `RC ${n}`, role: "physician", passwordHash: await hashPassword("the old password here") });
  const issued = await issueResetCode(now);
  await handle.db.transaction(async (tx) => {
    await revokeOpenResetCodes(tx, user.id, now);
    await insertResetCode(tx, { userId: user.id, codeHash: issued.codeHash, createdBy: adminId, createdAt: now, expiresAt: issued.expiresAt });
    await markPasswordReset(tx, user.id, issued.unusablePasswordHash);
  });
  return { email, code: issued.code };
}

describe("one-time reset codes", () => {
  it("are 100 random bits in readable groups, forgiving case, spaces and look-alike letters", async () => {
    const codes = await Promise.all(Array.from({ length: 4 }, () => issueResetCode(new Date())));
    expect(new Set(codes.map((c) => c.code)).size).toBe(4);
    for (const { code } of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
      expect(hasResetCodeShape(code.toLowerCase().replaceAll("-", " "))).toBe(true);
    }
    expect(normalizeResetCode("ab0o1-il xyz")).toBe("AB00111XYZ");
    expect(hasResetCodeShape("a normal password")).toBe(false);
  });

  it("cost one argon2 check at sign-in whether the code is right, used, or a wrong password", async () => {
    const now = new Date();
    const { email, code } = await resetUser(now);
    const runs: Record<string, number> = {};
    for (const [label, password] of [
      ["wrong", "not the password at all"],
      ["old password", "the old password here"],
      ["code", code],
      ["used code", code],
    ] as const) {
      const { counted, checks } = countingChecks();
      const result = await authenticate(handle.db, { email, password }, now, authPolicy, checks);
      runs[label] = counted.verify + counted.burn;
      expect(result.ok).toBe(label === "code");
    }
    expect(runs).toEqual({ wrong: 1, "old password": 1, code: 1, "used code": 1 });
  });

  it("writes a session audit row that says a code was used, and never the code", async () => {
    const now = new Date();
    const { email, code } = await resetUser(now);
    const result = await authenticate(handle.db, { email, password: code }, now);
    if (!result.ok) throw new Error("the code did not sign in");
    expect(result.pendingStep).toBe("password_change");
    const rows = await listAudit(handle.db, { action: "auth.login" });
    const mine = rows.filter((r) => r.entityId === result.sessionId);
    expect(mine.map((r) => r.detail)).toEqual([{ pendingStep: "password_change", signedInWith: "reset_code" }]);
    const text = JSON.stringify(rows);
    expect(text).not.toContain(normalizeResetCode(code));
    expect(text).not.toContain(code);
  });
});
