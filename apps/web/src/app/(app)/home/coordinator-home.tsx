import Link from "next/link";
import { fmtDate, fmtDateTime } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { EmergencyReviewsCard } from "./emergency-reviews-card";
import { Worklist, type HomeList } from "./worklist";

export function CoordinatorHome({
  meetings,
  overdue,
  reviewCount,
  list,
}: {
  meetings: RouterOutputs["meetings"]["list"];
  overdue: RouterOutputs["actionItems"]["overdue"];
  reviewCount: number;
  list: HomeList;
}) {
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
          {meetings.upcoming.length === 0 ? <p className="meta">No meetings scheduled.</p> : null}
          <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {meetings.upcoming.map((m) => (
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
          {overdue.length === 0 ? <p className="meta">Nothing overdue.</p> : null}
          <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {overdue.map((a) => (
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
      <EmergencyReviewsCard count={reviewCount} />
      <Worklist role="coordinator" list={list} />
    </div>
  );
}
