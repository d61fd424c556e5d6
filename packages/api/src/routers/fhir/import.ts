import type { TRPCRouterRecord } from "@trpc/server";

export const importProcedures = {} satisfies TRPCRouterRecord;
