import { addDays, setHours, setMinutes, startOfDay } from "date-fns";
import type { DbOrTx } from "../client";
import { appointments } from "../schema";
import { demoPatientCount, demoPatientId, demoTeam, demoUserId } from "./demo";
import { stableId } from "./stable-id";

/**
 * A week of physical-therapy visits from the day the demo starts: each PT sees their patients about
 * twice a week, four to six visits a day, so the therapist's "today" is never empty.
 */
export async function seedAppointments(tx: DbOrTx, now: Date): Promise<void> {
  const today = startOfDay(now);
  const rows: (typeof appointments.$inferInsert)[] = [];
  for (const email of ["pt@stepwise.test", "pt2@stepwise.test"] as const) {
    const caseload = Array.from({ length: demoPatientCount }, (_, i) => i).filter((i) => demoTeam(i).some((m) => m.email === email));
    for (let day = 0; day < 7; day++) {
      const date = addDays(today, day);
      if (date.getDay() === 0 || date.getDay() === 6) continue;
      const perDay = email === "pt@stepwise.test" ? 6 : 4;
      for (let slot = 0; slot < perDay; slot++) {
        const index = caseload[(day * perDay + slot) % caseload.length]!;
        const startsAt = setMinutes(setHours(date, 8 + slot + (slot >= 3 ? 1 : 0)), slot % 2 ? 30 : 0);
        rows.push({
          id: stableId(`appointment:${email}:${startsAt.toISOString().slice(0, 13)}:${slot}`),
          patientId: demoPatientId(index),
          clinicianId: demoUserId(email),
          discipline: "physical_therapist",
          startsAt,
          durationMinutes: 45,
        });
      }
    }
  }
  if (rows.length) await tx.insert(appointments).values(rows).onConflictDoNothing();
}
