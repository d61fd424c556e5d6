import { refreshDueSummaries, type Database, type LiveBus } from "@stepwise/db";
import { caseloadTopic } from "../live/topics";

/** How often a server looks for summaries the clock has overtaken, and how long one turn may run. */
const keeperEveryMs = 60_000;
const turnBudgetMs = 20_000;

/**
 * Keeps the patient summaries current as time passes without a write: each minute, batches of the
 * summaries whose time has passed are recomputed (the first minutes of a clinic day carry most of
 * them). A home still recomputes what it finds stale, so a reader never depends on this timer.
 */
export function startSummaryKeeper(db: Database, now: () => Date = () => new Date(), bus?: LiveBus): { stop(): void } {
  let running = false;
  const turn = async () => {
    if (running) return;
    running = true;
    const until = Date.now() + turnBudgetMs;
    try {
      for (;;) {
        // A list that changed as its time ran out (a flag came due) reaches its user's open home too.
        const listsChanged = new Set<string>();
        const refreshed = Date.now() < until ? await refreshDueSummaries(db, now(), undefined, listsChanged) : 0;
        if (bus && listsChanged.size > 0) await announceCaseloads(bus, listsChanged);
        if (refreshed === 0) break;
      }
    } catch (error) {
      console.error(`Patient summaries: a refresh turn failed (${(error as Error).message}); the next turn retries.`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void turn(), keeperEveryMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** After commit: a failed announcement is logged, never the turn's failure (the homes' slow re-read remains). */
async function announceCaseloads(bus: LiveBus, userIds: ReadonlySet<string>): Promise<void> {
  const topics = [...userIds].map(caseloadTopic);
  try {
    if (bus.publishMany) await bus.publishMany(topics);
    else await Promise.all(topics.map((t) => bus.publish(t)));
  } catch (error) {
    console.error(`Patient summaries: announcing changed lists failed (${(error as Error).message}).`);
  }
}
