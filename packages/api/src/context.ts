import { getDatabase, type Database } from "@stepwise/db";
import type { SessionUser } from "@stepwise/auth";

export interface Context {
  db: Database;
  session: { user: SessionUser; sessionId: string } | null;
  /** The clock, injectable so tests can move time. */
  now: () => Date;
}

export function createInnerContext(opts: { db: Database; session: Context["session"]; now?: () => Date }): Context {
  return { db: opts.db, session: opts.session, now: opts.now ?? (() => new Date()) };
}

/** The context of a real request: the process-wide database and the already-validated session. */
export async function createRequestContext(session: Context["session"]): Promise<Context> {
  const { db } = await getDatabase();
  return createInnerContext({ db, session });
}
