"use client";

import { useState, type FormEvent } from "react";
import { roleLabels, type roles } from "@stepwise/domain/role-labels";
import { Field } from "~/components/field";
import { FormAlert } from "~/components/form-alert";
import { isoDay } from "~/lib/format";
import { scheduleMeeting } from "./actions";
import type { ScheduleField } from "./schedule-check";

type Clinician = { id: string; name: string; role: (typeof roles)[number] };

/**
 * Scheduling a meeting: a plain form checked with the domain's schema (loaded on the first submit)
 * and sent as a server action; the page loads no form library or client data layer for it.
 */
export function ScheduleMeeting({ people }: { people: Clinician[] }) {
  const [errors, setErrors] = useState<Partial<Record<ScheduleField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const defaultWhen = `${isoDay(new Date(Date.now() + 864e5))}T13:00`;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const when = String(data.get("scheduledFor") ?? "");
    // A datetime-local field gives wall-clock time without an offset: it means the browser's own zone.
    const values = {
      title: String(data.get("title") ?? ""),
      scheduledFor: when ? new Date(when) : undefined,
      durationMinutes: Number(data.get("durationMinutes")),
      attendeeIds: data.getAll("attendeeIds").map(String),
    };
    const { checkSchedule } = await import("./schedule-check");
    const checked = checkSchedule(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setFormError(null);
    setPending(true);
    try {
      // On success the server opens the new meeting's room.
      setFormError(await scheduleMeeting(checked.values));
    } finally {
      setPending(false);
    }
  };
  const error = (field: ScheduleField) => (errors[field] ? { message: errors[field] } : undefined);
  return (
    <form className="card" aria-label="Schedule a meeting" noValidate onSubmit={(e) => void submit(e)}>
      <h2>Schedule a meeting</h2>
      <FormAlert message={formError} />
      <div className="form-grid">
        <Field label="Title" error={error("title")}>
          {(p) => <input {...p} name="title" defaultValue="Weekly pain team review" />}
        </Field>
        <Field label="When" error={error("scheduledFor")}>
          {(p) => <input type="datetime-local" {...p} name="scheduledFor" defaultValue={defaultWhen} />}
        </Field>
        <Field label="Minutes" error={error("durationMinutes")}>
          {(p) => <input type="number" min={15} max={480} step={15} {...p} name="durationMinutes" defaultValue={60} />}
        </Field>
      </div>
      <fieldset className="field" style={{ border: 0, padding: 0 }} aria-describedby={errors.attendeeIds ? "attendees-error" : undefined}>
        <legend style={{ fontWeight: 600, fontSize: "0.9rem" }}>Attendees</legend>
        <div className="chips">
          {people.map((p) => (
            <label key={p.id} className="chip" style={{ display: "inline-flex", gap: "0.35rem", alignItems: "center" }}>
              <input type="checkbox" name="attendeeIds" value={p.id} style={{ width: "auto", minHeight: "auto" }} />
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
      <button className="btn" type="submit" disabled={pending}>
        Schedule
      </button>
    </form>
  );
}
