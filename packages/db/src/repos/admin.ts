import { asc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { loginThrottle, sessions, userMfa, users } from "../schema";

export async function listUsers(db: DbOrTx) {
  return db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      active: users.active,
      version: users.version,
      lockedUntil: loginThrottle.lockedUntil,
      failedCount: loginThrottle.failedCount,
      mfaEnabled: sql<boolean>`${userMfa.enabledAt} is not null`,
    })
    .from(users)
    .leftJoin(loginThrottle, eq(loginThrottle.email, sql`lower(${users.email})`))
    .leftJoin(userMfa, eq(userMfa.userId, users.id))
    .orderBy(asc(users.role), asc(users.name));
}

/** Ends every live session of a user (deactivation, password reset). */
export async function revokeUserSessions(db: DbOrTx, userId: string, reason: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(sql`${sessions.userId} = ${userId} and ${sessions.revokedAt} is null`)
    .returning({ id: sessions.id });
  return rows.length;
}
