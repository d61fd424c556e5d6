"use client";

import { dailyMme, defaultOutcomeSeriesPolicy, instrumentDefinitions, outcomeSeries, procedureCatalog, unmeaningfulChangeBand, type Instrument } from "@stepwise/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { AssessmentForm } from "./assessment-form";
import { QuestionnaireSchedules } from "./questionnaire-schedules";
import { chartedInstruments, SERIES_PAGE, seriesFrom } from "./series-range";
import { fmtDate } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

// The chart library loads after the page, into boxes of fixed height (nothing moves); each figure's
// numbers are in its caption and its screen-reader summary from the first paint.
const OutcomeTimeChart = dynamic(() => import("./charts").then((m) => m.OutcomeTimeChart), { ssr: false });
const ReliefChart = dynamic(() => import("./charts").then((m) => m.ReliefChart), { ssr: false });

/**
 * The charted instruments' results of the last two years, asked for by range a page at a time;
 * the plan's own latest results are merged in, so a result recorded or arriving live shows at once.
 */
function useAssessmentSeries(patientId: string, instruments: readonly Instrument[], latest: CarePlan["assessments"]) {
  const trpc = useTRPC();
  const [from] = useState(() => seriesFrom());
  const query = useInfiniteQuery(
    trpc.assessments.page.infiniteQueryOptions({ patientId, instruments: [...instruments], from, limit: SERIES_PAGE }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const byId = new Map<string, CarePlan["assessments"][number]>();
  for (const a of query.data?.pages.flatMap((p) => p.items) ?? []) byId.set(a.id, a);
  for (const a of latest) byId.set(a.id, a);
  return [...byId.values()];
}

/** `patient`: reported by the patient from their own view (drawn as a hollow diamond, "patient-reported"). */
type Point = { t: number; value: number; patient?: boolean };

const tick = (t: number) => fmtDate(new Date(t));

function domainOf(points: { t: number }[], extra: number[]): [number, number] {
  const all = [...points.map((p) => p.t), ...extra];
  if (all.length === 0) return [Date.now() - 90 * 864e5, Date.now()];
  const min = Math.min(...all);
  const max = Math.max(...all);
  const pad = Math.max((max - min) * 0.04, 3 * 864e5);
  return [min - pad, max + pad];
}

/** The change too small to call meaningful (the domain's thresholds), drawn as a band from baseline. */
function bandFor(instrument: Instrument | "mme", baseline: number | undefined): { y1: number; y2: number; label: string } | null {
  if (baseline === undefined || instrument === "mme") return null;
  const band = unmeaningfulChangeBand(instrument, baseline);
  return band && { y1: band.from, y2: band.to, label: band.label };
}

function OutcomeChart({
  title,
  instrument,
  points,
  yMax,
  procedures,
  sessions,
  thresholds = [],
}: {
  title: string;
  instrument: Instrument | "mme";
  points: Point[];
  yMax: number;
  procedures: { t: number; label: string }[];
  sessions: { t: number }[];
  thresholds?: { y: number; label: string }[];
}) {
  const domain = domainOf(points, [...procedures.map((p) => p.t), ...sessions.map((s) => s.t)]);
  const band = bandFor(instrument, points[0]?.value);
  const latest = points.at(-1);
  const reported = points.filter((p) => p.patient).length;
  const summary = points.length
    ? `${title}: ${points.length} readings from ${tick(points[0]!.t)} to ${tick(latest!.t)}; first ${points[0]!.value}, latest ${latest!.value}${latest!.patient ? " (patient-reported)" : ""}.${reported ? ` ${reported} patient-reported.` : ""}`
    : `${title}: no readings yet.`;
  return (
    <figure className="card chart-card" style={{ margin: 0 }}>
      <figcaption style={{ display: "flex", justifyContent: "space-between", alignItems: "baseline" }}>
        <h3 style={{ margin: 0 }}>{title}</h3>
        <span className="meta" data-testid={`chart-latest-${instrument}`}>
          {latest ? `latest ${latest.value} · ${tick(latest.t)}` : "no data"}
          {latest?.patient ? <span className="pill patient-reported"> patient-reported</span> : null}
        </span>
      </figcaption>
      <p className="visually-hidden">{summary}</p>
      {points.length === 0 ? (
        <div className="empty">No readings yet.</div>
      ) : (
        <div aria-hidden="true" style={{ width: "100%", height: 220 }}>
          <OutcomeTimeChart points={points} domain={domain} yMax={yMax} band={band} thresholds={thresholds} procedures={procedures} sessions={sessions} title={title} />
        </div>
      )}
    </figure>
  );
}

/** MME/day at each date a prescription started or stopped, so the chart steps where the dose changed. */
function mmeSeries(meds: CarePlan["medications"]): Point[] {
  const opioid = meds.filter((m) => m.opioid);
  const times = [...new Set(opioid.flatMap((m) => [m.startedAt, m.stoppedAt].filter((d): d is Date => !!d).map((d) => new Date(d).getTime())))].sort((a, b) => a - b);
  const points = times.map((t) => {
    const active = opioid.map((m) => ({
      ...m,
      status: new Date(m.startedAt).getTime() <= t && (!m.stoppedAt || new Date(m.stoppedAt).getTime() > t) ? ("active" as const) : ("stopped" as const),
    }));
    return { t, value: dailyMme(active).total };
  });
  if (points.length) points.push({ t: Date.now(), value: points.at(-1)!.value });
  return points;
}

type Order = CarePlan["procedures"][number];

/** One performed order's relief at each recorded time point (§6.7), against the sustained-relief line. */
function ReliefSeriesChart({ order, plan }: { order: Order; plan: CarePlan }) {
  const view = outcomeSeries(order, plan.procedureOutcomes, new Date());
  if (!view) return null;
  const recorded = view.points.filter((p) => p.reliefPercent !== null).map((p) => ({ label: p.label, relief: p.reliefPercent! }));
  if (recorded.length === 0) return null;
  const title = `${procedureCatalog[order.procedureType].label}${order.level ? ` ${order.level}` : ""}${order.side ? ` ${order.side}` : ""} — ${fmtDate(order.performedAt)}`;
  const headline = view.schedule === "diagnostic_diary" ? (view.diary ? `diary relief ${view.diary.reliefPercent}%` : "") : view.headline.source ? `${view.headline.reliefPercent}% at ${view.headline.source}` : "no headline yet";
  const summary = `${title}: ${recorded.map((r) => `${r.label} ${r.relief}%`).join(", ")}; ${headline}.`;
  return (
    <figure className="card chart-card" style={{ margin: 0 }}>
      <figcaption style={{ display: "flex", justifyContent: "space-between", alignItems: "baseline", gap: "0.5rem" }}>
        <h3 style={{ margin: 0, fontSize: "1rem" }}>{title}</h3>
        <span className="meta">{headline}</span>
      </figcaption>
      <p className="visually-hidden">{summary}</p>
      <div aria-hidden="true" style={{ width: "100%", height: 180 }}>
        <ReliefChart recorded={recorded} sustainedPercent={defaultOutcomeSeriesPolicy.sustainedReliefPercent} />
      </div>
    </figure>
  );
}

export function OutcomesSection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const assessments = useAssessmentSeries(patientId, chartedInstruments, plan.assessments);
  const series = (instrument: Instrument): Point[] =>
    assessments
      .filter((a) => a.instrument === instrument && a.score !== null)
      .map((a) => ({ t: new Date(a.administeredAt).getTime(), value: a.score!, patient: a.source === "patient" }))
      .sort((a, b) => a.t - b.t);
  const procedures = plan.procedures
    .filter((p) => p.performedAt)
    .map((p) => ({ t: new Date(p.performedAt!).getTime(), label: procedureCatalog[p.procedureType].label.split(" (")[0]!.slice(0, 28) }));
  const sessions = plan.therapySessions.filter((s) => s.attendance === "attended").map((s) => ({ t: new Date(s.sessionDate).getTime() }));
  const charts: { instrument: Instrument; yMax: number; thresholds?: { y: number; label: string }[] }[] = [
    { instrument: "nrs", yMax: 10 },
    { instrument: "peg3", yMax: 10 },
    { instrument: "odi", yMax: 100 },
    { instrument: "phq9", yMax: 27, thresholds: [{ y: 15, label: "moderately severe" }] },
    { instrument: "gad7", yMax: 21, thresholds: [{ y: 15, label: "severe" }] },
  ];
  const mme = mmeSeries(plan.medications);
  const performed = plan.procedures.filter((p) => p.status === "performed");
  return (
    <div className="grid">
      <QuestionnaireSchedules patientId={patientId} canManage={plan.viewer.allowed["questionnaireSchedule.manage"]} />
      {plan.viewer.allowed["assessment.submit"] ? <AssessmentForm patientId={patientId} role={plan.viewer.role} instruments={["nrs", "peg3", "odi"]} title="Record pain and function" /> : null}
      <p className="meta" style={{ margin: 0 }}>
        Dashed amber lines mark procedures; triangles on the time axis mark attended physical-therapy sessions; hollow purple diamonds are patient-reported answers; the shaded band is
        change too small to call meaningful.
      </p>
      <div className="grid two">
        {charts.map((c) => (
          <OutcomeChart key={c.instrument} title={instrumentDefinitions[c.instrument].label} instrument={c.instrument} points={series(c.instrument)} yMax={c.yMax} procedures={procedures} sessions={sessions} thresholds={c.thresholds} />
        ))}
        <OutcomeChart
          title={`Opioid dose (MME/day, ${plan.mme.table})`}
          instrument="mme"
          points={mme}
          yMax={Math.max(120, ...mme.map((p) => p.value + 10))}
          procedures={procedures}
          sessions={[]}
          thresholds={[
            { y: 50, label: "review ≥50" },
            { y: 90, label: "high ≥90" },
          ]}
        />
      </div>
      <section aria-label="Procedure relief over time">
        <h2>Procedure relief over time</h2>
        <p className="meta">
          % relief against the pain before each procedure, at each recorded time point (policy {defaultOutcomeSeriesPolicy.id}); the dashed line is the sustained-relief threshold.
        </p>
        {performed.some((o) => plan.procedureOutcomes.some((x) => x.procedureId === o.id)) ? (
          <div className="grid two">
            {performed.map((o) => (
              <ReliefSeriesChart key={o.id} order={o} plan={plan} />
            ))}
          </div>
        ) : (
          <div className="empty">No procedure outcomes recorded yet.</div>
        )}
      </section>
    </div>
  );
}

