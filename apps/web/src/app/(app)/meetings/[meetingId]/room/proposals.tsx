"use client";

import { useMutation, useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { clipReason } from "@stepwise/domain/meeting-text";
import { FormAlert } from "~/components/form-alert";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useRefreshMeeting } from "./shared";

const PAGE = 15;

/** Every flagged patient is reachable: the list grows a page at a time with "Show more". */
export function Proposals({ meetingId }: { meetingId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting();
  const [offsets, setOffsets] = useState<number[]>([0]);
  const pages = useQueries({ queries: offsets.map((offset) => trpc.meetings.proposeAgenda.queryOptions({ meetingId, offset, limit: PAGE })) });
  const [error, setError] = useState<string | null>(null);
  const add = useMutation(trpc.meetings.addCase.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorInfo(e).message) }));
  const seen = new Set<string>();
  const items = pages.flatMap((p) => p.data?.items ?? []).filter((p) => !seen.has(p.patientId) && seen.add(p.patientId));
  const last = pages.at(-1)?.data;
  const total = pages[0]?.data?.total;
  return (
    <section className="card" aria-labelledby="proposals-heading">
      <h2 id="proposals-heading">Proposed from flags</h2>
      <FormAlert message={error} />
      {pages.some((p) => p.isPending) ? <div className="skeleton" /> : null}
      {total === 0 ? <p className="meta">No patient has a flag that needs the team.</p> : null}
      <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="proposals">
        {items.map((p) => (
          <li key={p.patientId} className="item" style={{ display: "flex", justifyContent: "space-between", gap: "0.75rem", alignItems: "center" }}>
            <div>
              <strong>{p.patientName}</strong>
              <div className="meta">{p.reason}</div>
            </div>
            <button
              type="button"
              className="btn small secondary"
              disabled={add.isPending}
              aria-label={`Add ${p.patientName} to the agenda`}
              onClick={() => add.mutate({ meetingId, patientId: p.patientId, reason: clipReason(p.reason), ...(p.carriedFromCaseId ? { carriedFromCaseId: p.carriedFromCaseId } : {}) })}
            >
              Add
            </button>
          </li>
        ))}
      </ul>
      {total !== undefined && total > 0 ? (
        <p className="meta">
          Showing {items.length} of {total}.
        </p>
      ) : null}
      {last?.nextOffset != null ? (
        <button className="btn small secondary" type="button" onClick={() => setOffsets([...offsets, last.nextOffset ?? 0])}>
          Show more
        </button>
      ) : null}
    </section>
  );
}
