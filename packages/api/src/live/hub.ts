import { latestEventId, patientEventsAfter, unrevokedSessionIds, type Database, type LiveBus, type PlanEventRow } from "@stepwise/db";

/**
 * Ids of concurrent transactions can commit out of order, so every read looks this far behind the
 * newest id it has seen, and a bounded set of recent ids removes what was already delivered.
 */
const lookback = 200;
const rememberIds = 2_000;

/** New rows for a stream, or word that its session ended before they were read (so it gets none). */
export type FeedDelivery = { kind: "rows"; rows: PlanEventRow[] } | { kind: "session_ended" };
type Listener = (delivery: FeedDelivery) => void;

class PatientFeed {
  /** Each open stream on this patient, with the session it serves. */
  readonly listeners = new Map<Listener, string>();
  private lastId: number | null = null;
  private readonly recent: number[] = [];
  private readonly recentSet = new Set<number>();
  private running = false;
  private again = false;

  constructor(
    private readonly db: Database,
    readonly patientId: string,
  ) {}

  /** Starts at the newest row, remembering the rows already committed so the first read skips them. */
  async init() {
    if (this.lastId !== null) return;
    const newest = await latestEventId(this.db, [this.patientId]);
    if (this.lastId !== null) return;
    this.lastId = newest;
    for (const row of await patientEventsAfter(this.db, this.patientId, Math.max(0, newest - lookback), 1_000)) this.remember(row.id);
  }

  /** One read per change for all of this instance's viewers of the patient, however many there are. */
  async pull(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.init();
        const rows = await patientEventsAfter(this.db, this.patientId, Math.max(0, (this.lastId ?? 0) - lookback), 1_000);
        const fresh = rows.filter((r) => !this.recentSet.has(r.id));
        for (const r of fresh) this.remember(r.id);
        if (rows.length) this.lastId = Math.max(this.lastId ?? 0, rows.at(-1)!.id);
        if (fresh.length) await this.deliver(fresh);
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  /**
   * The sessions are read after the rows: a row committed after a session was revoked (deactivation
   * on any instance, whenever its notice arrives) is never handed to that session's stream. A stream
   * that joins meanwhile is left out; its own catch-up read, after joining, finds these rows.
   */
  private async deliver(rows: PlanEventRow[]) {
    const listeners = [...this.listeners];
    const live = await unrevokedSessionIds(this.db, [...new Set(listeners.map(([, sessionId]) => sessionId))]);
    for (const [listener, sessionId] of listeners) {
      if (this.listeners.has(listener)) listener(live.has(sessionId) ? { kind: "rows", rows } : { kind: "session_ended" });
    }
  }

  private remember(id: number) {
    this.recent.push(id);
    this.recentSet.add(id);
    if (this.recent.length > rememberIds) this.recentSet.delete(this.recent.shift()!);
  }
}

/**
 * One per server instance (per bus): turns "patient X changed" notifications into a single read of
 * X's new change-log rows, shared by every open stream on X. Viewers filter in memory.
 */
export class LiveHub {
  private readonly feeds = new Map<string, PatientFeed>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly db: Database,
    bus: LiveBus,
  ) {
    this.unsubscribe = bus.subscribe((m) => {
      if (m.kind === "gap") for (const feed of this.feeds.values()) void feed.pull();
      else if (m.topic.startsWith("patient:")) void this.feeds.get(m.topic.slice("patient:".length))?.pull();
    });
  }

  async join(patientId: string, sessionId: string, listener: Listener): Promise<() => void> {
    let feed = this.feeds.get(patientId);
    if (!feed) {
      feed = new PatientFeed(this.db, patientId);
      this.feeds.set(patientId, feed);
    }
    feed.listeners.set(listener, sessionId);
    await feed.init();
    return () => {
      feed.listeners.delete(listener);
      if (feed.listeners.size === 0 && this.feeds.get(patientId) === feed) this.feeds.delete(patientId);
    };
  }

  feedCount() {
    return this.feeds.size;
  }

  close() {
    this.unsubscribe();
    this.feeds.clear();
  }
}

const hubs = new WeakMap<LiveBus, LiveHub>();

export function hubFor(db: Database, bus: LiveBus): LiveHub {
  let hub = hubs.get(bus);
  if (!hub) {
    hub = new LiveHub(db, bus);
    hubs.set(bus, hub);
  }
  return hub;
}

/**
 * The live streams this process serves, so that a stopping server can end them. Kept on globalThis:
 * Next.js gives the instrumentation hook and the route handlers separate copies of this module.
 */
export class OpenStreams {
  private readonly stop = new AbortController();
  private readonly open = new Set<object>();
  private drained: (() => void) | null = null;

  /** Aborts when the server stops. */
  get stopping(): AbortSignal {
    return this.stop.signal;
  }

  get size() {
    return this.open.size;
  }

  /** Registers a running stream; the returned function unregisters it once its cleanup is done. */
  enter(): () => void {
    const stream = {};
    this.open.add(stream);
    return () => {
      this.open.delete(stream);
      if (this.open.size === 0) this.drained?.();
    };
  }

  /** Ends every stream, then waits (at most `timeoutMs`) until each has finished its own cleanup. */
  async closeAll(timeoutMs = 5_000): Promise<void> {
    this.stop.abort();
    if (this.open.size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

type GlobalWithStreams = typeof globalThis & { __stepwiseStreams?: OpenStreams };

export function openStreams(): OpenStreams {
  const g = globalThis as GlobalWithStreams;
  g.__stepwiseStreams ??= new OpenStreams();
  return g.__stepwiseStreams;
}

