// Runs once when a server instance starts: refuse to serve in production without its secret, and
// open the database (migrations applied and awaited) before the first request.
import dc from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { prepareServer, stopServer } from "@stepwise/api";
import { liveDoor } from "./server/live-door-slot";

/** Longer than the live streams' cleanup and the drain together; a stop that takes this long is stuck. */
const stopDeadlineMs = 10_000;
const drainMs = 3_000;
/** One Ctrl+C reaches the server from the terminal and again from the start script. */
const repeatWindowMs = 1_000;

/**
 * The requests in flight and the HTTP servers answering them. Next does not hand out its server, so
 * both are seen through Node's diagnostics channel; the channel is held here so that it stays subscribed.
 */
class Traffic {
  private readonly servers = new Set<Server>();
  private readonly open = new Set<ServerResponse>();
  private idle: (() => void) | null = null;
  private readonly channel = dc.channel("http.server.request.start");

  constructor() {
    this.channel.subscribe((message) => {
      const { server, response } = message as { server: Server; response: ServerResponse };
      if (!this.servers.has(server)) {
        this.servers.add(server);
        answerLiveStreamsBesideNext(server);
      }
      this.open.add(response);
      response.once("close", () => {
        this.open.delete(response);
        if (this.open.size === 0) this.idle?.();
      });
    });
  }

  /** New connections are refused (clients retry elsewhere); idle keep-alive ones are closed. */
  stopAccepting() {
    for (const server of this.servers) {
      server.close();
      server.closeIdleConnections();
    }
  }

  /** Resolves once every response in flight has been sent, the ended live streams' last events included. */
  drained(timeoutMs: number): Promise<void> {
    if (this.open.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A live stream answered through Next keeps Next's whole request machinery referenced for the life
 * of the response (≈ 100 KB a stream). Once the live route has opened its door (`~/server/live-door`),
 * the server's request listeners are fronted so that a GET of /api/live/<procedure> is answered
 * there on Node's own request and response, and every other request reaches Next's listener
 * unchanged. This runs on the server's first request, from the diagnostics channel, which Node
 * publishes before it emits 'request': that request already goes through the front.
 */
function answerLiveStreamsBesideNext(server: Server) {
  const listeners = server.listeners("request") as RequestListener[];
  server.removeAllListeners("request");
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    if (liveDoor()?.(request, response)) return;
    for (const listener of listeners) listener.call(server, request, response);
  });
}

type GlobalWithStop = typeof globalThis & { __stepwiseStopOnSignals?: true };

/**
 * SIGTERM and SIGINT stop the instance cleanly and exit 0. The start scripts set
 * NEXT_MANUAL_SIG_HANDLE, since Next's own handler waits for open event streams without end and
 * exits 143. A second signal after the repeat window forces the exit.
 */
function stopOnSignals() {
  const g = globalThis as GlobalWithStop;
  if (g.__stepwiseStopOnSignals) return;
  g.__stepwiseStopOnSignals = true;
  const traffic = new Traffic();
  let stoppingSince: number | null = null;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== null) {
      if (Date.now() - stoppingSince < repeatWindowMs) return;
      console.error(`${signal} again: exiting without finishing the stop.`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    console.log(`\n${signal}: stopping (live streams, requests in flight, then the database).`);
    setTimeout(() => {
      console.error(`The stop did not finish within ${stopDeadlineMs / 1000} s; exiting.`);
      process.exit(1);
    }, stopDeadlineMs).unref();
    traffic.stopAccepting();
    stopServer({ drain: () => traffic.drained(drainMs) }).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

stopOnSignals();
try {
  await prepareServer();
} catch (error) {
  console.error(`\nStepwise cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
