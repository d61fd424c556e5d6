import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPassword, insertUser, listAudit, seedDemo, type DatabaseHandle } from "@stepwise/db";
import { createTestDatabase } from "@stepwise/db/testing";
import { authenticate, logout, validateSession, type AuthenticateResult, type PasswordChecks } from "./authenticate";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import { authPolicy } from "./policy";

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
  await seedDemo(handle.db, { hashPassword });
});
afterAll(async () => {
  await handle?.close();
});

const minutes = (n: number) => n * 60 * 1000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

describe("authenticate", () => {
  it("signs in every demo user with the demo password and audits it", async () => {
    for (const email of ["physician@stepwise.test", "PT@stepwise.test ", "admin@stepwise.test"]) {
      const result = await authenticate(handle.db, { email, password: demoPassword });
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.user.email).toBe(email.trim().toLowerCase());
    }
    const rows = await listAudit(handle.db, { action: "auth.login" });
    expect(rows.filter((r) => r.outcome === "success").length).toBeGreaterThanOrEqual(3);
  });

  it("gives the same answer for an unknown email as for a wrong password", async () => {
    const wrong = await authenticate(handle.db, { email: "psychologist@stepwise.test", password: "nope" });
    const unknown = await authenticate(handle.db, { email: "nobody@stepwise.test", password: "nope" });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("locks after 5 failures, refuses even the right password while locked, and unlocks after 15 minutes", async () => {
    const email = "coordinator@stepwise.test";
    const t0 = new Date("2026-06-01T10:00:00Z");
    const reasons = [];
    for (let i = 0; i < authPolicy.maxFailedAttempts; i++) {
      const r = await authenticate(handle.db, { email, password: `wrong-${i}` }, at(t0, i * 1000));
      reasons.push(r.ok ? "ok" : r.reason);
    }
    expect(reasons).toEqual(["invalid", "invalid", "invalid", "invalid", "locked"]);
    expect(await authenticate(handle.db, { email, password: demoPassword }, at(t0, minutes(14)))).toEqual({ ok: false, reason: "locked" });
    const later = await authenticate(handle.db, { email, password: demoPassword }, at(t0, minutes(16)));
    expect(later.ok).toBe(true);
  });

  it("locks an unknown email the same way, so lockout reveals nothing", async () => {
    const t0 = new Date("2026-06-02T10:00:00Z");
    let last;
    for (let i = 0; i < authPolicy.maxFailedAttempts; i++) last = await authenticate(handle.db, { email: "ghost@stepwise.test", password: "x" }, at(t0, i));
    expect(last).toEqual({ ok: false, reason: "locked" });
  });

  it("rejects malformed input without throwing", async () => {
    expect(await authenticate(handle.db, { email: "not-an-email", password: "" })).toEqual({ ok: false, reason: "invalid" });
    expect(await authenticate(handle.db, null)).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("lockout under parallel attempts", () => {
  const rightPassword = "correct horse battery";
  let rightHash: string;
  beforeAll(async () => {
    rightHash = await hashPassword(rightPassword);
  });

  async function newAccount() {
    const email = `burst-${randomUUID().slice(0, 8)}@stepwise.test`;
    await insertUser(handle.db, { email, name: "Burst Target", role: "physical_therapist", passwordHash: rightHash });
    return email;
  }

  /** Fires every attempt at once, counting the argon2 checks that really run (and which password each was for). */
  async function burst(email: string, passwords: string[]) {
    const checked: string[] = [];
    const checks: PasswordChecks = {
      verify: (hash, password) => (checked.push(password), verifyPassword(hash, password)),
      burn: (password) => (checked.push(password), burnPasswordCheck(password)),
    };
    const outcomes = await Promise.all(passwords.map((password) => authenticate(handle.db, { email, password }, undefined, authPolicy, checks)));
    const after = await authenticate(handle.db, { email, password: rightPassword }, undefined, authPolicy, checks);
    return { checked, outcomes, after };
  }

  const reason = (r: AuthenticateResult) => (r.ok ? "ok" : r.reason);
  const wrong = (n: number) => Array.from({ length: n }, (_, i) => `wrong-${i}`);

  for (const n of [30, 100]) {
    it(`runs at most ${authPolicy.maxFailedAttempts} password checks for ${n} simultaneous attempts, one of them right`, async () => {
      const passwords = [...wrong(n - 1), rightPassword];
      const { checked, outcomes, after } = await burst(await newAccount(), passwords);
      expect(checked).toHaveLength(authPolicy.maxFailedAttempts);
      outcomes.forEach((outcome, i) => {
        const password = passwords[i]!;
        // Refused before any check, right or wrong; only a checked right password signs in.
        if (!checked.includes(password)) expect(reason(outcome)).toBe("locked");
        else if (password === rightPassword) expect(reason(outcome)).toBe("ok");
        else expect(["invalid", "locked"]).toContain(reason(outcome));
      });
      const count = (r: string) => outcomes.filter((o) => reason(o) === r).length;
      expect(count("ok")).toBe(checked.includes(rightPassword) ? 1 : 0);
      expect(count("invalid")).toBeGreaterThanOrEqual(authPolicy.maxFailedAttempts - 2);
      expect(count("ok") + count("invalid")).toBeLessThanOrEqual(authPolicy.maxFailedAttempts);
      // The attempts refused in this window stay refused: even a sign-in that won does not reopen it.
      expect(after).toEqual({ ok: false, reason: "locked" });
      expect(checked).toHaveLength(authPolicy.maxFailedAttempts);
    });

    it(`answers ${n} simultaneous wrong attempts the same for a real account and an unknown email`, async () => {
      const known = await burst(await newAccount(), wrong(n));
      const unknown = await burst(`nobody-${randomUUID().slice(0, 8)}@stepwise.test`, wrong(n));
      for (const { checked, outcomes, after } of [known, unknown]) {
        expect(checked).toHaveLength(authPolicy.maxFailedAttempts);
        expect(outcomes.filter((o) => reason(o) === "invalid")).toHaveLength(authPolicy.maxFailedAttempts - 1);
        expect(outcomes.filter((o) => reason(o) === "locked")).toHaveLength(n - authPolicy.maxFailedAttempts + 1);
        expect(after).toEqual({ ok: false, reason: "locked" });
      }
    });
  }
});

describe("server-side sessions", () => {
  async function signIn(now: Date) {
    const r = await authenticate(handle.db, { email: "pt2@stepwise.test", password: demoPassword }, now);
    if (!r.ok) throw new Error("sign-in failed");
    return r.sessionId;
  }

  it("stays alive while used and ends after 15 idle minutes", async () => {
    const t0 = new Date("2026-06-03T09:00:00Z");
    const sid = await signIn(t0);
    expect(await validateSession(handle.db, sid, at(t0, minutes(10)))).not.toBeNull();
    expect(await validateSession(handle.db, sid, at(t0, minutes(24)))).not.toBeNull(); // 14 idle minutes
    expect(await validateSession(handle.db, sid, at(t0, minutes(40)))).toBeNull(); // 16 idle minutes
    // once ended, activity cannot revive it
    expect(await validateSession(handle.db, sid, at(t0, minutes(41)))).toBeNull();
    const ends = await listAudit(handle.db, { action: "auth.session_end" });
    expect(ends.some((r) => r.entityId === sid && (r.detail as { reason?: string }).reason === "idle_timeout")).toBe(true);
  });

  it("is revoked at once by logout", async () => {
    const now = new Date();
    const sid = await signIn(now);
    expect(await validateSession(handle.db, sid, now)).not.toBeNull();
    await logout(handle.db, sid);
    expect(await validateSession(handle.db, sid, now)).toBeNull();
  });

  it("ends at its absolute lifetime even when active", async () => {
    const t0 = new Date("2026-06-04T08:00:00Z");
    const sid = await signIn(t0);
    let t = t0;
    while (t.getTime() - t0.getTime() < authPolicy.absoluteLifetimeMs - minutes(10)) {
      t = at(t, minutes(10));
      expect(await validateSession(handle.db, sid, t)).not.toBeNull();
    }
    expect(await validateSession(handle.db, sid, at(t0, authPolicy.absoluteLifetimeMs + 1000))).toBeNull();
  });

  it("ignores ids that are not session ids", async () => {
    expect(await validateSession(handle.db, "garbage")).toBeNull();
    expect(await validateSession(handle.db, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
