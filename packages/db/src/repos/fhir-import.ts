import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { patients } from "../schema/core";
import { assessments, medications, problems, procedures } from "../schema/clinical";
import { fhirResourceLinks } from "../schema/fhir";

export type ImportLinkRow = typeof fhirResourceLinks.$inferSelect;

/** What earlier imports took into one patient's record: one row per source resource. */
export async function listImportLinks(db: DbOrTx, patientId: string): Promise<ImportLinkRow[]> {
  return db.select().from(fhirResourceLinks).where(eq(fhirResourceLinks.patientId, patientId));
}

/** The current id and version of the rows earlier imports made, per kind (one query per table). */
export async function importedRowVersions(db: DbOrTx, patientId: string, ids: { problem: string[]; medication: string[]; assessment: string[]; procedure: string[] }) {
  const versions = new Map<string, number>();
  const tables = [
    [problems, ids.problem],
    [medications, ids.medication],
    [assessments, ids.assessment],
    [procedures, ids.procedure],
  ] as const;
  for (const [table, list] of tables) {
    if (list.length === 0) continue;
    const rows = await db
      .select({ id: table.id, version: table.version })
      .from(table)
      .where(and(eq(table.patientId, patientId), inArray(table.id, list)));
    for (const row of rows) versions.set(row.id, row.version);
  }
  return versions;
}

/** A patient taken from another system's record (the care plan and team are the caller's to add). */
export async function insertImportedPatient(tx: DbOrTx, values: typeof patients.$inferInsert) {
  const [row] = await tx.insert(patients).values(values).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

export async function insertImportLink(tx: DbOrTx, values: typeof fhirResourceLinks.$inferInsert): Promise<void> {
  await tx.insert(fhirResourceLinks).values(values);
}

/** A source resource taken again with changed content: its row was updated, the link keeps the new hash. */
export async function updateImportLink(tx: DbOrTx, id: string, values: { entityId: string; contentHash: string; now: Date }): Promise<void> {
  await tx.update(fhirResourceLinks).set({ entityId: values.entityId, contentHash: values.contentHash, updatedAt: values.now }).where(eq(fhirResourceLinks.id, id));
}
