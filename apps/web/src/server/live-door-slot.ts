import type { IncomingMessage, ServerResponse } from "node:http";

/** Answers a live stream on Node's own request and response (true), or leaves the request to Next (false). */
export type LiveDoor = (request: IncomingMessage, response: ServerResponse) => boolean;

type GlobalWithLiveDoor = typeof globalThis & { __stepwiseLiveDoor?: LiveDoor };

/**
 * Where the live route leaves its door for the HTTP server (instrumentation-node.ts). On globalThis:
 * Next.js gives the instrumentation hook and the route handlers separate copies of each module, and
 * the door must run in the route's copy (the same live hub as every other request of the process).
 */
export function liveDoor(): LiveDoor | undefined {
  return (globalThis as GlobalWithLiveDoor).__stepwiseLiveDoor;
}

export function setLiveDoor(door: LiveDoor): void {
  (globalThis as GlobalWithLiveDoor).__stepwiseLiveDoor = door;
}
