"use client";

// The new-order form, loaded when "Propose a procedure" is chosen.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useEffect } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { procedureCatalog, procedureInfo, procedureTypes, proposeProcedureInputSchema, regions, sides, type ProcedureType } from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { humanize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { useRefreshPlan } from "./use-plan";

export function ProposeForm({ patientId, onDone }: { patientId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof proposeProcedureInputSchema>, unknown, z.output<typeof proposeProcedureInputSchema>>({
    resolver: zodResolver(proposeProcedureInputSchema),
    defaultValues: {
      patientId,
      procedureType: "medial_branch_block" as ProcedureType,
      region: "lumbar",
      indication: "",
      intent: "",
      expectedBenefit: "",
      alternatives: "",
      followUpPlan: "",
      risks: procedureInfo.medial_branch_block.risks,
    },
  });
  const type = form.watch("procedureType");
  const steroid = procedureCatalog[type].steroid;
  // The clinic's text for the chosen kind, until the physician edits it.
  useEffect(() => {
    if (!form.getFieldState("risks").isDirty) form.setValue("risks", procedureInfo[type].risks);
    form.setValue("withSteroid", steroid === "optional" ? (form.getValues("withSteroid") ?? false) : undefined);
  }, [type, steroid, form]);
  const propose = useMutation(trpc.procedures.propose.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await propose.mutateAsync(values);
    await refresh();
    onDone();
  });
  return (
    <form className="card" aria-label="Propose a procedure" noValidate onSubmit={onSubmit}>
      <h3>Propose a procedure</h3>
      <FormAlert message={formError} />
      <div className="form-grid">
        <Field label="Procedure" error={form.formState.errors.procedureType}>
          {(p) => (
            <select {...p} {...form.register("procedureType")}>
              {procedureTypes.map((t) => (
                <option key={t} value={t}>
                  {procedureCatalog[t].label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Region" error={form.formState.errors.region}>
          {(p) => (
            <select {...p} {...form.register("region")}>
              {regions.map((r) => (
                <option key={r} value={r} disabled={!procedureCatalog[type].regions.includes(r)}>
                  {humanize(r)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Level" hint="e.g. L4-L5, L5-S1, C5-C6 (L4-5 or l4/l5 are stored as L4-L5)" error={form.formState.errors.level}>
          {(p) => <input {...p} {...form.register("level", { setValueAs: (v: string | null) => (v ? v : null) })} />}
        </Field>
        <Field label="Side" error={form.formState.errors.side}>
          {(p) => (
            <select {...p} {...form.register("side", { setValueAs: (v: string | null) => (v ? v : null) })}>
              <option value="">—</option>
              {sides.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {(
        [
          ["indication", "Indication — why this procedure?"],
          ["intent", "Intent — what is it meant to do?"],
          ["expectedBenefit", "Expected benefit"],
          ["alternatives", "Alternatives if it does not work"],
          ["followUpPlan", "Follow-up plan"],
        ] as const
      ).map(([name, label]) => (
        <Field key={name} label={label} error={form.formState.errors[name]}>
          {(p) => <textarea rows={2} {...p} {...form.register(name)} />}
        </Field>
      ))}
      <Field label="Risks and side effects" hint="The clinic's plain-language text for this procedure; edit it to what you discussed with the patient." error={form.formState.errors.risks}>
        {(p) => <textarea rows={4} {...p} {...form.register("risks")} />}
      </Field>
      {steroid === "optional" ? (
        <Field label="Given with a steroid" hint="Counts towards the patient's steroid injections in 12 months." error={form.formState.errors.withSteroid}>
          {(p) => <input type="checkbox" style={{ width: "auto" }} {...p} {...form.register("withSteroid")} />}
        </Field>
      ) : (
        <p className="meta">{steroid === "yes" ? "This procedure is always given with a steroid (counts towards steroid exposure)." : "This procedure contains no steroid."}</p>
      )}
      <div className="actions">
        <button className="btn" type="submit" disabled={propose.isPending}>
          Propose
        </button>
        <button className="btn secondary" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
