import { getInPatient, schema, type DbOrTx } from "@stepwise/db";

const tables = { problem: schema.problems, goal: schema.goals, plan_item: schema.planItems, procedure: schema.procedures } as const;

/** A reference to another row must point inside the same patient's record (NOT_FOUND otherwise). */
export async function assertSamePatient(tx: DbOrTx, kind: keyof typeof tables, id: string, patientId: string): Promise<void> {
  await getInPatient(tx, tables[kind], kind.replace("_", " "), id, patientId);
}
