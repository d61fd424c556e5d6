import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { appointments, patients } from "../schema";

/** A clinician's booked visits in a time window, with the patient's name for the schedule view. */
export async function listAppointmentsForClinician(db: DbOrTx, clinicianId: string, from: Date, to: Date) {
  return db
    .select({
      id: appointments.id,
      patientId: appointments.patientId,
      startsAt: appointments.startsAt,
      durationMinutes: appointments.durationMinutes,
      status: appointments.status,
      givenName: patients.givenName,
      familyName: patients.familyName,
      mrn: patients.mrn,
    })
    .from(appointments)
    .innerJoin(patients, eq(patients.id, appointments.patientId))
    .where(and(eq(appointments.clinicianId, clinicianId), gte(appointments.startsAt, from), lt(appointments.startsAt, to)))
    .orderBy(asc(appointments.startsAt));
}
