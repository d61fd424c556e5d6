import { and, asc, desc, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { RowConflictError, RowNotFoundError } from "../errors";
import { accessGrants } from "../schema/access";
import { auditLog, careTeamMembers, patients, users } from "../schema/core";

export type AccessGrantRow = typeof accessGrants.$inferSelect;

/** Active: not ended early and `now` before the expiry. */
function activeAt(now: Date) {
  return and(isNull(accessGrants.endedAt), gt(accessGrants.expiresAt, now));
}

/** This user's active grant on this patient (the newest, should there be more than one), with the patient's birth date. */
export async function findActiveGrant(db: DbOrTx, patientId: string, userId: string, now: Date) {
  const [row] = await db
    .select({ id: accessGrants.id, emergency: accessGrants.emergency, expiresAt: accessGrants.expiresAt, patientBirthDate: patients.dateOfBirth })
    .from(accessGrants)
    .innerJoin(patients, eq(patients.id, accessGrants.patientId))
    .where(and(eq(accessGrants.patientId, patientId), eq(accessGrants.userId, userId), activeAt(now)))
    .orderBy(desc(accessGrants.expiresAt))
    .limit(1);
  return row;
}

/** Of these patients, the ones this user holds an active grant on, with when each grant ends. */
export async function activeGrantsOf(db: DbOrTx, userId: string, patientIds: readonly string[], now: Date): Promise<{ patientId: string; grantId: string; expiresAt: Date }[]> {
  if (patientIds.length === 0) return [];
  return db
    .select({ patientId: accessGrants.patientId, grantId: accessGrants.id, expiresAt: accessGrants.expiresAt })
    .from(accessGrants)
    .where(and(eq(accessGrants.userId, userId), inArray(accessGrants.patientId, [...patientIds]), activeAt(now)));
}

export async function insertGrant(tx: DbOrTx, values: typeof accessGrants.$inferInsert): Promise<AccessGrantRow> {
  const [row] = await tx.insert(accessGrants).values(values).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

/** Ends the holder's own active grant now; undefined when there is none to end. */
export async function endGrant(tx: DbOrTx, grantId: string, userId: string, now: Date): Promise<AccessGrantRow | undefined> {
  const [row] = await tx
    .update(accessGrants)
    .set({ endedAt: now, updatedAt: now, version: sql`${accessGrants.version} + 1` })
    .where(and(eq(accessGrants.id, grantId), eq(accessGrants.userId, userId), activeAt(now)))
    .returning();
  return row;
}

const grantView = {
  id: accessGrants.id,
  patientId: accessGrants.patientId,
  userId: accessGrants.userId,
  holderName: users.name,
  holderRole: users.role,
  reason: accessGrants.reason,
  reasonText: accessGrants.reasonText,
  emergency: accessGrants.emergency,
  grantedAt: accessGrants.grantedAt,
  expiresAt: accessGrants.expiresAt,
  endedAt: accessGrants.endedAt,
  reviewedAt: accessGrants.reviewedAt,
  reviewNote: accessGrants.reviewNote,
  version: accessGrants.version,
};

/** The active grants on one patient, with their holders, soonest to end first. */
export async function listActiveGrantsForPatient(db: DbOrTx, patientId: string, now: Date) {
  return db
    .select(grantView)
    .from(accessGrants)
    .innerJoin(users, eq(users.id, accessGrants.userId))
    .where(and(eq(accessGrants.patientId, patientId), activeAt(now)))
    .orderBy(asc(accessGrants.expiresAt));
}

/**
 * Grants not yet reviewed, oldest first: every patient's for the admin, only those of the
 * reviewer's own care teams' patients for a coordinator (`teamOf`).
 */
export async function listUnreviewedGrants(db: DbOrTx, q: { teamOf?: string; limit: number }) {
  return db
    .select({ ...grantView, patientGivenName: patients.givenName, patientFamilyName: patients.familyName, patientMrn: patients.mrn })
    .from(accessGrants)
    .innerJoin(users, eq(users.id, accessGrants.userId))
    .innerJoin(patients, eq(patients.id, accessGrants.patientId))
    .where(
      and(
        isNull(accessGrants.reviewedAt),
        q.teamOf
          ? inArray(accessGrants.patientId, db.select({ id: careTeamMembers.patientId }).from(careTeamMembers).where(eq(careTeamMembers.userId, q.teamOf)))
          : undefined,
      ),
    )
    .orderBy(asc(accessGrants.grantedAt), asc(accessGrants.id))
    .limit(q.limit);
}

export async function findGrant(db: DbOrTx, grantId: string) {
  const [row] = await db.select().from(accessGrants).where(eq(accessGrants.id, grantId)).limit(1);
  return row;
}

/** Compare-and-set: a grant is reviewed once, by the first reviewer whose version still matches. */
export async function markGrantReviewed(tx: DbOrTx, key: { grantId: string; expectedVersion: number; reviewerId: string; note: string; now: Date }): Promise<AccessGrantRow> {
  const [row] = await tx
    .update(accessGrants)
    .set({ reviewedAt: key.now, reviewedBy: key.reviewerId, reviewNote: key.note, updatedAt: key.now, version: sql`${accessGrants.version} + 1` })
    .where(and(eq(accessGrants.id, key.grantId), eq(accessGrants.version, key.expectedVersion), isNull(accessGrants.reviewedAt)))
    .returning();
  if (row) return row;
  const current = await findGrant(tx, key.grantId);
  if (!current) throw new RowNotFoundError("Emergency access", "grantId");
  throw new RowConflictError("emergency access", { current: { id: current.id, version: current.version, reviewedAt: current.reviewedAt } });
}

/** What was done through one grant: its audit rows (the holder, the patient, from the grant on), oldest first. */
export async function listGrantActivity(db: DbOrTx, grant: { id: string; patientId: string; userId: string; grantedAt: Date }, limit = 200) {
  return db
    .select({ id: auditLog.id, at: auditLog.at, action: auditLog.action, outcome: auditLog.outcome })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.patientId, grant.patientId),
        eq(auditLog.actorId, grant.userId),
        sql`${auditLog.at} >= ${grant.grantedAt.toISOString()}::timestamptz`,
        sql`${auditLog.detail}->>'grantId' = ${grant.id}`,
      ),
    )
    .orderBy(asc(auditLog.at), asc(auditLog.id))
    .limit(limit);
}

/**
 * The break-the-glass lookup: one patient by exact MRN, or by the full given and family names
 * (exact, ignoring case) and the date of birth. Never a partial match, never a list to browse.
 */
export async function findPatientExactly(db: DbOrTx, q: { mrn: string } | { givenName: string; familyName: string; dateOfBirth: string }) {
  const where =
    "mrn" in q
      ? eq(patients.mrn, q.mrn)
      : and(
          sql`lower(${patients.familyName}) = lower(${q.familyName})`,
          sql`lower(${patients.givenName}) = lower(${q.givenName})`,
          eq(patients.dateOfBirth, q.dateOfBirth),
        );
  // Two patients with the same names and birth date cannot be told apart here: the MRN must be used.
  const rows = await db
    .select({ id: patients.id, givenName: patients.givenName, familyName: patients.familyName, dateOfBirth: patients.dateOfBirth, mrn: patients.mrn })
    .from(patients)
    .where(where)
    .limit(2);
  return rows;
}
