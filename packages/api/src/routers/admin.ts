import type { TRPCRouterRecord } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import { hashPassword } from "@stepwise/auth";
import { clearLoginFailures, findUserById, findUserByEmail, insertUser, listAudit, listUsers, revokeUserSessions, updateUser, writeAudit } from "@stepwise/db";
import {
  auditLogInputSchema,
  can,
  createUserInputSchema,
  noInputSchema,
  resetPasswordInputSchema,
  setUserActiveInputSchema,
  userRefInputSchema,
  type Action,
} from "@stepwise/domain";
import { authedProcedure } from "../trpc";
import { userTopic } from "../live/topics";

/** Clinic-wide actions (accounts, audit): the permission matrix decides, and every call is audited. */
const clinicProcedure = (action: Action) =>
  authedProcedure.use(async ({ ctx, next, path }) => {
    if (!can(ctx.user.role, action, { userId: ctx.user.id })) {
      await writeAudit(ctx.db, { actorId: ctx.user.id, actorRole: ctx.user.role, action: path, outcome: "denied" });
      throw new TRPCError({ code: "FORBIDDEN", message: `${ctx.user.role} may not ${action}` });
    }
    return next();
  });

export const adminRouter = {
  listUsers: clinicProcedure("user.manage").input(noInputSchema).query(async ({ ctx }) => {
    const rows = await listUsers(ctx.db);
    await writeAudit(ctx.db, { actorId: ctx.user.id, actorRole: ctx.user.role, action: "admin.listUsers", outcome: "success", entityType: "user" });
    const now = ctx.now();
    return rows.map((u) => ({ ...u, locked: !!u.lockedUntil && u.lockedUntil > now }));
  }),

  createUser: clinicProcedure("user.manage")
    .input(createUserInputSchema)
    .mutation(async ({ ctx, input }) => {
      if (await findUserByEmail(ctx.db, input.email)) throw new TRPCError({ code: "CONFLICT", message: "An account with this email already exists." });
      const passwordHash = await hashPassword(input.password);
      return ctx.db.transaction(async (tx) => {
        const user = await insertUser(tx, { email: input.email.toLowerCase(), name: input.name, role: input.role, passwordHash });
        await writeAudit(tx, { actorId: ctx.user.id, actorRole: ctx.user.role, action: "admin.createUser", outcome: "success", entityType: "user", entityId: user.id });
        return { id: user.id, email: user.email, name: user.name, role: user.role, active: user.active };
      });
    }),

  setActive: clinicProcedure("user.manage")
    .input(setUserActiveInputSchema)
    .mutation(async ({ ctx, input }) => {
      if (input.userId === ctx.user.id && !input.active) throw new TRPCError({ code: "PRECONDITION_FAILED", message: "You cannot deactivate your own account." });
      const result = await ctx.db.transaction(async (tx) => {
        const user = await updateUser(tx, input.userId, input.expectedVersion, { active: input.active });
        const revoked = input.active ? 0 : await revokeUserSessions(tx, input.userId, "deactivated");
        await writeAudit(tx, { actorId: ctx.user.id, actorRole: ctx.user.role, action: "admin.setActive", outcome: "success", entityType: "user", entityId: input.userId, detail: { active: input.active, revokedSessions: revoked } });
        return { id: user.id, active: user.active, version: user.version };
      });
      // After commit, so that every instance re-reading the user's sessions finds them ended.
      if (!input.active) await ctx.bus.publish(userTopic(input.userId));
      return result;
    }),

  resetPassword: clinicProcedure("user.manage")
    .input(resetPasswordInputSchema)
    .mutation(async ({ ctx, input }) => {
      const existing = await findUserById(ctx.db, input.userId);
      if (!existing) throw new TRPCError({ code: "NOT_FOUND", message: "User not found." });
      const passwordHash = await hashPassword(input.password);
      await ctx.db.transaction(async (tx) => {
        await updateUser(tx, existing.id, existing.version, { passwordHash });
        await revokeUserSessions(tx, existing.id, "password_reset");
        await clearLoginFailures(tx, existing.email);
        await writeAudit(tx, { actorId: ctx.user.id, actorRole: ctx.user.role, action: "admin.resetPassword", outcome: "success", entityType: "user", entityId: existing.id });
      });
      return { ok: true };
    }),

  unlock: clinicProcedure("user.manage")
    .input(userRefInputSchema)
    .mutation(async ({ ctx, input }) => {
      const existing = await findUserById(ctx.db, input.userId);
      if (!existing) throw new TRPCError({ code: "NOT_FOUND", message: "User not found." });
      await ctx.db.transaction(async (tx) => {
        await clearLoginFailures(tx, existing.email);
        await writeAudit(tx, { actorId: ctx.user.id, actorRole: ctx.user.role, action: "admin.unlock", outcome: "success", entityType: "user", entityId: existing.id });
      });
      return { ok: true };
    }),

  /** The audit log, filtered. Reading it is itself audited; rows name ids and actions, never clinical content. */
  audit: clinicProcedure("audit.read")
    .input(auditLogInputSchema)
    .query(async ({ ctx, input }) => {
      const { cursor, direction: _direction, ...filter } = input;
      const rows = await listAudit(ctx.db, { ...filter, beforeId: cursor });
      await writeAudit(ctx.db, { actorId: ctx.user.id, actorRole: ctx.user.role, action: "admin.audit", outcome: "success", entityType: "audit_log", detail: { filter: { ...input, from: input.from?.toISOString(), to: input.to?.toISOString() } } });
      return { items: rows, nextCursor: rows.length === input.limit ? rows.at(-1)!.id : null };
    }),
} satisfies TRPCRouterRecord;
