"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import {
  coSignOverrideInputSchema,
  defaultClinicPolicy,
  disciplineLabels,
  normaliseLevel,
  overrideCriterionInputSchema,
  procedureCatalog,
  recordProcedurePerformedInputSchema,
  scheduleProcedureInputSchema,
  type CoSignOverrideInput,
  type CriterionId,
  type OverrideCriterionInput,
  type RecordProcedurePerformedInput,
  type ScheduleProcedureInput,
  candidacyResultSchema,
  type CandidacyResult,
} from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { fmtDate, humanize } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { OrderSafety } from "./order-safety";
import { OutcomeSeriesPanel } from "./outcome-series";
import { FormLoading } from "./form-loading";
import { useRefreshPlan } from "./use-plan";

type Order = CarePlan["procedures"][number];

// The new order's form loads when it is opened.
const ProposeForm = dynamic(() => import("./propose-procedure-form").then((m) => m.ProposeForm), { ssr: false, loading: FormLoading });

export function ProceduresSection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const [proposing, setProposing] = useState(false);
  const canPropose = plan.viewer.allowed["procedure.propose"];
  return (
    <div className="grid">
      <div className="section-head">
        <h2>Procedure orders</h2>
        {canPropose && !proposing ? (
          <button className="btn" type="button" onClick={() => setProposing(true)}>
            Propose a procedure
          </button>
        ) : null}
      </div>
      {proposing ? <ProposeForm patientId={patientId} onDone={() => setProposing(false)} /> : null}
      {plan.procedures.length === 0 ? <div className="card empty">No procedures ordered.</div> : null}
      {plan.procedures.map((order) => (
        <OrderCard
          key={order.id}
          patientId={patientId}
          order={order}
          physician={plan.viewer.allowed["procedure.approve"]}
          coSigner={plan.viewer.allowed["procedure.coSignOverride"]}
        />
      ))}
    </div>
  );
}

function OrderCard({ patientId, order, physician, coSigner }: { patientId: string; order: Order; physician: boolean; coSigner: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [error, setError] = useState<string | null>(null);
  const entry = procedureCatalog[order.procedureType];
  const open = order.status === "proposed" || order.status === "approved" || order.status === "scheduled";
  const opts = { onSuccess: refresh, onError: (e: unknown) => setError(errorInfo(e).message) };
  const approve = useMutation(trpc.procedures.approve.mutationOptions(opts));
  const cancel = useMutation(trpc.procedures.cancel.mutationOptions(opts));
  const ref = { patientId, id: order.id, expectedVersion: order.version };
  return (
    <article className="card" aria-label={entry.label}>
      <div className="item-head">
        <div>
          <h3 style={{ margin: 0 }}>
            {entry.label}
            {order.level ? ` · ${normaliseLevel(order.level)}` : ""}
            {order.side ? ` · ${order.side}` : ""}
          </h3>
          <div className="meta">
            Step {entry.ladderStep} · {humanize(order.region)} · {order.diagnostic ? "diagnostic" : "therapeutic"} · {order.withSteroid ? "with steroid" : "no steroid"}
            {order.performedAt ? ` · performed ${fmtDate(order.performedAt)}` : order.scheduledFor ? ` · scheduled ${fmtDate(order.scheduledFor)}` : ""}
          </div>
        </div>
        <span className={`pill ${order.status === "proposed" ? "warn" : order.status === "cancelled" ? "" : "ok"}`}>{order.status}</span>
      </div>
      <div className="grid two" style={{ marginTop: "0.75rem" }}>
        <div>
          <h4>For the patient</h4>
          <dl className="qa">
            <dt>Why this procedure?</dt>
            <dd>{order.indication}</dd>
            <dt>What is it meant to do?</dt>
            <dd>{order.intent}</dd>
            <dt>What benefit can I expect?</dt>
            <dd>{order.expectedBenefit}</dd>
            <dt>What if it does not work?</dt>
            <dd>{order.alternatives}</dd>
            <dt>What happens afterwards?</dt>
            <dd>{order.followUpPlan}</dd>
            <dt>Risks and side effects</dt>
            <dd>{order.risks || "Not written on this order."}</dd>
          </dl>
          <p>
            <Link className="btn small secondary" href={`/patients/${patientId}/procedures/${order.id}/handout`}>
              Patient handout (printable)
            </Link>
          </p>
          {order.reliefPercent !== null ? (
            <p>
              <strong>Outcome:</strong> {order.reliefPercent}% relief (pain {order.preProcedurePain} → {order.postProcedurePain})
              {order.reliefDurationDays ? ` lasting ${order.reliefDurationDays} days` : ""}
            </p>
          ) : null}
        </div>
        <Checklist patientId={patientId} order={order} canOverride={physician && open} canCoSign={coSigner && order.status === "proposed"} />
      </div>
      <OrderSafety patientId={patientId} order={order} />
      <FormAlert message={error} />
      {physician && open ? (
        <div className="actions">
          {order.status === "proposed" ? (
            <button className="btn" type="button" disabled={approve.isPending} onClick={() => approve.mutate(ref)}>
              Approve
            </button>
          ) : null}
          {order.status === "approved" ? <ScheduleButton patientId={patientId} order={order} /> : null}
          {order.status === "scheduled" ? <PerformedButton patientId={patientId} order={order} /> : null}
          <button className="btn secondary" type="button" disabled={cancel.isPending} onClick={() => cancel.mutate({ ...ref, reason: "Cancelled by the physician" })}>
            Cancel order
          </button>
        </div>
      ) : null}
      <OutcomeSeriesPanel patientId={patientId} order={order} />
    </article>
  );
}

function Checklist({ patientId, order, canOverride, canCoSign }: { patientId: string; order: Order; canOverride: boolean; canCoSign: boolean }) {
  const trpc = useTRPC();
  // A decided order shows the checklist it was decided on; re-judging it now would count the order itself as prior history.
  const decided = order.status === "proposed" ? null : snapshotOf(order);
  const live = useQuery({
    ...trpc.procedures.evaluateCandidacy.queryOptions({
      patientId,
      procedureType: order.procedureType,
      target: { level: order.level ?? undefined, side: order.side ?? undefined, region: order.region, withSteroid: order.withSteroid },
    }),
    enabled: decided === null,
  });
  const query = decided ? { data: decided, isPending: false, isError: false, error: null } : live;
  const overridden = new Map(order.overrides.map((o) => [o.criterionId, o]));
  const team = useQuery(trpc.careTeam.get.queryOptions({ patientId }));
  const nameOf = (userId: string) => team.data?.team.find((m) => m.userId === userId)?.name ?? "a colleague";
  return (
    <div>
      <h4>
        {decided ? `Candidacy checklist as decided (${fmtDate(decided.evaluatedAt)})` : "Candidacy checklist"}{" "}
        {query.data ? <span className={`pill ${query.data.overall === "candidate" ? "ok" : "warn"}`}>{query.data.overall === "candidate" ? "candidate" : "not yet"}</span> : null}
      </h4>
      {query.isPending ? <div className="skeleton" /> : null}
      {query.isError ? <FormAlert message={query.error?.message ?? "The checklist could not be loaded"} /> : null}
      {query.data ? (
        <>
          <ul className="checklist" aria-label="Candidacy criteria">
            {query.data.criteria.map((c) => (
              <li key={c.id}>
                <span className={`status-${c.status}`}>{c.status === "met" ? "✓ met" : c.status === "not_met" ? "✗ not met" : "? unknown"}</span>
                <div>
                  <div>{c.label}</div>
                  {c.threshold ? <div className="meta">Threshold: {c.threshold}</div> : null}
                  {c.status !== "met" && c.missing ? (
                    <div className="meta">
                      Missing: {c.missing}
                      {c.suppliedBy ? ` — ${disciplineLabels[c.suppliedBy]}` : ""}
                    </div>
                  ) : null}
                  {c.note ? <div className="meta">⚠ {c.note}</div> : null}
                  {overridden.has(c.id) ? (
                    <OverrideStatus override={overridden.get(c.id)!} criterionId={c.id} nameOf={nameOf} policyId={query.data.policyId} />
                  ) : null}
                  {canCoSign && overridden.get(c.id) && defaultClinicPolicy.overrideCoSign[c.id] && !overridden.get(c.id)!.coSignedBy ? (
                    <CoSignDialog patientId={patientId} order={order} criterionId={c.id} label={c.label} />
                  ) : null}
                  {c.evidence.length > 0 ? (
                    <details>
                      <summary className="meta">Evidence ({c.evidence.length})</summary>
                      <ul className="meta">
                        {c.evidence.map((e) => (
                          <li key={`${e.kind}-${e.id}`}>
                            {humanize(e.kind)}: {e.summary}
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                  {canOverride && c.status !== "met" && !overridden.has(c.id) ? <OverrideDialog patientId={patientId} order={order} criterionId={c.id} label={c.label} /> : null}
                </div>
              </li>
            ))}
          </ul>
          <p className="meta">Policy {query.data.policyId}. The checklist supports the decision; it never makes it.</p>
        </>
      ) : null}
    </div>
  );
}

type Override = Order["overrides"][number];

const storedChecklistSchema = candidacyResultSchema.extend({ evaluatedAt: z.coerce.date() });

/** The checklist stored on the order when it was proposed or approved (JSON: its date comes back as text). */
function snapshotOf(order: Order): CandidacyResult | null {
  const parsed = storedChecklistSchema.safeParse(order.candidacySnapshot);
  return parsed.success ? parsed.data : null;
}

/** The override as written, and where the policy asks for a second signature, whether it has one. */
function OverrideStatus({ override, criterionId, nameOf, policyId }: { override: Override; criterionId: CriterionId; nameOf: (id: string) => string; policyId: string }) {
  const coSigner = defaultClinicPolicy.overrideCoSign[criterionId];
  return (
    <div className="meta">
      <span className="pill warn">overridden</span> by {nameOf(override.by)} on {fmtDate(override.at)}: “{override.reason}”
      {coSigner ? (
        override.coSignedBy ? (
          <div>
            <span className="pill ok">co-signed</span> by {nameOf(override.coSignedBy)} on {fmtDate(override.coSignedAt ?? override.at)}
            {override.coSignNote ? `: “${override.coSignNote}”` : ""}
          </div>
        ) : (
          <div>
            <span className="pill warn">awaiting {disciplineLabels[coSigner]}&apos;s co-signature</span> (policy {policyId}: approval waits for it)
          </div>
        )
      ) : null}
    </div>
  );
}

function CoSignDialog({ patientId, order, criterionId, label }: { patientId: string; order: Order; criterionId: CriterionId; label: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button className="btn small" type="button">
          Co-sign…
        </button>
      </Dialog.Trigger>
      {open ? <CoSignDialogContent patientId={patientId} order={order} criterionId={criterionId} label={label} onDone={() => setOpen(false)} /> : null}
    </Dialog.Root>
  );
}

/** The co-signature form, made when the dialog opens (not once per criterion with the page). */
function CoSignDialogContent({ patientId, order, criterionId, label, onDone }: { patientId: string; order: Order; criterionId: CriterionId; label: string; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof coSignOverrideInputSchema>, unknown, CoSignOverrideInput>({
    resolver: zodResolver(coSignOverrideInputSchema),
    defaultValues: { patientId, id: order.id, expectedVersion: order.version, criterionId, note: null },
  });
  const coSign = useMutation(trpc.procedures.coSignOverride.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await coSign.mutateAsync({ ...values, id: order.id, expectedVersion: order.version });
    onDone();
    await refresh();
  });
  return (
    <Dialog.Portal>
      <Dialog.Overlay className="dialog-overlay" />
      <Dialog.Content className="dialog">
        <Dialog.Title>Co-sign the override of “{label}”</Dialog.Title>
        <Dialog.Description className="meta">
          Your co-signature says you agree with the physician&apos;s reason. It is audited and shown on the order; approval waits for it.
        </Dialog.Description>
        <form noValidate onSubmit={onSubmit}>
          <FormAlert message={formError} />
          <Field label="Note (optional)" error={form.formState.errors.note}>
            {(p) => <textarea rows={3} {...p} {...form.register("note", { setValueAs: (v: string | null) => (v ? v : null) })} />}
          </Field>
          <div className="actions">
            <button className="btn" type="submit" disabled={coSign.isPending}>
              Co-sign
            </button>
            <Dialog.Close asChild>
              <button className="btn secondary" type="button">
                Cancel
              </button>
            </Dialog.Close>
          </div>
        </form>
      </Dialog.Content>
    </Dialog.Portal>
  );
}

function OverrideDialog({ patientId, order, criterionId, label }: { patientId: string; order: Order; criterionId: CriterionId; label: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button className="btn small ghost" type="button">
          Override…
        </button>
      </Dialog.Trigger>
      {open ? <OverrideDialogContent patientId={patientId} order={order} criterionId={criterionId} label={label} onDone={() => setOpen(false)} /> : null}
    </Dialog.Root>
  );
}

/** The override form, made when the dialog opens. */
function OverrideDialogContent({ patientId, order, criterionId, label, onDone }: { patientId: string; order: Order; criterionId: CriterionId; label: string; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof overrideCriterionInputSchema>, unknown, OverrideCriterionInput>({
    resolver: zodResolver(overrideCriterionInputSchema),
    defaultValues: { patientId, procedureId: order.id, criterionId, reason: "" },
  });
  const override = useMutation(trpc.procedures.overrideCriterion.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await override.mutateAsync(values);
    onDone();
    await refresh();
  });
  return (
    <Dialog.Portal>
      <Dialog.Overlay className="dialog-overlay" />
      <Dialog.Content className="dialog">
        <Dialog.Title>Override “{label}”</Dialog.Title>
        <Dialog.Description className="meta">Write why this criterion does not apply or is met another way. The override is audited and shown with the order.</Dialog.Description>
        <form noValidate onSubmit={onSubmit}>
          <FormAlert message={formError} />
          <Field label="Reason" error={form.formState.errors.reason}>
            {(p) => <textarea rows={4} {...p} {...form.register("reason")} />}
          </Field>
          <div className="actions">
            <button className="btn" type="submit" disabled={override.isPending}>
              Record override
            </button>
            <Dialog.Close asChild>
              <button className="btn secondary" type="button">
                Cancel
              </button>
            </Dialog.Close>
          </div>
        </form>
      </Dialog.Content>
    </Dialog.Portal>
  );
}

/** The row a step of the order applies to; a step sends the version shown when it is taken, as status buttons do. */
const rowOf = (patientId: string, order: Order) => ({ patientId, id: order.id, expectedVersion: order.version });
const emptyToNull = (v: string | number | null) => (v === "" || v === null ? null : Number(v));

function ScheduleButton({ patientId, order }: { patientId: string; order: Order }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof scheduleProcedureInputSchema>, unknown, ScheduleProcedureInput>({
    resolver: zodResolver(scheduleProcedureInputSchema),
    defaultValues: { ...rowOf(patientId, order), scheduledFor: "" },
  });
  const schedule = useMutation(trpc.procedures.schedule.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await schedule.mutateAsync({ ...values, ...rowOf(patientId, order) });
    await refresh();
  });
  return (
    <form className="actions" style={{ marginTop: 0 }} aria-label="Schedule the procedure" noValidate onSubmit={onSubmit}>
      <Field label="Scheduled date" labelHidden error={form.formState.errors.scheduledFor}>
        {(p) => <input type="date" style={{ width: "auto" }} {...p} {...form.register("scheduledFor")} />}
      </Field>
      <button className="btn" type="submit" disabled={schedule.isPending}>
        Schedule
      </button>
      {formError ? <span className="error">{formError}</span> : null}
    </form>
  );
}

function PerformedButton({ patientId, order }: { patientId: string; order: Order }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof recordProcedurePerformedInputSchema>, unknown, RecordProcedurePerformedInput>({
    resolver: zodResolver(recordProcedurePerformedInputSchema),
    defaultValues: { ...rowOf(patientId, order), performedAt: new Date(), preProcedurePain: null },
  });
  const performed = useMutation(trpc.procedures.recordPerformed.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await performed.mutateAsync({ ...values, ...rowOf(patientId, order), performedAt: new Date() });
    await refresh();
  });
  return (
    <form className="actions" style={{ marginTop: 0 }} aria-label="Record performed" noValidate onSubmit={onSubmit}>
      <Field label="Pain before (0–10)" error={form.formState.errors.preProcedurePain}>
        {(p) => <input inputMode="numeric" style={{ width: "5rem" }} {...p} {...form.register("preProcedurePain", { setValueAs: emptyToNull })} />}
      </Field>
      <button className="btn" type="submit" disabled={performed.isPending}>
        Record performed today
      </button>
      {formError ? <span className="error">{formError}</span> : null}
    </form>
  );
}
