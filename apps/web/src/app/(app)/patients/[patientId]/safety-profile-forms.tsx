"use client";

// The safety profile's forms, loaded when one is opened from the safety header.
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Controller, useFieldArray, useForm, useFormContext } from "react-hook-form";
import type { z } from "zod";
import {
  allergyCategories,
  allergyCategoryLabels,
  medicationCatalog,
  pregnancyStatuses,
  updateSafetyProfileInputSchema,
  type UpdateSafetyProfileInput,
} from "@stepwise/domain";
import { Field, InlineForm } from "~/components/form";
import { closesWhenDone, useVersionedEdit, VersionedEditForm } from "~/components/versioned-edit";
import { humanize } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import type { EditField } from "~/lib/versioned-edit";
import { useTRPC } from "~/trpc/react";
import { useRefreshPlan } from "./sections/use-plan";

type Profile = NonNullable<CarePlan["safetyProfile"]>;

// --- the form -----------------------------------------------------------------------------------

type FormIn = z.input<typeof updateSafetyProfileInputSchema>;
type Values = UpdateSafetyProfileInput;

const profileValues = (p: Profile): Values => ({
  patientId: p.patientId,
  expectedVersion: p.version,
  noKnownAllergies: p.noKnownAllergies,
  allergies: p.allergies.map((a) => ({ ...a, reaction: a.reaction ?? null })),
  anticoagulantsTaking: p.anticoagulantsTaking,
  diabetes: p.diabetes,
  pregnancy: p.pregnancy,
  activeInfection: p.activeInfection,
  implantedDevices: p.implantedDevices,
  renalImpairment: p.renalImpairment,
  overdoseOrSudHistory: p.overdoseOrSudHistory,
});

const recorded = (value: unknown): string => (value === null || value === undefined ? "not recorded" : value === true ? "yes" : value === false ? "no" : humanize(String(value)));
const showAllergies = (value: unknown): string =>
  (value as Values["allergies"]).map((a) => `${a.substance} (${allergyCategoryLabels[a.category]}${a.reaction ? `, ${a.reaction}` : ""})`).join("; ") || "none listed";
const showDrugs = (value: unknown): string => (value as string[]).map((key) => medicationCatalog.find((m) => m.key === key)?.name ?? key).join(", ") || "none";

const profileFields: readonly EditField<Values>[] = [
  { key: "noKnownAllergies", label: "No known allergies", show: recorded },
  { key: "allergies", label: "Allergies", show: showAllergies },
  { key: "anticoagulantsTaking", label: "Anticoagulants / antiplatelets taking", show: showDrugs },
  { key: "diabetes", label: "Diabetes", show: recorded },
  { key: "pregnancy", label: "Pregnancy", show: recorded },
  { key: "activeInfection", label: "Active infection", show: recorded },
  { key: "implantedDevices", label: "Implanted devices", show: recorded },
  { key: "renalImpairment", label: "Renal impairment", show: recorded },
  { key: "overdoseOrSudHistory", label: "Overdose / substance-use disorder history", show: recorded },
];

const antithromboticChoices = medicationCatalog.filter((m) => m.drugClass === "anticoagulant" || m.drugClass === "antiplatelet");

export function NewSafetyProfileForm({ patientId, onDone }: { patientId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<FormIn, unknown, Values>({
    resolver: zodResolver(updateSafetyProfileInputSchema),
    defaultValues: {
      patientId,
      expectedVersion: null,
      noKnownAllergies: false,
      allergies: [],
      anticoagulantsTaking: [],
      diabetes: null,
      pregnancy: null,
      activeInfection: null,
      implantedDevices: null,
      renalImpairment: null,
      overdoseOrSudHistory: null,
    },
  });
  const save = useMutation(trpc.safetyProfile.update.mutationOptions());
  const run = async (values: Values) => {
    await save.mutateAsync({ ...values, expectedVersion: null });
    await refresh();
    onDone();
  };
  return (
    <InlineForm form={form} label="Record the safety profile" submitLabel="Save safety profile" onCancel={onDone} run={run}>
      <SafetyProfileFields />
    </InlineForm>
  );
}

export function EditSafetyProfileForm({ patientId, profile, onDone }: { patientId: string; profile: Profile; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<FormIn, unknown, Values>({ resolver: zodResolver(updateSafetyProfileInputSchema), defaultValues: profileValues(profile) });
  const save = useMutation(trpc.safetyProfile.update.mutationOptions());
  const edit = useVersionedEdit({
    row: profile,
    values: profileValues,
    // The profile is saved whole: the form shows every field, so the whole of it is what the user means.
    save: ({ values, expectedVersion }) => save.mutateAsync({ ...values, patientId, expectedVersion }),
    ...closesWhenDone(refresh, onDone),
    onTakeTheirs: (values) => {
      form.reset(values);
      void refresh();
    },
  });
  return (
    <VersionedEditForm form={form} edit={edit} fields={profileFields} subject="the safety profile" label="Edit the safety profile" saveLabel="Save safety profile" onCancel={onDone}>
      <SafetyProfileFields />
    </VersionedEditForm>
  );
}

const triState = (value: boolean | null | undefined) => (value === null || value === undefined ? "" : String(value));
const fromTriState = (value: string) => (value === "" ? null : value === "true");

function TriStateField({ name, label }: { name: "diabetes" | "activeInfection" | "renalImpairment" | "overdoseOrSudHistory"; label: string }) {
  const { control } = useFormContext<FormIn>();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <Field label={label} error={fieldState.error}>
          {(p) => (
            <select {...p} value={triState(field.value)} onChange={(e) => field.onChange(fromTriState(e.target.value))} onBlur={field.onBlur}>
              <option value="">not recorded</option>
              <option value="true">yes</option>
              <option value="false">no</option>
            </select>
          )}
        </Field>
      )}
    />
  );
}

function SafetyProfileFields() {
  const { control, register, formState } = useFormContext<FormIn>();
  const allergies = useFieldArray({ control, name: "allergies" });
  const errors = formState.errors;
  return (
    <>
      <fieldset>
        <legend>Allergies and reactions</legend>
        <div className="checkbox-row">
          <input type="checkbox" id="safety-nka" {...register("noKnownAllergies")} />
          <label htmlFor="safety-nka">No known allergies</label>
        </div>
        {errors.noKnownAllergies?.message ? (
          <span className="error" role="alert">
            {errors.noKnownAllergies.message}
          </span>
        ) : null}
        {allergies.fields.map((f, i) => (
          <div key={f.id} className="form-grid" role="group" aria-label={`Allergy ${i + 1}`}>
            <Field label="Substance" error={errors.allergies?.[i]?.substance}>
              {(p) => <input {...p} {...register(`allergies.${i}.substance`)} />}
            </Field>
            <Field label="Category" error={errors.allergies?.[i]?.category}>
              {(p) => (
                <select {...p} {...register(`allergies.${i}.category`)}>
                  {allergyCategories.map((c) => (
                    <option key={c} value={c}>
                      {allergyCategoryLabels[c]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Reaction" error={errors.allergies?.[i]?.reaction}>
              {(p) => <input {...p} {...register(`allergies.${i}.reaction`, { setValueAs: (v: string | null) => (v ? v : null) })} />}
            </Field>
            <div className="actions" style={{ alignSelf: "end" }}>
              <button className="btn small ghost" type="button" aria-label={`Remove allergy ${i + 1}`} onClick={() => allergies.remove(i)}>
                Remove
              </button>
            </div>
          </div>
        ))}
        <button className="btn small secondary" type="button" onClick={() => allergies.append({ substance: "", category: "other", reaction: null })}>
          Add allergy
        </button>
      </fieldset>
      <fieldset>
        <legend>Anticoagulants / antiplatelets taking (besides the medication list)</legend>
        <div className="chips">
          {antithromboticChoices.map((m) => (
            <label key={m.key} className="checkbox-row">
              <input type="checkbox" value={m.key} {...register("anticoagulantsTaking")} />
              {m.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        <TriStateField name="diabetes" label="Diabetes" />
        <Controller
          control={control}
          name="pregnancy"
          render={({ field, fieldState }) => (
            <Field label="Pregnancy" error={fieldState.error}>
              {(p) => (
                <select {...p} value={field.value ?? ""} onChange={(e) => field.onChange(e.target.value === "" ? null : e.target.value)} onBlur={field.onBlur}>
                  <option value="">not recorded</option>
                  {pregnancyStatuses.map((s) => (
                    <option key={s} value={s}>
                      {humanize(s)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        />
        <TriStateField name="activeInfection" label="Active infection" />
        <TriStateField name="renalImpairment" label="Renal impairment" />
        <TriStateField name="overdoseOrSudHistory" label="Overdose / substance-use disorder history" />
        <Field label="Implanted devices" error={errors.implantedDevices} hint="Pacemaker, stimulator, pump… leave empty if not recorded">
          {(p) => <input {...p} {...register("implantedDevices", { setValueAs: (v: string | null) => (v ? v : null) })} />}
        </Field>
      </div>
    </>
  );
}
