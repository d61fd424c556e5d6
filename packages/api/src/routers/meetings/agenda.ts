import type { TRPCRouterRecord } from "@trpc/server";
import {
  appendCase,
  caseHasRecords,
  deleteCaseVersioned,
  findCase,
  findMeeting,
  insertMeeting,
  listAttendees,
  listCases,
  listLeftoverCases,
  listPatientsOnTeamsOf,
  loadPlanRows,
  loadPlanRowsFor,
  replaceAttendees,
  setCaseOrder,
  touchMeeting,
  updateCaseVersioned,
  updateMeetingVersioned,
  type PlanRows,
  patientRecordOf,
} from "@stepwise/db";
import {
  addCaseInputSchema,
  assertMeetingOpen,
  computeFlags,
  DomainError,
  markDiscussedInputSchema,
  pageOf,
  proposeAgenda,
  proposeAgendaInputSchema,
  removeCaseInputSchema,
  reorderCasesInputSchema,
  scheduleMeetingInputSchema,
  updateAttendeesInputSchema,
  type Flag,
} from "@stepwise/domain";
import { policy } from "../../services/procedures";
import { clinicalDates, meetingProcedure, patientProcedure } from "../../trpc";
import { attendeeView, caseInOpenMeeting, day, eligibleAttendees, meetingView, openMeeting } from "./room";

const agendaFlags = (rows: PlanRows, now: Date): Flag[] =>
  computeFlags({ ...patientRecordOf(rows), actionItems: rows.actionItems }, now, policy).filter((f) => f.agenda);

export const agendaProcedures = {
  /** The scheduling coordinator chairs, and records, unless they hand it on. */
  schedule: meetingProcedure.input(scheduleMeetingInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    if (input.scheduledFor.getTime() <= ctx.now().getTime()) throw new DomainError("BAD_REQUEST", "scheduledFor must be in the future", "scheduledFor");
    const attendeeIds = await eligibleAttendees(ctx.db, input.attendeeIds);
    return ctx.write(
      (tx) =>
        insertMeeting(
          tx,
          {
            title: input.title,
            scheduledFor: input.scheduledFor,
            durationMinutes: input.durationMinutes,
            chairId: ctx.user.id,
            recorderId: null,
            createdBy: ctx.user.id,
            updatedBy: ctx.user.id,
          },
          attendeeIds,
        ),
      (m) => ({ patientIds: [], entityType: "meeting", entityId: m.id, detail: { attendeeIds } }),
    );
  }),

  /** Replaces the attendee list; people who stay keep their rows. */
  updateAttendees: meetingProcedure.input(updateAttendeesInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    const attendeeIds = await eligibleAttendees(ctx.db, input.attendeeIds);
    return ctx.write(
      async (tx) => {
        const meeting = await updateMeetingVersioned(tx, { id: input.meetingId, expectedVersion: input.expectedVersion, actorId: ctx.user.id, now: ctx.now() }, {});
        assertMeetingOpen(meeting);
        await replaceAttendees(tx, meeting.id, attendeeIds);
        const attendees = await listAttendees(tx, meeting.id);
        return { meeting: meetingView(meeting), attendees: attendees.map(attendeeView) };
      },
      (out) => ({ patientIds: [], entityType: "meeting", entityId: out.meeting.id, detail: { attendeeIds } }),
    );
  }),

  /**
   * Patients on the coordinator's teams who need the team, a page at a time with the total, so
   * every proposal is reachable. Flags for every patient come from one query per table.
   */
  proposeAgenda: meetingProcedure.input(proposeAgendaInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    assertMeetingOpen(meeting);
    const now = ctx.now();
    const [team, onAgenda, leftovers] = await Promise.all([
      listPatientsOnTeamsOf(ctx.db, ctx.user.id),
      listCases(ctx.db, meeting.id, ctx.user.id),
      listLeftoverCases(ctx.db, ctx.user.id),
    ]);
    const already = new Set(onAgenda.map((c) => c.patientId));
    const candidates = team.filter((p) => !already.has(p.id));
    const records = await loadPlanRowsFor(
      ctx.db,
      candidates.map((p) => p.id),
      ctx.user.id,
    );
    const leftoverOf = new Map<string, (typeof leftovers)[number]>();
    for (const l of leftovers) if (!leftoverOf.has(l.patientId)) leftoverOf.set(l.patientId, l);
    const proposals = proposeAgenda(
      candidates.map((patient) => {
        const rows = records.get(patient.id);
        const left = leftoverOf.get(patient.id);
        return {
          patientId: patient.id,
          patientName: patient.name,
          flags: rows ? agendaFlags(rows, now) : [],
          leftover: left ? { caseId: left.id, meetingId: left.meetingId, title: left.meetingTitle, scheduledFor: left.meetingScheduledFor, reason: left.reason } : null,
        };
      }),
    );
    const page = pageOf(proposals, input.offset, input.limit);
    await ctx.audit({ patientIds: page.items.map((p) => p.patientId), entityType: "meeting", entityId: meeting.id, detail: { proposals: page.total, offset: input.offset } });
    return page;
  }),

  /** The coordinator adds a patient on their own team; the flags stored with the case are computed, not typed. */
  addCase: patientProcedure.input(addCaseInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    assertMeetingOpen(meeting);
    if (input.carriedFromCaseId) {
      const earlier = await findCase(ctx.db, input.carriedFromCaseId);
      const earlierMeeting = earlier ? await findMeeting(ctx.db, earlier.meetingId) : undefined;
      if (!earlier || earlier.patientId !== ctx.patientId || earlier.status === "discussed" || earlierMeeting?.status !== "closed") {
        throw new DomainError("BAD_REQUEST", "carriedFromCaseId must be this patient's undiscussed case at a closed meeting", "carriedFromCaseId");
      }
    }
    const now = ctx.now();
    const flagCodes = agendaFlags(await loadPlanRows(ctx.db, ctx.patientId, ctx.user.id), now).map((f) => f.code);
    ctx.announce(`meeting:${meeting.id}`);
    return ctx.write({ entityType: "meeting_case", detail: { meetingId: meeting.id } }, async (tx) => {
      const touched = await touchMeeting(tx, meeting.id, ctx.user.id, now);
      assertMeetingOpen(touched);
      const row = await appendCase(tx, {
        meetingId: meeting.id,
        patientId: ctx.patientId,
        reason: input.reason,
        flagCodes,
        carriedFromCaseId: input.carriedFromCaseId ?? null,
        createdBy: ctx.user.id,
        updatedBy: ctx.user.id,
      });
      if (!row) throw new DomainError("CONFLICT", "This patient is already on this meeting's agenda", "patientId");
      await ctx.event(tx, {
        entityType: "meeting",
        entityId: meeting.id,
        eventType: "meeting.case_added",
        summary: `Added to the agenda of ${meeting.title} (${day(meeting.scheduledFor)})`,
        discipline: null,
        entityVersion: null,
      });
      return { ...row, meetingVersion: touched.version };
    });
  }),

  /** Only a case nothing hangs off yet: a discussed case, a decision or an action item belongs to the minutes. */
  removeCase: meetingProcedure.input(removeCaseInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    const { agendaCase, meeting } = await caseInOpenMeeting(ctx, input.caseId);
    const now = ctx.now();
    return ctx.write(
      async (tx) => {
        const touched = await touchMeeting(tx, meeting.id, ctx.user.id, now);
        assertMeetingOpen(touched);
        // Judged on the version the caller read; at any other version the delete below answers CONFLICT.
        const current = await findCase(tx, agendaCase.id);
        if (current?.version === input.expectedVersion && (current.status !== "pending" || (await caseHasRecords(tx, current)))) {
          throw new DomainError("PRECONDITION_FAILED", "This case has been discussed or has decisions or action items; it stays in the minutes.", "caseId");
        }
        const removed = await deleteCaseVersioned(tx, { id: agendaCase.id, meetingId: meeting.id, expectedVersion: input.expectedVersion });
        await ctx.event(tx, removed.patientId, {
          entityType: "meeting",
          entityId: meeting.id,
          eventType: "meeting.case_removed",
          summary: `Removed from the agenda of ${meeting.title} (${day(meeting.scheduledFor)})`,
          discipline: null,
          entityVersion: null,
        });
        return { id: removed.id, meetingId: meeting.id, meetingVersion: touched.version };
      },
      (out) => ({ patientIds: [agendaCase.patientId], entityType: "meeting_case", entityId: out.id, detail: { meetingId: meeting.id } }),
    );
  }),

  /** The whole order at once, against the meeting version it was computed from. */
  reorderCases: meetingProcedure.input(reorderCasesInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    await openMeeting(ctx.db, ctx.user, input.meetingId);
    return ctx.write(
      async (tx) => {
        const meeting = await updateMeetingVersioned(tx, { id: input.meetingId, expectedVersion: input.expectedVersion, actorId: ctx.user.id, now: ctx.now() }, {});
        assertMeetingOpen(meeting);
        const current = await listCases(tx, meeting.id, ctx.user.id);
        const known = new Set(current.map((c) => c.id));
        if (current.length !== input.caseIds.length || !input.caseIds.every((id) => known.has(id))) {
          throw new DomainError("BAD_REQUEST", "caseIds must list every case on the agenda exactly once", "caseIds");
        }
        await setCaseOrder(tx, meeting.id, input.caseIds);
        return { meeting: meetingView(meeting), cases: input.caseIds.map((id, i) => ({ id, position: i + 1 })) };
      },
      (out) => ({ patientIds: [], entityType: "meeting", entityId: out.meeting.id, detail: { caseIds: input.caseIds } }),
    );
  }),

  markDiscussed: meetingProcedure.input(markDiscussedInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { agendaCase, meeting } = await caseInOpenMeeting(ctx, input.caseId);
    const now = ctx.now();
    return ctx.write(
      async (tx) => {
        const current = await findCase(tx, agendaCase.id);
        const row = await updateCaseVersioned(
          tx,
          { id: agendaCase.id, meetingId: meeting.id, expectedVersion: input.expectedVersion, actorId: ctx.user.id, now },
          { status: "discussed", discussionNotes: input.discussionNotes, discussedAt: current?.discussedAt ?? now },
        );
        await ctx.event(tx, row.patientId, {
          entityType: "meeting",
          entityId: meeting.id,
          eventType: "meeting.case_discussed",
          summary: `Discussed at ${meeting.title} (${day(meeting.scheduledFor)})`,
          discipline: null,
          entityVersion: null,
        });
        return row;
      },
      (row) => ({ patientIds: [row.patientId], entityType: "meeting_case", entityId: row.id, detail: { meetingId: meeting.id } }),
    );
  }),
} satisfies TRPCRouterRecord;
