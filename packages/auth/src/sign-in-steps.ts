import { z } from "zod";
import { findSession, findSessionForSteps, findUserMfa, revokeSession, setSessionStep, touchSession, writeAudit, type Database, type PendingStep } from "@stepwise/db";
import type { Role } from "@stepwise/domain";
import type { SessionUser } from "./authenticate";
import { confirmMfaEnrolment, verifySecondFactor, type ConfirmEnrolmentResult, type SecondFactorResult } from "./mfa";
import { authPolicy, isMfaRequired, type AuthPolicy } from "./policy";

export type { PendingStep } from "@stepwise/db";

export interface StepFacts {
  role: Role;
  mfaEnabled: boolean;
  /** This session has passed the second factor. */
  mfaVerified: boolean;
  mustChangePassword: boolean;
}

/**
 * The sign-in steps, in order: the second factor when it is on, then a new password after a reset,
 * then enrolment when the clinic requires a second factor and the user has none. Null: signed in.
 */
export function nextPendingStep(facts: StepFacts, env: NodeJS.ProcessEnv = process.env): PendingStep | null {
  if (facts.mfaEnabled && !facts.mfaVerified) return "second_factor";
  if (facts.mustChangePassword) return "password_change";
  if (!facts.mfaEnabled && isMfaRequired(facts.role, env)) return "mfa_enrolment";
  return null;
}

/** The first step of a session created by a correct password. */
export async function firstPendingStep(db: Database, user: { id: string; role: Role; mustChangePassword: boolean }, env: NodeJS.ProcessEnv = process.env): Promise<PendingStep | null> {
  const mfa = await findUserMfa(db, user.id);
  return nextPendingStep({ role: user.role, mfaEnabled: !!mfa?.enabledAt, mfaVerified: false, mustChangePassword: user.mustChangePassword }, env);
}

/**
 * Recomputes what a session must do next, after one of its steps completed (or the account changed):
 * returns the new step (null: signed in), or undefined when the session is gone or revoked.
 */
export async function advanceSession(db: Database, sessionId: string, _now: Date = new Date(), env: NodeJS.ProcessEnv = process.env): Promise<PendingStep | null | undefined> {
  const row = await findSessionForSteps(db, sessionId);
  if (!row || row.session.revokedAt || !row.user.active) return undefined;
  const step = nextPendingStep(
    { role: row.user.role, mfaEnabled: !!row.mfaEnabledAt, mfaVerified: !!row.session.mfaVerifiedAt, mustChangePassword: row.user.mustChangePassword },
    env,
  );
  if (step !== row.session.pendingStep && !(await setSessionStep(db, sessionId, step))) return undefined;
  return step;
}

export interface SessionState {
  user: SessionUser;
  sessionId: string;
  /** Null: signed in. Otherwise the session may only do this step. */
  pendingStep: PendingStep | null;
}

/**
 * Checks the server-side session on every request (and records the activity): revoked, idle for
 * longer than the policy, past its absolute lifetime, or belonging to a deactivated user → null.
 * A live session that still has a sign-in step to do is returned with that step.
 */
export async function sessionState(
  db: Database,
  sessionId: string | undefined | null,
  now: Date = new Date(),
  policy: AuthPolicy = authPolicy,
): Promise<SessionState | null> {
  if (!sessionId || !z.string().uuid().safeParse(sessionId).success) return null;
  const touched = await touchSession(db, sessionId, now, new Date(now.getTime() - policy.idleTimeoutMs));
  if (touched) {
    const { id, email, name, role } = touched.user;
    return { user: { id, email, name, role }, sessionId, pendingStep: touched.session.pendingStep };
  }
  const stale = await findSession(db, sessionId);
  if (stale && !stale.revokedAt) {
    const idle = stale.lastSeenAt.getTime() <= now.getTime() - policy.idleTimeoutMs;
    const reason = idle ? "idle_timeout" : stale.expiresAt <= now ? "expired" : "user_inactive";
    if (await revokeSession(db, sessionId, reason)) {
      await writeAudit(db, { actorId: stale.userId, action: "auth.session_end", outcome: "success", entityType: "session", entityId: sessionId, detail: { reason } });
    }
  }
  return null;
}

export type StepResult<R> = R & { pendingStep?: PendingStep | null };

/**
 * The 'second_factor' step: the code is checked for the session's user; when it passes, the session
 * records it (mfaVerifiedAt) and moves on to its next step.
 */
export async function completeSecondFactor(db: Database, sessionId: string, code: string, now: Date = new Date()): Promise<StepResult<SecondFactorResult> | { ok: false; reason: "no_session" }> {
  const state = await sessionState(db, sessionId, now);
  if (!state || state.pendingStep !== "second_factor") return { ok: false, reason: "no_session" };
  const result = await verifySecondFactor(db, state.user.id, code, now);
  if (!result.ok) return result;
  if (!(await setSessionStep(db, sessionId, "second_factor", now))) return { ok: false, reason: "no_session" };
  const pendingStep = await advanceSession(db, sessionId, now);
  if (pendingStep === undefined) return { ok: false, reason: "no_session" };
  return { ok: true, pendingStep };
}

/**
 * Confirms enrolment for the session's user (from the 'mfa_enrolment' step or from a signed-in
 * session enrolling by choice): the first code also counts as this session's second factor. The
 * session keeps its step until the user has saved the recovery codes (then advanceSession).
 */
export async function completeMfaEnrolment(db: Database, sessionId: string, code: string, now: Date = new Date()): Promise<StepResult<ConfirmEnrolmentResult> | { ok: false; reason: "no_session" }> {
  const state = await sessionState(db, sessionId, now);
  if (!state || (state.pendingStep !== null && state.pendingStep !== "mfa_enrolment")) return { ok: false, reason: "no_session" };
  const result = await confirmMfaEnrolment(db, state.user.id, code, now);
  if (!result.ok) return result;
  if (!(await setSessionStep(db, sessionId, state.pendingStep, now))) return { ok: false, reason: "no_session" };
  return { ...result, pendingStep: state.pendingStep };
}
