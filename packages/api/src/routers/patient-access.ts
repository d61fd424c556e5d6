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
  writeAudit,
} from "@stepwise/db";
import { invitationPath, inviteInputSchema, patientAccessStatus, patientRefInputSchema, PreconditionError } from "@stepwise/domain";
import { userTopic } from "../live/topics";
import { invitationMailSettings, sendInvitationMail } from "../services/invitation-mail";
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
   * once, here, to be handed over on the printed handout — it is never stored or audited. When the
   * clinic e-mails invitations and an address is given, it is sent after the commit; a failed send
   * is audited and told to the clinician, and the invitation (and its handout) stands.
   */
  invite: patientProcedure.input(inviteInputSchema).mutation(async ({ ctx, input }) => {
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
    const issuedOut = { invitationId: invitation.id, patientName, code: issued.code, path: invitationPath(issued.code), validUntil: issued.expiresAt, replaced: invitation.replaced };
    const mail = invitationMailSettings();
    if (!mail || !input.email) return { ...issuedOut, emailed: null };
    const audit = { actorId: ctx.user.id, actorRole: ctx.user.role, action: "patientAccess.inviteEmail", patientId: ctx.patientId, entityType: "patient_invitation", entityId: invitation.id };
    try {
      await sendInvitationMail(mail, { to: input.email, patientName, code: issued.code, path: issuedOut.path, validUntil: issued.expiresAt });
    } catch (error) {
      // The address stays out of the log: only that the send failed, and the mail server's error code.
      const code = error && typeof error === "object" && "code" in error ? String((error as { code: unknown }).code) : "unknown";
      await writeAudit(ctx.db, { ...audit, outcome: "failure", detail: { reason: "send_failed", code } });
      return { ...issuedOut, emailed: { sent: false as const } };
    }
    await writeAudit(ctx.db, { ...audit, outcome: "success" });
    return { ...issuedOut, emailed: { sent: true as const } };
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
