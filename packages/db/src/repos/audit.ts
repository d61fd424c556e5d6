import { and, desc, eq, gte, isNull, lt, lte, ne, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { auditLog, users } from "../schema";

export type AuditEntry = typeof auditLog.$inferInsert;
export type AuditRow = typeof auditLog.$inferSelect;

export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values(entry);
}

/** Several audit rows in one statement: a read or write that spans patients leaves one row per patient. */
export async function writeAuditEntries(db: DbOrTx, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(auditLog).values([...entries]);
}

export interface AuditFilter {
  patientId?: string;
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
  beforeId?: number;
  limit?: number;
}

export async function listAudit(db: DbOrTx, filter: AuditFilter): Promise<AuditRow[]> {
  const conditions: SQL[] = [];
  if (filter.patientId) conditions.push(eq(auditLog.patientId, filter.patientId));
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lte(auditLog.at, filter.to));
  if (filter.beforeId) conditions.push(lt(auditLog.id, filter.beforeId));
  return db
    .select()
    .from(auditLog)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 100);
}

export interface PatientAccessQuery {
  patientId: string;
  from: Date;
  to: Date;
  limit: number;
  /** Leave out one user's own accesses (the patient's report of others' use of their record). */
  excludeActorId?: string;
}

/**
 * Who read or changed one patient's record in a period: the successful audit rows naming the
 * patient, newest first, with the actor's name (an index range on audit_log(patient_id, at)).
 */
export async function listPatientAccess(db: DbOrTx, query: PatientAccessQuery) {
  return db
    .select({ id: auditLog.id, at: auditLog.at, actorId: auditLog.actorId, actorRole: auditLog.actorRole, actorName: users.name, action: auditLog.action, detail: auditLog.detail })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.patientId, query.patientId),
        eq(auditLog.outcome, "success"),
        gte(auditLog.at, query.from),
        lte(auditLog.at, query.to),
        query.excludeActorId ? or(isNull(auditLog.actorId), ne(auditLog.actorId, query.excludeActorId)) : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(query.limit);
}
