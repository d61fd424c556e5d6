"use client";

import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { FormAlert } from "~/components/form-alert";
import { fmtDate } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** Action items assigned to me in team meetings, until I mark them done. */
export function MyActionItems() {
  const trpc = useTRPC();
  const query = useQuery(trpc.actionItems.mine.queryOptions({}));
  const [error, setError] = useState<string | null>(null);
  const done = useMutation(trpc.actionItems.update.mutationOptions({ onSuccess: () => void query.refetch(), onError: (e) => setError(errorInfo(e).message) }));
  if (query.data && query.data.length === 0) return null;
  return (
    <section className="card" aria-labelledby="actions-heading">
      <h2 id="actions-heading">My action items</h2>
      <FormAlert message={error} />
      {query.isPending ? <div className="skeleton" /> : null}
      <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="my-action-items">
        {(query.data ?? []).map((a) => (
          <li key={a.id} className="item" style={{ display: "flex", justifyContent: "space-between", gap: "0.75rem", alignItems: "center", flexWrap: "wrap" }}>
            <div>
              <strong>{a.description}</strong>
              <div className="meta">
                <Link href={`/patients/${a.patientId}`}>{a.patientName}</Link> · from {a.meetingTitle ?? "a meeting"} · due {fmtDate(a.dueDate)} {a.overdue ? <span className="pill danger">overdue</span> : null}
              </div>
            </div>
            <button className="btn small secondary" type="button" disabled={done.isPending} onClick={() => done.mutate({ patientId: a.patientId, id: a.id, expectedVersion: a.version, status: "done" })}>
              Mark done
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
