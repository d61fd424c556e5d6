import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, isNotNull, isNull, lt, lte, ne, notExists, notInArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Discipline } from "@stepwise/domain";
import type { DbOrTx } from "../client";
import { RowConflictError, RowNotFoundError } from "../errors";
import {
  actionItems,
  careTeamMembers,
  meetingAttendees,
  meetingCases,
  meetingDecisions,
  meetings,
  patients,
  planEvents,
  psychNotes,
  users,
} from "../schema";

export type MeetingRow = typeof meetings.$inferSelect;
export type MeetingCaseRow = typeof meetingCases.$inferSelect;
export type NewMeetingCase = typeof meetingCases.$inferInsert;
export type MeetingAttendeeRow = typeof meetingAttendees.$inferSelect;
export type MeetingDecisionRow = typeof meetingDecisions.$inferSelect;
export type NewMeetingDecision = typeof meetingDecisions.$inferInsert;

const fullName = sql<string>`${patients.givenName} || ' ' || ${patients.familyName}`;
/** A patient's name only where the viewer sits on the care team (the left join below); null otherwise. */
const nameIfMember = sql<string | null>`case when ${careTeamMembers.id} is not null then ${patients.givenName} || ' ' || ${patients.familyName} end`;
const isMember = sql<boolean>`${careTeamMembers.id} is not null`;

// --- meetings ------------------------------------------------------------------------------------

export async function findMeeting(db: DbOrTx, id: string): Promise<MeetingRow | undefined> {
  const [row] = await db.select().from(meetings).where(eq(meetings.id, id)).limit(1);
  return row;
}

export async function insertMeeting(
  tx: DbOrTx,
  values: Pick<typeof meetings.$inferInsert, "title" | "scheduledFor" | "durationMinutes" | "createdBy" | "updatedBy" | "chairId" | "recorderId">,
  attendeeIds: readonly string[],
): Promise<MeetingRow> {
  const [row] = await tx.insert(meetings).values(values).returning();
  if (!row) throw new Error("insert returned nothing");
  if (attendeeIds.length > 0) await tx.insert(meetingAttendees).values(attendeeIds.map((userId) => ({ meetingId: row.id, userId })));
  return row;
}

export interface MeetingKey {
  id: string;
  expectedVersion: number;
  actorId: string;
  now: Date;
}

/** Compare-and-set on the meeting's version (the agenda order and attendee list belong to it). */
/** The quorum as it stood at closing, kept with the minutes. */
export type ClosingQuorum = NonNullable<MeetingRow["closingQuorum"]>;

export async function updateMeetingVersioned(tx: DbOrTx, key: MeetingKey, patch: Partial<typeof meetings.$inferInsert>): Promise<MeetingRow> {
  const [row] = await tx
    .update(meetings)
    .set({ ...patch, version: sql`${meetings.version} + 1`, updatedAt: key.now, updatedBy: key.actorId })
    .where(and(eq(meetings.id, key.id), eq(meetings.version, key.expectedVersion)))
    .returning();
  if (row) return row;
  const current = await findMeeting(tx, key.id);
  if (!current) throw new RowNotFoundError("Meeting");
  throw new RowConflictError("meeting", { current });
}

/**
 * Bumps the version without comparing it: for appends (a case added, a case carried in) that do not
 * depend on what the caller read, yet must invalidate a reorder computed before them. The row lock
 * it takes also serialises concurrent appends, so positions stay distinct.
 */
export async function touchMeeting(tx: DbOrTx, id: string, actorId: string, now: Date): Promise<MeetingRow> {
  const [row] = await tx
    .update(meetings)
    .set({ version: sql`${meetings.version} + 1`, updatedAt: now, updatedBy: actorId })
    .where(eq(meetings.id, id))
    .returning();
  if (!row) throw new RowNotFoundError("Meeting");
  return row;
}

export interface MeetingListQuery {
  viewerId: string;
  /** Only meetings the viewer attends; false for someone who manages every meeting. */
  attendedOnly: boolean;
  /** Closed meetings scheduled at or after this instant count as recent. */
  recentSince: Date;
  limit: number;
}

/** Open meetings soonest first, then recently closed ones newest first, with counts and the viewer's attendance. */
export async function listMeetings(db: DbOrTx, q: MeetingListQuery) {
  const mine = alias(meetingAttendees, "mine");
  const columns = {
    ...getTableColumns(meetings),
    attendeeCount: sql<number>`(select count(*) from ${meetingAttendees} where ${meetingAttendees.meetingId} = ${meetings.id})`.mapWith(Number),
    caseCount: sql<number>`(select count(*) from ${meetingCases} where ${meetingCases.meetingId} = ${meetings.id})`.mapWith(Number),
    myAttendeeId: mine.id,
    myAttended: mine.attended,
    mySignedOffAt: mine.signedOffAt,
  };
  const visible = q.attendedOnly ? isNotNull(mine.id) : undefined;
  const base = () =>
    db
      .select(columns)
      .from(meetings)
      .leftJoin(mine, and(eq(mine.meetingId, meetings.id), eq(mine.userId, q.viewerId)));
  const [upcoming, recent] = await Promise.all([
    base()
      .where(and(ne(meetings.status, "closed"), visible))
      .orderBy(asc(meetings.scheduledFor), asc(meetings.id))
      .limit(q.limit),
    base()
      .where(and(eq(meetings.status, "closed"), gte(meetings.scheduledFor, q.recentSince), visible))
      .orderBy(desc(meetings.scheduledFor), desc(meetings.id))
      .limit(q.limit),
  ]);
  return { upcoming, recent };
}

/** The scheduled meeting that follows this one, if any: where cases left over are carried. */
export async function findNextScheduledMeeting(tx: DbOrTx, after: MeetingRow): Promise<MeetingRow | undefined> {
  const [row] = await tx
    .select()
    .from(meetings)
    .where(and(eq(meetings.status, "scheduled"), ne(meetings.id, after.id), gt(meetings.scheduledFor, after.scheduledFor)))
    .orderBy(asc(meetings.scheduledFor), asc(meetings.id))
    .limit(1);
  return row;
}

// --- attendees -----------------------------------------------------------------------------------

export async function findAttendee(db: DbOrTx, meetingId: string, userId: string): Promise<MeetingAttendeeRow | undefined> {
  const [row] = await db
    .select()
    .from(meetingAttendees)
    .where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.userId, userId)))
    .limit(1);
  return row;
}

export async function listAttendees(db: DbOrTx, meetingId: string) {
  return db
    .select({ ...getTableColumns(meetingAttendees), name: users.name, role: users.role })
    .from(meetingAttendees)
    .innerJoin(users, eq(users.id, meetingAttendees.userId))
    .where(eq(meetingAttendees.meetingId, meetingId))
    .orderBy(asc(users.role), asc(users.name));
}

/** Makes the attendee list exactly `userIds`: rows of people who stay keep their attendance. */
export async function replaceAttendees(tx: DbOrTx, meetingId: string, userIds: readonly string[]): Promise<void> {
  const ids = [...userIds];
  await tx
    .delete(meetingAttendees)
    .where(and(eq(meetingAttendees.meetingId, meetingId), ids.length > 0 ? notInArray(meetingAttendees.userId, ids) : undefined));
  if (ids.length > 0) {
    await tx
      .insert(meetingAttendees)
      .values(ids.map((userId) => ({ meetingId, userId })))
      .onConflictDoNothing({ target: [meetingAttendees.meetingId, meetingAttendees.userId] });
  }
}

export interface AttendeeKey {
  meetingId: string;
  userId: string;
  expectedVersion: number;
}

/** Compare-and-set on the attendee row: the chair marks one person at a time. */
export async function markAttendanceVersioned(tx: DbOrTx, key: AttendeeKey, attended: boolean): Promise<MeetingAttendeeRow> {
  const [row] = await tx
    .update(meetingAttendees)
    .set({ attended, version: sql`${meetingAttendees.version} + 1` })
    .where(and(eq(meetingAttendees.meetingId, key.meetingId), eq(meetingAttendees.userId, key.userId), eq(meetingAttendees.version, key.expectedVersion)))
    .returning();
  if (row) return row;
  const current = await findAttendee(tx, key.meetingId, key.userId);
  if (!current) throw new RowNotFoundError("Attendee");
  throw new RowConflictError("attendee", { current });
}

/** Signs once: a second call keeps the first time. */
export async function signOffAttendee(tx: DbOrTx, meetingId: string, userId: string, now: Date): Promise<MeetingAttendeeRow> {
  const [row] = await tx
    .update(meetingAttendees)
    .set({ signedOffAt: sql`coalesce(${meetingAttendees.signedOffAt}, ${now.toISOString()}::timestamptz)`, version: sql`${meetingAttendees.version} + 1` })
    .where(and(eq(meetingAttendees.meetingId, meetingId), eq(meetingAttendees.userId, userId), isNull(meetingAttendees.signedOffAt)))
    .returning();
  if (row) return row;
  const current = await findAttendee(tx, meetingId, userId);
  if (!current) throw new RowNotFoundError("Attendee");
  return current;
}

/** Meetings that have begun where this user was marked present and has not signed, oldest first. */
export async function listAwaitingSignOff(db: DbOrTx, userId: string, now: Date, limit: number) {
  return db
    .select({ ...getTableColumns(meetings), attendeeVersion: meetingAttendees.version })
    .from(meetingAttendees)
    .innerJoin(meetings, eq(meetings.id, meetingAttendees.meetingId))
    .where(and(eq(meetingAttendees.userId, userId), eq(meetingAttendees.attended, true), isNull(meetingAttendees.signedOffAt), lte(meetings.scheduledFor, now)))
    .orderBy(asc(meetings.scheduledFor), asc(meetings.id))
    .limit(limit);
}

/** Users by id, with whether they may attend a case conference (active, with a clinical role). */
export async function findAttendeeCandidates(db: DbOrTx, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return db.select({ id: users.id, name: users.name, role: users.role, active: users.active }).from(users).where(inArray(users.id, unique));
}

// --- cases ---------------------------------------------------------------------------------------

/** The agenda in order; the patient's name and MRN only where the viewer is on the care team. */
export async function listCases(db: DbOrTx, meetingId: string, viewerId: string) {
  return db
    .select({
      ...getTableColumns(meetingCases),
      onViewerTeam: isMember,
      patientName: nameIfMember,
      patientMrn: sql<string | null>`case when ${careTeamMembers.id} is not null then ${patients.mrn} end`,
      patientDateOfBirth: sql<string | null>`case when ${careTeamMembers.id} is not null then ${patients.dateOfBirth}::text end`,
    })
    .from(meetingCases)
    .innerJoin(patients, eq(patients.id, meetingCases.patientId))
    .leftJoin(careTeamMembers, and(eq(careTeamMembers.patientId, meetingCases.patientId), eq(careTeamMembers.userId, viewerId)))
    .where(eq(meetingCases.meetingId, meetingId))
    .orderBy(asc(meetingCases.position), asc(meetingCases.createdAt), asc(meetingCases.id));
}

export async function findCase(db: DbOrTx, id: string): Promise<MeetingCaseRow | undefined> {
  const [row] = await db.select().from(meetingCases).where(eq(meetingCases.id, id)).limit(1);
  return row;
}

export async function findCaseOfPatient(db: DbOrTx, meetingId: string, patientId: string): Promise<MeetingCaseRow | undefined> {
  const [row] = await db
    .select()
    .from(meetingCases)
    .where(and(eq(meetingCases.meetingId, meetingId), eq(meetingCases.patientId, patientId)))
    .limit(1);
  return row;
}

/** Appends at the end of the agenda; undefined when the patient is already on it. Call after touchMeeting. */
export async function appendCase(tx: DbOrTx, values: Omit<NewMeetingCase, "position">): Promise<MeetingCaseRow | undefined> {
  const [last] = await tx
    .select({ position: sql<number>`coalesce(max(${meetingCases.position}), 0)`.mapWith(Number) })
    .from(meetingCases)
    .where(eq(meetingCases.meetingId, values.meetingId));
  const [row] = await tx
    .insert(meetingCases)
    .values({ ...values, position: (last?.position ?? 0) + 1 })
    .onConflictDoNothing({ target: [meetingCases.meetingId, meetingCases.patientId] })
    .returning();
  return row;
}

export interface CaseKey {
  id: string;
  meetingId: string;
  expectedVersion: number;
  actorId: string;
  now: Date;
}

export async function updateCaseVersioned(tx: DbOrTx, key: CaseKey, patch: Partial<NewMeetingCase>): Promise<MeetingCaseRow> {
  const [row] = await tx
    .update(meetingCases)
    .set({ ...patch, version: sql`${meetingCases.version} + 1`, updatedAt: key.now, updatedBy: key.actorId })
    .where(and(eq(meetingCases.id, key.id), eq(meetingCases.meetingId, key.meetingId), eq(meetingCases.version, key.expectedVersion)))
    .returning();
  if (row) return row;
  const current = await findCase(tx, key.id);
  if (!current || current.meetingId !== key.meetingId) throw new RowNotFoundError("Case");
  throw new RowConflictError("case", { current });
}

/** Deletes a case at its version and closes the gap it leaves in the order. */
export async function deleteCaseVersioned(tx: DbOrTx, key: Omit<CaseKey, "actorId" | "now">): Promise<MeetingCaseRow> {
  const [row] = await tx
    .delete(meetingCases)
    .where(and(eq(meetingCases.id, key.id), eq(meetingCases.meetingId, key.meetingId), eq(meetingCases.version, key.expectedVersion)))
    .returning();
  if (!row) {
    const current = await findCase(tx, key.id);
    if (!current || current.meetingId !== key.meetingId) throw new RowNotFoundError("Case");
    throw new RowConflictError("case", { current });
  }
  await tx
    .update(meetingCases)
    .set({ position: sql`${meetingCases.position} - 1` })
    .where(and(eq(meetingCases.meetingId, key.meetingId), gt(meetingCases.position, row.position)));
  return row;
}

/** Positions 1..n in the given order, in one statement. */
export async function setCaseOrder(tx: DbOrTx, meetingId: string, orderedIds: readonly string[]): Promise<void> {
  if (orderedIds.length === 0) return;
  const cases = sql.join(
    orderedIds.map((id, i) => sql`when ${id}::uuid then ${i + 1}::integer`),
    sql` `,
  );
  await tx
    .update(meetingCases)
    .set({ position: sql`case ${meetingCases.id} ${cases} end` })
    .where(and(eq(meetingCases.meetingId, meetingId), inArray(meetingCases.id, [...orderedIds])));
}

/** Marks every case not yet discussed as carried over; returns them in agenda order. */
export async function carryOverPendingCases(tx: DbOrTx, meetingId: string, actorId: string, now: Date): Promise<MeetingCaseRow[]> {
  const rows = await tx
    .update(meetingCases)
    .set({ status: "carried_over", version: sql`${meetingCases.version} + 1`, updatedAt: now, updatedBy: actorId })
    .where(and(eq(meetingCases.meetingId, meetingId), eq(meetingCases.status, "pending")))
    .returning();
  return rows.sort((a, b) => a.position - b.position);
}

/** Whether anything hangs off a case that deleting it would lose. */
export async function caseHasRecords(tx: DbOrTx, c: Pick<MeetingCaseRow, "id" | "meetingId" | "patientId">): Promise<boolean> {
  const [decision] = await tx.select({ id: meetingDecisions.id }).from(meetingDecisions).where(eq(meetingDecisions.caseId, c.id)).limit(1);
  if (decision) return true;
  const [item] = await tx
    .select({ id: actionItems.id })
    .from(actionItems)
    .where(and(eq(actionItems.meetingId, c.meetingId), eq(actionItems.patientId, c.patientId)))
    .limit(1);
  return item !== undefined;
}

/**
 * Cases that earlier, closed meetings did not reach and that nothing has picked up since: not
 * carried into another meeting, and the patient not discussed at a later meeting. Limited to the
 * patients on this user's care teams; newest first.
 */
export async function listLeftoverCases(db: DbOrTx, memberId: string) {
  const carried = alias(meetingCases, "carried");
  const later = alias(meetingCases, "later");
  const laterMeeting = alias(meetings, "later_meeting");
  return db
    .select({ ...getTableColumns(meetingCases), meetingTitle: meetings.title, meetingScheduledFor: meetings.scheduledFor })
    .from(meetingCases)
    .innerJoin(meetings, eq(meetings.id, meetingCases.meetingId))
    .innerJoin(careTeamMembers, and(eq(careTeamMembers.patientId, meetingCases.patientId), eq(careTeamMembers.userId, memberId)))
    .where(
      and(
        eq(meetings.status, "closed"),
        inArray(meetingCases.status, ["pending", "carried_over"]),
        notExists(db.select({ one: sql`1` }).from(carried).where(eq(carried.carriedFromCaseId, meetingCases.id))),
        notExists(
          db
            .select({ one: sql`1` })
            .from(later)
            .innerJoin(laterMeeting, eq(laterMeeting.id, later.meetingId))
            .where(and(eq(later.patientId, meetingCases.patientId), eq(later.status, "discussed"), gt(laterMeeting.scheduledFor, meetings.scheduledFor))),
        ),
      ),
    )
    .orderBy(desc(meetings.scheduledFor), asc(meetingCases.position))
    .limit(500);
}

/** The patient's most recent discussion at a meeting held before this one. */
export async function findLastReview(db: DbOrTx, patientId: string, before: Pick<MeetingRow, "id" | "scheduledFor">) {
  const [row] = await db
    .select({
      caseId: meetingCases.id,
      meetingId: meetings.id,
      meetingTitle: meetings.title,
      discussedAt: meetingCases.discussedAt,
      discussionNotes: meetingCases.discussionNotes,
    })
    .from(meetingCases)
    .innerJoin(meetings, eq(meetings.id, meetingCases.meetingId))
    .where(
      and(
        eq(meetingCases.patientId, patientId),
        eq(meetingCases.status, "discussed"),
        isNotNull(meetingCases.discussedAt),
        ne(meetings.id, before.id),
        lt(meetings.scheduledFor, before.scheduledFor),
      ),
    )
    .orderBy(desc(meetingCases.discussedAt))
    .limit(1);
  return row;
}

// --- decisions -----------------------------------------------------------------------------------

export async function insertDecision(tx: DbOrTx, values: NewMeetingDecision): Promise<MeetingDecisionRow> {
  const [row] = await tx.insert(meetingDecisions).values(values).returning();
  if (!row) throw new Error("insert returned nothing");
  return row;
}

const decider = alias(users, "decider");

export async function listDecisions(db: DbOrTx, meetingId: string) {
  return db
    .select({ ...getTableColumns(meetingDecisions), createdByName: users.name, decidedByName: decider.name })
    .from(meetingDecisions)
    .innerJoin(users, eq(users.id, meetingDecisions.createdBy))
    .leftJoin(decider, eq(decider.id, meetingDecisions.decidedBy))
    .where(eq(meetingDecisions.meetingId, meetingId))
    .orderBy(asc(meetingDecisions.createdAt), asc(meetingDecisions.id));
}

export async function findDecision(db: DbOrTx, id: string): Promise<MeetingDecisionRow | undefined> {
  const [row] = await db.select().from(meetingDecisions).where(eq(meetingDecisions.id, id)).limit(1);
  return row;
}

/** Compare-and-set on a decision: of two confirmations read at one version, one wins. */
export async function updateDecisionVersioned(
  tx: DbOrTx,
  key: { id: string; expectedVersion: number },
  patch: Partial<Pick<NewMeetingDecision, "status" | "decidedBy" | "decidedAt" | "declineReason" | "appliedEntityType" | "appliedEntityId" | "description">>,
): Promise<MeetingDecisionRow> {
  const [row] = await tx
    .update(meetingDecisions)
    .set({ ...patch, version: sql`${meetingDecisions.version} + 1` })
    .where(and(eq(meetingDecisions.id, key.id), eq(meetingDecisions.version, key.expectedVersion)))
    .returning();
  if (row) return row;
  const current = await findDecision(tx, key.id);
  if (!current) throw new RowNotFoundError("Decision");
  throw new RowConflictError("decision", { current });
}

/** What applying a confirmed decision created or changed; the confirmation itself already took the version. */
export async function recordApplied(
  tx: DbOrTx,
  id: string,
  applied: Pick<NewMeetingDecision, "appliedEntityType" | "appliedEntityId" | "description">,
): Promise<MeetingDecisionRow> {
  const [row] = await tx.update(meetingDecisions).set(applied).where(eq(meetingDecisions.id, id)).returning();
  if (!row) throw new RowNotFoundError("Decision");
  return row;
}

/** Proposals waiting on this discipline, on patients of this member's care teams, oldest first. */
export async function listPendingDecisionsFor(db: DbOrTx, q: { memberId: string; discipline: Discipline; limit: number }) {
  return db
    .select({
      ...getTableColumns(meetingDecisions),
      patientName: fullName,
      meetingTitle: meetings.title,
      meetingScheduledFor: meetings.scheduledFor,
      createdByName: users.name,
    })
    .from(meetingDecisions)
    .innerJoin(careTeamMembers, and(eq(careTeamMembers.patientId, meetingDecisions.patientId), eq(careTeamMembers.userId, q.memberId)))
    .innerJoin(patients, eq(patients.id, meetingDecisions.patientId))
    .innerJoin(meetings, eq(meetings.id, meetingDecisions.meetingId))
    .innerJoin(users, eq(users.id, meetingDecisions.createdBy))
    .where(and(eq(meetingDecisions.status, "proposed"), eq(meetingDecisions.ownerDiscipline, q.discipline)))
    .orderBy(asc(meetingDecisions.createdAt), asc(meetingDecisions.id))
    .limit(q.limit);
}

// --- what a case summary reads of the record ----------------------------------------------------

/**
 * Shared psychology summaries written since an instant, newest first. Psychotherapy notes are not
 * selected at all, whoever asks: a meeting summary is read in a room.
 */
export async function listSharedSummariesSince(db: DbOrTx, patientId: string, since: Date, limit: number) {
  return db
    .select({ id: psychNotes.id, kind: psychNotes.kind, authorId: psychNotes.authorId, authorName: users.name, body: psychNotes.body, createdAt: psychNotes.createdAt })
    .from(psychNotes)
    .innerJoin(users, eq(users.id, psychNotes.authorId))
    .where(and(eq(psychNotes.patientId, patientId), eq(psychNotes.kind, "shared_summary"), gte(psychNotes.createdAt, since)))
    .orderBy(desc(psychNotes.createdAt), desc(psychNotes.id))
    .limit(limit);
}

/** The team's events since an instant, newest first; events private to anyone are left out. */
export async function listTeamEventsSince(db: DbOrTx, patientId: string, since: Date, limit: number) {
  return db
    .select()
    .from(planEvents)
    .where(and(eq(planEvents.patientId, patientId), isNull(planEvents.privateTo), gte(planEvents.occurredAt, since)))
    .orderBy(desc(planEvents.id))
    .limit(limit);
}
