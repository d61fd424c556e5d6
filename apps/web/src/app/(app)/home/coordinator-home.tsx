"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { fmtDate, fmtDateTime } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { EmergencyReviewsLink } from "../emergency-access/reviews-link";
import { Worklist } from "./worklist";

export function CoordinatorHome() {
  const trpc = useTRPC();
  const meetings = useQuery(trpc.meetings.list.queryOptions({}));
  const overdue = useQuery(trpc.actionItems.overdue.queryOptions({}));
  return (
    <div className="grid">
      <div className="grid two">
        <section className="card" aria-labelledby="upcoming-heading">
          <div className="section-head">
            <h2 id="upcoming-heading">Upcoming meetings</h2>
            <Link className="btn small" href="/meetings">
              Schedule
            </Link>
          </div>
          {meetings.isPending ? <div className="skeleton" /> : null}
          {meetings.data?.upcoming.length === 0 ? <p className="meta">No meetings scheduled.</p> : null}
          <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {(meetings.data?.upcoming ?? []).map((m) => (
              <li key={m.id} className="item">
                <Link href={`/meetings/${m.id}`}>{m.title}</Link>
                <div className="meta">
                  {fmtDateTime(m.scheduledFor)} · {m.caseCount} cases · {m.attendeeCount} attendees
                </div>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="overdue-heading">
          <h2 id="overdue-heading">Overdue action items</h2>
          {overdue.isPending ? <div className="skeleton" /> : null}
          {overdue.data?.length === 0 ? <p className="meta">Nothing overdue.</p> : null}
          <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {(overdue.data ?? []).map((a) => (
              <li key={a.id} className="item">
                <strong>{a.description}</strong>
                <div className="meta">
                  {a.ownerName} · <Link href={`/patients/${a.patientId}`}>{a.patientName}</Link> · due {fmtDate(a.dueDate)} ({a.daysOverdue} days overdue)
                </div>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <EmergencyReviewsLink />
      <Worklist role="coordinator" />
    </div>
  );
}
