import "server-only";
import type { RouterOutputs } from "~/lib/types";
import { api } from "~/trpc/server";

export interface AdminHomeData {
  meId: string;
  users: RouterOutputs["admin"]["listUsers"];
  audit: RouterOutputs["admin"]["audit"];
  reviewCount: number;
  crisisText: RouterOutputs["questionnaires"]["crisisText"];
}

/**
 * What the administrator's home shows, read with the HTML through the server caller (each read its
 * procedure's gate and audit): the accounts, the newest page of the audit log, the uses of emergency
 * access waiting for review and the crisis text. Every section is there from the first paint.
 */
export async function prefetchAdminHome(): Promise<AdminHomeData> {
  const caller = await api();
  const [me, users, audit, queue, crisisText] = await Promise.all([
    caller.me.get(),
    caller.admin.listUsers(),
    caller.admin.audit({ limit: 50 }),
    caller.emergencyAccess.reviewQueue(),
    caller.questionnaires.crisisText(),
  ]);
  return { meId: me.id, users, audit, reviewCount: queue.length, crisisText };
}
