import { handleLiveRequest } from "@stepwise/api";
import { createContext } from "~/server/context";

export const dynamic = "force-dynamic";

/** The live stream (`live.events`) as server-sent events; every other procedure is at /api/trpc. */
export function GET(request: Request) {
  return handleLiveRequest(request, { createContext });
}
