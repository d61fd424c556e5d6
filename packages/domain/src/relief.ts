import { round1 } from "./common";

/**
 * % relief = (pre − post) ÷ pre × 100, one decimal (clinical-reference.md §1). Negative when pain
 * got worse; null when pre is 0, since relief from no pain is undefined.
 */
export function reliefPercent(pre: number, post: number): number | null {
  if (pre <= 0) return null;
  return round1(((pre - post) / pre) * 100);
}
