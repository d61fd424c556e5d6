"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { attendanceSchema, logTherapySessionInputSchema, sessionHasFigures, type Attendance, type LogTherapySessionInput } from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { fmtDate, humanize, isoDay } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { ShowOlder } from "./older";
import { useRefreshPlan } from "./use-plan";

// The chart library loads after the page, into a box of fixed height; the numbers are in the summary.
const SessionTrendChart = dynamic(() => import("./charts").then((m) => m.SessionTrendChart), { ssr: false });

const commonInterventions = ["therapeutic exercise", "graded walking", "McKenzie extension", "core stabilisation", "manual therapy", "dry needling", "pain neuroscience education", "home exercise review"];

export function TherapySection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const trpc = useTRPC();
  // The plan carries the latest sessions; older ones page in after them when asked for.
  const [showOlder, setShowOlder] = useState(false);
  const older = useInfiniteQuery({
    ...trpc.therapySessions.page.infiniteQueryOptions(
      { patientId, limit: 20 },
      { initialCursor: plan.therapySessions.at(-1)?.id, getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
    enabled: showOlder && plan.therapySessions.length > 0,
  });
  const sessions = [...plan.therapySessions, ...(older.data?.pages.flatMap((p) => p.items) ?? [])];
  const trend = sessions
    .filter((s) => s.attendance === "attended" && (s.painBefore !== null || s.painAfter !== null))
    .map((s) => ({ t: new Date(s.sessionDate).getTime(), before: s.painBefore, after: s.painAfter }))
    .sort((a, b) => a.t - b.t);
  const noShows = plan.history.noShows;
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
            <SessionTrendChart trend={trend} />
          </div>
        )}
      </figure>
      <section className="card" aria-labelledby="sessions-heading">
        <div className="section-head">
          <h2 id="sessions-heading">Sessions</h2>
          <span className="meta" data-testid="sessions-count">
            {plan.history.therapySessions} logged · {noShows} no-show{noShows === 1 ? "" : "s"}
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
        <ShowOlder
          label="Show older sessions"
          remaining={plan.history.therapySessions - sessions.length}
          loading={older.isFetching}
          onClick={() => (showOlder ? void older.fetchNextPage() : setShowOlder(true))}
        />
      </section>
    </div>
  );
}

type SessionDraft = z.input<typeof logTherapySessionInputSchema>;

const emptyDraft = (patientId: string): SessionDraft => ({
  patientId,
  // One key per intended session: a retried submit (timeout, double click) logs it once.
  idempotencyKey: crypto.randomUUID(),
  sessionDate: isoDay(new Date()),
  attendance: "attended",
  minutes: 45,
  painBefore: null,
  painAfter: null,
  interventions: [],
  notes: null,
});
const toScore = (v: string | number | null) => (v === "" || v === null ? null : Number(v));
const toNote = (v: string | null) => (v?.trim() ? v : null);

/** Built for speed at the end of a session: today's date, attended and 45 minutes are preset. */
function LogSessionForm({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<SessionDraft, unknown, LogTherapySessionInput>({ resolver: zodResolver(logTherapySessionInputSchema), defaultValues: emptyDraft(patientId) });
  const [saved, setSaved] = useState<string | null>(null);
  const log = useMutation(trpc.therapySessions.log.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    setSaved(null);
    await log.mutateAsync(values);
    form.reset(emptyDraft(patientId));
    setSaved("Session logged.");
    await refresh();
  });
  const attendance = form.watch("attendance");
  const interventions = form.watch("interventions") ?? [];
  const attended = sessionHasFigures(attendance);
  // A session that did not happen has no figures: they are cleared, and come back preset if it did after all.
  const chooseAttendance = (next: Attendance) => {
    form.setValue("attendance", next);
    if (!sessionHasFigures(next)) {
      form.setValue("minutes", 0);
      form.setValue("painBefore", null);
      form.setValue("painAfter", null);
      form.setValue("interventions", []);
    } else if (!form.getValues("minutes")) form.setValue("minutes", 45);
  };
  const { errors } = form.formState;

  return (
    <form className="card" aria-label="Log a session" noValidate onSubmit={onSubmit}>
      <h2>Log a session</h2>
      <FormAlert message={formError} />
      {saved ? (
        <div className="alert info" role="status">
          {saved}
        </div>
      ) : null}
      <div className="form-grid">
        <Field label="Date" error={errors.sessionDate}>
          {(p) => <input type="date" {...p} {...form.register("sessionDate")} />}
        </Field>
        <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontWeight: 600, fontSize: "0.9rem" }}>Attendance</legend>
          <div className="chips">
            {attendanceSchema.options.map((a) => (
              <button key={a} type="button" className="chip" aria-pressed={attendance === a} onClick={() => chooseAttendance(a)}>
                {humanize(a)}
              </button>
            ))}
          </div>
          {errors.attendance ? (
            <span className="error" role="alert">
              {errors.attendance.message}
            </span>
          ) : null}
        </fieldset>
        <Field label="Minutes" error={errors.minutes}>
          {(p) => <input inputMode="numeric" readOnly={!attended} {...p} {...form.register("minutes", { valueAsNumber: true })} />}
        </Field>
        <Field label="Pain before (0–10)" error={errors.painBefore}>
          {(p) => <input inputMode="numeric" readOnly={!attended} {...p} {...form.register("painBefore", { setValueAs: toScore })} />}
        </Field>
        <Field label="Pain after (0–10)" error={errors.painAfter}>
          {(p) => <input inputMode="numeric" readOnly={!attended} {...p} {...form.register("painAfter", { setValueAs: toScore })} />}
        </Field>
      </div>
      {attended ? (
        <fieldset className="field" style={{ border: 0, padding: 0 }}>
          <legend style={{ fontWeight: 600, fontSize: "0.9rem" }}>Interventions</legend>
          <div className="chips">
            {commonInterventions.map((i) => {
              const on = interventions.includes(i);
              return (
                <button key={i} type="button" className="chip" aria-pressed={on} onClick={() => form.setValue("interventions", on ? interventions.filter((x) => x !== i) : [...interventions, i])}>
                  {i}
                </button>
              );
            })}
          </div>
        </fieldset>
      ) : null}
      <Field label="Notes" error={errors.notes}>
        {(p) => <textarea rows={2} {...p} {...form.register("notes", { setValueAs: toNote })} />}
      </Field>
      <button className="btn" type="submit" disabled={log.isPending}>
        {log.isPending ? "Saving…" : "Log session"}
      </button>
    </form>
  );
}
