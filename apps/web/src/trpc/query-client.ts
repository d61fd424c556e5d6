import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, retry: (count, error) => count < 2 && !isClientError(error) },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}

/** A refusal is final: retrying it only delays the page (on the server a TRPCError carries the code itself). */
function isClientError(error: unknown): boolean {
  const e = error as { code?: unknown; data?: { code?: string } } | null;
  const code = e?.data?.code ?? (typeof e?.code === "string" ? e.code : undefined);
  return code === "UNAUTHORIZED" || code === "NOT_FOUND" || code === "FORBIDDEN" || code === "BAD_REQUEST" || code === "CONFLICT";
}
