import { findUserById, releaseLoginAttempts, reserveLoginAttempt, writeAudit, type Database } from "@stepwise/db";
import { verifyPassword } from "./password";
import { authPolicy, type AuthPolicy } from "./policy";

export type ReentryResult = { ok: true } | { ok: false; reason: "invalid" | "locked" };

/**
 * A signed-in user types their password again before a sensitive step (break-the-glass). It is
 * the sign-in's own check and lockout: the attempt is counted against the user's email before the
 * password is checked, a wrong one counts as a failed sign-in, and a locked account is refused
 * here as at the sign-in form. Failures are audited (never the password); `action` names the step.
 */
export async function reenterPassword(
  db: Database,
  userId: string,
  password: string,
  action: string,
  now: Date = new Date(),
  policy: AuthPolicy = authPolicy,
  verify: (hash: string, password: string) => Promise<boolean> = verifyPassword,
): Promise<ReentryResult> {
  const user = await findUserById(db, userId);
  if (!user || !user.active) return { ok: false, reason: "invalid" };
  const reservation = await reserveLoginAttempt(db, user.email, now, policy.maxFailedAttempts, policy.lockoutMs);
  if (!reservation.reserved) {
    await writeAudit(db, { actorId: user.id, actorRole: user.role, action, outcome: "denied", entityType: "user", entityId: user.id, detail: { reason: "locked", kind: "password_reentry" } });
    return { ok: false, reason: "locked" };
  }
  if (!(await verify(user.passwordHash, password))) {
    const locked = reservation.attempt >= policy.maxFailedAttempts;
    await writeAudit(db, {
      actorId: user.id,
      actorRole: user.role,
      action,
      outcome: "denied",
      entityType: "user",
      entityId: user.id,
      detail: { reason: locked ? "locked" : "invalid", kind: "password_reentry", failedCount: reservation.attempt },
    });
    return { ok: false, reason: locked ? "locked" : "invalid" };
  }
  await releaseLoginAttempts(db, user.email, policy.maxFailedAttempts);
  return { ok: true };
}
