import type { TRPCRouterRecord } from "@trpc/server";
import { agendaProcedures } from "./agenda";
import { caseSummaryProcedures } from "./case-summary";
import { closingProcedures } from "./closing";
import { decisionProcedures } from "./decisions";
import { viewProcedures } from "./views";

// A team review meeting, from scheduling to minutes; each file holds one part of the room.
export const meetingsRouter = {
  ...viewProcedures,
  ...agendaProcedures,
  ...caseSummaryProcedures,
  ...decisionProcedures,
  ...closingProcedures,
} satisfies TRPCRouterRecord;

