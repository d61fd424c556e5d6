"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Fragment, useMemo, useState } from "react";
import { useForm, useFormContext } from "react-hook-form";
import type { z } from "zod";
import {
  catalogByClass,
  catalogEntry,
  createMedicationInputSchema,
  drugClasses,
  drugClassLabels,
  medicationRoutes,
  medicationUnit,
  monitoringCheckLabels,
  monitoringKinds,
  opioidKeys,
  recordMonitoringInputSchema,
  stewardshipSummary,
  stopMedicationInputSchema,
  updateMedicationInputSchema,
  type MonitoringDue,
  type MonitoringKind,
  type StewardshipSummary,
} from "@stepwise/domain";
import { Field, InlineForm } from "~/components/form";
import { closesWhenDone, useVersionedEdit, VersionedEditForm } from "~/components/versioned-edit";
import { fmtDate, humanize, isoDay } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import type { EditField } from "~/lib/versioned-edit";
import { useRefreshPlan } from "./use-plan";

type Medication = CarePlan["medications"][number];

const OTHER = "__other";
const dueClass: Record<MonitoringDue["state"], string> = { ok: "ok", due: "warn", overdue: "danger" };

/** "10 mg × 3/day" or "10 mg as needed, up to 4/day" — the unit the drug is dosed in. */
function doseText(m: Pick<Medication, "doseMg" | "timesPerDay" | "asNeeded" | "catalogKey" | "opioid">): string {
  const unit = medicationUnit(m);
  return m.asNeeded ? `${m.doseMg} ${unit} as needed, up to ${m.timesPerDay}/day` : `${m.doseMg} ${unit} × ${m.timesPerDay}/day`;
}

export function MedicationsSection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [stopping, setStopping] = useState<string | null>(null);
  const canEdit = plan.viewer.allowed["medication.update"];
  const mmeLine = new Map(plan.mme.lines.map((l) => [l.medicationId, l]));
  const notIncluded = plan.mme.lines.filter((l) => !l.included);
  const stewardship = useMemo(
    () => stewardshipSummary({ medications: plan.medications, opioidMonitoring: plan.opioidMonitoring, safetyProfile: plan.safetyProfile, problems: plan.problems }, new Date()),
    [plan.medications, plan.opioidMonitoring, plan.safetyProfile, plan.problems],
  );
  return (
    <div className="grid">
      <section className="card" aria-labelledby="mme-heading">
        <h2 id="mme-heading">Daily opioid dose</h2>
        <p style={{ fontSize: "1.6rem", margin: "0.2rem 0" }}>
          <strong>{plan.mme.total}</strong> MME/day <span className="meta">(table {plan.mme.table})</span>{" "}
          <span className={`pill ${plan.mme.level === "high" ? "danger" : plan.mme.level === "review" ? "warn" : "ok"}`}>{plan.mme.level}</span>
        </p>
        {notIncluded.length > 0 ? (
          <p role="note">
            <span className="pill warn">not included in MME</span> {notIncluded.map((l) => l.name).join(", ")} — an opioid without a factor in table {plan.mme.table}: the total leaves it out.
          </p>
        ) : null}
        <p className="meta">
          Factor table <strong>{plan.mme.table}</strong>. Review at ≥{plan.mme.thresholds.review}, high at ≥{plan.mme.thresholds.high}. As-needed doses count at their maximum per day. MME estimates risk; it is not a conversion between opioids.
        </p>
      </section>
      <StewardshipPanel patientId={patientId} summary={stewardship} canRecord={plan.viewer.allowed["medication.recordMonitoring"]} />
      <section className="card" aria-labelledby="meds-heading">
        <div className="section-head">
          <h2 id="meds-heading">Medications</h2>
          {plan.viewer.allowed["medication.create"] && !adding ? (
            <button className="btn small secondary" type="button" onClick={() => setAdding(true)}>
              Add medication
            </button>
          ) : null}
        </div>
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
                      {m.name} <span className="meta">{humanize(m.drugClass)} · {m.route}{m.catalogKey ? "" : " · not in the catalogue"}</span>
                    </td>
                    <td>{doseText(m)}</td>
                    <td>{line ? (line.included ? `${line.mme} (${plan.mme.table})` : <span className="pill warn">{line.reason}</span>) : "—"}</td>
                    <td>{fmtDate(m.startedAt)}</td>
                    <td>
                      {m.status === "stopped" ? (
                        <>
                          stopped {fmtDate(m.stoppedAt)}
                          {m.stopReason ? <div className="meta">Reason: {m.stopReason}</div> : null}
                        </>
                      ) : (
                        "active"
                      )}
                    </td>
                    {canEdit ? (
                      <td>
                        {m.status === "active" && editing !== m.id && stopping !== m.id ? (
                          <div className="actions" style={{ marginTop: 0 }}>
                            <button className="btn small ghost" type="button" aria-label={`Edit ${m.name}`} onClick={() => setEditing(m.id)}>
                              Edit
                            </button>
                            <button className="btn small ghost" type="button" aria-label={`Stop ${m.name}`} onClick={() => setStopping(m.id)}>
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
                  {stopping === m.id ? (
                    <tr>
                      <td colSpan={6}>
                        <StopMedicationForm patientId={patientId} medication={m} onDone={() => setStopping(null)} />
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

// --- stewardship -------------------------------------------------------------------------------------

function StewardshipPanel({ patientId, summary, canRecord }: { patientId: string; summary: StewardshipSummary; canRecord: boolean }) {
  const [recording, setRecording] = useState<MonitoringKind | null>(null);
  const { naloxone, coPrescription: co, therapy } = summary;
  const recordButton = (kind: MonitoringKind) =>
    canRecord && recording !== kind ? (
      <button className="btn small secondary" type="button" aria-label={`Record ${monitoringCheckLabels[kind]}`} onClick={() => setRecording(kind)}>
        Record
      </button>
    ) : null;
  return (
    <section className="card" aria-labelledby="stewardship-heading">
      <h2 id="stewardship-heading">Opioid stewardship</h2>
      <p className="meta">
        Policy <strong>{summary.policyId}</strong> ({summary.policyLabel}).{" "}
        {therapy ? `On opioids since ${fmtDate(therapy.since)}${therapy.longTerm ? " (long-term therapy)" : ""}.` : "No active opioid: monitoring dates do not apply."}
      </p>
      {recording ? <RecordMonitoringForm patientId={patientId} kind={recording} onDone={() => setRecording(null)} /> : null}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Last recorded</th>
            <th scope="col">Status</th>
            {canRecord ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody>
          {(["pdmp_check", "urine_drug_test"] as const).map((kind) => {
            const due = summary.monitoring.find((m) => m.kind === kind);
            return (
              <tr key={kind}>
                <th scope="row">{monitoringCheckLabels[kind]}</th>
                <td>{due?.last ? `${fmtDate(due.last.performedAt)}${due.last.result ? ` — ${due.last.result}` : ""}` : "never recorded"}</td>
                <td>
                  {due ? (
                    <>
                      <span className={`pill ${dueClass[due.state]}`}>{due.state}</span> <span className="meta">{due.summary}</span>
                    </>
                  ) : (
                    <span className="meta">not needed without an active opioid</span>
                  )}
                </td>
                {canRecord ? <td>{recordButton(kind)}</td> : null}
              </tr>
            );
          })}
          <tr>
            <th scope="row">Naloxone</th>
            <td>{naloxone.covered ? naloxone.covered.summary : "none prescribed or offered in the last 12 months"}</td>
            <td>
              {naloxone.needed ? (
                <>
                  <span className="pill danger">offer naloxone</span> <span className="meta">{naloxone.reasons.join("; ")}</span>
                </>
              ) : naloxone.covered ? (
                <span className="pill ok">covered</span>
              ) : (
                <span className="meta">no indication recorded</span>
              )}
            </td>
            {canRecord ? <td>{recordButton("naloxone_offered")}</td> : null}
          </tr>
          <tr>
            <th scope="row">Co-prescription</th>
            <td colSpan={canRecord ? 3 : 2}>
              {co ? (
                <>
                  <span className={`pill ${co.severity === "high" ? "danger" : "warn"}`}>{co.severity === "high" ? "opioid + benzodiazepine" : "opioid + gabapentinoid"}</span>{" "}
                  {[...co.opioids, ...co.benzodiazepines, ...co.gabapentinoids].map((m) => m.name).join(" + ")}
                  {co.severity === "high" ? (
                    <span className="meta"> — avoid where possible; offer naloxone.{co.gabapentinoids.length > 0 ? " A gabapentinoid adds sedation." : ""}</span>
                  ) : (
                    <span className="meta"> — a lesser note: watch for sedation.</span>
                  )}
                </>
              ) : (
                <span className="meta">none</span>
              )}
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function RecordMonitoringForm({ patientId, kind, onDone }: { patientId: string; kind: MonitoringKind; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof recordMonitoringInputSchema>, unknown, z.output<typeof recordMonitoringInputSchema>>({
    resolver: zodResolver(recordMonitoringInputSchema),
    defaultValues: { patientId, kind, performedAt: isoDay(new Date()), result: null },
  });
  const record = useMutation(trpc.medications.recordMonitoring.mutationOptions());
  const run = async (values: z.output<typeof recordMonitoringInputSchema>) => {
    await record.mutateAsync(values);
    await refresh();
    onDone();
  };
  const { errors } = form.formState;
  return (
    <InlineForm form={form} label={`Record ${monitoringCheckLabels[kind]}`} submitLabel="Record" onCancel={onDone} run={run}>
      <div className="form-grid">
        <Field label="What" error={errors.kind}>
          {(p) => (
            <select {...p} {...form.register("kind")}>
              {monitoringKinds.map((k) => (
                <option key={k} value={k}>
                  {monitoringCheckLabels[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Date performed" error={errors.performedAt}>
          {(p) => <input type="date" max={isoDay(new Date())} {...p} {...form.register("performedAt")} />}
        </Field>
        <Field label="Result (optional)" error={errors.result}>
          {(p) => <input {...p} {...form.register("result", { setValueAs: (v: string | null) => (v ? v : null) })} />}
        </Field>
      </div>
    </InlineForm>
  );
}

// --- medication forms --------------------------------------------------------------------------------

type DoseValues = Pick<z.input<typeof createMedicationInputSchema>, "doseMg" | "timesPerDay" | "route" | "asNeeded">;

/** Dose, frequency (scheduled or as needed), and route: what a new medication is given with and what its edit may change. */
function MedicationDoseFields({ unit }: { unit: string }) {
  const { register, formState, watch } = useFormContext<DoseValues>();
  const { errors } = formState;
  const asNeeded = watch("asNeeded") === true;
  return (
    <>
      <Field label={`Dose (${unit})`} error={errors.doseMg}>
        {(p) => <input inputMode="decimal" {...p} {...register("doseMg", { valueAsNumber: true })} />}
      </Field>
      <Field label="As needed (PRN)" error={errors.asNeeded} hint="MME counts the maximum per day">
        {(p) => <input type="checkbox" {...p} {...register("asNeeded")} />}
      </Field>
      <Field label={asNeeded ? "Maximum doses per day" : "Times per day"} error={errors.timesPerDay}>
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

const catalogGroups = catalogByClass();

function NewMedicationForm({ patientId, onDone }: { patientId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [pick, setPick] = useState("");
  const form = useForm<z.input<typeof createMedicationInputSchema>, unknown, z.output<typeof createMedicationInputSchema>>({
    resolver: zodResolver(createMedicationInputSchema),
    defaultValues: { patientId, catalogKey: null, doseMg: 0, timesPerDay: 1, asNeeded: false, route: "oral", startedAt: isoDay(new Date()) },
  });
  const create = useMutation(trpc.medications.create.mutationOptions());
  const run = async (values: z.output<typeof createMedicationInputSchema>) => {
    await create.mutateAsync(values);
    await refresh();
    onDone();
  };
  const choose = (value: string) => {
    setPick(value);
    const entry = catalogEntry(value);
    form.setValue("catalogKey", entry ? entry.key : null);
    form.setValue("name", undefined);
    form.setValue("drugClass", undefined);
    form.setValue("opioid", undefined);
    if (entry) form.setValue("route", entry.route);
    form.clearErrors();
  };
  const { errors } = form.formState;
  const entry = catalogEntry(pick);
  const otherClass = form.watch("drugClass");
  const otherOpioid = form.watch("opioid");
  const unit = entry ? entry.unit : medicationUnit({ catalogKey: null, opioid: otherOpioid ?? null });
  return (
    <InlineForm form={form} label="New medication" submitLabel="Add" onCancel={onDone} run={run}>
      <div className="form-grid">
        <Field label="Drug" error={pick === OTHER ? undefined : errors.name} hint="From the clinic's catalogue; it brings class, route, unit and MME factor">
          {(p) => (
            <select {...p} value={pick} onChange={(e) => choose(e.target.value)}>
              <option value="">— choose a drug —</option>
              {catalogGroups.map((g) => (
                <optgroup key={g.drugClass} label={g.label}>
                  {g.entries.map((m) => (
                    <option key={m.key} value={m.key}>
                      {m.name}
                      {m.drugClass === "opioid" && (m.opioid === null || m.opioid === "buprenorphine") ? " (not included in MME)" : ""}
                    </option>
                  ))}
                </optgroup>
              ))}
              <option value={OTHER}>Other (not in the catalogue)</option>
            </select>
          )}
        </Field>
        {pick === OTHER ? (
          <>
            <Field label="Name" error={errors.name} hint="A known opioid, benzodiazepine, gabapentinoid or naloxone name (generic or brand) is classed by its name">
              {(p) => <input {...p} {...form.register("name", { setValueAs: (v: string | undefined) => (v ? v : undefined) })} />}
            </Field>
            <Field label="Class" error={errors.drugClass}>
              {(p) => (
                <select {...p} {...form.register("drugClass", { setValueAs: (v: string | undefined) => (v ? v : undefined) })}>
                  <option value="">— choose a class —</option>
                  {drugClasses.map((c) => (
                    <option key={c} value={c}>
                      {drugClassLabels[c]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {otherClass === "opioid" ? (
              <Field label="Counts for MME as" error={errors.opioid}>
                {(p) => (
                  <select {...p} {...form.register("opioid", { setValueAs: (v: string | null | undefined) => (v ? v : null) })}>
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
        <MedicationDoseFields unit={unit} />
        <Field label="Started" error={errors.startedAt}>
          {(p) => <input type="date" {...p} {...form.register("startedAt")} />}
        </Field>
      </div>
    </InlineForm>
  );
}

function StopMedicationForm({ patientId, medication, onDone }: { patientId: string; medication: Medication; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof stopMedicationInputSchema>, unknown, z.output<typeof stopMedicationInputSchema>>({
    resolver: zodResolver(stopMedicationInputSchema),
    defaultValues: { patientId, id: medication.id, expectedVersion: medication.version, stoppedAt: isoDay(new Date()), reason: "" },
  });
  const stop = useMutation(trpc.medications.stop.mutationOptions());
  const run = async (values: z.output<typeof stopMedicationInputSchema>) => {
    await stop.mutateAsync(values);
    await refresh();
    onDone();
  };
  const { errors } = form.formState;
  return (
    <InlineForm form={form} label={`Stop ${medication.name}`} submitLabel="Stop medication" onCancel={onDone} run={run}>
      <div className="form-grid">
        <Field label="Reason for stopping" error={errors.reason}>
          {(p) => <textarea rows={2} {...p} {...form.register("reason")} />}
        </Field>
        <Field label="Stopped on" error={errors.stoppedAt}>
          {(p) => <input type="date" max={isoDay(new Date())} {...p} {...form.register("stoppedAt")} />}
        </Field>
      </div>
    </InlineForm>
  );
}

type MedicationEdit = z.output<typeof updateMedicationInputSchema>;
const medicationFields: readonly EditField<MedicationEdit>[] = [
  { key: "doseMg", label: "Dose" },
  { key: "timesPerDay", label: "Times per day" },
  { key: "asNeeded", label: "As needed" },
  { key: "route", label: "Route" },
];
/** The whole update input, so the form validates with the server's own schema; the version sent is the hook's base. */
const medicationValues = (m: Medication): MedicationEdit => ({
  patientId: m.patientId,
  id: m.id,
  expectedVersion: m.version,
  doseMg: m.doseMg,
  timesPerDay: m.timesPerDay,
  asNeeded: m.asNeeded,
  route: m.route,
});

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
  return (
    <VersionedEditForm form={form} edit={edit} fields={medicationFields} subject={medication.name} label={`Edit ${medication.name}`} saveLabel="Save dose" onCancel={onDone}>
      <div className="form-grid">
        <MedicationDoseFields unit={medicationUnit(medication)} />
      </div>
    </VersionedEditForm>
  );
}

