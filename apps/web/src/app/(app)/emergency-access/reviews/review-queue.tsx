"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { emergencyAccessPolicy, emergencyReasonLabels } from "@stepwise/domain/emergency-access-text";
import type { Role } from "@stepwise/domain";
import { roleLabels } from "@stepwise/domain/role-labels";
import { FormAlert } from "~/components/form-alert";
import { fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

type Queue = NonNullable<ReturnType<typeof useQueue>["data"]>;

function useQueue() {
  const trpc = useTRPC();
  return useQuery(trpc.emergencyAccess.reviewQueue.queryOptions());
}

/** Each unreviewed use: who, which patient, why, when, for how long, what they did — and the review. */
export function ReviewQueue() {
  const queue = useQueue();
  if (queue.isPending) return <div className="skeleton" />;
  if (queue.error) return <FormAlert message={errorInfo(queue.error).message} />;
  if (queue.data.length === 0) return <p className="card empty">Nothing to review.</p>;
  return (
    <ul style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: "1rem" }} aria-label="Uses to review">
      {queue.data.map((g) => (
        <ReviewItem key={g.id} grant={g} />
      ))}
    </ul>
  );
}

function ReviewItem({ grant: g }: { grant: Queue[number] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const review = useMutation(
    trpc.emergencyAccess.review.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.emergencyAccess.reviewQueue.queryKey() }),
      onError: (e) => setError(errorInfo(e).message),
    }),
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (note.trim().length < emergencyAccessPolicy.reviewNoteMinLength) {
      setNoteError(`Write what you concluded (at least ${emergencyAccessPolicy.reviewNoteMinLength} characters).`);
      return;
    }
    setNoteError(null);
    review.mutate({ grantId: g.id, expectedVersion: g.version, note: note.trim() });
  }
  return (
    <li className="card" aria-labelledby={`${id}-title`} data-testid="review-item">
      <div className="section-head">
        <h2 id={`${id}-title`} style={{ fontSize: "1.1rem" }}>
          {g.holder.name} <span className="pill">{roleLabels[g.holder.role as Role] ?? g.holder.role}</span> opened{" "}
          <Link href={`/patients/${g.patient.id}/access`}>
            {g.patient.givenName} {g.patient.familyName}
          </Link>{" "}
          <span className="meta mono">{g.patient.mrn}</span>
        </h2>
        {g.active ? <span className="pill warn">Active now</span> : g.endedAt ? <span className="pill">Ended early</span> : <span className="pill">Expired</span>}
      </div>
      <p style={{ margin: "0.25rem 0" }}>
        <strong>{emergencyReasonLabels[g.reason]}</strong> {g.emergency ? <span className="pill danger">Could change the record</span> : <span className="pill ok">Read-only</span>}
      </p>
      <blockquote style={{ margin: "0.5rem 0", paddingLeft: "0.75rem", borderLeft: "3px solid var(--line)" }}>{g.reasonText}</blockquote>
      <p className="meta">
        Opened {fmtDateTime(g.grantedAt)} · {g.minutes} min{g.active ? " so far" : ""} · {g.endedAt ? `ended ${fmtDateTime(g.endedAt)}` : `until ${fmtDateTime(g.expiresAt)}`}
      </p>
      <details>
        <summary>What they did ({g.activity.length})</summary>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {g.activity.map((a) => (
              <tr key={a.id}>
                <td>{fmtDateTime(a.at)}</td>
                <td className="mono">{a.action}</td>
                <td>{a.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <form onSubmit={submit} noValidate style={{ marginTop: "0.75rem" }}>
        <div className="field">
          <label htmlFor={`${id}-note`}>Review note</label>
          <textarea
            id={`${id}-note`}
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={emergencyAccessPolicy.reviewNoteMaxLength}
            aria-invalid={!!noteError}
            aria-describedby={noteError ? `${id}-note-error` : undefined}
          />
          {noteError ? (
            <span className="error" id={`${id}-note-error`} role="alert">
              {noteError}
            </span>
          ) : null}
        </div>
        <FormAlert message={error} />
        <button className="btn" type="submit" disabled={review.isPending}>
          Mark reviewed
        </button>
      </form>
    </li>
  );
}
