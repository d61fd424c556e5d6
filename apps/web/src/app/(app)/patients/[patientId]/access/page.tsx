import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { accessThroughLabels, roleLabels, type Role } from "@stepwise/domain";
import { fmtDate, fmtDateTime, humanize, isoDay } from "~/lib/format";
import { requireSession } from "~/server/session";
import { api } from "~/trpc/server";

export const metadata: Metadata = { title: "Access report" };

const day = /^\d{4}-\d{2}-\d{2}$/;
const endOfDayMs = 24 * 60 * 60 * 1000 - 1;

/** A `yyyy-mm-dd` from the address, or nothing (the report's default period). */
function dayParam(value: string | string[] | undefined): Date | undefined {
  return typeof value === "string" && day.test(value) && !Number.isNaN(Date.parse(value)) ? new Date(value) : undefined;
}

/** Through tRPC: the coordinator-of-the-team / admin check and the audit of this read live there. */
async function load(patientId: string, from: Date | undefined, to: Date | undefined) {
  try {
    return await (await api()).audit.patientReport({ patientId, from, to: to ? new Date(to.getTime() + endOfDayMs) : undefined });
  } catch (error) {
    if (error instanceof TRPCError && ["NOT_FOUND", "FORBIDDEN", "BAD_REQUEST"].includes(error.code)) notFound();
    throw error;
  }
}

const roleLabel = (role: string | null) => (role && role in roleLabels ? roleLabels[role as Role] : (role ?? "—"));
const throughLabel = (through: string) => accessThroughLabels[through] ?? humanize(through);

export default async function AccessReportPage({ params, searchParams }: { params: Promise<{ patientId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { user } = await requireSession();
  const { patientId } = await params;
  const query = await searchParams;
  const report = await load(patientId, dayParam(query.from), dayParam(query.to));
  const { patient } = report;
  return (
    <div className="grid">
      <section className="card" aria-labelledby="access-heading">
        <h1 id="access-heading">
          Access report: {patient.givenName} {patient.familyName}
        </h1>
        <p className="meta">
          MRN <span className="mono">{patient.mrn}</span> · born {fmtDate(patient.dateOfBirth)} · every user who read or changed this record from {fmtDate(report.from)} to {fmtDate(report.to)}.
          Looking at this report is itself recorded.
        </p>
        <form className="form-grid" aria-label="Report period" method="get">
          <div className="field">
            <label htmlFor="access-from">From</label>
            <input id="access-from" name="from" type="date" defaultValue={isoDay(report.from)} />
          </div>
          <div className="field">
            <label htmlFor="access-to">To</label>
            <input id="access-to" name="to" type="date" defaultValue={isoDay(report.to)} />
          </div>
          <div className="field" style={{ alignSelf: "end" }}>
            <button className="btn" type="submit">
              Show
            </button>
          </div>
        </form>
        <div className="actions">
          {user.role === "admin" ? (
            <Link className="btn secondary" href="/">
              Back to the audit log
            </Link>
          ) : (
            <Link className="btn secondary" href={`/patients/${patient.id}`}>
              Back to the care plan
            </Link>
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="access-users-heading">
        <h2 id="access-users-heading">Who</h2>
        {report.users.length === 0 ? (
          <p className="meta">No one read or changed this record in the period.</p>
        ) : (
          <table className="table" data-testid="access-users">
            <thead>
              <tr>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Through</th>
                <th scope="col">Accesses</th>
                <th scope="col">First</th>
                <th scope="col">Last</th>
                <th scope="col" className="hide-narrow">
                  Actions
                </th>
              </tr>
            </thead>
            <tbody>
              {report.users.map((u) => (
                <tr key={u.actorId ?? "unknown"}>
                  <td>{u.actorName ?? "—"}</td>
                  <td>{roleLabel(u.actorRole)}</td>
                  <td>{u.through.map(throughLabel).join(", ")}</td>
                  <td>{u.accesses}</td>
                  <td>{fmtDateTime(u.first)}</td>
                  <td>{fmtDateTime(u.last)}</td>
                  <td className="hide-narrow mono">{u.actions.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {report.accesses.length > 0 ? (
        <section className="card" aria-labelledby="access-log-heading">
          <h2 id="access-log-heading">Every access</h2>
          {report.truncated ? <p className="meta">More accesses than shown: the newest {report.accesses.length}. Choose a shorter period to see the rest.</p> : null}
          <table className="table" data-testid="access-log">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">User</th>
                <th scope="col">Role</th>
                <th scope="col">Action</th>
                <th scope="col">Through</th>
              </tr>
            </thead>
            <tbody>
              {report.accesses.map((a) => (
                <tr key={a.id}>
                  <td>{fmtDateTime(a.at)}</td>
                  <td>{a.actorName ?? "—"}</td>
                  <td>{roleLabel(a.actorRole)}</td>
                  <td className="mono">{a.action}</td>
                  <td>{throughLabel(a.through)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
