import { and, eq, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { loginThrottle } from "../schema";

const key = (email: string) => email.trim().toLowerCase();

export interface LoginReservation {
  /** Whether this attempt may check the password. */
  reserved: boolean;
  /** Its place among the attempts counted for the email since the count last started. */
  attempt: number;
  lockedUntil: Date | null;
}

/**
 * Reserves one password check for an email before any check runs, in one upsert whose row lock
 * orders concurrent attempts: only the first `limit` attempts since the count started are reserved,
 * the one taking the last place sets the lock, and every later attempt is counted and refused. An
 * expired lock starts a fresh count. Counting refused attempts too keeps a sign-in that wins after
 * them from reopening the window (see releaseLoginAttempts).
 */
export async function reserveLoginAttempt(db: DbOrTx, email: string, now: Date, limit: number, lockMs: number): Promise<LoginReservation> {
  const nowIso = now.toISOString();
  const lockUntil = sql`${new Date(now.getTime() + lockMs).toISOString()}::timestamptz`;
  const expired = sql`${loginThrottle.lockedUntil} is not null and ${loginThrottle.lockedUntil} <= ${nowIso}::timestamptz`;
  const nextCount = sql`case when ${expired} then 1 else ${loginThrottle.failedCount} + 1 end`;
  const [row] = await db
    .insert(loginThrottle)
    .values({ email: key(email), failedCount: 1, lastFailedAt: now, lockedUntil: limit <= 1 ? sql`${lockUntil}` : null })
    .onConflictDoUpdate({
      target: loginThrottle.email,
      set: {
        failedCount: nextCount,
        lastFailedAt: now,
        lockedUntil: sql`case when ${expired} then ${limit <= 1 ? lockUntil : sql`null`} when ${loginThrottle.lockedUntil} is null and ${nextCount} >= ${limit} then ${lockUntil} else ${loginThrottle.lockedUntil} end`,
      },
    })
    .returning({ attempt: loginThrottle.failedCount, lockedUntil: loginThrottle.lockedUntil });
  if (!row) throw new Error("upsert returned nothing");
  return { reserved: row.attempt <= limit, attempt: row.attempt, lockedUntil: row.lockedUntil };
}

/**
 * After a successful sign-in: the next attempt starts a fresh count, unless an attempt was refused
 * meanwhile — then the window was exhausted by someone, and its lock holds to the end.
 */
export async function releaseLoginAttempts(db: DbOrTx, email: string, limit: number): Promise<void> {
  await db.delete(loginThrottle).where(and(eq(loginThrottle.email, key(email)), lte(loginThrottle.failedCount, limit)));
}

export async function clearLoginFailures(db: DbOrTx, email: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.email, key(email)));
}
