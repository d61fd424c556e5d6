import { authSecret } from "@stepwise/auth";
import { getDatabase } from "@stepwise/db";

/** What a server instance needs before its first request: its secret, and a migrated database. */
export async function prepareServer(): Promise<void> {
  authSecret();
  await getDatabase();
}
