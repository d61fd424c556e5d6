import { authSecret, mfaKey } from "@stepwise/auth";
import { closeBus, closeDatabase, getBus, getDatabase } from "@stepwise/db";
import { startBulkExportRunner, type BulkExportRunner } from "./fhir/bulk/runner";
import { openStreams } from "./live/hub";
import { startSummaryKeeper } from "./services/summary-keeper";

let keeper: { stop(): void } | undefined;
let bulkExports: BulkExportRunner | undefined;

/** What a server instance needs before its first request: its secrets, and a migrated database. */
export async function prepareServer(): Promise<void> {
  authSecret();
  mfaKey();
  const [{ db }, bus] = await Promise.all([getDatabase(), getBus()]);
  keeper ??= startSummaryKeeper(db, undefined, bus);
  // FHIR bulk exports run in the background; a job this instance (or a stopped one) left half-written resumes at its cursor.
  bulkExports ??= startBulkExportRunner(db);
}

/**
 * What a stopping instance lets go of, in order: its live streams (each ends so its client
 * reconnects to an instance that is up, and removes its own presence), then, once `drain` says the
 * requests in flight are answered, the bus and the database, which lets running transactions finish
 * before it closes and releases the folder lock.
 */
export async function stopServer(options: { drain?: () => Promise<void> } = {}): Promise<void> {
  keeper?.stop();
  keeper = undefined;
  // The batch in flight commits, and the job goes back to the queue for the next start.
  await bulkExports?.stop();
  bulkExports = undefined;
  await openStreams().closeAll();
  await options.drain?.();
  await closeBus();
  await closeDatabase();
}
