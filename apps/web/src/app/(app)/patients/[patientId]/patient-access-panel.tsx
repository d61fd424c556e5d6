"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { FormAlert } from "~/components/form-alert";
import { fmtDate, fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/**
 * The patient's own pages, from the team's side: whether the patient has an account or a pending
 * invitation, an invitation with its printable handout (the code is shown once), and revocation.
 */
export function PatientAccessPanel({ patientId, canInvite, canRevoke, canEmail = false }: { patientId: string; canInvite: boolean; canRevoke: boolean; canEmail?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.patientAccess.status.queryOptions({ patientId }));
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.patientAccess.status.queryKey({ patientId }) });
  const state = status.data?.state;
  return (
    <section className="card" aria-labelledby="patient-access-heading" style={{ marginTop: "1rem" }} data-testid="patient-access-panel">
      <div className="section-head">
        <h2 id="patient-access-heading">Patient access</h2>
      </div>
      <FormAlert message={status.isError ? errorInfo(status.error).message : null} />
      {notice ? (
        <div className="alert info" role="status">
          {notice}
        </div>
      ) : null}
      {status.isPending ? <div className="skeleton" /> : null}
      {status.data ? (
        <p data-testid="patient-access-status">
          {status.data.state === "none" ? "The patient has no account for their own pages." : null}
          {status.data.state === "invited" ? <>Invitation sent — not yet used. The code works until {fmtDateTime(status.data.validUntil)}.</> : null}
          {status.data.state === "active" ? (
            <>
              The patient has their own pages since {fmtDate(status.data.since)} (signs in as <span className="mono">{status.data.email}</span>).
            </>
          ) : null}
          {status.data.state === "revoked" ? <>Access was revoked on {fmtDate(status.data.revokedAt)}.</> : null}
        </p>
      ) : null}
      <div className="actions">
        {canInvite && state && state !== "active" ? (
          <InviteDialog
            patientId={patientId}
            again={state === "invited"}
            canEmail={canEmail}
            onDone={async () => {
              setNotice(null);
              await refresh();
            }}
          />
        ) : null}
        {canRevoke && (state === "active" || state === "invited") ? (
          <RevokeDialog
            patientId={patientId}
            onDone={async (message) => {
              setNotice(message);
              await refresh();
            }}
          />
        ) : null}
      </div>
    </section>
  );
}

function InviteDialog({ patientId, again, canEmail, onDone }: { patientId: string; again: boolean; canEmail: boolean; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const invite = useMutation(trpc.patientAccess.invite.mutationOptions());
  const close = (next: boolean) => {
    setOpen(next);
    if (!next) {
      const issued = !!invite.data;
      invite.reset();
      setEmail("");
      if (issued) void onDone();
    }
  };
  return (
    <Dialog.Root open={open} onOpenChange={close}>
      <Dialog.Trigger asChild>
        <button className="btn small" type="button">
          {again ? "New invitation…" : "Invite the patient…"}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title className="no-print">Invite the patient to their own pages</Dialog.Title>
          {!invite.data ? (
            <>
              <Dialog.Description className="meta">
                The patient gets a one-time code, valid for 7 days, to set up their own account: they choose their email and password. You see the code once, on a
                handout to print or read out.{again ? " The earlier invitation stops working." : ""}
              </Dialog.Description>
              <FormAlert message={invite.isError ? errorInfo(invite.error).message : null} />
              {canEmail ? (
                <div className="field">
                  <label htmlFor="invite-email">Patient&apos;s email (optional: the invitation is also e-mailed; the address is not kept)</label>
                  <input id="invite-email" type="email" autoComplete="off" value={email} maxLength={254} onChange={(e) => setEmail(e.target.value)} />
                </div>
              ) : null}
              <div className="actions">
                <button
                  className="btn"
                  type="button"
                  disabled={invite.isPending}
                  onClick={() => invite.mutate(canEmail && email.trim() ? { patientId, email: email.trim() } : { patientId })}
                >
                  Create the invitation
                </button>
                <Dialog.Close asChild>
                  <button className="btn secondary" type="button">
                    Cancel
                  </button>
                </Dialog.Close>
              </div>
            </>
          ) : (
            <>
              {invite.data.emailed ? (
                <div className={invite.data.emailed.sent ? "alert info no-print" : "alert warn no-print"} role="status" data-testid="invitation-emailed">
                  {invite.data.emailed.sent ? "The invitation was e-mailed to the patient." : "The e-mail was not sent — give the patient the handout below."}
                </div>
              ) : null}
              <Handout patientName={invite.data.patientName} code={invite.data.code} path={invite.data.path} validUntil={invite.data.validUntil} />
            </>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** What the patient takes home: the link, the code, until when, and what to do — in plain words; printable on its own. */
function Handout({ patientName, code, path, validUntil }: { patientName: string; code: string; path: string; validUntil: Date }) {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  const link = `${origin}${path}`;
  return (
    <>
      <Dialog.Description className="meta no-print">Print this sheet or read the code to the patient. It is shown only once: closing this window forgets it.</Dialog.Description>
      <div className="invite-handout" data-testid="invitation-handout">
        <h2>Your Stepwise invitation, {patientName}</h2>
        <p>Your care team invites you to see your care plan, answer questionnaires between visits and send them messages.</p>
        <p className="meta" style={{ marginBottom: 0 }}>
          Your invitation code
        </p>
        <p className="one-time-code mono" data-testid="invitation-code" aria-label={`Invitation code for ${patientName}`}>
          {code}
        </p>
        <p>
          It works once, until <strong>{fmtDateTime(validUntil)}</strong>.
        </p>
        <ol className="handout-steps">
          <li>
            On your phone or computer, open <span className="mono handout-link" data-testid="invitation-link">{link}</span>
          </li>
          <li>Check that the code above is filled in (or type it in).</li>
          <li>Enter an email address you use, and choose a password of at least 12 characters.</li>
          <li>You will see your care plan. Next time, sign in with that email and password.</li>
        </ol>
        <p className="meta">Keep this sheet private. If the code has run out or does not work, ask your care team for a new one. Messages are not for emergencies.</p>
      </div>
      <div className="alert warn no-print" role="note">
        This code is shown only once. If it is lost, create a new invitation.
      </div>
      <div className="actions no-print">
        <button className="btn secondary" type="button" onClick={() => window.print()}>
          Print handout
        </button>
        <Dialog.Close asChild>
          <button className="btn" type="button">
            Done
          </button>
        </Dialog.Close>
      </div>
    </>
  );
}

function RevokeDialog({ patientId, onDone }: { patientId: string; onDone: (message: string) => Promise<void> }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const revoke = useMutation(
    trpc.patientAccess.revoke.mutationOptions({
      onSuccess: async (out) => {
        setOpen(false);
        await onDone(out.revokedAccount ? "Access revoked: the patient's account is closed and they were signed out." : "The pending invitation was revoked.");
      },
    }),
  );
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <button className="btn small secondary" type="button">
          Revoke access…
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title>Revoke the patient&apos;s access</Dialog.Title>
          <Dialog.Description className="meta">
            The patient&apos;s account is closed and signed out everywhere at once, and any pending invitation stops working. Their record stays as it is; you can invite
            them again later.
          </Dialog.Description>
          <FormAlert message={revoke.isError ? errorInfo(revoke.error).message : null} />
          <div className="actions">
            <button className="btn danger" type="button" disabled={revoke.isPending} onClick={() => revoke.mutate({ patientId })}>
              Revoke access
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
