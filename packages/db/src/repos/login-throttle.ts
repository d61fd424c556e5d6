import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { loginThrottle } from "../schema";

const key = (email: string) => email.trim().toLowerCase();

export async function getLoginThrottle(db: DbOrTx, email: string) {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.email, key(email)));
  return row;
}

/**
 * Counts one failure atomically (concurrent attempts cannot under-count). An expired lock starts
 * a fresh count; reaching the limit sets the lock.
 */
export async function recordLoginFailure(db: DbOrTx, email: string, now: Date, limit: number, lockMs: number) {
  const lockUntil = new Date(now.getTime() + lockMs).toISOString();
  const nowIso = now.toISOString();
  const expired = sql`${loginThrottle.lockedUntil} is not null and ${loginThrottle.lockedUntil} <= ${nowIso}::timestamptz`;
  const nextCount = sql`case when ${expired} then 1 else ${loginThrottle.failedCount} + 1 end`;
  const [row] = await db
    .insert(loginThrottle)
    .values({ email: key(email), failedCount: 1, lastFailedAt: now, lockedUntil: limit <= 1 ? new Date(lockUntil) : null })
    .onConflictDoUpdate({
      target: loginThrottle.email,
      set: {
        failedCount: nextCount,
        lastFailedAt: now,
        lockedUntil: sql`case when ${nextCount} >= ${limit} then ${lockUntil}::timestamptz when ${expired} then null else ${loginThrottle.lockedUntil} end`,
      },
    })
    .returning();
  if (!row) throw new Error("upsert returned nothing");
  return row;
}

export async function clearLoginFailures(db: DbOrTx, email: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.email, key(email)));
}
