import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { disciplineLabels, roleLabels, type Role } from "@stepwise/domain";
import { fmtDate, fmtDateTime, humanize } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";
import { PrintButton } from "./print-button";

export const metadata: Metadata = { title: "Minutes" };

type Minutes = RouterOutputs["meetings"]["minutes"];
type Decision = Extract<Minutes["cases"][number], { visible: true }>["decisions"][number];

function DecisionList({ title, decisions }: { title: string; decisions: readonly Decision[] }) {
  if (decisions.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul>
        {decisions.map((d) => (
          <li key={d.id}>
            {d.description} <span className="pill">{d.status === "proposed" && d.ownerDiscipline ? `awaiting the ${disciplineLabels[d.ownerDiscipline].toLowerCase()}` : d.status}</span>
            <span className="meta">
              {" "}
              — recorded by {d.createdByName}
              {d.decidedByName && d.status !== "proposed" ? `; ${d.status} by ${d.decidedByName}, ${fmtDateTime(d.decidedAt)}` : ""}
              {d.declineReason ? ` (“${d.declineReason}”)` : ""}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

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
  const { meeting, attendance, signOffs, quorum, cases } = minutes;
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
      <p>
        Chair: <strong>{meeting.chair.name ?? "—"}</strong> · Recorder: <strong>{meeting.recorder.name ?? "—"}</strong>
      </p>
      <p className={`alert ${quorum.met ? "info" : "warn"}`}>
        {quorum.met ? "Quorum met" : `No quorum — missing ${quorum.missing.map((d) => disciplineLabels[d].toLowerCase()).join(", ")}`}
        {!quorum.met && quorum.acknowledged ? "; closed without quorum by the chair's explicit choice" : ""}. <span className="meta">Policy: {quorum.policy}.</span>
      </p>
      <h2>Attendance</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Present</th>
          </tr>
        </thead>
        <tbody>
          {attendance.map((a) => (
            <tr key={a.userId}>
              <td>{a.name}</td>
              <td>{roleLabels[a.role as Role] ?? a.role}</td>
              <td>{a.attended === null ? "not marked" : a.attended ? "yes" : "no"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Sign-offs</h2>
      {signOffs.length === 0 ? <p className="meta">Nobody has signed off yet.</p> : null}
      {signOffs.length > 0 ? (
        <table className="table" data-testid="minutes-sign-offs">
          <thead>
            <tr>
              <th scope="col">Signed by</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {signOffs.map((s) => (
              <tr key={s.userId}>
                <td>{s.name}</td>
                <td>{fmtDateTime(s.signedOffAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>Cases</h2>
      {cases.length === 0 ? <p className="meta">No case was on the agenda.</p> : null}
      <ol>
        {cases.map((c, i) => (
          <li key={c.id ?? i} style={{ marginBottom: "1rem" }}>
            {c.visible ? (
              <>
                <strong>{c.patientName}</strong> <span className="meta">MRN {c.mrn ?? "—"} · born {fmtDate(c.dateOfBirth)}</span> <span className="pill">{humanize(c.status)}</span>
                <div className="meta">{c.reason}</div>
                {c.discussionNotes ? <p>{c.discussionNotes}</p> : null}
                <DecisionList title="Decisions" decisions={c.decisions} />
                <DecisionList title="Proposals not yet confirmed" decisions={c.proposals} />
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
