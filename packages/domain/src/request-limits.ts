/**
 * What one request may carry. A single request once ran 600 mutations and nothing bounded the size
 * of a body; these numbers are enforced before any input is parsed.
 */
export const requestLimits = {
  /** A larger body is refused (413) before it is parsed. */
  maxBodyBytes: 1024 * 1024,
  /** Calls in one batched request; the browser client splits its batches at the same number. */
  maxBatchCalls: 10,
  /** Nesting of objects and arrays in one call's input. */
  maxInputDepth: 32,
  /** Objects, arrays and values in one call's input, counted together. */
  maxInputValues: 10_000,
} as const;

/**
 * A FHIR import carries one patient's record from the EHR as a Bundle, larger than any other call:
 * a chronic-pain patient's EHR export (years of problems, medications, scores, procedures, and the
 * encounters and vital signs the importer skips) runs to a few megabytes; a synthetic-population
 * record with a decade of history to several more. Eight megabytes of bundle is taken; a larger file
 * is refused with a request to export one patient at a time. The bundle is sent as JSON text and parsed by the
 * importer under these bounds; a request carrying it may be this much larger than the others.
 */
export const fhirImportLimits = {
  /** The bundle's JSON text, in characters. */
  maxBundleChars: 8 * 1024 * 1024,
  /**
   * The request that carries it (the text escaped inside the call's JSON). At most the web server's
   * own bound on a body that passes its proxy (10 MB), beyond which it would cut the body short.
   */
  maxBodyBytes: 10 * 1024 * 1024,
  /** Entries in one bundle. */
  maxEntries: 20_000,
  /** Nesting of the bundle's JSON: a FHIR resource nests about a dozen levels inside a bundle. */
  maxDepth: 32,
  /** Objects, arrays and values in the parsed bundle, counted together. */
  maxValues: 2_000_000,
} as const;

export type InputLimits = { readonly maxInputDepth: number; readonly maxInputValues: number };

/**
 * Keys that reach an object's prototype when an input is copied or merged with plain assignment.
 * JSON.parse makes `__proto__` an ordinary own key, so a parsed body can carry any of them.
 */
export const forbiddenInputKeys: readonly string[] = ["__proto__", "constructor", "prototype"];

export interface UnsafeInput {
  /** Dot path of the offending key or value ("" for the input itself). */
  path: string;
  message: string;
}

/**
 * Why an input must be refused before it is parsed: an own key named in `forbiddenInputKeys` on any
 * object at any depth, nesting deeper than the limit, or more values than the limit. Null when the
 * input may go on to its schema. Walks iteratively, so a deep input cannot exhaust the stack.
 */
export function findUnsafeInput(value: unknown, limits: InputLimits = requestLimits): UnsafeInput | null {
  const pending: { value: unknown; path: readonly string[] }[] = [{ value, path: [] }];
  let seen = 0;
  while (pending.length > 0) {
    const { value: current, path } = pending.pop()!;
    seen += 1;
    if (seen > limits.maxInputValues) return { path: "", message: `input holds more than ${limits.maxInputValues} values` };
    if (current === null || typeof current !== "object") continue;
    if (path.length >= limits.maxInputDepth) return { path: path.join("."), message: `nested deeper than ${limits.maxInputDepth} levels` };
    for (const [segment, child, ownKey] of childrenOf(current)) {
      if (ownKey && forbiddenInputKeys.includes(segment)) return { path: [...path, segment].join("."), message: `the key "${segment}" is not allowed` };
      pending.push({ value: child, path: [...path, segment] });
    }
  }
  return null;
}

/** Each child with its path segment, and whether that segment is an own key of a plain object. */
function childrenOf(value: object): [string, unknown, boolean][] {
  if (Array.isArray(value)) return value.map((child, index) => [String(index), child, false]);
  if (value instanceof Map) return [...value].flatMap(([key, child], index): [string, unknown, boolean][] => [[`${index}.key`, key, false], [String(index), child, false]]);
  if (value instanceof Set) return [...value].map((child, index) => [String(index), child, false]);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return [];
  // Own names include non-enumerable ones: a key hidden from Object.keys still reaches a merge.
  return Object.getOwnPropertyNames(value).map((key) => [key, (value as Record<string, unknown>)[key], true]);
}
