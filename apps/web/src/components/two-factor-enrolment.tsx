"use client";

import { useActionState, useId, useState } from "react";
import { confirmEnrolment, finishEnrolment, type CodeState } from "~/app/login/two-factor-actions";

interface Props {
  /** The pending secret to add to the app; null once two-factor sign-in is on. */
  enrolment: { qrDataUrl: string; manualKey: string } | null;
  /** Where the user goes once the recovery codes are saved. */
  next: string;
  /** On the sign-in step the user always needs a way on, even after a reload lost the codes. */
  continueWhenOn: boolean;
}

function ContinueForm({ next, disabled }: { next: string; disabled: boolean }) {
  return (
    <form action={finishEnrolment}>
      <input type="hidden" name="next" value={next} />
      <button className="btn" type="submit" disabled={disabled}>
        Continue
      </button>
    </form>
  );
}

/**
 * Two-factor enrolment: scan the QR code (or type the key), confirm with the first code, then
 * save the ten recovery codes, shown this once.
 */
export function TwoFactorEnrolment({ enrolment, next, continueWhenOn }: Props) {
  const [state, action, pending] = useActionState<CodeState, FormData>(confirmEnrolment, {});
  const [saved, setSaved] = useState(false);
  const id = useId();

  if (state.recoveryCodes) {
    return (
      <section aria-labelledby={`${id}-codes`}>
        <div className="alert info" role="status">
          Two-factor sign-in is on. From now on, signing in asks for a code from your app after your password.
        </div>
        <h2 id={`${id}-codes`}>Save your recovery codes</h2>
        <p>
          If you lose your phone, each of these codes signs you in once instead of a code from the app. Keep them somewhere safe, away from your phone — a password
          manager or a printed copy. <strong>They are shown only this once.</strong>
        </p>
        <ol className="recovery-codes" aria-label="Recovery codes">
          {state.recoveryCodes.map((code) => (
            <li key={code} className="mono">
              {code}
            </li>
          ))}
        </ol>
        <div className="checkbox-row field">
          <input id={`${id}-saved`} type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} />
          <label htmlFor={`${id}-saved`}>I have saved these recovery codes</label>
        </div>
        <ContinueForm next={next} disabled={!saved} />
      </section>
    );
  }

  if (!enrolment) {
    return continueWhenOn ? (
      <section>
        <div className="alert info" role="status">
          Two-factor sign-in is on for this account.
        </div>
        <ContinueForm next={next} disabled={false} />
      </section>
    ) : null;
  }
  const { qrDataUrl, manualKey } = enrolment;

  return (
    <div className="enrolment">
      <ol className="enrolment-steps">
        <li>
          <h2>Scan this QR code</h2>
          <p className="muted">Open an authenticator app (for example Google Authenticator, Microsoft Authenticator, 1Password or Authy) and add an account by scanning.</p>
          <img className="qr" src={qrDataUrl} width={200} height={200} alt="QR code for adding Stepwise to an authenticator app" />
          <details>
            <summary>Can’t scan? Enter the key by hand</summary>
            <p className="muted">Choose “enter a setup key”, account type time-based, and type:</p>
            <p className="one-time-code mono" data-testid="setup-key">
              {manualKey}
            </p>
          </details>
        </li>
        <li>
          <h2>Enter the code the app shows</h2>
          <form action={action} noValidate aria-label="Confirm two-factor sign-in">
            <div className="field">
              <label htmlFor={`${id}-code`}>6-digit code</label>
              <input
                id={`${id}-code`}
                name="code"
                type="text"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9 ]*"
                maxLength={7}
                required
                className="code-input"
                aria-invalid={!!state.error}
                aria-describedby={state.error ? `${id}-error` : undefined}
              />
              {state.error ? (
                <span className="error" id={`${id}-error`} role="alert">
                  {state.error}
                </span>
              ) : null}
            </div>
            <button className="btn" type="submit" disabled={pending}>
              {pending ? "Checking…" : "Turn on two-factor sign-in"}
            </button>
          </form>
        </li>
      </ol>
    </div>
  );
}
