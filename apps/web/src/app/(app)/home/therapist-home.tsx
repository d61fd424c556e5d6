import Link from "next/link";
import { Sparkline } from "~/components/sparkline";
import { fmtTime, fmtWeekdayTime } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { ShowMore, Worklist, type HomeList } from "./worklist";

type Visit = { id: string; patientId: string; startsAt: Date; durationMinutes: number; status: string; givenName: string; familyName: string; mrn: string };

function VisitList({ visits, empty, withDay }: { visits: Visit[]; empty: string; withDay?: boolean }) {
  if (visits.length === 0) return <p className="meta">{empty}</p>;
  return (
    <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
      {visits.map((v) => (
        <li key={v.id} className="item" style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: "0.75rem", flexWrap: "wrap" }}>
          <div>
            <strong>{withDay ? fmtWeekdayTime(v.startsAt) : fmtTime(v.startsAt)}</strong> · {v.familyName}, {v.givenName} <span className="meta">({v.durationMinutes} min)</span>
          </div>
          <Link className="btn small" href={`/patients/${v.patientId}?tab=therapy`}>
            Log session
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function TherapistHome({ schedule, trend, list }: { schedule: RouterOutputs["worklist"]["schedule"]; trend: HomeList; list: HomeList }) {
  return (
    <div className="grid">
      <div className="grid two">
        <section className="card" aria-labelledby="today-heading">
          <h2 id="today-heading">Today</h2>
          <VisitList visits={schedule.today} empty="No visits booked today." />
        </section>
        <section className="card" aria-labelledby="week-heading">
          <h2 id="week-heading">This week</h2>
          <VisitList visits={schedule.week} empty="No further visits this week." withDay />
        </section>
      </div>
      <section className="card" aria-labelledby="trend-heading">
        <h2 id="trend-heading">Pain before and after sessions, last 30 days</h2>
        <div className="grid two">
          {trend.entries
            .filter((p) => p.sessions30d.some((s) => s.attendance === "attended"))
            .map((p) => {
              const points = p.sessions30d
                .filter((s) => s.attendance === "attended")
                .map((s) => ({ t: new Date(s.sessionDate).getTime(), before: s.painBefore, after: s.painAfter }))
                .sort((a, b) => a.t - b.t);
              const last = points.at(-1);
              return (
                <div key={p.id} className="item" style={{ display: "grid", gridTemplateColumns: "1fr 140px", alignItems: "center" }}>
                  <div>
                    <Link href={`/patients/${p.id}?tab=therapy`}>
                      {p.familyName}, {p.givenName}
                    </Link>
                    <div className="meta">
                      {points.length} sessions · last {last?.before ?? "—"} → {last?.after ?? "—"}
                    </div>
                  </div>
                  <div aria-hidden="true" style={{ height: 40 }}>
                    <Sparkline
                      points={points}
                      min={0}
                      max={10}
                      series={[
                        { key: "before", color: "#b42318" },
                        { key: "after", color: "#0d6e6e" },
                      ]}
                    />
                  </div>
                </div>
              );
            })}
        </div>
        <ShowMore list={trend} noun="patients with sessions" />
      </section>
      <Worklist role="physical_therapist" tab="therapy" list={list} />
    </div>
  );
}
