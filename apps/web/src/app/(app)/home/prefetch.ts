import "server-only";
import { can, type Role } from "@stepwise/domain";
import { getQueryClient, trpc } from "~/trpc/server";
import { worklistInput, type WorklistView } from "./worklist-input";

/**
 * Everything a role's home shows, read with the HTML: a section that arrived after the page would
 * push what is below it down (or vanish when empty), so every section is there from the first paint.
 */
export function prefetchHome(role: Role): Promise<unknown> {
  const qc = getQueryClient();
  const list = (view: WorklistView) =>
    qc.prefetchInfiniteQuery(trpc.worklist.mine.infiniteQueryOptions(worklistInput(view), { initialCursor: 0, getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const reads: Promise<unknown>[] = [qc.prefetchQuery(trpc.notices.mine.queryOptions())];
  if (role === "admin") {
    reads.push(qc.prefetchQuery(trpc.me.get.queryOptions()), qc.prefetchQuery(trpc.admin.listUsers.queryOptions()));
    return Promise.all(reads);
  }
  reads.push(qc.prefetchQuery(trpc.patients.list.queryOptions({ limit: 25, cursor: 0 })), list("flagged"), qc.prefetchQuery(trpc.actionItems.mine.queryOptions({})));
  if (can(role, "meeting.read")) reads.push(qc.prefetchQuery(trpc.meetings.pendingDecisions.queryOptions()), qc.prefetchQuery(trpc.meetings.mySignOffs.queryOptions()));
  if (role === "coordinator") reads.push(qc.prefetchQuery(trpc.meetings.list.queryOptions({})), qc.prefetchQuery(trpc.actionItems.overdue.queryOptions({})));
  if (role === "physical_therapist") reads.push(qc.prefetchQuery(trpc.worklist.schedule.queryOptions()), list("sessions"));
  if (role === "psychologist") reads.push(list("clearances"));
  return Promise.all(reads);
}
