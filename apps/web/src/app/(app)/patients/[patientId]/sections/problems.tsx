"use client";

import dynamic from "next/dynamic";
import { Fragment, useState } from "react";
import { fmtDate, humanize } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { FormLoading } from "./form-loading";

// The forms (react-hook-form and the domain's schemas) load when one is opened.
const NewProblemForm = dynamic(() => import("./problem-forms").then((m) => m.NewProblemForm), { ssr: false, loading: FormLoading });
const EditProblemForm = dynamic(() => import("./problem-forms").then((m) => m.EditProblemForm), { ssr: false, loading: FormLoading });

export function ProblemsCard({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const canEdit = plan.viewer.allowed["problem.update"];
  return (
    <section className="card" aria-labelledby="problems-heading">
      <div className="section-head">
        <h2 id="problems-heading">Problems</h2>
        {plan.viewer.allowed["problem.create"] && !open ? (
          <button className="btn small secondary" type="button" onClick={() => setOpen(true)}>
            Add problem
          </button>
        ) : null}
      </div>
      {plan.problems.length === 0 ? <p className="meta">No problems recorded yet.</p> : null}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Diagnosis</th>
            <th scope="col">Pain generator</th>
            <th scope="col">Site</th>
            <th scope="col" className="hide-narrow">Imaging</th>
            <th scope="col" className="hide-narrow">Onset</th>
            {canEdit ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {plan.problems.map((p) => (
            <Fragment key={p.id}>
              <tr>
                <td>
                  <strong>{p.diagnosis}</strong> {p.status === "resolved" ? <span className="pill">resolved</span> : null}
                </td>
                <td>
                  {humanize(p.painGenerator)} · {humanize(p.painPattern)}
                </td>
                <td>
                  {p.bodySite}
                  {p.level ? ` ${p.level}` : ""} {p.laterality !== "na" ? `(${p.laterality})` : ""}
                </td>
                <td className="hide-narrow">
                  {p.imagingFindings ?? "—"}
                  {p.imagingConcordant === true ? <span className="pill ok"> concordant</span> : null}
                </td>
                <td className="hide-narrow">{fmtDate(p.onsetDate)}</td>
                {canEdit ? (
                  <td>
                    {editing !== p.id ? (
                      <button className="btn small ghost" type="button" aria-label={`Edit ${p.diagnosis}`} onClick={() => setEditing(p.id)}>
                        Edit
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
              {editing === p.id ? (
                <tr>
                  <td colSpan={6}>
                    <EditProblemForm patientId={patientId} problem={p} onDone={() => setEditing(null)} />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </table>
      {open ? <NewProblemForm patientId={patientId} onDone={() => setOpen(false)} /> : null}
    </section>
  );
}
