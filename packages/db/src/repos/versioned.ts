import { and, eq, sql } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "../client";
import { RowConflictError, RowNotFoundError } from "../errors";

type VersionedTable = PgTable & { id: PgColumn; patientId: PgColumn; version: PgColumn; updatedAt: PgColumn; updatedBy: PgColumn };

export interface VersionedKey {
  id: string;
  patientId: string;
  expectedVersion: number;
  actorId: string;
  now: Date;
}

/**
 * Compare-and-set on `version`: the update applies only to the version the client read. Under
 * concurrent writers exactly one wins; every other gets CONFLICT carrying the current row, so
 * nothing is silently overwritten.
 */
export async function updateVersioned<T extends VersionedTable>(
  tx: DbOrTx,
  table: T,
  entity: string,
  key: VersionedKey,
  patch: Partial<T["$inferInsert"]>,
): Promise<T["$inferSelect"]> {
  const rows = (await tx
    .update(table)
    .set({ ...patch, version: sql`${table.version} + 1`, updatedAt: key.now, updatedBy: key.actorId } as never)
    .where(and(eq(table.id, key.id), eq(table.patientId, key.patientId), eq(table.version, key.expectedVersion)))
    .returning()) as T["$inferSelect"][];
  if (rows[0]) return rows[0];
  const current = await findInPatient(tx, table, key.id, key.patientId);
  if (!current) throw new RowNotFoundError(entity);
  throw new RowConflictError(entity, { current });
}

export async function findInPatient<T extends VersionedTable>(tx: DbOrTx, table: T, id: string, patientId: string): Promise<T["$inferSelect"] | undefined> {
  const rows = (await tx
    .select()
    .from(table as PgTable)
    .where(and(eq(table.id, id), eq(table.patientId, patientId)))
    .limit(1)) as T["$inferSelect"][];
  return rows[0];
}

/** Loads a row of this patient or throws NOT_FOUND: ids from another patient do not exist here. */
export async function getInPatient<T extends VersionedTable>(tx: DbOrTx, table: T, entity: string, id: string, patientId: string): Promise<T["$inferSelect"]> {
  const row = await findInPatient(tx, table, id, patientId);
  if (!row) throw new RowNotFoundError(entity);
  return row;
}

export async function insertRow<T extends PgTable>(tx: DbOrTx, table: T, values: T["$inferInsert"]): Promise<T["$inferSelect"]> {
  const rows = (await tx.insert(table).values(values as never).returning()) as T["$inferSelect"][];
  if (!rows[0]) throw new Error("insert returned nothing");
  return rows[0];
}
