import pg from "pg";
import { getDatabase, type DatabaseHandle } from "./client";

/** What travels between server instances: a topic name only ("patient:<id>", "meeting:<id>", "presence:<topic>"), never data. */
export type BusMessage = { kind: "topic"; topic: string } | { kind: "gap" };
export type BusListener = (message: BusMessage) => void;

export interface LiveBus {
  /** Call after the transaction committed; listeners re-read what changed from the database. */
  publish(topic: string): Promise<void>;
  /** Several topics at once (one statement on PostgreSQL): what many streams joining in one tick announce. */
  publishMany?(topics: readonly string[]): Promise<void>;
  subscribe(listener: BusListener): () => void;
  listenerCount(): number;
  close(): Promise<void>;
}

class Listeners {
  private readonly set = new Set<BusListener>();
  add(listener: BusListener) {
    this.set.add(listener);
    return () => void this.set.delete(listener);
  }
  emit(message: BusMessage) {
    for (const listener of this.set) listener(message);
  }
  get size() {
    return this.set.size;
  }
}

/** One process on PGlite: the bus is in memory. */
export class InProcessBus implements LiveBus {
  private readonly listeners = new Listeners();
  async publish(topic: string) {
    this.listeners.emit({ kind: "topic", topic });
  }
  async publishMany(topics: readonly string[]) {
    for (const topic of topics) this.listeners.emit({ kind: "topic", topic });
  }
  subscribe(listener: BusListener) {
    return this.listeners.add(listener);
  }
  listenerCount() {
    return this.listeners.size;
  }
  async close() {}
}

export const liveChannel = "stepwise_live";

/**
 * Fan-out across instances with PostgreSQL LISTEN/NOTIFY: one dedicated listening connection per
 * instance (never a pooled one), a heartbeat that notices a connection that died silently, and a
 * reconnect that tells every stream to catch up from plan_events, since NOTIFY has no replay.
 */
export class PgBus implements LiveBus {
  private readonly listeners = new Listeners();
  private client: pg.Client | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private closed = false;
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly notifier: pg.Pool,
    private readonly heartbeatMs = 5_000,
  ) {}

  async start(): Promise<void> {
    await this.connect(false);
    this.heartbeat = setInterval(() => void this.beat(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  private async connect(afterGap: boolean): Promise<void> {
    if (this.connecting) return this.connecting;
    this.connecting = (async () => {
      for (let attempt = 0; !this.closed; attempt++) {
        const client = new pg.Client({ connectionString: this.url });
        client.on("error", () => void this.lost(client));
        client.on("end", () => void this.lost(client));
        client.on("notification", (n) => {
          if (n.channel === liveChannel && n.payload) this.listeners.emit({ kind: "topic", topic: n.payload });
        });
        try {
          await client.connect();
          await client.query(`LISTEN ${liveChannel}`);
          this.client = client;
          if (afterGap) this.listeners.emit({ kind: "gap" });
          return;
        } catch {
          await client.end().catch(() => {});
          await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 5_000)));
        }
      }
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async lost(client: pg.Client) {
    if (this.client === client) await this.reconnect();
  }

  private async reconnect() {
    const old = this.client;
    this.client = null;
    await old?.end().catch(() => {});
    if (!this.closed) await this.connect(true);
  }

  private async beat() {
    if (!this.client || this.connecting) return;
    try {
      await Promise.race([this.client.query("SELECT 1"), new Promise((_, reject) => setTimeout(() => reject(new Error("heartbeat timeout")), this.heartbeatMs))]);
    } catch {
      await this.reconnect();
    }
  }

  async publish(topic: string) {
    await this.notifier.query("SELECT pg_notify($1, $2)", [liveChannel, topic]);
  }

  async publishMany(topics: readonly string[]) {
    if (topics.length === 0) return;
    await this.notifier.query("SELECT pg_notify($1, t) FROM unnest($2::text[]) AS t", [liveChannel, [...topics]]);
  }

  subscribe(listener: BusListener) {
    return this.listeners.add(listener);
  }

  listenerCount() {
    return this.listeners.size;
  }

  /** For tests and operators: drop the listening connection as a network fault would. */
  async simulateDisconnect() {
    await this.client?.end().catch(() => {});
  }

  async close() {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    await this.client?.end().catch(() => {});
  }
}

/** The bus for a database: LISTEN/NOTIFY on PostgreSQL, in memory on PGlite (one process). */
export async function createBus(handle: DatabaseHandle): Promise<LiveBus> {
  if (handle.kind === "postgres" && handle.url && handle.pool) {
    const bus = new PgBus(handle.url, handle.pool);
    await bus.start();
    return bus;
  }
  return new InProcessBus();
}

type GlobalWithBus = typeof globalThis & { __stepwiseBus?: Promise<LiveBus> };

/** One bus per process, beside the one database handle. */
export function getBus(): Promise<LiveBus> {
  const g = globalThis as GlobalWithBus;
  if (!g.__stepwiseBus) {
    const starting = getDatabase().then(createBus);
    g.__stepwiseBus = starting;
    starting.catch(() => {
      if (g.__stepwiseBus === starting) g.__stepwiseBus = undefined;
    });
  }
  return g.__stepwiseBus;
}

/** Stops the process-wide bus if one was started: its listening connection would keep a stopping server alive. */
export async function closeBus(): Promise<void> {
  const g = globalThis as GlobalWithBus;
  const starting = g.__stepwiseBus;
  if (!starting) return;
  const bus = await starting.catch(() => undefined);
  if (g.__stepwiseBus === starting) g.__stepwiseBus = undefined;
  await bus?.close();
}
