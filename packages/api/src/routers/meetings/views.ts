import type { TRPCRouterRecord } from "@trpc/server";
import { listAttendees, listCases, listDecisions, listMeetingActionItems, listMeetings, userNames, type MeetingRow } from "@stepwise/db";
import {
  addDays,
  can,
  disciplineOfRole,
  hasStarted,
  isChair,
  listMeetingsInputSchema,
  mayApply,
  meetingRefInputSchema,
  quorumOf,
  type DecisionChange,
  type DecisionTarget,
  type Role,
} from "@stepwise/domain";
import { meetingProcedure } from "../../trpc";
import { attendeeView, caseView, meetingView, openMeeting, roomRoles } from "./room";

type DecisionWithNames = Awaited<ReturnType<typeof listDecisions>>[number];

/** Whether this viewer could confirm a proposal, judged from what the proposal says it changes. */
function targetOfProposal(d: DecisionWithNames): DecisionTarget | null {
  const change: DecisionChange | null = d.proposal;
  if (!change || !d.ownerDiscipline) return null;
  switch (change.kind) {
    case "transition_item":
      return { kind: "transition_item", rowDiscipline: d.ownerDiscipline };
    case "add_goal":
      return { kind: "add_goal", rowDiscipline: change.goal.discipline };
    default:
      return { kind: change.kind };
  }
}

function decisionView(d: DecisionWithNames, role: Role) {
  const target = d.status === "proposed" ? targetOfProposal(d) : null;
  return {
    id: d.id,
    caseId: d.caseId,
    kind: d.kind,
    status: d.status,
    description: d.description,
    ownerDiscipline: d.ownerDiscipline,
    appliedEntityType: d.appliedEntityType,
    appliedEntityId: d.appliedEntityId,
    createdAt: d.createdAt,
    createdBy: d.createdBy,
    createdByName: d.createdByName,
    decidedByName: d.decidedByName,
    decidedAt: d.decidedAt,
    declineReason: d.declineReason,
    version: d.version,
    canConfirm: target !== null && mayApply(role, target),
  };
}

async function namesFor(ctx: { db: Parameters<typeof userNames>[0] }, m: MeetingRow) {
  return userNames(ctx.db, [m.chairId, m.recorderId ?? m.chairId]);
}

export const viewProcedures = {
  /** Open meetings (soonest first) and recently closed ones: all of them for the coordinator, one's own for attendees. */
  list: meetingProcedure.input(listMeetingsInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const canManage = can(ctx.user.role, "meeting.manage");
    const page = await listMeetings(ctx.db, {
      viewerId: ctx.user.id,
      attendedOnly: !canManage,
      recentSince: addDays(ctx.now(), -input.recentDays),
      limit: input.limit,
    });
    const shape = (m: (typeof page.upcoming)[number]) => ({
      ...meetingView(m),
      attendeeCount: m.attendeeCount,
      caseCount: m.caseCount,
      myAttendance: m.myAttendeeId === null ? null : { attended: m.myAttended, signedOffAt: m.mySignedOffAt },
    });
    await ctx.audit({ patientIds: [], entityType: "meeting", detail: { meetingIds: [...page.upcoming, ...page.recent].map((m) => m.id) } });
    return { upcoming: page.upcoming.map(shape), recent: page.recent.map(shape) };
  }),

  /** The room: who is there, quorum, each case with what was decided so far, and what this viewer may do. */
  get: meetingProcedure.input(meetingRefInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { meeting, attendee, canManage } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    const [attendees, cases, decisions, names] = await Promise.all([
      listAttendees(ctx.db, meeting.id),
      listCases(ctx.db, meeting.id, ctx.user.id),
      listDecisions(ctx.db, meeting.id),
      namesFor(ctx, meeting),
    ]);
    await ctx.audit({ patientIds: cases.filter((c) => c.onViewerTeam).map((c) => c.patientId), entityType: "meeting", entityId: meeting.id });
    const open = meeting.status !== "closed";
    const started = hasStarted(meeting, ctx.now());
    const chair = isChair(meeting, ctx.user.id);
    return {
      meeting: { ...meetingView(meeting), ...roomRoles(meeting, attendees, names) },
      attendees: attendees.map(attendeeView),
      quorum: quorumOf(attendees),
      cases: cases.map((c) => {
        const view = caseView(c, canManage);
        if (!view.visible) return view;
        return { ...view, decisions: decisions.filter((d) => d.caseId === c.id).map((d) => decisionView(d, ctx.user.role)) };
      }),
      viewer: {
        canManage,
        isChair: chair,
        isAttendee: attendee !== undefined,
        discipline: disciplineOfRole(ctx.user.role),
        allowed: {
          recordDecision: open && (canManage || attendee !== undefined),
          markAttendance: open && chair,
          close: open && canManage && started,
          signOff: started && attendee?.attended === true && attendee.signedOffAt === null,
        },
      },
    };
  }),

  /**
   * The minutes: each patient by name, MRN and date of birth; chair and recorder; attendance and
   * sign-offs; decisions with their status, unconfirmed proposals apart; quorum as it stood at closing.
   * A case off the caller's teams is a bare slot.
   */
  minutes: meetingProcedure.input(meetingRefInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { meeting, canManage } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    const [attendees, cases, decisions, items, names] = await Promise.all([
      listAttendees(ctx.db, meeting.id),
      listCases(ctx.db, meeting.id, ctx.user.id),
      listDecisions(ctx.db, meeting.id),
      listMeetingActionItems(ctx.db, meeting.id),
      namesFor(ctx, meeting),
    ]);
    const visible = cases.filter((c) => c.onViewerTeam);
    await ctx.audit({ patientIds: visible.map((c) => c.patientId), entityType: "meeting", entityId: meeting.id, detail: { minutes: true } });
    return {
      meeting: { ...meetingView(meeting), ...roomRoles(meeting, attendees, names) },
      attendance: attendees.map(attendeeView),
      signOffs: attendees.filter((a) => a.signedOffAt !== null).map((a) => ({ userId: a.userId, name: a.name, signedOffAt: a.signedOffAt })),
      quorum: meeting.closingQuorum ?? { ...quorumOf(attendees), acknowledged: false },
      cases: cases.map((c) => {
        const view = caseView(c, canManage);
        if (!view.visible) return view;
        const mine = decisions.filter((d) => d.caseId === c.id).map((d) => decisionView(d, ctx.user.role));
        return {
          ...view,
          decisions: mine.filter((d) => d.status !== "proposed"),
          proposals: mine.filter((d) => d.status === "proposed"),
          actionItems: items
            .filter((i) => i.patientId === c.patientId)
            .map((i) => ({ id: i.id, description: i.description, ownerId: i.ownerId, ownerName: i.ownerName, dueDate: i.dueDate, status: i.status, version: i.version })),
        };
      }),
    };
  }),
} satisfies TRPCRouterRecord;
