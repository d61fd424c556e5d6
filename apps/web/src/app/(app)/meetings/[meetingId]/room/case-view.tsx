"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { instrumentDefinitions, type Instrument, type Role } from "@stepwise/domain";
import { FormAlert } from "~/components/form-alert";
import { fmtDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { ActionItemForm } from "./action-item-form";
import { CaseDecisions } from "./case-decisions";
import { DecisionForm } from "./decision-form";
import { DiscussionForm } from "./discussion-form";
import { FlagViews } from "./flag-views";
import type { Meeting, VisibleCase } from "./shared";

export function CaseView({ meeting, item, role }: { meeting: Meeting; item: VisibleCase; role: Role }) {
  const trpc = useTRPC();
  const meetingId = meeting.meeting.id;
  const patientId = item.patientId;
  const summary = useQuery(trpc.meetings.caseSummary.queryOptions({ patientId, meetingId }));
  const open = meeting.meeting.status !== "closed";
  const refs = { patientId, meetingId, caseId: item.id };
  const s = summary.data;
  return (
    <section className="card" aria-labelledby="case-heading" data-testid="case-view">
      <div className="section-head">
        <div>
          <h2 id="case-heading">{item.patientName}</h2>
          <p className="meta" style={{ margin: 0 }}>
            {item.reason}
          </p>
        </div>
        <Link href={`/patients/${patientId}`} className="btn small secondary">
          Open the plan
        </Link>
      </div>
      <CaseDecisions item={item} />
      {summary.isPending ? <div className="skeleton" /> : null}
      {summary.isError ? <FormAlert message={summary.error.message} /> : null}
      {s ? (
        <div className="grid">
          <FlagViews patientId={patientId} summary={s} />
          <p className="meta" data-testid="case-ladder">
            Ladder: current step <strong>{s.ladder.current}</strong> · {s.ladder.currentLabel}
            {s.ladder.basis === "work_up" ? " (in work-up after a diagnostic block)" : s.ladder.basis === "self_management" ? " (no active items)" : ""}
            {s.ladder.currentSince ? ` since ${fmtDate(s.ladder.currentSince)}` : ""} · highest reached: step <strong>{s.ladder.highestReached}</strong> · rule {s.ladder.policyId}
          </p>
          <p className="meta">
            Changes since {s.lastReview ? `the last review (${fmtDate(s.since)})` : `${fmtDate(s.since)} (no earlier review)`}.
          </p>
          <div>
            <h3>Scores</h3>
            {s.assessments.length === 0 ? <p className="meta">No new scores.</p> : null}
            <ul className="meta">
              {s.assessments.map((a) => (
                <li key={a.instrument}>
                  <strong>{instrumentDefinitions[a.instrument as Instrument]?.label ?? a.label}</strong>: {a.first.score ?? "—"} → {a.latest.score ?? "—"} ({a.count} readings){a.trend ? ` · ${a.trend}` : ""}
                  {a.meaningfulImprovement ? " · meaningful improvement" : ""}
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>Physical therapy</h3>
            <p className="meta">
              {s.therapySessions.attended} attended · {s.therapySessions.missed} missed · {s.therapySessions.cancelled} cancelled · {s.therapySessions.minutes} minutes
            </p>
          </div>
          <div>
            <h3>Procedures</h3>
            {s.procedures.length === 0 ? <p className="meta">None in this window.</p> : null}
            <ul className="meta">
              {s.procedures.map((p) => (
                <li key={p.id}>
                  {p.label}: {p.status}
                  {p.reliefPercent !== null ? ` · ${p.reliefPercent}% relief` : ""}
                </li>
              ))}
            </ul>
          </div>
          {s.psychSummaries.length > 0 ? (
            <div>
              <h3>Psychology (shared summaries)</h3>
              {s.psychSummaries.map((n) => (
                <p key={n.id} className="note shared">
                  {n.body} <span className="meta">— {n.authorName}, {fmtDate(n.createdAt)}</span>
                </p>
              ))}
            </div>
          ) : null}
          <div>
            <h3>Plan changes since</h3>
            <ul className="meta">
              {s.events.slice(0, 12).map((e) => (
                <li key={e.id}>
                  {fmtDate(e.occurredAt)} · {e.summary} ({e.actorName})
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      {open ? (
        <>
          {meeting.viewer.allowed.recordDecision ? <DecisionForm key={item.id} refs={refs} role={role} /> : null}
          <ActionItemForm key={`ai-${item.id}`} refs={refs} />
          <DiscussionForm key={`d-${item.id}`} item={item} />
        </>
      ) : null}
    </section>
  );
}
