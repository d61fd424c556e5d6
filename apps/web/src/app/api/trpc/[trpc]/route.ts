import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@stepwise/api";
import { createContext } from "~/server/context";
import { rejectUnsafeMutation } from "~/server/request-guard";

export const dynamic = "force-dynamic";

async function handler(request: Request) {
  const refused = rejectUnsafeMutation(request);
  if (refused) return refused;
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext,
    allowMethodOverride: false,
    // no-transform keeps Next's gzip (and proxies) off the event stream: compression buffers SSE.
    responseMeta: () => ({ headers: new Headers({ "Cache-Control": "no-store, no-transform", "X-Accel-Buffering": "no" }) }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
