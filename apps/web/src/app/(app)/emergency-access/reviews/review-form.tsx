"use client";

import { useId, useState, type FormEvent } from "react";
import { emergencyAccessPolicy } from "@stepwise/domain/emergency-access-text";
import { FormAlert } from "~/components/form-alert";
import { reviewGrant } from "./actions";

/** The reviewer's note on one use, sent as a server action (the review procedure's gate and audit); the queue is read again after. */
export function ReviewForm({ grantId, expectedVersion }: { grantId: string; expectedVersion: number }) {
  const id = useId();
  const [note, setNote] = useState("");
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    if (note.trim().length < emergencyAccessPolicy.reviewNoteMinLength) {
      setNoteError(`Write what you concluded (at least ${emergencyAccessPolicy.reviewNoteMinLength} characters).`);
      return;
    }
    setNoteError(null);
    setPending(true);
    try {
      setError(await reviewGrant({ grantId, expectedVersion, note: note.trim() }));
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate style={{ marginTop: "0.75rem" }}>
      <div className="field">
        <label htmlFor={`${id}-note`}>Review note</label>
        <textarea
          id={`${id}-note`}
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={emergencyAccessPolicy.reviewNoteMaxLength}
          aria-invalid={!!noteError}
          aria-describedby={noteError ? `${id}-note-error` : undefined}
        />
        {noteError ? (
          <span className="error" id={`${id}-note-error`} role="alert">
            {noteError}
          </span>
        ) : null}
      </div>
      <FormAlert message={error} />
      <button className="btn" type="submit" disabled={pending}>
        Mark reviewed
      </button>
    </form>
  );
}
