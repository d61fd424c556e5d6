import type { TRPCRouterRecord } from "@trpc/server";
import { insertRow, listAssessments, pageAssessments, schema } from "@stepwise/db";
import {
  assessmentPageInputSchema,
  instrumentDefinitions,
  listAssessmentsInputSchema,
  historyPageOf,
  submitAssessmentInputSchema,
  type Instrument,
  type InstrumentScore,
} from "@stepwise/domain";
import { clinicalDates, patientProcedure } from "../trpc";
import { scoredAssessment } from "../services/assessments";

const sameUtcDay = (a: Date, b: Date): boolean => a.toISOString().slice(0, 10) === b.toISOString().slice(0, 10);

function scoreSummary(instrument: Instrument, scored: InstrumentScore): string {
  const label = instrumentDefinitions[instrument].label;
  if (scored.score === null) return `${label} recorded: incomplete, not scored`;
  const band = scored.severity ? ` (${scored.severity.replace("_", " ")})` : "";
  const safety = scored.safetyFlag ? " — self-harm item positive, urgent review" : "";
  return `${label} recorded: ${scored.score}${band}${safety}`;
}

export const assessmentsRouter = {
  /**
   * Responses only: the server scores them, so a score can never be typed in. administeredAt is the
   * date on the form (clinicalDates refuses the future and dates before the patient's birth); a form
   * of today is stamped with the time it is entered, so the day's scores chart in entry order.
   */
  submit: patientProcedure.input(submitAssessmentInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("assessment.submit", { instrument: input.instrument });
    const { scored, columns } = scoredAssessment(input.instrument, input.responses);
    const now = ctx.now();
    const administeredAt = input.administeredAt === undefined || sameUtcDay(input.administeredAt, now) ? now : input.administeredAt;
    return ctx.write({ entityType: "assessment", detail: { instrument: input.instrument } }, async (tx) => {
      const row = await insertRow(tx, schema.assessments, {
        patientId: input.patientId,
        ...columns,
        administeredAt,
        createdBy: ctx.user.id,
        updatedBy: ctx.user.id,
      });
      await ctx.event(tx, {
        entityType: "assessment",
        entityId: row.id,
        eventType: "assessment.submitted",
        summary: `${scoreSummary(input.instrument, scored)}${administeredAt === now ? "" : ` (administered ${administeredAt.toISOString().slice(0, 10)})`}`,
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

  /** Every result in a date range, oldest first, a page at a time: the charts read their series through it. */
  page: patientProcedure.input(assessmentPageInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("assessment.read");
    const rows = await pageAssessments(ctx.db, { patientId: ctx.patientId, instruments: input.instruments, from: input.from, to: input.to, after: input.cursor, limit: input.limit + 1 });
    return historyPageOf(rows, input.limit);
  }),
} satisfies TRPCRouterRecord;
