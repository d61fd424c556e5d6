import type { Metadata } from "next";
import Link from "next/link";
import { HandoutSections } from "~/components/handout-sections";
import { fmtDate, fmtDateTime } from "~/lib/format";
import { api } from "~/trpc/server";
import { portalCss } from "../portal-css";
import { portalRead } from "../portal-data";

export const metadata: Metadata = { title: "My procedures" };

/** Each procedure order with its handout, and first what the team needs from the patient. */
export default async function MyProceduresPage() {
  const caller = await api();
  const orders = await portalRead(() => caller.portal.procedures());
  return (
    <div className="portal">
      <style>{portalCss}</style>
      <h1>My procedures</h1>
      <p className="meta">What each procedure is, why your team suggests it, and what to expect. Ask your team about anything here — you can change your mind at any time before a procedure.</p>
      {orders.length === 0 ? (
        <section className="card">
          <p>You have no procedures planned.</p>
        </section>
      ) : null}
      {orders.map((o) => (
        <article key={o.id} className="card" aria-labelledby={`p-${o.id}`}>
          <h2 id={`p-${o.id}`}>{o.label}</h2>
          <p>
            <span className={`pill ${o.status === "scheduled" ? "brand" : o.status === "performed" ? "ok" : ""}`}>{o.statusLabel}</span>{" "}
            {o.scheduledFor ? fmtDateTime(o.scheduledFor) : o.performedAt ? fmtDate(o.performedAt) : null}
          </p>
          {o.requests.length > 0 ? (
            <section aria-labelledby={`needs-${o.id}`}>
              <h3 id={`needs-${o.id}`}>What we need from you</h3>
              {o.requests.map((r, i) => (
                <div key={i} className="portal-request">
                  <p>{r.text}</p>
                  {r.kind === "pain_diary" ? (
                    <Link className="btn" href={`/my/diary/${r.procedureId}`}>
                      Open my pain diary
                    </Link>
                  ) : null}
                </div>
              ))}
            </section>
          ) : null}
          <details>
            <summary>About this procedure</summary>
            <HandoutSections sections={o.sections} idPrefix={`${o.id}-`} />
          </details>
        </article>
      ))}
    </div>
  );
}
