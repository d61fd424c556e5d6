import type { TRPCRouterRecord } from "@trpc/server";
import { addCareTeamMember, findUserById, getPatientWithTeam, listUsers, removeCareTeamMember, setCareTeamLead } from "@stepwise/db";
import { careTeamMemberInputSchema, clinicalRoles, DomainError, patientRefInputSchema, type ClinicalRole } from "@stepwise/domain";
import { patientProcedure } from "../trpc";

function isClinical(role: string): role is ClinicalRole {
  return (clinicalRoles as readonly string[]).includes(role);
}

export const careTeamRouter = {
  /** The team and the active clinicians who could join it. */
  get: patientProcedure.input(patientRefInputSchema).query(async ({ ctx }) => {
    ctx.authorize("patient.read");
    const found = await getPatientWithTeam(ctx.db, ctx.patientId);
    const onTeam = new Set(found?.team.map((m) => m.userId));
    const candidates = ctx.membership.role === "coordinator" ? (await listUsers(ctx.db)).filter((u) => u.active && isClinical(u.role) && !onTeam.has(u.id)) : [];
    return { team: found?.team ?? [], candidates: candidates.map(({ id, name, role }) => ({ id, name, role })) };
  }),

  add: patientProcedure.input(careTeamMemberInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("careTeam.manage");
    const user = await findUserById(ctx.db, input.userId);
    if (!user || !user.active) throw new DomainError("BAD_REQUEST", "No active user with that id.", "userId");
    const role = user.role;
    if (!isClinical(role)) throw new DomainError("BAD_REQUEST", "Only clinicians and coordinators join a care team.", "userId");
    return ctx.write({ entityType: "care_team", entityId: input.userId }, async (tx) => {
      const row = await addCareTeamMember(tx, { patientId: input.patientId, userId: input.userId, role });
      if (!row) throw new DomainError("PRECONDITION_FAILED", `${user.name} is already on the care team.`, "userId");
      await ctx.event(tx, { entityType: "care_plan", entityId: row.id, eventType: "care_team.added", summary: `${user.name} joined the care team`, discipline: null });
      return row;
    });
  }),

  remove: patientProcedure.input(careTeamMemberInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("careTeam.manage");
    return ctx.write({ entityType: "care_team", entityId: input.userId }, async (tx) => {
      const removed = await removeCareTeamMember(tx, input.patientId, input.userId);
      if (!removed) throw new DomainError("NOT_FOUND", "That user is not on the care team.", "userId");
      if (removed.isLead) throw new DomainError("PRECONDITION_FAILED", "Choose another lead before removing the current lead.", "userId");
      const user = await findUserById(tx, input.userId);
      await ctx.event(tx, { entityType: "care_plan", entityId: removed.id, eventType: "care_team.removed", summary: `${user?.name ?? "A member"} left the care team`, discipline: null });
      return removed;
    });
  }),

  setLead: patientProcedure.input(careTeamMemberInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("careTeam.manage");
    return ctx.write({ entityType: "care_team", entityId: input.userId }, async (tx) => {
      const row = await setCareTeamLead(tx, input.patientId, input.userId);
      if (!row) throw new DomainError("NOT_FOUND", "That user is not on the care team.", "userId");
      const user = await findUserById(tx, input.userId);
      await ctx.event(tx, { entityType: "care_plan", entityId: row.id, eventType: "care_team.lead", summary: `${user?.name ?? "A member"} now leads the care team`, discipline: null });
      return row;
    });
  }),
} satisfies TRPCRouterRecord;
