import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { findSession, insertUser, listAudit, revokeSession, type DatabaseHandle } from "@stepwise/db";
import { createTestDatabase } from "@stepwise/db/testing";
import { authenticate, isSessionLive, validateSession } from "./authenticate";
import { beginMfaEnrolment, confirmMfaEnrolment, totpCode } from "./mfa";
import { hashPassword } from "./password";
import { isMfaRequired } from "./policy";
import { advanceSession, completeMfaEnrolment, completeSecondFactor, nextPendingStep, sessionState } from "./sign-in-steps";

let handle: DatabaseHandle;
const password = "correct horse battery";
let passwordHash: string;
beforeAll(async () => {
  handle = await createTestDatabase();
  passwordHash = await hashPassword(password);
});
afterAll(async () => {
  await handle?.close();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
const t0 = new Date("2026-06-01T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

async function newUser(options: { mustChangePassword?: boolean; role?: "physician" | "admin" } = {}) {
  const id = randomUUID();
  const email = `steps-${id}@stepwise.test`;
  await insertUser(handle.db, { id, email, name: "Step User", role: options.role ?? "physician", passwordHash, mustChangePassword: options.mustChangePassword ?? false });
  return { id, email };
}

async function withMfa(user: { id: string; email: string }) {
  const enrolment = (await beginMfaEnrolment(handle.db, user, t0))!;
  const confirmed = await confirmMfaEnrolment(handle.db, user.id, totpCode(enrolment.secret, t0), t0);
  if (!confirmed.ok) throw new Error(confirmed.reason);
  return enrolment.secret;
}

async function signIn(email: string, now: Date) {
  const result = await authenticate(handle.db, { email, password }, now);
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe("the order of the sign-in steps", () => {
  it("is second factor, then a new password, then enrolment when required", () => {
    const base = { role: "physician" as const, mfaEnabled: false, mfaVerified: false, mustChangePassword: false };
    const required = env({ STEPWISE_REQUIRE_MFA: "1" });
    expect(nextPendingStep(base, env({}))).toBeNull();
    expect(nextPendingStep(base, required)).toBe("mfa_enrolment");
    expect(nextPendingStep({ ...base, mustChangePassword: true }, required)).toBe("password_change");
    expect(nextPendingStep({ ...base, mfaEnabled: true, mustChangePassword: true }, required)).toBe("second_factor");
    expect(nextPendingStep({ ...base, mfaEnabled: true, mfaVerified: true, mustChangePassword: true }, required)).toBe("password_change");
    expect(nextPendingStep({ ...base, mfaEnabled: true, mfaVerified: true }, required)).toBeNull();
  });

  it("requires a second factor in production mode and with STEPWISE_REQUIRE_MFA=1, not in the demo", () => {
    expect(isMfaRequired("psychologist", env({ NODE_ENV: "production" }))).toBe(true);
    expect(isMfaRequired("admin", env({ NODE_ENV: "production", STEPWISE_REQUIRE_MFA: "0" }))).toBe(false);
    expect(isMfaRequired("coordinator", env({ NODE_ENV: "production", STEPWISE_DEMO: "1" }))).toBe(false);
    expect(isMfaRequired("physical_therapist", env({ STEPWISE_DEMO: "1", STEPWISE_REQUIRE_MFA: "1" }))).toBe(true);
    expect(isMfaRequired("physician", env({}))).toBe(false);
  });
});

describe("a session with a pending step", () => {
  it("is not signed in until the second factor passes; then it is, and records when", async () => {
    const user = await newUser();
    const secret = await withMfa(user);
    const now = at(10 * 60 * 1000);
    const signedIn = await signIn(user.email, now);
    expect(signedIn.pendingStep).toBe("second_factor");
    expect(await validateSession(handle.db, signedIn.sessionId, now)).toBeNull();
    expect(await isSessionLive(handle.db, signedIn.sessionId, now)).toBe(false);
    expect(await sessionState(handle.db, signedIn.sessionId, now)).toMatchObject({ pendingStep: "second_factor", user: { id: user.id } });

    expect(await completeSecondFactor(handle.db, signedIn.sessionId, "000000" === totpCode(secret, now) ? "111111" : "000000", now)).toEqual({ ok: false, reason: "invalid" });
    expect(await validateSession(handle.db, signedIn.sessionId, now)).toBeNull();

    const later = at(11 * 60 * 1000);
    expect(await completeSecondFactor(handle.db, signedIn.sessionId, totpCode(secret, later), later)).toEqual({ ok: true, pendingStep: null });
    expect(await validateSession(handle.db, signedIn.sessionId, later)).toMatchObject({ user: { id: user.id }, sessionId: signedIn.sessionId });
    expect(await isSessionLive(handle.db, signedIn.sessionId, later)).toBe(true);
    expect((await findSession(handle.db, signedIn.sessionId))?.mfaVerifiedAt).toEqual(later);
    // Done: the step cannot be "completed" again on a signed-in session.
    expect(await completeSecondFactor(handle.db, signedIn.sessionId, totpCode(secret, at(12 * 60 * 1000)), at(12 * 60 * 1000))).toEqual({ ok: false, reason: "no_session" });
  });

  it("without a second factor and without a required one, a password sign-in is complete at once", async () => {
    const user = await newUser();
    const signedIn = await signIn(user.email, t0);
    expect(signedIn.pendingStep).toBeNull();
    expect(await validateSession(handle.db, signedIn.sessionId, t0)).not.toBeNull();
    const audit = await listAudit(handle.db, { actorId: user.id, action: "auth.login" });
    expect(audit[0]?.outcome).toBe("success");
  });

  it("advances second factor → new password → signed in", async () => {
    const user = await newUser({ mustChangePassword: true });
    const secret = await withMfa(user);
    const now = at(20 * 60 * 1000);
    const signedIn = await signIn(user.email, now);
    expect(signedIn.pendingStep).toBe("second_factor");
    expect(await completeSecondFactor(handle.db, signedIn.sessionId, totpCode(secret, now), now)).toEqual({ ok: true, pendingStep: "password_change" });
    expect(await validateSession(handle.db, signedIn.sessionId, now)).toBeNull();
    // The password change itself belongs elsewhere; here the flag is cleared as it would.
    await handle.db.execute(`update users set must_change_password = false where id = '${user.id}'`);
    expect(await advanceSession(handle.db, signedIn.sessionId, now)).toBeNull();
    expect(await validateSession(handle.db, signedIn.sessionId, now)).not.toBeNull();
  });

  it("when the clinic requires a second factor, an unenrolled user enrols before anything else", async () => {
    vi.stubEnv("STEPWISE_REQUIRE_MFA", "1");
    const user = await newUser({ role: "admin" });
    const now = at(30 * 60 * 1000);
    const signedIn = await signIn(user.email, now);
    expect(signedIn.pendingStep).toBe("mfa_enrolment");
    expect(await validateSession(handle.db, signedIn.sessionId, now)).toBeNull();
    // The second-factor step is not this session's step.
    expect(await completeSecondFactor(handle.db, signedIn.sessionId, "123456", now)).toEqual({ ok: false, reason: "no_session" });
    const enrolment = (await beginMfaEnrolment(handle.db, user, now))!;
    const done = await completeMfaEnrolment(handle.db, signedIn.sessionId, totpCode(enrolment.secret, now), now);
    expect(done).toMatchObject({ ok: true, pendingStep: "mfa_enrolment" });
    // Still the enrolment step while the recovery codes are on screen; saved, the session moves on.
    expect(await validateSession(handle.db, signedIn.sessionId, now)).toBeNull();
    expect(await advanceSession(handle.db, signedIn.sessionId, now)).toBeNull();
    expect(await validateSession(handle.db, signedIn.sessionId, now)).not.toBeNull();
    expect((await findSession(handle.db, signedIn.sessionId))?.mfaVerifiedAt).toEqual(now);
    // The next sign-in asks for the code.
    const next = await signIn(user.email, at(31 * 60 * 1000));
    expect(next.pendingStep).toBe("second_factor");
  });

  it("a revoked or unknown session has no step to advance", async () => {
    const user = await newUser();
    const signedIn = await signIn(user.email, t0);
    await revokeSession(handle.db, signedIn.sessionId, "test");
    expect(await advanceSession(handle.db, signedIn.sessionId, t0)).toBeUndefined();
    expect(await advanceSession(handle.db, randomUUID(), t0)).toBeUndefined();
  });
});
