import { randomUUID } from "node:crypto";
import type { TRPCRouterRecord } from "@trpc/server";
import { tracked, type TrackedEnvelope } from "@trpc/server";
import { linkedPatientsOf, type AuditEntry, type BusMessage, type DbOrTx, type PlanEventRow } from "@stepwise/db";
import { streamError } from "../errors";
import { hubFor, openStreams, presenceTtlMs, type LiveHub, type OpenStream, type StreamSignal } from "../live/hub";
import { liveEventsInputSchema, NO_PRIVATE_READER, patientVisibleEvent, planEventViewClass, visiblePlanEvents, type LiveEventsInput, type PatientPlanSignal, type Viewer } from "@stepwise/domain";
import { authedProcedure } from "../trpc";
import { caseloadTopic, userTopic } from "../live/topics";
import { sharedMessage } from "../live/wire";
import { mayReadMeeting } from "./meetings/room";

const sessionEnded = () => streamError("session_ended");

export type LiveMessage =
  | { type: "event"; event: { id: number; patientId: string; entityType: string; entityId: string; eventType: string; summary: string; actorId: string; occurredAt: Date; entityVersion: number | null } }
  /** A patient's own stream: that a part of their plan changed, never what (see `patientVisibleEvent`). */
  | { type: "plan_changed"; change: PatientPlanSignal }
  | { type: "presence"; users: { topic: string; userId: string; name: string; role: string }[] }
  | { type: "meeting"; meetingId: string }
  | { type: "access_revoked"; patientId: string }
  /** The viewer's own list changed (caseload streams only): re-read it. Says nothing of which patient or why. */
  | { type: "caseload" };

type Wake = BusMessage | StreamSignal;
type Tracked = TrackedEnvelope<LiveMessage>;

/** Wake-ups for one stream: bus messages, shared-feed rows and instance signals, consumed in order. */
class Inbox {
  private items: Wake[] = [];
  private waiter: (() => void) | null = null;
  push(message: Wake) {
    this.items.push(message);
    this.waiter?.();
  }
  async next(timeoutMs: number, signal: AbortSignal): Promise<Wake[]> {
    if (this.items.length === 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const timer = timeoutMs === Infinity ? undefined : setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          resolve();
        }
        this.waiter = done;
        signal.addEventListener("abort", done);
      });
      this.waiter = null;
    }
    const out = this.items;
    this.items = [];
    return out;
  }
}

/**
 * A row as one viewer receives it, projected and wrapped once per visibility class: every stream of
 * the class is handed the same object, which the transformer serialises once (`sharedMessage`).
 * Rows of the shared feed are the same objects for all its streams; a catch-up row is one stream's.
 */
const views = new WeakMap<PlanEventRow, Map<string, Tracked | null>>();

function viewOnce(row: PlanEventRow, key: string, make: () => LiveMessage | null): Tracked | null {
  let byClass = views.get(row);
  if (!byClass) {
    byClass = new Map();
    views.set(row, byClass);
  }
  if (byClass.has(key)) return byClass.get(key)!;
  const message = make();
  const out = message ? tracked(String(row.id), sharedMessage(message)) : null;
  byClass.set(key, out);
  return out;
}

/** The staff view of a row, the same filter as the history's; through a grant no private row matches the reader. */
function staffView(row: PlanEventRow, viewer: Viewer, throughGrant: boolean): Tracked | null {
  const as = throughGrant ? { ...viewer, userId: NO_PRIVATE_READER } : viewer;
  return viewOnce(row, throughGrant ? `${viewer.role}:grant` : planEventViewClass(row, as), () => {
    if (visiblePlanEvents([row], as).length === 0) return null;
    const event = { id: row.id, patientId: row.patientId, entityType: row.entityType, entityId: row.entityId, eventType: row.eventType, summary: row.summary, actorId: row.actorId, occurredAt: row.occurredAt, entityVersion: row.entityVersion };
    return { type: "event", event };
  });
}

/** The patient's view of a row of their own plan: a content-free signal, or nothing. */
function patientView(row: PlanEventRow): Tracked | null {
  return viewOnce(row, "patient", () => {
    const change = patientVisibleEvent(row);
    return change ? { type: "plan_changed", change } : null;
  });
}

/**
 * Ids a catch-up read delivered that the shared feed may still hand over (it looks back this far);
 * older ones it never re-delivers, so a stream remembers only these, not its whole history.
 */
const catchUpOverlap = 400;

/** A burst of writes changing a list tells its homes once per this long, at most. */
const caseloadDebounceMs = 1_000;
const caseloadMessage = sharedMessage({ type: "caseload" } satisfies LiveMessage);

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
  portal = false,
): AuditEntry[] {
  const stream = { ...base, entityType: "live_stream", entityId: connectionId };
  const through = (patientId: string | null) => {
    if (portal) return { through: "patient_portal" };
    const grantId = patientId ? grants.get(patientId) : undefined;
    return grantId ? { through: "emergency_access", grantId } : {};
  };
  const granted: AuditEntry[] = (members.length > 0 ? members : [null]).map((patientId) => ({ ...stream, patientId, outcome: "success", detail: { meetingIds: [...meetingIds], from, ...through(patientId) } }));
  const refusedPatients: AuditEntry[] = [...new Set(input.patientIds)]
    .filter((id) => !members.includes(id))
    .map((patientId) => ({ ...stream, patientId, outcome: "denied", detail: { reason: portal ? "not_own_record" : "not_on_care_team", ...(portal ? { through: "patient_portal" } : {}) } }));
  const refusedMeetings: AuditEntry[] = [...new Set(input.meetingIds)]
    .filter((id) => !meetingIds.includes(id))
    .map((meetingId) => ({ ...base, entityType: "meeting", entityId: meetingId, outcome: "denied", detail: { reason: "meeting_not_found", connectionId } }));
  return [...granted, ...refusedPatients, ...refusedMeetings];
}

/**
 * The topics a stream may have: a patient through the care team or an active emergency-access grant
 * (until it expires or is ended), a meeting `meetings.get` would show; a patient account only its
 * own linked record and no meeting.
 */
function topicAccess(db: DbOrTx, hub: LiveHub, user: Parameters<typeof mayReadMeeting>[1], input: LiveEventsInput, now: () => Date) {
  const portal = user.role === "patient";
  let grants = new Map<string, { grantId: string; expiresAt: Date }>();
  let linkedPatientId: string | undefined;
  return {
    portal,
    get grants() {
      return grants;
    },
    get linkedPatientId() {
      return linkedPatientId;
    },
    async patients(): Promise<string[]> {
      if (portal) {
        const linked = (await linkedPatientsOf(db, [user.id])).get(user.id);
        linkedPatientId = linked;
        return linked && input.patientIds.includes(linked) ? [linked] : [];
      }
      const [team, granted] = await Promise.all([hub.teamPatients(user.id, input.patientIds), hub.activeGrants(user.id, input.patientIds, now())]);
      grants = new Map(granted.filter((g) => !team.includes(g.patientId)).map((g) => [g.patientId, g]));
      return [...team, ...grants.keys()];
    },
    meetings: (): Promise<string[]> => (portal ? Promise.resolve([]) : readableMeetingIds(db, user, input.meetingIds)),
    /** When the earliest grant ends, in this process's clock. */
    nextGrantEnd: () => Math.min(Infinity, ...[...grants.values()].map((g) => Date.now() + (g.expiresAt.getTime() - now().getTime()))),
  };
}

/** Ends a wait when the client leaves or the server stops, without tying the stream to a long-lived signal. */
function wakeOn(signals: (AbortSignal | undefined)[]): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const abort = () => controller.abort();
  for (const s of signals) {
    if (s?.aborted) controller.abort();
    s?.addEventListener("abort", abort);
  }
  return { signal: controller.signal, release: () => signals.forEach((s) => s?.removeEventListener("abort", abort)) };
}

export const liveRouter = {
  /**
   * One multiplexed stream per browser tab: the plan_events of the patients (and the changes of the
   * meetings) the tab shows, each event `tracked` by its id so a reconnect resumes after the last one.
   * The shared feeds are joined before the catch-up read, so nothing committed in between is missed.
   * A patient account's stream carries only "your plan changed" signals for its own record.
   * What would cost a query per stream is the instance's (see `LiveHub`): session checks, presence
   * refresh and presence reads are one statement for all streams, joins' writes are coalesced.
   */
  events: authedProcedure.input(liveEventsInputSchema).subscription(async function* ({ ctx, input, signal }) {
    const sessionId = ctx.session.sessionId;
    const viewer: Viewer = { userId: ctx.user.id, role: ctx.user.role };
    const inbox = new Inbox();
    const connectionId = randomUUID();
    const hub: LiveHub = hubFor(ctx.db, ctx.bus);
    let last = input.lastEventId ?? 0;
    // Every topic is authorised before anything is joined; a refused one is dropped, audited, and never reaches presence.
    const access = topicAccess(ctx.db, hub, ctx.user, input, ctx.now);
    const [memberIds, meetingIds] = await Promise.all([access.patients(), access.meetings()]);
    let members = memberIds;
    const grantIds = new Map([...access.grants].map(([patientId, g]) => [patientId, g.grantId]));
    await hub.audit.add(streamAudit({ actorId: ctx.user.id, actorRole: ctx.user.role, action: "live.events" }, connectionId, input, members, meetingIds, last, grantIds, access.portal));
    const meetingTopics = new Set(meetingIds.map((id) => `meeting:${id}`));
    const ownTopic = userTopic(ctx.user.id);
    // Only the viewer's own list, never another user's: the topic is taken from the session.
    const ownCaseload = input.caseload && !access.portal ? caseloadTopic(ctx.user.id) : null;
    const unsubscribe = ctx.bus.subscribe((m) => {
      if (meetingTopics.has((m as { topic?: string }).topic ?? "") || (m.kind === "topic" && (m.topic === ownTopic || m.topic === ownCaseload))) inbox.push(m);
    });
    /** When the pending caseload signal is due (null: none pending), and when the last one was sent. */
    let caseloadDue: number | null = null;
    let caseloadSent = -Infinity;
    const leave = new Map<string, () => void>();
    // Everything up to here the client already has; later rows are told apart by id.
    const floor = last;
    const caughtUp = new Set<number>();

    // Patients are never shown in the team's presence, and are not shown it.
    const visibleTopics = () => (access.portal ? [] : [...members.map((id) => `patient:${id}`), ...meetingTopics]);
    const shownOn = visibleTopics();
    const announce = (topics: readonly string[]) => hub.announce.add(topics.map((t) => `presence:${t}`));
    const view = (row: PlanEventRow) => (access.portal ? patientView(row) : staffView(row, viewer, access.grants.has(row.patientId)));
    const stream: OpenStream = {
      connectionId,
      userId: ctx.user.id,
      sessionId,
      now: ctx.now,
      presentOn: visibleTopics,
      watching: visibleTopics,
      linkedPatientId: access.portal && members.length > 0 ? members[0] : undefined,
      signal: (s) => inbox.push(s),
    };
    /** Drops patients the viewer lost, telling the client which. */
    const revoke = (now: readonly string[]): LiveMessage[] => {
      const removed = members.filter((id) => !now.includes(id));
      for (const id of removed) {
        leave.get(id)?.();
        leave.delete(id);
      }
      members = members.filter((id) => now.includes(id));
      if (removed.length > 0 && !access.portal) void announce(removed.map((id) => `patient:${id}`));
      return removed.map((patientId) => ({ type: "access_revoked", patientId }));
    };

    const streams = openStreams();
    const leaveStreams = streams.enter();
    const wake = wakeOn([signal, streams.stopping]);
    let closeOpen: (() => void) | null = null;
    try {
      // Join the shared feeds before the catch-up read: anything committed in between arrives from one or the other.
      for (const id of members) leave.set(id, await hub.join(id, sessionId, (delivery) => inbox.push(delivery)));
      if (shownOn.length > 0) {
        const expiresAt = new Date(ctx.now().getTime() + presenceTtlMs);
        await hub.present.add(shownOn.map((topic) => ({ connectionId, topic, userId: ctx.user.id, expiresAt })));
      }
      closeOpen = hub.open(stream);
      if (shownOn.length > 0) await announce(shownOn);

      for (;;) {
        const page = await hub.catchUp(ctx.user.id, members, last);
        // Checked after the read, as the shared feed does: a session ended meanwhile gets none of it.
        if (!(await hub.sessionLive(sessionId, ctx.now()))) throw sessionEnded();
        for (const row of page.rows) {
          caughtUp.add(row.id);
          const out = view(row);
          if (out) yield out;
        }
        last = Math.max(last, page.lastId);
        if (!page.more) break;
      }
      for (const id of caughtUp) if (id < last - catchUpOverlap) caughtUp.delete(id);
      // Nothing to show presence of: the (empty) presence now, as the sign that the stream is open.
      if (shownOn.length === 0) yield sharedEmptyPresence;

      for (;;) {
        const wait = Math.max(0, Math.min(access.nextGrantEnd(), caseloadDue ?? Infinity) - Date.now());
        const wakes = await inbox.next(wait, wake.signal);
        if (signal?.aborted) return;
        if (streams.stopping.aborted) throw streamError("server_stopping");
        if (Date.now() >= access.nextGrantEnd()) {
          // A grant expired: that patient's part of the stream ends now.
          for (const m of revoke(await access.patients())) yield m;
        }
        for (const w of wakes) {
          if (w.kind === "session_ended") throw sessionEnded();
          if (w.kind === "unlinked") {
            // The patient's link was revoked: their record's part of the stream ends, and so does the stream.
            for (const m of revoke([])) yield m;
            return;
          }
          if (w.kind === "presence") {
            yield w.message satisfies LiveMessage;
            continue;
          }
          if (w.kind === "topic" && w.topic === ownCaseload) {
            caseloadDue ??= Math.max(Date.now(), caseloadSent + caseloadDebounceMs);
            continue;
          }
          if (w.kind === "topic" && w.topic === ownTopic) {
            if (!(await hub.sessionLive(sessionId, ctx.now()))) throw sessionEnded();
            if (access.portal && members.length > 0 && !(await hub.stillLinked(ctx.user.id, members[0]!))) {
              for (const m of revoke([])) yield m;
              return;
            }
            continue;
          }
          if (w.kind === "rows") {
            for (const row of w.rows) {
              if (row.id <= floor || caughtUp.has(row.id) || !members.includes(row.patientId)) continue;
              // A care-team change may be this viewer's removal, a grant's end its holder's: re-read access before anything else is sent.
              if (!access.portal && (row.eventType.startsWith("care_team.") || row.eventType.startsWith("emergency_access."))) {
                for (const m of revoke(await access.patients())) yield m;
                if (!members.includes(row.patientId)) continue;
              }
              last = Math.max(last, row.id);
              const out = view(row);
              if (out) yield out;
            }
          } else if (w.kind === "topic" && w.topic.startsWith("meeting:")) {
            yield { type: "meeting", meetingId: w.topic.slice("meeting:".length) } satisfies LiveMessage;
          }
        }
        if (caseloadDue !== null && Date.now() >= caseloadDue) {
          caseloadDue = null;
          caseloadSent = Date.now();
          yield caseloadMessage;
        }
      }
    } finally {
      wake.release();
      unsubscribe();
      closeOpen?.();
      for (const off of leave.values()) off();
      if (shownOn.length > 0) {
        await hub.absent.add([connectionId]).catch(() => {});
        await announce(shownOn).catch(() => {});
      }
      leaveStreams();
    }
  }),
} satisfies TRPCRouterRecord;

const sharedEmptyPresence = sharedMessage({ type: "presence", users: [] } satisfies LiveMessage);
