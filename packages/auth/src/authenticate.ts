import { z } from "zod";
import {
  consumeResetCode,
  createSession,
  findLiveResetCode,
  findSession,
  findUserByEmail,
  releaseLoginAttempts,
  reserveLoginAttempt,
  revokeSession,
  writeAudit,
  type Database,
  type PendingStep,
  type SessionRow,
} from "@stepwise/db";
import type { Role } from "@stepwise/domain";
import { burnPasswordCheck, verifyPassword } from "./password";
import { resetCodeCandidate } from "./reset-code";
import { authPolicy, type AuthPolicy } from "./policy";
import { firstPendingStep, sessionState } from "./sign-in-steps";

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(254),
  password: z.string().min(1).max(512),
});

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** The argon2 work sign-in may do; a parameter so that tests can count the real password checks. */
export interface PasswordChecks {
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** The same cost as `verify`, for an email with no active account. */
  burn(password: string): Promise<void>;
}

const argon2Checks: PasswordChecks = { verify: verifyPassword, burn: burnPasswordCheck };

export type AuthenticateResult =
  | { ok: true; user: SessionUser; sessionId: string; pendingStep: PendingStep | null }
  | { ok: false; reason: "invalid" | "locked" };

/**
 * Email + password sign-in with lockout. Unknown emails take the same path, the same time and the
 * same message as wrong passwords; the lock is per email, so it cannot reveal whether one exists.
 */
export async function authenticate(
  db: Database,
  input: unknown,
  now: Date = new Date(),
  policy: AuthPolicy = authPolicy,
  checks: PasswordChecks = argon2Checks,
): Promise<AuthenticateResult> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password } = parsed.data;

  // The attempt is counted before the password is checked, so that however many arrive at once, no
  // more than the policy's number of checks run before the lock answers for all of them.
  const reservation = await reserveLoginAttempt(db, email, now, policy.maxFailedAttempts, policy.lockoutMs);
  if (!reservation.reserved) {
    await writeAudit(db, { action: "auth.login", outcome: "denied", detail: { email, reason: "locked" } });
    return { ok: false, reason: "locked" };
  }

  const user = await findUserByEmail(db, email);
  // After a reset the password hash is one nobody knows, and the live one-time code stands in for
  // it: still exactly one check, so a used, expired or revoked code is refused like a wrong password.
  const resetCode = user && user.active ? await findLiveResetCode(db, user.id, now) : undefined;
  const passwordOk =
    user && user.active
      ? await checks.verify(resetCode?.codeHash ?? user.passwordHash, resetCode ? resetCodeCandidate(password) : password)
      : (await checks.burn(password), false);

  const refuse = async (): Promise<AuthenticateResult> => {
    const locked = reservation.attempt >= policy.maxFailedAttempts;
    await writeAudit(db, {
      actorId: user?.id ?? null,
      actorRole: user?.role ?? null,
      action: "auth.login",
      outcome: "denied",
      detail: { email, reason: locked ? "locked" : "invalid", failedCount: reservation.attempt },
    });
    return { ok: false, reason: locked ? "locked" : "invalid" };
  };
  if (!user || !passwordOk) return refuse();

  // The password is right; the session still has to pass its sign-in steps (second factor, …).
  const pendingStep = await firstPendingStep(db, user);
  const session = await db.transaction(async (tx) => {
    // The code is spent with the session it opens; of two sign-ins with one code, one gets a session.
    if (resetCode && !(await consumeResetCode(tx, resetCode.id, now))) return null;
    await releaseLoginAttempts(tx, email, policy.maxFailedAttempts);
    const created = await createSession(tx, user.id, now, new Date(now.getTime() + policy.absoluteLifetimeMs), pendingStep);
    await writeAudit(tx, {
      actorId: user.id,
      actorRole: user.role,
      action: "auth.login",
      outcome: "success",
      entityType: "session",
      entityId: created.id,
      detail: pendingStep || resetCode ? { ...(pendingStep ? { pendingStep } : {}), ...(resetCode ? { signedInWith: "reset_code" } : {}) } : undefined,
    });
    return created;
  });
  if (!session) return refuse();
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role }, sessionId: session.id, pendingStep };
}

/**
 * A signed-in session, checked (and kept alive) on every request. A session that still has a
 * sign-in step to do (second factor, new password, enrolment) is not signed in: see sessionState.
 */
export async function validateSession(
  db: Database,
  sessionId: string | undefined | null,
  now: Date = new Date(),
  policy: AuthPolicy = authPolicy,
): Promise<{ user: SessionUser; sessionId: string } | null> {
  const state = await sessionState(db, sessionId, now, policy);
  if (!state || state.pendingStep !== null) return null;
  return { user: state.user, sessionId: state.sessionId };
}

export async function logout(db: Database, sessionId: string | undefined | null): Promise<void> {
  if (!sessionId) return;
  const session = await findSession(db, sessionId);
  if (session && (await revokeSession(db, sessionId, "logout"))) {
    await writeAudit(db, { actorId: session.userId, action: "auth.logout", outcome: "success", entityType: "session", entityId: sessionId });
  }
}

/**
 * Whether a session is still live and signed in (no sign-in step pending), without counting as activity: an open live stream must not keep
 * an idle user signed in past the automatic logoff.
 */
export async function isSessionLive(
  db: Database,
  sessionId: string,
  now: Date = new Date(),
  policy: AuthPolicy = authPolicy,
): Promise<boolean> {
  return sessionIsLive(await findSession(db, sessionId), now, policy);
}

/** The rule of `isSessionLive` on a session already read: an instance checks all its open streams' sessions with one read. */
export function sessionIsLive(
  session: Pick<SessionRow, "revokedAt" | "pendingStep" | "expiresAt" | "lastSeenAt"> | undefined,
  now: Date = new Date(),
  policy: AuthPolicy = authPolicy,
): boolean {
  return (
    !!session &&
    !session.revokedAt &&
    session.pendingStep === null &&
    session.expiresAt > now &&
    session.lastSeenAt.getTime() > now.getTime() - policy.idleTimeoutMs
  );
}
