import { randomUUID } from "node:crypto";
import type { TRPCRouterRecord } from "@trpc/server";
import { tracked } from "@trpc/server";
import { isSessionLive } from "@stepwise/auth";
import { activeGrantsOf, deletePresence, eventsAfterFor, memberPatientIds, presentUsers, upsertPresence, writeAuditEntries, type AuditEntry, type BusMessage, type DbOrTx, type PlanEventRow } from "@stepwise/db";
import { streamError } from "../errors";
import { hubFor, openStreams } from "../live/hub";
import { liveEventsInputSchema, NO_PRIVATE_READER, visiblePlanEvents } from "@stepwise/domain";
import { authedProcedure } from "../trpc";
import type { FeedDelivery } from "../live/hub";
import { userTopic } from "../live/topics";
import { mayReadMeeting } from "./meetings/room";

const presenceTtlMs = 20_000;
const refreshMs = 8_000;
/** Idle logoff must reach open streams too, without every event paying for a session read. */
const sessionCheckMs = 5_000;
/** Many viewers arriving at once would otherwise make every stream re-read presence per arrival. */
const presenceDebounceMs = 1_000;

const sessionEnded = () => streamError("session_ended");

export type LiveMessage =
  | { type: "event"; event: { id: number; patientId: string; entityType: string; entityId: string; eventType: string; summary: string; actorId: string; occurredAt: Date; entityVersion: number | null } }
  | { type: "presence"; users: { topic: string; userId: string; name: string; role: string }[] }
  | { type: "meeting"; meetingId: string }
  | { type: "access_revoked"; patientId: string };

type Wake = BusMessage | FeedDelivery;

/** Wake-ups for one stream: bus messages, shared-feed rows and timers, consumed in order. */
class Inbox {
  private items: Wake[] = [];
  private waiter: (() => void) | null = null;
  push(message: Wake) {
    this.items.push(message);
    this.waiter?.();
  }
  async next(timeoutMs: number, signal: AbortSignal | undefined): Promise<Wake[]> {
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

/** The meetings of the request that `meetings.get` would show this viewer (the same rule, `mayReadMeeting`). */
async function readableMeetingIds(db: DbOrTx, user: Parameters<typeof mayReadMeeting>[1], ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  const allowed = await Promise.all(unique.map((id) => mayReadMeeting(db, user, id)));
  return unique.filter((_, i) => allowed[i]);
}

/**
 * A stream's audit: one row per patient it was given (none: one row about no patient), and one
 * denied row per refused topic — a patient off the viewer's team, a meeting they may not see.
 */
function streamAudit(
  base: Pick<AuditEntry, "actorId" | "actorRole" | "action">,
  connectionId: string,
  input: { patientIds: readonly string[]; meetingIds: readonly string[] },
  members: readonly string[],
  meetingIds: readonly string[],
  from: number,
  grants: ReadonlyMap<string, string> = new Map(),
): AuditEntry[] {
  const stream = { ...base, entityType: "live_stream", entityId: connectionId };
  const through = (patientId: string | null) => {
    const grantId = patientId ? grants.get(patientId) : undefined;
    return grantId ? { through: "emergency_access", grantId } : {};
  };
  const granted: AuditEntry[] = (members.length > 0 ? members : [null]).map((patientId) => ({ ...stream, patientId, outcome: "success", detail: { meetingIds: [...meetingIds], from, ...through(patientId) } }));
  const refusedPatients: AuditEntry[] = [...new Set(input.patientIds)]
    .filter((id) => !members.includes(id))
    .map((patientId) => ({ ...stream, patientId, outcome: "denied", detail: { reason: "not_on_care_team" } }));
  const refusedMeetings: AuditEntry[] = [...new Set(input.meetingIds)]
    .filter((id) => !meetingIds.includes(id))
    .map((meetingId) => ({ ...base, entityType: "meeting", entityId: meetingId, outcome: "denied", detail: { reason: "meeting_not_found", connectionId } }));
  return [...granted, ...refusedPatients, ...refusedMeetings];
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
    const connectionId = randomUUID();
    let last = input.lastEventId ?? 0;
    // Every topic is authorised before anything is joined; a refused one is dropped, audited, and never reaches presence.
    // A patient topic: the care team, or an active emergency-access grant (until it expires or is ended).
    let grants = new Map<string, { grantId: string; expiresAt: Date }>();
    const reachablePatients = async () => {
      const [team, granted] = await Promise.all([memberPatientIds(ctx.db, ctx.user.id, input.patientIds), activeGrantsOf(ctx.db, ctx.user.id, input.patientIds, ctx.now())]);
      grants = new Map(granted.filter((g) => !team.includes(g.patientId)).map((g) => [g.patientId, g]));
      return [...team, ...grants.keys()];
    };
    const nextGrantEnd = () => Math.min(Infinity, ...[...grants.values()].map((g) => Date.now() + (g.expiresAt.getTime() - ctx.now().getTime())));
    const [memberIds, meetingIds] = await Promise.all([reachablePatients(), readableMeetingIds(ctx.db, ctx.user, input.meetingIds)]);
    let members = memberIds;
    const grantIds = new Map([...grants].map(([patientId, g]) => [patientId, g.grantId]));
    await writeAuditEntries(ctx.db, streamAudit({ actorId: ctx.user.id, actorRole: ctx.user.role, action: "live.events" }, connectionId, input, members, meetingIds, last, grantIds));
    const meetingTopics = new Set(meetingIds.map((id) => `meeting:${id}`));
    const presenceSignals = new Set([...members.map((id) => `presence:patient:${id}`), ...[...meetingTopics].map((t) => `presence:${t}`)]);
    const ownTopic = userTopic(ctx.user.id);
    const unsubscribe = ctx.bus.subscribe((m) => {
      if (m.kind === "gap" || meetingTopics.has(m.topic) || presenceSignals.has(m.topic) || m.topic === ownTopic) inbox.push(m);
    });
    const hub = hubFor(ctx.db, ctx.bus);
    const leave = new Map<string, () => void>();
    // Everything up to here the client already has; later rows are told apart by id.
    const floor = last;
    const delivered = new Set<number>();

    const visibleTopics = () => [...members.map((id) => `patient:${id}`), ...meetingTopics];
    const announcePresence = () => Promise.all([...members.map((id) => `presence:patient:${id}`), ...[...meetingTopics].map((t) => `presence:${t}`)].map((t) => ctx.bus.publish(t)));

    /** The viewer's own filter, the same as the history's; through a grant no private row matches the reader. */
    const view = (row: PlanEventRow) => {
      if (visiblePlanEvents([row], grants.has(row.patientId) ? { ...viewer, userId: NO_PRIVATE_READER } : viewer).length === 0) return null;
      const event = { id: row.id, patientId: row.patientId, entityType: row.entityType, entityId: row.entityId, eventType: row.eventType, summary: row.summary, actorId: row.actorId, occurredAt: row.occurredAt, entityVersion: row.entityVersion };
      return tracked(String(row.id), { type: "event", event } satisfies LiveMessage);
    };

    const streams = openStreams();
    const leaveStreams = streams.enter();
    const wake = signal ? AbortSignal.any([signal, streams.stopping]) : streams.stopping;
    try {
      // Join the shared feeds before the catch-up read: anything committed in between arrives from one or the other.
      for (const id of members) leave.set(id, await hub.join(id, sessionId, (delivery) => inbox.push(delivery)));
      await upsertPresence(ctx.db, connectionId, ctx.user.id, visibleTopics(), new Date(ctx.now().getTime() + presenceTtlMs));
      await announcePresence();

      for (;;) {
        const rows = await eventsAfterFor(ctx.db, members, ctx.user.id, last, 200);
        // Checked after the read, as the shared feed does: a session ended meanwhile gets none of it.
        if (!(await isSessionLive(ctx.db, sessionId, ctx.now()))) throw sessionEnded();
        for (const row of rows) {
          last = Math.max(last, row.id);
          delivered.add(row.id);
          const out = view(row);
          if (out) yield out;
        }
        if (rows.length < 200) break;
      }

      let presenceDue = true;
      let presenceAt = 0;
      let refreshAt = Date.now() + refreshMs;
      let sessionCheckAt = Date.now() + sessionCheckMs;
      for (;;) {
        if (presenceDue && Date.now() >= presenceAt) {
          presenceDue = false;
          presenceAt = Date.now() + presenceDebounceMs;
          yield { type: "presence", users: await presentUsers(ctx.db, visibleTopics(), ctx.now()) } satisfies LiveMessage;
        }
        const wait = Math.max(0, Math.min(refreshAt, sessionCheckAt, presenceDue ? presenceAt : Infinity, nextGrantEnd()) - Date.now());
        const wakes = await inbox.next(wait, wake);
        if (signal?.aborted) return;
        if (streams.stopping.aborted) throw streamError("server_stopping");
        if (Date.now() >= sessionCheckAt) {
          sessionCheckAt = Date.now() + sessionCheckMs;
          if (!(await isSessionLive(ctx.db, sessionId, ctx.now()))) {
            throw sessionEnded();
          }
        }
        if (Date.now() >= nextGrantEnd()) {
          // A grant expired: that patient's part of the stream ends now.
          const now = await reachablePatients();
          for (const removed of members.filter((id) => !now.includes(id))) {
            leave.get(removed)?.();
            leave.delete(removed);
            presenceDue = true;
            yield { type: "access_revoked", patientId: removed } satisfies LiveMessage;
          }
          members = now;
        }
        for (const wake of wakes) {
          if (wake.kind === "session_ended") throw sessionEnded();
          if (wake.kind === "topic" && wake.topic === ownTopic) {
            if (!(await isSessionLive(ctx.db, sessionId, ctx.now()))) throw sessionEnded();
            continue;
          }
          if (wake.kind === "rows") {
            for (const row of wake.rows) {
              if (row.id <= floor || delivered.has(row.id) || !members.includes(row.patientId)) continue;
              // A care-team change may be this viewer's removal, a grant's end its holder's: re-read access before anything else is sent.
              if (row.eventType.startsWith("care_team.") || row.eventType.startsWith("emergency_access.")) {
                const now = await reachablePatients();
                for (const removed of members.filter((id) => !now.includes(id))) {
                  leave.get(removed)?.();
                  leave.delete(removed);
                  presenceDue = true;
                  yield { type: "access_revoked", patientId: removed } satisfies LiveMessage;
                }
                members = now;
                if (!members.includes(row.patientId)) continue;
              }
              delivered.add(row.id);
              if (delivered.size > 5_000) delivered.delete(delivered.values().next().value!);
              last = Math.max(last, row.id);
              const out = view(row);
              if (out) yield out;
            }
          } else if (wake.kind === "topic" && wake.topic.startsWith("meeting:")) {
            yield { type: "meeting", meetingId: wake.topic.slice("meeting:".length) } satisfies LiveMessage;
          } else {
            presenceDue = true; // presence change, or a gap in the bus (its feeds re-read on their own)
          }
        }
        if (Date.now() >= refreshAt) {
          refreshAt = Date.now() + refreshMs;
          await upsertPresence(ctx.db, connectionId, ctx.user.id, visibleTopics(), new Date(ctx.now().getTime() + presenceTtlMs));
        }
      }
    } finally {
      unsubscribe();
      for (const off of leave.values()) off();
      await deletePresence(ctx.db, connectionId).catch(() => {});
      await announcePresence().catch(() => {});
      leaveStreams();
    }
  }),
} satisfies TRPCRouterRecord;
