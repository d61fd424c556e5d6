import type { TRPCRouterRecord } from "@trpc/server";
import { recordSafetyResponseInputSchema } from "@stepwise/domain";
import { recordSafetyResponse } from "../services/safety-responses";
import { clinicalDates, patientProcedure } from "../trpc";

export const safetyResponsesRouter = {
  /** §6.9: any clinician on the team records how the patient was reached; the flag shows it to everyone. */
  record: patientProcedure.input(recordSafetyResponseInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("safetyFlag.respond");
    return ctx.write({ entityType: "safety_response", detail: { assessmentId: input.assessmentId, contactMethod: input.contactMethod } }, (tx) =>
      recordSafetyResponse(tx, { patientId: ctx.patientId, actorId: ctx.user.id, now: ctx.now(), event: ctx.event }, input),
    );
  }),
} satisfies TRPCRouterRecord;
