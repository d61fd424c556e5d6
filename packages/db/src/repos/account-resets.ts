import { and, desc, eq, gt, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { accountNotices, mfaRecoveryCodes, passwordResetCodes, sessions, userMfa, users } from "../schema";

export type PasswordResetCodeRow = typeof passwordResetCodes.$inferSelect;
export type AccountNoticeRow = typeof accountNotices.$inferSelect;

/** Revokes every earlier code of the user that was not used, so that only the newest one works. */
export async function revokeOpenResetCodes(db: DbOrTx, userId: string, now: Date): Promise<number> {
  const rows = await db
    .update(passwordResetCodes)
    .set({ revokedAt: now })
    .where(and(eq(passwordResetCodes.userId, userId), isNull(passwordResetCodes.usedAt), isNull(passwordResetCodes.revokedAt)))
    .returning({ id: passwordResetCodes.id });
  return rows.length;
}

export async function insertResetCode(
  db: DbOrTx,
  code: { userId: string; codeHash: string; createdBy: string; createdAt: Date; expiresAt: Date },
): Promise<PasswordResetCodeRow> {
  const [row] = await db.insert(passwordResetCodes).values(code).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

/** The code that can still sign the user in: not used, not revoked, not expired (the newest one). */
export async function findLiveResetCode(db: DbOrTx, userId: string, now: Date): Promise<PasswordResetCodeRow | undefined> {
  const [row] = await db
    .select()
    .from(passwordResetCodes)
    .where(and(eq(passwordResetCodes.userId, userId), isNull(passwordResetCodes.usedAt), isNull(passwordResetCodes.revokedAt), gt(passwordResetCodes.expiresAt, now)))
    .orderBy(desc(passwordResetCodes.createdAt))
    .limit(1);
  return row;
}

/** Compare-and-set: of two sign-ins with one code, only one marks it used. */
export async function consumeResetCode(db: DbOrTx, codeId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(passwordResetCodes)
    .set({ usedAt: now })
    .where(and(eq(passwordResetCodes.id, codeId), isNull(passwordResetCodes.usedAt), isNull(passwordResetCodes.revokedAt), gt(passwordResetCodes.expiresAt, now)))
    .returning({ id: passwordResetCodes.id });
  return rows.length > 0;
}

/** The code the user last signed in with, so that it cannot become their password. */
export async function lastUsedResetCode(db: DbOrTx, userId: string): Promise<PasswordResetCodeRow | undefined> {
  const [row] = await db
    .select()
    .from(passwordResetCodes)
    .where(and(eq(passwordResetCodes.userId, userId), isNotNull(passwordResetCodes.usedAt)))
    .orderBy(desc(passwordResetCodes.usedAt))
    .limit(1);
  return row;
}

/** A reset: the old password stops working (replaced by a hash nobody knows) and a new one must be chosen. */
export async function markPasswordReset(db: DbOrTx, userId: string, unusableHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash: unusableHash, mustChangePassword: true, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}

/** The user's own new password; a pending forced change is done with it. */
export async function setOwnPassword(db: DbOrTx, userId: string, passwordHash: string): Promise<void> {
  await db
    .update(users)
    .set({ passwordHash, mustChangePassword: false, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}

/** Ends the user's other sessions (after they changed their password), keeping the one they use. */
export async function revokeOtherSessions(db: DbOrTx, userId: string, keepSessionId: string, reason: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

/** Removes the user's second factor and every recovery code; whether there was one. */
export async function removeUserMfa(db: DbOrTx, userId: string): Promise<boolean> {
  await db.delete(mfaRecoveryCodes).where(eq(mfaRecoveryCodes.userId, userId));
  const rows = await db.delete(userMfa).where(eq(userMfa.userId, userId)).returning({ userId: userMfa.userId });
  return rows.length > 0;
}

export async function insertAccountNotice(db: DbOrTx, notice: { userId: string; kind: AccountNoticeRow["kind"]; actorId: string; at: Date }): Promise<AccountNoticeRow> {
  const [row] = await db.insert(accountNotices).values(notice).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

/** What was done to the account by someone else and not yet acknowledged, oldest first, with who did it. */
export async function listUnseenNotices(db: DbOrTx, userId: string) {
  return db
    .select({ id: accountNotices.id, kind: accountNotices.kind, at: accountNotices.at, actorName: users.name })
    .from(accountNotices)
    .innerJoin(users, eq(users.id, accountNotices.actorId))
    .where(and(eq(accountNotices.userId, userId), isNull(accountNotices.seenAt)))
    .orderBy(accountNotices.at);
}

/** Marks the user's own notices seen; another user's ids match nothing. */
export async function markNoticesSeen(db: DbOrTx, userId: string, noticeIds: readonly string[], now: Date): Promise<string[]> {
  if (noticeIds.length === 0) return [];
  const rows = await db
    .update(accountNotices)
    .set({ seenAt: now })
    .where(and(eq(accountNotices.userId, userId), inArray(accountNotices.id, [...noticeIds]), isNull(accountNotices.seenAt)))
    .returning({ id: accountNotices.id });
  return rows.map((r) => r.id);
}
