import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { procedures } from "../schema";

/** The procedure orders seen on the plan as this ladder item (§6.8: one order per item). */
export async function listOrdersOfPlanItem(db: DbOrTx, patientId: string, planItemId: string) {
  return db
    .select()
    .from(procedures)
    .where(and(eq(procedures.patientId, patientId), eq(procedures.planItemId, planItemId)));
}
