import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { sessions, users } from "../schema";

export type SessionRow = typeof sessions.$inferSelect;

/** `pendingStep`: what the session must do before it counts as signed in (see the sign-in steps). */
export async function createSession(db: DbOrTx, userId: string, now: Date, expiresAt: Date, pendingStep: SessionRow["pendingStep"] = null): Promise<SessionRow> {
  const [row] = await db.insert(sessions).values({ userId, createdAt: now, lastSeenAt: now, expiresAt, pendingStep }).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

/**
 * Validates a session and records activity in one statement: only a live, unrevoked session whose
 * last activity is within the idle window is touched; anything else returns nothing.
 */
export async function touchSession(db: DbOrTx, sessionId: string, now: Date, idleCutoff: Date) {
  const [row] = await db
    .update(sessions)
    .set({ lastSeenAt: now })
    .where(
      and(
        eq(sessions.id, sessionId),
        isNull(sessions.revokedAt),
        gt(sessions.lastSeenAt, idleCutoff),
        gt(sessions.expiresAt, now),
      ),
    )
    .returning();
  if (!row) return undefined;
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, active: users.active })
    .from(users)
    .where(eq(users.id, row.userId));
  if (!user || !user.active) return undefined;
  return { session: row, user };
}

export async function findSession(db: DbOrTx, sessionId: string): Promise<SessionRow | undefined> {
  const [row] = await db.select().from(sessions).where(eq(sessions.id, sessionId));
  return row;
}

export async function revokeSession(db: DbOrTx, sessionId: string, reason: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/**
 * Which of these sessions are unrevoked and belong to an active user: one read for every open
 * stream on a shared feed, so that nothing reaches a session that ended before the rows were read.
 */
export async function unrevokedSessionIds(db: DbOrTx, sessionIds: readonly string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db
    .select({ id: sessions.id })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(inArray(sessions.id, [...sessionIds]), isNull(sessions.revokedAt), eq(users.active, true)));
  return new Set(rows.map((r) => r.id));
}
