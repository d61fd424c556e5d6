"use client";

import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, ComposedChart, Tooltip, XAxis, YAxis } from "recharts";
import { dailyMme, defaultOutcomeSeriesPolicy, instrumentDefinitions, outcomeSeries, procedureCatalog, unmeaningfulChangeBand, type Instrument } from "@stepwise/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { AssessmentForm } from "./assessment-form";
import { QuestionnaireSchedules } from "./questionnaire-schedules";
import { fmtDate } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

const chartedInstruments: readonly Instrument[] = ["nrs", "peg3", "odi", "phq9", "gad7"];

/** How far back the charts read (the plan itself carries only the latest results). */
const SERIES_DAYS = 730;

/**
 * The charted instruments' results of the last two years, asked for by range a page at a time;
 * the plan's own latest results are merged in, so a result recorded or arriving live shows at once.
 */
function useAssessmentSeries(patientId: string, instruments: readonly Instrument[], latest: CarePlan["assessments"]) {
  const trpc = useTRPC();
  const [from] = useState(() => new Date(Date.now() - SERIES_DAYS * 86_400_000).toISOString().slice(0, 10));
  const query = useInfiniteQuery(
    trpc.assessments.page.infiniteQueryOptions({ patientId, instruments: [...instruments], from, limit: 100 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
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

/** The line's dot: a hollow diamond for a patient-reported point, a filled circle for the team's. */
function PointDot(props: { cx?: number; cy?: number; payload?: Point }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined) return null;
  if (payload?.patient) return <path d={`M${cx},${cy - 5}L${cx + 5},${cy}L${cx},${cy + 5}L${cx - 5},${cy}Z`} fill="#fff" stroke="#7a3db8" strokeWidth={2} />;
  return <circle cx={cx} cy={cy} r={3} fill="#17212b" />;
}

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
          <ResponsiveContainer>
            <ComposedChart data={points} accessibilityLayer={false} margin={{ top: 10, right: 16, bottom: 0, left: -12 }}>
              <CartesianGrid stroke="#eef1f4" />
              <XAxis dataKey="t" type="number" domain={domain} scale="time" tickFormatter={tick} tick={{ fontSize: 11 }} />
              <YAxis domain={[0, yMax]} tick={{ fontSize: 11 }} allowDecimals={false} />
              <Tooltip labelFormatter={(t) => tick(Number(t))} />
              {band ? <ReferenceArea y1={band.y1} y2={band.y2} fill="#0d6e6e" fillOpacity={0.08} label={{ value: band.label, position: "insideTopRight", fontSize: 10, fill: "#4a5763" }} /> : null}
              {thresholds.map((th) => (
                <ReferenceLine key={th.y} y={th.y} stroke="#b42318" strokeDasharray="4 4" label={{ value: th.label, position: "insideTopLeft", fontSize: 10, fill: "#b42318" }} />
              ))}
              {procedures.map((p) => (
                <ReferenceLine key={`${p.t}-${p.label}`} x={p.t} stroke="#8a5a00" strokeDasharray="3 3" label={{ value: p.label, angle: -90, position: "insideTopLeft", fontSize: 10, fill: "#8a5a00" }} />
              ))}
              <Scatter data={sessions.map((s) => ({ t: s.t, value: 0.2 }))} dataKey="value" fill="#0d6e6e" shape="triangle" name="PT session" isAnimationActive={false} />
              <Line type="monotone" dataKey="value" stroke="#17212b" strokeWidth={2} dot={<PointDot />} name={title} isAnimationActive={false} />
            </ComposedChart>
          </ResponsiveContainer>
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
        <ResponsiveContainer>
          <LineChart data={recorded} accessibilityLayer={false} margin={{ top: 10, right: 16, bottom: 0, left: -12 }}>
            <CartesianGrid stroke="#eef1f4" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis domain={[Math.min(0, ...recorded.map((r) => r.relief)), 100]} tick={{ fontSize: 11 }} unit="%" />
            <Tooltip formatter={(v) => `${String(v)}% relief`} />
            <ReferenceLine
              y={defaultOutcomeSeriesPolicy.sustainedReliefPercent}
              stroke="#0d6e6e"
              strokeDasharray="4 4"
              label={{ value: `${defaultOutcomeSeriesPolicy.sustainedReliefPercent}% sustained`, position: "insideTopLeft", fontSize: 10, fill: "#0d6e6e" }}
            />
            <Line type="monotone" dataKey="relief" stroke="#8a5a00" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
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

