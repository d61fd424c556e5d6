import Link from "next/link";
import { procedureCatalog } from "@stepwise/domain";
import { fmtDate } from "~/lib/format";
import { ShowMore, Worklist, type HomeList } from "./worklist";

export function PsychologistHome({ clearances, list }: { clearances: HomeList; list: HomeList }) {
  const pending = clearances.entries.flatMap((p) => p.pendingClearances.map((c) => ({ ...c, patient: p })));
  return (
    <div className="grid">
      <section className="card" aria-labelledby="clearance-heading">
        <h2 id="clearance-heading">Clearance requests for neuromodulation and pumps</h2>
        {pending.length === 0 ? <p className="meta">No clearance requests are waiting.</p> : null}
        <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
          {pending.map((c) => (
            <li key={c.id} className="item" style={{ display: "flex", justifyContent: "space-between", gap: "1rem", flexWrap: "wrap" }}>
              <div>
                <strong>
                  {c.patient.familyName}, {c.patient.givenName}
                </strong>{" "}
                — {procedureCatalog[c.procedureType].label}
                <div className="meta">requested {fmtDate(c.requestedAt)}</div>
              </div>
              <Link className="btn small" href={`/patients/${c.patient.id}?tab=psychology`}>
                Review
              </Link>
            </li>
          ))}
        </ul>
        <ShowMore list={clearances} noun="patients with requests" />
      </section>
      <Worklist role="psychologist" tab="psychology" list={list} />
    </div>
  );
}
