import { AdminHome } from "./admin-home";
import type { AdminHomeData } from "./prefetch";

/**
 * The administrator's home, rendered on the server from its reads like the clinical homes: the
 * accounts table, the audit log and the crisis text are small islands whose writes are server
 * actions; forms and dialogs load when opened.
 */
export function AdminView({ state }: { state: AdminHomeData }) {
  return <AdminHome data={state} />;
}
