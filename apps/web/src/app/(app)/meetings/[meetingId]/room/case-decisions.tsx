"use client";

import { disciplineLabels } from "@stepwise/domain/meeting-text";
import { fmtDateTime } from "~/lib/format";
import { DecisionActions } from "../../decision-actions";
import type { VisibleCase } from "./shared";

type CaseDecision = VisibleCase["decisions"][number];

function StatusPill({ d }: { d: CaseDecision }) {
  if (d.status === "confirmed") return <span className="pill ok">confirmed</span>;
  if (d.status === "declined") return <span className="pill danger">declined</span>;
  return <span className="pill warn">awaiting {d.ownerDiscipline ? `the ${disciplineLabels[d.ownerDiscipline].toLowerCase()}` : "confirmation"}</span>;
}

/** What the team decided on this case so far; the meeting's live topic keeps it current for the whole room. */
export function CaseDecisions({ item }: { item: VisibleCase }) {
  return (
    <div data-testid="case-decisions">
      <h3>Decided so far</h3>
      {item.decisions.length === 0 ? <p className="meta">Nothing decided on this case yet.</p> : null}
      <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {item.decisions.map((d) => (
          <li key={d.id} className="item">
            <div className="item-head">
              <div>
                <strong>{d.description}</strong>
                <div className="meta">
                  recorded by {d.createdByName}
                  {d.decidedByName && d.status !== "proposed" ? ` · ${d.status} by ${d.decidedByName}, ${fmtDateTime(d.decidedAt)}` : ""}
                  {d.declineReason ? ` — “${d.declineReason}”` : ""}
                </div>
              </div>
              <StatusPill d={d} />
            </div>
            {d.status === "proposed" && d.canConfirm ? (
              <DecisionActions decision={{ id: d.id, patientId: item.patientId, description: d.description, version: d.version }} />
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
