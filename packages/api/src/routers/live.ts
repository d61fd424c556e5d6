import { randomUUID } from "node:crypto";
import type { TRPCRouterRecord } from "@trpc/server";
import { tracked, TRPCError } from "@trpc/server";
import { z } from "zod";
import { isSessionLive } from "@stepwise/auth";
import { deletePresence, eventsAfterFor, memberPatientIds, presentUsers, upsertPresence, writeAudit, type BusMessage } from "@stepwise/db";
import { projectTimelineEvent, timelineEntityTypeSchema } from "@stepwise/domain";
import { authedProcedure } from "../trpc";

const presenceTtlMs = 20_000;
const refreshMs = 8_000;

export const liveEventsInputSchema = z.object({
  patientIds: z.array(z.uuid()).max(20).default([]),
  meetingIds: z.array(z.uuid()).max(5).default([]),
  /** The last plan_events id the client has applied; tRPC fills it in on reconnect. */
  lastEventId: z.string().regex(/^\d+$/).nullish(),
});

export type LiveMessage =
  | { type: "event"; event: { id: number; patientId: string; entityType: string; entityId: string; eventType: string; summary: string; actorId: string; occurredAt: Date; entityVersion: number | null } }
  | { type: "presence"; users: { topic: string; userId: string; name: string; role: string }[] }
  | { type: "meeting"; meetingId: string }
  | { type: "access_revoked"; patientId: string };

/** Wake-ups for one stream: bus messages and timers, consumed in order. */
class Inbox {
  private items: BusMessage[] = [];
  private waiter: (() => void) | null = null;
  push(message: BusMessage) {
    this.items.push(message);
    this.waiter?.();
  }
  async next(timeoutMs: number, signal: AbortSignal | undefined): Promise<BusMessage[]> {
    if (this.items.length === 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener("abort", done);
          resolve();
        }
        this.waiter = done;
        signal?.addEventListener("abort", done);
      });
      this.waiter = null;
    }
    const out = this.items;
    this.items = [];
    return out;
  }
}

export const liveRouter = {
  /**
   * One multiplexed stream per browser tab: the plan_events of the patients (and the changes of the
   * meetings) the tab shows, each event `tracked` by its id so a reconnect resumes after the last one.
   * The bus is subscribed before the catch-up read, so nothing committed in between is missed.
   */
  events: authedProcedure.input(liveEventsInputSchema).subscription(async function* ({ ctx, input, signal }) {
    const sessionId = ctx.session.sessionId;
    const viewer = { userId: ctx.user.id, role: ctx.user.role };
    const inbox = new Inbox();
    const patientTopics = new Set(input.patientIds.map((id) => `patient:${id}`));
    const meetingTopics = new Set(input.meetingIds.map((id) => `meeting:${id}`));
    const presenceTopics = [...patientTopics, ...meetingTopics];
    const presenceSignals = new Set(presenceTopics.map((t) => `presence:${t}`));
    const unsubscribe = ctx.bus.subscribe((m) => {
      if (m.kind === "gap" || patientTopics.has(m.topic) || meetingTopics.has(m.topic) || presenceSignals.has(m.topic)) inbox.push(m);
    });
    const connectionId = randomUUID();
    let last = Number(input.lastEventId ?? 0);
    let members = await memberPatientIds(ctx.db, ctx.user.id, input.patientIds);
    await writeAudit(ctx.db, { actorId: ctx.user.id, actorRole: ctx.user.role, action: "live.events", outcome: "success", entityType: "live_stream", entityId: connectionId, detail: { patientIds: members, meetingIds: input.meetingIds, from: last } });

    const announcePresence = async () => {
      await Promise.all(presenceTopics.map((t) => ctx.bus.publish(`presence:${t}`)));
    };
    const visibleTopics = () => [...members.map((id) => `patient:${id}`), ...meetingTopics];

    try {
      await upsertPresence(ctx.db, connectionId, ctx.user.id, visibleTopics(), new Date(ctx.now().getTime() + presenceTtlMs));
      await announcePresence();
      let presenceDue = true;
      let refreshAt = Date.now() + refreshMs;

      for (;;) {
        // Catch up: every visible event after the last one delivered, in id order.
        if (members.length > 0) {
          for (;;) {
            const rows = await eventsAfterFor(ctx.db, members, ctx.user.id, last, 200);
            for (const row of rows) {
              last = row.id;
              const entityType = timelineEntityTypeSchema.safeParse(row.entityType);
              const projected = entityType.success ? projectTimelineEvent({ ...row, entityType: entityType.data, psychNoteKind: row.psychNoteKind === "shared_summary" || row.psychNoteKind === "psychotherapy" ? row.psychNoteKind : null }, viewer) : null;
              if (!projected) continue;
              const event = { id: row.id, patientId: row.patientId, entityType: row.entityType, entityId: row.entityId, eventType: row.eventType, summary: row.summary, actorId: row.actorId, occurredAt: row.occurredAt, entityVersion: row.entityVersion };
              yield tracked(String(row.id), { type: "event", event } satisfies LiveMessage);
            }
            if (rows.length < 200) break;
          }
        }
        if (presenceDue) {
          presenceDue = false;
          yield { type: "presence", users: await presentUsers(ctx.db, visibleTopics(), ctx.now()) } satisfies LiveMessage;
        }

        const messages = await inbox.next(Math.max(0, refreshAt - Date.now()), signal);
        if (signal?.aborted) return;
        if (!(await isSessionLive(ctx.db, sessionId, ctx.now()))) {
          throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Sign in again to keep receiving updates." });
        }
        // Membership is re-read on every wake-up: removal from a care team stops the feed at once.
        const now = await memberPatientIds(ctx.db, ctx.user.id, input.patientIds);
        for (const removed of members.filter((id) => !now.includes(id))) {
          yield { type: "access_revoked", patientId: removed } satisfies LiveMessage;
          presenceDue = true;
        }
        members = now;
        for (const m of messages) {
          if (m.kind === "topic" && m.topic.startsWith("meeting:")) yield { type: "meeting", meetingId: m.topic.slice("meeting:".length) } satisfies LiveMessage;
          if (m.kind === "topic" && m.topic.startsWith("presence:")) presenceDue = true;
          if (m.kind === "gap") presenceDue = true;
        }
        if (Date.now() >= refreshAt) {
          refreshAt = Date.now() + refreshMs;
          await upsertPresence(ctx.db, connectionId, ctx.user.id, visibleTopics(), new Date(ctx.now().getTime() + presenceTtlMs));
        }
      }
    } finally {
      unsubscribe();
      await deletePresence(ctx.db, connectionId).catch(() => {});
      await announcePresence().catch(() => {});
    }
  }),
} satisfies TRPCRouterRecord;
