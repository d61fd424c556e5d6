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
 */
export interface LiveRequestOptions {
  createContext: () => Context | Promise<Context>;
}

/** The subscriptions this door serves (the link appends the procedure's path to the address). */
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

/** The tRPC way of reading a subscription's input: `?input=` through the transformer, the reconnect's last id merged in. */
function readInput(url: URL, headers: Headers): unknown {
  const raw = url.searchParams.get("input");
  let input: unknown;
  try {
    input = raw === null ? undefined : config.transformer.input.deserialize(JSON.parse(raw));
  } catch (cause) {
    if (cause instanceof TRPCError) throw cause;
    throw new TRPCError({ code: "PARSE_ERROR", message: "Invalid input", cause });
  }
  const lastEventId = headers.get("last-event-id") ?? url.searchParams.get("lastEventId") ?? url.searchParams.get("Last-Event-Id");
  if (!lastEventId) return input;
  if (typeof input === "object" && input !== null && !Array.isArray(input)) return { ...input, lastEventId };
  return input ?? { lastEventId };
}

export async function handleLiveRequest(request: Request, options: LiveRequestOptions): Promise<Response> {
  if (request.method !== "GET") return new Response(null, { status: 405, headers: { Allow: "GET" } });
  const url = new URL(request.url);
  const path = decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf("/") + 1));
  if (!servedPaths.has(path)) return Response.json({ error: "Not found" }, { status: 404 });

  // The client leaving and the stream being cancelled end the procedure alike.
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (request.signal.aborted) controller.abort();
  else request.signal.addEventListener("abort", onAbort, { once: true });

  let ctx: Context | undefined;
  let input: unknown;
  let iterator: AsyncIterator<unknown> | null = null;
  let failure: unknown = null;
  try {
    ctx = await options.createContext();
    input = readInput(url, request.headers);
    const data: unknown = await callProcedure({ router: appRouter, path, getRawInput: async () => input, ctx, type: "subscription", signal: controller.signal, batchIndex: 0 });
    if (!isAsyncIterable(data)) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `Subscription ${path} did not return an AsyncGenerator` });
    iterator = data[Symbol.asyncIterator]();
  } catch (cause) {
    failure = cause;
  }

  const errorBytes = (cause: unknown) => {
    const error = getTRPCErrorFromUnknown(cause);
    if (error.code === "INTERNAL_SERVER_ERROR") logInternalErrorOnce(error, { path, actorId: ctx?.session?.user.id });
    const shape = getErrorShape({ config, ctx, error, input, path, type: "subscription" });
    return encoder.encode(`event: serialized-error\ndata: ${JSON.stringify(config.transformer.output.serialize(shape))}\n\n`);
  };

  // The id the client's EventSource holds; an untracked message clears it and sets it back after.
  let lastEventId = request.headers.get("last-event-id");
  if (lastEventId && /[\0\n\r]/.test(lastEventId)) lastEventId = null;
  let pending: Promise<IteratorResult<unknown>> | null = null;
  let finished = false;
  const finish = () => {
    finished = true;
    request.signal.removeEventListener("abort", onAbort);
  };

  const body = new ReadableStream<Uint8Array>(
    {
      start(out) {
        out.enqueue(connectedBytes);
        if (failure !== null) {
          out.enqueue(errorBytes(failure));
          out.close();
          finish();
        }
      },
      async pull(out) {
        if (finished || !iterator) return;
        try {
          pending ??= iterator.next();
          const next = await raceWithPing(pending);
          // Cancelled meanwhile (the client left): the stream takes nothing more.
          if (finished) return;
          if (next === null) {
            out.enqueue(pingBytes);
            return;
          }
          pending = null;
          if (next.done) {
            out.enqueue(returnBytes);
            out.close();
            finish();
            return;
          }
          const value = next.value;
          if (isTrackedEnvelope(value)) {
            lastEventId = value[0];
            out.enqueue(encoder.encode(`data: ${wireJson(value[1])}\nid: ${value[0]}\n\n`));
          } else if (lastEventId === null) {
            out.enqueue(encoder.encode(`data: ${wireJson(value)}\n\n`));
          } else {
            out.enqueue(encoder.encode(`data: ${wireJson(value)}\nid: \n\nevent: restore-id\ndata: \nid: ${lastEventId}\n\n`));
          }
        } catch (cause) {
          if (finished) return;
          finish();
          if (!isAbortError(cause) && !controller.signal.aborted) out.enqueue(errorBytes(cause));
          out.close();
        }
      },
      async cancel() {
        finish();
        controller.abort();
        await iterator?.return?.();
      },
    },
    // One message at a time: nothing is read from the subscription ahead of the socket.
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers: liveStreamHeaders });
}

/** The next message, or null when the ping interval passed first (the message stays pending). */
function raceWithPing(next: Promise<IteratorResult<unknown>>): Promise<IteratorResult<unknown> | null> {
  if (pingIntervalMs === Infinity) return next;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ping = new Promise<null>((resolve) => (timer = setTimeout(resolve, pingIntervalMs, null)));
  return Promise.race([next, ping]).finally(() => clearTimeout(timer));
}
