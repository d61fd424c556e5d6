import { and, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { mfaRecoveryCodes, sessions, userMfa, users } from "../schema";

export type UserMfaRow = typeof userMfa.$inferSelect;
export type PendingStep = NonNullable<(typeof sessions.$inferSelect)["pendingStep"]>;

export async function findUserMfa(db: DbOrTx, userId: string): Promise<UserMfaRow | undefined> {
  const [row] = await db.select().from(userMfa).where(eq(userMfa.userId, userId));
  return row;
}

/**
 * Stores a new secret waiting for its first code. An enabled second factor is never replaced here
 * (nothing is returned): a new secret needs the old factor removed first.
 */
export async function savePendingMfa(db: DbOrTx, userId: string, secretSealed: string, now: Date): Promise<UserMfaRow | undefined> {
  const [row] = await db
    .insert(userMfa)
    .values({ userId, secretSealed, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: userMfa.userId,
      set: { secretSealed, lastUsedStep: null, version: sql`${userMfa.version} + 1`, updatedAt: now },
      setWhere: isNull(userMfa.enabledAt),
    })
    .returning();
  return row;
}

/**
 * Turns a pending second factor on with its first accepted code, only if the secret is still the
 * one the code was checked against (`version`): of two confirmations racing, one wins.
 */
export async function enableMfa(db: DbOrTx, userId: string, version: number, step: number, now: Date): Promise<UserMfaRow | undefined> {
  const [row] = await db
    .update(userMfa)
    .set({ enabledAt: now, lastUsedStep: step, version: sql`${userMfa.version} + 1`, updatedAt: now })
    .where(and(eq(userMfa.userId, userId), isNull(userMfa.enabledAt), eq(userMfa.version, version)))
    .returning();
  return row;
}

/**
 * Claims a TOTP time step in one compare-and-set: only a step later than the last accepted one
 * passes, so a code is never accepted twice, even by two submissions at the same moment.
 */
export async function claimTotpStep(db: DbOrTx, userId: string, step: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(userMfa)
    .set({ lastUsedStep: step, version: sql`${userMfa.version} + 1`, updatedAt: now })
    .where(and(eq(userMfa.userId, userId), isNotNull(userMfa.enabledAt), or(isNull(userMfa.lastUsedStep), lt(userMfa.lastUsedStep, step))))
    .returning({ userId: userMfa.userId });
  return rows.length > 0;
}

/** Replaces every recovery code of a user with these (already hashed) ones. */
export async function replaceRecoveryCodes(db: DbOrTx, userId: string, codeHashes: readonly string[], now: Date): Promise<void> {
  await db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  if (codeHashes.length > 0) await db.insert(mfaRecoveryCodes).values(codeHashes.map((codeHash) => ({ userId, codeHash, createdAt: now })));
}

/** Uses a recovery code once, in one statement: a second use (or a concurrent one) finds it used. */
export async function useRecoveryCode(db: DbOrTx, userId: string, codeHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(mfaRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(mfaRecoveryCodes.userId, userId), eq(mfaRecoveryCodes.codeHash, codeHash), isNull(mfaRecoveryCodes.usedAt)))
    .returning({ id: mfaRecoveryCodes.id });
  return rows.length > 0;
}

export async function countUnusedRecoveryCodes(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(mfaRecoveryCodes)
    .where(and(eq(mfaRecoveryCodes.userId, userId), isNull(mfaRecoveryCodes.usedAt)));
  return row?.n ?? 0;
}

/** What the sign-in step machine needs to know about a session and its user, in one read. */
export async function findSessionForSteps(db: DbOrTx, sessionId: string) {
  const [row] = await db
    .select({
      session: sessions,
      user: { id: users.id, role: users.role, active: users.active, mustChangePassword: users.mustChangePassword },
      mfaEnabledAt: userMfa.enabledAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(userMfa, eq(userMfa.userId, sessions.userId))
    .where(eq(sessions.id, sessionId));
  return row;
}

/** Sets what an unrevoked session must do next (null: the sign-in is complete). */
export async function setSessionStep(db: DbOrTx, sessionId: string, pendingStep: PendingStep | null, mfaVerifiedAt?: Date): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set(mfaVerifiedAt ? { pendingStep, mfaVerifiedAt } : { pendingStep })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}
