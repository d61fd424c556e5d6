"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useState, useTransition } from "react";
import { FormAlert } from "~/components/form-alert";
import { fmtDateTime } from "~/lib/format";
import { removeAccountMfa, resetAccountPassword } from "./admin-actions";

interface Account {
  id: string;
  name: string;
}

/** A one-time code as the server issued it. */
export interface Issued {
  code: string;
  expiresAt: Date;
}

/**
 * The administrator resets a password without ever choosing or knowing one: the server issues a
 * one-time code, shown here once, to hand over. Closing the dialog forgets it. Opened (and loaded)
 * from the accounts table; `onClose` gets the notice to show, or null when nothing was done.
 */
export function ResetPasswordDialog({ user, onClose }: { user: Account; onClose: (message: string | null) => void }) {
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const reset = () =>
    startTransition(async () => {
      setError(null);
      const result = await resetAccountPassword(user.id);
      if ("ok" in result) setIssued(result.ok);
      else setError(result.refusal.message);
    });
  const close = (next: boolean) => {
    if (!next) onClose(issued ? `${user.name}'s password was reset; their sessions were ended.` : null);
  };
  return (
    <Dialog.Root open onOpenChange={close}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>Reset the password of {user.name}</Dialog.Title>
          {!issued ? (
            <>
              <Dialog.Description className="meta">
                Their current password stops working at once and every session they have open ends. You get a one-time code to hand over; with it they sign in once and
                choose a new password themselves. Two-factor sign-in, if they use it, stays on.
              </Dialog.Description>
              <FormAlert message={error} />
              <div className="actions">
                <button className="btn" type="button" disabled={pending} onClick={reset}>
                  Reset and issue a code
                </button>
                <Dialog.Close asChild>
                  <button className="btn secondary" type="button">
                    Cancel
                  </button>
                </Dialog.Close>
              </div>
            </>
          ) : (
            <IssuedCode name={user.name} code={issued.code} expiresAt={issued.expiresAt} lede={`Give this code to ${user.name} in person or by phone. They sign in with it in place of a password.`} />
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** A new account's first code, in its own dialog over the accounts table. */
export function IssuedCodeDialog({ title, name, issued, lede, onClose }: { title: string; name: string; issued: Issued; lede: string; onClose: () => void }) {
  return (
    <Dialog.Root open onOpenChange={(next) => (next ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>{title}</Dialog.Title>
          <IssuedCode name={name} code={issued.code} expiresAt={issued.expiresAt} lede={lede} />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/**
 * A one-time code, inside an open dialog: shown once with its expiry, copyable, closed with "Done".
 * The administrator hands it over; the user signs in with it once and chooses their own password.
 */
export function IssuedCode({ name, code, expiresAt, lede }: { name: string; code: string; expiresAt: Date; lede: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(code);
    setCopied(true);
  };
  return (
    <>
      <Dialog.Description className="meta">{lede}</Dialog.Description>
      <p className="one-time-code mono" data-testid="reset-code" aria-label={`One-time code for ${name}`}>
        {code}
      </p>
      <p>
        Valid until <strong>{fmtDateTime(expiresAt)}</strong>, for one sign-in.
      </p>
      <div className="alert warn" role="note">
        This code is shown only once. Nobody — you included — can see it again; if it is lost, reset the password again.
      </div>
      <div className="actions">
        <button className="btn secondary" type="button" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy code"}
        </button>
        <Dialog.Close asChild>
          <button className="btn" type="button">
            Done
          </button>
        </Dialog.Close>
      </div>
      <span className="visually-hidden" role="status">
        {copied ? "Code copied to the clipboard." : ""}
      </span>
    </>
  );
}

/** Removing a user's two-factor sign-in (a lost phone): confirmed first, because it ends their sessions too. */
export function RemoveMfaDialog({ user, onClose }: { user: Account; onClose: (message: string | null) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const remove = () =>
    startTransition(async () => {
      setError(null);
      const result = await removeAccountMfa(user.id);
      if ("ok" in result) onClose(`Two-factor sign-in was removed from ${user.name}'s account; their sessions were ended.`);
      else setError(result.refusal.message);
    });
  return (
    <Dialog.Root open onOpenChange={(next) => (next ? undefined : onClose(null))}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>Remove two-factor sign-in from {user.name}?</Dialog.Title>
          <Dialog.Description className="meta">
            Their authenticator and recovery codes stop working, every session they have open ends, and they are told at their next sign-in who removed it and when. Do
            this only when you have confirmed who is asking (a lost or replaced phone).
          </Dialog.Description>
          <FormAlert message={error} />
          <div className="actions">
            <button className="btn danger" type="button" disabled={pending} onClick={remove}>
              Remove two-factor sign-in
            </button>
            <Dialog.Close asChild>
              <button className="btn secondary" type="button">
                Cancel
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
