import { TRPCError, type TRPCRouterRecord } from "@trpc/server";
import type { SessionUser } from "@stepwise/auth";
import {
  appendCase,
  appendEvent,
  carryOverPendingCases,
  caseHasRecords,
  deleteCaseVersioned,
  findAttendee,
  findAttendeeCandidates,
  findCase,
  findCaseOfPatient,
  findLastReview,
  findMeeting,
  findMembership,
  findNextScheduledMeeting,
  getInPatient,
  insertDecision,
  insertMeeting,
  insertRow,
  listAttendees,
  listCases,
  listDecisions,
  listLeftoverCases,
  listMeetingActionItems,
  listMeetings,
  listPatientsOnTeamsOf,
  listSharedSummariesSince,
  listTeamEventsSince,
  loadPlanRows,
  loadPlanRowsFor,
  recordAttendance,
  replaceAttendees,
  RowNotFoundError,
  schema,
  setCaseOrder,
  touchMeeting,
  updateCaseVersioned,
  updateMeetingVersioned,
  updateVersioned,
  userNames,
  writeAuditEntries,
  type Database,
  type DbOrTx,
  type MeetingCaseRow,
  type MeetingRow,
  type NewPlanEvent,
  type PlanEventRow,
  type PlanRows,
  type Tx,
} from "@stepwise/db";
import {
  addDays,
  can,
  clinicalRoles,
  compareFlags,
  computeFlags,
  addCaseInputSchema,
  CASE_REASON_MAX,
  caseSummaryInputSchema,
  closeMeetingInputSchema,
  decide,
  DomainError,
  evaluateCandidacy,
  instrumentDefinitions,
  instruments,
  isMeaningfulOdiImprovement,
  isMeaningfulPainImprovement,
  listMeetingsInputSchema,
  markDiscussedInputSchema,
  meetingRefInputSchema,
  procedureCatalog,
  projectPsychNotes,
  projectTimeline,
  recordDecisionInputSchema,
  removeCaseInputSchema,
  reorderCasesInputSchema,
  round1,
  scheduleMeetingInputSchema,
  timelineEntityTypeSchema,
  transitionTimestamps,
  updateAttendeesInputSchema,
  type Action,
  type Flag,
  type Instrument,
  type Role,
} from "@stepwise/domain";
import { logStrayError, toTRPCError } from "../errors";
import { approveProcedure, orderLabel, orderTarget, patientRecordOf, policy, unoverriddenCriteria } from "../services/procedures";
import { authedProcedure, clinicalDates, patientProcedure } from "../trpc";

// --- the gate for calls that span patients ---------------------------------------------------------

/** What a call read or changed: one audit row per patient, or one row about the meeting alone. */
export interface Touched {
  patientIds: readonly string[];
  entityType: string;
  entityId?: string;
  detail?: Record<string, unknown>;
}

type EventInput = Omit<NewPlanEvent, "patientId" | "actorId" | "actorRole" | "occurredAt">;

/**
 * For meeting and action-item calls that are not about one patient named in the input. Like
 * patientProcedure, no handler can skip the audit: a successful call must have gone through
 * `ctx.audit` (reads) or `ctx.write` (one transaction, its audit rows listed from its result), and
 * a failed one is audited here — against the patients the handler had reached (`ctx.concerns`).
 */
export const meetingProcedure = authedProcedure.use(async ({ ctx, next, path, type, getRawInput }) => {
  const base = { actorId: ctx.user.id, actorRole: ctx.user.role, action: path };
  const concerned = new Set<string>();
  let audited = false;
  const entries = (t: Touched) => {
    const ids: (string | null)[] = t.patientIds.length > 0 ? [...new Set(t.patientIds)] : [null];
    return ids.map((patientId) => ({ ...base, outcome: "success" as const, patientId, entityType: t.entityType, entityId: t.entityId, detail: t.detail }));
  };
  const audit = async (t: Touched): Promise<void> => {
    await writeAuditEntries(ctx.db, entries(t));
    audited = true;
  };
  const write = async <T>(fn: (tx: Tx) => Promise<T>, touched: (out: T) => Touched): Promise<T> => {
    const value = await ctx.db.transaction(async (tx) => {
      const out = await fn(tx);
      await writeAuditEntries(tx, entries(touched(out)));
      return out;
    });
    audited = true;
    return value;
  };
  const authorize = (action: Action) => {
    const decision = decide(ctx.user.role, action, { userId: ctx.user.id });
    if (!decision.allowed) throw new TRPCError({ code: "FORBIDDEN", message: decision.reason });
  };
  const eventPatients = new Set<string>();
  const event = (tx: DbOrTx, patientId: string, e: EventInput): Promise<PlanEventRow> => {
    eventPatients.add(patientId);
    return appendEvent(tx, { ...e, patientId, actorId: ctx.user.id, actorRole: ctx.user.role, occurredAt: ctx.now() });
  };
  const concerns = (patientId: string) => {
    concerned.add(patientId);
  };
  const result = await next({ ctx: { ...ctx, audit, write, authorize, event, concerns } });
  if (!result.ok) {
    const code = toTRPCError(result.error.cause)?.code ?? result.error.code;
    const outcome = code === "FORBIDDEN" ? ("denied" as const) : ("failure" as const);
    const ids: (string | null)[] = concerned.size > 0 ? [...concerned] : [null];
    await writeAuditEntries(ctx.db, ids.map((patientId) => ({ ...base, patientId, outcome, detail: { code } })));
  } else if (!audited) {
    throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: `${path} returned without an audit row` });
  } else if (type === "mutation") {
    // After commit, ids only: open meeting views refetch, patient streams catch up from plan_events.
    const raw = (await getRawInput()) as { meetingId?: unknown } | undefined;
    const data = result.data as { meetingId?: unknown; meeting?: { id?: unknown }; id?: unknown } | undefined;
    const meetingId = [raw?.meetingId, data?.meetingId, data?.meeting?.id].find((v): v is string => typeof v === "string");
    const topics = [...(meetingId ? [`meeting:${meetingId}`] : []), ...[...eventPatients].map((id) => `patient:${id}`)];
    await Promise.all(topics.map((t) => ctx.bus.publish(t))).catch((error: unknown) => logStrayError(error, { path: `${path}:publish`, actorId: ctx.user.id }));
  }
  return result;
});

// --- shared rules ------------------------------------------------------------------------------

/** Shown in place of a patient the caller does not care for. */
export const OTHER_TEAM_LABEL = "Patient on another team";
const DEFAULT_REVIEW_WINDOW_DAYS = 90;
const REASON_MAX = CASE_REASON_MAX;

const day = (d: Date) => d.toISOString().slice(0, 10);
const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

interface Caller {
  db: Database;
  user: SessionUser;
}

/**
 * A meeting is the coordinator's to run and its attendees' to see; to anyone else it does not
 * exist (NOT_FOUND, as for a patient off the caller's team).
 */
export async function openMeeting(db: DbOrTx, user: SessionUser, meetingId: string) {
  const canManage = can(user.role, "meeting.manage");
  const meeting = await findMeeting(db, meetingId);
  const attendee = meeting ? await findAttendee(db, meeting.id, user.id) : undefined;
  if (!meeting || (!canManage && !attendee)) throw new RowNotFoundError("Meeting");
  return { meeting, attendee, canManage };
}

export function assertOpen(meeting: Pick<MeetingRow, "status">): void {
  if (meeting.status === "closed") throw new DomainError("PRECONDITION_FAILED", "This meeting is closed: its minutes are final.", "meetingId");
}

/** A case the caller may act on: it exists and its patient is on the caller's care team (NOT_FOUND otherwise). */
async function caseForMember(ctx: Caller & { concerns: (patientId: string) => void }, caseId: string): Promise<MeetingCaseRow> {
  const found = await findCase(ctx.db, caseId);
  if (!found) throw new RowNotFoundError("Case");
  ctx.concerns(found.patientId);
  if (!(await findMembership(ctx.db, found.patientId, ctx.user.id))) throw new RowNotFoundError("Case");
  return found;
}

/** Attendees must be active users with a clinical role: the people who can act on a case. */
async function eligibleAttendees(db: DbOrTx, requested: readonly string[]): Promise<string[]> {
  const ids = [...new Set(requested)];
  const found = new Map((await findAttendeeCandidates(db, ids)).map((u) => [u.id, u]));
  const clinical: readonly Role[] = clinicalRoles;
  for (const id of ids) {
    const user = found.get(id);
    if (!user || !user.active || !clinical.includes(user.role)) {
      throw new DomainError("BAD_REQUEST", `attendeeIds: ${id} is not an active clinical user`, "attendeeIds");
    }
  }
  return ids;
}

const agendaFlags = (rows: PlanRows, now: Date): Flag[] =>
  computeFlags({ ...patientRecordOf(rows), actionItems: rows.actionItems }, now, policy).filter((f) => f.agenda);

function meetingView(m: MeetingRow) {
  return {
    id: m.id,
    title: m.title,
    scheduledFor: m.scheduledFor,
    durationMinutes: m.durationMinutes,
    status: m.status,
    closedAt: m.closedAt,
    closedBy: m.closedBy,
    version: m.version,
  };
}

type CaseWithVisibility = MeetingCaseRow & { onViewerTeam: boolean; patientName: string | null };

/**
 * A case as this caller may see it. Off the caller's teams it is a numbered slot: no patient id,
 * name, reason or flags; its case id only for whoever runs the meeting (to reorder or remove it).
 */
function caseView(c: CaseWithVisibility, canManage: boolean) {
  if (c.onViewerTeam && c.patientName !== null) {
    return {
      visible: true as const,
      id: c.id,
      position: c.position,
      status: c.status,
      label: c.patientName,
      patientId: c.patientId,
      patientName: c.patientName,
      reason: c.reason,
      flagCodes: c.flagCodes,
      discussionNotes: c.discussionNotes,
      discussedAt: c.discussedAt,
      carriedFromCaseId: c.carriedFromCaseId,
      version: c.version,
    };
  }
  return { visible: false as const, id: canManage ? c.id : null, position: c.position, status: c.status, label: OTHER_TEAM_LABEL };
}

// --- case summary --------------------------------------------------------------------------------

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

/** The second guard behind the SQL filter: event types the domain knows, through the permission matrix. */
function visibleEvents(rows: readonly PlanEventRow[], viewer: { userId: string; role: Role }) {
  const known = rows.flatMap((row) => {
    const entityType = timelineEntityTypeSchema.safeParse(row.entityType);
    if (!entityType.success || row.privateTo !== null) return [];
    // A psych-note event in a room: only shared summaries, whatever the caller may see elsewhere.
    if (entityType.data === "psych_note" && row.psychNoteKind !== "shared_summary") return [];
    return [{ ...row, entityType: entityType.data, psychNoteKind: row.psychNoteKind === "shared_summary" ? ("shared_summary" as const) : null }];
  });
  return projectTimeline(known, viewer);
}

// --- the router ------------------------------------------------------------------------------------

export const meetingsRouter = {
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

  get: meetingProcedure.input(meetingRefInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { meeting, attendee, canManage } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    const [attendees, cases] = await Promise.all([listAttendees(ctx.db, meeting.id), listCases(ctx.db, meeting.id, ctx.user.id)]);
    await ctx.audit({ patientIds: cases.filter((c) => c.onViewerTeam).map((c) => c.patientId), entityType: "meeting", entityId: meeting.id });
    return {
      meeting: meetingView(meeting),
      attendees: attendees.map((a) => ({ userId: a.userId, name: a.name, role: a.role, attended: a.attended, signedOffAt: a.signedOffAt })),
      cases: cases.map((c) => caseView(c, canManage)),
      viewer: { canManage, isAttendee: attendee !== undefined },
    };
  }),

  schedule: meetingProcedure.input(scheduleMeetingInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    if (input.scheduledFor.getTime() <= ctx.now().getTime()) throw new DomainError("BAD_REQUEST", "scheduledFor must be in the future", "scheduledFor");
    const attendeeIds = await eligibleAttendees(ctx.db, input.attendeeIds);
    return ctx.write(
      (tx) =>
        insertMeeting(
          tx,
          { title: input.title, scheduledFor: input.scheduledFor, durationMinutes: input.durationMinutes, createdBy: ctx.user.id, updatedBy: ctx.user.id },
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
        assertOpen(meeting);
        await replaceAttendees(tx, meeting.id, attendeeIds);
        const attendees = await listAttendees(tx, meeting.id);
        return { meeting: meetingView(meeting), attendees: attendees.map((a) => ({ userId: a.userId, name: a.name, role: a.role, attended: a.attended, signedOffAt: a.signedOffAt })) };
      },
      (out) => ({ patientIds: [], entityType: "meeting", entityId: out.meeting.id, detail: { attendeeIds } }),
    );
  }),

  /**
   * Patients on the coordinator's teams who need the team: an agenda flag now, or a case an earlier
   * meeting did not reach. Flags for every patient come from one query per table.
   */
  proposeAgenda: meetingProcedure.input(meetingRefInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    assertOpen(meeting);
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
    const proposals = candidates.flatMap((patient) => {
      const rows = records.get(patient.id);
      const flags = rows ? agendaFlags(rows, now) : [];
      const left = leftoverOf.get(patient.id);
      if (flags.length === 0 && !left) return [];
      const carried = left ? `Not reached at ${left.meetingTitle} (${day(left.meetingScheduledFor)}): ${left.reason}` : null;
      return [
        {
          patientId: patient.id,
          patientName: patient.name,
          reason: clip([...flags.map((f) => f.message), ...(carried ? [carried] : [])].join("; "), REASON_MAX),
          flagCodes: flags.map((f) => f.code),
          flags: flags.map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
          carriedFromCaseId: left?.id ?? null,
          carriedFrom: left ? { meetingId: left.meetingId, title: left.meetingTitle, scheduledFor: left.meetingScheduledFor } : null,
          topFlag: flags[0],
        },
      ];
    });
    proposals.sort(
      (a, b) =>
        (a.topFlag && b.topFlag ? compareFlags(a.topFlag, b.topFlag) : a.topFlag ? -1 : b.topFlag ? 1 : 0) ||
        Number(b.carriedFromCaseId !== null) - Number(a.carriedFromCaseId !== null) ||
        b.flagCodes.length - a.flagCodes.length ||
        a.patientName.localeCompare(b.patientName),
    );
    await ctx.audit({ patientIds: proposals.map((p) => p.patientId), entityType: "meeting", entityId: meeting.id, detail: { proposals: proposals.length } });
    return proposals.map(({ topFlag: _top, ...p }) => p);
  }),

  /** The coordinator adds a patient on their own team; the flags stored with the case are computed, not typed. */
  addCase: patientProcedure.input(addCaseInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    assertOpen(meeting);
    if (input.carriedFromCaseId) {
      const earlier = await findCase(ctx.db, input.carriedFromCaseId);
      const earlierMeeting = earlier ? await findMeeting(ctx.db, earlier.meetingId) : undefined;
      if (!earlier || earlier.patientId !== ctx.patientId || earlier.status === "discussed" || earlierMeeting?.status !== "closed") {
        throw new DomainError("BAD_REQUEST", "carriedFromCaseId must be this patient's undiscussed case at a closed meeting", "carriedFromCaseId");
      }
    }
    const now = ctx.now();
    const flagCodes = agendaFlags(await loadPlanRows(ctx.db, ctx.patientId, ctx.user.id), now).map((f) => f.code);
    return ctx.write({ entityType: "meeting_case", detail: { meetingId: meeting.id } }, async (tx) => {
      const touched = await touchMeeting(tx, meeting.id, ctx.user.id, now);
      assertOpen(touched);
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
    const agendaCase = await caseForMember(ctx, input.caseId);
    const { meeting } = await openMeeting(ctx.db, ctx.user, agendaCase.meetingId);
    assertOpen(meeting);
    const now = ctx.now();
    return ctx.write(
      async (tx) => {
        const touched = await touchMeeting(tx, meeting.id, ctx.user.id, now);
        assertOpen(touched);
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
        return { id: removed.id, meetingVersion: touched.version };
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
        assertOpen(meeting);
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
    const lastReview = await findLastReview(ctx.db, ctx.patientId, meeting);
    const since = lastReview?.discussedAt ?? addDays(now, -DEFAULT_REVIEW_WINDOW_DAYS);
    const [rows, summaries, eventRows] = await Promise.all([
      loadPlanRows(ctx.db, ctx.patientId, ctx.user.id),
      listSharedSummariesSince(ctx.db, ctx.patientId, since, 50),
      listTeamEventsSince(ctx.db, ctx.patientId, since, 201),
    ]);
    const viewer = { userId: ctx.user.id, role: ctx.user.role };
    const inWindow = (d: Date | null) => d !== null && d.getTime() >= since.getTime() && d.getTime() <= now.getTime();
    const record = patientRecordOf(rows);

    const assessments = instruments.flatMap((instrument) => {
      const results = rows.assessments.filter((a) => a.instrument === instrument && inWindow(a.administeredAt));
      return results.length > 0 ? [assessmentChange(instrument, results)] : [];
    });
    const procedures = rows.procedures
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
    const sessions = rows.therapySessions.filter((s) => day(s.sessionDate) >= day(since) && s.sessionDate.getTime() <= now.getTime());
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
    const events = visibleEvents(eventRows.slice(0, 200), viewer);
    const names = await userNames(
      ctx.db,
      events.map((e) => e.actorId),
    );
    const candidacy = rows.procedures
      .filter((p) => p.status === "proposed")
      .map((p) => {
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
      candidacy,
    };
  }),

  /**
   * A decision that changes the plan changes it through the same rules as the plan's own screens,
   * in the same transaction as the decision row that links to it.
   */
  recordDecision: patientProcedure.input(recordDecisionInputSchema).use(clinicalDates).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    assertOpen(meeting);
    const agendaCase = await findCase(ctx.db, input.caseId);
    if (!agendaCase || agendaCase.meetingId !== meeting.id || agendaCase.patientId !== ctx.patientId) throw new RowNotFoundError("Case");
    const now = ctx.now();
    const decided = { meetingId: meeting.id, caseId: agendaCase.id, patientId: ctx.patientId, kind: input.kind, createdBy: ctx.user.id };
    const detail: Record<string, unknown> = { kind: input.kind, meetingId: meeting.id, caseId: agendaCase.id };
    switch (input.kind) {
      case "approve_procedure": {
        ctx.authorize("procedure.approve");
        return ctx.write({ entityType: "meeting_decision", detail }, async (tx) => {
          const row = await approveProcedure(tx, {
            patientId: ctx.patientId,
            id: input.procedureId,
            expectedVersion: input.expectedVersion,
            actorId: ctx.user.id,
            now,
            event: ctx.event,
            auditDetail: detail,
          });
          const decision = await insertDecision(tx, { ...decided, description: `Approved: ${orderLabel(row)}`, appliedEntityType: "procedure", appliedEntityId: row.id });
          Object.assign(detail, { appliedEntityType: "procedure", appliedEntityId: row.id });
          return { ...decision, applied: { entityType: "procedure" as const, procedure: row } };
        });
      }
      case "add_goal": {
        ctx.authorize("goal.create", { rowDiscipline: input.goal.discipline });
        return ctx.write({ entityType: "meeting_decision", detail }, async (tx) => {
          if (input.goal.problemId) await getInPatient(tx, schema.problems, "problem", input.goal.problemId, ctx.patientId);
          const row = await insertRow(tx, schema.goals, { ...input.goal, patientId: ctx.patientId, createdBy: ctx.user.id, updatedBy: ctx.user.id });
          await ctx.event(tx, { entityType: "goal", entityId: row.id, eventType: "goal.created", summary: `Goal added: ${row.description}`, discipline: row.discipline, entityVersion: 1 });
          const decision = await insertDecision(tx, { ...decided, description: `Goal added: ${row.description}`, appliedEntityType: "goal", appliedEntityId: row.id });
          Object.assign(detail, { appliedEntityType: "goal", appliedEntityId: row.id });
          return { ...decision, applied: { entityType: "goal" as const, goal: row } };
        });
      }
      case "transition_item": {
        const { planItemId, expectedVersion, to, reason } = input;
        return ctx.write({ entityType: "meeting_decision", detail }, async (tx) => {
          const existing = await getInPatient(tx, schema.planItems, "Plan item", planItemId, ctx.patientId);
          ctx.authorize("planItem.transition", { rowDiscipline: existing.discipline });
          const times = transitionTimestamps(existing, to, now);
          const row = await updateVersioned(tx, schema.planItems, "plan item", { id: planItemId, patientId: ctx.patientId, expectedVersion, actorId: ctx.user.id, now }, { status: to, ...times });
          const change = `${row.title}: ${existing.status.replace("_", " ")} → ${to.replace("_", " ")}`;
          await ctx.event(tx, {
            entityType: "plan_item",
            entityId: row.id,
            eventType: `plan_item.${to}`,
            summary: `${change}${reason ? ` (${reason})` : ""}`,
            discipline: row.discipline,
            entityVersion: row.version,
          });
          const decision = await insertDecision(tx, { ...decided, description: change, appliedEntityType: "plan_item", appliedEntityId: row.id });
          Object.assign(detail, { appliedEntityType: "plan_item", appliedEntityId: row.id, to });
          return { ...decision, applied: { entityType: "plan_item" as const, planItem: row } };
        });
      }
      case "note": {
        return ctx.write({ entityType: "meeting_decision", detail }, async (tx) => {
          const decision = await insertDecision(tx, { ...decided, description: input.text, appliedEntityType: null, appliedEntityId: null });
          await ctx.event(tx, {
            entityType: "meeting",
            entityId: meeting.id,
            eventType: "meeting.note_recorded",
            summary: `Team note recorded at ${meeting.title} (${day(meeting.scheduledFor)})`,
            discipline: ctx.discipline,
            entityVersion: null,
          });
          return { ...decision, applied: null };
        });
      }
    }
  }),

  markDiscussed: meetingProcedure.input(markDiscussedInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const agendaCase = await caseForMember(ctx, input.caseId);
    const { meeting } = await openMeeting(ctx.db, ctx.user, agendaCase.meetingId);
    assertOpen(meeting);
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

  /**
   * Records attendance and sign-off and closes the minutes. Cases not reached are carried over: onto
   * the next scheduled meeting when there is one, otherwise into the next agenda proposal.
   */
  close: meetingProcedure.input(closeMeetingInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("meeting.manage");
    const { meeting } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    assertOpen(meeting);
    const attendees = await listAttendees(ctx.db, meeting.id);
    const listed = new Map(input.attendance.map((a) => [a.userId, a]));
    if (attendees.length !== input.attendance.length || !attendees.every((a) => listed.has(a.userId))) {
      throw new DomainError("BAD_REQUEST", "attendance must list every attendee of the meeting exactly once", "attendance");
    }
    const now = ctx.now();
    const carriedPatients: string[] = [];
    return ctx.write(
      async (tx) => {
        const before = await findMeeting(tx, meeting.id);
        if (before) assertOpen(before);
        const closed = await updateMeetingVersioned(
          tx,
          { id: meeting.id, expectedVersion: input.expectedVersion, actorId: ctx.user.id, now },
          { status: "closed", closedAt: now, closedBy: ctx.user.id },
        );
        for (const a of input.attendance) await recordAttendance(tx, meeting.id, a.userId, a.attended, a.signedOff ? now : null);
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
                reason: clip(`Not reached at ${closed.title} (${day(closed.scheduledFor)}): ${c.reason}`, REASON_MAX),
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
          attendance: input.attendance.map((a) => ({ userId: a.userId, attended: a.attended, signedOffAt: a.signedOff ? now : null })),
          carriedOver,
          nextMeeting: next ? { id: next.id, title: next.title, scheduledFor: next.scheduledFor } : null,
        };
      },
      (out) => ({ patientIds: carriedPatients, entityType: "meeting", entityId: out.meeting.id, detail: { carriedOver: out.carriedOver.length, nextMeetingId: out.nextMeeting?.id ?? null } }),
    );
  }),

  /** Cases in order with their decisions and action items, and who attended; a case off the caller's teams is a bare slot. */
  minutes: meetingProcedure.input(meetingRefInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("meeting.read");
    const { meeting, canManage } = await openMeeting(ctx.db, ctx.user, input.meetingId);
    const [attendees, cases, decisions, items] = await Promise.all([
      listAttendees(ctx.db, meeting.id),
      listCases(ctx.db, meeting.id, ctx.user.id),
      listDecisions(ctx.db, meeting.id),
      listMeetingActionItems(ctx.db, meeting.id),
    ]);
    const visible = cases.filter((c) => c.onViewerTeam);
    await ctx.audit({ patientIds: visible.map((c) => c.patientId), entityType: "meeting", entityId: meeting.id, detail: { minutes: true } });
    return {
      meeting: meetingView(meeting),
      attendance: attendees.map((a) => ({ userId: a.userId, name: a.name, role: a.role, attended: a.attended, signedOffAt: a.signedOffAt })),
      cases: cases.map((c) => {
        const view = caseView(c, canManage);
        if (!view.visible) return view;
        return {
          ...view,
          decisions: decisions
            .filter((d) => d.caseId === c.id)
            .map((d) => ({
              id: d.id,
              kind: d.kind,
              description: d.description,
              appliedEntityType: d.appliedEntityType,
              appliedEntityId: d.appliedEntityId,
              createdAt: d.createdAt,
              createdBy: d.createdBy,
              createdByName: d.createdByName,
            })),
          actionItems: items
            .filter((i) => i.patientId === c.patientId)
            .map((i) => ({ id: i.id, description: i.description, ownerId: i.ownerId, ownerName: i.ownerName, dueDate: i.dueDate, status: i.status, version: i.version })),
        };
      }),
    };
  }),
} satisfies TRPCRouterRecord;
