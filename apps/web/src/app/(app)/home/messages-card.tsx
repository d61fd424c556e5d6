import Link from "next/link";
import { messageThreadStatusLabels, roleLabels, type Role } from "@stepwise/domain";
import { api } from "~/trpc/server";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Patients' messages on a clinician's home, rendered on the server with the page (no client code):
 * the coordinator sees the conversations waiting for triage, everyone their unread messages and
 * what was handed to their discipline. Each links to the plan's Messages tab.
 */
export async function MessagesCard({ role }: { role: Role }) {
  const inbox = await (await api()).messages.inbox();
  const coordinator = role === "coordinator";
  const rows = inbox.items.filter((t) => t.unread > 0 || (coordinator ? t.status === "awaiting_triage" : t.status === "with_team" && (t.assignedRole === null || t.assignedRole === role)));
  const heading = coordinator ? `Messages to triage (${inbox.awaitingTriage})` : `Unread messages (${inbox.unreadMessages})`;
  return (
    <section className="card" aria-labelledby="messages-card-heading" data-testid="messages-card">
      <h2 id="messages-card-heading">{heading}</h2>
      {coordinator ? <p className="meta">Unread messages ({inbox.unreadMessages}).</p> : null}
      {rows.length === 0 ? <p className="meta">No patient is waiting for an answer from you.</p> : null}
      <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {rows.map((t) => (
          <li key={t.patientId} className="item">
            <Link href={`/patients/${t.patientId}?tab=messages`}>{t.name}</Link>
            <div className="meta">
              {t.unread > 0 ? `${plural(t.unread, "unread message", "unread messages")} · ` : ""}
              {messageThreadStatusLabels[t.status]}
              {t.assignedRole ? ` · ${roleLabels[t.assignedRole]}` : ""}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
