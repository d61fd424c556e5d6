import { findUserById, lastUsedResetCode, releaseLoginAttempts, reserveLoginAttempt, revokeOtherSessions, setOwnPassword, writeAudit, type Database, type PendingStep } from "@stepwise/db";
import { changePasswordInputSchema, hasResetCodeShape } from "@stepwise/domain";
import { hashPassword, verifyPassword } from "./password";
import { authMessages, authPolicy, type AuthPolicy } from "./policy";
import { resetCodeCandidate } from "./reset-code";
import { advanceSession, sessionState } from "./sign-in-steps";

export type ChangePasswordResult =
  | { ok: true; pendingStep: PendingStep | null }
  | { ok: false; reason: "no_session" | "invalid" | "locked"; field?: "currentPassword" | "newPassword" | "confirmPassword"; message: string };

export const passwordChangeMessages = {
  noSession: "Your session has ended. Sign in again.",
  currentRequired: "Enter your current password.",
  wrongCurrent: "That is not your current password.",
  sameAsCurrent: "Choose a password different from your current one.",
  isTheCode: "Choose a password of your own, not the one-time code.",
} as const;

/**
 * The session's user chooses a new password: the step forced after signing in with a reset code
 * (no current password to ask for), or a signed-in user changing theirs (the current password is
 * checked and counted like a sign-in attempt). The user's other sessions end; this one moves on to
 * its next sign-in step (null: signed in).
 */
export async function changeOwnPassword(
  db: Database,
  sessionId: string | null | undefined,
  input: unknown,
  now: Date = new Date(),
  policy: AuthPolicy = authPolicy,
): Promise<ChangePasswordResult> {
  const state = await sessionState(db, sessionId, now, policy);
  if (!state || !sessionId || (state.pendingStep !== null && state.pendingStep !== "password_change")) return { ok: false, reason: "no_session", message: passwordChangeMessages.noSession };
  const parsed = changePasswordInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    return { ok: false, reason: "invalid", field: field === "currentPassword" || field === "confirmPassword" ? field : "newPassword", message: issue?.message ?? "Invalid input." };
  }
  const { currentPassword, newPassword } = parsed.data;
  const user = await findUserById(db, state.user.id);
  if (!user) return { ok: false, reason: "no_session", message: passwordChangeMessages.noSession };
  const forced = state.pendingStep === "password_change";
  const actor = { actorId: user.id, actorRole: user.role, action: "auth.password_change", entityType: "session", entityId: sessionId };

  if (forced) {
    const code = hasResetCodeShape(newPassword) ? await lastUsedResetCode(db, user.id) : undefined;
    if (code && (await verifyPassword(code.codeHash, resetCodeCandidate(newPassword)))) {
      return { ok: false, reason: "invalid", field: "newPassword", message: passwordChangeMessages.isTheCode };
    }
  } else {
    if (!currentPassword) return { ok: false, reason: "invalid", field: "currentPassword", message: passwordChangeMessages.currentRequired };
    // Guessing the current password here is guessing it at sign-in: the same count and lock.
    const reservation = await reserveLoginAttempt(db, user.email, now, policy.maxFailedAttempts, policy.lockoutMs);
    const currentOk = reservation.reserved && (await verifyPassword(user.passwordHash, currentPassword));
    if (!currentOk) {
      const locked = !reservation.reserved || reservation.attempt >= policy.maxFailedAttempts;
      await writeAudit(db, { ...actor, outcome: "denied", detail: { reason: locked ? "locked" : "invalid", failedCount: reservation.attempt } });
      return locked
        ? { ok: false, reason: "locked", message: authMessages.locked }
        : { ok: false, reason: "invalid", field: "currentPassword", message: passwordChangeMessages.wrongCurrent };
    }
    await releaseLoginAttempts(db, user.email, policy.maxFailedAttempts);
    if (newPassword === currentPassword) return { ok: false, reason: "invalid", field: "newPassword", message: passwordChangeMessages.sameAsCurrent };
  }

  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await setOwnPassword(tx, user.id, passwordHash);
    const revokedSessions = await revokeOtherSessions(tx, user.id, sessionId, "password_changed");
    await writeAudit(tx, { ...actor, outcome: "success", detail: { revokedSessions, ...(forced ? { pendingStep: "password_change" } : {}) } });
  });
  const pendingStep = await advanceSession(db, sessionId, now);
  if (pendingStep === undefined) return { ok: false, reason: "no_session", message: passwordChangeMessages.noSession };
  return { ok: true, pendingStep };
}
