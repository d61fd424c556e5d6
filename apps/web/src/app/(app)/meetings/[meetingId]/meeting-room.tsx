"use client";

import dynamic from "next/dynamic";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Role } from "@stepwise/domain";
import { PresenceBar, useLiveTopic } from "~/components/live";
import { fmtDateTime } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { Agenda } from "./room/agenda";
import { Attendance } from "./room/attendance";
import { ClosingPanel } from "./room/closing-panel";
import { Proposals } from "./room/proposals";
import type { VisibleCase } from "./room/shared";

// A case's review (its summary, and the decision, action-item and discussion forms with the form
// library and the domain's schemas) loads when a case is chosen on the agenda, not with the room.
const CaseView = dynamic(() => import("./room/case-view").then((m) => m.CaseView), {
  ssr: false,
  loading: () => <div className="card skeleton" role="status" aria-label="Opening the case" style={{ height: "8rem" }} />,
});

export function MeetingRoom({ meetingId, userId, role }: { meetingId: string; userId: string; role: Role }) {
  const trpc = useTRPC();
  useLiveTopic("meeting", meetingId);
  const query = useQuery(trpc.meetings.get.queryOptions({ meetingId }));
  const [selected, setSelected] = useState<string | null>(null);
  if (query.isPending) return <div className="card skeleton" role="status" aria-label="Loading the meeting" style={{ height: "8rem" }} />;
  if (query.isError)
    return (
      <div className="card empty" role="alert">
        <h1>Meeting not found</h1>
        <p>{query.error.message}</p>
        <Link href="/meetings">Back to meetings</Link>
      </div>
    );
  const m = query.data;
  const open = m.meeting.status !== "closed";
  const current = m.cases.find((c): c is VisibleCase => c.visible && c.id === selected) ?? null;
  return (
    <div className="grid">
      <div className="page-head">
        <div>
          <h1>{m.meeting.title}</h1>
          <p>
            {fmtDateTime(m.meeting.scheduledFor)} · {m.meeting.durationMinutes} min · <span className="pill brand">{m.meeting.status.replace("_", " ")}</span>
          </p>
        </div>
        <div className="actions">
          <PresenceBar topic={`meeting:${meetingId}`} selfId={userId} />
          {m.meeting.status === "closed" ? (
            <Link className="btn secondary" href={`/meetings/${meetingId}/minutes`}>
              Minutes
            </Link>
          ) : null}
        </div>
      </div>
      <div className="meeting-layout">
        <div className="grid">
          <Agenda meeting={m} selected={selected} onSelect={setSelected} />
          {m.viewer.canManage && open ? <Proposals meetingId={meetingId} /> : null}
          <Attendance meeting={m} userId={userId} />
        </div>
        <div className="grid">
          {current ? <CaseView meeting={m} item={current} role={role} /> : <div className="card empty">Choose a case on the agenda to open its review.</div>}
          {m.viewer.canManage && open ? <ClosingPanel meeting={m} /> : null}
        </div>
      </div>
    </div>
  );
}
