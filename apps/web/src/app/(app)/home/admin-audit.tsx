"use client";

import Link from "next/link";
import { useState, useTransition, type FormEvent } from "react";
import { Field } from "~/components/field";
import { FormAlert } from "~/components/form-alert";
import { fmtDateTime } from "~/lib/format";
import { readAuditLog, type AuditFilterFields, type AuditPage } from "./admin-actions";

/** The server sends the detail already through the allow-list: free text arrives as "text withheld". */
function detailText(detail: Record<string, unknown> | null): string {
  if (!detail) return "—";
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("; ");
}

const filterFields = ["patientId", "actorId", "action", "from", "to"] as const;

/**
 * The audit log: its newest page arrives with the home; filtering and older pages are read through
 * `admin.audit` by a server action (each viewing recorded), its refusal shown beside the field it names.
 */
export function AdminAudit({ people, first }: { people: { id: string; name: string }[]; first: AuditPage }) {
  const [filter, setFilter] = useState<AuditFilterFields>({});
  const [pages, setPages] = useState<AuditPage[]>([first]);
  const [errors, setErrors] = useState<Partial<Record<(typeof filterFields)[number], string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const names = new Map(people.map((u) => [u.id, u.name]));
  const rows = pages.flatMap((p) => p.items);
  const next = pages.at(-1)?.nextCursor ?? null;

  const read = (wanted: AuditFilterFields, cursor: number | null) =>
    startTransition(async () => {
      setErrors({});
      setError(null);
      const result = await readAuditLog(wanted, cursor);
      if ("page" in result) {
        setFilter(wanted);
        setPages((shown) => (cursor === null ? [result.page] : [...shown, result.page]));
        return;
      }
      const field = result.refusal.field?.split(".")[0] as (typeof filterFields)[number] | undefined;
      if (field && filterFields.includes(field)) setErrors({ [field]: result.refusal.message.replace(/^[\w.]+: /, "") });
      else setError(result.refusal.message);
    });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    read(Object.fromEntries(filterFields.map((name) => [name, String(data.get(name) ?? "")])) as AuditFilterFields, null);
  };
  const fieldError = (name: (typeof filterFields)[number]) => (errors[name] ? { message: errors[name] } : undefined);

  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <p className="meta">Every sign-in and every read or write of patient data. Viewing this log is itself recorded.</p>
      <form className="form-grid" aria-label="Filter the audit log" noValidate onSubmit={submit}>
        <Field label="Patient id" error={fieldError("patientId")}>
          {(p) => <input {...p} name="patientId" />}
        </Field>
        <Field label="User" error={fieldError("actorId")}>
          {(p) => (
            <select {...p} name="actorId" defaultValue="">
              <option value="">Anyone</option>
              {people.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Action" error={fieldError("action")}>
          {(p) => <input placeholder="e.g. carePlan.get" {...p} name="action" />}
        </Field>
        <Field label="From" error={fieldError("from")}>
          {(p) => <input type="date" {...p} name="from" />}
        </Field>
        <Field label="To" error={fieldError("to")}>
          {(p) => <input type="date" {...p} name="to" />}
        </Field>
        <div className="field" style={{ alignSelf: "end" }}>
          <button className="btn" type="submit" disabled={pending}>
            Filter
          </button>
        </div>
      </form>
      <FormAlert message={error} />
      {rows.length === 0 ? <p className="meta">No entries match.</p> : null}
      {rows.length > 0 ? (
        <table className="table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col" className="hide-narrow">
                Patient
              </th>
              <th scope="col" className="hide-narrow">
                Entity
              </th>
              <th scope="col" className="hide-narrow">
                Detail
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{fmtDateTime(r.at)}</td>
                <td>{r.actorId ? (names.get(r.actorId) ?? r.actorId) : "—"}</td>
                <td className="mono">{r.action}</td>
                <td>
                  <span className={`pill ${r.outcome === "success" ? "ok" : r.outcome === "denied" ? "danger" : "warn"}`}>{r.outcome}</span>
                </td>
                <td className="hide-narrow mono">
                  {r.patientId ? (
                    <Link href={`/patients/${r.patientId}/access`} title="Who saw this patient: the access report">
                      {r.patientId.slice(0, 8)}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="hide-narrow">{r.entityType ?? "—"}</td>
                <td className="hide-narrow mono" data-testid="audit-detail">
                  {detailText(r.detail)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {next !== null ? (
        <button className="btn secondary small" type="button" onClick={() => read(filter, next)} disabled={pending}>
          Older entries
        </button>
      ) : null}
    </section>
  );
}
