"use client";

import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type Resolver } from "react-hook-form";
import type { z } from "zod";
import { roleLabels, scheduleMeetingInputSchema, type ScheduleMeetingInput } from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { fmtDateTime, isoDay } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
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

type ScheduleValues = z.input<typeof scheduleMeetingInputSchema>;
const scheduleSchemaResolver = zodResolver(scheduleMeetingInputSchema);
/** A datetime-local field gives wall-clock time without an offset: it means the browser's own zone. */
const scheduleResolver: Resolver<ScheduleValues, unknown, ScheduleMeetingInput> = (values, context, options) =>
  scheduleSchemaResolver({ ...values, scheduledFor: typeof values.scheduledFor === "string" && values.scheduledFor ? new Date(values.scheduledFor) : values.scheduledFor }, context, options);

function ScheduleMeeting() {
  const trpc = useTRPC();
  const router = useRouter();
  const people = useQuery(trpc.directory.clinicians.queryOptions());
  const form = useForm<ScheduleValues, unknown, ScheduleMeetingInput>({
    resolver: scheduleResolver,
    defaultValues: { title: "Weekly pain team review", scheduledFor: `${isoDay(new Date(Date.now() + 864e5))}T13:00`, durationMinutes: 60, attendeeIds: [] },
  });
  const schedule = useMutation(trpc.meetings.schedule.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    const meeting = await schedule.mutateAsync(values);
    router.push(`/meetings/${meeting.id}`);
  });
  const errors = form.formState.errors;
  return (
    <form className="card" aria-label="Schedule a meeting" noValidate onSubmit={onSubmit}>
      <h2>Schedule a meeting</h2>
      <FormAlert message={formError} />
      <div className="form-grid">
        <Field label="Title" error={errors.title}>
          {(p) => <input {...p} {...form.register("title")} />}
        </Field>
        <Field label="When" error={errors.scheduledFor}>
          {(p) => <input type="datetime-local" {...p} {...form.register("scheduledFor")} />}
        </Field>
        <Field label="Minutes" error={errors.durationMinutes}>
          {(p) => <input type="number" min={15} max={480} step={15} {...p} {...form.register("durationMinutes", { valueAsNumber: true })} />}
        </Field>
      </div>
      <fieldset className="field" style={{ border: 0, padding: 0 }} aria-describedby={errors.attendeeIds ? "attendees-error" : undefined}>
        <legend style={{ fontWeight: 600, fontSize: "0.9rem" }}>Attendees</legend>
        <div className="chips">
          {(people.data ?? []).map((p) => (
            <label key={p.id} className="chip" style={{ display: "inline-flex", gap: "0.35rem", alignItems: "center" }}>
              <input type="checkbox" value={p.id} {...form.register("attendeeIds")} style={{ width: "auto", minHeight: "auto" }} />
              {p.name} <span className="meta">{roleLabels[p.role]}</span>
            </label>
          ))}
        </div>
        {errors.attendeeIds ? (
          <span className="error" id="attendees-error" role="alert">
            Choose at least one attendee.
          </span>
        ) : null}
      </fieldset>
      <button className="btn" type="submit" disabled={schedule.isPending}>
        Schedule
      </button>
    </form>
  );
}
