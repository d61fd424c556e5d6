import type { TRPCRouterRecord } from "@trpc/server";
import { findSafetyProfile, grantReasonsOf, listPatientAccess, loadPatientPlanRows, loadPatientProcedureRows } from "@stepwise/db";
import { accessReportDefaultDays, accessThrough, addDays, noInputSchema, projectAccessReport, projectPatientPlan, projectPatientProcedure } from "@stepwise/domain";
import { selfProcedure } from "../trpc";

/** The newest accesses the patient's report shows; it says when there were more. */
const maxAccessRows = 300;

/**
 * The patient's own view of their record (the portal). Every procedure reaches only the record the
 * session's account is linked to, and returns a projection built in the domain from an allow-list.
 */
export const portalRouter = {
  /** My plan: goals, what each discipline is doing, what is coming up, what to do, the team, summaries marked for them. */
  plan: selfProcedure.input(noInputSchema).query(async ({ ctx }) => {
    ctx.authorize("portal.read");
    const now = ctx.now();
    const rows = await loadPatientPlanRows(ctx.db, ctx.patientId, ctx.user.id, now);
    return projectPatientPlan({ ...rows, patientUserId: ctx.user.id, now });
  }),

  /** My procedures: each order with its handout and what the team needs from the patient (pain diary, blood-thinner hold). */
  procedures: selfProcedure.input(noInputSchema).query(async ({ ctx }) => {
    ctx.authorize("portal.read");
    const now = ctx.now();
    const [{ orders, medications }, safetyProfile] = await Promise.all([loadPatientProcedureRows(ctx.db, ctx.patientId), findSafetyProfile(ctx.db, ctx.patientId)]);
    return orders.map((order) => projectPatientProcedure({ order, medications, safetyProfile, now }));
  }),

  /** Who looked at my record: the same audit read as the coordinator's access report, in plain words, without the patient's own use. */
  accessReport: selfProcedure.input(noInputSchema).query(async ({ ctx }) => {
    ctx.authorize("portal.read");
    const to = ctx.now();
    const from = addDays(to, -accessReportDefaultDays);
    const rows = await listPatientAccess(ctx.db, { patientId: ctx.patientId, from, to, limit: maxAccessRows + 1, excludeActorId: ctx.user.id });
    const shown = rows.slice(0, maxAccessRows);
    const grantIdOf = (detail: Record<string, unknown> | null) => (typeof detail?.grantId === "string" ? detail.grantId : null);
    const accesses = shown.map((r) => ({ id: r.id, at: r.at, actorId: r.actorId, actorName: r.actorName, actorRole: r.actorRole, action: r.action, through: accessThrough(r), grantId: grantIdOf(r.detail) }));
    const grantReasons = await grantReasonsOf(
      ctx.db,
      ctx.patientId,
      accesses.flatMap((a) => (a.grantId ? [a.grantId] : [])),
    );
    return { from, to, truncated: rows.length > maxAccessRows, accesses: projectAccessReport({ accesses, grantReasons, patientUserId: ctx.user.id }) };
  }),
} satisfies TRPCRouterRecord;
