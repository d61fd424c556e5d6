import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { patientAccounts, patients, users } from "../schema";

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
