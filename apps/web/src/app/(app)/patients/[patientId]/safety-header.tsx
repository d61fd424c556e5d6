"use client";

import dynamic from "next/dynamic";
import { useState, type ReactNode } from "react";
import { allergyCategoryLabels, safetyHeader, type SafetyHeader as Header } from "@stepwise/domain";
import { humanize } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { FormLoading } from "./sections/form-loading";

// The profile's forms (react-hook-form and the domain's schema) load when one is opened.
const NewSafetyProfileForm = dynamic(() => import("./safety-profile-forms").then((m) => m.NewSafetyProfileForm), { ssr: false, loading: FormLoading });
const EditSafetyProfileForm = dynamic(() => import("./safety-profile-forms").then((m) => m.EditSafetyProfileForm), { ssr: false, loading: FormLoading });

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
