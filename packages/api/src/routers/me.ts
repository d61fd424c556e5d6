import type { TRPCRouterRecord } from "@trpc/server";
import { roleLabels } from "@stepwise/domain";
import { authedProcedure } from "../trpc";

export const meRouter = {
  get: authedProcedure.query(({ ctx }) => ({ ...ctx.user, roleLabel: roleLabels[ctx.user.role] })),
} satisfies TRPCRouterRecord;
