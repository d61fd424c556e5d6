import type { TRPCRouterRecord } from "@trpc/server";
import {
  findCaseOfPatient,
  findLastReview,
  hasProposedOrder,
  listSharedSummariesSince,
  listTeamEventsSince,
  loadCurrentPlanRows,
  loadPlanRows,
  loadPlanSpan,
  RowNotFoundError,
  userNames,
  type PlanRows,
  patientRecordOf,
} from "@stepwise/db";
import {
  addDays,
  caseByFlag,
  caseSummaryInputSchema,
  computeFlags,
  evaluateCandidacy,
  instrumentDefinitions,
  instruments,
  isMeaningfulOdiImprovement,
  isMeaningfulPainImprovement,
  ladderPosition,
  procedureCatalog,
  projectPsychNotes,
  round1,
  visiblePlanEvents,
  type Instrument,
} from "@stepwise/domain";
import { orderLabel, orderTarget, policy, unoverriddenCriteria } from "../../services/procedures";
import { patientProcedure } from "../../trpc";
import { day, meetingView, openMeeting } from "./room";

const DEFAULT_REVIEW_WINDOW_DAYS = 90;

type AssessmentRow = PlanRows["assessments"][number];

function assessmentChange(instrument: Instrument, results: readonly AssessmentRow[]) {
  const first = results[0]!;
  const latest = results.at(-1)!;
  const change = results.length > 1 && first.score !== null && latest.score !== null ? round1(latest.score - first.score) : null;
  const meaningfulImprovement =
    change === null || first.score === null || latest.score === null
      ? null
      : instrument === "nrs" || instrument === "peg3"
        ? isMeaningfulPainImprovement(instrument, first.score, latest.score)
        : instrument === "odi"
          ? isMeaningfulOdiImprovement(first.score, latest.score)
          : null;
  const point = (a: AssessmentRow) => ({ id: a.id, score: a.score, severity: a.severity, administeredAt: a.administeredAt });
  return {
    instrument,
    label: instrumentDefinitions[instrument].label,
    count: results.length,
    first: point(first),
    latest: point(latest),
    change,
    // Every instrument here scores higher for worse.
    trend: change === null ? null : change < 0 ? ("improving" as const) : change > 0 ? ("worsening" as const) : ("unchanged" as const),
    meaningfulImprovement,
  };
}

export const caseSummaryProcedures = {
  /**
   * What changed for this patient since the team last discussed them (else the last 90 days), for
   * a screen the whole room sees: no psychotherapy note and no private event, whoever asks.
   */
  caseSummary: patientProcedure.input(caseSummaryInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    const agendaCase = await findCaseOfPatient(ctx.db, meeting.id, ctx.patientId);
    if (!agendaCase) throw new RowNotFoundError("Case");
    const now = ctx.now();
    const [lastReview, proposal] = await Promise.all([findLastReview(ctx.db, ctx.patientId, meeting), hasProposedOrder(ctx.db, ctx.patientId)]);
    const since = lastReview?.discussedAt ?? addDays(now, -DEFAULT_REVIEW_WINDOW_DAYS);
    // Without an order awaiting its decision: the plan as it stands (every row a flag or the ladder
    // reads, as carePlan.get loads it) and what happened in the span, a cost that follows the span,
    // not the length of the history. With one, its checklist reads the whole record (repeat limits,
    // prior blocks, trials), as approving it does: the whole record then answers everything.
    const [{ rows, span }, summaries, eventRows] = await Promise.all([
      proposal
        ? loadPlanRows(ctx.db, ctx.patientId, ctx.user.id).then((whole) => ({ rows: whole, span: whole }))
        : Promise.all([loadCurrentPlanRows(ctx.db, ctx.patientId, ctx.user.id, now), loadPlanSpan(ctx.db, ctx.patientId, since, now)]).then(([plan, inSpan]) => ({
            rows: plan.rows,
            span: inSpan,
          })),
      listSharedSummariesSince(ctx.db, ctx.patientId, since, 50),
      listTeamEventsSince(ctx.db, ctx.patientId, since, 201),
    ]);
    const viewer = { userId: ctx.user.id, role: ctx.user.role };
    const inWindow = (d: Date | null) => d !== null && d.getTime() >= since.getTime() && d.getTime() <= now.getTime();
    const record = patientRecordOf(rows);
    const proposed = rows.procedures.filter((p) => p.status === "proposed");

    const assessments = instruments.flatMap((instrument) => {
      const results = span.assessments.filter((a) => a.instrument === instrument && inWindow(a.administeredAt));
      return results.length > 0 ? [assessmentChange(instrument, results)] : [];
    });
    const procedures = span.procedures
      .filter((p) => inWindow(p.createdAt) || inWindow(p.performedAt) || inWindow(p.updatedAt))
      .map((p) => ({
        id: p.id,
        procedureType: p.procedureType,
        label: orderLabel(p),
        status: p.status,
        proposedAt: p.createdAt,
        proposedInWindow: inWindow(p.createdAt),
        approvedAt: p.approvedAt,
        scheduledFor: p.scheduledFor,
        performedAt: p.performedAt,
        performedInWindow: inWindow(p.performedAt),
        preProcedurePain: p.preProcedurePain,
        postProcedurePain: p.postProcedurePain,
        reliefPercent: p.reliefPercent,
        reliefDurationDays: p.reliefDurationDays,
        complications: p.complications,
        version: p.version,
      }));
    const sessions = span.therapySessions.filter((s) => day(s.sessionDate) >= day(since) && s.sessionDate.getTime() <= now.getTime());
    const therapySessions = {
      attended: sessions.filter((s) => s.attendance === "attended").length,
      missed: sessions.filter((s) => s.attendance === "no_show").length,
      cancelled: sessions.filter((s) => s.attendance === "cancelled").length,
      minutes: sessions.reduce((sum, s) => sum + s.minutes, 0),
      missedDates: sessions.filter((s) => s.attendance === "no_show").map((s) => s.sessionDate),
    };
    const psychSummaries = projectPsychNotes(
      summaries.filter((n) => n.kind === "shared_summary"),
      viewer,
    ).map((n) => ({ id: n.id, authorId: n.authorId, authorName: n.authorName, body: n.body, createdAt: n.createdAt }));
    // The second guard behind the SQL filter: a room sees no private row and no psychotherapy-note event.
    const events = visiblePlanEvents(eventRows.slice(0, 200), viewer, { room: true });
    const names = await userNames(
      ctx.db,
      events.map((e) => e.actorId),
    );
    const candidacy = proposed.map((p) => {
        const checklist = evaluateCandidacy(p.procedureType, record, policy, now, orderTarget(p));
        const open = unoverriddenCriteria(checklist, p);
        return {
          procedureId: p.id,
          procedureType: p.procedureType,
          label: orderLabel(p),
          ladderStep: procedureCatalog[p.procedureType].ladderStep,
          version: p.version,
          checklist,
          overrides: p.overrides.map((o) => ({ criterionId: o.criterionId, reason: o.reason, at: o.at })),
          openCriteria: open.map((c) => c.id),
          readyToApprove: open.length === 0,
        };
      });
    return {
      meeting: meetingView(meeting),
      case: {
        id: agendaCase.id,
        position: agendaCase.position,
        status: agendaCase.status,
        reason: agendaCase.reason,
        flagCodes: agendaCase.flagCodes,
        discussionNotes: agendaCase.discussionNotes,
        discussedAt: agendaCase.discussedAt,
        version: agendaCase.version,
      },
      since,
      sinceSource: lastReview?.discussedAt ? ("last_review" as const) : ("default_window" as const),
      lastReview: lastReview ?? null,
      assessments,
      procedures,
      therapySessions,
      psychSummaries,
      events: events.map((e) => ({
        id: e.id,
        occurredAt: e.occurredAt,
        actorId: e.actorId,
        actorName: names.get(e.actorId) ?? null,
        actorRole: e.actorRole,
        entityType: e.entityType,
        entityId: e.entityId,
        eventType: e.eventType,
        summary: e.summary,
      })),
      eventsTruncated: eventRows.length > 200,
      flags: computeFlags({ ...record, actionItems: rows.actionItems }, now, policy),
      /** §6.8: current step and highest reached, as the plan shows them. */
      ladder: ladderPosition(rows.planItems, rows.procedures, now),
      candidacy,
      byFlag: caseByFlag(agendaCase.flagCodes, rows, now),
    };
  }),
} satisfies TRPCRouterRecord;
