import { createHash } from "node:crypto";

/** A deterministic UUID (v5 layout) so that re-running the seed finds the rows it made before. */
export function stableId(key: string): string {
  const hex = createHash("sha1").update(`stepwise:${key}`).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
