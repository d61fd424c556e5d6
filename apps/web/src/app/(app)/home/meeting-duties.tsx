"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormAlert } from "~/components/form-alert";
import { fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { DecisionActions } from "../meetings/decision-actions";

/** What team meetings still ask of me: proposals my discipline confirms, and meetings I have not signed. */
export function MeetingDuties() {
  return (
    <>
      <DecisionsAwaitingMe />
      <MeetingsToSign />
    </>
  );
}

function DecisionsAwaitingMe() {
  const trpc = useTRPC();
  const query = useQuery(trpc.meetings.pendingDecisions.queryOptions());
  if (query.data && query.data.length === 0) return null;
  return (
    <section className="card" aria-labelledby="awaiting-heading">
      <h2 id="awaiting-heading">Decisions awaiting you</h2>
      {query.isPending ? <div className="skeleton" /> : null}
      {query.isError ? <FormAlert message={query.error.message} /> : null}
      <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="decisions-awaiting">
        {(query.data ?? []).map((d) => (
          <li key={d.id} className="item">
            <strong>{d.description}</strong>
            <div className="meta">
              <Link href={`/patients/${d.patient.id}`}>{d.patient.name}</Link> · proposed in <Link href={`/meetings/${d.meeting.id}`}>{d.meeting.title}</Link>, {fmtDateTime(d.meeting.scheduledFor)}
            </div>
            <DecisionActions decision={{ id: d.id, patientId: d.patient.id, description: d.description, version: d.version }} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function MeetingsToSign() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const query = useQuery(trpc.meetings.mySignOffs.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const signOff = useMutation(
    trpc.meetings.signOff.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.meetings.pathKey() }),
      onError: (e) => setError(errorInfo(e).message),
    }),
  );
  if (query.data && query.data.length === 0) return null;
  return (
    <section className="card" aria-labelledby="to-sign-heading">
      <h2 id="to-sign-heading">Meetings to sign</h2>
      <FormAlert message={error} />
      {query.isPending ? <div className="skeleton" /> : null}
      <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="meetings-to-sign">
        {(query.data ?? []).map((m) => (
          <li key={m.id} className="item" style={{ display: "flex", justifyContent: "space-between", gap: "0.75rem", alignItems: "center", flexWrap: "wrap" }}>
            <div>
              <Link href={`/meetings/${m.id}`}>{m.title}</Link>
              <div className="meta">{fmtDateTime(m.scheduledFor)}</div>
            </div>
            <button className="btn small" type="button" disabled={signOff.isPending} aria-label={`Sign off ${m.title}`} onClick={() => signOff.mutate({ meetingId: m.id })}>
              Sign off
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
