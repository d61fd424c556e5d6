import type { SessionUser } from "@stepwise/auth";
import {
  findAttendee,
  findAttendeeCandidates,
  findCase,
  findMeeting,
  findMembership,
  listAttendees,
  RowNotFoundError,
  type DbOrTx,
  type MeetingCaseRow,
  type MeetingRow,
} from "@stepwise/db";
import { assertMeetingOpen, can, clinicalRoles, disciplineOfRole, InvalidInputError, type Role } from "@stepwise/domain";

// What every meeting procedure shares: opening a meeting as this caller may see it, and the
// shapes a meeting is shown in.

/** Shown in place of a patient the caller does not care for. */
export const OTHER_TEAM_LABEL = "Patient on another team";

export const day = (d: Date) => d.toISOString().slice(0, 10);

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

/**
 * Whether `meetings.get` would show this meeting to the caller — the matrix's `meeting.read`, then
 * `openMeeting` — as a yes/no, for those (the live stream's meeting topics) that must not answer otherwise.
 */
export async function mayReadMeeting(db: DbOrTx, user: SessionUser, meetingId: string): Promise<boolean> {
  if (!can(user.role, "meeting.read", { userId: user.id })) return false;
  return openMeeting(db, user, meetingId).then(
    () => true,
    (error: unknown) => {
      if (error instanceof RowNotFoundError) return false;
      throw error;
    },
  );
}

/** A case the caller may act on: it exists and its patient is on the caller's care team (NOT_FOUND otherwise). */
export async function caseForMember(ctx: { db: DbOrTx; user: SessionUser; concerns: (patientId: string) => void }, caseId: string): Promise<MeetingCaseRow> {
  const found = await findCase(ctx.db, caseId);
  if (!found) throw new RowNotFoundError("Case");
  ctx.concerns(found.patientId);
  if (!(await findMembership(ctx.db, found.patientId, ctx.user.id))) throw new RowNotFoundError("Case");
  return found;
}

/** A case the caller may act on, in a meeting that is still open (its minutes not yet final). */
export async function caseInOpenMeeting(ctx: { db: DbOrTx; user: SessionUser; concerns: (patientId: string) => void }, caseId: string) {
  const agendaCase = await caseForMember(ctx, caseId);
  const { meeting } = await openMeeting(ctx.db, ctx.user, agendaCase.meetingId);
  assertMeetingOpen(meeting);
  return { agendaCase, meeting };
}

/** A case of this meeting for the patient the caller's gate already checked. */
export async function caseOfPatient(db: DbOrTx, caseId: string, meetingId: string, patientId: string): Promise<MeetingCaseRow> {
  const agendaCase = await findCase(db, caseId);
  if (!agendaCase || agendaCase.meetingId !== meetingId || agendaCase.patientId !== patientId) throw new RowNotFoundError("Case");
  return agendaCase;
}

/** Attendees must be active users with a clinical role: the people who can act on a case. */
export async function eligibleAttendees(db: DbOrTx, requested: readonly string[]): Promise<string[]> {
  const ids = [...new Set(requested)];
  const found = new Map((await findAttendeeCandidates(db, ids)).map((u) => [u.id, u]));
  const clinical: readonly Role[] = clinicalRoles;
  for (const id of ids) {
    const user = found.get(id);
    if (!user || !user.active || !clinical.includes(user.role)) {
      throw new InvalidInputError(`attendeeIds: ${id} is not an active clinical user`, "attendeeIds");
    }
  }
  return ids;
}

export function meetingView(m: MeetingRow) {
  return {
    id: m.id,
    title: m.title,
    scheduledFor: m.scheduledFor,
    durationMinutes: m.durationMinutes,
    status: m.status,
    chairId: m.chairId,
    recorderId: m.recorderId ?? m.chairId,
    closedAt: m.closedAt,
    closedBy: m.closedBy,
    version: m.version,
  };
}

type AttendeeWithUser = Awaited<ReturnType<typeof listAttendees>>[number];

export function attendeeView(a: AttendeeWithUser) {
  return { userId: a.userId, name: a.name, role: a.role, discipline: disciplineOfRole(a.role), attended: a.attended, signedOffAt: a.signedOffAt, version: a.version };
}

/** The chair and recorder by name: the recorder is the chair unless someone else was named. */
export function roomRoles(m: MeetingRow, attendees: readonly AttendeeWithUser[], names: ReadonlyMap<string, string>) {
  const nameOf = (id: string) => attendees.find((a) => a.userId === id)?.name ?? names.get(id) ?? null;
  const recorderId = m.recorderId ?? m.chairId;
  return { chair: { id: m.chairId, name: nameOf(m.chairId) }, recorder: { id: recorderId, name: nameOf(recorderId) } };
}

export type CaseWithVisibility = MeetingCaseRow & {
  onViewerTeam: boolean;
  patientName: string | null;
  patientMrn: string | null;
  patientDateOfBirth: string | null;
};

/**
 * A case as this caller may see it. Off the caller's teams it is a numbered slot: no patient id,
 * name, reason or flags; its case id only for whoever runs the meeting (to reorder or remove it).
 */
export function caseView(c: CaseWithVisibility, canManage: boolean) {
  if (c.onViewerTeam && c.patientName !== null) {
    return {
      visible: true as const,
      id: c.id,
      position: c.position,
      status: c.status,
      label: c.patientName,
      patientId: c.patientId,
      patientName: c.patientName,
      mrn: c.patientMrn,
      dateOfBirth: c.patientDateOfBirth,
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
