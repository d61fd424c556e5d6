import { and, asc, eq, gt, inArray, max, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { careTeamMembers, planEvents, presence, users } from "../schema";
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
export async function patientEventsAfter(db: DbOrTx, patientId: string, afterId: number, limit = 500) {
  return db
    .select()
    .from(planEvents)
    .where(and(eq(planEvents.patientId, patientId), gt(planEvents.id, afterId)))
    .orderBy(asc(planEvents.id))
    .limit(limit);
}
