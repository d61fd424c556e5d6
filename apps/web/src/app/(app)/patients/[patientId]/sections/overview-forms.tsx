"use client";

// The plan tab's forms, loaded when one is opened (react-hook-form and the domain's schemas stay off the first load).
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm, useFormContext } from "react-hook-form";
import { z } from "zod";
import { createGoalInputSchema, createPlanItemInputSchema, updateCarePlanInputSchema, disciplineLabels, ladderSteps, planItemKinds, type Discipline } from "@stepwise/domain";
import { Field, InlineForm } from "~/components/form";
import { closesWhenDone, useVersionedEdit, VersionedEditForm } from "~/components/versioned-edit";
import { fmtDate, humanize, isoDay } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { calendarDay, type EditField } from "~/lib/versioned-edit";
import { useTRPC } from "~/trpc/react";
import { useRefreshPlan } from "./use-plan";

type Item = CarePlan["planItems"][number];
type Goal = CarePlan["goals"][number];

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

export function EditPlanItemForm({ patientId, item, onDone }: { patientId: string; item: Item; onDone: () => void }) {
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

export function NewPlanItemForm({ patientId, discipline, onDone }: { patientId: string; discipline: Discipline; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<NewItem, unknown, z.output<typeof newItemSchema>>({
    resolver: zodResolver(newItemSchema),
    defaultValues: { patientId, discipline, kind: discipline === "physician" ? "medication" : discipline === "physical_therapist" ? "physical_therapy" : "psychology", ladderStep: discipline === "physical_therapist" ? 1 : 2, title: "", rationale: "" },
  });
  const create = useMutation(trpc.planItems.create.mutationOptions());
  const run = async (values: z.output<typeof newItemSchema>) => {
    await create.mutateAsync(values);
    form.reset();
    onDone();
    await refresh();
  };
  return (
    <InlineForm form={form} label="New plan item" heading={<h3>New {disciplineLabels[discipline]} item</h3>} submitLabel="Propose item" onCancel={onDone} run={run}>
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


/** A new goal of the viewer's discipline, proposed from the Goals card. */
export function NewGoalForm({ patientId, discipline, onDone }: { patientId: string; discipline: Discipline; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof createGoalInputSchema>, unknown, z.output<typeof createGoalInputSchema>>({
    resolver: zodResolver(createGoalInputSchema),
    defaultValues: { patientId, discipline, description: "", measure: "", target: "", targetDate: isoDay(new Date(Date.now() + 90 * 864e5)) },
  });
  const create = useMutation(trpc.goals.create.mutationOptions());
  const run = async (values: z.output<typeof createGoalInputSchema>) => {
    await create.mutateAsync(values);
    form.reset();
    onDone();
    await refresh();
  };
  return (
    <InlineForm form={form} label="New goal" submitLabel="Add goal" onCancel={onDone} run={run}>
      <GoalFields />
    </InlineForm>
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

export function EditGoalForm({ patientId, goal, onDone }: { patientId: string; goal: Goal; onDone: () => void }) {
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

export function EditSummaryForm({ patientId, row, onDone }: { patientId: string; row: PlanRow; onDone: () => void }) {
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
