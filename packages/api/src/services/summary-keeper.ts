import { refreshDueSummaries, type Database } from "@stepwise/db";

/** How often a server looks for summaries the clock has overtaken, and how long one turn may run. */
const keeperEveryMs = 60_000;
const turnBudgetMs = 20_000;

/**
 * Keeps the patient summaries current as time passes without a write: each minute, batches of the
 * summaries whose time has passed are recomputed (the first minutes of a clinic day carry most of
 * them). A home still recomputes what it finds stale, so a reader never depends on this timer.
 */
export function startSummaryKeeper(db: Database, now: () => Date = () => new Date()): { stop(): void } {
  let running = false;
  const turn = async () => {
    if (running) return;
    running = true;
    const until = Date.now() + turnBudgetMs;
    try {
      while (Date.now() < until && (await refreshDueSummaries(db, now())) > 0);
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
