import { and, asc, eq, getTableColumns, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { actionItems, careTeamMembers, meetings, patients, users } from "../schema";

export type ActionItemRow = typeof actionItems.$inferSelect;

const fullName = sql<string>`${patients.givenName} || ' ' || ${patients.familyName}`;

export async function listMeetingActionItems(db: DbOrTx, meetingId: string) {
  return db
    .select({ ...getTableColumns(actionItems), ownerName: users.name })
    .from(actionItems)
    .innerJoin(users, eq(users.id, actionItems.ownerId))
    .where(eq(actionItems.meetingId, meetingId))
    .orderBy(asc(actionItems.dueDate), asc(actionItems.createdAt), asc(actionItems.id));
}

/**
 * Open items this user owns, on patients whose care team they are still on, soonest due first
 * (so overdue ones lead), with the patient's name and the meeting's title.
 */
export async function listOpenActionItemsOwnedBy(db: DbOrTx, ownerId: string, limit: number) {
  return db
    .select({ ...getTableColumns(actionItems), patientName: fullName, meetingTitle: meetings.title })
    .from(actionItems)
    .innerJoin(careTeamMembers, and(eq(careTeamMembers.patientId, actionItems.patientId), eq(careTeamMembers.userId, ownerId)))
    .innerJoin(patients, eq(patients.id, actionItems.patientId))
    .leftJoin(meetings, eq(meetings.id, actionItems.meetingId))
    .where(and(eq(actionItems.ownerId, ownerId), eq(actionItems.status, "open")))
    .orderBy(asc(actionItems.dueDate), asc(actionItems.createdAt), asc(actionItems.id))
    .limit(limit);
}

/**
 * Open items due on or before `day` on the patients of this member's care teams, oldest due first.
 * The page is chosen from the open items and the member's teams alone; names and titles are joined
 * to its rows only (joined first, the planner read every patient of the clinic).
 */
export async function listOpenActionItemsDueBy(db: DbOrTx, memberId: string, day: Date, limit: number) {
  const due = db
    .select({ id: actionItems.id })
    .from(actionItems)
    .innerJoin(careTeamMembers, and(eq(careTeamMembers.patientId, actionItems.patientId), eq(careTeamMembers.userId, memberId)))
    .where(and(eq(actionItems.status, "open"), lte(actionItems.dueDate, day)))
    .orderBy(asc(actionItems.dueDate), asc(actionItems.createdAt), asc(actionItems.id))
    .limit(limit)
    .as("due");
  return db
    .select({ ...getTableColumns(actionItems), patientName: fullName, meetingTitle: meetings.title, ownerName: users.name })
    .from(due)
    .innerJoin(actionItems, eq(actionItems.id, due.id))
    .innerJoin(patients, eq(patients.id, actionItems.patientId))
    .innerJoin(users, eq(users.id, actionItems.ownerId))
    .leftJoin(meetings, eq(meetings.id, actionItems.meetingId))
    .orderBy(asc(actionItems.dueDate), asc(actionItems.createdAt), asc(actionItems.id));
}
