import type { TRPCRouterRecord } from "@trpc/server";
import { findMembership, getPatientWithTeam, listPatientAccess, writeAudit } from "@stepwise/db";
import { accessReportDefaultDays, accessThrough, addDays, mayReadAccessReport, NotFoundError, patientAccessReportInputSchema, summarizeAccess } from "@stepwise/domain";
import { clinicProcedure } from "../trpc";

/** More accesses than this in one period: the report says it is cut short, the newest shown. */
const maxRows = 2_000;

export const auditRouter = {
  /**
   * Who read or changed one patient's record in a period — the report a patient may ask for: each
   * access with the user, role, action (procedure path), when, and through what (the care team
   * today). The admin may ask for any patient, a coordinator for their own teams' patients;
   * anyone else, or a patient that does not exist, gets NOT_FOUND.
   */
  patientReport: clinicProcedure("audit.patientReport")
    .input(patientAccessReportInputSchema)
    .query(async ({ ctx, input }) => {
      const onTeam = ctx.user.role === "admin" ? false : (await findMembership(ctx.db, input.patientId, ctx.user.id)) !== undefined;
      const found = mayReadAccessReport(ctx.user.role, onTeam) ? await getPatientWithTeam(ctx.db, input.patientId) : undefined;
      if (!found) {
        await writeAudit(ctx.db, { actorId: ctx.user.id, actorRole: ctx.user.role, action: "audit.patientReport", patientId: input.patientId, outcome: "denied", detail: { reason: ctx.user.role === "admin" ? "patient_not_found" : "not_on_care_team" } });
        throw new NotFoundError("Patient", "patientId");
      }
      const to = input.to ?? ctx.now();
      const from = input.from ?? addDays(to, -accessReportDefaultDays);
      const rows = await listPatientAccess(ctx.db, { patientId: input.patientId, from, to, limit: maxRows + 1 });
      await ctx.audit({ patientIds: [input.patientId], entityType: "audit_log", detail: { periodFrom: from.toISOString(), periodTo: to.toISOString(), rows: Math.min(rows.length, maxRows) } });
      const accesses = rows.slice(0, maxRows).map((r) => ({ id: r.id, at: r.at, actorId: r.actorId, actorName: r.actorName, actorRole: r.actorRole, action: r.action, through: accessThrough(r) }));
      const { patient } = found;
      return {
        patient: { id: patient.id, givenName: patient.givenName, familyName: patient.familyName, mrn: patient.mrn, dateOfBirth: patient.dateOfBirth },
        from,
        to,
        truncated: rows.length > maxRows,
        users: summarizeAccess(accesses),
        accesses,
      };
    }),
} satisfies TRPCRouterRecord;
