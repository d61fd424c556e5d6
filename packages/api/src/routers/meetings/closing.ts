import type { TRPCRouterRecord } from "@trpc/server";
import {
  appendCase,
  carryOverPendingCases,
  findMeeting,
  findNextScheduledMeeting,
  listAttendees,
  listAwaitingSignOff,
  markAttendanceVersioned,
  signOffAttendee,
  touchMeeting,
  updateMeetingVersioned,
} from "@stepwise/db";
import {
  assertMayClose,
  assertMayMarkAttendance,
  assertMaySignOff,
  carriedReason,
  closeMeetingInputSchema,
  markAttendanceInputSchema,
  meetingRefInputSchema,
  pendingForMeInputSchema,
  quorumOf,
} from "@stepwise/domain";
import { meetingProcedure } from "../../trpc";
import { day, meetingView, openMeeting } from "./room";

export const closingProcedures = {
  /** The chair marks who is in the room, one person at a time; nobody is present until marked. */
  markAttendance: meetingProcedure.input(markAttendanceInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    assertMayMarkAttendance(meeting, ctx.user.id);
    return ctx.write(
      async (tx) => {
        const row = await markAttendanceVersioned(tx, { meetingId: meeting.id, userId: input.userId, expectedVersion: input.expectedVersion }, input.attended);
        return { meetingId: meeting.id, userId: row.userId, attended: row.attended, signedOffAt: row.signedOffAt, version: row.version };
      },
      (out) => ({ patientIds: [], entityType: "meeting_attendee", entityId: meeting.id, detail: { userId: out.userId, attended: out.attended } }),
    );
  }),

  /** Each attendee signs for themselves, from the room or their home; signing twice keeps the first time. */
  signOff: meetingProcedure.input(meetingRefInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { meeting, attendee } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    assertMaySignOff(meeting, attendee, ctx.now());
    return ctx.write(
      async (tx) => {
        const row = await signOffAttendee(tx, meeting.id, ctx.user.id, ctx.now());
        return { meetingId: meeting.id, userId: row.userId, signedOffAt: row.signedOffAt, version: row.version };
      },
      (out) => ({ patientIds: [], entityType: "meeting_attendee", entityId: meeting.id, detail: { signedOffAt: out.signedOffAt } }),
    );
  }),

  /** Meetings that have begun where the caller was present and has not yet signed. */
  mySignOffs: meetingProcedure.input(pendingForMeInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const rows = await listAwaitingSignOff(ctx.db, ctx.user.id, ctx.now(), input.limit);
    await ctx.audit({ patientIds: [], entityType: "meeting", detail: { meetingIds: rows.map((m) => m.id) } });
    return rows.map((m) => meetingView(m));
  }),

  /**
   * Closes the minutes, not before the scheduled start, and without quorum only when acknowledged.
   * Cases not reached are carried over: onto the next scheduled meeting when there is one,
   * otherwise into the next agenda proposal.
   */
  close: meetingProcedure.input(closeMeetingInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    const now = ctx.now();
    const quorum = quorumOf(await listAttendees(ctx.db, meeting.id));
    assertMayClose(meeting, { now, quorum, acknowledgeNoQuorum: input.acknowledgeNoQuorum });
    const carriedPatients: string[] = [];
    return ctx.write(
      async (tx) => {
        // Judged again on what this transaction reads: attendance may have changed since.
        const atClose = quorumOf(await listAttendees(tx, meeting.id));
        assertMayClose((await findMeeting(tx, meeting.id)) ?? meeting, { now, quorum: atClose, acknowledgeNoQuorum: input.acknowledgeNoQuorum });
        const closingQuorum = { ...atClose, acknowledged: !atClose.met && input.acknowledgeNoQuorum };
        const closed = await updateMeetingVersioned(
          tx,
          { id: meeting.id, expectedVersion: input.expectedVersion, actorId: ctx.user.id, now },
          { status: "closed", closedAt: now, closedBy: ctx.user.id, closingQuorum },
        );
        const carried = await carryOverPendingCases(tx, meeting.id, ctx.user.id, now);
        const next = carried.length > 0 ? await findNextScheduledMeeting(tx, closed) : undefined;
        if (next) await touchMeeting(tx, next.id, ctx.user.id, now);
        const carriedOver: { caseId: string; carriedToCaseId: string | null }[] = [];
        for (const c of carried) {
          carriedPatients.push(c.patientId);
          const copy = next
            ? await appendCase(tx, {
                meetingId: next.id,
                patientId: c.patientId,
                reason: carriedReason(closed, c.reason),
                flagCodes: c.flagCodes,
                carriedFromCaseId: c.id,
                createdBy: ctx.user.id,
                updatedBy: ctx.user.id,
              })
            : undefined;
          carriedOver.push({ caseId: c.id, carriedToCaseId: copy?.id ?? null });
          await ctx.event(tx, c.patientId, {
            entityType: "meeting",
            entityId: closed.id,
            eventType: "meeting.case_carried_over",
            summary: next
              ? `Not reached at ${closed.title}; carried over to ${next.title} (${day(next.scheduledFor)})`
              : `Not reached at ${closed.title}; to be proposed for the next meeting`,
            discipline: null,
            entityVersion: null,
          });
        }
        return {
          meeting: meetingView(closed),
          quorum: closingQuorum,
          carriedOver,
          nextMeeting: next ? { id: next.id, title: next.title, scheduledFor: next.scheduledFor } : null,
        };
      },
      (out) => ({
        patientIds: carriedPatients,
        entityType: "meeting",
        entityId: out.meeting.id,
        detail: { carriedOver: out.carriedOver.length, nextMeetingId: out.nextMeeting?.id ?? null, quorumMet: out.quorum.met, acknowledgedNoQuorum: out.quorum.acknowledged },
      }),
    );
  }),
} satisfies TRPCRouterRecord;
