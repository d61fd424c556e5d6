import type { TRPCRouterRecord } from "@trpc/server";
import {
  findDecision,
  findMeeting,
  insertDecision,
  listPendingDecisionsFor,
  recordApplied,
  RowNotFoundError,
  updateDecisionVersioned,
  type DbOrTx,
  type MeetingDecisionRow,
  type MeetingRow,
} from "@stepwise/db";
import {
  assertMayDecide,
  assertMeetingOpen,
  confirmDecisionInputSchema,
  decisionChangeSchema,
  declineDecisionInputSchema,
  disciplineLabels,
  disciplineOfRole,
  ownerDiscipline,
  pendingForMeInputSchema,
  recordDecisionInputSchema,
  statusOnRecord,
  type DecisionChange,
  type RecordDecisionInput,
} from "@stepwise/domain";
import { applyDecision, decisionTarget } from "../../services/meeting-decisions";
import type { PlanChange } from "../../services/plan-changes";
import { clinicalDates, meetingProcedure, patientProcedure } from "../../trpc";
import { caseOfPatient, day, openMeeting } from "./room";

type Caller = Omit<PlanChange, "event" | "now"> & {
  now: () => Date;
  event: PlanChange["event"];
};

/** The plan's own services, with every plan event naming the meeting it was decided at. */
function fromMeeting(c: Caller, meeting: Pick<MeetingRow, "title" | "scheduledFor">): PlanChange {
  const at = `decided at ${meeting.title} (${day(meeting.scheduledFor)})`;
  return { ...c, now: c.now(), event: (tx, e) => c.event(tx, { ...e, summary: `${e.summary} · ${at}` }) };
}

function changeOf(input: RecordDecisionInput): DecisionChange {
  const { patientId: _patientId, meetingId: _meetingId, caseId: _caseId, ...change } = input;
  return decisionChangeSchema.parse(change);
}

/** The decision a confirm or decline names, on the patient the gate checked (NOT_FOUND otherwise). */
async function decisionOfPatient(tx: DbOrTx, decisionId: string, patientId: string): Promise<{ decision: MeetingDecisionRow; meeting: MeetingRow; change: DecisionChange }> {
  const decision = await findDecision(tx, decisionId);
  const meeting = decision?.patientId === patientId ? await findMeeting(tx, decision.meetingId) : undefined;
  const change = decisionChangeSchema.safeParse(decision?.proposal);
  if (!decision || !meeting || !change.success) throw new RowNotFoundError("Decision");
  return { decision, meeting, change: change.data };
}

export const decisionProcedures = {
  /**
   * Any attendee (or the coordinator) records a decision on a case. One the caller may make
   * themselves applies at once through the plan's own services; otherwise it waits, proposed, for
   * its owner discipline to confirm.
   */
  recordDecision: patientProcedure.input(recordDecisionInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    assertMeetingOpen(meeting);
    const agendaCase = await caseOfPatient(ctx.db, input.caseId, meeting.id, ctx.patientId);
    const change = changeOf(input);
    const detail: Record<string, unknown> = { kind: change.kind, meetingId: meeting.id, caseId: agendaCase.id };
    const caller: Caller = { patientId: ctx.patientId, actorId: ctx.user.id, now: ctx.now, event: ctx.event, authorize: ctx.authorize };
    ctx.announce(`meeting:${meeting.id}`);
    return ctx.write({ entityType: "meeting_decision", detail }, async (tx) => {
      const { target, description } = await decisionTarget(tx, ctx.patientId, change);
      const owner = ownerDiscipline(target);
      const recorded = { meetingId: meeting.id, caseId: agendaCase.id, patientId: ctx.patientId, kind: change.kind, createdBy: ctx.user.id, proposal: change, ownerDiscipline: owner };
      Object.assign(detail, { ownerDiscipline: owner });
      if (statusOnRecord(ctx.user.role, target) === "proposed") {
        const row = await insertDecision(tx, { ...recorded, status: "proposed", description });
        await ctx.event(tx, {
          entityType: "meeting",
          entityId: meeting.id,
          eventType: "meeting.decision_proposed",
          summary: `Proposed at ${meeting.title} (${day(meeting.scheduledFor)}): ${description} — for the ${owner ? disciplineLabels[owner] : "team"} to confirm`,
          discipline: ctx.discipline,
          entityVersion: null,
        });
        Object.assign(detail, { status: "proposed" });
        return { ...row, applied: null };
      }
      const applied = await applyDecision(tx, fromMeeting(caller, meeting), change, detail);
      const row = await insertDecision(tx, { ...recorded, ...applied, status: "confirmed", decidedBy: ctx.user.id, decidedAt: ctx.now() });
      if (change.kind === "note") {
        await ctx.event(tx, {
          entityType: "meeting",
          entityId: meeting.id,
          eventType: "meeting.note_recorded",
          summary: `Team note recorded at ${meeting.title} (${day(meeting.scheduledFor)})`,
          discipline: ctx.discipline,
          entityVersion: null,
        });
      }
      Object.assign(detail, { status: "confirmed", appliedEntityType: applied.appliedEntityType, appliedEntityId: applied.appliedEntityId });
      return { ...row, applied };
    });
  }),

  /**
   * A member of the owner discipline confirms a proposal, in the room or later from their home: the
   * version is taken first (of two confirmations read at one version, one wins), then the change is
   * applied through the same services as the plan's own screens.
   */
  confirmDecision: patientProcedure.input(confirmDecisionInputSchema).mutation(async ({ ctx, input }) => {
    const detail: Record<string, unknown> = { decisionId: input.decisionId };
    const caller: Caller = { patientId: ctx.patientId, actorId: ctx.user.id, now: ctx.now, event: ctx.event, authorize: ctx.authorize };
    return ctx.write({ entityType: "meeting_decision", entityId: input.decisionId, detail }, async (tx) => {
      const { decision, meeting, change } = await decisionOfPatient(tx, input.decisionId, ctx.patientId);
      ctx.announce(`meeting:${meeting.id}`);
      const { target } = await decisionTarget(tx, ctx.patientId, change);
      assertMayDecide(ctx.user.role, target, decision, input.expectedVersion);
      const confirmed = await updateDecisionVersioned(tx, { id: decision.id, expectedVersion: input.expectedVersion }, { status: "confirmed", decidedBy: ctx.user.id, decidedAt: ctx.now() });
      const applied = await applyDecision(tx, fromMeeting(caller, meeting), change, detail);
      Object.assign(detail, { meetingId: meeting.id, kind: change.kind, appliedEntityType: applied.appliedEntityType, appliedEntityId: applied.appliedEntityId });
      const row = await recordApplied(tx, confirmed.id, applied);
      return { ...row, applied };
    });
  }),

  /** The owner discipline declines a proposal with a reason; the plan is not touched. */
  declineDecision: patientProcedure.input(declineDecisionInputSchema).mutation(async ({ ctx, input }) => {
    const detail: Record<string, unknown> = { decisionId: input.decisionId };
    return ctx.write({ entityType: "meeting_decision", entityId: input.decisionId, detail }, async (tx) => {
      const { decision, meeting, change } = await decisionOfPatient(tx, input.decisionId, ctx.patientId);
      ctx.announce(`meeting:${meeting.id}`);
      const { target } = await decisionTarget(tx, ctx.patientId, change);
      assertMayDecide(ctx.user.role, target, decision, input.expectedVersion);
      const row = await updateDecisionVersioned(
        tx,
        { id: decision.id, expectedVersion: input.expectedVersion },
        { status: "declined", decidedBy: ctx.user.id, decidedAt: ctx.now(), declineReason: input.reason },
      );
      await ctx.event(tx, {
        entityType: "meeting",
        entityId: meeting.id,
        eventType: "meeting.decision_declined",
        summary: `Declined (from ${meeting.title}, ${day(meeting.scheduledFor)}): ${decision.description} — ${input.reason}`,
        discipline: ctx.discipline,
        entityVersion: null,
      });
      Object.assign(detail, { meetingId: meeting.id, kind: change.kind });
      return row;
    });
  }),

  /** Proposals awaiting the caller's discipline on the patients of their care teams, oldest first. */
  pendingDecisions: meetingProcedure.input(pendingForMeInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const discipline = disciplineOfRole(ctx.user.role);
    const rows = discipline ? await listPendingDecisionsFor(ctx.db, { memberId: ctx.user.id, discipline, limit: input.limit }) : [];
    await ctx.audit({ patientIds: rows.map((r) => r.patientId), entityType: "meeting_decision", detail: { decisionIds: rows.map((r) => r.id) } });
    return rows.map((r) => ({
      id: r.id,
      patient: { id: r.patientId, name: r.patientName },
      meeting: { id: r.meetingId, title: r.meetingTitle, scheduledFor: r.meetingScheduledFor },
      caseId: r.caseId,
      kind: r.kind,
      description: r.description,
      ownerDiscipline: r.ownerDiscipline,
      createdByName: r.createdByName,
      createdAt: r.createdAt,
      version: r.version,
    }));
  }),
} satisfies TRPCRouterRecord;
