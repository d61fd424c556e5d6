"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm, useFormContext } from "react-hook-form";
import { z } from "zod";
import {
  can,
  canTransition,
  createGoalInputSchema,
  createPlanItemInputSchema,
  updateCarePlanInputSchema,
  disciplineLabels,
  ladderSteps,
  planItemKinds,
  planItemStatuses,
  type Discipline,
  type PlanItemStatus,
} from "@stepwise/domain";
import { Field, FormAlert, InlineForm } from "~/components/form";
import { closesWhenDone, useVersionedEdit, VersionedEditForm } from "~/components/versioned-edit";
import { fmtDate, humanize, isoDay } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import { calendarDay, type EditField } from "~/lib/versioned-edit";
import { useTRPC } from "~/trpc/react";
import { Comments, type Viewer } from "./comments";
import { ProblemsCard } from "./problems";
import { useRefreshPlan } from "./use-plan";

type Item = CarePlan["planItems"][number];

/** §6.8: where the patient is now and the highest step reached, both derived, with the rule's id. */
function LadderPositionLine({ ladder }: { ladder: CarePlan["ladder"] }) {
  return (
    <p className="meta" style={{ margin: 0 }} data-testid="ladder-position">
      Current step: <strong>{ladder.current}</strong> · {ladder.currentLabel}
      {ladder.basis === "work_up" && ladder.workUp ? ` — in work-up after a diagnostic block (until ${fmtDate(ladder.workUp.until)})` : ""}
      {ladder.basis === "self_management" ? " — no active items" : ""}
      {ladder.currentSince ? ` · since ${fmtDate(ladder.currentSince)}` : ""} · Highest step reached: <strong>{ladder.highestReached}</strong>
      {ladder.highestReached !== ladder.current ? ` · ${ladder.highestReachedLabel}` : ""} <span title={`Ladder rule ${ladder.policyId}`}>· rule {ladder.policyId}</span>
    </p>
  );
}

export function OverviewSection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const mine = plan.viewer.discipline;
  return (
    <div className="grid">
      <PlanSummaryCard patientId={patientId} plan={plan} />
      <ProblemsCard patientId={patientId} plan={plan} />
      <GoalsCard patientId={patientId} plan={plan} />
      <section className="card" aria-labelledby="ladder-heading">
        <div className="section-head">
          <div>
            <h2 id="ladder-heading">Pain ladder</h2>
            <LadderPositionLine ladder={plan.ladder} />
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
                      <PlanItemCard key={item.id} patientId={patientId} item={item} viewer={plan.viewer} editable={plan.viewer.allowed["planItem.update"] && can(plan.viewer.role, "planItem.update", { rowDiscipline: item.discipline })} />
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

function PlanItemCard({ patientId, item, viewer, editable }: { patientId: string; item: Item; viewer: Viewer; editable: boolean }) {
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
      {showComments ? <Comments patientId={patientId} targetType="plan_item" targetId={item.id} viewer={viewer} /> : null}
    </article>
  );
}

// Kind, step and discipline are fixed once proposed: an edit changes the words only.
const planItemEditSchema = z.object(createPlanItemInputSchema.shape).pick({ title: true, rationale: true });
type PlanItemEdit = z.output<typeof planItemEditSchema>;
const planItemFields: readonly EditField<PlanItemEdit>[] = [
  { key: "title", label: "Title" },
  { key: "rationale", label: "Rationale" },
];
const planItemValues = (row: Item): PlanItemEdit => ({ title: row.title, rationale: row.rationale });

/** The words of a plan item, as proposed and as edited. */
function PlanItemFields() {
  const { register, formState } = useFormContext<z.input<typeof planItemEditSchema>>();
  return (
    <>
      <Field label="Title" error={formState.errors.title}>
        {(p) => <input {...p} {...register("title")} />}
      </Field>
      <Field label="Rationale" error={formState.errors.rationale}>
        {(p) => <textarea rows={3} {...p} {...register("rationale")} />}
      </Field>
    </>
  );
}

function EditPlanItemForm({ patientId, item, onDone }: { patientId: string; item: Item; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof planItemEditSchema>, unknown, PlanItemEdit>({ resolver: zodResolver(planItemEditSchema), defaultValues: planItemValues(item) });
  const update = useMutation(trpc.planItems.update.mutationOptions());
  const edit = useVersionedEdit({
    row: item,
    values: planItemValues,
    save: ({ changes, expectedVersion }) => update.mutateAsync({ ...changes, patientId, id: item.id, expectedVersion }),
    ...closesWhenDone(refresh, onDone),
  });
  return (
    <VersionedEditForm form={form} edit={edit} fields={planItemFields} subject="this plan item" label={`Edit ${item.title}`} saveLabel="Save" onCancel={onDone}>
      <PlanItemFields />
    </VersionedEditForm>
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
  const run = async (values: z.output<typeof newItemSchema>) => {
    await create.mutateAsync(values);
    form.reset();
    setOpen(false);
    await refresh();
  };
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
    <InlineForm form={form} label="New plan item" heading={<h3>New {disciplineLabels[discipline]} item</h3>} submitLabel="Propose item" onCancel={() => setOpen(false)} run={run}>
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
      <PlanItemFields />
    </InlineForm>
  );
}

type Goal = CarePlan["goals"][number];

function GoalsCard({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const mine = plan.viewer.discipline;
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [open, setOpen] = useState(false);
  const form = useForm<z.input<typeof createGoalInputSchema>, unknown, z.output<typeof createGoalInputSchema>>({
    resolver: zodResolver(createGoalInputSchema),
    defaultValues: { patientId, discipline: mine ?? "physician", description: "", measure: "", target: "", targetDate: isoDay(new Date(Date.now() + 90 * 864e5)) },
  });
  const create = useMutation(trpc.goals.create.mutationOptions());
  const run = async (values: z.output<typeof createGoalInputSchema>) => {
    await create.mutateAsync(values);
    form.reset();
    setOpen(false);
    await refresh();
  };
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
          <GoalRow key={g.id} patientId={patientId} goal={g} editable={plan.viewer.allowed["goal.update"] && can(plan.viewer.role, "goal.update", { rowDiscipline: g.discipline })} />
        ))}
      </ul>
      {open ? (
        <InlineForm form={form} label="New goal" submitLabel="Add goal" onCancel={() => setOpen(false)} run={run}>
          <GoalFields />
        </InlineForm>
      ) : null}
    </section>
  );
}

function GoalRow({ patientId, goal: g, editable }: { patientId: string; goal: Goal; editable: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [editing, setEditing] = useState(false);
  const [statusError, setStatusError] = useState<string | null>(null);
  const update = useMutation(trpc.goals.update.mutationOptions({ onSuccess: refresh, onError: (e) => setStatusError(errorInfo(e).message) }));
  return (
    <li className={`item ${editable ? "" : "readonly"}`} aria-label={g.description}>
      <div className="item-head">
        <div>
          <strong>{g.description}</strong>
          <div className="meta">
            {g.measure} → {g.target} by {fmtDate(g.targetDate)} · {disciplineLabels[g.discipline]}
          </div>
        </div>
        <span className={`pill ${g.status === "met" ? "ok" : g.status === "active" ? "brand" : ""}`}>{humanize(g.status)}</span>
      </div>
      {editing ? <EditGoalForm patientId={patientId} goal={g} onDone={() => setEditing(false)} /> : null}
      <FormAlert message={statusError} />
      {editable && !editing ? (
        <div className="actions">
          {g.status === "active" ? (
            <>
              <button className="btn small secondary" type="button" disabled={update.isPending} onClick={() => update.mutate({ patientId, id: g.id, expectedVersion: g.version, status: "met" })}>
                Mark met
              </button>
              <button className="btn small ghost" type="button" disabled={update.isPending} onClick={() => update.mutate({ patientId, id: g.id, expectedVersion: g.version, status: "not_met" })}>
                Not met
              </button>
            </>
          ) : null}
          <button className="btn small ghost" type="button" onClick={() => setEditing(true)}>
            Edit
          </button>
        </div>
      ) : null}
    </li>
  );
}

const goalEditSchema = createGoalInputSchema.pick({ description: true, measure: true, target: true, targetDate: true });
type GoalEdit = z.output<typeof goalEditSchema>;
const goalFields: readonly EditField<GoalEdit>[] = [
  { key: "description", label: "Goal" },
  { key: "measure", label: "Measure" },
  { key: "target", label: "Target" },
  { key: "targetDate", label: "Target date", show: (d) => (d instanceof Date ? fmtDate(d) : String(d)) },
];
const goalValues = (g: Goal): GoalEdit => ({ description: g.description, measure: g.measure, target: g.target, targetDate: new Date(g.targetDate) });

/** What a goal says, as set and as edited. */
function GoalFields() {
  const { register, formState } = useFormContext<z.input<typeof goalEditSchema>>();
  const { errors } = formState;
  return (
    <>
      <Field label="Goal" hint="Functional and specific, e.g. walk 30 minutes without stopping" error={errors.description}>
        {(p) => <input {...p} {...register("description")} />}
      </Field>
      <div className="form-grid">
        <Field label="Measure" error={errors.measure}>
          {(p) => <input {...p} {...register("measure")} />}
        </Field>
        <Field label="Target" error={errors.target}>
          {(p) => <input {...p} {...register("target")} />}
        </Field>
        <Field label="Target date" error={errors.targetDate}>
          {(p) => <input type="date" {...p} {...register("targetDate")} />}
        </Field>
      </div>
    </>
  );
}

function EditGoalForm({ patientId, goal, onDone }: { patientId: string; goal: Goal; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof goalEditSchema>, unknown, GoalEdit>({
    resolver: zodResolver(goalEditSchema),
    defaultValues: { ...goalValues(goal), targetDate: calendarDay(goal.targetDate) },
  });
  const update = useMutation(trpc.goals.update.mutationOptions());
  const edit = useVersionedEdit({
    row: goal,
    values: goalValues,
    save: ({ changes, expectedVersion }) => update.mutateAsync({ ...changes, patientId, id: goal.id, expectedVersion }),
    ...closesWhenDone(refresh, onDone),
  });
  return (
    <VersionedEditForm form={form} edit={edit} fields={goalFields} subject="this goal" label="Edit goal" saveLabel="Save goal" onCancel={onDone}>
      <GoalFields />
    </VersionedEditForm>
  );
}

type PlanRow = NonNullable<CarePlan["plan"]>;
type SummaryEdit = z.output<typeof updateCarePlanInputSchema>;
const summaryFields: readonly EditField<SummaryEdit>[] = [{ key: "summary", label: "Summary" }];
/** The whole update input, so the form validates with the server's schema; the version sent is the hook's base. */
const summaryValues = (row: PlanRow): SummaryEdit => ({ patientId: row.patientId, id: row.id, expectedVersion: row.version, summary: row.summary });

/** The plan in a few sentences, written by the physician who leads it. */
function PlanSummaryCard({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const [editing, setEditing] = useState(false);
  const row = plan.plan;
  if (!row) return null;
  return (
    <section className="card" aria-labelledby="summary-heading">
      <div className="section-head">
        <h2 id="summary-heading">Plan summary</h2>
        {plan.viewer.allowed["carePlan.update"] && !editing ? (
          <button className="btn small secondary" type="button" onClick={() => setEditing(true)}>
            Edit summary
          </button>
        ) : null}
      </div>
      {editing ? <EditSummaryForm patientId={patientId} row={row} onDone={() => setEditing(false)} /> : <p style={{ margin: 0 }}>{row.summary || <span className="meta">No summary written yet.</span>}</p>}
    </section>
  );
}

function EditSummaryForm({ patientId, row, onDone }: { patientId: string; row: PlanRow; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof updateCarePlanInputSchema>, unknown, SummaryEdit>({ resolver: zodResolver(updateCarePlanInputSchema), defaultValues: summaryValues(row) });
  const update = useMutation(trpc.carePlan.update.mutationOptions());
  const edit = useVersionedEdit({
    row,
    values: summaryValues,
    save: ({ values, expectedVersion }) => update.mutateAsync({ patientId, id: row.id, expectedVersion, summary: values.summary }),
    ...closesWhenDone(refresh, onDone),
  });
  return (
    <VersionedEditForm form={form} edit={edit} fields={summaryFields} subject="the plan summary" label="Edit plan summary" saveLabel="Save summary" onCancel={onDone}>
      <Field label="Summary" error={form.formState.errors.summary}>
        {(p) => <textarea rows={4} {...p} {...form.register("summary")} />}
      </Field>
    </VersionedEditForm>
  );
}
