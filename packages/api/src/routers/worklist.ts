import type { TRPCRouterRecord } from "@trpc/server";
import { addDays, startOfDay } from "date-fns";
import { countSummariesFor, listAppointmentsForClinician, pageSummariesFor, refreshSummariesInBatches, staleSummaryIdsFor, viewTotal } from "@stepwise/db";
import { flagsForRole, noInputSchema, worklistPageInputSchema } from "@stepwise/domain";
import { namedFlags } from "../services/safety-responses";
import { clinicProcedure } from "../trpc";
import { ageOn } from "../age";

export const worklistRouter = {
  /**
   * One page of the caller's patients in the role's order (flags addressed to the role, safety
   * first), with the figures a role home shows and the counts of the whole list. Read from the
   * stored patient summaries and the care team only; summaries the clock has overtaken (a new
   * clinic day, a window that turned) are recomputed first, one batch for the caller's caseload.
   */
  mine: clinicProcedure("caseload.read")
    .input(worklistPageInputSchema)
    .query(async ({ ctx, input }) => {
      const now = ctx.now();
      const role = ctx.user.role;
      if (role === "admin") {
        await ctx.audit({ patientIds: [], entityType: "patient", detail: { view: input.view, shown: 0 } });
        return { items: [], total: 0, nextCursor: null, counts: { total: 0, flagged: 0, sessions: 0, clearances: 0, byCode: {} } };
      }
      const read = () =>
        Promise.all([pageSummariesFor(ctx.db, { userId: ctx.user.id, view: input.view, offset: input.cursor, limit: input.limit }), countSummariesFor(ctx.db, ctx.user.id)]);
      // The page is read while the summaries are checked: on the usual call none is stale and the
      // first read stands; otherwise the stale ones are recomputed and the page read again.
      const [stale, first] = await Promise.all([staleSummaryIdsFor(ctx.db, ctx.user.id, now), read()]);
      const [rows, counts] = stale.length === 0 ? first : await refreshSummariesInBatches(ctx.db, stale, now).then(read);
      const page = { items: rows, total: viewTotal(counts, input.view) };
      const entries = page.items.map((p) => ({ ...p, roleFlags: flagsForRole(p.flags, role, ctx.user.id) }));
      // One audit row per patient on this page (what was shown, not the whole caseload), written
      // while one directory lookup names every responder on the page (§6.9 "acknowledged by <name>").
      const [, named] = await Promise.all([
        ctx.audit({ patientIds: page.items.map((p) => p.id), entityType: "patient", detail: { view: input.view, cursor: input.cursor, shown: page.items.length } }),
        namedFlags(ctx.db, entries.flatMap((e) => e.roleFlags)),
      ]);
      let at = 0;
      const items = entries.map((p) => ({
        id: p.id,
        mrn: p.mrn,
        givenName: p.givenName,
        familyName: p.familyName,
        dateOfBirth: p.dateOfBirth,
        sex: p.sex,
        primaryCondition: p.primaryCondition,
        myRole: p.myRole,
        age: ageOn(p.dateOfBirth, now),
        currentStep: p.currentStep,
        ladder: p.ladder ?? { current: p.currentStep, currentLabel: "", basis: "self_management", highestReached: p.highestStep, policyId: "" },
        mme: p.mme,
        latestNrs: p.latestNrs,
        latestScores: p.latestScores,
        nextVisitAt: p.nextVisitAt,
        lastVisitAt: p.lastVisitAt,
        sessions30d: p.sessions,
        pendingClearances: p.clearances,
        flags: p.roleFlags.map(() => named[at++]!).map(({ code, severity, message, acknowledgement, evidence }) => ({
          code,
          severity,
          message,
          acknowledgement: acknowledgement ?? null,
          // The PHQ-9 a self-harm response answers; other flags do not need their evidence on a list.
          assessmentId: code === "safety_self_harm" ? (evidence.find((ev) => ev.kind === "assessment")?.id ?? null) : null,
        })),
      }));
      const next = input.cursor + items.length;
      return { items, total: page.total, nextCursor: next < page.total ? next : null, counts };
    }),

  /** The caller's booked visits today and for the next seven days. */
  schedule: clinicProcedure("caseload.read").input(noInputSchema).query(async ({ ctx }) => {
    const today = startOfDay(ctx.now());
    const visits = await listAppointmentsForClinician(ctx.db, ctx.user.id, today, addDays(today, 7));
    await ctx.audit({ patientIds: visits.map((v) => v.patientId), entityType: "appointment", detail: { appointments: visits.length } });
    const tomorrow = addDays(today, 1);
    return { today: visits.filter((v) => v.startsAt < tomorrow), week: visits.filter((v) => v.startsAt >= tomorrow) };
  }),
} satisfies TRPCRouterRecord;
