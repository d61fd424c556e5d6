import { and, desc, eq, gt, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { RowConflictError, RowNotFoundError } from "../errors";
import { careTeamMembers, clinicSettings, messageReads, messages, messageThreads, patients, users } from "../schema";

export type MessageRow = typeof messages.$inferSelect;
export type MessageThreadRow = typeof messageThreads.$inferSelect;
/** Whose messages a reader counts as unread: the patient's, or the team's (the domain's `unreadSideFor`). */
export type UnreadSide = "patient" | "team";

const fromSide = (side: UnreadSide, authorRole: SQL | typeof messages.authorRole): SQL => (side === "patient" ? sql`${authorRole} = 'patient'` : sql`${authorRole} <> 'patient'`);

export interface MessagePageQuery {
  patientId: string;
  /** Strictly older than this id (the previous page's cursor). */
  beforeId?: number | null;
  limit: number;
}

/** One page of a conversation, oldest first, with each author's name; `nextCursor` pages back in time. */
export async function listMessages(db: DbOrTx, q: MessagePageQuery) {
  const rows = await db
    .select({ id: messages.id, authorId: messages.authorId, authorRole: messages.authorRole, authorName: users.name, body: messages.body, createdAt: messages.createdAt })
    .from(messages)
    .innerJoin(users, eq(users.id, messages.authorId))
    .where(and(eq(messages.patientId, q.patientId), q.beforeId ? lt(messages.id, q.beforeId) : undefined))
    .orderBy(desc(messages.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const oldest = page[page.length - 1];
  return { items: page.reverse(), nextCursor: rows.length > q.limit && oldest ? oldest.id : null };
}

/** The thread, locked for the rest of the transaction when `forUpdate` (a send or a triage decides from it). */
export async function findMessageThread(db: DbOrTx, patientId: string, opts: { forUpdate?: boolean } = {}): Promise<MessageThreadRow | undefined> {
  const query = db.select().from(messageThreads).where(eq(messageThreads.patientId, patientId)).limit(1);
  const [row] = opts.forUpdate ? await query.for("update") : await query;
  return row;
}

export interface ThreadStateValues {
  status: MessageThreadRow["status"];
  assignedRole: string | null;
}

/**
 * Appends a message and moves the thread to the state the domain decided (created with the first
 * message), one version on; the author's own read marker moves past their message.
 */
export async function appendMessage(
  tx: DbOrTx,
  m: { patientId: string; authorId: string; authorRole: string; body: string; now: Date },
  next: ThreadStateValues,
): Promise<{ message: MessageRow; thread: MessageThreadRow }> {
  const [message] = await tx.insert(messages).values({ patientId: m.patientId, authorId: m.authorId, authorRole: m.authorRole, body: m.body, createdAt: m.now }).returning();
  if (!message) throw new Error("insert returned nothing");
  const [thread] = await tx
    .insert(messageThreads)
    .values({ patientId: m.patientId, status: next.status, assignedRole: next.assignedRole, lastMessageId: message.id, updatedAt: m.now })
    .onConflictDoUpdate({
      target: messageThreads.patientId,
      set: { status: next.status, assignedRole: next.assignedRole, lastMessageId: message.id, updatedAt: m.now, version: sql`${messageThreads.version} + 1` },
    })
    .returning();
  if (!thread) throw new Error("upsert returned nothing");
  await markMessagesRead(tx, { patientId: m.patientId, userId: m.authorId, upToId: message.id, now: m.now });
  return { message, thread };
}

/** Compare-and-set on the thread's version: a triage decided on a thread that has moved on is a CONFLICT with the current one. */
export async function triageMessageThread(
  tx: DbOrTx,
  t: { patientId: string; expectedVersion: number; triagedBy: string; now: Date },
  next: ThreadStateValues,
): Promise<MessageThreadRow> {
  const [row] = await tx
    .update(messageThreads)
    .set({ status: next.status, assignedRole: next.assignedRole, triagedBy: t.triagedBy, triagedAt: t.now, updatedAt: t.now, version: sql`${messageThreads.version} + 1` })
    .where(and(eq(messageThreads.patientId, t.patientId), eq(messageThreads.version, t.expectedVersion)))
    .returning();
  if (row) return row;
  const current = await findMessageThread(tx, t.patientId);
  if (!current) throw new RowNotFoundError("Conversation");
  throw new RowConflictError("conversation", { current });
}

/**
 * Moves the reader's marker forward to `upToId` — never back, and never past the conversation's
 * last message (a marker ahead of it would hide the next one). Returns the marker as it stands.
 */
export async function markMessagesRead(db: DbOrTx, r: { patientId: string; userId: string; upToId: number; now: Date }): Promise<number> {
  const upTo = sql`least(${r.upToId}::bigint, coalesce((select max(id) from messages where patient_id = ${r.patientId}), 0))`;
  const [row] = await db
    .insert(messageReads)
    .values({ patientId: r.patientId, userId: r.userId, lastReadId: upTo, readAt: r.now })
    .onConflictDoUpdate({
      target: [messageReads.patientId, messageReads.userId],
      set: { lastReadId: sql`greatest(${messageReads.lastReadId}, excluded.last_read_id)`, readAt: r.now },
    })
    .returning({ lastReadId: messageReads.lastReadId });
  return row?.lastReadId ?? 0;
}

export async function findReadMarker(db: DbOrTx, patientId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ lastReadId: messageReads.lastReadId })
    .from(messageReads)
    .where(and(eq(messageReads.patientId, patientId), eq(messageReads.userId, userId)))
    .limit(1);
  return row?.lastReadId ?? 0;
}

/** Messages from `side` after the reader's marker, in one patient's conversation. */
export async function countUnreadMessages(db: DbOrTx, q: { patientId: string; userId: string; side: UnreadSide }): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(messages)
    .leftJoin(messageReads, and(eq(messageReads.patientId, messages.patientId), eq(messageReads.userId, q.userId)))
    .where(and(eq(messages.patientId, q.patientId), gt(messages.id, sql`coalesce(${messageReads.lastReadId}, 0)`), fromSide(q.side, messages.authorRole)));
  return row?.n ?? 0;
}

/**
 * The caller's inbox across their care teams: conversations waiting for triage or with the team,
 * and those with messages from `side` the caller has not read. Only patients with a conversation
 * are touched (the thread table), one index range per conversation for its count.
 */
export async function listMessageInbox(db: DbOrTx, q: { userId: string; side: UnreadSide; limit: number }) {
  const marker = sql`coalesce(${messageReads.lastReadId}, 0)`;
  const unreadIn = (m: SQL) => sql`${m}.patient_id = ${messageThreads.patientId} and ${m}.id > ${marker} and ${fromSide(q.side, sql`${m}.author_role`)}`;
  const unread = sql<number>`(select count(*) from messages m where ${unreadIn(sql`m`)})`.mapWith(Number);
  // A conversation can hold unread messages only when its last message is past the reader's marker.
  const hasUnread = and(gt(messageThreads.lastMessageId, marker), sql`exists (select 1 from messages m where ${unreadIn(sql`m`)})`);
  const needsAttention = or(inArray(messageThreads.status, ["awaiting_triage", "with_team"]), hasUnread);
  const [rows, [totals]] = await Promise.all([
    db
      .select({
        patientId: messageThreads.patientId,
        givenName: patients.givenName,
        familyName: patients.familyName,
        status: messageThreads.status,
        assignedRole: messageThreads.assignedRole,
        version: messageThreads.version,
        lastMessageId: messageThreads.lastMessageId,
        updatedAt: messageThreads.updatedAt,
        unread,
      })
      .from(careTeamMembers)
      .innerJoin(messageThreads, eq(messageThreads.patientId, careTeamMembers.patientId))
      .innerJoin(patients, eq(patients.id, messageThreads.patientId))
      .leftJoin(messageReads, and(eq(messageReads.patientId, messageThreads.patientId), eq(messageReads.userId, q.userId)))
      .where(and(eq(careTeamMembers.userId, q.userId), needsAttention))
      .orderBy(desc(messageThreads.lastMessageId))
      .limit(q.limit),
    // The totals in one pass: the unread messages joined (not counted per conversation), the queue by status.
    db
      .select({
        unreadMessages: sql<number>`count(m.id)`.mapWith(Number),
        awaitingTriage: sql<number>`count(distinct ${messageThreads.patientId}) filter (where ${messageThreads.status} = 'awaiting_triage')`.mapWith(Number),
      })
      .from(careTeamMembers)
      .innerJoin(messageThreads, eq(messageThreads.patientId, careTeamMembers.patientId))
      .leftJoin(messageReads, and(eq(messageReads.patientId, messageThreads.patientId), eq(messageReads.userId, q.userId)))
      .leftJoin(sql`messages m`, and(gt(messageThreads.lastMessageId, marker), unreadIn(sql`m`)))
      .where(and(eq(careTeamMembers.userId, q.userId), or(eq(messageThreads.status, "awaiting_triage"), gt(messageThreads.lastMessageId, marker)))),
  ]);
  return { rows, totals: totals ?? { unreadMessages: 0, awaitingTriage: 0 } };
}

/** A clinic setting's stored value (e.g. the crisis text patients see), undefined when the clinic set none. */
export async function findClinicSettingValue(db: DbOrTx, key: string): Promise<unknown> {
  const [row] = await db.select({ value: clinicSettings.value }).from(clinicSettings).where(eq(clinicSettings.key, key)).limit(1);
  return row?.value;
}
