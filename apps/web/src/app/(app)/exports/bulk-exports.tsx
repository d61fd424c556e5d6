"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { bulkExportGroupLabels, bulkExportResourceTypes, type BulkExportGroup, type BulkExportResourceType } from "@stepwise/domain";
import { FormAlert } from "~/components/form-alert";
import { fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** How often the list is read again while a job is queued or running. */
const pollMs = 1_000;

const statusLabels = { queued: "Queued", running: "Running", completed: "Ready", failed: "Failed", cancelled: "Cancelled" } as const;
const statusPill = { queued: "", running: "brand", completed: "ok", failed: "danger", cancelled: "" } as const;

const fileUrl = (jobId: string, type: string) => `/api/fhir/R4/bulk-files/${jobId}/${type}.ndjson`;
const kib = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`);

/** Start an export of a group; the jobs, their progress while they run, and their files once ready. */
export function BulkExports({ groups }: { groups: readonly BulkExportGroup[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [types, setTypes] = useState<BulkExportResourceType[]>([]);
  const [error, setError] = useState<string | null>(null);
  const jobs = useQuery({
    ...trpc.fhir.bulkExportList.queryOptions(),
    refetchInterval: (query) => (query.state.data?.some((j) => j.status === "queued" || j.status === "running") ? pollMs : false),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.fhir.bulkExportList.queryKey() });
  const start = useMutation(trpc.fhir.bulkExportStart.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorInfo(e).message) }));
  const cancel = useMutation(trpc.fhir.bulkExportCancel.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorInfo(e).message) }));
  const toggle = (type: BulkExportResourceType, on: boolean) => setTypes((current) => (on ? [...current, type] : current.filter((t) => t !== type)));

  return (
    <>
      <section className="card" aria-labelledby={`${id}-start`} style={{ marginBottom: "1.25rem" }}>
        <h2 id={`${id}-start`} style={{ fontSize: "1.1rem", marginTop: 0 }}>
          New export
        </h2>
        <details style={{ marginBottom: "0.75rem" }}>
          <summary>Resource types ({types.length === 0 ? "all" : types.length})</summary>
          <fieldset style={{ border: "none", padding: 0, margin: "0.5rem 0 0", display: "flex", flexWrap: "wrap", gap: "0.25rem 1rem" }}>
            <legend className="meta">Tick some to export only those; none exports every type.</legend>
            {bulkExportResourceTypes.map((type) => (
              <label key={type} style={{ display: "inline-flex", gap: "0.35rem", alignItems: "center" }}>
                <input type="checkbox" checked={types.includes(type)} onChange={(e) => toggle(type, e.target.checked)} />
                {type}
              </label>
            ))}
          </fieldset>
        </details>
        <FormAlert message={error} />
        <div style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
          {groups.map((groupId) => (
            <button
              key={groupId}
              className="btn"
              type="button"
              disabled={start.isPending}
              onClick={() => {
                setError(null);
                start.mutate({ groupId, types: types.length > 0 ? types : undefined });
              }}
            >
              Export: {bulkExportGroupLabels[groupId].toLowerCase()}
            </button>
          ))}
        </div>
      </section>

      <section aria-labelledby={`${id}-jobs`}>
        <h2 id={`${id}-jobs`} style={{ fontSize: "1.1rem" }}>
          Exports
        </h2>
        {jobs.isPending ? <div className="skeleton" /> : null}
        {jobs.error ? <FormAlert message={errorInfo(jobs.error).message} /> : null}
        {jobs.data?.length === 0 ? <p className="card empty">No exports yet.</p> : null}
        {jobs.data && jobs.data.length > 0 ? (
          <ul style={{ listStyle: "none", padding: 0, margin: 0, display: "grid", gap: "1rem" }} aria-label="Exports">
            {jobs.data.map((job) => {
              const active = job.status === "queued" || job.status === "running";
              return (
                <li key={job.id} className="card" aria-labelledby={`${id}-${job.id}`} data-testid="bulk-export-job">
                  <div className="section-head">
                    <h3 id={`${id}-${job.id}`} style={{ fontSize: "1rem", margin: 0 }}>
                      {bulkExportGroupLabels[job.groupId as BulkExportGroup] ?? job.groupId}
                      {job.resourceTypes.length > 0 ? <span className="meta"> · {job.resourceTypes.join(", ")}</span> : null}
                    </h3>
                    <span className={`pill ${statusPill[job.status]}`}>{statusLabels[job.status]}</span>
                  </div>
                  <p className="meta" style={{ margin: "0 0 0.5rem" }}>
                    Requested {fmtDateTime(job.requestedAt)}
                    {job.requesterName ? ` by ${job.requesterName}` : ""}
                    {job.finishedAt ? ` · finished ${fmtDateTime(job.finishedAt)}` : ""}
                  </p>
                  <div style={{ display: "flex", alignItems: "center", gap: "0.75rem", flexWrap: "wrap" }}>
                    <progress max={100} value={job.percent} aria-label="Export progress" style={{ flex: "1 1 12rem", maxWidth: "24rem" }} />
                    <span data-testid="bulk-export-progress" aria-live={active ? "polite" : undefined}>
                      {job.percent}% · {job.patientsDone} of {job.patientsTotal} patients · {job.resourcesWritten} resources written
                    </span>
                    {active ? (
                      <button className="btn secondary small" type="button" disabled={cancel.isPending} onClick={() => cancel.mutate({ jobId: job.id })}>
                        Cancel
                      </button>
                    ) : null}
                  </div>
                  {job.status === "failed" ? <p className="alert error" style={{ marginTop: "0.75rem" }}>{job.error ?? "The export could not be completed."}</p> : null}
                  {job.status === "completed" ? (
                    job.files.length === 0 ? (
                      <p className="meta">No resources to export.</p>
                    ) : (
                      <table className="table" style={{ marginTop: "0.75rem" }}>
                        <caption className="visually-hidden">Files of this export</caption>
                        <thead>
                          <tr>
                            <th scope="col">Resource type</th>
                            <th scope="col">Resources</th>
                            <th scope="col">Size</th>
                            <th scope="col">File</th>
                          </tr>
                        </thead>
                        <tbody>
                          {job.files.map((f) => (
                            <tr key={f.type}>
                              <td>{f.type}</td>
                              <td>{f.count}</td>
                              <td>{kib(f.bytes)}</td>
                              <td>
                                <a href={fileUrl(job.id, f.type)} download={`${f.type}.ndjson`}>
                                  Download {f.type}.ndjson
                                </a>
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : null}
      </section>
    </>
  );
}
