"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type ChangeEvent, type FormEvent } from "react";
import { fhirImportLimits } from "@stepwise/domain";
import { FormAlert } from "~/components/form-alert";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

type Action = "create" | "update" | "skip" | "error";
interface Entry {
  position: number;
  resourceType: string;
  label: string;
  action: Action;
  target: string | null;
  reason: string | null;
  warnings: string[];
}
interface Preview {
  patient: { id: string | null; action: "create" | "match"; name: string; mrn: string };
  entries: Entry[];
  counts: Record<Action, number>;
  fingerprint: string;
}

const actionWords: Record<Action, string> = { create: "Add", update: "Update", skip: "Skip", error: "Cannot import" };
const targetWords: Record<string, string> = {
  patient: "a patient",
  problem: "a problem",
  allergy: "an allergy (safety profile)",
  medication: "a medication",
  assessment: "a score",
  procedure: "a performed procedure",
};
const MB = 1024 * 1024;

/** Choose a file → preview → import → the patient's plan. */
export function ImportFlow() {
  const trpc = useTRPC();
  const id = useId();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const previewMutation = useMutation(trpc.fhir.importPreview.mutationOptions());
  const commitMutation = useMutation(trpc.fhir.importCommit.mutationOptions());

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    setPreview(null);
    setError(null);
    commitMutation.reset();
    const chosen = event.currentTarget.files?.[0];
    if (!chosen) return setFile(null);
    if (chosen.size > fhirImportLimits.maxBundleChars) {
      setFile(null);
      return setError(`The file is larger than ${fhirImportLimits.maxBundleChars / MB} MB: export one patient's record at a time.`);
    }
    setFile({ name: chosen.name, text: await chosen.text() });
  }

  async function runPreview(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return setError("Choose the FHIR Bundle (.json) the EHR exported.");
    setError(null);
    setPreview(null);
    commitMutation.reset();
    try {
      setPreview(await previewMutation.mutateAsync({ bundleJson: file.text }));
    } catch (e) {
      setError(errorInfo(e).message);
    }
  }

  async function runImport() {
    if (!file || !preview) return;
    setError(null);
    try {
      await commitMutation.mutateAsync({ bundleJson: file.text, fingerprint: preview.fingerprint });
    } catch (e) {
      const info = errorInfo(e);
      setError(info.message);
      if (info.code === "CONFLICT") setPreview(null);
    }
  }

  const done = commitMutation.data;
  const taken = preview ? preview.counts.create + preview.counts.update : 0;
  return (
    <div className="grid">
      <section className="card" aria-labelledby={`${id}-choose`}>
        <h2 id={`${id}-choose`}>1. Choose the file</h2>
        <form onSubmit={runPreview} noValidate>
          <div className="field">
            <label htmlFor={`${id}-file`}>FHIR R4 Bundle (.json)</label>
            <input id={`${id}-file`} name="bundle" type="file" accept=".json,application/json,application/fhir+json" onChange={choose} aria-describedby={`${id}-hint`} />
            <p className="meta" id={`${id}-hint`}>
              One patient&apos;s record as the EHR exports it (a collection, transaction or searchset bundle), up to {fhirImportLimits.maxBundleChars / MB} MB.
            </p>
          </div>
          <button className="btn" type="submit" disabled={!file || previewMutation.isPending}>
            {previewMutation.isPending ? "Reading the file…" : "Preview"}
          </button>
        </form>
      </section>

      <FormAlert message={error} />

      {preview && !done ? (
        <section className="card" aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`}>2. Check what would happen</h2>
          <p>
            {preview.patient.action === "create" ? (
              <>
                A new patient: <strong>{preview.patient.name}</strong>, MRN {preview.patient.mrn}.
              </>
            ) : (
              <>
                Adds to the record of <strong>{preview.patient.name}</strong>, MRN {preview.patient.mrn}.
              </>
            )}{" "}
            {preview.counts.create} to add, {preview.counts.update} to update, {preview.counts.skip} skipped, {preview.counts.error} that cannot be imported.
          </p>
          <div style={{ overflowX: "auto" }}>
            <table className="table">
              <caption className="visually-hidden">What importing {file?.name ?? "the file"} would do, entry by entry</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Entry</th>
                  <th scope="col">What happens</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {preview.entries.map((entry) => (
                  <tr key={entry.position}>
                    <td>{entry.position}</td>
                    <td>
                      {entry.label}
                      <div className="meta">{entry.resourceType}</div>
                    </td>
                    <td>
                      <span className={`pill ${entry.action === "error" ? "danger" : entry.action === "skip" ? "" : entry.action === "update" ? "brand" : "ok"}`}>{actionWords[entry.action]}</span>
                      {entry.target && entry.action !== "skip" ? <div className="meta">as {targetWords[entry.target] ?? entry.target}</div> : null}
                    </td>
                    <td>
                      {entry.reason ? <div>{entry.reason}</div> : null}
                      {entry.warnings.map((w) => (
                        <div key={w} className="meta">
                          <strong>Note:</strong> {w}
                        </div>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="meta">Entries that cannot be imported are left out; everything else is saved together, or nothing is.</p>
          <button className="btn" type="button" onClick={runImport} disabled={commitMutation.isPending || (taken === 0 && preview.patient.action === "match")}>
            {commitMutation.isPending ? "Importing…" : taken === 0 && preview.patient.action === "match" ? "Nothing to import" : `Import ${taken} ${taken === 1 ? "entry" : "entries"}`}
          </button>
        </section>
      ) : null}

      {done ? (
        <section className="card" aria-labelledby={`${id}-done`} role="status">
          <h2 id={`${id}-done`}>Imported</h2>
          <p>
            {done.patientCreated ? "New patient created. " : ""}
            {done.created} added, {done.updated} updated, {done.skipped} skipped{done.errors > 0 ? `, ${done.errors} not imported` : ""}.
          </p>
          <Link className="btn" href={`/patients/${done.patientId}`}>
            Open {preview?.patient.name ?? "the patient"}&apos;s plan
          </Link>
        </section>
      ) : null}
    </div>
  );
}
