import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countUnusedRecoveryCodes, findUserMfa, insertUser, listAudit, type DatabaseHandle } from "@stepwise/db";
import { createTestDatabase } from "@stepwise/db/testing";
import { beginMfaEnrolment, confirmMfaEnrolment, hasMfa, mfaStatus, totpCode, verifySecondFactor, type Enrolment } from "./mfa";
import { authPolicy } from "./policy";

let handle: DatabaseHandle;
const key = randomBytes(32);
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});

const step = 30 * 1000;
const minutes = (n: number) => n * 60 * 1000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
// The start of a time step, so that "the previous step" and "the next step" are exact.
const t0 = new Date(Math.floor(Date.parse("2026-06-01T10:00:00Z") / step) * step);

async function newUser() {
  const id = randomUUID();
  await insertUser(handle.db, { id, email: `mfa-${id}@stepwise.test`, name: "Test User", role: "physician", passwordHash: "unused" });
  return { id, email: `mfa-${id}@stepwise.test` };
}

/** A user with TOTP enabled at t0 (the code of t0's step is used by the confirmation). */
async function enrolledUser(): Promise<{ id: string; enrolment: Enrolment; recoveryCodes: string[] }> {
  const user = await newUser();
  const enrolment = (await beginMfaEnrolment(handle.db, user, t0, key))!;
  const confirmed = await confirmMfaEnrolment(handle.db, user.id, totpCode(enrolment.secret, t0), t0, authPolicy, key);
  if (!confirmed.ok) throw new Error(`enrolment failed: ${confirmed.reason}`);
  return { id: user.id, enrolment, recoveryCodes: confirmed.recoveryCodes };
}

const verify = (userId: string, code: string, now: Date) => verifySecondFactor(handle.db, userId, code, now, authPolicy, key);

describe("enrolment", () => {
  it("keeps one pending secret until a first correct code turns it on, with ten recovery codes stored hashed", async () => {
    const user = await newUser();
    expect(await hasMfa(handle.db, user.id)).toBe(false);
    const first = (await beginMfaEnrolment(handle.db, user, t0, key))!;
    const again = (await beginMfaEnrolment(handle.db, user, at(t0, minutes(1)), key))!;
    expect(again.secret).toBe(first.secret);
    expect(first.uri).toMatch(/^otpauth:\/\/totp\/Stepwise:/);
    expect(first.uri).toContain(`secret=${first.secret}`);
    expect(first.manualKey.replace(/ /g, "")).toBe(first.secret);
    expect(first.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const stored = await findUserMfa(handle.db, user.id);
    expect(stored?.secretSealed).not.toContain(first.secret);
    expect(stored?.enabledAt).toBeNull();

    expect(await confirmMfaEnrolment(handle.db, user.id, "000000", t0, authPolicy, key)).toEqual({ ok: false, reason: "invalid" });
    expect(await hasMfa(handle.db, user.id)).toBe(false);

    const confirmed = await confirmMfaEnrolment(handle.db, user.id, totpCode(first.secret, t0), t0, authPolicy, key);
    if (!confirmed.ok) throw new Error(confirmed.reason);
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(await hasMfa(handle.db, user.id)).toBe(true);
    expect(await mfaStatus(handle.db, user.id)).toEqual({ enabled: true, enabledAt: t0, recoveryCodesLeft: 10 });
    // On: no second enrolment over it, and the confirming code cannot be used again.
    expect(await beginMfaEnrolment(handle.db, user, t0, key)).toBeNull();
    expect(await confirmMfaEnrolment(handle.db, user.id, totpCode(first.secret, t0), t0, authPolicy, key)).toEqual({ ok: false, reason: "not_pending" });
    expect(await verify(user.id, totpCode(first.secret, t0), at(t0, 1000))).toEqual({ ok: false, reason: "invalid" });
  });
});

describe("verifySecondFactor with a fixed clock", () => {
  it("refuses a wrong code and a code two steps away; a user without a second factor is not enrolled", async () => {
    const { id, enrolment } = await enrolledUser();
    const now = at(t0, minutes(10));
    const right = totpCode(enrolment.secret, now);
    const wrong = right === "123456" ? "654321" : "123456";
    expect(await verify(id, wrong, now)).toEqual({ ok: false, reason: "invalid" });
    expect(await verify(id, totpCode(enrolment.secret, at(now, -2 * step)), now)).toEqual({ ok: false, reason: "invalid" });
    expect(await verify(id, totpCode(enrolment.secret, at(now, 2 * step)), now)).toEqual({ ok: false, reason: "invalid" });
    expect(await verify(id, "not a code", now)).toEqual({ ok: false, reason: "invalid" });
    const plain = await newUser();
    expect(await verify(plain.id, right, now)).toEqual({ ok: false, reason: "not_enrolled" });
  });

  it("accepts the code of the previous and of the next step, and never the same step twice", async () => {
    const { id, enrolment } = await enrolledUser();
    const t1 = at(t0, minutes(10));
    expect(await verify(id, totpCode(enrolment.secret, at(t1, -step)), t1)).toEqual({ ok: true });
    const t2 = at(t0, minutes(20));
    const next = totpCode(enrolment.secret, at(t2, step));
    expect(await verify(id, next, t2)).toEqual({ ok: true });
    // The same code again, still inside the window (a step later it is the current code): refused.
    expect(await verify(id, next, at(t2, step))).toEqual({ ok: false, reason: "invalid" });
    // An older step than the one used, also inside the window: refused.
    expect(await verify(id, totpCode(enrolment.secret, t2), at(t2, step))).toEqual({ ok: false, reason: "invalid" });
    expect(await verify(id, totpCode(enrolment.secret, at(t2, 2 * step)), at(t2, 2 * step))).toEqual({ ok: true });
  });

  it("lets only one of two simultaneous submissions of the same code pass", async () => {
    const { id, enrolment } = await enrolledUser();
    const now = at(t0, minutes(30));
    const code = totpCode(enrolment.secret, now);
    const results = await Promise.all([verify(id, code, now), verify(id, code, now), verify(id, code, now)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("accepts each recovery code once, however it is typed", async () => {
    const { id, recoveryCodes } = await enrolledUser();
    const now = at(t0, minutes(5));
    const [first, second] = recoveryCodes as [string, string];
    expect(await verify(id, first, now)).toEqual({ ok: true });
    expect(await verify(id, first, at(now, 1000))).toEqual({ ok: false, reason: "invalid" });
    expect(await verify(id, second.toLowerCase().replace(/-/g, " "), at(now, 2000))).toEqual({ ok: true });
    expect(await countUnusedRecoveryCodes(handle.db, id)).toBe(8);
    const both = await Promise.all([verify(id, recoveryCodes[2]!, at(now, 3000)), verify(id, recoveryCodes[2]!, at(now, 3000))]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
  });

  it("locks after the password's number of failures, refuses even a right code while locked, and unlocks after 15 minutes", async () => {
    const { id, enrolment, recoveryCodes } = await enrolledUser();
    const start = at(t0, minutes(60));
    const reasons: string[] = [];
    for (let i = 0; i < authPolicy.maxFailedAttempts; i++) {
      const now = at(start, i * 1000);
      const right = totpCode(enrolment.secret, now);
      const r = await verify(id, right === "000000" ? "111111" : "000000", now);
      reasons.push(r.ok ? "ok" : r.reason);
    }
    expect(reasons).toEqual(["invalid", "invalid", "invalid", "invalid", "locked"]);
    const during = at(start, minutes(14));
    expect(await verify(id, totpCode(enrolment.secret, during), during)).toEqual({ ok: false, reason: "locked" });
    expect(await verify(id, recoveryCodes[0]!, during)).toEqual({ ok: false, reason: "locked" });
    const after = at(start, minutes(16));
    expect(await verify(id, totpCode(enrolment.secret, after), after)).toEqual({ ok: true });
  });

  it("a success starts the count afresh", async () => {
    const { id, enrolment } = await enrolledUser();
    const start = at(t0, minutes(90));
    for (let i = 0; i < authPolicy.maxFailedAttempts - 1; i++) expect((await verify(id, "000001", at(start, i * 1000))).ok).toBe(false);
    const now = at(start, minutes(1));
    expect(await verify(id, totpCode(enrolment.secret, now), now)).toEqual({ ok: true });
    for (let i = 0; i < authPolicy.maxFailedAttempts - 1; i++) {
      expect(await verify(id, "000001", at(now, (i + 1) * 1000))).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("audits every attempt, never with the code", async () => {
    const { id, enrolment, recoveryCodes } = await enrolledUser();
    const now = at(t0, minutes(120));
    const code = totpCode(enrolment.secret, now);
    await verify(id, code, now);
    await verify(id, code, now);
    await verify(id, recoveryCodes[3]!, now);
    const rows = (await listAudit(handle.db, { actorId: id, action: "auth.mfa_verify" })).reverse();
    expect(rows.map((r) => [r.outcome, (r.detail as { method?: string }).method])).toEqual([
      ["success", "totp"],
      ["denied", "totp"],
      ["success", "recovery_code"],
    ]);
    expect((rows[1]!.detail as { reason: string }).reason).toBe("reused");
    const text = JSON.stringify(await listAudit(handle.db, { actorId: id }));
    expect(text).not.toContain(code);
    for (const c of recoveryCodes) {
      expect(text).not.toContain(c);
      expect(text).not.toContain(c.replace(/-/g, ""));
    }
    expect(text).not.toContain(enrolment.secret);
  });

  it("fails like a wrong code, and is audited, when the secret no longer opens with the key", async () => {
    const { id, enrolment } = await enrolledUser();
    const now = at(t0, minutes(150));
    const otherKey = randomBytes(32);
    expect(await verifySecondFactor(handle.db, id, totpCode(enrolment.secret, now), now, authPolicy, otherKey)).toEqual({ ok: false, reason: "invalid" });
    const [row] = await listAudit(handle.db, { actorId: id, action: "auth.mfa_verify" });
    expect(row?.detail).toMatchObject({ reason: "secret_unreadable" });
    // With the right key the same code still works: nothing was used up.
    expect(await verify(id, totpCode(enrolment.secret, now), now)).toEqual({ ok: true });
  });
});
