/** Patients per page on a home list: a screen's worth; "Show more" reads the next page. */
export const WORKLIST_PAGE = 50;

export type WorklistView = "flagged" | "sessions" | "clearances";

/** The input of one home list, shared by the server's prefetch and the client so the first page arrives with the HTML. */
export function worklistInput(view: WorklistView) {
  return { view, limit: WORKLIST_PAGE };
}
