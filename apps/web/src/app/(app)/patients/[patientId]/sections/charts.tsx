"use client";

// The plan's charts (recharts), one module loaded after the tab it sits on has painted.
import { CartesianGrid, ComposedChart, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { fmtDate } from "~/lib/format";

/** `patient`: reported by the patient from their own view (drawn as a hollow diamond, "patient-reported"). */
type Point = { t: number; value: number; patient?: boolean };

const tick = (t: number) => fmtDate(new Date(t));

/** The line's dot: a hollow diamond for a patient-reported point, a filled circle for the team's. */
function PointDot(props: { cx?: number; cy?: number; payload?: Point }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined) return null;
  if (payload?.patient) return <path d={`M${cx},${cy - 5}L${cx + 5},${cy}L${cx},${cy + 5}L${cx - 5},${cy}Z`} fill="#fff" stroke="#7a3db8" strokeWidth={2} />;
  return <circle cx={cx} cy={cy} r={3} fill="#17212b" />;
}

/** An instrument's readings over time, with its unmeaningful-change band, thresholds, procedures and PT sessions. */
export function OutcomeTimeChart({
  points,
  domain,
  yMax,
  band,
  thresholds,
  procedures,
  sessions,
  title,
}: {
  points: Point[];
  domain: [number, number];
  yMax: number;
  band: { y1: number; y2: number; label: string } | null;
  thresholds: { y: number; label: string }[];
  procedures: { t: number; label: string }[];
  sessions: { t: number }[];
  title: string;
}) {
  return (
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
  );
}

/** One performed order's relief at each recorded time point, against the sustained-relief line. */
export function ReliefChart({ recorded, sustainedPercent }: { recorded: { label: string; relief: number }[]; sustainedPercent: number }) {
  return (
    <ResponsiveContainer>
      <LineChart data={recorded} accessibilityLayer={false} margin={{ top: 10, right: 16, bottom: 0, left: -12 }}>
        <CartesianGrid stroke="#eef1f4" />
        <XAxis dataKey="label" tick={{ fontSize: 11 }} />
        <YAxis domain={[Math.min(0, ...recorded.map((r) => r.relief)), 100]} tick={{ fontSize: 11 }} unit="%" />
        <Tooltip formatter={(v) => `${String(v)}% relief`} />
        <ReferenceLine
          y={sustainedPercent}
          stroke="#0d6e6e"
          strokeDasharray="4 4"
          label={{ value: `${sustainedPercent}% sustained`, position: "insideTopLeft", fontSize: 10, fill: "#0d6e6e" }}
        />
        <Line type="monotone" dataKey="relief" stroke="#8a5a00" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}

/** Pain before and after each attended PT session. */
export function SessionTrendChart({ trend }: { trend: { t: number; before: number | null; after: number | null }[] }) {
  return (
    <ResponsiveContainer>
      <LineChart data={trend} accessibilityLayer={false} margin={{ top: 10, right: 16, bottom: 0, left: -12 }}>
        <CartesianGrid stroke="#eef1f4" />
        <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => fmtDate(new Date(t))} tick={{ fontSize: 11 }} />
        <YAxis domain={[0, 10]} tick={{ fontSize: 11 }} />
        <Tooltip labelFormatter={(t) => fmtDate(new Date(Number(t)))} />
        <Legend />
        <Line dataKey="before" name="Pain before" stroke="#b42318" dot={{ r: 3 }} isAnimationActive={false} connectNulls />
        <Line dataKey="after" name="Pain after" stroke="#0d6e6e" dot={{ r: 3 }} isAnimationActive={false} connectNulls />
      </LineChart>
    </ResponsiveContainer>
  );
}
