import superjson from "superjson";

/**
 * Messages handed unchanged to many live streams (one event for every viewer of its visibility
 * class, one presence list for every viewer of the same topics). The transformer serialises each
 * once, whatever the number of streams it is written to; nothing else is cached, and a shared
 * message is never changed after it was marked.
 */
const serialized = new WeakMap<object, ReturnType<typeof superjson.serialize>>();
const serializedJson = new WeakMap<object, string>();
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

/** A message as the event stream writes it (its JSON text); a shared message's text is made once for all its streams. */
export function wireJson(value: unknown): string {
  if (typeof value !== "object" || value === null || !shared.has(value)) return JSON.stringify(superjson.serialize(value));
  let out = serializedJson.get(value);
  if (out === undefined) {
    out = JSON.stringify(serializeOutput(value));
    serializedJson.set(value, out);
  }
  return out;
}
