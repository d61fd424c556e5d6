import { and, desc, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { patientAccounts, patientInvitations, patients, users } from "../schema";

/**
 * The one patient record a `patient` user reaches: the active link, its account active too, with the
 * patient's date of birth for the clinical-date checks. Undefined when revoked or deactivated.
 */
export async function findLinkedPatient(db: DbOrTx, userId: string): Promise<{ patientId: string; patientBirthDate: string } | undefined> {
  const [row] = await db
    .select({ patientId: patientAccounts.patientId, patientBirthDate: patients.dateOfBirth })
    .from(patientAccounts)
    .innerJoin(patients, eq(patients.id, patientAccounts.patientId))
    .innerJoin(users, eq(users.id, patientAccounts.userId))
    .where(and(eq(patientAccounts.userId, userId), isNull(patientAccounts.revokedAt), eq(users.active, true)))
    .limit(1);
  return row;
}

export type PatientInvitationRow = typeof patientInvitations.$inferSelect;

/** The patient's newest account link (active or revoked), with the email the patient signs in with. */
export async function latestPatientAccount(db: DbOrTx, patientId: string): Promise<{ userId: string; createdAt: Date; revokedAt: Date | null; email: string } | undefined> {
  const [row] = await db
    .select({ userId: patientAccounts.userId, createdAt: patientAccounts.createdAt, revokedAt: patientAccounts.revokedAt, email: users.email })
    .from(patientAccounts)
    .innerJoin(users, eq(users.id, patientAccounts.userId))
    .where(eq(patientAccounts.patientId, patientId))
    .orderBy(desc(patientAccounts.createdAt))
    .limit(1);
  return row;
}

/** The patient's newest invitation, whatever became of it. */
export async function latestInvitation(db: DbOrTx, patientId: string): Promise<PatientInvitationRow | undefined> {
  const [row] = await db.select().from(patientInvitations).where(eq(patientInvitations.patientId, patientId)).orderBy(desc(patientInvitations.createdAt)).limit(1);
  return row;
}

/** Revokes the patient's invitations not yet used, so that only the newest (or none) works. */
export async function revokeOpenInvitations(db: DbOrTx, patientId: string, now: Date): Promise<number> {
  const rows = await db
    .update(patientInvitations)
    .set({ revokedAt: now })
    .where(and(eq(patientInvitations.patientId, patientId), isNull(patientInvitations.usedAt), isNull(patientInvitations.revokedAt)))
    .returning({ id: patientInvitations.id });
  return rows.length;
}

export async function insertInvitation(
  db: DbOrTx,
  invitation: { patientId: string; selector: string; codeHash: string; createdBy: string; createdAt: Date; expiresAt: Date },
): Promise<PatientInvitationRow> {
  const [row] = await db.insert(patientInvitations).values(invitation).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

/** The invitations a typed code may be: live ones with its selector (almost always one). */
export async function findLiveInvitations(db: DbOrTx, selector: string, now: Date): Promise<PatientInvitationRow[]> {
  return db
    .select()
    .from(patientInvitations)
    .where(and(eq(patientInvitations.selector, selector), isNull(patientInvitations.usedAt), isNull(patientInvitations.revokedAt), gt(patientInvitations.expiresAt, now)))
    .limit(5);
}

/** Compare-and-set: of two redemptions of one code, only one marks it used (with the account it made). */
export async function consumeInvitation(db: DbOrTx, invitationId: string, userId: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(patientInvitations)
    .set({ usedAt: now, userId })
    .where(and(eq(patientInvitations.id, invitationId), isNull(patientInvitations.usedAt), isNull(patientInvitations.revokedAt), gt(patientInvitations.expiresAt, now)))
    .returning({ id: patientInvitations.id });
  return rows.length > 0;
}

/** Whether the patient has an account that still opens their record. */
export async function hasActivePatientAccount(db: DbOrTx, patientId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: patientAccounts.userId })
    .from(patientAccounts)
    .where(and(eq(patientAccounts.patientId, patientId), isNull(patientAccounts.revokedAt)))
    .limit(1);
  return !!row;
}

export async function insertPatientAccount(db: DbOrTx, link: { userId: string; patientId: string; createdBy: string; createdAt: Date }): Promise<void> {
  await db.insert(patientAccounts).values(link);
}

/** Ends the patient's active link and deactivates its account; the user whose sessions must end, if there was one. */
export async function revokePatientAccount(db: DbOrTx, patientId: string, revokedBy: string, now: Date): Promise<string | undefined> {
  const [link] = await db
    .update(patientAccounts)
    .set({ revokedAt: now, revokedBy })
    .where(and(eq(patientAccounts.patientId, patientId), isNull(patientAccounts.revokedAt)))
    .returning({ userId: patientAccounts.userId });
  if (!link) return undefined;
  await db
    .update(users)
    .set({ active: false, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(eq(users.id, link.userId));
  return link.userId;
}

/** Whether this user's account was once linked to this patient's record and has since been revoked. */
export async function wasRevokedFromPatient(db: DbOrTx, userId: string, patientId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: patientAccounts.userId })
    .from(patientAccounts)
    .where(and(eq(patientAccounts.userId, userId), eq(patientAccounts.patientId, patientId), isNotNull(patientAccounts.revokedAt)))
    .limit(1);
  return !!row;
}

/**
 * A new invitation reopens the patient's own revoked account (same email): a new password, active
 * again, its link to the record opened anew. The link's primary key is the user, so the link row is
 * reopened in place; the revocation stays in the audit log and the plan's history. Compare-and-set on
 * both rows: false when the account was reopened (or changed) meanwhile. Ended sessions stay ended.
 */
export async function reopenPatientAccount(
  db: DbOrTx,
  reopen: { userId: string; patientId: string; passwordHash: string; createdBy: string; createdAt: Date },
): Promise<boolean> {
  const user = await db
    .update(users)
    .set({ passwordHash: reopen.passwordHash, active: true, mustChangePassword: false, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(users.id, reopen.userId), eq(users.role, "patient"), eq(users.active, false)))
    .returning({ id: users.id });
  if (user.length === 0) return false;
  const link = await db
    .update(patientAccounts)
    .set({ createdAt: reopen.createdAt, createdBy: reopen.createdBy, revokedAt: null, revokedBy: null })
    .where(and(eq(patientAccounts.userId, reopen.userId), eq(patientAccounts.patientId, reopen.patientId), isNotNull(patientAccounts.revokedAt)))
    .returning({ userId: patientAccounts.userId });
  return link.length > 0;
}

/** The patient's name, as their account is called. */
export async function patientDisplayName(db: DbOrTx, patientId: string): Promise<string | undefined> {
  const [row] = await db.select({ givenName: patients.givenName, familyName: patients.familyName }).from(patients).where(eq(patients.id, patientId)).limit(1);
  return row ? `${row.givenName} ${row.familyName}` : undefined;
}
