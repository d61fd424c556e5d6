"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import {
  messageAssigneeRoles,
  messageThreadStatusLabels,
  roleLabels,
  triageTransitions,
  type MessageAssigneeRole,
  type MessageThreadStatus,
} from "@stepwise/domain";
import { MessageComposer, MessageList } from "~/components/conversation";
import { fmtDateTime } from "~/lib/format";
import type { CarePlan } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/**
 * The patient's conversation on the plan page: the team reads and answers it here, and the
 * coordinator triages it. It refreshes whenever the plan does (the live stream announces a message
 * as a plan event), and reading it moves this reader's unread marker.
 */
export function MessagesSection({ patientId, plan }: { patientId: string; plan: CarePlan }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const query = useInfiniteQuery(trpc.messages.thread.infiniteQueryOptions({ patientId }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: trpc.messages.thread.pathKey() }), qc.invalidateQueries({ queryKey: trpc.messages.inbox.pathKey() })]);
  const send = useMutation(trpc.messages.send.mutationOptions({ onSuccess: refresh }));
  const markRead = useMutation(trpc.messages.markRead.mutationOptions({ onSuccess: refresh }));

  const lastEventId = plan.lastEventId;
  useEffect(() => {
    void qc.invalidateQueries({ queryKey: trpc.messages.thread.pathKey() });
  }, [lastEventId, qc, trpc]);

  const newest = query.data?.pages[0];
  const items = query.data ? [...query.data.pages].reverse().flatMap((p) => p.items) : [];
  const newestId = newest?.items.at(-1)?.id ?? 0;
  const unread = newest?.unread ?? 0;
  const canSend = newest?.viewer.canSend ?? false;
  const [readBeforeVisit, setReadBeforeVisit] = useState<number | null>(null);
  if (readBeforeVisit === null && newest) setReadBeforeVisit(newest.lastReadId);
  const { mutate: markReadUpTo, isPending: marking, isError: markFailed } = markRead;
  useEffect(() => {
    // Read-only emergency access writes nothing, its read marker included.
    if (canSend && unread > 0 && newestId > 0 && !marking && !markFailed) markReadUpTo({ patientId, upToId: newestId });
  }, [canSend, unread, newestId, marking, markFailed, markReadUpTo, patientId]);

  return (
    <section className="card" aria-labelledby="messages-heading" data-testid="messages-section">
      <div className="section-head">
        <h2 id="messages-heading">Messages with the patient</h2>
        {newest?.thread ? <span className="pill">{messageThreadStatusLabels[newest.thread.status]}{newest.thread.assignedRole ? ` · ${roleLabels[newest.thread.assignedRole]}` : ""}</span> : null}
      </div>
      <p className="meta">The patient sees every message here, with your name and role. The coordinator triages the conversation.</p>
      {query.isPending ? <div className="skeleton" role="status" aria-label="Loading the messages" /> : null}
      {query.isError ? (
        <div className="alert error" role="alert">
          The messages could not be loaded ({query.error.message}).
        </div>
      ) : null}
      {query.data ? (
        <MessageList
          items={items}
          viewerSide="team"
          lastReadId={readBeforeVisit ?? 0}
          hasOlder={query.hasNextPage}
          loadingOlder={query.isFetchingNextPage}
          onLoadOlder={() => void query.fetchNextPage()}
          empty="The patient has not written yet."
        />
      ) : null}
      {newest?.thread && newest.viewer.canTriage ? <TriageForm key={newest.thread.version} patientId={patientId} thread={newest.thread} onDone={refresh} /> : null}
      {canSend ? (
        <MessageComposer
          label="Answer the patient"
          submitLabel="Send to the patient"
          sending={send.isPending}
          serverError={send.isError ? errorInfo(send.error).message : null}
          onSend={(body) => send.mutateAsync({ patientId, body })}
        />
      ) : newest ? (
        <p className="meta">You can read this conversation; answering it is for the care team.</p>
      ) : null}
    </section>
  );
}

interface ThreadView {
  status: MessageThreadStatus;
  assignedRole: MessageAssigneeRole | null;
  version: number;
  triagedAt: Date | null;
}

/** The coordinator's triage: hand the conversation to a discipline, back to the queue, or close it. */
function TriageForm({ patientId, thread, onDone }: { patientId: string; thread: ThreadView; onDone: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const id = useId();
  const choices = triageTransitions[thread.status];
  const [status, setStatus] = useState<MessageThreadStatus>(choices[0] ?? "closed");
  const [assignedRole, setAssignedRole] = useState<MessageAssigneeRole | "">("");
  const triage = useMutation(trpc.messages.triage.mutationOptions({ onSuccess: onDone, onError: (error) => (errorInfo(error).code === "CONFLICT" ? void onDone() : undefined) }));
  const error = triage.isError ? errorInfo(triage.error) : null;
  return (
    <form
      className="triage-form"
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => {
        e.preventDefault();
        triage.mutate({ patientId, status, assignedRole: status === "with_team" && assignedRole ? assignedRole : null, version: thread.version });
      }}
    >
      <h3 id={`${id}-heading`}>Triage</h3>
      {thread.triagedAt ? <p className="meta">Last triaged {fmtDateTime(thread.triagedAt)}.</p> : null}
      <div className="row">
        <div className="field">
          <label htmlFor={`${id}-status`}>Set the conversation to</label>
          <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as MessageThreadStatus)}>
            {choices.map((s) => (
              <option key={s} value={s}>
                {messageThreadStatusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        {status === "with_team" ? (
          <div className="field">
            <label htmlFor={`${id}-role`}>Hand it to</label>
            <select id={`${id}-role`} value={assignedRole} onChange={(e) => setAssignedRole(e.target.value as MessageAssigneeRole | "")}>
              <option value="">The whole care team</option>
              {messageAssigneeRoles.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </div>
      {error ? (
        <div className="alert error" role="alert">
          {error.code === "CONFLICT" ? "The conversation changed since you opened it (a new message or another triage). It has been reloaded: check it and triage again." : error.message}
        </div>
      ) : null}
      <button className="btn secondary" type="submit" disabled={triage.isPending}>
        {triage.isPending ? "Saving…" : "Save triage"}
      </button>
    </form>
  );
}
