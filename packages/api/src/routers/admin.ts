import type { TRPCRouterRecord } from "@trpc/server";
import { issueResetCode } from "@stepwise/auth";
import {
  clearLoginFailures,
  findUserById,
  findUserByEmail,
  insertAccountNotice,
  insertResetCode,
  insertUser,
  listAudit,
  listUsers,
  markPasswordReset,
  removeUserMfa,
  revokeOpenResetCodes,
  revokeUserSessions,
  updateUser,
} from "@stepwise/db";
import {
  auditLogInputSchema,
  ConflictError,
  createUserInputSchema,
  noInputSchema,
  NotFoundError,
  PreconditionError,
  redactAuditDetail,
  resetPasswordInputSchema,
  setUserActiveInputSchema,
  userRefInputSchema,
} from "@stepwise/domain";
import { clinicProcedure } from "../trpc";
import { userTopic } from "../live/topics";

export const adminRouter = {
  listUsers: clinicProcedure("user.manage").input(noInputSchema).query(async ({ ctx }) => {
    const rows = await listUsers(ctx.db);
    await ctx.audit({ patientIds: [], entityType: "user" });
    const now = ctx.now();
    return rows.map((u) => ({ ...u, locked: !!u.lockedUntil && u.lockedUntil > now }));
  }),

  /** A new account signs in first with a one-time code (returned once, like a reset's) and chooses its own password. */
  createUser: clinicProcedure("user.manage")
    .input(createUserInputSchema)
    .mutation(async ({ ctx, input }) => {
      if (await findUserByEmail(ctx.db, input.email)) throw new ConflictError("An account with this email already exists.", { field: "email" });
      const now = ctx.now();
      const issued = await issueResetCode(now);
      return ctx.write(
        async (tx) => {
          const user = await insertUser(tx, { email: input.email.toLowerCase(), name: input.name, role: input.role, passwordHash: issued.unusablePasswordHash, mustChangePassword: true });
          await insertResetCode(tx, { userId: user.id, codeHash: issued.codeHash, createdBy: ctx.user.id, createdAt: now, expiresAt: issued.expiresAt });
          return { id: user.id, email: user.email, name: user.name, role: user.role, active: user.active, code: issued.code, expiresAt: issued.expiresAt };
        },
        // The code itself is never audited.
        (user) => ({ patientIds: [], entityType: "user", entityId: user.id, detail: { expiresAt: issued.expiresAt.toISOString() } }),
      );
    }),

  setActive: clinicProcedure("user.manage")
    .input(setUserActiveInputSchema)
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.user.id && !input.active) throw new PreconditionError("You cannot deactivate your own account.", "userId");
      // Announced after commit, so that every instance re-reading the user's sessions finds them ended.
      if (!input.active) ctx.announce(userTopic(input.userId));
      const { revoked: _revoked, ...result } = await ctx.write(
        async (tx) => {
          const user = await updateUser(tx, input.userId, input.expectedVersion, { active: input.active });
          const revoked = input.active ? 0 : await revokeUserSessions(tx, input.userId, "deactivated");
          return { id: user.id, active: user.active, version: user.version, revoked };
        },
        (out) => ({ patientIds: [], entityType: "user", entityId: input.userId, detail: { active: input.active, revokedSessions: out.revoked } }),
      );
      return result;
    }),

  /**
   * A reset never lets the administrator choose (or learn) a password: it issues a one-time code,
   * returned once to be handed over, valid for resetCodePolicy.validityMs. In one transaction the
   * user's earlier codes are revoked, the old password stops working, a new one must be chosen at
   * the next sign-in, every session ends, the lockout is cleared and the user is told who did it.
   * Two-factor sign-in stays as it is (removeMfa is its own action).
   */
  resetPassword: clinicProcedure("user.manage")
    .input(resetPasswordInputSchema)
    .mutation(async ({ ctx, input }) => {
      const existing = await findUserById(ctx.db, input.userId);
      if (!existing) throw new NotFoundError("User", "userId");
      if (existing.id === ctx.user.id) throw new PreconditionError("Change your own password from your account page.", "userId");
      const now = ctx.now();
      const issued = await issueResetCode(now);
      // Announced after commit, so that every instance re-reading the user's sessions finds them ended.
      ctx.announce(userTopic(existing.id));
      await ctx.write(
        async (tx) => {
          const revokedCodes = await revokeOpenResetCodes(tx, existing.id, now);
          await insertResetCode(tx, { userId: existing.id, codeHash: issued.codeHash, createdBy: ctx.user.id, createdAt: now, expiresAt: issued.expiresAt });
          await markPasswordReset(tx, existing.id, issued.unusablePasswordHash);
          const revokedSessions = await revokeUserSessions(tx, existing.id, "password_reset");
          await clearLoginFailures(tx, existing.email);
          await insertAccountNotice(tx, { userId: existing.id, kind: "password_reset", actorId: ctx.user.id, at: now });
          return { revokedCodes, revokedSessions };
        },
        // The code itself is never audited.
        (out) => ({ patientIds: [], entityType: "user", entityId: existing.id, detail: { ...out, expiresAt: issued.expiresAt.toISOString() } }),
      );
      return { userId: existing.id, name: existing.name, code: issued.code, expiresAt: issued.expiresAt };
    }),

  /** Removes a user's two-factor sign-in (lost device): the second factor and its recovery codes go, every session ends, the user is told. */
  removeMfa: clinicProcedure("user.manage")
    .input(userRefInputSchema)
    .mutation(async ({ ctx, input }) => {
      const existing = await findUserById(ctx.db, input.userId);
      if (!existing) throw new NotFoundError("User", "userId");
      if (existing.id === ctx.user.id) throw new PreconditionError("Another administrator must remove your own two-factor sign-in.", "userId");
      const now = ctx.now();
      ctx.announce(userTopic(existing.id));
      const { revokedSessions } = await ctx.write(
        async (tx) => {
          if (!(await removeUserMfa(tx, existing.id))) throw new PreconditionError("This account has no two-factor sign-in to remove.", "userId");
          const revoked = await revokeUserSessions(tx, existing.id, "mfa_removed");
          await insertAccountNotice(tx, { userId: existing.id, kind: "mfa_removed", actorId: ctx.user.id, at: now });
          return { revokedSessions: revoked };
        },
        (out) => ({ patientIds: [], entityType: "user", entityId: existing.id, detail: { revokedSessions: out.revokedSessions } }),
      );
      return { ok: true, revokedSessions };
    }),

  unlock: clinicProcedure("user.manage")
    .input(userRefInputSchema)
    .mutation(async ({ ctx, input }) => {
      const existing = await findUserById(ctx.db, input.userId);
      if (!existing) throw new NotFoundError("User", "userId");
      await ctx.write(
        (tx) => clearLoginFailures(tx, existing.email),
        () => ({ patientIds: [], entityType: "user", entityId: existing.id }),
      );
      return { ok: true };
    }),

  /** The audit log, filtered. Reading it is itself audited; rows name ids and actions, never clinical content (detail through the allow-list). */
  audit: clinicProcedure("audit.read")
    .input(auditLogInputSchema)
    .query(async ({ ctx, input }) => {
      const { cursor, direction: _direction, ...filter } = input;
      const rows = await listAudit(ctx.db, { ...filter, beforeId: cursor });
      await ctx.audit({ patientIds: [], entityType: "audit_log", detail: { filter: { ...input, from: input.from?.toISOString(), to: input.to?.toISOString() } } });
      // Free text in a detail (override reasons, searches, notes) never leaves the server: see redactAuditDetail.
      return { items: rows.map((r) => ({ ...r, detail: redactAuditDetail(r.detail) })), nextCursor: rows.length === input.limit ? rows.at(-1)!.id : null };
    }),
} satisfies TRPCRouterRecord;
