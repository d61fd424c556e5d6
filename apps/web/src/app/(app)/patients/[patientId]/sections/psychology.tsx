"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { procedureCatalog, procedureTypes, type PsychNoteKind } from "@stepwise/domain";
import { FormAlert } from "~/components/form";
import { fmtDate, fmtDateTime, humanize } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { AssessmentForm } from "./assessment-form";
import { useRefreshPlan } from "./use-plan";

export function PsychologySection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const psychologist = plan.viewer.allowed["psychNote.create"];
  return (
    <div className="grid">
      {psychologist ? <NoteForm patientId={patientId} /> : null}
      <section className="card" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Psychology notes</h2>
        {plan.psychNotes.length === 0 ? <p className="meta">No shared psychology notes yet.</p> : null}
        <div className="grid">
          {plan.psychNotes.map((n) => (
            <article key={n.id} className={`note ${n.kind === "psychotherapy" ? "private" : "shared"}`} aria-label={n.kind === "psychotherapy" ? "Private psychotherapy note" : "Shared summary"}>
              <div className="item-head">
                <strong>{n.kind === "psychotherapy" ? "🔒 Private psychotherapy note" : "Shared summary for the team"}</strong>
                <span className="meta">{fmtDateTime(n.createdAt)}</span>
              </div>
              {n.kind === "psychotherapy" ? <p className="owner-note">Only you can see this note. It is not part of the shared record.</p> : null}
              <p style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{n.body}</p>
            </article>
          ))}
        </div>
      </section>
      <Clearances patientId={patientId} plan={plan} />
      {plan.viewer.allowed["assessment.submit"] ? <AssessmentForm patientId={patientId} role={plan.viewer.role} /> : null}
    </div>
  );
}

function NoteForm({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [kind, setKind] = useState<PsychNoteKind>("shared_summary");
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.psychNotes.create.mutationOptions());
  return (
    <form
      className={`card note ${kind === "psychotherapy" ? "private" : ""}`}
      aria-label="Write a psychology note"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await create.mutateAsync({ patientId, kind, body });
          setBody("");
          await refresh();
        } catch (err) {
          setError(errorInfo(err).message);
        }
      }}
    >
      <h2>Write a note</h2>
      <div className="chips" role="group" aria-label="Note kind">
        <button type="button" className="chip" aria-pressed={kind === "shared_summary"} onClick={() => setKind("shared_summary")}>
          Shared summary (team can read)
        </button>
        <button type="button" className="chip" aria-pressed={kind === "psychotherapy"} onClick={() => setKind("psychotherapy")}>
          🔒 Private psychotherapy note
        </button>
      </div>
      <p className="meta">
        {kind === "psychotherapy" ? "Private: only you will ever see this note — no other clinician, coordinator or administrator." : "Shared: the whole care team reads this summary."}
      </p>
      <FormAlert message={error} />
      <div className="field">
        <label htmlFor="note-body">Note</label>
        <textarea id="note-body" rows={5} value={body} onChange={(e) => setBody(e.target.value)} />
      </div>
      <button className="btn" type="submit" disabled={create.isPending || !body.trim()}>
        {kind === "psychotherapy" ? "Save private note" : "Share summary"}
      </button>
    </form>
  );
}

function Clearances({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [error, setError] = useState<string | null>(null);
  const [type, setType] = useState<(typeof procedureTypes)[number]>("scs_trial" as (typeof procedureTypes)[number]);
  const [rationale, setRationale] = useState<Record<string, string>>({});
  const opts = { onSuccess: refresh, onError: (e: unknown) => setError(errorInfo(e).message) };
  const request = useMutation(trpc.clearances.request.mutationOptions(opts));
  const record = useMutation(trpc.clearances.record.mutationOptions(opts));
  const needsClearance = procedureTypes.filter((t) => procedureCatalog[t].requiresClearance);
  return (
    <section className="card" aria-labelledby="clearance-heading">
      <h2 id="clearance-heading">Psychological clearance</h2>
      <FormAlert message={error} />
      {plan.clearances.length === 0 ? <p className="meta">No clearance requested.</p> : null}
      <ul className="items" style={{ listStyle: "none", padding: 0 }}>
        {plan.clearances.map((c) => (
          <li key={c.id} className="item">
            <div className="item-head">
              <div>
                <strong>{procedureCatalog[c.procedureType].label}</strong>
                <div className="meta">
                  requested {fmtDate(c.requestedAt)}
                  {c.decidedAt ? ` · decided ${fmtDate(c.decidedAt)}` : ""}
                </div>
              </div>
              <span className={`pill ${c.status === "cleared" ? "ok" : c.status === "requested" ? "warn" : "danger"}`}>{humanize(c.status)}</span>
            </div>
            {c.rationale ? <p>{c.rationale}</p> : null}
            {plan.viewer.allowed["clearance.record"] && (c.status === "requested" || c.status === "deferred") ? (
              <div className="inline-form">
                <div className="field">
                  <label htmlFor={`rat-${c.id}`}>Rationale the team may read</label>
                  <textarea id={`rat-${c.id}`} rows={2} value={rationale[c.id] ?? ""} onChange={(e) => setRationale({ ...rationale, [c.id]: e.target.value })} />
                </div>
                <div className="actions">
                  {(["cleared", "not_cleared", "deferred"] as const).map((status) => (
                    <button
                      key={status}
                      className={`btn small ${status === "cleared" ? "" : "secondary"}`}
                      type="button"
                      disabled={record.isPending}
                      onClick={() => record.mutate({ patientId, id: c.id, expectedVersion: c.version, status, rationale: rationale[c.id] ?? "" })}
                    >
                      {humanize(status)}
                    </button>
                  ))}
                </div>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {plan.viewer.allowed["clearance.request"] ? (
        <div className="actions">
          <label htmlFor="clear-type" className="visually-hidden">
            Procedure needing clearance
          </label>
          <select id="clear-type" value={type} onChange={(e) => setType(e.target.value as typeof type)} style={{ width: "auto" }}>
            {needsClearance.map((t) => (
              <option key={t} value={t}>
                {procedureCatalog[t].label}
              </option>
            ))}
          </select>
          <button className="btn secondary" type="button" disabled={request.isPending} onClick={() => request.mutate({ patientId, procedureType: type })}>
            Request clearance
          </button>
        </div>
      ) : null}
    </section>
  );
}
