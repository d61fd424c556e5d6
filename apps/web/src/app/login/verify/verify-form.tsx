"use client";

import { useActionState, useRef, useState } from "react";
import { verifyCode, type CodeState } from "../two-factor-actions";

/** The code from the authenticator app, or (on request) a recovery code. */
export function VerifyForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<CodeState, FormData>(verifyCode, {});
  const [recovery, setRecovery] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const switchMode = () => {
    setRecovery((r) => !r);
    requestAnimationFrame(() => input.current?.focus());
  };
  return (
    <form action={action} noValidate aria-label="Two-factor code">
      <input type="hidden" name="next" value={next} />
      <div className="field">
        <label htmlFor="code">{recovery ? "Recovery code" : "6-digit code"}</label>
        {recovery ? (
          <input
            key="recovery"
            ref={input}
            id="code"
            name="code"
            type="text"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            placeholder="XXXX-XXXX-XXXX"
            required
            autoFocus
            aria-invalid={!!state.error}
            aria-describedby={state.error ? "code-error" : "code-hint"}
          />
        ) : (
          <input
            key="totp"
            ref={input}
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9 ]*"
            maxLength={7}
            required
            autoFocus
            className="code-input"
            aria-invalid={!!state.error}
            aria-describedby={state.error ? "code-error" : "code-hint"}
          />
        )}
        <span className="hint" id="code-hint">
          {recovery ? "One of the recovery codes you saved when you turned on two-factor sign-in. Each works once." : "The code changes every 30 seconds."}
        </span>
        {state.error ? (
          <span className="error" id="code-error" role="alert">
            {state.error}
          </span>
        ) : null}
      </div>
      <button className="btn" type="submit" disabled={pending} style={{ width: "100%" }}>
        {pending ? "Checking…" : "Verify"}
      </button>
      <p className="meta" style={{ marginTop: "0.9rem" }}>
        <button type="button" className="linklike" onClick={switchMode}>
          {recovery ? "Use the code from my app instead" : "Lost your phone? Use a recovery code"}
        </button>
      </p>
    </form>
  );
}
