import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { roleLabels, type Role } from "@stepwise/domain";
import { fmtDate, fmtDateTime, humanize } from "~/lib/format";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { PrintButton } from "./print-button";

export const metadata: Metadata = { title: "Minutes" };

export default async function MinutesPage({ params }: { params: Promise<{ meetingId: string }> }) {
  await requireSession();
  const { meetingId } = await params;
  let minutes;
  try {
    minutes = await (await api()).meetings.minutes({ meetingId });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST" || error.code === "FORBIDDEN")) notFound();
    throw error;
  }
  const { meeting, attendance, cases } = minutes;
  return (
    <article className="card minutes" aria-labelledby="minutes-title">
      <div className="section-head no-print">
        <Link href={`/meetings/${meetingId}`}>← Back to the meeting</Link>
        <PrintButton />
      </div>
      <h1 id="minutes-title">Minutes — {meeting.title}</h1>
      <p className="meta">
        {fmtDateTime(meeting.scheduledFor)} · {meeting.status === "closed" ? `closed ${fmtDateTime(meeting.closedAt)}` : "not yet closed"}
      </p>
      <h2>Attendance</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Attended</th>
            <th scope="col">Signed off</th>
          </tr>
        </thead>
        <tbody>
          {attendance.map((a) => (
            <tr key={a.userId}>
              <td>{a.name}</td>
              <td>{roleLabels[a.role as Role] ?? a.role}</td>
              <td>{a.attended === null ? "—" : a.attended ? "yes" : "no"}</td>
              <td>{a.signedOffAt ? fmtDateTime(a.signedOffAt) : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Cases</h2>
      <ol>
        {cases.map((c, i) => (
          <li key={c.id ?? i} style={{ marginBottom: "1rem" }}>
            {c.visible ? (
              <>
                <strong>{c.patientName}</strong> <span className="pill">{humanize(c.status)}</span>
                <div className="meta">{c.reason}</div>
                {c.discussionNotes ? <p>{c.discussionNotes}</p> : null}
                {c.decisions.length > 0 ? (
                  <>
                    <h3>Decisions</h3>
                    <ul>
                      {c.decisions.map((d) => (
                        <li key={d.id}>
                          {d.description} <span className="meta">— {d.createdByName}</span>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {c.actionItems.length > 0 ? (
                  <>
                    <h3>Action items</h3>
                    <ul>
                      {c.actionItems.map((a) => (
                        <li key={a.id}>
                          {a.description} — <strong>{a.ownerName}</strong>, due {fmtDate(a.dueDate)} <span className="pill">{a.status}</span>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
              </>
            ) : (
              <span className="meta">{c.label}</span>
            )}
          </li>
        ))}
      </ol>
    </article>
  );
}
