import type { IncomingMessage, ServerResponse } from "node:http";
import { callProcedure, getErrorShape, getTRPCErrorFromUnknown, isAbortError, isAsyncIterable, isTrackedEnvelope } from "@trpc/server/unstable-core-do-not-import";
import { TRPCError } from "@trpc/server";
import type { Context } from "../context";
import { logInternalErrorOnce } from "../errors";
import { appRouter } from "../root";
import { wireJson } from "./wire";

/**
 * The live stream's own HTTP front door: the same subscription (`live.events`, its gate and every
 * check inside the router) written as server-sent events in tRPC's wire format, so the browser's
 * `httpSubscriptionLink` reads it unchanged — without tRPC's general stream pipeline (a web
 * stream per stage, async-generator wrappers, an encoder stream), which held ≈ 10× the stream's own
 * state per open connection. Each message is turned into its JSON once per visibility class
 * (`wireJson`); every stream of the class writes the same text.
 *
 * Two adapters over one writer: `handleLiveRequest` answers a web `Request` (the Next route), and
 * `serveLiveRequest` writes to Node's `ServerResponse` directly, for a server that answers the
 * stream beside Next's request machinery (which otherwise stays referenced for the stream's life).
 */
export interface LiveRequestOptions {
  createContext: () => Context | Promise<Context>;
}

/** The address prefix of the door; the link appends the procedure's path to it. */
export const livePathPrefix = "/api/live/";
/** The subscriptions this door serves. */
const servedPaths = new Set(["live.events"]);
const config = appRouter._def._config;
const { ping, client } = config.sse ?? {};
const pingIntervalMs = ping?.enabled ? (ping.intervalMs ?? 1_000) : Infinity;
const encoder = new TextEncoder();
const pingBytes = encoder.encode("event: ping\ndata: \n\n");
const returnBytes = encoder.encode("event: return\ndata: \n\n");
const connectedBytes = encoder.encode(`event: connected\ndata: ${JSON.stringify(client ?? {})}\n\n`);
export const liveStreamHeaders = {
  "Content-Type": "text/event-stream",
  "Cache-Control": "no-store, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
} as const;

/** The procedure a live address names, or null when this door does not serve it. */
function servedPath(pathname: string): string | null {
  if (!pathname.startsWith(livePathPrefix)) return null;
  const segment = pathname.slice(livePathPrefix.length);
  if (segment.includes("/")) return null;
  let path: string;
  try {
    path = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return servedPaths.has(path) ? path : null;
}

/** The tRPC way of reading a subscription's input: `?input=` through the transformer, the reconnect's last id merged in. */
function readInput(url: URL, lastEventIdHeader: string | null): unknown {
  const raw = url.searchParams.get("input");
  let input: unknown;
  try {
    input = raw === null ? undefined : config.transformer.input.deserialize(JSON.parse(raw));
  } catch (cause) {
    if (cause instanceof TRPCError) throw cause;
    throw new TRPCError({ code: "PARSE_ERROR", message: "Invalid input", cause });
  }
  const lastEventId = lastEventIdHeader ?? url.searchParams.get("lastEventId") ?? url.searchParams.get("Last-Event-Id");
  if (!lastEventId) return input;
  if (typeof input === "object" && input !== null && !Array.isArray(input)) return { ...input, lastEventId };
  return input ?? { lastEventId };
}

/**
 * One open stream: the procedure's messages as event-stream blocks, one at a time, with pings while
 * it waits. Both adapters write what `next()` gives until `state` leaves "open".
 */
class LiveEvents {
  private state: "open" | "ended" | "cancelled" = "open";
  private pending: Promise<IteratorResult<unknown>> | null = null;
  /** The id the client's EventSource holds; an untracked message clears it and sets it back after. */
  private lastEventId: string | null;

  private constructor(
    private readonly path: string,
    private readonly controller: AbortController,
    private readonly iterator: AsyncIterator<unknown> | null,
    private readonly failure: unknown,
    private readonly ctx: Context | undefined,
    private readonly input: unknown,
    lastEventId: string | null,
  ) {
    this.lastEventId = lastEventId && /[\0\n\r]/.test(lastEventId) ? null : lastEventId;
  }

  /** Calls the procedure (its gate, input schema and audit); a refusal becomes the stream's one error. */
  static async open(path: string, url: URL, lastEventIdHeader: string | null, createContext: LiveRequestOptions["createContext"], controller: AbortController): Promise<LiveEvents> {
    let ctx: Context | undefined;
    let input: unknown;
    let iterator: AsyncIterator<unknown> | null = null;
    let failure: unknown = null;
    try {
      ctx = await createContext();
      input = readInput(url, lastEventIdHeader);
      const data: unknown = await callProcedure({ router: appRouter, path, getRawInput: async () => input, ctx, type: "subscription", signal: controller.signal, batchIndex: 0 });
      if (!isAsyncIterable(data)) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `Subscription ${path} did not return an AsyncGenerator` });
      iterator = data[Symbol.asyncIterator]();
    } catch (cause) {
      failure = cause;
    }
    return new LiveEvents(path, controller, iterator, failure, ctx, input, lastEventIdHeader);
  }

  /** Open (more to come), ended (by the procedure, an error or a refusal) or cancelled (the client left). */
  status(): "open" | "ended" | "cancelled" {
    return this.state;
  }

  /** What the stream starts with: `connected`, and the refusal that ends it at once, if any. */
  first(): Uint8Array[] {
    if (this.failure === null) return [connectedBytes];
    this.state = "ended";
    return [connectedBytes, this.errorBytes(this.failure)];
  }

  private errorBytes(cause: unknown): Uint8Array {
    const error = getTRPCErrorFromUnknown(cause);
    const { path, ctx, input } = this;
    if (error.code === "INTERNAL_SERVER_ERROR") logInternalErrorOnce(error, { path, actorId: ctx?.session?.user.id });
    const shape = getErrorShape({ config, ctx, error, input, path, type: "subscription" });
    return encoder.encode(`event: serialized-error\ndata: ${JSON.stringify(config.transformer.output.serialize(shape))}\n\n`);
  }

  /** The next block to write (a message, or a ping when the interval passed first); null when there is none. */
  async next(): Promise<Uint8Array | null> {
    if (this.state !== "open" || !this.iterator) return null;
    try {
      this.pending ??= this.iterator.next();
      const next = await raceWithPing(this.pending);
      // Cancelled meanwhile (the client left): the stream takes nothing more.
      if (this.state !== "open") return null;
      if (next === null) return pingBytes;
      this.pending = null;
      if (next.done) {
        this.state = "ended";
        return returnBytes;
      }
      const value = next.value;
      if (isTrackedEnvelope(value)) {
        this.lastEventId = value[0];
        return encoder.encode(`data: ${wireJson(value[1])}\nid: ${value[0]}\n\n`);
      }
      if (this.lastEventId === null) return encoder.encode(`data: ${wireJson(value)}\n\n`);
      return encoder.encode(`data: ${wireJson(value)}\nid: \n\nevent: restore-id\ndata: \nid: ${this.lastEventId}\n\n`);
    } catch (cause) {
      if (this.state !== "open") return null;
      this.state = "ended";
      if (isAbortError(cause) || this.controller.signal.aborted) return null;
      return this.errorBytes(cause);
    }
  }

  /** The client left: the procedure ends and runs its cleanup. */
  async cancel(): Promise<void> {
    if (this.state === "open") this.state = "cancelled";
    this.controller.abort();
    await this.iterator?.return?.();
  }
}

export async function handleLiveRequest(request: Request, options: LiveRequestOptions): Promise<Response> {
  if (request.method !== "GET") return new Response(null, { status: 405, headers: { Allow: "GET" } });
  const url = new URL(request.url);
  const path = servedPath(url.pathname);
  if (path === null) return Response.json({ error: "Not found" }, { status: 404 });

  // The client leaving and the stream being cancelled end the procedure alike.
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (request.signal.aborted) controller.abort();
  else request.signal.addEventListener("abort", onAbort, { once: true });
  const events = await LiveEvents.open(path, url, request.headers.get("last-event-id"), options.createContext, controller);
  const release = () => request.signal.removeEventListener("abort", onAbort);

  const body = new ReadableStream<Uint8Array>(
    {
      start(out) {
        for (const bytes of events.first()) out.enqueue(bytes);
        if (events.status() !== "open") {
          out.close();
          release();
        }
      },
      async pull(out) {
        const bytes = await events.next();
        if (events.status() === "cancelled") return;
        if (bytes) out.enqueue(bytes);
        if (events.status() === "ended") {
          out.close();
          release();
        }
      },
      async cancel() {
        release();
        await events.cancel();
      },
    },
    // One message at a time: nothing is read from the subscription ahead of the socket.
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers: liveStreamHeaders });
}

export interface NodeLiveRequestOptions {
  /** The request's context, its session decided from the request's own cookie. */
  createContext: (request: IncomingMessage) => Context | Promise<Context>;
  /** Headers every response of the server carries (security headers, the instance's name). */
  headers?: Readonly<Record<string, string>>;
}

/**
 * The same door on Node's own request and response: answers a GET of a live procedure and returns
 * true, or returns false and leaves the request to whoever answers the rest. Writes each block to
 * the socket and reads the next message only once the socket took it.
 */
export function serveLiveRequest(request: IncomingMessage, response: ServerResponse, options: NodeLiveRequestOptions): boolean {
  if (request.method !== "GET" || !request.url?.startsWith(livePathPrefix)) return false;
  const url = new URL(request.url, "http://localhost");
  const path = servedPath(url.pathname);
  if (path === null) return false;
  void pumpLive(request, response, path, url, options);
  return true;
}

async function pumpLive(request: IncomingMessage, response: ServerResponse, path: string, url: URL, options: NodeLiveRequestOptions): Promise<void> {
  const controller = new AbortController();
  let events: LiveEvents | null = null;
  // The client leaving (or the socket failing) before the stream ended.
  const onClose = () => {
    if (events) void events.cancel();
    else controller.abort();
  };
  response.once("close", onClose);
  try {
    const header = request.headers["last-event-id"];
    events = await LiveEvents.open(path, url, typeof header === "string" ? header : null, () => options.createContext(request), controller);
    if (controller.signal.aborted) {
      await events.cancel();
      return;
    }
    response.writeHead(200, { ...options.headers, ...liveStreamHeaders });
    for (const bytes of events.first()) response.write(bytes);
    while (events.status() === "open") {
      const bytes = await events.next();
      if (events.status() === "cancelled" || response.destroyed) return;
      if (bytes && !response.write(bytes) && events.status() === "open") await drained(response);
    }
    response.end();
  } catch (cause) {
    // Nothing above throws on its own; a failure here is the socket's, and the stream ends with it.
    logInternalErrorOnce(getTRPCErrorFromUnknown(cause), { path, actorId: undefined });
    response.destroy();
  } finally {
    response.off("close", onClose);
    if (events?.status() === "open") await events.cancel();
  }
}

/** Resolves once the socket took what was written, or closed. */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off("drain", done);
      response.off("close", done);
      resolve();
    };
    response.on("drain", done);
    response.on("close", done);
  });
}

/** The next message, or null when the ping interval passed first (the message stays pending). */
function raceWithPing(next: Promise<IteratorResult<unknown>>): Promise<IteratorResult<unknown> | null> {
  if (pingIntervalMs === Infinity) return next;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ping = new Promise<null>((resolve) => (timer = setTimeout(resolve, pingIntervalMs, null)));
  return Promise.race([next, ping]).finally(() => clearTimeout(timer));
}
