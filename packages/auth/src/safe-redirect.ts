/** Longer than any page of ours; a `next` this long is not one. */
const maxLength = 2048;
/** Printable ASCII without the space: what our own links to our own pages consist of. */
const plainPath = /^[\x21-\x7e]+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
const controlCharacter = /[\x00-\x1f\x7f-\x9f]/;

/**
 * Where to send the user after sign-in: `next` when it is a path on `origin` itself, "/" otherwise.
 * Refused rather than repaired: browsers read `\` as `/` (so `/\evil` is `//evil`, another host), the
 * URL parser silently drops tabs and newlines, dot segments can collapse `/..//evil` into `//evil`,
 * and each of these may arrive percent-encoded, once or several times.
 */
export function safeRedirectPath(next: unknown, origin: string): string {
  if (typeof next !== "string" || next.length > maxLength || !isLocalPath(next) || !plainPath.test(next)) return "/";
  const decoded = decodedFully(next);
  if (decoded === null || !isLocalPath(decoded) || controlCharacter.test(decoded)) return "/";
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(next, base);
  } catch {
    return "/";
  }
  if (target.origin !== base.origin) return "/";
  const path = `${target.pathname}${target.search}${target.hash}`;
  // What the parser made of it must itself still be a path here, not `//host` after dot segments.
  return isLocalPath(path) && new URL(path, base).origin === base.origin ? path : "/";
}

function isLocalPath(value: string): boolean {
  return value.startsWith("/") && !value.startsWith("//") && !value.includes("\\");
}

/** Percent-decodes until nothing changes; null for malformed escapes or suspiciously deep encoding. */
function decodedFully(value: string): string | null {
  let current = value;
  for (let round = 0; round < 3; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}
