"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import {
  canTransition,
  createGoalInputSchema,
  createPlanItemInputSchema,
  disciplineLabels,
  ladderSteps,
  planItemKinds,
  planItemStatuses,
  type Discipline,
  type PlanItemStatus,
} from "@stepwise/domain";
import { applyServerError, Field, FormAlert, useServerSubmit } from "~/components/form";
import { fmtDate, humanize, isoDay } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { Comments } from "./comments";
import { ConflictNotice } from "./conflict";
import { ProblemsCard } from "./problems";
import { useRefreshPlan } from "./use-plan";

type Item = CarePlan["planItems"][number];

export function OverviewSection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const mine = plan.viewer.discipline;
  return (
    <div className="grid">
      <ProblemsCard patientId={patientId} plan={plan} />
      <GoalsCard patientId={patientId} plan={plan} />
      <section className="card" aria-labelledby="ladder-heading">
        <div className="section-head">
          <div>
            <h2 id="ladder-heading">Pain ladder</h2>
            <p className="meta" style={{ margin: 0 }}>
              Current step: <strong>{plan.currentStep}</strong> · {plan.currentStepLabel}
            </p>
          </div>
        </div>
        <div className="ladder">
          {ladderSteps.map((s) => {
            const items = plan.planItems.filter((i) => i.ladderStep === s.step);
            return (
              <div key={s.step} className={`step ${plan.currentStep === s.step ? "current" : ""}`}>
                <h3>
                  <span className="pill brand">Step {s.step}</span> {s.label}
                </h3>
                <p className="meta" style={{ marginTop: 0 }}>
                  {s.description}
                </p>
                {items.length === 0 ? (
                  <p className="meta">Nothing on this step yet.</p>
                ) : (
                  <div className="items">
                    {items.map((item) => (
                      <PlanItemCard key={item.id} patientId={patientId} item={item} editable={mine === item.discipline && plan.viewer.allowed["planItem.update"]} />
                    ))}
                  </div>
                )}
              </div>
            );
          })}
        </div>
        {mine && plan.viewer.allowed["planItem.create"] ? <NewPlanItemForm patientId={patientId} discipline={mine} /> : null}
      </section>
    </div>
  );
}

const statusTone: Record<PlanItemStatus, string> = { proposed: "warn", active: "ok", completed: "brand", stopped: "", on_hold: "" };

function PlanItemCard({ patientId, item, editable }: { patientId: string; item: Item; editable: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [editing, setEditing] = useState(false);
  const [showComments, setShowComments] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const transition = useMutation(
    trpc.planItems.transition.mutationOptions({
      onSuccess: refresh,
      onError: (e) => setError(errorInfo(e).message),
    }),
  );
  const next = planItemStatuses.filter((s) => canTransition(item.status, s));
  return (
    <article className={`item ${editable ? "" : "readonly"}`} aria-label={item.title}>
      <div className="item-head">
        <div>
          <h4>{item.title}</h4>
          <div className="meta">
            {humanize(item.kind)} · {disciplineLabels[item.discipline]}
            {item.startedAt ? ` · since ${fmtDate(item.startedAt)}` : ""}
            {item.endedAt ? ` · ended ${fmtDate(item.endedAt)}` : ""}
          </div>
        </div>
        <span className={`pill ${statusTone[item.status]}`}>{humanize(item.status)}</span>
      </div>
      {editing ? (
        <EditPlanItemForm patientId={patientId} item={item} onDone={() => setEditing(false)} />
      ) : (
        <p style={{ margin: "0.4rem 0" }}>{item.rationale}</p>
      )}
      {!editable ? <p className="owner-note">The {disciplineLabels[item.discipline]}&apos;s section — read-only for you.</p> : null}
      <FormAlert message={error} />
      <div className="actions">
        {editable && !editing
          ? next.map((to) => (
              <button
                key={to}
                type="button"
                className="btn small secondary"
                disabled={transition.isPending}
                onClick={() => {
                  setError(null);
                  transition.mutate({ patientId, id: item.id, expectedVersion: item.version, to });
                }}
              >
                {to === "active" ? "Start" : to === "completed" ? "Complete" : to === "on_hold" ? "Put on hold" : to === "stopped" ? "Stop" : humanize(to)}
              </button>
            ))
          : null}
        {editable && !editing ? (
          <button type="button" className="btn small ghost" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
        <button type="button" className="btn small ghost" aria-expanded={showComments} onClick={() => setShowComments((v) => !v)}>
          {showComments ? "Hide comments" : "Comments"}
        </button>
      </div>
      {showComments ? <Comments patientId={patientId} targetType="plan_item" targetId={item.id} /> : null}
    </article>
  );
}

const editSchema = z.object({ title: z.string().trim().min(1, "Required").max(200), rationale: z.string().trim().min(1, "Required").max(4000) });

function EditPlanItemForm({ patientId, item, onDone }: { patientId: string; item: Item; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.infer<typeof editSchema>>({ resolver: zodResolver(editSchema), defaultValues: { title: item.title, rationale: item.rationale } });
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<{ current: Item; mine: z.infer<typeof editSchema> } | null>(null);
  const update = useMutation(trpc.planItems.update.mutationOptions());

  const save = async (values: z.infer<typeof editSchema>, version: number) => {
    setFormError(null);
    try {
      await update.mutateAsync({ patientId, id: item.id, expectedVersion: version, ...values });
      setConflict(null);
      await refresh();
      onDone();
    } catch (e) {
      const info = errorInfo(e);
      if (info.code === "CONFLICT" && info.current) {
        setConflict({ current: info.current as Item, mine: values });
        return;
      }
      setFormError(applyServerError(form, e, ["title", "rationale"]));
    }
  };

  return (
    <form className="inline-form" onSubmit={form.handleSubmit((v) => save(v, item.version))} noValidate>
      {conflict ? (
        <ConflictNotice
          current={conflict.current}
          mine={conflict.mine}
          onReapply={() => void save(conflict.mine, conflict.current.version)}
          onDiscard={() => {
            setConflict(null);
            void refresh();
            onDone();
          }}
        />
      ) : null}
      <FormAlert message={formError} />
      <Field label="Title" error={form.formState.errors.title}>
        {(p) => <input {...p} {...form.register("title")} />}
      </Field>
      <Field label="Rationale" error={form.formState.errors.rationale}>
        {(p) => <textarea rows={3} {...p} {...form.register("rationale")} />}
      </Field>
      <div className="actions">
        <button className="btn small" type="submit" disabled={update.isPending}>
          Save
        </button>
        <button className="btn small secondary" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

const newItemSchema = createPlanItemInputSchema;
type NewItem = z.input<typeof newItemSchema>;

function NewPlanItemForm({ patientId, discipline }: { patientId: string; discipline: Discipline }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [open, setOpen] = useState(false);
  const form = useForm<NewItem, unknown, z.output<typeof newItemSchema>>({
    resolver: zodResolver(newItemSchema),
    defaultValues: { patientId, discipline, kind: discipline === "physician" ? "medication" : discipline === "physical_therapist" ? "physical_therapy" : "psychology", ladderStep: discipline === "physical_therapist" ? 1 : 2, title: "", rationale: "" },
  });
  const create = useMutation(trpc.planItems.create.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await create.mutateAsync(values);
    form.reset();
    setOpen(false);
    await refresh();
  });
  if (!open) {
    return (
      <div className="actions" style={{ marginTop: "1rem" }}>
        <button className="btn secondary" type="button" onClick={() => setOpen(true)}>
          Add a {disciplineLabels[discipline]} item
        </button>
      </div>
    );
  }
  return (
    <form className="inline-form" aria-label="New plan item" noValidate onSubmit={onSubmit}>
      <h3>New {disciplineLabels[discipline]} item</h3>
      <FormAlert message={formError} />
      <div className="form-grid">
        <Field label="Kind" error={form.formState.errors.kind}>
          {(p) => (
            <select {...p} {...form.register("kind")}>
              {planItemKinds.map((k) => (
                <option key={k} value={k}>
                  {humanize(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Ladder step" error={form.formState.errors.ladderStep}>
          {(p) => (
            <select {...p} {...form.register("ladderStep", { valueAsNumber: true })}>
              {ladderSteps.map((s) => (
                <option key={s.step} value={s.step}>
                  {s.step} · {s.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field label="Title" error={form.formState.errors.title}>
        {(p) => <input {...p} {...form.register("title")} />}
      </Field>
      <Field label="Rationale" error={form.formState.errors.rationale}>
        {(p) => <textarea rows={3} {...p} {...form.register("rationale")} />}
      </Field>
      <div className="actions">
        <button className="btn" type="submit" disabled={create.isPending}>
          Propose item
        </button>
        <button className="btn secondary" type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function GoalsCard({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const mine = plan.viewer.discipline;
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [open, setOpen] = useState(false);
  const [statusError, setStatusError] = useState<string | null>(null);
  const form = useForm<z.input<typeof createGoalInputSchema>, unknown, z.output<typeof createGoalInputSchema>>({
    resolver: zodResolver(createGoalInputSchema),
    defaultValues: { patientId, discipline: mine ?? "physician", description: "", measure: "", target: "", targetDate: isoDay(new Date(Date.now() + 90 * 864e5)) },
  });
  const create = useMutation(trpc.goals.create.mutationOptions());
  const update = useMutation(trpc.goals.update.mutationOptions({ onSuccess: refresh, onError: (e) => setStatusError(errorInfo(e).message) }));
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await create.mutateAsync(values);
    form.reset();
    setOpen(false);
    await refresh();
  });
  return (
    <section className="card" aria-labelledby="goals-heading">
      <div className="section-head">
        <h2 id="goals-heading">Goals</h2>
        {mine && plan.viewer.allowed["goal.create"] && !open ? (
          <button className="btn small secondary" type="button" onClick={() => setOpen(true)}>
            Add goal
          </button>
        ) : null}
      </div>
      {plan.goals.length === 0 ? <p className="meta">No goals recorded yet.</p> : null}
      <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {plan.goals.map((g) => (
          <li key={g.id} className={`item ${g.discipline === mine ? "" : "readonly"}`}>
            <div className="item-head">
              <div>
                <strong>{g.description}</strong>
                <div className="meta">
                  {g.measure} → {g.target} by {fmtDate(g.targetDate)} · {disciplineLabels[g.discipline]}
                </div>
              </div>
              <span className={`pill ${g.status === "met" ? "ok" : g.status === "active" ? "brand" : ""}`}>{humanize(g.status)}</span>
            </div>
            {g.discipline === mine && g.status === "active" ? (
              <div className="actions">
                <button className="btn small secondary" type="button" onClick={() => update.mutate({ patientId, id: g.id, expectedVersion: g.version, status: "met" })}>
                  Mark met
                </button>
                <button className="btn small ghost" type="button" onClick={() => update.mutate({ patientId, id: g.id, expectedVersion: g.version, status: "not_met" })}>
                  Not met
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {open ? (
        <form className="inline-form" aria-label="New goal" noValidate onSubmit={onSubmit}>
          <FormAlert message={formError} />
          <Field label="Goal" hint="Functional and specific, e.g. walk 30 minutes without stopping" error={form.formState.errors.description}>
            {(p) => <input {...p} {...form.register("description")} />}
          </Field>
          <div className="form-grid">
            <Field label="Measure" error={form.formState.errors.measure}>
              {(p) => <input {...p} {...form.register("measure")} />}
            </Field>
            <Field label="Target" error={form.formState.errors.target}>
              {(p) => <input {...p} {...form.register("target")} />}
            </Field>
            <Field label="Target date" error={form.formState.errors.targetDate}>
              {(p) => <input type="date" {...p} {...form.register("targetDate")} />}
            </Field>
          </div>
          <div className="actions">
            <button className="btn" type="submit" disabled={create.isPending}>
              Add goal
            </button>
            <button className="btn secondary" type="button" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <FormAlert message={statusError} />
      )}
    </section>
  );
}
