"use client";

import Link from "next/link";
import { useActionState } from "react";
import { changePassword, type PasswordField, type PasswordState } from "./actions";

function PasswordInput({ name, label, hint, state, autoComplete }: { name: PasswordField; label: string; hint?: string; state: PasswordState; autoComplete: string }) {
  const error = state.field === name ? state.error : undefined;
  const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} type="password" autoComplete={autoComplete} required aria-invalid={!!error} aria-describedby={describedBy} />
      {hint ? (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="error" id={`${name}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** New password + confirmation; the current password too when a signed-in user changes theirs. */
export function PasswordForm({ forced, next }: { forced: boolean; next: string }) {
  const [state, action, pending] = useActionState<PasswordState, FormData>(changePassword, {});
  return (
    <form action={action} noValidate aria-label={forced ? "Choose a new password" : "Change your password"}>
      <input type="hidden" name="next" value={next} />
      {state.error && !state.field ? (
        <div className="alert error" role="alert">
          {state.error}
        </div>
      ) : null}
      {forced ? null : <PasswordInput name="currentPassword" label="Current password" state={state} autoComplete="current-password" />}
      <PasswordInput name="newPassword" label="New password" hint="At least 12 characters. A phrase of several words is easy to remember and hard to guess." state={state} autoComplete="new-password" />
      <PasswordInput name="confirmPassword" label="Confirm new password" state={state} autoComplete="new-password" />
      <div className="actions">
        <button className="btn" type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save new password"}
        </button>
        {forced ? null : (
          <Link className="btn secondary" href={next}>
            Cancel
          </Link>
        )}
      </div>
    </form>
  );
}
