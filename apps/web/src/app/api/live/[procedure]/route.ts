import { handleLiveRequest } from "@stepwise/api";
import { createContext } from "~/server/context";
import { openLiveDoor } from "~/server/live-door";

export const dynamic = "force-dynamic";

let doorOpened = false;

/**
 * The live stream (`live.events`) as server-sent events; every other procedure is at /api/trpc.
 * The first stream of a server comes through here and opens the door beside Next
 * (`~/server/live-door`); later ones are answered there, and here only if it cannot open.
 */
export function GET(request: Request) {
  if (!doorOpened) {
    doorOpened = true;
    openLiveDoor();
  }
  return handleLiveRequest(request, { createContext });
}
