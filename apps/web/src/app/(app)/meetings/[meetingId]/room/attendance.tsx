"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { defaultQuorumPolicy, disciplineLabels } from "@stepwise/domain/meeting-text";
import type { Role } from "@stepwise/domain";
import { roleLabels } from "@stepwise/domain/role-labels";
import { FormAlert } from "~/components/form-alert";
import { fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useRefreshMeeting, type Meeting } from "./shared";

/** "Quorum: physician ✓, physical therapist ✗ …", against the clinic's policy. */
export function QuorumLine({ meeting }: { meeting: Meeting }) {
  const { quorum } = meeting;
  return (
    <p className={`alert ${quorum.met ? "info" : "warn"}`} data-testid="quorum">
      <strong>Quorum{quorum.met ? " met" : " not met"}:</strong>{" "}
      {defaultQuorumPolicy.required.map((d, i) => (
        <span key={d}>
          {i > 0 ? ", " : ""}
          {disciplineLabels[d].toLowerCase()} {quorum.missing.includes(d) ? "✗" : "✓"}
        </span>
      ))}
      <span className="meta"> — {quorum.policy}</span>
    </p>
  );
}

/**
 * Who is in the room: the chair ticks each attendee present (nobody starts ticked), and each
 * attendee signs off for themselves once marked present.
 */
export function Attendance({ meeting, userId }: { meeting: Meeting; userId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting();
  const [error, setError] = useState<string | null>(null);
  const onError = (e: unknown) => setError(errorInfo(e).message);
  const mark = useMutation(trpc.meetings.markAttendance.mutationOptions({ onSuccess: refresh, onError }));
  const signOff = useMutation(trpc.meetings.signOff.mutationOptions({ onSuccess: refresh, onError }));
  const { allowed } = meeting.viewer;
  const me = meeting.attendees.find((a) => a.userId === userId);
  return (
    <section className="card" aria-labelledby="attendees-heading">
      <h2 id="attendees-heading">Attendance and sign-off</h2>
      <p className="meta">
        Chair: {meeting.meeting.chair.name}
        {meeting.meeting.recorder ? ` · Recorder: ${meeting.meeting.recorder.name}` : ""}
      </p>
      <FormAlert message={error} />
      <table className="table" data-testid="attendance">
        <thead>
          <tr>
            <th scope="col">Attendee</th>
            <th scope="col">Present</th>
            <th scope="col">Signed off</th>
          </tr>
        </thead>
        <tbody>
          {meeting.attendees.map((a) => (
            <tr key={a.userId}>
              <td>
                {a.name} <span className="pill">{roleLabels[a.role as Role] ?? a.role}</span>
              </td>
              <td>
                {allowed.markAttendance ? (
                  <input
                    type="checkbox"
                    aria-label={`${a.name} present`}
                    checked={a.attended === true}
                    disabled={mark.isPending}
                    onChange={(e) => mark.mutate({ meetingId: meeting.meeting.id, userId: a.userId, attended: e.target.checked, expectedVersion: a.version })}
                    style={{ width: "auto", minHeight: "auto" }}
                  />
                ) : a.attended === true ? (
                  "present"
                ) : a.attended === false ? (
                  "absent"
                ) : (
                  <span className="meta">not marked</span>
                )}
              </td>
              <td>{a.signedOffAt ? fmtDateTime(a.signedOffAt) : <span className="meta">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <QuorumLine meeting={meeting} />
      {me && !me.signedOffAt ? (
        allowed.signOff ? (
          <button className="btn" type="button" disabled={signOff.isPending} onClick={() => signOff.mutate({ meetingId: meeting.meeting.id })}>
            Sign off this meeting
          </button>
        ) : (
          <p className="meta">You sign off once the chair marks you present and the meeting has started.</p>
        )
      ) : null}
    </section>
  );
}
