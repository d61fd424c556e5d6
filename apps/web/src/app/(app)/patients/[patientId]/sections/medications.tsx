"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useForm, useFormContext } from "react-hook-form";
import type { z } from "zod";
import { createMedicationInputSchema, medicationRoutes, opioidKeys, updateMedicationInputSchema } from "@stepwise/domain";
import { Field, FormAlert, InlineForm } from "~/components/form";
import { closesWhenDone, useVersionedEdit, VersionedEditForm } from "~/components/versioned-edit";
import { fmtDate, humanize, isoDay } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import type { EditField } from "~/lib/versioned-edit";
import { useRefreshPlan } from "./use-plan";

type Medication = CarePlan["medications"][number];

export function MedicationsSection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stop = useMutation(trpc.medications.stop.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorInfo(e).message) }));
  const canEdit = plan.viewer.allowed["medication.update"];
  const mmeLine = new Map(plan.mme.lines.map((l) => [l.medicationId, l]));
  return (
    <div className="grid">
      <section className="card" aria-labelledby="mme-heading">
        <h2 id="mme-heading">Daily opioid dose</h2>
        <p style={{ fontSize: "1.6rem", margin: "0.2rem 0" }}>
          <strong>{plan.mme.total}</strong> MME/day{" "}
          <span className={`pill ${plan.mme.level === "high" ? "danger" : plan.mme.level === "review" ? "warn" : "ok"}`}>{plan.mme.level}</span>
        </p>
        <p className="meta">
          Factor table <strong>{plan.mme.table}</strong>. Review at ≥{plan.mme.thresholds.review}, high at ≥{plan.mme.thresholds.high}. MME estimates risk; it is not a conversion between opioids.
        </p>
      </section>
      <section className="card" aria-labelledby="meds-heading">
        <div className="section-head">
          <h2 id="meds-heading">Medications</h2>
          {canEdit && !adding ? (
            <button className="btn small secondary" type="button" onClick={() => setAdding(true)}>
              Add medication
            </button>
          ) : null}
        </div>
        <FormAlert message={error} />
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Medication</th>
              <th scope="col">Dose</th>
              <th scope="col">MME/day</th>
              <th scope="col">Since</th>
              <th scope="col">Status</th>
              {canEdit ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {plan.medications.map((m) => {
              const line = mmeLine.get(m.id);
              return (
                <Fragment key={m.id}>
                  <tr>
                    <td>
                      {m.name} <span className="meta">{m.route}</span>
                    </td>
                    <td>
                      {m.doseMg} {m.opioid === "fentanyl_transdermal" ? "mcg/hr" : "mg"} × {m.timesPerDay}/day
                    </td>
                    <td>{line ? (line.included ? line.mme : <span className="pill warn">{line.reason}</span>) : "—"}</td>
                    <td>{fmtDate(m.startedAt)}</td>
                    <td>{m.status === "stopped" ? `stopped ${fmtDate(m.stoppedAt)}` : "active"}</td>
                    {canEdit ? (
                      <td>
                        {m.status === "active" && editing !== m.id ? (
                          <div className="actions" style={{ marginTop: 0 }}>
                            <button className="btn small ghost" type="button" aria-label={`Edit ${m.name}`} onClick={() => setEditing(m.id)}>
                              Edit
                            </button>
                            <button className="btn small ghost" type="button" onClick={() => stop.mutate({ patientId, id: m.id, expectedVersion: m.version, stoppedAt: new Date() })}>
                              Stop
                            </button>
                          </div>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                  {editing === m.id ? (
                    <tr>
                      <td colSpan={6}>
                        <EditMedicationForm patientId={patientId} medication={m} onDone={() => setEditing(null)} />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
        {adding ? <NewMedicationForm patientId={patientId} onDone={() => setAdding(false)} /> : null}
      </section>
    </div>
  );
}

type DoseValues = Pick<z.input<typeof createMedicationInputSchema>, "doseMg" | "timesPerDay" | "route">;

/** Dose, frequency and route: what a new medication is given with and what its edit may change. */
function MedicationDoseFields({ doseLabel }: { doseLabel: string }) {
  const { register, formState } = useFormContext<DoseValues>();
  const { errors } = formState;
  return (
    <>
      <Field label={doseLabel} error={errors.doseMg}>
        {(p) => <input inputMode="decimal" {...p} {...register("doseMg", { valueAsNumber: true })} />}
      </Field>
      <Field label="Times per day" error={errors.timesPerDay}>
        {(p) => <input inputMode="numeric" {...p} {...register("timesPerDay", { valueAsNumber: true })} />}
      </Field>
      <Field label="Route" error={errors.route}>
        {(p) => (
          <select {...p} {...register("route")}>
            {medicationRoutes.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

function NewMedicationForm({ patientId, onDone }: { patientId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof createMedicationInputSchema>, unknown, z.output<typeof createMedicationInputSchema>>({
    resolver: zodResolver(createMedicationInputSchema),
    defaultValues: { patientId, name: "", opioid: null, doseMg: 0, timesPerDay: 1, route: "oral", startedAt: isoDay(new Date()) },
  });
  const create = useMutation(trpc.medications.create.mutationOptions());
  const run = async (values: z.output<typeof createMedicationInputSchema>) => {
    await create.mutateAsync(values);
    await refresh();
    onDone();
  };
  return (
    <InlineForm form={form} label="New medication" submitLabel="Add" onCancel={onDone} run={run}>
      <div className="form-grid">
        <Field label="Name" error={form.formState.errors.name}>
          {(p) => <input {...p} {...form.register("name")} />}
        </Field>
        <Field label="Opioid (for MME)" error={form.formState.errors.opioid}>
          {(p) => (
            <select {...p} {...form.register("opioid", { setValueAs: (v: string | null) => (v ? v : null) })}>
              <option value="">not an opioid</option>
              {opioidKeys.map((k) => (
                <option key={k} value={k}>
                  {humanize(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <MedicationDoseFields doseLabel="Dose (mg; fentanyl patch mcg/hr)" />
        <Field label="Started" error={form.formState.errors.startedAt}>
          {(p) => <input type="date" {...p} {...form.register("startedAt")} />}
        </Field>
      </div>
    </InlineForm>
  );
}

type MedicationEdit = z.output<typeof updateMedicationInputSchema>;
const medicationFields: readonly EditField<MedicationEdit>[] = [
  { key: "doseMg", label: "Dose" },
  { key: "timesPerDay", label: "Times per day" },
  { key: "route", label: "Route" },
];
/** The whole update input, so the form validates with the server's own schema; the version sent is the hook's base. */
const medicationValues = (m: Medication): MedicationEdit => ({ patientId: m.patientId, id: m.id, expectedVersion: m.version, doseMg: m.doseMg, timesPerDay: m.timesPerDay, route: m.route });

function EditMedicationForm({ patientId, medication, onDone }: { patientId: string; medication: Medication; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof updateMedicationInputSchema>, unknown, MedicationEdit>({
    resolver: zodResolver(updateMedicationInputSchema),
    defaultValues: medicationValues(medication),
  });
  const update = useMutation(trpc.medications.update.mutationOptions());
  const edit = useVersionedEdit({
    row: medication,
    values: medicationValues,
    save: ({ changes, expectedVersion }) => update.mutateAsync({ ...changes, patientId, id: medication.id, expectedVersion }),
    ...closesWhenDone(refresh, onDone),
  });
  const unit = medication.opioid === "fentanyl_transdermal" ? "mcg/hr" : "mg";
  return (
    <VersionedEditForm form={form} edit={edit} fields={medicationFields} subject={medication.name} label={`Edit ${medication.name}`} saveLabel="Save dose" onCancel={onDone}>
      <div className="form-grid">
        <MedicationDoseFields doseLabel={`Dose (${unit})`} />
      </div>
    </VersionedEditForm>
  );
}
