"use client";

import { useActionState } from "react";
import { acceptInvitation, type InviteField, type InviteState } from "./actions";

function FieldError({ state, field }: { state: InviteState; field: InviteField }) {
  return state.field === field && state.error ? (
    <span className="error" id={`${field}-error`} role="alert">
      {state.error}
    </span>
  ) : null;
}

export function InviteForm({ code }: { code: string }) {
  const [state, action, pending] = useActionState<InviteState, FormData>(acceptInvitation, { code });
  const invalid = (field: InviteField) => (state.field === field ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {});
  return (
    <form action={action} noValidate className="invite-form">
      <div className="field">
        <label htmlFor="code">Invitation code</label>
        <input id="code" name="code" autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} required defaultValue={state.code} {...invalid("code")} />
        <span className="hint">It is on the sheet your care team gave you, like 7KQ2M-XW9PD-3RT8V-NC4HF-A1B2C.</span>
        <FieldError state={state} field="code" />
      </div>
      <div className="field">
        <label htmlFor="email">Your email</label>
        <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.email} {...invalid("email")} />
        <span className="hint">You will use it to sign in.</span>
        <FieldError state={state} field="email" />
      </div>
      <div className="field">
        <label htmlFor="password">Choose a password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={12} {...invalid("password")} />
        <span className="hint">At least 12 characters. A few words you will remember work well.</span>
        <FieldError state={state} field="password" />
      </div>
      <div className="field">
        <label htmlFor="confirmPassword">Type the password again</label>
        <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required {...invalid("confirmPassword")} />
        <FieldError state={state} field="confirmPassword" />
      </div>
      <button className="btn" type="submit" disabled={pending} style={{ width: "100%", minHeight: 48 }}>
        {pending ? "Setting up…" : "Set up my account"}
      </button>
    </form>
  );
}
