import Link from "next/link";
import { ActionButton } from "~/components/action-button";
import { fmtDateTime } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { confirmDecision, signOffMeeting } from "./actions";
import { DeclineButton } from "./decline-button";

/** What team meetings still ask of me: proposals my discipline confirms, and meetings I have not signed. */
export function MeetingDuties({ decisions, toSign }: { decisions: RouterOutputs["meetings"]["pendingDecisions"]; toSign: RouterOutputs["meetings"]["mySignOffs"] }) {
  return (
    <>
      {decisions.length > 0 ? (
        <section className="card" aria-labelledby="awaiting-heading">
          <h2 id="awaiting-heading">Decisions awaiting you</h2>
          <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="decisions-awaiting">
            {decisions.map((d) => {
              const ref = { patientId: d.patient.id, decisionId: d.id, expectedVersion: d.version };
              return (
                <li key={d.id} className="item">
                  <strong>{d.description}</strong>
                  <div className="meta">
                    <Link href={`/patients/${d.patient.id}`}>{d.patient.name}</Link> · proposed in <Link href={`/meetings/${d.meeting.id}`}>{d.meeting.title}</Link>, {fmtDateTime(d.meeting.scheduledFor)}
                  </div>
                  {/* The owner's answer to a proposal: confirm with one click, or decline with a reason. */}
                  <div className="grid" style={{ gap: "0.5rem" }}>
                    <DeclineButton refs={ref} description={d.description}>
                      <ActionButton action={confirmDecision.bind(null, ref)} label="Confirm" name={`Confirm: ${d.description}`} className="btn small" />
                    </DeclineButton>
                  </div>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {toSign.length > 0 ? (
        <section className="card" aria-labelledby="to-sign-heading">
          <h2 id="to-sign-heading">Meetings to sign</h2>
          <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="meetings-to-sign">
            {toSign.map((m) => (
              <li key={m.id} className="item" style={{ display: "flex", justifyContent: "space-between", gap: "0.75rem", alignItems: "center", flexWrap: "wrap" }}>
                <div>
                  <Link href={`/meetings/${m.id}`}>{m.title}</Link>
                  <div className="meta">{fmtDateTime(m.scheduledFor)}</div>
                </div>
                <ActionButton action={signOffMeeting.bind(null, m.id)} label="Sign off" name={`Sign off ${m.title}`} className="btn small" />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
