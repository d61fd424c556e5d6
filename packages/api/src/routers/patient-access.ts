import type { TRPCRouterRecord } from "@trpc/server";
import { issueInvitationCode } from "@stepwise/auth";
import {
  hasActivePatientAccount,
  insertInvitation,
  latestInvitation,
  latestPatientAccount,
  patientDisplayName,
  revokeOpenInvitations,
  revokePatientAccount,
  revokeUserSessions,
} from "@stepwise/db";
import { invitationPath, patientAccessStatus, patientRefInputSchema, PreconditionError } from "@stepwise/domain";
import { userTopic } from "../live/topics";
import { patientProcedure } from "../trpc";

/**
 * The patient's own access, as the care team manages it: an invitation (a one-time code shown once),
 * where access stands, and its revocation by the coordinator.
 */
export const patientAccessRouter = {
  /** Where access stands: anyone who reads the record may know whether the patient has their own pages. */
  status: patientProcedure.input(patientRefInputSchema).query(async ({ ctx }) => {
    ctx.authorize("patient.read");
    const [account, invitation] = await Promise.all([latestPatientAccount(ctx.db, ctx.patientId), latestInvitation(ctx.db, ctx.patientId)]);
    return patientAccessStatus(account, invitation, ctx.now());
  }),

  /**
   * A new one-time invitation, valid 7 days; earlier unused ones stop working. The code is returned
   * once, here, to be handed over on the printed handout — it is never stored or audited.
   */
  invite: patientProcedure.input(patientRefInputSchema).mutation(async ({ ctx }) => {
    ctx.authorize("patientAccount.invite");
    if (await hasActivePatientAccount(ctx.db, ctx.patientId)) throw new PreconditionError("This patient already has an account. Revoke it first to invite again.", "patientId");
    const now = ctx.now();
    const issued = await issueInvitationCode(now);
    const patientName = (await patientDisplayName(ctx.db, ctx.patientId)) ?? "";
    const invitation = await ctx.write(
      { entityType: "patient_invitation" },
      async (tx) => {
        const replaced = await revokeOpenInvitations(tx, ctx.patientId, now);
        const row = await insertInvitation(tx, { patientId: ctx.patientId, selector: issued.selector, codeHash: issued.codeHash, createdBy: ctx.user.id, createdAt: now, expiresAt: issued.expiresAt });
        await ctx.event(tx, { entityType: "care_plan", entityId: row.id, eventType: "care_team.patient_invited", summary: `${ctx.user.name} invited the patient to their own pages`, discipline: null });
        return { id: row.id, replaced };
      },
    );
    return { invitationId: invitation.id, patientName, code: issued.code, path: invitationPath(issued.code), validUntil: issued.expiresAt, replaced: invitation.replaced };
  }),

  /** The coordinator ends the patient's access: the link, pending invitations, the account, its sessions and open streams. */
  revoke: patientProcedure.input(patientRefInputSchema).mutation(async ({ ctx }) => {
    ctx.authorize("patientAccount.revoke");
    const now = ctx.now();
    const out = await ctx.write({ entityType: "patient_account" }, async (tx) => {
      const revokedInvitations = await revokeOpenInvitations(tx, ctx.patientId, now);
      const userId = await revokePatientAccount(tx, ctx.patientId, ctx.user.id, now);
      if (!userId && revokedInvitations === 0) throw new PreconditionError("This patient has no account or pending invitation to revoke.", "patientId");
      const revokedSessions = userId ? await revokeUserSessions(tx, userId, "patient_access_revoked") : 0;
      await ctx.event(tx, { entityType: "care_plan", entityId: userId ?? ctx.patientId, eventType: "care_team.patient_access_revoked", summary: `${ctx.user.name} revoked the patient's access to their own pages`, discipline: null });
      return { id: userId, revokedAccount: !!userId, revokedInvitations, revokedSessions };
    });
    // Announced after commit, so that every instance re-reading the user's sessions finds them ended.
    if (out.id) ctx.announce(userTopic(out.id));
    return { revokedAccount: out.revokedAccount, revokedInvitations: out.revokedInvitations, revokedSessions: out.revokedSessions };
  }),
} satisfies TRPCRouterRecord;
