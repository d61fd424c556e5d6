"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { sessionHasFigures, type Attendance } from "@stepwise/domain";
import { FormAlert } from "~/components/form";
import { fmtDate, humanize, isoDay } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useRefreshPlan } from "./use-plan";

const commonInterventions = ["therapeutic exercise", "graded walking", "McKenzie extension", "core stabilisation", "manual therapy", "dry needling", "pain neuroscience education", "home exercise review"];

export function TherapySection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const sessions = plan.therapySessions;
  const trend = sessions
    .filter((s) => s.attendance === "attended" && (s.painBefore !== null || s.painAfter !== null))
    .map((s) => ({ t: new Date(s.sessionDate).getTime(), before: s.painBefore, after: s.painAfter }))
    .sort((a, b) => a.t - b.t);
  const noShows = sessions.filter((s) => s.attendance === "no_show").length;
  return (
    <div className="grid">
      {plan.viewer.allowed["therapySession.log"] ? <LogSessionForm patientId={patientId} /> : null}
      <figure className="card chart-card" style={{ margin: 0 }}>
        <figcaption>
          <h3 style={{ margin: 0 }}>Pain before and after sessions</h3>
        </figcaption>
        <p className="visually-hidden">
          {trend.length} sessions with pain readings{trend.length ? `; latest before ${trend.at(-1)!.before ?? "—"}, after ${trend.at(-1)!.after ?? "—"}` : ""}.
        </p>
        {trend.length === 0 ? (
          <div className="empty">No sessions with pain readings yet.</div>
        ) : (
          <div aria-hidden="true" style={{ width: "100%", height: 220 }} data-testid="session-trend">
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
          </div>
        )}
      </figure>
      <section className="card" aria-labelledby="sessions-heading">
        <div className="section-head">
          <h2 id="sessions-heading">Sessions</h2>
          <span className="meta">
            {sessions.length} logged · {noShows} no-show{noShows === 1 ? "" : "s"}
          </span>
        </div>
        {sessions.length === 0 ? <p className="meta">No sessions logged yet.</p> : null}
        <table className="table" data-testid="sessions-table">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Attendance</th>
              <th scope="col">Minutes</th>
              <th scope="col">Pain before → after</th>
              <th scope="col" className="hide-narrow">Interventions</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>{fmtDate(s.sessionDate)}</td>
                <td>
                  <span className={`pill ${s.attendance === "attended" ? "ok" : s.attendance === "no_show" ? "danger" : ""}`}>{humanize(s.attendance)}</span>
                </td>
                <td>{s.minutes}</td>
                <td>
                  {s.painBefore ?? "—"} → {s.painAfter ?? "—"}
                </td>
                <td className="hide-narrow">{s.interventions.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

interface Draft {
  sessionDate: string;
  attendance: Attendance;
  minutes: string;
  painBefore: string;
  painAfter: string;
  interventions: string[];
  notes: string;
}

const emptyDraft = (): Draft => ({ sessionDate: isoDay(new Date()), attendance: "attended", minutes: "45", painBefore: "", painAfter: "", interventions: [], notes: "" });
const toScore = (v: string) => (v.trim() === "" ? null : Number(v));

/** Built for speed at the end of a session: today's date, attended and 45 minutes are preset. */
function LogSessionForm({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // One key per intended session: a retried submit (timeout, double click) logs it once.
  const key = useRef<string>(crypto.randomUUID());
  const log = useMutation(trpc.therapySessions.log.mutationOptions());
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const attended = sessionHasFigures(draft.attendance);

  return (
    <form
      className="card"
      aria-label="Log a session"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setErrors({});
        setFormError(null);
        setSaved(null);
        try {
          await log.mutateAsync({
            patientId,
            idempotencyKey: key.current,
            sessionDate: draft.sessionDate,
            attendance: draft.attendance,
            minutes: attended ? Number(draft.minutes) : 0,
            painBefore: attended ? toScore(draft.painBefore) : null,
            painAfter: attended ? toScore(draft.painAfter) : null,
            interventions: attended ? draft.interventions : [],
            notes: draft.notes.trim() ? draft.notes : null,
          });
          key.current = crypto.randomUUID();
          setDraft(emptyDraft());
          setSaved("Session logged.");
          await refresh();
        } catch (err) {
          const info = errorInfo(err);
          const field = info.field?.split(".")[0];
          if (info.code === "BAD_REQUEST" && field) setErrors({ [field]: info.message.replace(/^[\w.]+: /, "") });
          else setFormError(info.message);
        }
      }}
    >
      <h2>Log a session</h2>
      <FormAlert message={formError} />
      {saved ? (
        <div className="alert info" role="status">
          {saved}
        </div>
      ) : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="s-date">Date</label>
          <input id="s-date" type="date" value={draft.sessionDate} onChange={(e) => set("sessionDate", e.target.value)} aria-invalid={!!errors.sessionDate} />
          {errors.sessionDate ? <span className="error" role="alert">{errors.sessionDate}</span> : null}
        </div>
        <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600, fontSize: "0.9rem" }}>Attendance</legend>
          <div className="chips">
            {(["attended", "no_show", "cancelled"] as const).map((a) => (
              <button key={a} type="button" className="chip" aria-pressed={draft.attendance === a} onClick={() => set("attendance", a)}>
                {humanize(a)}
              </button>
            ))}
          </div>
          {errors.attendance ? <span className="error" role="alert">{errors.attendance}</span> : null}
        </fieldset>
        <div className="field">
          <label htmlFor="s-min">Minutes</label>
          <input id="s-min" inputMode="numeric" value={draft.minutes} disabled={!attended} onChange={(e) => set("minutes", e.target.value)} aria-invalid={!!errors.minutes} />
          {errors.minutes ? <span className="error" role="alert">{errors.minutes}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="s-before">Pain before (0–10)</label>
          <input id="s-before" inputMode="numeric" value={draft.painBefore} disabled={!attended} onChange={(e) => set("painBefore", e.target.value)} aria-invalid={!!errors.painBefore} />
          {errors.painBefore ? <span className="error" role="alert">{errors.painBefore}</span> : null}
        </div>
        <div className="field">
          <label htmlFor="s-after">Pain after (0–10)</label>
          <input id="s-after" inputMode="numeric" value={draft.painAfter} disabled={!attended} onChange={(e) => set("painAfter", e.target.value)} aria-invalid={!!errors.painAfter} />
          {errors.painAfter ? <span className="error" role="alert">{errors.painAfter}</span> : null}
        </div>
      </div>
      {attended ? (
        <fieldset className="field" style={{ border: 0, padding: 0 }}>
          <legend style={{ fontWeight: 600, fontSize: "0.9rem" }}>Interventions</legend>
          <div className="chips">
            {commonInterventions.map((i) => {
              const on = draft.interventions.includes(i);
              return (
                <button key={i} type="button" className="chip" aria-pressed={on} onClick={() => set("interventions", on ? draft.interventions.filter((x) => x !== i) : [...draft.interventions, i])}>
                  {i}
                </button>
              );
            })}
          </div>
        </fieldset>
      ) : null}
      <div className="field">
        <label htmlFor="s-notes">Notes</label>
        <textarea id="s-notes" rows={2} value={draft.notes} onChange={(e) => set("notes", e.target.value)} aria-invalid={!!errors.notes} />
        {errors.notes ? <span className="error" role="alert">{errors.notes}</span> : null}
      </div>
      <button className="btn" type="submit" disabled={log.isPending}>
        {log.isPending ? "Saving…" : "Log session"}
      </button>
    </form>
  );
}
