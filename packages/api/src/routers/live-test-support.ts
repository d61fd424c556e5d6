import type { LiveMessage } from "./live";

export interface Received {
  messages: LiveMessage[];
  trackedIds: string[];
  stop(): Promise<void>;
  /** Resolves when a message matching `until` has arrived (or rejects after the timeout). */
  waitFor(until: (m: LiveMessage) => boolean, timeoutMs?: number): Promise<LiveMessage>;
  error: unknown;
}

/** Drains a live subscription in the background, recording every message and tracked id. */
export function collect(iterable: AsyncIterable<unknown>, controller: AbortController): Received {
  const messages: LiveMessage[] = [];
  const trackedIds: string[] = [];
  const waiters: { until: (m: LiveMessage) => boolean; resolve: (m: LiveMessage) => void }[] = [];
  const state: Received = {
    messages,
    trackedIds,
    error: undefined,
    async stop() {
      controller.abort();
      await done.catch(() => {});
    },
    waitFor(until, timeoutMs = 10_000) {
      const found = messages.find(until);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching live message within ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => m.type))}`)), timeoutMs);
        waiters.push({ until, resolve: (m) => (clearTimeout(timer), resolve(m)) });
      });
    },
  };
  const done = (async () => {
    try {
      for await (const raw of iterable) {
        // tracked() values arrive as [id, data, symbol] tuples through a caller
        const [id, data] = Array.isArray(raw) ? (raw as [string, LiveMessage]) : [undefined, raw as LiveMessage];
        if (id !== undefined) trackedIds.push(id);
        messages.push(data);
        for (const w of [...waiters]) {
          if (w.until(data)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(data);
          }
        }
      }
    } catch (error) {
      state.error = error;
    }
  })();
  return state;
}
