"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import {
  createPsychNoteInputSchema,
  isClearanceOpen,
  procedureCatalog,
  procedureTypes,
  recordClearanceInputSchema,
  requestClearanceInputSchema,
  type CreatePsychNoteInput,
  type PsychNoteKind,
  type RecordClearanceInput,
  type RequestClearanceInput,
} from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { fmtDate, fmtDateTime, humanize } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { AssessmentForm } from "./assessment-form";
import { ShowOlder } from "./older";
import { useRefreshPlan } from "./use-plan";

export function PsychologySection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const psychologist = plan.viewer.allowed["psychNote.create"];
  const trpc = useTRPC();
  // The plan carries the latest notes; older ones page in after them when asked for.
  const [showOlder, setShowOlder] = useState(false);
  const older = useInfiniteQuery({
    ...trpc.psychNotes.page.infiniteQueryOptions(
      { patientId, limit: 20 },
      { initialCursor: plan.psychNotes.at(-1)?.id, getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
    enabled: showOlder && plan.psychNotes.length > 0,
  });
  const notes = [...plan.psychNotes, ...(older.data?.pages.flatMap((p) => p.items) ?? [])];
  return (
    <div className="grid">
      {psychologist ? <NoteForm patientId={patientId} /> : null}
      <section className="card" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Psychology notes</h2>
        {notes.length === 0 ? <p className="meta">No shared psychology notes yet.</p> : null}
        <div className="grid">
          {notes.map((n) => (
            <article key={n.id} className={`note ${n.kind === "psychotherapy" ? "private" : "shared"}`} aria-label={n.kind === "psychotherapy" ? "Private psychotherapy note" : "Shared summary"}>
              <div className="item-head">
                <strong>{n.kind === "psychotherapy" ? "🔒 Private psychotherapy note" : "Shared summary for the team"}</strong>
                <span className="meta">{fmtDateTime(n.createdAt)}</span>
              </div>
              {n.kind === "psychotherapy" ? <p className="owner-note">Only you can see this note. It is not part of the shared record.</p> : null}
              <p style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{n.body}</p>
              {n.kind === "shared_summary" ? <ShareWithPatient patientId={patientId} note={n} mayShare={n.authorId === plan.viewer.userId && plan.viewer.allowed["psychNote.shareWithPatient"]} /> : null}
            </article>
          ))}
        </div>
        <ShowOlder label="Show older notes" remaining={plan.history.psychNotes - notes.length} loading={older.isFetching} onClick={() => (showOlder ? void older.fetchNextPage() : setShowOlder(true))} />
      </section>
      <Clearances patientId={patientId} plan={plan} />
      {plan.viewer.allowed["assessment.submit"] ? <AssessmentForm patientId={patientId} role={plan.viewer.role} /> : null}
    </div>
  );
}

/**
 * Whether the patient sees this summary on their own plan: every reader of the note is told; only its
 * author may change it (the server checks again, and refuses a psychotherapy note as not found).
 */
function ShareWithPatient({ patientId, note, mayShare }: { patientId: string; note: { id: string; sharedWithPatient: boolean; version: number }; mayShare: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const share = useMutation(trpc.psychNotes.shareWithPatient.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  const toggle = async () => {
    setError(null);
    try {
      await share.mutateAsync({ patientId, noteId: note.id, shared: !note.sharedWithPatient, version: note.version });
    } catch (e) {
      setError(e instanceof Error ? e.message : "Could not change this summary");
    }
    await refresh();
  };
  return (
    <div className="actions" style={{ marginTop: "0.5rem", alignItems: "center" }}>
      <span className={`pill ${note.sharedWithPatient ? "ok" : ""}`}>{note.sharedWithPatient ? "Shown to the patient" : "Not shown to the patient"}</span>
      {mayShare ? (
        <button type="button" className="btn secondary" aria-pressed={note.sharedWithPatient} disabled={share.isPending} onClick={() => void toggle()}>
          {note.sharedWithPatient ? "Stop showing to the patient" : "Share with the patient"}
        </button>
      ) : null}
      {error ? (
        <span role="alert" className="meta">
          {error}
        </span>
      ) : null}
    </div>
  );
}

function NoteForm({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof createPsychNoteInputSchema>, unknown, CreatePsychNoteInput>({
    resolver: zodResolver(createPsychNoteInputSchema),
    defaultValues: { patientId, kind: "shared_summary", body: "" },
  });
  const create = useMutation(trpc.psychNotes.create.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await create.mutateAsync(values);
    form.reset({ patientId, kind: values.kind, body: "" });
    await refresh();
  });
  const kind = form.watch("kind");
  const chooseKind = (next: PsychNoteKind) => form.setValue("kind", next);
  return (
    <form className={`card note ${kind === "psychotherapy" ? "private" : ""}`} aria-label="Write a psychology note" noValidate onSubmit={onSubmit}>
      <h2>Write a note</h2>
      <div className="chips" role="group" aria-label="Note kind">
        <button type="button" className="chip" aria-pressed={kind === "shared_summary"} onClick={() => chooseKind("shared_summary")}>
          Shared summary (team can read)
        </button>
        <button type="button" className="chip" aria-pressed={kind === "psychotherapy"} onClick={() => chooseKind("psychotherapy")}>
          🔒 Private psychotherapy note
        </button>
      </div>
      <p className="meta">
        {kind === "psychotherapy" ? "Private: only you will ever see this note — no other clinician, coordinator or administrator." : "Shared: the whole care team reads this summary."}
      </p>
      <FormAlert message={formError} />
      <Field label="Note" error={form.formState.errors.body}>
        {(p) => <textarea rows={5} {...p} {...form.register("body")} />}
      </Field>
      <button className="btn" type="submit" disabled={create.isPending}>
        {kind === "psychotherapy" ? "Save private note" : "Share summary"}
      </button>
    </form>
  );
}

function Clearances({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  return (
    <section className="card" aria-labelledby="clearance-heading">
      <h2 id="clearance-heading">Psychological clearance</h2>
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
            {plan.viewer.allowed["clearance.record"] && isClearanceOpen(c.status) ? <RecordClearanceForm patientId={patientId} clearance={c} /> : null}
          </li>
        ))}
      </ul>
      {plan.viewer.allowed["clearance.request"] ? <RequestClearanceForm patientId={patientId} /> : null}
    </section>
  );
}

const clearanceDecisions = recordClearanceInputSchema.shape.status.options;

function RecordClearanceForm({ patientId, clearance }: { patientId: string; clearance: CarePlan["clearances"][number] }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof recordClearanceInputSchema>, unknown, RecordClearanceInput>({
    resolver: zodResolver(recordClearanceInputSchema),
    defaultValues: { patientId, id: clearance.id, expectedVersion: clearance.version, status: "cleared", rationale: "" },
  });
  const record = useMutation(trpc.clearances.record.mutationOptions());
  // A decision button sends the version the psychologist saw when clicking, as every status button does.
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await record.mutateAsync({ ...values, expectedVersion: clearance.version });
    await refresh();
  });
  return (
    <form className="inline-form" aria-label={`Record the clearance for ${procedureCatalog[clearance.procedureType].label}`} noValidate onSubmit={onSubmit}>
      <FormAlert message={formError} />
      <Field label="Rationale the team may read" error={form.formState.errors.rationale}>
        {(p) => <textarea rows={2} {...p} {...form.register("rationale")} />}
      </Field>
      <div className="actions">
        {clearanceDecisions.map((status) => (
          <button key={status} className={`btn small ${status === "cleared" ? "" : "secondary"}`} type="submit" disabled={record.isPending} onClick={() => form.setValue("status", status)}>
            {humanize(status)}
          </button>
        ))}
      </div>
    </form>
  );
}

const needsClearance = procedureTypes.filter((t) => procedureCatalog[t].requiresClearance);

function RequestClearanceForm({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const form = useForm<z.input<typeof requestClearanceInputSchema>, unknown, RequestClearanceInput>({
    resolver: zodResolver(requestClearanceInputSchema),
    defaultValues: { patientId, procedureType: "scs_trial" },
  });
  const request = useMutation(trpc.clearances.request.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await request.mutateAsync(values);
    await refresh();
  });
  return (
    <form aria-label="Request clearance" noValidate onSubmit={onSubmit}>
      <FormAlert message={formError} />
      <div className="actions">
        <label htmlFor="clear-type" className="visually-hidden">
          Procedure needing clearance
        </label>
        <select id="clear-type" aria-invalid={!!form.formState.errors.procedureType} style={{ width: "auto" }} {...form.register("procedureType")}>
          {needsClearance.map((t) => (
            <option key={t} value={t}>
              {procedureCatalog[t].label}
            </option>
          ))}
        </select>
        <button className="btn secondary" type="submit" disabled={request.isPending}>
          Request clearance
        </button>
      </div>
      {form.formState.errors.procedureType ? (
        <span className="error" role="alert">
          {form.formState.errors.procedureType.message}
        </span>
      ) : null}
    </form>
  );
}
