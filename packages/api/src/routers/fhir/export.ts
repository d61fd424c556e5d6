import type { TRPCRouterRecord } from "@trpc/server";

export const exportProcedures = {} satisfies TRPCRouterRecord;
