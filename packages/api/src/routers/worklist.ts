import type { TRPCRouterRecord } from "@trpc/server";
import { addDays, startOfDay } from "date-fns";
import { listAppointmentsForClinician, listPatientsForMember, loadPlanRowsFor } from "@stepwise/db";
import { computeFlags, currentStep, dailyMme, flagsForRole, noInputSchema, rankWorklist } from "@stepwise/domain";
import { clinicProcedure } from "../trpc";
import { ageOn } from "../age";

/** Enough for any one clinician's caseload; the worklist is not paginated. */
const maxCaseload = 1000;

export const worklistRouter = {
  /**
   * The caller's patients ranked by what needs them (flags addressed to their role), with the
   * figures a role home shows. A fixed number of queries whatever the caseload.
   */
  mine: clinicProcedure().input(noInputSchema).query(async ({ ctx }) => {
    const now = ctx.now();
    const { items: patients } = await listPatientsForMember(ctx.db, { userId: ctx.user.id, limit: maxCaseload, offset: 0 });
    const rows = await loadPlanRowsFor(
      ctx.db,
      patients.map((p) => p.id),
      ctx.user.id,
    );
    const entries = patients.map((patient) => {
      const r = rows.get(patient.id)!;
      const flags = computeFlags({ ...r, clearances: r.clearances, actionItems: r.actionItems }, now);
      const nrs = r.assessments.filter((a) => a.instrument === "nrs" && a.score !== null);
      const pendingClearances = r.clearances.filter((c) => c.status === "requested");
      return {
        patient: {
          ...patient,
          age: ageOn(patient.dateOfBirth, now),
          currentStep: currentStep(r.planItems),
          mme: dailyMme(r.medications).total,
          latestNrs: nrs.at(-1)?.score ?? null,
          sessions30d: r.therapySessions.filter((s) => s.sessionDate >= addDays(now, -30)),
          pendingClearances: pendingClearances.map((c) => ({ id: c.id, procedureType: c.procedureType, requestedAt: c.requestedAt })),
        },
        flags: flagsForRole(flags, ctx.user.role, ctx.user.id),
      };
    });
    await ctx.audit({ patientIds: [], entityType: "patient", detail: { patientIds: patients.map((p) => p.id) } });
    return rankWorklist(entries, ctx.user.role).map((e) => ({
      ...e.patient,
      sessions30d: e.patient.sessions30d.map((s) => ({ sessionDate: s.sessionDate, attendance: s.attendance, painBefore: s.painBefore, painAfter: s.painAfter })),
      flags: e.flags.map(({ code, severity, message }) => ({ code, severity, message })),
    }));
  }),

  /** The caller's booked visits today and for the next seven days. */
  schedule: clinicProcedure().input(noInputSchema).query(async ({ ctx }) => {
    const today = startOfDay(ctx.now());
    const visits = await listAppointmentsForClinician(ctx.db, ctx.user.id, today, addDays(today, 7));
    await ctx.audit({ patientIds: [], entityType: "appointment", detail: { patientIds: [...new Set(visits.map((v) => v.patientId))] } });
    const tomorrow = addDays(today, 1);
    return { today: visits.filter((v) => v.startsAt < tomorrow), week: visits.filter((v) => v.startsAt >= tomorrow) };
  }),
} satisfies TRPCRouterRecord;
