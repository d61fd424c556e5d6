import { fetchRequestHandler, type FetchCreateContextFnOptions } from "@trpc/server/adapters/fetch";
import { fhirImportLimits, requestLimits } from "@stepwise/domain";
import type { Context } from "./context";
import { logInternalErrorOnce } from "./errors";
import { rejectUnsafeMutation } from "./request-guard";
import { appRouter } from "./root";

export interface TrpcRequestOptions {
  createContext: (opts: FetchCreateContextFnOptions) => Context | Promise<Context>;
}

/**
 * The tRPC endpoint, without the web framework around it: the request guard (JSON only, own
 * origin), the body limit, then tRPC with its batch limit. Each refusal comes before any input is
 * parsed and before any procedure runs.
 */
export async function handleTrpcRequest(request: Request, options: TrpcRequestOptions): Promise<Response> {
  const refused = rejectUnsafeMutation(request);
  if (refused) return refused;
  const bounded = await withBoundedBody(request, bodyLimitOf(request));
  if (bounded instanceof Response) return bounded;
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: bounded,
    router: appRouter,
    createContext: options.createContext,
    allowMethodOverride: false,
    // Counted from the URL's paths, before the inputs are read: answers 400 for GET and POST alike.
    maxBatchSize: requestLimits.maxBatchCalls,
    onError({ error, path, ctx }) {
      // Errors inside procedures were logged (and concealed) where they happened; this catches the
      // rest — context creation, live streams — under the id the formatter gives the caller.
      if (error.code === "INTERNAL_SERVER_ERROR") logInternalErrorOnce(error, { path, actorId: ctx?.session?.user.id });
    },
  });
  // Only the event stream goes out untransformed: the server's gzip (or a proxy's) would buffer it.
  // Every JSON answer stays compressible.
  const stream = response.headers.get("content-type")?.startsWith("text/event-stream") ?? false;
  response.headers.set("Cache-Control", stream ? "no-store, no-transform" : "no-store");
  if (stream) response.headers.set("X-Accel-Buffering", "no");
  return response;
}

/** Calls that carry a FHIR bundle: a request made only of them may be as large as an import is. */
const importPaths: readonly string[] = ["fhir.importPreview", "fhir.importCommit"];

/** The body limit of a request, from the procedure paths in its URL (read before the body). */
function bodyLimitOf(request: Request): number {
  const paths = decodeURIComponent(new URL(request.url).pathname.split("/api/trpc/")[1] ?? "").split(",");
  return paths.every((path) => importPaths.includes(path)) ? fhirImportLimits.maxBodyBytes : requestLimits.maxBodyBytes;
}

/**
 * The request with its body read into memory, or a 413 once the body passes `maxBytes`: refused on
 * its declared length without reading, and on what arrives when the length is not declared
 * (chunked) or understated.
 */
async function withBoundedBody(request: Request, maxBytes: number): Promise<Request | Response> {
  if (!request.body) return request;
  if (Number(request.headers.get("content-length")) > maxBytes) return tooLarge(maxBytes);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
}

function tooLarge(maxBytes: number): Response {
  return Response.json({ error: `Request bodies are limited to ${maxBytes / 1024 / 1024} MB.` }, { status: 413 });
}
