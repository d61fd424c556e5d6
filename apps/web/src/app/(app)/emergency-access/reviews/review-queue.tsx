import Link from "next/link";
import type { Role } from "@stepwise/domain";
import { emergencyReasonLabels } from "@stepwise/domain/emergency-access-text";
import { roleLabels } from "@stepwise/domain/role-labels";
import { fmtDateTime } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { ReviewForm } from "./review-form";

type Queue = RouterOutputs["emergencyAccess"]["reviewQueue"];

/** Each unreviewed use: who, which patient, why, when, for how long, what they did — and the review (read with the page). */
export function ReviewQueue({ queue }: { queue: Queue }) {
  if (queue.length === 0) return <p className="card empty">Nothing to review.</p>;
  return (
    <ul style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: "1rem" }} aria-label="Uses to review">
      {queue.map((g) => (
        <ReviewItem key={g.id} grant={g} />
      ))}
    </ul>
  );
}

function ReviewItem({ grant: g }: { grant: Queue[number] }) {
  const id = `review-${g.id}`;
  return (
    <li className="card" aria-labelledby={`${id}-title`} data-testid="review-item">
      <div className="section-head">
        <h2 id={`${id}-title`} style={{ fontSize: "1.1rem" }}>
          {g.holder.name} <span className="pill">{roleLabels[g.holder.role as Role] ?? g.holder.role}</span> opened{" "}
          <Link href={`/patients/${g.patient.id}/access`}>
            {g.patient.givenName} {g.patient.familyName}
          </Link>{" "}
          <span className="meta mono">{g.patient.mrn}</span>
        </h2>
        {g.active ? <span className="pill warn">Active now</span> : g.endedAt ? <span className="pill">Ended early</span> : <span className="pill">Expired</span>}
      </div>
      <p style={{ margin: "0.25rem 0" }}>
        <strong>{emergencyReasonLabels[g.reason]}</strong> {g.emergency ? <span className="pill danger">Could change the record</span> : <span className="pill ok">Read-only</span>}
      </p>
      <blockquote style={{ margin: "0.5rem 0", paddingLeft: "0.75rem", borderLeft: "3px solid var(--line)" }}>{g.reasonText}</blockquote>
      <p className="meta">
        Opened {fmtDateTime(g.grantedAt)} · {g.minutes} min{g.active ? " so far" : ""} · {g.endedAt ? `ended ${fmtDateTime(g.endedAt)}` : `until ${fmtDateTime(g.expiresAt)}`}
      </p>
      <details>
        <summary>What they did ({g.activity.length})</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {g.activity.map((a) => (
              <tr key={a.id}>
                <td>{fmtDateTime(a.at)}</td>
                <td className="mono">{a.action}</td>
                <td>{a.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <ReviewForm grantId={g.id} expectedVersion={g.version} />
    </li>
  );
}
