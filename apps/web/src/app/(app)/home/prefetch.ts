import "server-only";
import { dehydrate, type DehydratedState } from "@tanstack/react-query";
import { getQueryClient, trpc } from "~/trpc/server";

/**
 * What the administrator's home (a client view) shows, read with the HTML and handed to it: a section
 * that arrived after the page would push what is below it down, so every section is there from the
 * first paint. The clinical homes are rendered on the server from their reads (page.tsx).
 */
export async function prefetchAdminHome(): Promise<DehydratedState> {
  const qc = getQueryClient();
  await Promise.all([qc.prefetchQuery(trpc.me.get.queryOptions()), qc.prefetchQuery(trpc.admin.listUsers.queryOptions())]);
  return dehydrate(qc);
}
