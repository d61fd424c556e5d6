import { setMaxListeners } from "node:events";
import { sessionIsLive } from "@stepwise/auth";
import {
  activeGrantsOf,
  deletePresenceOf,
  eventsAfterFor,
  findSessions,
  latestEventId,
  linkedPatientsOf,
  memberPatientIds,
  patientEventIdsAfter,
  patientEventsAfterExcept,
  presentUsers,
  unrevokedSessionIds,
  upsertPresenceRows,
  writeAuditEntries,
  type AuditEntry,
  type Database,
  type LiveBus,
  type PlanEventRow,
  type PresenceRow,
} from "@stepwise/db";
import { sharedMessage } from "./wire";

/**
 * Ids of concurrent transactions can commit out of order, so every read looks this far behind the
 * newest id it has seen, and a bounded set of recent ids removes what was already delivered.
 */
const lookback = 200;
const rememberIds = 2_000;

/** How long a presence row outlives its last refresh: an instance that died stops showing its viewers. */
export const presenceTtlMs = 20_000;
/** One refresh of every open stream's presence rows, per instance. */
const refreshMs = 8_000;
/** Idle logoff must reach open streams too, without every event paying for a session read: one read per instance. */
const sessionCheckMs = 5_000;
/** Many viewers arriving at once would otherwise make every viewer re-read presence per arrival: one read per debounce. */
const presenceDebounceMs = 500;
/** Rows per catch-up read, shared by the streams resuming from one id. */
const catchUpPage = 500;
/** Rows per audit statement (bind parameters stay far below PostgreSQL's limit). */
const auditChunk = 2_000;

export type PresenceUser = { topic: string; userId: string; name: string; role: string };

/** New rows for a stream, or word that its session ended before they were read (so it gets none). */
export type FeedDelivery = { kind: "rows"; rows: PlanEventRow[] } | { kind: "session_ended" };
/** What the instance tells one stream: feed rows, the presence of what it watches, a patient's link gone. */
export type StreamSignal = FeedDelivery | { kind: "presence"; message: PresenceMessage } | { kind: "unlinked" };
export type PresenceMessage = { type: "presence"; users: PresenceUser[] };
type Listener = (delivery: FeedDelivery) => void;

/**
 * Runs what many streams ask for within one turn of the event loop as one statement (and, while one
 * runs, gathers the next): on PGlite's single connection, 500 streams connecting at once cost a
 * handful of statements instead of 500 of each kind.
 */
class Batch<T, R = void> {
  private pending: { items: T[]; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private running = false;

  constructor(private readonly run: (items: T[]) => Promise<R>) {}

  add(items: readonly T[]): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ items: [...items], resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled || this.running) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush() {
    this.scheduled = false;
    this.running = true;
    const batch = this.pending;
    this.pending = [];
    try {
      const result = await this.run(batch.flatMap((b) => b.items));
      for (const b of batch) b.resolve(result);
    } catch (error) {
      for (const b of batch) b.reject(error);
    } finally {
      this.running = false;
      if (this.pending.length > 0) this.schedule();
    }
  }
}

/**
 * A `Batch` whose requests fall into groups (one viewer, one clock): each group is one statement
 * over the union of its requests, and each request picks its own part from the group's answer.
 */
class GroupedBatch<I, R> {
  private readonly batch: Batch<{ key: string; item: I }, Map<string, R>>;
  constructor(run: (items: I[]) => Promise<R>) {
    this.batch = new Batch(async (requests) => {
      const groups = new Map<string, I[]>();
      for (const { key, item } of requests) groups.set(key, [...(groups.get(key) ?? []), item]);
      const answers = await Promise.all([...groups].map(async ([key, items]) => [key, await run(items)] as const));
      return new Map<string, R>(answers as [string, R][]);
    });
  }
  async add(key: string, item: I): Promise<R> {
    return (await this.batch.add([{ key, item }])).get(key)!;
  }
}

/** One stream as the instance sees it: whose session, where it is present, what presence it watches. */
export interface OpenStream {
  readonly connectionId: string;
  readonly userId: string;
  readonly sessionId: string;
  now(): Date;
  /** Topics this viewer is shown on (none for a patient, who is never in the team's presence). */
  presentOn(): readonly string[];
  /** Topics whose presence this viewer is shown (none for a patient). */
  watching(): readonly string[];
  /** A patient stream: the one patient its account must still be linked to. */
  readonly linkedPatientId?: string;
  signal(s: StreamSignal): void;
}

class PatientFeed {
  /** Each open stream on this patient, with the session it serves. */
  readonly listeners = new Map<Listener, string>();
  private lastId: number | null = null;
  private readonly recent: number[] = [];
  private readonly recentSet = new Set<number>();
  private running = false;
  private again = false;
  private initialising: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    readonly patientId: string,
  ) {}

  /** Starts at the newest row, remembering the rows already committed so the first read skips them; once per feed, however many join. */
  init(): Promise<void> {
    if (this.lastId !== null) return Promise.resolve();
    this.initialising ??= (async () => {
      const newest = await latestEventId(this.db, [this.patientId]);
      if (this.lastId !== null) return;
      for (const id of await patientEventIdsAfter(this.db, this.patientId, Math.max(0, newest - lookback), 1_000)) this.remember(id);
      this.lastId = newest;
    })().finally(() => {
      this.initialising = null;
    });
    return this.initialising;
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
        // Only rows not yet delivered are read: the look-behind window's delivered ids are left out by the query.
        const floor = Math.max(0, (this.lastId ?? 0) - lookback);
        const seen = this.recent.filter((id) => id > floor);
        const rows = await patientEventsAfterExcept(this.db, this.patientId, floor, seen, 1_000);
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
   * Every stream gets the same row objects, so what is projected and serialised from a row is done
   * once per visibility class (see `viewOnce` in the router), not once per stream.
   */
  private async deliver(rows: PlanEventRow[]) {
    const listeners = [...this.listeners];
    const live = await unrevokedSessionIds(this.db, [...new Set(listeners.map(([, sessionId]) => sessionId))]);
    const delivery: FeedDelivery = { kind: "rows", rows };
    const ended: FeedDelivery = { kind: "session_ended" };
    for (const [listener, sessionId] of listeners) {
      if (this.listeners.has(listener)) listener(live.has(sessionId) ? delivery : ended);
    }
  }

  private remember(id: number) {
    this.recent.push(id);
    this.recentSet.add(id);
    if (this.recent.length > rememberIds) this.recentSet.delete(this.recent.shift()!);
  }
}

/**
 * Who is viewing what, read once per debounce for every stream of the instance: a join marks its
 * topics, and one query answers all marked topics; each stream is handed the users of its topics,
 * and streams watching the same topics are handed the same array.
 */
class PresenceBoard {
  private readonly byTopic = new Map<string, PresenceUser[]>();
  /** What the streams watching a set of topics were last shown, so an unchanged list is not sent again. */
  private readonly lastShown = new Map<string, string>();
  /** The topics each stream was last shown the presence of: a stream whose topics changed is always sent its new list. */
  private readonly keyShown = new WeakMap<OpenStream, string>();
  private readonly dirty = new Set<string>();
  private readonly fresh = new Set<OpenStream>();
  private allDirty = false;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private lastRead = 0;
  /** Reads done, for the benchmark and tests. */
  reads = 0;

  constructor(
    private readonly db: Database,
    private readonly streams: ReadonlySet<OpenStream>,
  ) {}

  mark(topic: string) {
    this.dirty.add(topic);
    this.schedule();
  }

  markAll() {
    this.allDirty = true;
    this.schedule();
  }

  /** A new stream gets its first presence from the next shared read. */
  welcome(stream: OpenStream) {
    this.fresh.add(stream);
    this.schedule();
  }

  forget(stream: OpenStream) {
    this.fresh.delete(stream);
  }

  private schedule() {
    if (this.timer || this.running) return;
    const wait = Math.max(10, this.lastRead + presenceDebounceMs - Date.now());
    this.timer = setTimeout(() => void this.read(), wait);
    this.timer.unref();
  }

  private async read() {
    this.timer = null;
    this.running = true;
    this.lastRead = Date.now();
    const dirty = new Set(this.dirty);
    const all = this.allDirty;
    const fresh = new Set(this.fresh);
    this.dirty.clear();
    this.fresh.clear();
    this.allDirty = false;
    try {
      const watched = new Set<string>();
      const affected: OpenStream[] = [];
      for (const stream of this.streams) {
        const topics = stream.watching();
        for (const t of topics) watched.add(t);
        if (fresh.has(stream) || all || topics.some((t) => dirty.has(t) || !this.byTopic.has(t))) affected.push(stream);
      }
      for (const t of [...this.byTopic.keys()]) if (!watched.has(t)) this.byTopic.delete(t);
      const toRead = [...watched].filter((t) => all || dirty.has(t) || !this.byTopic.has(t));
      if (toRead.length > 0) {
        this.reads++;
        const rows = await presentUsers(this.db, toRead, new Date());
        for (const t of toRead) this.byTopic.set(t, []);
        for (const row of rows) this.byTopic.get(row.topic)?.push(row);
      }
      const byKey = new Map<string, { message: PresenceMessage; changed: boolean }>();
      for (const stream of affected) {
        const topics = [...stream.watching()].sort();
        const key = topics.join(" ");
        let shown = byKey.get(key);
        if (!shown) {
          const users = topics.flatMap((t) => this.byTopic.get(t) ?? []);
          const signature = users.map((u) => `${u.topic} ${u.userId} ${u.name} ${u.role}`).join("\n");
          shown = { message: sharedMessage<PresenceMessage>({ type: "presence", users }), changed: this.lastShown.get(key) !== signature };
          this.lastShown.set(key, signature);
          byKey.set(key, shown);
        }
        // Another tab of someone already shown changes nothing: only new streams are sent the same list again.
        if (shown.changed || fresh.has(stream) || this.keyShown.get(stream) !== key) stream.signal({ kind: "presence", message: shown.message });
        this.keyShown.set(stream, key);
      }
      if (this.lastShown.size > 10_000) this.lastShown.clear();
    } catch {
      // A failed read is retried with the next change; streams keep what they were shown.
      for (const t of dirty) this.dirty.add(t);
      for (const s of fresh) this.fresh.add(s);
    } finally {
      this.running = false;
      if (this.dirty.size > 0 || this.fresh.size > 0 || this.allDirty) this.schedule();
    }
  }
}

/**
 * One per server instance (per bus). Turns "patient X changed" notifications into a single read of
 * X's new change-log rows, shared by every open stream on X (viewers filter in memory), and does
 * every stream's periodic work for all of them at once: one session read, one presence refresh, one
 * presence read per debounce; joins' audit rows, presence rows and announcements are coalesced.
 */
export class LiveHub {
  private readonly feeds = new Map<string, PatientFeed>();
  private readonly unsubscribe: () => void;
  private readonly streams = new Set<OpenStream>();
  private readonly board: PresenceBoard;
  private sessionTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;

  readonly audit: Batch<AuditEntry>;
  readonly present: Batch<PresenceRow>;
  readonly absent: Batch<string>;
  readonly announce: Batch<string>;
  private readonly sessionReads: Batch<string, Map<string, Awaited<ReturnType<typeof findSessions>>[number]>>;
  private readonly teamReads: GroupedBatch<{ userId: string; patientIds: readonly string[] }, string[]>;
  private readonly grantReads: GroupedBatch<{ userId: string; patientIds: readonly string[]; now: Date }, Awaited<ReturnType<typeof activeGrantsOf>>>;
  private readonly catchUpReads: GroupedBatch<{ userId: string; patientIds: readonly string[]; afterId: number }, PlanEventRow[]>;

  constructor(
    private readonly db: Database,
    private readonly bus: LiveBus,
  ) {
    this.board = new PresenceBoard(db, this.streams);
    this.audit = new Batch(async (entries) => {
      for (let i = 0; i < entries.length; i += auditChunk) await writeAuditEntries(db, entries.slice(i, i + auditChunk));
    });
    this.present = new Batch((rows) => upsertPresenceRows(db, rows));
    this.absent = new Batch((ids) => deletePresenceOf(db, [...new Set(ids)]));
    this.announce = new Batch(async (topics) => {
      const unique = [...new Set(topics)];
      if (bus.publishMany) await bus.publishMany(unique);
      else await Promise.all(unique.map((t) => bus.publish(t)));
    });
    this.sessionReads = new Batch(async (ids) => new Map((await findSessions(db, ids)).map((s) => [s.id, s])));
    const union = (items: { patientIds: readonly string[] }[]) => [...new Set(items.flatMap((i) => i.patientIds))];
    this.teamReads = new GroupedBatch((items) => memberPatientIds(db, items[0]!.userId, union(items)));
    this.grantReads = new GroupedBatch((items) => activeGrantsOf(db, items[0]!.userId, union(items), items[0]!.now));
    this.catchUpReads = new GroupedBatch((items) => eventsAfterFor(db, union(items), items[0]!.userId, items[0]!.afterId, catchUpPage));
    this.unsubscribe = bus.subscribe((m) => {
      if (m.kind === "gap") {
        for (const feed of this.feeds.values()) void feed.pull();
        this.board.markAll();
      } else if (m.topic.startsWith("patient:")) void this.feeds.get(m.topic.slice("patient:".length))?.pull();
      else if (m.topic.startsWith("presence:")) this.board.mark(m.topic.slice("presence:".length));
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

  /** Whether a session is live now, read together with every other stream's check of this turn. */
  async sessionLive(sessionId: string, now: Date): Promise<boolean> {
    return sessionIsLive((await this.sessionReads.add([sessionId])).get(sessionId), now);
  }

  /** Of these patients, those the user is on the care team of: read with every other stream's of this turn. */
  async teamPatients(userId: string, patientIds: readonly string[]): Promise<string[]> {
    if (patientIds.length === 0) return [];
    return (await this.teamReads.add(userId, { userId, patientIds })).filter((id) => patientIds.includes(id));
  }

  /** The user's active emergency-access grants on these patients, read with the other streams' of this turn. */
  async activeGrants(userId: string, patientIds: readonly string[], now: Date) {
    if (patientIds.length === 0) return [];
    return (await this.grantReads.add(`${userId} ${now.getTime()}`, { userId, patientIds, now })).filter((g) => patientIds.includes(g.patientId));
  }

  /**
   * One page of a stream's catch-up (the rows after `afterId` of its patients that its viewer may
   * see), read with the other streams of this turn that resume from the same id. `more`: the page
   * was full, so read again after `lastId`.
   */
  async catchUp(userId: string, patientIds: readonly string[], afterId: number): Promise<{ rows: PlanEventRow[]; more: boolean; lastId: number }> {
    if (patientIds.length === 0) return { rows: [], more: false, lastId: afterId };
    const page = await this.catchUpReads.add(`${userId} ${afterId}`, { userId, patientIds, afterId });
    return { rows: page.filter((r) => patientIds.includes(r.patientId)), more: page.length === catchUpPage, lastId: page.at(-1)?.id ?? afterId };
  }

  /** Registers a stream for the instance's periodic work; it is shown presence from the next shared read. */
  open(stream: OpenStream): () => void {
    this.streams.add(stream);
    if (stream.watching().length > 0) this.board.welcome(stream);
    this.sessionTimer ??= every(sessionCheckMs, () => this.checkSessions());
    this.refreshTimer ??= every(refreshMs, () => this.refreshPresence());
    return () => {
      this.streams.delete(stream);
      this.board.forget(stream);
      if (this.streams.size === 0) this.stopTimers();
    };
  }

  /** One read of every open stream's session (and, for patients, of their link) per interval. */
  async checkSessions(): Promise<void> {
    const streams = [...this.streams];
    if (streams.length === 0) return;
    const sessions = await this.sessionReads.add(streams.map((s) => s.sessionId));
    const patients = streams.filter((s) => s.linkedPatientId !== undefined);
    const links = patients.length > 0 ? await linkedPatientsOf(this.db, patients.map((s) => s.userId)) : new Map<string, string>();
    for (const stream of streams) {
      if (!sessionIsLive(sessions.get(stream.sessionId), stream.now())) stream.signal({ kind: "session_ended" });
      else if (stream.linkedPatientId !== undefined && links.get(stream.userId) !== stream.linkedPatientId) stream.signal({ kind: "unlinked" });
    }
  }

  /** One upsert of every open stream's presence rows per interval. */
  async refreshPresence(): Promise<void> {
    const rows = [...this.streams].flatMap((s) => {
      const expiresAt = new Date(s.now().getTime() + presenceTtlMs);
      return s.presentOn().map((topic) => ({ connectionId: s.connectionId, topic, userId: s.userId, expiresAt }));
    });
    if (rows.length > 0) await this.present.add(rows);
  }

  /** Whether a patient account is still linked to this patient (an unrevoked link, an active account). */
  async stillLinked(userId: string, patientId: string): Promise<boolean> {
    return (await linkedPatientsOf(this.db, [userId])).get(userId) === patientId;
  }

  feedCount() {
    return this.feeds.size;
  }

  streamCount() {
    return this.streams.size;
  }

  presenceReads() {
    return this.board.reads;
  }

  private stopTimers() {
    if (this.sessionTimer) clearInterval(this.sessionTimer);
    if (this.refreshTimer) clearInterval(this.refreshTimer);
    this.sessionTimer = null;
    this.refreshTimer = null;
  }

  close() {
    this.unsubscribe();
    this.stopTimers();
    this.feeds.clear();
  }
}

function every(ms: number, run: () => Promise<void>): NodeJS.Timeout {
  const timer = setInterval(() => void run().catch(() => {}), ms);
  timer.unref();
  return timer;
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

  constructor() {
    // Every open stream listens for the stop: thousands of listeners are expected, not a leak.
    setMaxListeners(0, this.stop.signal);
  }

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

