"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { get, useForm, type FieldError, type FieldErrors, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";
import {
  canTransition,
  disciplineLabels,
  disciplines,
  mayApply,
  catalogByClass,
  catalogEntry,
  drugClasses,
  drugClassLabels,
  medicationRoutes,
  medicationUnit,
  opioidKeys,
  ownerDiscipline,
  planItemStatuses,
  procedureCatalog,
  procedureTypes,
  recordDecisionInputSchema,
  type DecisionTarget,
  type Discipline,
  type Role,
} from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { humanize, isoDay } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { useRefreshMeeting, type CaseRefs } from "./shared";

type DecisionInput = z.input<typeof recordDecisionInputSchema>;
type DecisionOutput = z.output<typeof recordDecisionInputSchema>;
type Kind = DecisionInput["kind"];

/** The kinds this form offers, in the order the room reaches for them. */
const kindLabels: Partial<Record<Kind, string>> = {
  note: "Note (no plan change)",
  approve_procedure: "Approve a procedure",
  decline_procedure: "Decline a procedure",
  transition_item: "Change a plan item's status",
  add_goal: "Add a goal",
  start_medication: "Start a medication",
  stop_medication: "Stop a medication",
  request_clearance: "Request a psychological clearance",
};

/** The fields of a union-typed form are not on every member, so their errors are looked up by path. */
const errorAt = (errors: FieldErrors<DecisionInput>, path: string): FieldError | undefined => get(errors, path) as FieldError | undefined;

function targetOf(kind: Kind, plan: CarePlan | undefined, planItemId: string | undefined, goalDiscipline: Discipline | undefined): DecisionTarget | null {
  if (kind === "transition_item") {
    const item = plan?.planItems.find((i) => i.id === planItemId);
    return item ? { kind, rowDiscipline: item.discipline } : null;
  }
  if (kind === "add_goal") return goalDiscipline ? { kind, rowDiscipline: goalDiscipline } : null;
  return { kind };
}

/** Says before saving whether the decision changes the plan now or waits for the owner's confirmation. */
function OwnerHint({ role, target }: { role: Role; target: DecisionTarget | null }) {
  if (!target || target.kind === "note") return null;
  const owner = ownerDiscipline(target);
  if (mayApply(role, target)) return <p className="meta">You own this change: it applies to the plan as soon as you record it.</p>;
  return <p className="meta">Recorded as a proposal: it changes the plan once the {owner ? disciplineLabels[owner].toLowerCase() : "owner"} confirms it.</p>;
}

/**
 * "Record a decision": one form, one schema. Changing the kind swaps its fields; fields of other
 * kinds unregister, so only the chosen kind's values reach the server.
 */
export function DecisionForm({ refs, role }: { refs: CaseRefs; role: Role }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting();
  const plan = useQuery(trpc.carePlan.get.queryOptions({ patientId: refs.patientId }));
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<DecisionInput, unknown, DecisionOutput>({
    resolver: zodResolver(recordDecisionInputSchema),
    shouldUnregister: true,
    defaultValues: { ...refs, kind: "note", text: "" },
  });
  const record = useMutation(trpc.meetings.recordDecision.mutationOptions());
  const kind = form.watch("kind");
  const planItemId = form.watch("planItemId");
  const goalDiscipline = form.watch("goal.discipline");
  const data = plan.data;
  const proposed = (data?.procedures ?? []).filter((p) => p.status === "proposed");
  const items = (data?.planItems ?? []).filter((i) => planItemStatuses.some((s) => canTransition(i.status, s)));
  const item = items.find((i) => i.id === planItemId);
  const activeMedications = (data?.medications ?? []).filter((m) => m.status === "active");
  const needClearance = procedureTypes.filter((t) => procedureCatalog[t].requiresClearance);

  /** A change to an existing row is checked against the version the room was looking at. */
  const withVersionRead = (values: DecisionOutput): DecisionOutput => {
    switch (values.kind) {
      case "transition_item":
        return { ...values, expectedVersion: data?.planItems.find((i) => i.id === values.planItemId)?.version };
      case "approve_procedure":
      case "decline_procedure":
        return { ...values, expectedVersion: data?.procedures.find((p) => p.id === values.procedureId)?.version };
      case "stop_medication":
        return { ...values, expectedVersion: data?.medications.find((m) => m.id === values.medicationId)?.version };
      default:
        return values;
    }
  };
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    setSaved(null);
    const decision = await record.mutateAsync(withVersionRead(values));
    setSaved(decision.status === "proposed" ? `Recorded. Awaiting the ${decision.ownerDiscipline ? disciplineLabels[decision.ownerDiscipline].toLowerCase() : "owner"}.` : "Decision recorded.");
    // A room often records several of a kind in a row: the kind stays, its fields clear.
    form.reset();
    form.setValue("kind", values.kind);
    await refresh();
  });
  const errors = form.formState.errors;
  const orderLabel = (p: (typeof proposed)[number]) => `${procedureCatalog[p.procedureType].label}${p.level ? ` · ${p.level}` : ""}${p.side ? ` · ${p.side}` : ""}`;

  return (
    <form className="inline-form" aria-label="Record a decision" noValidate onSubmit={onSubmit}>
      <h3>Record a decision</h3>
      <FormAlert message={formError} />
      {/* Registered so they survive shouldUnregister: where the decision was made. */}
      <input type="hidden" {...form.register("patientId")} />
      <input type="hidden" {...form.register("meetingId")} />
      <input type="hidden" {...form.register("caseId")} />
      {saved ? (
        <div className="alert info" role="status">
          {saved}
        </div>
      ) : null}
      <Field label="Kind of decision" error={errors.kind}>
        {(p) => (
          <select {...p} {...form.register("kind")}>
            {Object.entries(kindLabels).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {kind === "note" ? (
        <Field label="Decision" hint="e.g. continue PT for 6 weeks, then review" error={errorAt(errors, "text")}>
          {(p) => <textarea rows={2} {...p} {...form.register("text")} />}
        </Field>
      ) : null}
      {kind === "approve_procedure" || kind === "decline_procedure" ? (
        <>
          <Field label="Procedure" hint={proposed.length === 0 ? "No procedure of this patient is awaiting a decision." : undefined} error={errorAt(errors, "procedureId")}>
            {(p) => (
              <select {...p} {...form.register("procedureId")}>
                <option value="">Choose…</option>
                {proposed.map((o) => (
                  <option key={o.id} value={o.id}>
                    {orderLabel(o)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {kind === "decline_procedure" ? (
            <Field label="Reason" error={errorAt(errors, "reason")}>
              {(p) => <input {...p} {...form.register("reason")} />}
            </Field>
          ) : null}
        </>
      ) : null}
      {kind === "transition_item" ? (
        <div className="form-grid">
          <Field label="Plan item" error={errorAt(errors, "planItemId")}>
            {(p) => (
              <select {...p} {...form.register("planItemId")}>
                <option value="">Choose…</option>
                {items.map((i) => (
                  <option key={i.id} value={i.id}>
                    Step {i.ladderStep}: {i.title} ({humanize(i.status)})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="New status" error={errorAt(errors, "to")}>
            {(p) => (
              <select {...p} {...form.register("to")} disabled={!item}>
                <option value="">Choose…</option>
                {item
                  ? planItemStatuses
                      .filter((s) => canTransition(item.status, s))
                      .map((s) => (
                        <option key={s} value={s}>
                          {humanize(s)}
                        </option>
                      ))
                  : null}
              </select>
            )}
          </Field>
        </div>
      ) : null}
      {kind === "add_goal" ? (
        <div className="form-grid">
          <Field label="Goal" error={errorAt(errors, "goal.description")}>
            {(p) => <input {...p} {...form.register("goal.description")} />}
          </Field>
          <Field label="Discipline" error={errorAt(errors, "goal.discipline")}>
            {(p) => (
              <select {...p} {...form.register("goal.discipline")}>
                {disciplines.map((d) => (
                  <option key={d} value={d}>
                    {disciplineLabels[d]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Measure" error={errorAt(errors, "goal.measure")}>
            {(p) => <input {...p} {...form.register("goal.measure")} />}
          </Field>
          <Field label="Target" error={errorAt(errors, "goal.target")}>
            {(p) => <input {...p} {...form.register("goal.target")} />}
          </Field>
          <Field label="By" error={errorAt(errors, "goal.targetDate")}>
            {(p) => <input type="date" defaultValue={isoDay(new Date(Date.now() + 56 * 864e5))} {...p} {...form.register("goal.targetDate")} />}
          </Field>
        </div>
      ) : null}
      {kind === "start_medication" ? <MedicationToStartFields form={form} /> : null}
      {kind === "stop_medication" ? (
        <div className="form-grid">
          <Field label="Medication to stop" error={errorAt(errors, "medicationId")}>
            {(p) => (
              <select {...p} {...form.register("medicationId")}>
                <option value="">Choose…</option>
                {activeMedications.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Reason for stopping" error={errorAt(errors, "reason")}>
            {(p) => <textarea rows={2} {...p} {...form.register("reason")} />}
          </Field>
          <Field label="Stopped on" hint="Leave empty for today." error={errorAt(errors, "stoppedAt")}>
            {(p) => <input type="date" {...p} {...form.register("stoppedAt", { setValueAs: (v: string) => (v ? v : undefined) })} />}
          </Field>
        </div>
      ) : null}
      {kind === "request_clearance" ? (
        <Field label="Clearance for" error={errorAt(errors, "procedureType")}>
          {(p) => (
            <select {...p} {...form.register("procedureType")}>
              {needClearance.map((t) => (
                <option key={t} value={t}>
                  {procedureCatalog[t].label}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <OwnerHint role={role} target={targetOf(kind, data, planItemId, goalDiscipline)} />
      <button className="btn small" type="submit" disabled={record.isPending}>
        Record
      </button>
    </form>
  );
}

const OTHER_DRUG = "__other";
const catalogGroups = catalogByClass();

/**
 * A medication the room proposes to start, picked from the same catalogue as the medication list
 * (§6.5): the drug brings class, route, unit and MME factor; "Other" needs a name, a class and a route.
 */
function MedicationToStartFields({ form }: { form: UseFormReturn<DecisionInput, unknown, DecisionOutput> }) {
  const [pick, setPick] = useState("");
  const errors = form.formState.errors;
  const entry = catalogEntry(pick);
  const drugClass = form.watch("medication.drugClass");
  const opioid = form.watch("medication.opioid");
  const asNeeded = form.watch("medication.asNeeded") === true;
  const unit = entry ? entry.unit : medicationUnit({ catalogKey: null, opioid: opioid ?? null });
  const catalogKey = form.register("medication.catalogKey", { setValueAs: (v: string | null) => (v && v !== OTHER_DRUG ? v : null) });
  return (
    <div className="form-grid">
      <Field label="Drug" error={pick === OTHER_DRUG ? errorAt(errors, "medication.catalogKey") : (errorAt(errors, "medication.catalogKey") ?? errorAt(errors, "medication.name"))}>
        {(p) => (
          <select
            {...p}
            {...catalogKey}
            onChange={(e) => {
              setPick(e.target.value);
              void catalogKey.onChange(e);
            }}
          >
            <option value="">— choose a drug —</option>
            {catalogGroups.map((g) => (
              <optgroup key={g.drugClass} label={g.label}>
                {g.entries.map((m) => (
                  <option key={m.key} value={m.key}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            ))}
            <option value={OTHER_DRUG}>Other (not in the catalogue)</option>
          </select>
        )}
      </Field>
      {pick === OTHER_DRUG ? (
        <>
          <Field label="Medication name" error={errorAt(errors, "medication.name")} hint="A known opioid name (generic or brand) is classed as an opioid">
            {(p) => <input {...p} {...form.register("medication.name", { setValueAs: (v: string | undefined) => (v ? v : undefined) })} />}
          </Field>
          <Field label="Class" error={errorAt(errors, "medication.drugClass")}>
            {(p) => (
              <select {...p} {...form.register("medication.drugClass", { setValueAs: (v: string | undefined) => (v ? v : undefined) })}>
                <option value="">— choose a class —</option>
                {drugClasses.map((c) => (
                  <option key={c} value={c}>
                    {drugClassLabels[c]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {drugClass === "opioid" ? (
            <Field label="Counts for MME as" error={errorAt(errors, "medication.opioid")}>
              {(p) => (
                <select {...p} {...form.register("medication.opioid", { setValueAs: (v: string | null | undefined) => (v ? v : null) })}>
                  <option value="">no factor (not included in MME)</option>
                  {opioidKeys.map((k) => (
                    <option key={k} value={k}>
                      {humanize(k)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </>
      ) : null}
      <Field label={`Dose (${unit})`} error={errorAt(errors, "medication.doseMg")}>
        {(p) => <input type="number" step="any" {...p} {...form.register("medication.doseMg", { valueAsNumber: true })} />}
      </Field>
      <Field label="As needed (PRN)" hint="MME counts the maximum per day" error={errorAt(errors, "medication.asNeeded")}>
        {(p) => <input type="checkbox" {...p} {...form.register("medication.asNeeded")} />}
      </Field>
      <Field label={asNeeded ? "Maximum doses per day" : "Times per day"} error={errorAt(errors, "medication.timesPerDay")}>
        {(p) => <input type="number" min={1} max={24} {...p} {...form.register("medication.timesPerDay", { valueAsNumber: true })} />}
      </Field>
      <Field label="Route" hint={entry ? `Leave as is for ${entry.route}.` : undefined} error={errorAt(errors, "medication.route")}>
        {(p) => (
          <select {...p} {...form.register("medication.route", { setValueAs: (v: string | undefined) => (v ? v : undefined) })}>
            <option value="">{entry ? `as catalogued (${entry.route})` : "— choose a route —"}</option>
            {medicationRoutes.map((r) => (
              <option key={r} value={r}>
                {humanize(r)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Starting" error={errorAt(errors, "medication.startedAt")}>
        {(p) => <input type="date" defaultValue={isoDay(new Date())} {...p} {...form.register("medication.startedAt")} />}
      </Field>
    </div>
  );
}
