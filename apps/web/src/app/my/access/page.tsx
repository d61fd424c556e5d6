import type { Metadata } from "next";
import { fmtDate, fmtDateTime } from "~/lib/format";
import { api } from "~/trpc/server";
import { portalCss } from "../portal-css";
import { portalRead } from "../portal-data";

export const metadata: Metadata = { title: "Who looked at my record" };

/** The access report in plain words: who opened or changed the record, when, and how they reached it. */
export default async function WhoLookedPage() {
  const caller = await api();
  const report = await portalRead(() => caller.portal.accessReport());
  const emergencies = report.accesses.filter((a) => a.emergency).length;
  return (
    <div className="portal portal-access">
      <style>{portalCss}</style>
      <h1>Who looked at my record</h1>
      <p className="meta">
        Everyone at the clinic who opened or changed your record from {fmtDate(report.from)} to {fmtDate(report.to)}, newest first. Your own use of this app is not listed.
      </p>
      {emergencies > 0 ? (
        <p className="card" role="note">
          <strong>Emergency access:</strong> someone outside your care team opened your record {emergencies === 1 ? "once" : `${emergencies} times`} in an emergency. Each use is recorded with its reason and
          checked by the clinic. Ask your care coordinator if you have questions.
        </p>
      ) : null}
      <section className="card" aria-labelledby="accesses">
        <h2 id="accesses">Accesses</h2>
        {report.accesses.length === 0 ? <p className="meta">Nobody has opened your record in this period.</p> : null}
        <ul className="portal-list">
          {report.accesses.map((a) => (
            <li key={a.id} className={a.emergency ? "emergency" : undefined}>
              <strong>
                {a.who} <span className="meta">({a.role})</span>
              </strong>
              <span>
                {a.what}
                {a.times > 1 ? ` (${a.times} times)` : ""}
              </span>
              <span className="meta">
                {a.times > 1 ? `${fmtDateTime(a.since)} to ${fmtDateTime(a.at)}` : fmtDateTime(a.at)} · {a.through}
              </span>
            </li>
          ))}
        </ul>
        {report.truncated ? <p className="meta">Only the most recent accesses are shown. Your care coordinator can give you the full report.</p> : null}
      </section>
    </div>
  );
}
