"use client";

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, loggerLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import type { AppRouter } from "@stepwise/api";
import { requestLimits } from "@stepwise/domain/request-limits";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;

/** An expired or revoked session surfaces as UNAUTHORIZED on the next call: send the user to sign in. */
function onUnauthorized(error: unknown) {
  if ((error as { data?: { code?: string } } | null)?.data?.code === "UNAUTHORIZED" && typeof window !== "undefined") {
    window.location.assign(`/login?expired=1&next=${encodeURIComponent(window.location.pathname)}`);
  }
}

function getQueryClient() {
  if (typeof window === "undefined") return makeQueryClient();
  if (!browserQueryClient) {
    browserQueryClient = makeQueryClient();
    browserQueryClient.getQueryCache().config.onError = onUnauthorized;
  }
  return browserQueryClient;
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({ enabled: (op) => process.env.NODE_ENV === "development" && op.direction === "down" && op.result instanceof Error }),
        splitLink({
          // One EventSource per tab: the live provider multiplexes every patient and meeting into it.
          // The live stream has its own lean front door (/api/live, the same procedure and wire format).
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/live", transformer: superjson }),
          // The server refuses larger batches (400): split them here, at its own limit.
          false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: requestLimits.maxBatchCalls }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

