import { and, asc, eq, gt, inArray, isNull, max, notInArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { careTeamMembers, patientAccounts, planEvents, presence, sessions, users } from "../schema";
import { visibleEventsFor } from "./events";

/** The newest change-log id for these patients: where a client's live stream starts. */
export async function latestEventId(db: DbOrTx, patientIds: readonly string[]): Promise<number> {
  if (patientIds.length === 0) return 0;
  const [row] = await db.select({ id: max(planEvents.id) }).from(planEvents).where(inArray(planEvents.patientId, [...patientIds]));
  return row?.id ?? 0;
}

/** Events after an id for several patients, oldest first, only those this viewer may see. */
export async function eventsAfterFor(db: DbOrTx, patientIds: readonly string[], viewerId: string, afterId: number, limit = 500) {
  if (patientIds.length === 0) return [];
  return db
    .select()
    .from(planEvents)
    .where(and(inArray(planEvents.patientId, [...patientIds]), visibleEventsFor(viewerId), gt(planEvents.id, afterId)))
    .orderBy(asc(planEvents.id))
    .limit(limit);
}

/** Of these patients, the ones this user is on the care team of now. */
export async function memberPatientIds(db: DbOrTx, userId: string, patientIds: readonly string[]): Promise<string[]> {
  if (patientIds.length === 0) return [];
  const rows = await db
    .select({ id: careTeamMembers.patientId })
    .from(careTeamMembers)
    .where(and(eq(careTeamMembers.userId, userId), inArray(careTeamMembers.patientId, [...patientIds])));
  return rows.map((r) => r.id);
}

export async function upsertPresence(db: DbOrTx, connectionId: string, userId: string, topics: readonly string[], expiresAt: Date) {
  if (topics.length === 0) return;
  await db
    .insert(presence)
    .values(topics.map((topic) => ({ connectionId, topic, userId, expiresAt })))
    .onConflictDoUpdate({ target: [presence.connectionId, presence.topic], set: { expiresAt: sql`excluded.expires_at` } });
}

export async function deletePresence(db: DbOrTx, connectionId: string) {
  await db.delete(presence).where(eq(presence.connectionId, connectionId));
}

export interface PresenceRow {
  connectionId: string;
  topic: string;
  userId: string;
  expiresAt: Date;
}

/** Bind parameters stay far below PostgreSQL's 65,535 per statement. */
const presenceChunk = 5_000;

/**
 * Every open connection of an instance in one statement per chunk: a join of many streams, or the
 * periodic refresh of all of them. A (connection, topic) pair listed twice keeps its last row, since
 * one upsert may not touch a row twice.
 */
export async function upsertPresenceRows(db: DbOrTx, rows: readonly PresenceRow[]) {
  const unique = [...new Map(rows.map((r) => [`${r.connectionId} ${r.topic}`, r])).values()];
  for (let i = 0; i < unique.length; i += presenceChunk) {
    await db
      .insert(presence)
      .values(unique.slice(i, i + presenceChunk))
      .onConflictDoUpdate({ target: [presence.connectionId, presence.topic], set: { expiresAt: sql`excluded.expires_at` } });
  }
}

export async function deletePresenceOf(db: DbOrTx, connectionIds: readonly string[]) {
  if (connectionIds.length === 0) return;
  await db.delete(presence).where(inArray(presence.connectionId, [...connectionIds]));
}

/** The sessions behind an instance's open streams, in one read (missing ids: no such session). */
export async function findSessions(db: DbOrTx, sessionIds: readonly string[]) {
  if (sessionIds.length === 0) return [];
  return db.select().from(sessions).where(inArray(sessions.id, [...new Set(sessionIds)]));
}

/** For these patient accounts, the one patient each is linked to now (an unrevoked link, an active account). */
export async function linkedPatientsOf(db: DbOrTx, userIds: readonly string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: patientAccounts.userId, patientId: patientAccounts.patientId })
    .from(patientAccounts)
    .innerJoin(users, eq(users.id, patientAccounts.userId))
    .where(and(inArray(patientAccounts.userId, [...new Set(userIds)]), isNull(patientAccounts.revokedAt), eq(users.active, true)));
  return new Map(rows.map((r) => [r.userId, r.patientId]));
}

/** Distinct users with a live presence row on any of these topics. */
export async function presentUsers(db: DbOrTx, topics: readonly string[], now: Date) {
  if (topics.length === 0) return [];
  return db
    .selectDistinct({ topic: presence.topic, userId: users.id, name: users.name, role: users.role })
    .from(presence)
    .innerJoin(users, eq(users.id, presence.userId))
    .where(and(inArray(presence.topic, [...topics]), gt(presence.expiresAt, now)))
    .orderBy(asc(presence.topic), asc(users.name));
}

/** Every event of one patient after an id, unfiltered: the shared feed filters per viewer in memory. */
/**
 * A patient's events after an id except those already seen (the live feed's look-behind window): only
 * rows not yet delivered come back, however many the window holds.
 */
export async function patientEventsAfterExcept(db: DbOrTx, patientId: string, afterId: number, seen: readonly number[], limit = 500) {
  const unseen = seen.length > 0 ? notInArray(planEvents.id, [...seen]) : undefined;
  return db
    .select()
    .from(planEvents)
    .where(and(eq(planEvents.patientId, patientId), gt(planEvents.id, afterId), unseen))
    .orderBy(asc(planEvents.id))
    .limit(limit);
}

/** The ids of a patient's events after an id, oldest first. */
export async function patientEventIdsAfter(db: DbOrTx, patientId: string, afterId: number, limit = 1_000): Promise<number[]> {
  const rows = await db
    .select({ id: planEvents.id })
    .from(planEvents)
    .where(and(eq(planEvents.patientId, patientId), gt(planEvents.id, afterId)))
    .orderBy(asc(planEvents.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function patientEventsAfter(db: DbOrTx, patientId: string, afterId: number, limit = 500) {
  return db
    .select()
    .from(planEvents)
    .where(and(eq(planEvents.patientId, patientId), gt(planEvents.id, afterId)))
    .orderBy(asc(planEvents.id))
    .limit(limit);
}
