import { getBus, getDatabase, InProcessBus, type Database, type LiveBus } from "@stepwise/db";
import type { SessionUser } from "@stepwise/auth";

export interface Context {
  db: Database;
  session: { user: SessionUser; sessionId: string } | null;
  /** The clock, injectable so tests can move time. */
  now: () => Date;
  /** Where committed changes are announced to live streams (this instance and, on PostgreSQL, all others). */
  bus: LiveBus;
}

export function createInnerContext(opts: { db: Database; session: Context["session"]; now?: () => Date; bus?: LiveBus }): Context {
  return { db: opts.db, session: opts.session, now: opts.now ?? (() => new Date()), bus: opts.bus ?? new InProcessBus() };
}

/** The context of a real request: the process-wide database and the already-validated session. */
export async function createRequestContext(session: Context["session"]): Promise<Context> {
  const [{ db }, bus] = await Promise.all([getDatabase(), getBus()]);
  return createInnerContext({ db, session, bus });
}
