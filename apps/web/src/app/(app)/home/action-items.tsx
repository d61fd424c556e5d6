import Link from "next/link";
import { ActionButton } from "~/components/action-button";
import { fmtDate } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { markActionItemDone } from "./actions";

/** Action items assigned to me in team meetings, until I mark them done. */
export function MyActionItems({ items }: { items: RouterOutputs["actionItems"]["mine"] }) {
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="actions-heading">
      <h2 id="actions-heading">My action items</h2>
      <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="my-action-items">
        {items.map((a) => (
          <li key={a.id} className="item" style={{ display: "flex", justifyContent: "space-between", gap: "0.75rem", alignItems: "center", flexWrap: "wrap" }}>
            <div>
              <strong>{a.description}</strong>
              <div className="meta">
                <Link href={`/patients/${a.patientId}`}>{a.patientName}</Link> · from {a.meetingTitle ?? "a meeting"} · due {fmtDate(a.dueDate)} {a.overdue ? <span className="pill danger">overdue</span> : null}
              </div>
            </div>
            <ActionButton action={markActionItemDone.bind(null, { patientId: a.patientId, id: a.id, expectedVersion: a.version })} label="Mark done" />
          </li>
        ))}
      </ul>
    </section>
  );
}
