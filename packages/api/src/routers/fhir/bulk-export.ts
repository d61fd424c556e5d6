import type { TRPCRouterRecord } from "@trpc/server";

export const bulkExportProcedures = {} satisfies TRPCRouterRecord;
