import type { TRPCRouterRecord } from "@trpc/server";
import { addDays, startOfDay } from "date-fns";
import { listAppointmentsForClinician, listPatientsForMember, loadPlanRowsFor } from "@stepwise/db";
import { computeFlags, dailyMme, flagsForRole, ladderPosition, noInputSchema, rankWorklist } from "@stepwise/domain";
import { namedFlags } from "../services/safety-responses";
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
      const ladder = ladderPosition(r.planItems, r.procedures, now);
      const nrs = r.assessments.filter((a) => a.instrument === "nrs" && a.score !== null);
      const pendingClearances = r.clearances.filter((c) => c.status === "requested");
      return {
        patient: {
          ...patient,
          age: ageOn(patient.dateOfBirth, now),
          currentStep: ladder.current,
          ladder: { current: ladder.current, currentLabel: ladder.currentLabel, basis: ladder.basis, highestReached: ladder.highestReached, policyId: ladder.policyId },
          mme: dailyMme(r.medications).total,
          latestNrs: nrs.at(-1)?.score ?? null,
          sessions30d: r.therapySessions.filter((s) => s.sessionDate >= addDays(now, -30)),
          pendingClearances: pendingClearances.map((c) => ({ id: c.id, procedureType: c.procedureType, requestedAt: c.requestedAt })),
        },
        flags: flagsForRole(flags, ctx.user.role, ctx.user.id),
      };
    });
    await ctx.audit({ patientIds: patients.map((p) => p.id), entityType: "patient" });
    const ranked = rankWorklist(entries, ctx.user.role);
    // One directory lookup names every responder on the list (§6.9 "acknowledged by <name>").
    const named = await namedFlags(ctx.db, ranked.flatMap((e) => e.flags));
    let at = 0;
    return ranked.map((e) => ({
      ...e.patient,
      sessions30d: e.patient.sessions30d.map((s) => ({ sessionDate: s.sessionDate, attendance: s.attendance, painBefore: s.painBefore, painAfter: s.painAfter })),
      flags: e.flags.map(() => named[at++]!).map(({ code, severity, message, acknowledgement, evidence }) => ({
        code,
        severity,
        message,
        acknowledgement: acknowledgement ?? null,
        // The PHQ-9 a self-harm response answers; other flags do not need their evidence on a list.
        assessmentId: code === "safety_self_harm" ? (evidence.find((ev) => ev.kind === "assessment")?.id ?? null) : null,
      })),
    }));
  }),

  /** The caller's booked visits today and for the next seven days. */
  schedule: clinicProcedure().input(noInputSchema).query(async ({ ctx }) => {
    const today = startOfDay(ctx.now());
    const visits = await listAppointmentsForClinician(ctx.db, ctx.user.id, today, addDays(today, 7));
    await ctx.audit({ patientIds: visits.map((v) => v.patientId), entityType: "appointment", detail: { appointments: visits.length } });
    const tomorrow = addDays(today, 1);
    return { today: visits.filter((v) => v.startsAt < tomorrow), week: visits.filter((v) => v.startsAt >= tomorrow) };
  }),
} satisfies TRPCRouterRecord;
