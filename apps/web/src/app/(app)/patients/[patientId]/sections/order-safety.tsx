"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { bleedingRiskLabels, confirmHoldInputSchema, defaultSafetyPolicy, orderSafety, type ConfirmHoldInput, type HoldLine } from "@stepwise/domain";
import { Field, InlineForm } from "~/components/form";
import { useStaffNames } from "~/components/versioned-edit";
import { fmtDate, fmtDateTime } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { useRefreshPlan } from "./use-plan";

type Order = CarePlan["procedures"][number];

/**
 * §6.4 on an open order: its bleeding-risk class, each anticoagulant / antiplatelet with the date by
 * which it should be held and who confirmed it, and the allergy and profile warnings — under the
 * policy id that produced them.
 */
export function OrderSafety({ patientId, order }: { patientId: string; order: Order }) {
  const trpc = useTRPC();
  // The plan the card came from, read from the query cache: no second request.
  const plan = useQuery(trpc.carePlan.get.queryOptions({ patientId })).data;
  const nameOf = useStaffNames();
  if (!plan) return null;
  const safety = orderSafety(order, { medications: plan.medications, safetyProfile: plan.safetyProfile }, new Date());
  const canConfirm = plan.viewer.allowed["procedure.confirmHold"];
  if (!safety) return null;
  return (
    <section className="order-safety" aria-label="Pre-procedure safety" style={{ marginTop: "0.75rem", borderTop: "1px solid var(--line)", paddingTop: "0.5rem" }}>
      <h4 style={{ margin: "0 0 0.3rem" }}>
        Pre-procedure safety{" "}
        <span className={`pill ${safety.risk === "high" ? "danger" : safety.risk === "intermediate" ? "warn" : ""}`}>{bleedingRiskLabels[safety.risk]} bleeding risk</span>
      </h4>
      {safety.lines.length === 0 ? (
        <p className="meta" style={{ margin: 0 }}>
          {plan.safetyProfile ? "No anticoagulant or antiplatelet on the medication list or the safety profile." : "No anticoagulant or antiplatelet on the medication list; the safety profile is not recorded."}
        </p>
      ) : (
        <table className="table" aria-label="Anticoagulant and antiplatelet holds">
          <thead>
            <tr>
              <th scope="col">Drug</th>
              <th scope="col">Hold</th>
              <th scope="col">Hold by</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {safety.lines.map((line) => (
              <HoldRow key={line.drug} patientId={patientId} order={order} line={line} canConfirm={canConfirm} nameOf={nameOf} />
            ))}
          </tbody>
        </table>
      )}
      {safety.notes.length > 0 ? (
        <ul style={{ margin: "0.4rem 0 0", paddingLeft: "1.1rem" }}>
          {safety.notes.map((n, i) => (
            <li key={`${n.code}-${i}`}>
              <span className={`pill ${n.severity === "warning" ? "danger" : "warn"}`}>{n.severity === "warning" ? "Warning" : "Attention"}</span> {n.message}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="meta" style={{ margin: "0.3rem 0 0" }}>
        Policy {safety.policyId} — {defaultSafetyPolicy.source}. Holds are confirmed with the prescriber; nothing here stops a drug by itself.
      </p>
    </section>
  );
}

function HoldRow({ patientId, order, line, canConfirm, nameOf }: { patientId: string; order: Order; line: HoldLine; canConfirm: boolean; nameOf: (id: string) => string }) {
  const [confirming, setConfirming] = useState(false);
  const statusClass = line.urgent ? "danger" : line.state === "confirmed" ? "ok" : line.needsConfirmation ? "warn" : "";
  return (
    <>
      <tr data-testid={`hold-${line.drug}`}>
        <td>
          {line.name}
          <div className="meta">{line.source === "medication_list" ? "medication list" : "safety profile"}</div>
        </td>
        <td>
          {line.hold ?? "—"}
          {line.rule ? <div className="meta">guideline {line.rule.range}</div> : null}
        </td>
        <td>{line.holdByLabel ?? "—"}</td>
        <td>
          <span className={`pill ${statusClass}`} role={line.urgent ? "alert" : undefined}>
            {line.message}
          </span>
          {line.confirmation ? (
            <div className="meta">
              Confirmed by {nameOf(line.confirmation.confirmedBy)} on {fmtDateTime(line.confirmation.confirmedAt)}
              {line.confirmation.note ? ` — ${line.confirmation.note}` : ""}
            </div>
          ) : null}
          {canConfirm && line.needsConfirmation && !line.confirmation && !confirming ? (
            <div className="actions" style={{ marginTop: "0.25rem" }}>
              <button className="btn small" type="button" aria-label={`Confirm hold of ${line.name}`} onClick={() => setConfirming(true)}>
                Confirm hold
              </button>
            </div>
          ) : null}
        </td>
      </tr>
      {confirming ? (
        <tr>
          <td colSpan={4}>
            <ConfirmHoldForm patientId={patientId} order={order} line={line} onDone={() => setConfirming(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function ConfirmHoldForm({ patientId, order, line, onDone }: { patientId: string; order: Order; line: HoldLine; onDone: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof confirmHoldInputSchema>, unknown, ConfirmHoldInput>({
    resolver: zodResolver(confirmHoldInputSchema),
    defaultValues: { patientId, procedureId: order.id, drug: line.drug, note: null },
  });
  const confirm = useMutation(trpc.procedures.confirmHold.mutationOptions());
  const run = async (values: ConfirmHoldInput) => {
    await confirm.mutateAsync(values);
    await refresh();
    onDone();
  };
  const when = order.scheduledFor ? ` before ${fmtDate(order.scheduledFor)}` : "";
  return (
    <InlineForm
      form={form}
      label={`Confirm the hold of ${line.name}`}
      heading={<p style={{ margin: 0 }}>Confirm that the prescriber agreed to hold {line.name}{when}{line.holdByLabel ? ` from ${line.holdByLabel}` : ""}.</p>}
      submitLabel="Confirm"
      onCancel={onDone}
      run={run}
    >
      <Field label="Note (who was contacted, INR plan…)" error={form.formState.errors.note}>
        {(p) => <input {...p} {...form.register("note", { setValueAs: (v: string | null) => (v ? v : null) })} />}
      </Field>
    </InlineForm>
  );
}
