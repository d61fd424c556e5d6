"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { LiveMessage } from "@stepwise/api";
import type { Role } from "@stepwise/domain";
import { roleLabels } from "@stepwise/domain/role-labels";
import { useTRPC } from "~/trpc/react";

type PresenceUser = { topic: string; userId: string; name: string; role: string };

interface LiveState {
  watch(kind: "patient" | "meeting", id: string, fromEventId?: number): () => void;
  /** Asks the stream to say when the viewer's own list changes (the homes), while the view is mounted. */
  watchCaseload(): () => void;
  presence: PresenceUser[];
  status: "connecting" | "live" | "reconnecting" | "signed_out" | "idle";
  revoked: Set<string>;
}

const LiveContext = createContext<LiveState | null>(null);

/** Change-log events arrive tracked ({ id, data }); presence and meeting signals arrive bare. */
function unwrap(payload: unknown): { id?: string; message: LiveMessage } {
  if (payload && typeof payload === "object" && "id" in payload && "data" in payload) {
    const tracked = payload as { id: string; data: LiveMessage };
    return { id: tracked.id, message: tracked.data };
  }
  return { message: payload as LiveMessage };
}
const storageKey = "stepwise:lastEventId";

/**
 * One live stream per tab. Views register what they show; the stream carries events for all of
 * them, and each event invalidates exactly the queries that show its patient or meeting.
 */
export function LiveProvider({ children, userId }: { children: ReactNode; userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [watched, setWatched] = useState<{ patients: Map<string, number>; meetings: Map<string, number> }>({ patients: new Map(), meetings: new Map() });
  const [presence, setPresence] = useState<PresenceUser[]>([]);
  const [revoked, setRevoked] = useState<Set<string>>(new Set());
  const [signedOut, setSignedOut] = useState(false);
  const [connected, setConnected] = useState(false);
  const [caseloadViews, setCaseloadViews] = useState(0);
  const lastEventId = useRef<number>(0);

  useEffect(() => {
    // Kept across a re-sign-in in this tab, so the stream resumes where it stopped.
    const saved = Number(sessionStorage.getItem(storageKey) ?? 0);
    if (saved > lastEventId.current) lastEventId.current = saved;
  }, []);

  const watch = useCallback((kind: "patient" | "meeting", id: string, fromEventId?: number) => {
    if (fromEventId !== undefined && lastEventId.current === 0) lastEventId.current = fromEventId;
    setWatched((w) => {
      const map = new Map(kind === "patient" ? w.patients : w.meetings);
      map.set(id, (map.get(id) ?? 0) + 1);
      return kind === "patient" ? { ...w, patients: map } : { ...w, meetings: map };
    });
    return () =>
      setWatched((w) => {
        const map = new Map(kind === "patient" ? w.patients : w.meetings);
        const n = (map.get(id) ?? 1) - 1;
        if (n <= 0) map.delete(id);
        else map.set(id, n);
        return kind === "patient" ? { ...w, patients: map } : { ...w, meetings: map };
      });
  }, []);

  const watchCaseload = useCallback(() => {
    setCaseloadViews((n) => n + 1);
    return () => setCaseloadViews((n) => n - 1);
  }, []);
  const caseload = caseloadViews > 0;

  const patientIds = useMemo(() => [...watched.patients.keys()].sort(), [watched.patients]);
  const meetingIds = useMemo(() => [...watched.meetings.keys()].sort(), [watched.meetings]);
  const enabled = (patientIds.length > 0 || meetingIds.length > 0 || caseload) && !signedOut;
  // The resume point is read when the watched set changes, not on every event: a changing input
  // would reopen the stream each time. Reconnects in between resume from the stream's own last id.
  const input = useMemo(
    () => ({ patientIds, meetingIds, lastEventId: lastEventId.current ? String(lastEventId.current) : null, ...(caseload ? { caseload } : {}) }),
    [patientIds, meetingIds, caseload],
  );

  const subscription = useSubscription(
    trpc.live.events.subscriptionOptions(
      input,
      {
        enabled,
        onStarted: () => {
          setConnected(true);
          // A list that changed while the stream was not yet (or no longer) open was told to no one: re-read it.
          if (caseload) void queryClient.invalidateQueries({ queryKey: trpc.worklist.pathKey() });
        },
        onConnectionStateChange: (state: { state: string }) => setConnected(state.state === "pending"),
        onData: (payload: unknown) => {
          setConnected(true);
          const { id, message } = unwrap(payload);
          if (id) {
            lastEventId.current = Math.max(lastEventId.current, Number(id));
            sessionStorage.setItem(storageKey, String(lastEventId.current));
          }
          switch (message.type) {
            case "event": {
              const { patientId, actorId } = message.event;
              if (actorId === userId) break; // our own change: the mutation already refreshed it
              void queryClient.invalidateQueries({ queryKey: trpc.carePlan.get.queryKey({ patientId }) });
              void queryClient.invalidateQueries({ queryKey: trpc.timeline.list.pathKey() });
              void queryClient.invalidateQueries({ queryKey: trpc.comments.list.pathKey() });
              if (message.event.eventType.startsWith("emergency_access.")) void queryClient.invalidateQueries({ queryKey: trpc.emergencyAccess.forPatient.queryKey({ patientId }) });
              void queryClient.invalidateQueries({ queryKey: trpc.worklist.mine.queryKey() });
              break;
            }
            case "plan_changed":
              // A patient's own record changed (the signal says no more than that): what their pages show is re-read.
              void queryClient.invalidateQueries();
              break;
            case "meeting":
              void queryClient.invalidateQueries({ queryKey: trpc.meetings.pathKey() });
              break;
            case "presence":
              setPresence(message.users);
              break;
            case "caseload":
              // The viewer's own list changed (a flag raised or cleared on a plan of theirs): the homes re-read it.
              void queryClient.invalidateQueries({ queryKey: trpc.worklist.pathKey() });
              break;
            case "access_revoked":
              setRevoked((r) => new Set(r).add(message.patientId));
              break;
          }
        },
        onError: (error) => {
          setConnected(false);
          if ((error as { data?: { code?: string } }).data?.code === "UNAUTHORIZED") setSignedOut(true);
        },
      },
    ),
  );

  const status: LiveState["status"] = signedOut ? "signed_out" : !enabled ? "idle" : connected ? "live" : subscription.status === "error" ? "reconnecting" : "connecting";
  const value = useMemo(() => ({ watch, watchCaseload, presence, status, revoked }), [watch, watchCaseload, presence, status, revoked]);
  return (
    <LiveContext.Provider value={value}>
      {signedOut ? (
        <div className="alert warn" role="alert" style={{ margin: "1rem" }}>
          Your session has ended, so live updates have stopped.{" "}
          <a href={`/login?expired=1&next=${encodeURIComponent(typeof window === "undefined" ? "/" : window.location.pathname)}`}>Sign in again</a> to continue where you left off.
        </div>
      ) : null}
      {children}
    </LiveContext.Provider>
  );
}

export function useLive(): LiveState {
  const live = useContext(LiveContext);
  if (!live) throw new Error("useLive outside LiveProvider");
  return live;
}

/** Registers a patient or meeting with the tab's live stream for as long as the view is mounted. */
export function useLiveTopic(kind: "patient" | "meeting", id: string, fromEventId?: number) {
  const { watch } = useLive();
  useEffect(() => watch(kind, id, fromEventId), [watch, kind, id, fromEventId]);
}

const initials = (name: string) =>
  name
    .replace(/^Dr\.?\s+/, "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0])
    .join("")
    .toUpperCase();

/** Avatars of everyone else who has this patient or meeting open right now. */
export function PresenceBar({ topic, selfId }: { topic: string; selfId: string }) {
  const { presence, status } = useLive();
  const here = presence.filter((p) => p.topic === topic);
  const others = here.filter((p) => p.userId !== selfId);
  return (
    <div className="presence" aria-live="polite" data-testid="presence">
      <span className={`live-dot ${status === "live" ? "on" : ""}`} aria-hidden="true" />
      <span className="meta">{status === "live" ? "Live" : status === "signed_out" ? "Signed out" : "Connecting…"}</span>
      {others.length > 0 ? <span className="meta">· Also viewing:</span> : null}
      <ul className="avatars" aria-label="Also viewing">
        {others.map((p) => (
          <li key={p.userId} className="avatar" title={`${p.name} (${roleLabels[p.role as Role] ?? p.role})`}>
            <span aria-hidden="true">{initials(p.name)}</span>
            <span className="visually-hidden">{p.name}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
