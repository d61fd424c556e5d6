import type { ReactNode } from "react";
import { LiveProvider } from "~/components/live";
import { TRPCReactProvider } from "~/trpc/react";

/**
 * The client data layer (react-query, the tRPC client, the live stream) for the pages that read and
 * edit through it: the plan, meetings, emergency access. Pages rendered on the server (the homes, the
 * account pages) do without it, so its code is not part of their first load.
 */
export function ClientData({ userId, children }: { userId: string; children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <LiveProvider userId={userId}>{children}</LiveProvider>
    </TRPCReactProvider>
  );
}
