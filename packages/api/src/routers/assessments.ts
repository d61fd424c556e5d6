import type { TRPCRouterRecord } from "@trpc/server";
import { insertRow, listAssessments, schema } from "@stepwise/db";
import {
  instrumentDefinitions,
  listAssessmentsInputSchema,
  scoreInstrument,
  submitAssessmentInputSchema,
  type Instrument,
  type InstrumentScore,
} from "@stepwise/domain";
import { patientProcedure } from "../trpc";

function scoreSummary(instrument: Instrument, scored: InstrumentScore): string {
  const label = instrumentDefinitions[instrument].label;
  if (scored.score === null) return `${label} recorded: incomplete, not scored`;
  const band = scored.severity ? ` (${scored.severity.replace("_", " ")})` : "";
  const safety = scored.safetyFlag ? " — self-harm item positive, urgent review" : "";
  return `${label} recorded: ${scored.score}${band}${safety}`;
}

export const assessmentsRouter = {
  /** Responses only: the server scores them, so a score can never be typed in. */
  submit: patientProcedure.input(submitAssessmentInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("assessment.submit", { instrument: input.instrument });
    const scored = scoreInstrument(input.instrument, input.responses);
    return ctx.write({ entityType: "assessment", detail: { instrument: input.instrument } }, async (tx) => {
      const row = await insertRow(tx, schema.assessments, {
        patientId: input.patientId,
        instrument: input.instrument,
        responses: input.responses,
        score: scored.score,
        severity: scored.severity,
        subscales: scored.subscales,
        safetyFlag: scored.safetyFlag,
        administeredAt: ctx.now(),
        createdBy: ctx.user.id,
        updatedBy: ctx.user.id,
      });
      await ctx.event(tx, {
        entityType: "assessment",
        entityId: row.id,
        eventType: "assessment.submitted",
        summary: scoreSummary(input.instrument, scored),
        discipline: ctx.discipline,
        entityVersion: 1,
      });
      return row;
    });
  }),

  /** Oldest first, as the charts draw them; the most recent `limit` when there are more. */
  list: patientProcedure.input(listAssessmentsInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("assessment.read");
    return listAssessments(ctx.db, { patientId: ctx.patientId, instrument: input.instrument, from: input.from, to: input.to, limit: input.limit });
  }),
} satisfies TRPCRouterRecord;
