import { getBus, getDatabase } from "@stepwise/db";

/** How many live streams this instance is serving (bus listeners), and on which database. */
export async function liveStats() {
  const [{ kind }, bus] = await Promise.all([getDatabase(), getBus()]);
  return { database: kind, liveStreams: bus.listenerCount() };
}
