import type { TRPCRouterRecord } from "@trpc/server";
import { noInputSchema, roleLabels } from "@stepwise/domain";
import { authedProcedure } from "../trpc";

export const meRouter = {
  get: authedProcedure.input(noInputSchema).query(({ ctx }) => ({ ...ctx.user, roleLabel: roleLabels[ctx.user.role] })),
} satisfies TRPCRouterRecord;
