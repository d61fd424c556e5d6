import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { createRequestContext, livePathPrefix, serveLiveRequest } from "@stepwise/api";
import { sessionStateOfRequest } from "@stepwise/auth/next";
import { setLiveDoor } from "./live-door-slot";
import { signedInSession } from "./session";

/**
 * The headers Next adds to a response of the live route from next.config's `headers()`, read from
 * the build's routes manifest so that the rule stays in next.config; null when they cannot be
 * known (the door then stays closed and Next answers every stream).
 */
function configuredHeaders(pathname: string): Record<string, string> | null {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(process.cwd(), ".next", "routes-manifest.json"), "utf8")) as {
      basePath?: string;
      headers?: { regex: string; headers: { key: string; value: string }[]; has?: unknown; missing?: unknown }[];
    };
    if (manifest.basePath) return null;
    const out: Record<string, string> = {};
    for (const rule of manifest.headers ?? []) {
      if (!new RegExp(rule.regex).test(pathname)) continue;
      // A condition on the request would need Next's own matcher: leave the streams to Next.
      if (rule.has || rule.missing) return null;
      for (const { key, value } of rule.headers) out[key] = value;
    }
    return out;
  } catch {
    return null;
  }
}

/**
 * Opens the live stream's door on the Node server (called by the live route on its first request):
 * from then on the server's request listener (instrumentation-node.ts) answers a GET of
 * /api/live/<procedure> here, with no Next request scope kept for the life of the stream. The
 * session is decided from the request's own cookie exactly as the pages decide it (next-auth's
 * decoding, the server-side check, a pending sign-in step refused), and the procedure is the same
 * (`live.events`: its gate, input schema and audit in the router).
 */
export function openLiveDoor(): void {
  const headers = configuredHeaders(`${livePathPrefix}live.events`);
  if (!headers) return;
  // Nothing in an event stream is a document: no script, frame or anything else may come of it.
  headers["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'none'";
  // Which instance answered, when several run behind a load balancer (as the proxy sets it on every response).
  const instance = process.env.STEPWISE_INSTANCE;
  if (instance) headers["x-stepwise-instance"] = instance;
  const options = {
    headers,
    createContext: async (request: Parameters<typeof serveLiveRequest>[0]) =>
      createRequestContext(signedInSession(await sessionStateOfRequest(request.headers, Boolean((request.socket as TLSSocket).encrypted)))),
  };
  setLiveDoor((request, response) => serveLiveRequest(request, response, options));
}
