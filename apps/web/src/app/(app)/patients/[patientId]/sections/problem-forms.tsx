"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useForm, useFormContext } from "react-hook-form";
import type { z } from "zod";
import { createProblemInputSchema, lateralities, painGenerators, painPatterns } from "@stepwise/domain";
import { Field, InlineForm } from "~/components/form";
import { closesWhenDone, useVersionedEdit, VersionedEditForm } from "~/components/versioned-edit";
import { humanize } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import type { EditField } from "~/lib/versioned-edit";
import { useRefreshPlan } from "./use-plan";

type Problem = CarePlan["problems"][number];

const problemEditSchema = createProblemInputSchema.pick({ diagnosis: true, bodySite: true, level: true, laterality: true, painGenerator: true, painPattern: true, imagingFindings: true });
type ProblemEdit = z.output<typeof problemEditSchema>;

/** The fields a problem is created and edited with; `children` adds create-only fields to the grid. */
function ProblemFields({ children }: { children?: ReactNode }) {
  const { register, formState } = useFormContext<z.input<typeof problemEditSchema>>();
  const { errors } = formState;
  return (
    <>
      <Field label="Diagnosis" error={errors.diagnosis}>
        {(p) => <input {...p} {...register("diagnosis")} />}
      </Field>
      <div className="form-grid">
        <Field label="Body site" error={errors.bodySite}>
          {(p) => <input {...p} {...register("bodySite")} />}
        </Field>
        <Field label="Level" hint="e.g. L4-L5" error={errors.level}>
          {(p) => <input {...p} {...register("level", { setValueAs: (v: string | null) => (v ? v : null) })} />}
        </Field>
        <Field label="Laterality" error={errors.laterality}>
          {(p) => (
            <select {...p} {...register("laterality")}>
              {lateralities.map((l) => (
                <option key={l} value={l}>
                  {l === "na" ? "not applicable" : l}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Pain generator" error={errors.painGenerator}>
          {(p) => (
            <select {...p} {...register("painGenerator")}>
              {painGenerators.map((g) => (
                <option key={g} value={g}>
                  {humanize(g)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Pain pattern" error={errors.painPattern}>
          {(p) => (
            <select {...p} {...register("painPattern")}>
              {painPatterns.map((g) => (
                <option key={g} value={g}>
                  {humanize(g)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {children}
      </div>
      <Field label="Imaging findings" error={errors.imagingFindings}>
        {(p) => <textarea rows={2} {...p} {...register("imagingFindings", { setValueAs: (v: string | null) => (v ? v : null) })} />}
      </Field>
    </>
  );
}

export function NewProblemForm({ patientId, onDone }: { patientId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof createProblemInputSchema>, unknown, z.output<typeof createProblemInputSchema>>({
    resolver: zodResolver(createProblemInputSchema),
    defaultValues: { patientId, diagnosis: "", bodySite: "", laterality: "na", painGenerator: "unknown", painPattern: "axial", onsetDate: "", findings: [] },
  });
  const create = useMutation(trpc.problems.create.mutationOptions());
  const run = async (values: z.output<typeof createProblemInputSchema>) => {
    await create.mutateAsync(values);
    await refresh();
    onDone();
  };
  return (
    <InlineForm form={form} label="New problem" submitLabel="Add problem" onCancel={onDone} run={run}>
      <ProblemFields>
        <Field label="Onset date" error={form.formState.errors.onsetDate}>
          {(p) => <input type="date" {...p} {...form.register("onsetDate")} />}
        </Field>
      </ProblemFields>
    </InlineForm>
  );
}

const problemFields: readonly EditField<ProblemEdit>[] = [
  { key: "diagnosis", label: "Diagnosis" },
  { key: "bodySite", label: "Body site" },
  { key: "level", label: "Level" },
  { key: "laterality", label: "Laterality" },
  { key: "painGenerator", label: "Pain generator", show: (v) => humanize(String(v)) },
  { key: "painPattern", label: "Pain pattern", show: (v) => humanize(String(v)) },
  { key: "imagingFindings", label: "Imaging findings" },
];
const problemValues = (p: Problem): ProblemEdit => ({
  diagnosis: p.diagnosis,
  bodySite: p.bodySite,
  level: p.level,
  laterality: p.laterality,
  painGenerator: p.painGenerator,
  painPattern: p.painPattern,
  imagingFindings: p.imagingFindings,
});

export function EditProblemForm({ patientId, problem, onDone }: { patientId: string; problem: Problem; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof problemEditSchema>, unknown, ProblemEdit>({ resolver: zodResolver(problemEditSchema), defaultValues: problemValues(problem) });
  const update = useMutation(trpc.problems.update.mutationOptions());
  const edit = useVersionedEdit({
    row: problem,
    values: problemValues,
    save: ({ changes, expectedVersion }) => update.mutateAsync({ ...changes, patientId, id: problem.id, expectedVersion }),
    ...closesWhenDone(refresh, onDone),
  });
  return (
    <VersionedEditForm form={form} edit={edit} fields={problemFields} subject="this problem" label={`Edit ${problem.diagnosis}`} saveLabel="Save problem" onCancel={onDone}>
      <ProblemFields />
    </VersionedEditForm>
  );
}
