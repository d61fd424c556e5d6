"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { format } from "date-fns";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import {
  diaryPromptTime,
  diaryRelief,
  diaryTimePoints,
  isDiaryTimePoint,
  outcomeSeries,
  outcomeSourceLabel,
  outcomeTimePointLabels,
  recordProcedureOutcomeInputSchema,
  type DiaryTimePoint,
  type OutcomePointState,
  type OutcomePointStatus,
  type OutcomeTimePoint,
  type RecordProcedureOutcomeInput,
} from "@stepwise/domain";
import { Field, FormAlert, InlineForm, useServerSubmit } from "~/components/form";
import { fmtDate, fmtDateTime, isoDay } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { useRefreshPlan } from "./use-plan";

type Order = CarePlan["procedures"][number];
type Outcome = CarePlan["procedureOutcomes"][number];

const statePill: Record<OutcomePointState, string> = { recorded: "ok", due: "warn", overdue: "danger", upcoming: "", missed: "" };

function stateText(p: OutcomePointStatus, diary: boolean): string {
  switch (p.state) {
    case "recorded":
      return "recorded";
    case "upcoming":
      return diary ? `at ${format(p.dueFrom, "HH:mm")}` : p.daysUntilDue <= 0 ? "due today" : `due in ${p.daysUntilDue} day${p.daysUntilDue === 1 ? "" : "s"} (${fmtDate(p.dueFrom)})`;
    case "due":
      return "due";
    case "overdue":
      return `overdue since ${fmtDate(p.overdueAfter)}`;
    case "missed":
      return p.missedBecause === "chase_ended" ? `missed (no longer chased from ${fmtDate(p.chasedUntil)})` : "missed (a later point is open)";
  }
}

/** Refetch the plan and every open checklist: a diary or an outcome changes what candidacy reads. */
function useRefreshAfterOutcome(patientId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshPlan = useRefreshPlan(patientId);
  return async () => {
    await Promise.all([refreshPlan(), queryClient.invalidateQueries({ queryKey: trpc.procedures.evaluateCandidacy.pathKey() })]);
  };
}

/**
 * The outcome series of a performed order (§6.7): each time point with its state (recorded value
 * and relief, due, overdue, upcoming), the pain diary of a diagnostic block, and a form per point.
 */
export function OutcomeSeriesPanel({ patientId, order }: { patientId: string; order: Order }) {
  const trpc = useTRPC();
  // The plan is already loaded by the page: read it from the cache, not from a second request.
  const plan = useQuery(trpc.carePlan.get.queryOptions({ patientId })).data;
  if (!plan || order.status !== "performed") return null;
  const diagnostic = order.diagnostic;
  const canRecord = plan.viewer.allowed[diagnostic ? "procedure.recordDiary" : "procedure.recordOutcome"];
  return <SeriesView patientId={patientId} order={order} outcomes={plan.procedureOutcomes} canRecord={canRecord} />;
}

function SeriesView({ patientId, order, outcomes, canRecord }: { patientId: string; order: Order; outcomes: readonly Outcome[]; canRecord: boolean }) {
  const view = outcomeSeries(order, outcomes, new Date());
  if (!view) return null;
  const diary = view.schedule === "diagnostic_diary";
  const recordedDiaryPoints = new Set(view.points.filter((p) => p.state === "recorded").map((p) => p.timePoint));
  return (
    <section aria-label="Outcome series" style={{ marginTop: "0.75rem" }}>
      <h4>
        {diary ? "Pain diary" : "Outcome series"} <span className="meta">(policy {view.policyId})</span>
      </h4>
      <table className="table" aria-label={diary ? "Pain diary points" : "Outcome time points"}>
        <thead>
          <tr>
            <th scope="col">Time point</th>
            <th scope="col">State</th>
            <th scope="col">Pain (NRS)</th>
            <th scope="col">Relief</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{diary ? "Pre-block" : "Before the procedure"}</th>
            <td>{order.preProcedurePain === null ? <span className="pill warn">not recorded</span> : <span className="pill ok">recorded</span>}</td>
            <td>{order.preProcedurePain ?? "—"}</td>
            <td>—</td>
          </tr>
          {view.points.map((p) => (
            <tr key={p.timePoint}>
              <th scope="row">{p.label}</th>
              <td>
                <span className={`pill ${statePill[p.state]}`}>{stateText(p, diary)}</span>
                {p.outcome ? <div className="meta">{diary ? fmtDateTime(p.outcome.assessedAt) : fmtDate(p.outcome.assessedAt)}</div> : null}
                {p.outcome && outcomeSourceLabel(p.outcome.source) ? <div className="meta">source: {outcomeSourceLabel(p.outcome.source)}</div> : null}
              </td>
              <td>
                {p.outcome?.painScore ?? "—"}
                {p.outcome?.functionImprovementPercent != null ? <div className="meta">function {p.outcome.functionImprovementPercent}% better</div> : null}
                {p.outcome?.sideEffects ? <div className="meta">side effects: {p.outcome.sideEffects}</div> : null}
              </td>
              <td>{p.reliefPercent === null ? "—" : `${p.reliefPercent}%`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="meta" role="status">
        {diary
          ? view.diary
            ? `Diary relief ${view.diary.reliefPercent ?? "—"}%: pre ${order.preProcedurePain} → lowest ${view.diary.lowestPain} at ${outcomeTimePointLabels[view.diary.lowestAt]} (${view.diary.anaesthetic}).`
            : "No diary points yet: the diary is due the day of the block."
          : view.headline.source
            ? `Headline: ${view.headline.reliefPercent}% relief at ${view.headline.source}${view.headline.reliefDurationDays ? `, ≥ 50% relief lasting ${view.headline.reliefDurationDays} days` : ""}.`
            : "No headline relief yet."}
      </p>
      {canRecord ? (
        diary ? (
          recordedDiaryPoints.size < diaryTimePoints.length ? (
            <DiaryForm patientId={patientId} order={order} recorded={recordedDiaryPoints} />
          ) : null
        ) : (
          <OutcomePointButtons patientId={patientId} order={order} points={view.points} outcomes={outcomes} />
        )
      ) : null}
    </section>
  );
}

const localInput = (d: Date) => format(d, "yyyy-MM-dd'T'HH:mm");

type DiaryRow = { pain: string; time: string };
type DiaryDraft = { preProcedurePain: string; points: Record<DiaryTimePoint, DiaryRow> };

/** The diary of a diagnostic block: the times are prompted from the performed time; relief is computed as the scores are typed. */
function DiaryForm({ patientId, order, recorded }: { patientId: string; order: Order; recorded: ReadonlySet<OutcomeTimePoint> }) {
  const trpc = useTRPC();
  const refresh = useRefreshAfterOutcome(patientId);
  const performedAt = new Date(order.performedAt!);
  const open = diaryTimePoints.filter((p) => !recorded.has(p));
  const form = useForm<DiaryDraft>({
    defaultValues: {
      preProcedurePain: order.preProcedurePain === null ? "" : String(order.preProcedurePain),
      points: Object.fromEntries(diaryTimePoints.map((p) => [p, { pain: "", time: localInput(diaryPromptTime(performedAt, p)) }])) as Record<DiaryTimePoint, DiaryRow>,
    },
  });
  const [done, setDone] = useState<string | null>(null);
  const record = useMutation(trpc.procedures.recordDiary.mutationOptions());
  const { onSubmit, formError, setFormError } = useServerSubmit(form, async (values) => {
    setDone(null);
    const points = open
      .filter((p) => values.points[p].pain !== "")
      .map((p) => ({ timePoint: p, painScore: Number(values.points[p].pain), assessedAt: new Date(values.points[p].time) }));
    if (points.length === 0) {
      setFormError("Enter at least one diary score.");
      return;
    }
    const saved = await record.mutateAsync({
      patientId,
      id: order.id,
      expectedVersion: order.version,
      ...(order.preProcedurePain === null ? { preProcedurePain: Number(values.preProcedurePain) } : {}),
      points,
    });
    setDone(`Diary saved: ${saved.reliefPercent ?? "—"}% relief.`);
    await refresh();
  });
  const watched = form.watch();
  const pre = watched.preProcedurePain === "" ? null : Number(watched.preProcedurePain);
  const typed = diaryTimePoints.flatMap((p) => (watched.points[p].pain === "" ? [] : [{ timePoint: p as OutcomeTimePoint, painScore: Number(watched.points[p].pain) }]));
  const relief = pre === null ? null : diaryRelief(pre, typed);
  const { errors } = form.formState;
  const painRules = { validate: (v: string) => v === "" || (/^\d+$/.test(v) && Number(v) <= 10) || "NRS is a whole number 0–10" };
  return (
    <form className="inline-form" aria-label="Record the pain diary" noValidate onSubmit={onSubmit}>
      <h4 style={{ margin: 0 }}>Record the pain diary</h4>
      <p className="meta" style={{ margin: 0 }}>
        Block performed {fmtDateTime(performedAt)}. Enter the NRS the patient gave at each time; leave a time blank if it was not scored.
      </p>
      <FormAlert message={formError ?? (errors.points ? "Check the diary points." : null)} />
      {done ? (
        <div className="alert info" role="status">
          {done}
        </div>
      ) : null}
      {order.preProcedurePain === null ? (
        <Field label="Pre-block NRS" error={errors.preProcedurePain}>
          {(p) => <input inputMode="numeric" {...p} {...form.register("preProcedurePain", { validate: (v) => (/^\d+$/.test(v) && Number(v) <= 10) || "The pre-block NRS (0–10) is needed to compute relief" })} />}
        </Field>
      ) : (
        <p style={{ margin: 0 }}>Pre-block NRS: {order.preProcedurePain}</p>
      )}
      <div className="form-grid">
        {open.map((p) => (
          <fieldset key={p} className="field" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend style={{ fontWeight: 600, fontSize: "0.9rem" }}>
              {outcomeTimePointLabels[p]} after ({format(diaryPromptTime(performedAt, p), "HH:mm")})
            </legend>
            <Field label={`NRS at ${outcomeTimePointLabels[p]}`} error={errors.points?.[p]?.pain}>
              {(props) => <input inputMode="numeric" {...props} {...form.register(`points.${p}.pain`, painRules)} />}
            </Field>
            <Field label={`Time of the ${outcomeTimePointLabels[p]} score`}>{(props) => <input type="datetime-local" {...props} {...form.register(`points.${p}.time`)} />}</Field>
          </fieldset>
        ))}
      </div>
      <p aria-live="polite" style={{ margin: 0 }}>
        <strong>Computed relief:</strong>{" "}
        {relief && relief.reliefPercent !== null ? `${relief.reliefPercent}% (pre ${pre} → lowest ${relief.lowestPain} at ${outcomeTimePointLabels[relief.lowestAt]})` : "enter the pre-block NRS and at least one score"}
      </p>
      <div className="actions">
        <button className="btn" type="submit" disabled={record.isPending}>
          Save diary
        </button>
      </div>
    </form>
  );
}

/** One button per follow-up point: add it, or correct it once recorded. */
function OutcomePointButtons({ patientId, order, points, outcomes }: { patientId: string; order: Order; points: OutcomePointStatus[]; outcomes: readonly Outcome[] }) {
  const [editing, setEditing] = useState<OutcomeTimePoint | null>(null);
  const point = points.find((p) => p.timePoint === editing);
  return (
    <div>
      <div className="actions" style={{ marginTop: 0 }}>
        {points
          .filter((p) => !isDiaryTimePoint(p.timePoint))
          .map((p) => (
            <button key={p.timePoint} className="btn small secondary" type="button" aria-pressed={editing === p.timePoint} onClick={() => setEditing(p.timePoint)}>
              {p.outcome ? `Correct ${p.label}` : `Record ${p.label}`}
            </button>
          ))}
      </div>
      {point ? (
        <OutcomePointForm key={point.timePoint} patientId={patientId} order={order} point={point} existing={outcomes.find((o) => o.id === point.outcome?.id) ?? null} onDone={() => setEditing(null)} />
      ) : null}
    </div>
  );
}

function OutcomePointForm({ patientId, order, point, existing, onDone }: { patientId: string; order: Order; point: OutcomePointStatus; existing: Outcome | null; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshAfterOutcome(patientId);
  const form = useForm<z.input<typeof recordProcedureOutcomeInputSchema>, unknown, RecordProcedureOutcomeInput>({
    resolver: zodResolver(recordProcedureOutcomeInputSchema),
    defaultValues: {
      patientId,
      id: order.id,
      expectedVersion: order.version,
      timePoint: point.timePoint,
      assessedAt: isoDay(existing ? new Date(existing.assessedAt) : new Date()),
      ...(order.preProcedurePain === null ? { preProcedurePain: undefined } : {}),
      painScore: existing?.painScore ?? undefined,
      functionImprovementPercent: existing?.functionImprovementPercent ?? null,
      sideEffects: existing?.sideEffects ?? null,
      notes: existing?.notes ?? null,
      ...(existing ? { outcomeExpectedVersion: existing.version } : {}),
    },
  });
  const record = useMutation(trpc.procedures.recordOutcome.mutationOptions());
  const { errors } = form.formState;
  const num = { setValueAs: (v: string) => (v === "" ? undefined : Number(v)) };
  const nullableNum = { setValueAs: (v: string) => (v === "" ? null : Number(v)) };
  const nullableText = { setValueAs: (v: string) => (v.trim() === "" ? null : v) };
  return (
    <InlineForm
      form={form}
      label={`Record the ${point.label} outcome`}
      heading={<h4 style={{ margin: 0 }}>{existing ? "Correct" : "Record"} the {point.label} outcome</h4>}
      submitLabel="Save outcome"
      onCancel={onDone}
      run={async (values) => {
        await record.mutateAsync(values);
        onDone();
        await refresh();
      }}
    >
      <div className="form-grid">
        <Field label="Date assessed" hint="Not before the procedure, not in the future." error={errors.assessedAt}>
          {(p) => <input type="date" max={isoDay(new Date())} {...p} {...form.register("assessedAt")} />}
        </Field>
        {order.preProcedurePain === null ? (
          <Field label="Pain before the procedure (NRS)" error={errors.preProcedurePain}>
            {(p) => <input inputMode="numeric" {...p} {...form.register("preProcedurePain", num)} />}
          </Field>
        ) : null}
        <Field label="Pain now (NRS 0–10)" error={errors.painScore}>
          {(p) => <input inputMode="numeric" {...p} {...form.register("painScore", num)} />}
        </Field>
        <Field label="Function improvement (%)" hint="ODI or PEG against before the procedure; optional." error={errors.functionImprovementPercent}>
          {(p) => <input inputMode="numeric" {...p} {...form.register("functionImprovementPercent", nullableNum)} />}
        </Field>
      </div>
      <Field label="Side effects" error={errors.sideEffects}>
        {(p) => <input {...p} {...form.register("sideEffects", nullableText)} />}
      </Field>
      <Field label="Notes" error={errors.notes}>
        {(p) => <textarea rows={2} {...p} {...form.register("notes", nullableText)} />}
      </Field>
    </InlineForm>
  );
}
