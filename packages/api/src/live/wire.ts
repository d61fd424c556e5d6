import superjson from "superjson";

/**
 * Messages handed unchanged to many live streams (one event for every viewer of its visibility
 * class, one presence list for every viewer of the same topics). The transformer serialises each
 * once, whatever the number of streams it is written to; nothing else is cached, and a shared
 * message is never changed after it was marked.
 */
const serialized = new WeakMap<object, ReturnType<typeof superjson.serialize>>();
const shared = new WeakSet<object>();

export function sharedMessage<T extends object>(message: T): T {
  shared.add(message);
  return message;
}

export function serializeOutput(value: unknown): ReturnType<typeof superjson.serialize> {
  if (typeof value !== "object" || value === null || !shared.has(value)) return superjson.serialize(value);
  let out = serialized.get(value);
  if (!out) {
    out = superjson.serialize(value);
    serialized.set(value, out);
  }
  return out;
}
