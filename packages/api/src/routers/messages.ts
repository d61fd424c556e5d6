import type { TRPCRouterRecord } from "@trpc/server";
import {
  appendMessage,
  countUnreadMessages,
  findClinicSettingValue,
  findMessageThread,
  findReadMarker,
  listMessageInbox,
  listMessages,
  markMessagesRead,
  RowNotFoundError,
  triageMessageThread,
  type DbOrTx,
  type MessageThreadRow,
} from "@stepwise/db";
import {
  applyTriage,
  assertThreadVersion,
  can,
  crisisResourcesSettingKey,
  decideGrantUse,
  ForbiddenError,
  markMessagesReadInputSchema,
  markMyMessagesReadInputSchema,
  mayAnswerMessages,
  messageAssigneeRoleSchema,
  messageEventSummary,
  messagePolicy,
  messagesBannerText,
  messageSideOf,
  messageThreadInputSchema,
  myMessagesInputSchema,
  noInputSchema,
  roleLabels,
  sendMessageInputSchema,
  sendMyMessageInputSchema,
  threadAfterMessage,
  triageEventSummary,
  triageMessagesInputSchema,
  unreadSideFor,
  type MessageAssigneeRole,
  type Role,
  type ThreadState,
} from "@stepwise/domain";
import { clinicProcedure, patientProcedure, selfProcedure } from "../trpc";

/** An assignment the domain no longer knows reads as none. */
function assigneeOf(stored: string | null): MessageAssigneeRole | null {
  const assigned = messageAssigneeRoleSchema.safeParse(stored);
  return assigned.success ? assigned.data : null;
}

/** The thread as the domain's rules see it. */
function stateOf(thread: MessageThreadRow | undefined): ThreadState | null {
  return thread ? { status: thread.status, assignedRole: assigneeOf(thread.assignedRole) } : null;
}

/** A page of the conversation as a reader sees it; bodies leave the server only here. */
async function conversationPage(db: DbOrTx, patientId: string, reader: { userId: string; role: Role }, page: { cursor?: number | null; limit?: number }) {
  const [messages, lastReadId, unread] = await Promise.all([
    listMessages(db, { patientId, beforeId: page.cursor, limit: page.limit ?? messagePolicy.pageSize }),
    findReadMarker(db, patientId, reader.userId),
    countUnreadMessages(db, { patientId, userId: reader.userId, side: unreadSideFor(reader.role) }),
  ]);
  const items = messages.items.map((m) => ({
    id: m.id,
    body: m.body,
    createdAt: m.createdAt,
    fromPatient: m.authorRole === "patient",
    mine: m.authorId === reader.userId,
    authorName: m.authorName,
    authorRoleLabel: roleLabels[m.authorRole as Role] ?? "Care team",
  }));
  return { items, nextCursor: messages.nextCursor, lastReadId, unread };
}

interface Sender {
  patientId: string;
  userId: string;
  role: Role;
  now: Date;
}

/** Appends under the thread's lock, so the state a message leaves is decided from the latest one. */
async function send(tx: DbOrTx, sender: Sender, body: string) {
  const current = await findMessageThread(tx, sender.patientId, { forUpdate: true });
  const next = threadAfterMessage(stateOf(current), sender.role);
  return appendMessage(tx, { patientId: sender.patientId, authorId: sender.userId, authorRole: sender.role, body, now: sender.now }, next);
}

const sentEvent = (role: Role, thread: MessageThreadRow, discipline: string | null) => ({
  entityType: "message_thread",
  entityId: thread.patientId,
  eventType: "message.sent",
  // Content-free: who wrote, never what.
  summary: messageEventSummary(role),
  discipline,
  entityVersion: thread.version,
});

function threadView(thread: MessageThreadRow | undefined) {
  if (!thread) return null;
  const state = stateOf(thread)!;
  return { ...state, version: thread.version, triagedAt: thread.triagedAt, updatedAt: thread.updatedAt };
}

export const messagesRouter = {
  // --- the patient's side (their own conversation; the patient id is the session's) ---------------

  mine: selfProcedure.input(myMessagesInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("message.read");
    const [page, crisisSetting] = await Promise.all([
      conversationPage(ctx.db, ctx.patientId, { userId: ctx.user.id, role: ctx.user.role }, input),
      findClinicSettingValue(ctx.db, crisisResourcesSettingKey),
    ]);
    return { ...page, banner: messagesBannerText(crisisSetting) };
  }),

  sendMine: selfProcedure.input(sendMyMessageInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("message.send");
    const sender = { patientId: ctx.patientId, userId: ctx.user.id, role: ctx.user.role, now: ctx.now() };
    const { message } = await ctx.write({ entityType: "message" }, async (tx) => {
      const sent = await send(tx, sender, input.body);
      await ctx.event(tx, sentEvent(ctx.user.role, sent.thread, null));
      return { ...sent, id: sent.message.id };
    });
    return { id: message.id, createdAt: message.createdAt };
  }),

  markReadMine: selfProcedure.input(markMyMessagesReadInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("message.read");
    const lastReadId = await ctx.write({ entityType: "message_read", entityId: ctx.patientId }, (tx) =>
      markMessagesRead(tx, { patientId: ctx.patientId, userId: ctx.user.id, upToId: input.upToId, now: ctx.now() }),
    );
    return { lastReadId };
  }),

  // --- the care team's side -------------------------------------------------------------------------

  /** The conversation on the plan page, with its triage state and what this viewer may do with it. */
  thread: patientProcedure.input(messageThreadInputSchema).query(async ({ ctx, input }) => {
    ctx.authorize("message.read");
    const [page, thread] = await Promise.all([
      conversationPage(ctx.db, ctx.patientId, { userId: ctx.user.id, role: ctx.user.role }, input),
      findMessageThread(ctx.db, ctx.patientId),
    ]);
    // Read-only emergency access reads the conversation and writes nothing in it.
    const grantWrites = ctx.access.kind !== "grant" || decideGrantUse(ctx.access, ctx.user.role, { write: true }).allowed;
    return {
      ...page,
      thread: threadView(thread),
      viewer: { canSend: grantWrites && mayAnswerMessages(ctx.user.role), canTriage: grantWrites && can(ctx.user.role, "message.triage") },
    };
  }),

  send: patientProcedure.input(sendMessageInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("message.send");
    const sender = { patientId: ctx.patientId, userId: ctx.user.id, role: ctx.user.role, now: ctx.now() };
    const { message, thread } = await ctx.write({ entityType: "message" }, async (tx) => {
      const sent = await send(tx, sender, input.body);
      await ctx.event(tx, sentEvent(ctx.user.role, sent.thread, ctx.discipline));
      return { ...sent, id: sent.message.id };
    });
    return { id: message.id, createdAt: message.createdAt, thread: threadView(thread) };
  }),

  markRead: patientProcedure.input(markMessagesReadInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("message.read");
    const lastReadId = await ctx.write({ entityType: "message_read", entityId: ctx.patientId }, (tx) =>
      markMessagesRead(tx, { patientId: ctx.patientId, userId: ctx.user.id, upToId: input.upToId, now: ctx.now() }),
    );
    return { lastReadId };
  }),

  triage: patientProcedure.input(triageMessagesInputSchema).mutation(async ({ ctx, input }) => {
    ctx.authorize("message.triage");
    const thread = await ctx.write({ entityType: "message_thread", entityId: ctx.patientId, detail: { status: input.status, assignedRole: input.assignedRole ?? null } }, async (tx) => {
      const current = await findMessageThread(tx, ctx.patientId, { forUpdate: true });
      if (!current) throw new RowNotFoundError("Conversation");
      assertThreadVersion(current, input.version, { current: threadView(current) });
      const next = applyTriage(stateOf(current)!, { status: input.status, assignedRole: input.assignedRole });
      const row = await triageMessageThread(tx, { patientId: ctx.patientId, expectedVersion: input.version, triagedBy: ctx.user.id, now: ctx.now() }, next);
      await ctx.event(tx, {
        entityType: "message_thread",
        entityId: ctx.patientId,
        eventType: "message.triaged",
        summary: triageEventSummary(next, next.assignedRole ? roleLabels[next.assignedRole] : undefined),
        discipline: ctx.discipline,
        entityVersion: row.version,
      });
      return row;
    });
    return threadView(thread)!;
  }),

  /**
   * The caller's conversations across their care teams that want something of them: waiting for
   * triage, with the team, or holding messages from the patient they have not read. For the homes.
   */
  inbox: clinicProcedure("message.read")
    .input(noInputSchema)
    .query(async ({ ctx }) => {
      if (messageSideOf(ctx.user.role) === "patient") throw new ForbiddenError("The patient reads their own conversation.");
      const { rows, totals } = await listMessageInbox(ctx.db, { userId: ctx.user.id, side: unreadSideFor(ctx.user.role), limit: 50 });
      await ctx.audit({ patientIds: rows.map((r) => r.patientId), entityType: "message_thread", detail: { shown: rows.length } });
      return {
        items: rows.map((r) => ({ ...r, assignedRole: assigneeOf(r.assignedRole), name: `${r.givenName} ${r.familyName}` })),
        unreadMessages: totals.unreadMessages,
        awaitingTriage: totals.awaitingTriage,
      };
    }),
} satisfies TRPCRouterRecord;
