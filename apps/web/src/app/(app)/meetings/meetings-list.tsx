"use client";

import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { roleLabels } from "@stepwise/domain";
import { FormAlert } from "~/components/form";
import { fmtDateTime, isoDay } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

type Listed = RouterOutputs["meetings"]["list"]["upcoming"][number];

function MeetingTable({ meetings, empty }: { meetings: Listed[]; empty: string }) {
  if (meetings.length === 0) return <p className="meta">{empty}</p>;
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">Meeting</th>
          <th scope="col">When</th>
          <th scope="col">Cases</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {meetings.map((m) => (
          <tr key={m.id}>
            <td>
              <Link href={`/meetings/${m.id}`}>{m.title}</Link>
            </td>
            <td>{fmtDateTime(m.scheduledFor)}</td>
            <td>{m.caseCount}</td>
            <td>
              <span className={`pill ${m.status === "closed" ? "" : "brand"}`}>{m.status.replace("_", " ")}</span>{" "}
              {m.status === "closed" ? <Link href={`/meetings/${m.id}/minutes`}>minutes</Link> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function MeetingsList({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.meetings.list.queryOptions({}));
  return (
    <div className="grid">
      {canManage ? <ScheduleMeeting /> : null}
      <section className="card" aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">Upcoming</h2>
        {query.isPending ? <div className="skeleton" /> : null}
        {query.isError ? <FormAlert message={query.error.message} /> : null}
        {query.data ? <MeetingTable meetings={query.data.upcoming} empty="No meetings scheduled." /> : null}
      </section>
      <section className="card" aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recent</h2>
        {query.data ? <MeetingTable meetings={query.data.recent} empty="No recent meetings." /> : null}
      </section>
    </div>
  );
}

function ScheduleMeeting() {
  const trpc = useTRPC();
  const router = useRouter();
  const people = useQuery(trpc.directory.clinicians.queryOptions());
  const [title, setTitle] = useState("Weekly pain team review");
  const [date, setDate] = useState(isoDay(new Date(Date.now() + 864e5)));
  const [time, setTime] = useState("13:00");
  const [attendees, setAttendees] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const schedule = useMutation(trpc.meetings.schedule.mutationOptions());
  return (
    <form
      className="card"
      aria-label="Schedule a meeting"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          const meeting = await schedule.mutateAsync({ title, scheduledFor: new Date(`${date}T${time}`), durationMinutes: 60, attendeeIds: [...attendees] });
          router.push(`/meetings/${meeting.id}`);
        } catch (err) {
          setError(errorInfo(err).message);
        }
      }}
    >
      <h2>Schedule a meeting</h2>
      <FormAlert message={error} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor="m-title">Title</label>
          <input id="m-title" value={title} onChange={(e) => setTitle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="m-date">Date</label>
          <input id="m-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="m-time">Time</label>
          <input id="m-time" type="time" value={time} onChange={(e) => setTime(e.target.value)} />
        </div>
      </div>
      <fieldset className="field" style={{ border: 0, padding: 0 }}>
        <legend style={{ fontWeight: 600, fontSize: "0.9rem" }}>Attendees</legend>
        <div className="chips">
          {(people.data ?? []).map((p) => (
            <label key={p.id} className="chip" style={{ display: "inline-flex", gap: "0.35rem", alignItems: "center" }}>
              <input
                type="checkbox"
                checked={attendees.has(p.id)}
                onChange={(e) => {
                  const next = new Set(attendees);
                  if (e.target.checked) next.add(p.id);
                  else next.delete(p.id);
                  setAttendees(next);
                }}
                style={{ width: "auto", minHeight: "auto" }}
              />
              {p.name} <span className="meta">{roleLabels[p.role]}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <button className="btn" type="submit" disabled={schedule.isPending || attendees.size === 0}>
        Schedule
      </button>
    </form>
  );
}
