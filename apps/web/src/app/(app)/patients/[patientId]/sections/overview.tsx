"use client";

import { useMutation } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useState } from "react";
import { can, canTransition, disciplineLabels, ladderSteps, planItemStatuses, type Discipline, type PlanItemStatus } from "@stepwise/domain";
import { FormAlert } from "~/components/form-alert";
import { fmtDate, humanize } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import type { Viewer } from "./comments";
import { FormLoading } from "./form-loading";
import { ProblemsCard } from "./problems";
import { useRefreshPlan } from "./use-plan";

// What opens on a click loads with it, not with the page: the forms (react-hook-form and the domain's
// schemas) and an item's comments.
const EditPlanItemForm = dynamic(() => import("./overview-forms").then((m) => m.EditPlanItemForm), { ssr: false, loading: FormLoading });
const NewPlanItemForm = dynamic(() => import("./overview-forms").then((m) => m.NewPlanItemForm), { ssr: false, loading: FormLoading });
const NewGoalForm = dynamic(() => import("./overview-forms").then((m) => m.NewGoalForm), { ssr: false, loading: FormLoading });
const EditGoalForm = dynamic(() => import("./overview-forms").then((m) => m.EditGoalForm), { ssr: false, loading: FormLoading });
const EditSummaryForm = dynamic(() => import("./overview-forms").then((m) => m.EditSummaryForm), { ssr: false, loading: FormLoading });
const Comments = dynamic(() => import("./comments").then((m) => m.Comments), { ssr: false, loading: FormLoading });

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
        {mine && plan.viewer.allowed["planItem.create"] ? <AddPlanItem patientId={patientId} discipline={mine} /> : null}
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

/** "Add a … item", opening the new item's form in place. */
function AddPlanItem({ patientId, discipline }: { patientId: string; discipline: Discipline }) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <div className="actions" style={{ marginTop: "1rem" }}>
        <button className="btn secondary" type="button" onClick={() => setOpen(true)}>
          Add a {disciplineLabels[discipline]} item
        </button>
      </div>
    );
  }
  return <NewPlanItemForm patientId={patientId} discipline={discipline} onDone={() => setOpen(false)} />;
}

type Goal = CarePlan["goals"][number];

function GoalsCard({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const mine = plan.viewer.discipline;
  const [open, setOpen] = useState(false);
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
      {open ? <NewGoalForm patientId={patientId} discipline={mine ?? "physician"} onDone={() => setOpen(false)} /> : null}
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
