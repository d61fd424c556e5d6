import type { TRPCRouterRecord } from "@trpc/server";
import { listUnseenNotices, markNoticesSeen } from "@stepwise/db";
import { acknowledgeNoticesInputSchema, noInputSchema } from "@stepwise/domain";
import { clinicProcedure } from "../trpc";

/**
 * What someone else did to the signed-in user's own account (a password reset, two-factor sign-in
 * removed): shown after sign-in until the user acknowledges it. Only ever the caller's own notices.
 */
export const noticesRouter = {
  mine: clinicProcedure()
    .input(noInputSchema)
    .query(async ({ ctx }) => {
      const rows = await listUnseenNotices(ctx.db, ctx.user.id);
      await ctx.audit({ patientIds: [], entityType: "account_notice", detail: { rows: rows.length } });
      return rows;
    }),

  acknowledge: clinicProcedure()
    .input(acknowledgeNoticesInputSchema)
    .mutation(async ({ ctx, input }) => {
      const seen = await ctx.write(
        (tx) => markNoticesSeen(tx, ctx.user.id, input.noticeIds, ctx.now()),
        (ids) => ({ patientIds: [], entityType: "account_notice", detail: { noticeIds: ids } }),
      );
      return { seen: seen.length };
    }),
} satisfies TRPCRouterRecord;
