"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { closeMeetingInputSchema, disciplineLabels } from "@stepwise/domain";
import { FormAlert, useServerSubmit } from "~/components/form";
import { fmtDateTime } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { useRefreshMeeting, type Meeting } from "./shared";

/**
 * Closing writes the minutes. It waits for the scheduled start (the server refuses earlier too, and
 * its answer is shown if the clocks disagree); without quorum the chair says so explicitly.
 */
export function ClosingPanel({ meeting }: { meeting: Meeting }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting();
  const form = useForm<z.input<typeof closeMeetingInputSchema>, unknown, z.output<typeof closeMeetingInputSchema>>({
    resolver: zodResolver(closeMeetingInputSchema),
    defaultValues: { meetingId: meeting.meeting.id, expectedVersion: meeting.meeting.version, acknowledgeNoQuorum: false },
  });
  const close = useMutation(trpc.meetings.close.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await close.mutateAsync({ ...values, expectedVersion: meeting.meeting.version });
    await refresh();
  });
  // The server judges the start by its own clock; the panel is shown to whoever runs the meeting, so
  // a refusal here means it has not started yet.
  const started = meeting.viewer.allowed.close;
  const acknowledged = form.watch("acknowledgeNoQuorum");
  const pending = meeting.cases.filter((c) => c.status === "pending").length;
  const blocked = !started ? `It closes after its scheduled start, ${fmtDateTime(meeting.meeting.scheduledFor)}.` : !meeting.quorum.met && !acknowledged ? "Without quorum, tick the acknowledgement first." : null;
  return (
    <form className="card" aria-label="Close the meeting" noValidate onSubmit={onSubmit}>
      <h2>Close the meeting</h2>
      <FormAlert message={formError} />
      {pending > 0 ? <p className="alert warn">{pending} case{pending === 1 ? "" : "s"} not discussed will carry over to the next meeting.</p> : null}
      {meeting.quorum.met ? (
        <p className="meta">Quorum met: {meeting.quorum.policy.toLowerCase()}.</p>
      ) : (
        <div className="field">
          <label className="chip" style={{ display: "inline-flex", gap: "0.5rem", alignItems: "center" }}>
            <input type="checkbox" {...form.register("acknowledgeNoQuorum")} style={{ width: "auto", minHeight: "auto" }} />
            Close without quorum (missing: {meeting.quorum.missing.map((d) => disciplineLabels[d].toLowerCase()).join(", ")}); the minutes record it
          </label>
          {form.formState.errors.acknowledgeNoQuorum?.message ? (
            <span className="error" role="alert">
              {form.formState.errors.acknowledgeNoQuorum.message}
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
