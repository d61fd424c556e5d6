"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState, useTransition, type FormEvent } from "react";
import { emergencyAccessPolicy, emergencyReasonLabels, emergencyReasons, reasonAllowsWriting, type EmergencyReason } from "@stepwise/domain/emergency-access-text";
import { FormAlert } from "~/components/form-alert";
import { fmtDate, fmtDateTime } from "~/lib/format";
import { lookupPatient, openEmergencyAccess } from "./actions";

type Found = { id: string; givenName: string; familyName: string; dateOfBirth: string; mrn: string };
type Lookup = { found: Found | null; ambiguous: boolean; access: "care_team" | "emergency_access" | "none" | null; grantExpiresAt: Date | null; secondFactor: boolean };

/** Find exactly one patient, confirm who it is, then declare the reason and re-enter the password. */
export function EmergencyAccessFlow() {
  const [result, setResult] = useState<Lookup | null>(null);
  return (
    <div className="grid">
      <LookupForm onResult={setResult} />
      {result ? <LookupResult result={result} /> : null}
    </div>
  );
}

function LookupForm({ onResult }: { onResult: (r: Lookup | null) => void }) {
  const id = useId();
  const [by, setBy] = useState<"mrn" | "name">("mrn");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => String(data.get(name) ?? "").trim();
    const input = by === "mrn" ? { mrn: text("mrn") } : { givenName: text("givenName"), familyName: text("familyName"), dateOfBirth: text("dateOfBirth") };
    setError(null);
    setBusy(true);
    onResult(null);
    try {
      const answer = await lookupPatient(input);
      if ("refusal" in answer) setError(answer.refusal.message);
      else onResult(answer.result);
    } catch {
      setError("Something went wrong. Try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Find the patient</h2>
      <p className="meta">Only an exact match is shown: the MRN, or the full first and last name with the date of birth. There is no browsing.</p>
      <form onSubmit={submit} noValidate>
        <fieldset className="choice" style={{ border: 0, padding: 0, margin: "0 0 0.9rem" }}>
          <legend className="visually-hidden">Find by</legend>
          <label style={{ marginRight: "1rem" }}>
            <input type="radio" name="by" value="mrn" checked={by === "mrn"} onChange={() => setBy("mrn")} style={{ width: "auto", minHeight: 0 }} /> By MRN
          </label>
          <label>
            <input type="radio" name="by" value="name" checked={by === "name"} onChange={() => setBy("name")} style={{ width: "auto", minHeight: 0 }} /> By name and date of birth
          </label>
        </fieldset>
        {by === "mrn" ? (
          <div className="field">
            <label htmlFor={`${id}-mrn`}>MRN</label>
            <input id={`${id}-mrn`} name="mrn" autoComplete="off" required />
          </div>
        ) : (
          <div className="grid two">
            <div className="field">
              <label htmlFor={`${id}-given`}>First name</label>
              <input id={`${id}-given`} name="givenName" autoComplete="off" required />
            </div>
            <div className="field">
              <label htmlFor={`${id}-family`}>Last name</label>
              <input id={`${id}-family`} name="familyName" autoComplete="off" required />
            </div>
            <div className="field">
              <label htmlFor={`${id}-dob`}>Date of birth</label>
              <input id={`${id}-dob`} name="dateOfBirth" type="date" required />
            </div>
          </div>
        )}
        <FormAlert message={error} />
        <button className="btn" type="submit" disabled={busy}>
          {busy ? "Searching…" : "Find patient"}
        </button>
      </form>
    </section>
  );
}

function LookupResult({ result }: { result: Lookup }) {
  const patient = result.found;
  if (!patient) {
    return (
      <section className="card" aria-live="polite">
        <p style={{ margin: 0 }}>{result.ambiguous ? "More than one patient matches that name and date of birth. Search by MRN instead." : "No patient matches exactly. Check the spelling, the date of birth or the MRN."}</p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="confirm-heading" aria-live="polite">
      <h2 id="confirm-heading">Is this the patient?</h2>
      <dl className="identity" style={{ display: "flex", gap: "1.5rem", flexWrap: "wrap", margin: "0 0 1rem" }}>
        <div>
          <dt className="meta">Name</dt>
          <dd style={{ margin: 0 }}>
            <strong>
              {patient.givenName} {patient.familyName}
            </strong>
          </dd>
        </div>
        <div>
          <dt className="meta">Date of birth</dt>
          <dd style={{ margin: 0 }}>{fmtDate(patient.dateOfBirth)}</dd>
        </div>
        <div>
          <dt className="meta">MRN</dt>
          <dd className="mono" style={{ margin: 0 }}>
            {patient.mrn}
          </dd>
        </div>
      </dl>
      {result.access === "care_team" ? (
        <p>
          You are on this patient&apos;s care team. <Link href={`/patients/${patient.id}`}>Open the plan</Link>
        </p>
      ) : result.access === "emergency_access" ? (
        <p>
          You already have emergency access until {fmtDateTime(result.grantExpiresAt)}. <Link href={`/patients/${patient.id}`}>Open the plan</Link>
        </p>
      ) : (
        <OpenForm patient={patient} secondFactor={result.secondFactor} />
      )}
    </section>
  );
}

function OpenForm({ patient, secondFactor }: { patient: Found; secondFactor: boolean }) {
  const router = useRouter();
  const id = useId();
  const [reason, setReason] = useState<EmergencyReason | "">("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const reasonText = String(data.get("reasonText") ?? "").trim();
    const errors: Record<string, string> = {};
    if (!reason) errors.reason = "Choose a reason.";
    if (reasonText.length < emergencyAccessPolicy.reasonTextMinLength) errors.reasonText = `Say why in at least ${emergencyAccessPolicy.reasonTextMinLength} characters.`;
    if (!data.get("password")) errors.password = "Enter your password.";
    if (secondFactor && !String(data.get("code") ?? "").trim()) errors.code = "Enter the code from your authenticator app.";
    setFieldErrors(errors);
    setError(null);
    if (Object.keys(errors).length > 0 || !reason) return;
    const input = {
      patientId: patient.id,
      reason,
      reasonText,
      password: String(data.get("password")),
      ...(secondFactor ? { code: String(data.get("code") ?? "").trim() } : {}),
    };
    startTransition(async () => {
      let refusal;
      try {
        refusal = await openEmergencyAccess(input);
      } catch {
        setError("Something went wrong. Try again.");
        return;
      }
      if (!refusal) {
        router.push(`/patients/${patient.id}`);
        return;
      }
      const field = refusal.field?.split(".")[0];
      if (field && ["password", "code", "reasonText", "reason"].includes(field)) setFieldErrors({ [field]: refusal.message.replace(/^[\w.]+: /, "") });
      else setError(refusal.message);
    });
  }

  const described = (name: string, hint?: boolean) => [hint ? `${id}-${name}-hint` : null, fieldErrors[name] ? `${id}-${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const errorOf = (name: string) =>
    fieldErrors[name] ? (
      <span className="error" id={`${id}-${name}-error`} role="alert">
        {fieldErrors[name]}
      </span>
    ) : null;

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Open emergency access</h3>
      <div className="field">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <select id={`${id}-reason`} name="reason" value={reason} onChange={(e) => setReason(e.target.value as EmergencyReason)} aria-invalid={!!fieldErrors.reason} aria-describedby={described("reason", true)}>
          <option value="">Choose…</option>
          {emergencyReasons.map((r) => (
            <option key={r} value={r}>
              {emergencyReasonLabels[r]}
            </option>
          ))}
        </select>
        <span className="hint" id={`${id}-reason-hint`}>
          {reason && reasonAllowsWriting(reason) ? "A clinical emergency lets you change the record as your role normally may." : "Read-only: only a clinical emergency allows changes. Psychotherapy notes are never included."}
        </span>
        {errorOf("reason")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-text`}>Why you need this record now</label>
        <textarea id={`${id}-text`} name="reasonText" rows={3} maxLength={emergencyAccessPolicy.reasonTextMaxLength} aria-invalid={!!fieldErrors.reasonText} aria-describedby={described("reasonText", true)} />
        <span className="hint" id={`${id}-reasonText-hint`}>
          The care team and the reviewer read this.
        </span>
        {errorOf("reasonText")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Your password</label>
        <input id={`${id}-password`} name="password" type="password" autoComplete="current-password" aria-invalid={!!fieldErrors.password} aria-describedby={described("password")} />
        {errorOf("password")}
      </div>
      {secondFactor ? (
        <div className="field">
          <label htmlFor={`${id}-code`}>Authenticator code</label>
          <input id={`${id}-code`} name="code" inputMode="numeric" autoComplete="one-time-code" aria-invalid={!!fieldErrors.code} aria-describedby={described("code")} />
          {errorOf("code")}
        </div>
      ) : null}
      <FormAlert message={error} />
      <button className="btn danger" type="submit" disabled={pending}>
        {pending ? "Opening…" : `Open for ${emergencyAccessPolicy.grantMinutes} minutes`}
      </button>
    </form>
  );
}
