import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authenticate,
  beginMfaEnrolment,
  changeOwnPassword,
  completeSecondFactor,
  confirmMfaEnrolment,
  hasMfa,
  passwordChangeMessages,
  totpCode,
  validateSession,
} from "@stepwise/auth";
import { findUserById, listAudit, schema } from "@stepwise/db";
import { normalizeResetCode, resetCodePolicy, resetPasswordInputSchema } from "@stepwise/domain";
import { createInnerContext } from "../context";
import { createCaller } from "../root";
import { openSeededClinic, type Clinic } from "../test-support";

let clinic: Clinic;
let admin: Awaited<ReturnType<Clinic["as"]>>;
beforeAll(async () => {
  clinic = await openSeededClinic();
  admin = await clinic.as("admin@stepwise.test");
});
afterAll(async () => {
  await clinic?.close();
});

const firstPassword = "the first long password";
let accounts = 0;
/** A clinician of the test's own (no other test signs in with it), created by the administrator. */
async function newClinician(role: "physician" | "psychologist" = "psychologist") {
  accounts += 1;
  const email = `reset-${accounts}@stepwise.test`;
  const user = await admin.admin.createUser({ email, name: `Reset Clinician ${accounts}`, role });
  const first = await signIn(email, user.code);
  if (!first.ok) throw new Error("the new account's code did not sign in");
  if (!(await changeOwnPassword(clinic.handle.db, first.sessionId, { newPassword: firstPassword, confirmPassword: firstPassword })).ok) throw new Error("password change failed");
  return { ...user, email };
}

async function signIn(email: string, password: string, now?: Date) {
  return authenticate(clinic.handle.db, { email, password }, now);
}

/** A tRPC caller for a session the test opened itself (demo callers come from test-support). */
function callerFor(r: Awaited<ReturnType<typeof signIn>>) {
  if (!r.ok) throw new Error("sign-in failed");
  return createCaller(createInnerContext({ db: clinic.handle.db, session: { user: r.user, sessionId: r.sessionId }, bus: clinic.bus }));
}

const hours = (h: number) => h * 60 * 60 * 1000;

describe("password reset by the administrator", () => {
  it("takes no password: the schema refuses one and so does the procedure", async () => {
    const user = await newClinician();
    expect(resetPasswordInputSchema.safeParse({ userId: user.id, password: "an admin-chosen password" }).success).toBe(false);
    expect(Object.keys(resetPasswordInputSchema.shape)).toEqual(["userId"]);
    await expect(admin.admin.resetPassword({ userId: user.id, password: "an admin-chosen password" } as never)).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // Nothing happened: the user's own password still works.
    expect((await signIn(user.email, firstPassword)).ok).toBe(true);
  });

  it("issues a one-time code: the old password stops, sessions end, the lock clears, the code signs in once and only to choose a new password", async () => {
    const user = await newClinician();
    const before = await signIn(user.email, firstPassword);
    if (!before.ok) throw new Error("sign-in failed");
    expect(await validateSession(clinic.handle.db, before.sessionId)).not.toBeNull();
    for (let i = 0; i < 2; i++) expect((await signIn(user.email, "not the password")).ok).toBe(false);
    expect((await admin.admin.listUsers()).find((u) => u.id === user.id)?.failedCount).toBe(2);

    const t0 = Date.now();
    const issued = await admin.admin.resetPassword({ userId: user.id });
    expect(issued.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(issued.expiresAt.getTime() - t0).toBeGreaterThan(resetCodePolicy.validityMs - 60_000);
    expect(issued.expiresAt.getTime() - t0).toBeLessThanOrEqual(resetCodePolicy.validityMs + 1000);

    expect(await validateSession(clinic.handle.db, before.sessionId)).toBeNull();
    expect((await admin.admin.listUsers()).find((u) => u.id === user.id)?.failedCount ?? null).toBeNull();
    expect((await findUserById(clinic.handle.db, user.id))?.mustChangePassword).toBe(true);
    const stored = (await clinic.handle.db.select().from(schema.passwordResetCodes)).filter((r) => r.userId === user.id);
    // The account's first code (used when it was created) and the reset's, the only live one.
    expect(stored).toHaveLength(2);
    expect(stored.filter((r) => !r.usedAt && !r.revokedAt)).toHaveLength(1);
    for (const row of stored) expect(row.codeHash).not.toContain(normalizeResetCode(issued.code));

    expect(await signIn(user.email, firstPassword)).toEqual({ ok: false, reason: "invalid" });

    // Typed as people type it: lower case, spaces instead of dashes.
    const withCode = await signIn(user.email, issued.code.toLowerCase().replaceAll("-", " "));
    if (!withCode.ok) throw new Error("the code did not sign in");
    expect(withCode.pendingStep).toBe("password_change");
    expect(await validateSession(clinic.handle.db, withCode.sessionId)).toBeNull();
    // Used: refused exactly like a wrong password.
    expect(await signIn(user.email, issued.code)).toEqual({ ok: false, reason: "invalid" });

    const db = clinic.handle.db;
    expect(await changeOwnPassword(db, withCode.sessionId, { newPassword: issued.code, confirmPassword: issued.code })).toMatchObject({
      ok: false,
      field: "newPassword",
      message: passwordChangeMessages.isTheCode,
    });
    expect(await changeOwnPassword(db, withCode.sessionId, { newPassword: "my very own password", confirmPassword: "my very own passw0rd" })).toMatchObject({ ok: false, field: "confirmPassword" });
    expect(await changeOwnPassword(db, withCode.sessionId, { newPassword: "short", confirmPassword: "short" })).toMatchObject({ ok: false, field: "newPassword" });
    expect(await changeOwnPassword(db, withCode.sessionId, { newPassword: "my very own password", confirmPassword: "my very own password" })).toEqual({ ok: true, pendingStep: null });
    expect(await validateSession(db, withCode.sessionId)).not.toBeNull();
    expect((await findUserById(db, user.id))?.mustChangePassword).toBe(false);
    expect((await signIn(user.email, "my very own password")).ok).toBe(true);
    expect((await signIn(user.email, firstPassword)).ok).toBe(false);

    const audited = await listAudit(db, { action: "admin.resetPassword" });
    expect(audited.filter((r) => r.entityId === user.id && r.outcome === "success")).toHaveLength(1);
    const changes = await listAudit(db, { action: "auth.password_change" });
    expect(changes.some((r) => r.actorId === user.id && r.outcome === "success")).toBe(true);
  });

  it("lets one of two simultaneous sign-ins with the same code through", async () => {
    const user = await newClinician();
    const { code } = await admin.admin.resetPassword({ userId: user.id });
    const results = await Promise.all([signIn(user.email, code), signIn(user.email, code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "invalid" }]);
  });

  it("revokes an earlier code when a newer reset is issued", async () => {
    const user = await newClinician();
    const first = await admin.admin.resetPassword({ userId: user.id });
    const second = await admin.admin.resetPassword({ userId: user.id });
    expect(second.code).not.toBe(first.code);
    expect(await signIn(user.email, first.code)).toEqual({ ok: false, reason: "invalid" });
    expect((await signIn(user.email, second.code)).ok).toBe(true);
    const rows = (await clinic.handle.db.select().from(schema.passwordResetCodes)).filter((r) => r.userId === user.id);
    expect(rows.filter((r) => r.revokedAt)).toHaveLength(1);
    // The account's first code and the newer reset's.
    expect(rows.filter((r) => r.usedAt)).toHaveLength(2);
  });

  it("expires a code after 24 hours (the clock is the request's)", async () => {
    const user = await newClinician();
    const t = new Date("2031-03-04T09:00:00Z");
    const adminAtT = await clinic.as("admin@stepwise.test", () => t);
    const { code, expiresAt } = await adminAtT.admin.resetPassword({ userId: user.id });
    expect(expiresAt).toEqual(new Date(t.getTime() + hours(24)));
    expect(await signIn(user.email, code, new Date(t.getTime() + hours(24)))).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(user.email, code, new Date(t.getTime() + hours(25)))).toEqual({ ok: false, reason: "invalid" });
    // Still unused, and valid the moment before it expires.
    expect((await signIn(user.email, code, new Date(t.getTime() + hours(24) - 1000))).ok).toBe(true);
  });

  it("counts a refused code toward the lockout like a wrong password", async () => {
    const user = await newClinician();
    const { code } = await admin.admin.resetPassword({ userId: user.id });
    for (let i = 0; i < 5; i++) await signIn(user.email, "AAAAA-BBBBB-CCCCC-DDDDD");
    expect(await signIn(user.email, code)).toEqual({ ok: false, reason: "locked" });
  });

  it("is refused to the administrator's own account (their own page changes it)", async () => {
    const me = await admin.me.get();
    await expect(admin.admin.resetPassword({ userId: me.id })).rejects.toMatchObject({ code: expect.stringMatching(/PRECONDITION_FAILED|BAD_REQUEST|CONFLICT/) });
  });
});

describe("two-factor sign-in and resets", () => {
  it("survives a password reset; removeMfa removes it, ends the sessions and tells the user", async () => {
    const user = await newClinician("physician");
    const db = clinic.handle.db;
    const t = new Date();
    const enrolment = await beginMfaEnrolment(db, { id: user.id, email: user.email }, t);
    if (!enrolment) throw new Error("enrolment did not start");
    expect((await confirmMfaEnrolment(db, user.id, totpCode(enrolment.secret, t), t)).ok).toBe(true);

    const { code } = await admin.admin.resetPassword({ userId: user.id });
    expect(await hasMfa(db, user.id)).toBe(true);
    const withCode = await signIn(user.email, code);
    if (!withCode.ok) throw new Error("the code did not sign in");
    // The second factor comes first, then the new password.
    expect(withCode.pendingStep).toBe("second_factor");
    const later = new Date(t.getTime() + 60_000);
    expect(await completeSecondFactor(db, withCode.sessionId, totpCode(enrolment.secret, later), later)).toMatchObject({ ok: true, pendingStep: "password_change" });
    expect(await changeOwnPassword(db, withCode.sessionId, { newPassword: "a second own password", confirmPassword: "a second own password" }, later)).toEqual({
      ok: true,
      pendingStep: null,
    });
    expect((await admin.admin.listUsers()).find((u) => u.id === user.id)?.mfaEnabled).toBe(true);

    const removed = await admin.admin.removeMfa({ userId: user.id });
    expect(removed.revokedSessions).toBeGreaterThanOrEqual(1);
    expect(await validateSession(db, withCode.sessionId)).toBeNull();
    expect(await hasMfa(db, user.id)).toBe(false);
    expect((await db.select().from(schema.mfaRecoveryCodes)).filter((r) => r.userId === user.id)).toEqual([]);
    expect((await admin.admin.listUsers()).find((u) => u.id === user.id)?.mfaEnabled).toBe(false);
    await expect(admin.admin.removeMfa({ userId: user.id })).rejects.toMatchObject({ code: expect.stringMatching(/PRECONDITION_FAILED|BAD_REQUEST|CONFLICT/) });

    const after = await signIn(user.email, "a second own password");
    if (!after.ok) throw new Error("sign-in failed");
    expect(after.pendingStep).toBeNull();
    const notices = await callerFor(after).notices.mine();
    expect(notices.map((n) => n.kind)).toEqual(["password_reset", "mfa_removed"]);
    const adminName = (await admin.me.get()).name;
    expect(notices.map((n) => n.actorName)).toEqual([adminName, adminName]);
    const audited = await listAudit(db, { action: "admin.removeMfa" });
    expect(audited.filter((r) => r.entityId === user.id).map((r) => r.outcome)).toEqual(["success"]);
    expect(audited.filter((r) => r.outcome === "failure")).toHaveLength(1);
  });
});

describe("account notices", () => {
  it("show the user who reset their password and when, only to that user, until acknowledged; every step audited", async () => {
    const user = await newClinician();
    const other = await newClinician();
    const adminName = (await admin.me.get()).name;
    const { code } = await admin.admin.resetPassword({ userId: user.id });
    const withCode = await signIn(user.email, code);
    if (!withCode.ok) throw new Error("the code did not sign in");
    await changeOwnPassword(clinic.handle.db, withCode.sessionId, { newPassword: "notice reader password", confirmPassword: "notice reader password" });
    const mine = callerFor(withCode);
    const notices = await mine.notices.mine();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ kind: "password_reset", actorName: adminName });
    expect(notices[0]!.at).toBeInstanceOf(Date);

    // Someone else's notice ids match nothing, and they see none of it.
    const theirs = callerFor(await signIn(other.email, firstPassword));
    expect(await theirs.notices.mine()).toEqual([]);
    expect(await theirs.notices.acknowledge({ noticeIds: [notices[0]!.id] })).toEqual({ seen: 0 });
    expect(await mine.notices.mine()).toHaveLength(1);

    expect(await mine.notices.acknowledge({ noticeIds: [notices[0]!.id] })).toEqual({ seen: 1 });
    expect(await mine.notices.mine()).toEqual([]);
    // Shown once: a later sign-in does not show it again.
    expect(await callerFor(await signIn(user.email, "notice reader password")).notices.mine()).toEqual([]);

    const acks = await listAudit(clinic.handle.db, { action: "notices.acknowledge" });
    expect(acks.find((r) => r.actorId === user.id)?.detail).toEqual({ noticeIds: [notices[0]!.id] });
    expect((await listAudit(clinic.handle.db, { action: "notices.mine" })).some((r) => r.actorId === user.id)).toBe(true);
  });

  it("no audit row holds a reset code or a password", async () => {
    const user = await newClinician();
    const { code } = await admin.admin.resetPassword({ userId: user.id });
    const withCode = await signIn(user.email, code);
    if (!withCode.ok) throw new Error("the code did not sign in");
    await changeOwnPassword(clinic.handle.db, withCode.sessionId, { newPassword: "audit check password", confirmPassword: "audit check password" });
    const rows = await clinic.handle.db.select().from(schema.auditLog);
    const text = JSON.stringify(rows);
    for (const secret of [code, normalizeResetCode(code), "audit check password", firstPassword, "my very own password"]) expect(text).not.toContain(secret);
    const resets = rows.filter((r) => r.action === "admin.resetPassword" && r.entityId === user.id);
    expect(resets).toHaveLength(1);
    expect(Object.keys(resets[0]!.detail ?? {}).sort()).toEqual(["expiresAt", "revokedCodes", "revokedSessions"]);
  });
});

describe("a signed-in user changes their own password", () => {
  it("needs the current password (counted like a sign-in), ends the other sessions and keeps this one", async () => {
    const user = await newClinician();
    const db = clinic.handle.db;
    const here = await signIn(user.email, firstPassword);
    const elsewhere = await signIn(user.email, firstPassword);
    if (!here.ok || !elsewhere.ok) throw new Error("sign-in failed");
    expect(await changeOwnPassword(db, here.sessionId, { newPassword: "a changed own password", confirmPassword: "a changed own password" })).toMatchObject({
      ok: false,
      field: "currentPassword",
    });
    expect(await changeOwnPassword(db, here.sessionId, { currentPassword: "wrong", newPassword: "a changed own password", confirmPassword: "a changed own password" })).toMatchObject({
      ok: false,
      field: "currentPassword",
      message: passwordChangeMessages.wrongCurrent,
    });
    expect((await admin.admin.listUsers()).find((u) => u.id === user.id)?.failedCount).toBe(1);
    expect(
      await changeOwnPassword(db, here.sessionId, { currentPassword: firstPassword, newPassword: "a changed own password", confirmPassword: "a changed own password" }),
    ).toEqual({ ok: true, pendingStep: null });
    expect(await validateSession(db, here.sessionId)).not.toBeNull();
    expect(await validateSession(db, elsewhere.sessionId)).toBeNull();
    expect((await signIn(user.email, "a changed own password")).ok).toBe(true);
    expect(await changeOwnPassword(db, "not-a-session", { newPassword: "whatever password", confirmPassword: "whatever password" })).toMatchObject({ ok: false, reason: "no_session" });
  });
});
