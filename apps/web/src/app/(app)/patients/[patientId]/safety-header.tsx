"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Controller, useFieldArray, useForm, useFormContext } from "react-hook-form";
import type { z } from "zod";
import {
  allergyCategories,
  allergyCategoryLabels,
  medicationCatalog,
  pregnancyStatuses,
  safetyHeader,
  updateSafetyProfileInputSchema,
  type SafetyHeader as Header,
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

const NOT_RECORDED = <span className="muted">not recorded</span>;
const yesNo = (value: boolean | null, yes = "yes", no = "no") => (value === null ? NOT_RECORDED : value ? <span className="pill warn">{yes}</span> : no);

/** §6.4: the pre-procedure safety profile at the top of the plan, for every role; clinicians edit it in place. */
export function SafetyHeader({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const [editing, setEditing] = useState(false);
  const header = safetyHeader(plan.safetyProfile, plan.medications);
  const canEdit = plan.viewer.allowed["safetyProfile.update"];
  return (
    <section className="card" aria-labelledby="safety-heading" data-testid="safety-header" style={{ marginBottom: "0.75rem", padding: "0.6rem 1rem" }}>
      <div className="section-head">
        <h2 id="safety-heading" style={{ fontSize: "1rem", margin: 0 }}>
          Safety profile{header.recorded ? null : <span className="muted"> — not recorded</span>}
        </h2>
        {canEdit && !editing ? (
          <button className="btn small secondary" type="button" onClick={() => setEditing(true)}>
            {header.recorded ? "Edit safety profile" : "Record safety profile"}
          </button>
        ) : null}
      </div>
      <SafetySummary header={header} />
      {editing ? (
        plan.safetyProfile ? (
          <EditSafetyProfileForm patientId={patientId} profile={plan.safetyProfile} onDone={() => setEditing(false)} />
        ) : (
          <NewSafetyProfileForm patientId={patientId} onDone={() => setEditing(false)} />
        )
      ) : null}
    </section>
  );
}

function SafetySummary({ header }: { header: Header }) {
  const { allergies } = header;
  return (
    <dl className="safety-summary" style={{ display: "flex", flexWrap: "wrap", gap: "0.4rem 1.5rem", margin: "0.4rem 0 0" }}>
      <SummaryItem term="Allergies">
        {allergies.state === "not_recorded" ? NOT_RECORDED : allergies.state === "none_known" ? "no known allergies" : null}
        {allergies.items.map((a, i) => (
          <span key={`${a.substance}-${i}`} style={{ marginRight: "0.5rem" }}>
            {a.category !== "other" ? <span className="pill danger">{allergyCategoryLabels[a.category]}</span> : null} {a.substance}
            {a.reaction ? <span className="meta"> ({a.reaction})</span> : null}
          </span>
        ))}
      </SummaryItem>
      <SummaryItem term="Anticoagulants / antiplatelets">
        {header.antithrombotics.length === 0
          ? header.recorded
            ? "none"
            : NOT_RECORDED
          : header.antithrombotics.map((a) => (
              <span key={a.drug} className="pill warn" style={{ marginRight: "0.3rem" }} title={a.source === "medication_list" ? "from the medication list" : "marked taking on the safety profile"}>
                {a.name}
                <span className="visually-hidden">{a.source === "medication_list" ? " (medication list)" : " (safety profile)"}</span>
              </span>
            ))}
      </SummaryItem>
      <SummaryItem term="Diabetes">{yesNo(header.diabetes)}</SummaryItem>
      <SummaryItem term="Pregnancy">
        {header.pregnancy === null ? NOT_RECORDED : header.pregnancy === "possible" || header.pregnancy === "confirmed" ? <span className="pill danger">{header.pregnancy}</span> : humanize(header.pregnancy)}
      </SummaryItem>
      <SummaryItem term="Active infection">{yesNo(header.activeInfection)}</SummaryItem>
      <SummaryItem term="Implanted devices">{header.implantedDevices === null ? NOT_RECORDED : header.implantedDevices || "none"}</SummaryItem>
      <SummaryItem term="Renal impairment">{yesNo(header.renalImpairment)}</SummaryItem>
      <SummaryItem term="Overdose / SUD history">{yesNo(header.overdoseOrSudHistory)}</SummaryItem>
    </dl>
  );
}

function SummaryItem({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="meta" style={{ fontSize: "0.75rem", textTransform: "uppercase", letterSpacing: "0.04em" }}>
        {term}
      </dt>
      <dd style={{ margin: 0 }}>{children}</dd>
    </div>
  );
}

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

function NewSafetyProfileForm({ patientId, onDone }: { patientId: string; onDone: () => void }) {
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

function EditSafetyProfileForm({ patientId, profile, onDone }: { patientId: string; profile: Profile; onDone: () => void }) {
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
