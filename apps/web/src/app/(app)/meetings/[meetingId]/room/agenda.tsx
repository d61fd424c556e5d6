"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormAlert } from "~/components/form-alert";
import { humanize } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useRefreshMeeting, type Meeting } from "./shared";

export function Agenda({ meeting, selected, onSelect }: { meeting: Meeting; selected: string | null; onSelect: (id: string) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting();
  const [error, setError] = useState<string | null>(null);
  const opts = { onSuccess: refresh, onError: (e: unknown) => setError(errorInfo(e).message) };
  const reorder = useMutation(trpc.meetings.reorderCases.mutationOptions(opts));
  const remove = useMutation(trpc.meetings.removeCase.mutationOptions(opts));
  const manage = meeting.viewer.canManage && meeting.meeting.status !== "closed";
  const ids = meeting.cases.map((c) => c.id).filter((id): id is string => !!id);
  const move = (index: number, by: -1 | 1) => {
    const next = [...ids];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    reorder.mutate({ meetingId: meeting.meeting.id, expectedVersion: meeting.meeting.version, caseIds: next });
  };
  return (
    <section className="card" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">Agenda</h2>
      <FormAlert message={error} />
      {meeting.cases.length === 0 ? <p className="meta">No cases yet{manage ? ": add them from the proposals below." : "."}</p> : null}
      <ol className="items" style={{ paddingLeft: 0, listStyle: "none" }} data-testid="agenda">
        {meeting.cases.map((c, i) => (
          <li key={c.id ?? `hidden-${i}`} className={`item ${c.visible && c.id === selected ? "selected" : ""}`}>
            <div className="item-head">
              <div>
                {c.visible ? (
                  <button type="button" className="linklike" onClick={() => onSelect(c.id)} aria-pressed={c.id === selected}>
                    {i + 1}. {c.patientName}
                  </button>
                ) : (
                  <span className="meta">
                    {i + 1}. {c.label}
                  </span>
                )}
                {c.visible ? <div className="meta">{c.reason}</div> : null}
              </div>
              <span className={`pill ${c.status === "discussed" ? "ok" : c.status === "carried_over" ? "warn" : ""}`}>{humanize(c.status)}</span>
            </div>
            {manage && c.id ? (
              <div className="actions">
                <button type="button" className="btn small ghost" disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)} aria-label={`Move case ${i + 1} up`}>
                  ▲
                </button>
                <button type="button" className="btn small ghost" disabled={i === meeting.cases.length - 1 || reorder.isPending} onClick={() => move(i, 1)} aria-label={`Move case ${i + 1} down`}>
                  ▼
                </button>
                {c.visible && c.status === "pending" ? (
                  <button type="button" className="btn small ghost" onClick={() => remove.mutate({ caseId: c.id, expectedVersion: c.version })}>
                    Remove
                  </button>
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
