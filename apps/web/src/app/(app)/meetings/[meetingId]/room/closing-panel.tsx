"use client";

import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { disciplineLabels } from "@stepwise/domain/meeting-text";
import { FormAlert } from "~/components/form-alert";
import { fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useRefreshMeeting, type Meeting } from "./shared";

/**
 * Closing writes the minutes. It waits for the scheduled start (the server refuses earlier too, and
 * its answer is shown if the clocks disagree); without quorum the chair says so explicitly. One
 * checkbox and a button: `meetings.close` checks the input, its refusal shown where it belongs.
 */
export function ClosingPanel({ meeting }: { meeting: Meeting }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting();
  const [acknowledged, setAcknowledged] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [acknowledgeError, setAcknowledgeError] = useState<string | null>(null);
  const close = useMutation(trpc.meetings.close.mutationOptions());
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    setAcknowledgeError(null);
    try {
      await close.mutateAsync({ meetingId: meeting.meeting.id, expectedVersion: meeting.meeting.version, acknowledgeNoQuorum: acknowledged });
      await refresh();
    } catch (error) {
      const info = errorInfo(error);
      if (info.code === "BAD_REQUEST" && info.field?.split(".")[0] === "acknowledgeNoQuorum") setAcknowledgeError(info.message.replace(/^[\w.]+: /, ""));
      else setFormError(info.message);
    }
  };
  // The server judges the start by its own clock; the panel is shown to whoever runs the meeting, so
  // a refusal here means it has not started yet.
  const started = meeting.viewer.allowed.close;
  const pending = meeting.cases.filter((c) => c.status === "pending").length;
  const blocked = !started ? `It closes after its scheduled start, ${fmtDateTime(meeting.meeting.scheduledFor)}.` : !meeting.quorum.met && !acknowledged ? "Without quorum, tick the acknowledgement first." : null;
  return (
    <form className="card" aria-label="Close the meeting" noValidate onSubmit={(event) => void submit(event)}>
      <h2>Close the meeting</h2>
      <FormAlert message={formError} />
      {pending > 0 ? <p className="alert warn">{pending} case{pending === 1 ? "" : "s"} not discussed will carry over to the next meeting.</p> : null}
      {meeting.quorum.met ? (
        <p className="meta">Quorum met: {meeting.quorum.policy.toLowerCase()}.</p>
      ) : (
        <div className="field">
          <label className="chip" style={{ display: "inline-flex", gap: "0.5rem", alignItems: "center" }}>
            <input type="checkbox" name="acknowledgeNoQuorum" checked={acknowledged} onChange={(e) => setAcknowledged(e.target.checked)} style={{ width: "auto", minHeight: "auto" }} />
            Close without quorum (missing: {meeting.quorum.missing.map((d) => disciplineLabels[d].toLowerCase()).join(", ")}); the minutes record it
          </label>
          {acknowledgeError ? (
            <span className="error" role="alert">
              {acknowledgeError}
            </span>
          ) : null}
        </div>
      )}
      {blocked ? (
        <p className="meta" id="close-blocked">
          {blocked}
        </p>
      ) : null}
      <button className="btn" type="submit" disabled={close.isPending || blocked !== null} aria-describedby={blocked ? "close-blocked" : undefined}>
        Close and write the minutes
      </button>
    </form>
  );
}
