"use client";

import { useQuery } from "@tanstack/react-query";
import { fmtDate } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

type CaseSummary = RouterOutputs["meetings"]["caseSummary"];

const levelPill = { below: "", review: "warn", high: "danger" } as const;

function OpioidView({ patientId, opioid }: { patientId: string; opioid: NonNullable<CaseSummary["byFlag"]["opioid"]> }) {
  const trpc = useTRPC();
  // The plan (already loaded for the decision form) knows which line is a fentanyl patch, dosed in mcg/hr.
  const plan = useQuery(trpc.carePlan.get.queryOptions({ patientId }));
  const unit = (id: string) => (plan.data?.medications.find((m) => m.id === id)?.opioid === "fentanyl_transdermal" ? "mcg/hr" : "mg");
  return (
    <div className="item" data-testid="opioid-view">
      <h3>
        Opioids: {opioid.totalMme} MME/day <span className={`pill ${levelPill[opioid.level]}`}>{opioid.level === "below" ? "below review" : opioid.level}</span>
      </h3>
      <table className="table">
        <caption className="meta" style={{ textAlign: "left" }}>
          Conversion factors: {opioid.tableLabel}
        </caption>
        <thead>
          <tr>
            <th scope="col">Medication</th>
            <th scope="col">Dose</th>
            <th scope="col">Times/day</th>
            <th scope="col">Route</th>
            <th scope="col">MME/day</th>
          </tr>
        </thead>
        <tbody>
          {opioid.medications.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>
                {m.doseMg} {unit(m.id)}
              </td>
              <td>{m.timesPerDay}</td>
              <td>{m.route}</td>
              <td>{m.mme ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="meta">
        <dt>Naloxone</dt>
        <dd>{opioid.naloxone}</dd>
        <dt>Monitoring</dt>
        <dd>{opioid.monitoring}</dd>
      </dl>
    </div>
  );
}

function SafetyView({ safety }: { safety: NonNullable<CaseSummary["byFlag"]["safety"]> }) {
  return (
    <div className="item" data-testid="safety-view">
      <h3>Safety: PHQ-9 item {safety.item} (thoughts of self-harm)</h3>
      <p>
        Answered <strong>{safety.answer ?? "—"} of 3</strong> on {fmtDate(safety.administeredAt)}.
      </p>
      <p className="meta">Response: {safety.response}</p>
    </div>
  );
}

function CandidacyView({ candidacy }: { candidacy: CaseSummary["candidacy"] }) {
  if (candidacy.length === 0) return <p className="meta">No procedure of this patient is awaiting a decision.</p>;
  return (
    <>
      {candidacy.map((c) => (
        <div key={c.procedureId} className="item" data-testid="candidacy-view">
          <h3>
            On the table: {c.label} {c.readyToApprove ? <span className="pill ok">ready to approve</span> : <span className="pill warn">{c.openCriteria.length} open criteria</span>}
          </h3>
          <ul className="checklist" aria-label={`Candidacy criteria: ${c.label}`}>
            {c.checklist.criteria.map((cr) => (
              <li key={cr.id}>
                <span className={`status-${cr.status}`}>{cr.status === "met" ? "✓ met" : cr.status === "not_met" ? "✗ not met" : "? unknown"}</span>
                <span>
                  {cr.label}
                  {cr.status !== "met" && cr.missing ? <span className="meta"> — missing: {cr.missing}</span> : null}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </>
  );
}

/** What the flag that brought the patient here asks the room to look at first. */
export function FlagViews({ patientId, summary }: { patientId: string; summary: CaseSummary }) {
  const { byFlag } = summary;
  return (
    <>
      {byFlag.opioid ? <OpioidView patientId={patientId} opioid={byFlag.opioid} /> : null}
      {byFlag.safety ? <SafetyView safety={byFlag.safety} /> : null}
      {byFlag.candidacy || summary.candidacy.length > 0 ? <CandidacyView candidacy={summary.candidacy} /> : null}
    </>
  );
}
