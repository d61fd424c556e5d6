import type { Instrument } from "@stepwise/domain";

/** The instruments the outcomes tab charts over time. */
export const chartedInstruments: readonly Instrument[] = ["nrs", "peg3", "odi", "phq9", "gad7"];

/** How far back the charts read (the plan itself carries only the latest results). */
export const SERIES_DAYS = 730;

/**
 * The first day the charts read, as the outcomes tab asks for it: the page reads the same range on
 * the server (when the tab is opened by address), so the charts arrive with the page and nothing moves.
 */
export function seriesFrom(now = Date.now()): string {
  return new Date(now - SERIES_DAYS * 86_400_000).toISOString().slice(0, 10);
}

/** The timeline tab's first page (the server reads the same when the tab is opened by address). */
export const TIMELINE_PAGE = 30;

/** The outcomes tab's page of results. */
export const SERIES_PAGE = 100;
