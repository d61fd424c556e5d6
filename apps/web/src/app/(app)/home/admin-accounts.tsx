"use client";

import dynamic from "next/dynamic";
import { useState, useTransition } from "react";
import { roleLabels } from "@stepwise/domain/role-labels";
import { FormAlert } from "~/components/form-alert";
import type { RouterOutputs } from "~/lib/types";
import { setAccountActive, unlockAccount } from "./admin-actions";
import type { Issued } from "./account-resets";

// Dialogs and the new-account form (a form library, the domain's schema) load when opened.
const ResetPasswordDialog = dynamic(() => import("./account-resets").then((m) => m.ResetPasswordDialog), { ssr: false });
const RemoveMfaDialog = dynamic(() => import("./account-resets").then((m) => m.RemoveMfaDialog), { ssr: false });
const IssuedCodeDialog = dynamic(() => import("./account-resets").then((m) => m.IssuedCodeDialog), { ssr: false });
const NewAccountForm = dynamic(() => import("./admin-new-account").then((m) => m.NewAccountForm), { ssr: false });

type User = RouterOutputs["admin"]["listUsers"][number];
type Open = { kind: "reset" | "mfa"; user: { id: string; name: string } } | { kind: "created"; issued: Issued & { name: string; email: string } };

/** The accounts table (rendered with the page), its buttons running server actions; the page re-renders after each. */
export function AdminAccounts({ users, meId }: { users: User[]; meId: string }) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [open, setOpen] = useState<Open | null>(null);
  const [creating, setCreating] = useState(false);
  // Patients' own accounts are opened by invitation from their care team: listed apart, never created here.
  const [kind, setKind] = useState<"staff" | "patients">("staff");
  const shown = users.filter((u) => (u.role === "patient") === (kind === "patients"));
  const done = (message: string) => {
    setError(null);
    setNotice(message);
  };
  const run = (call: () => Promise<{ ok: unknown } | { refusal: { message: string } }>, message: string) =>
    startTransition(async () => {
      const result = await call();
      if ("refusal" in result) {
        setNotice(null);
        setError(result.refusal.message);
      } else done(message);
    });
  return (
    <section className="card" aria-labelledby="users-heading">
      <div className="section-head">
        <h2 id="users-heading">User accounts</h2>
        <div className="chips" role="group" aria-label="Which accounts">
          <button type="button" className="chip" aria-pressed={kind === "staff"} onClick={() => setKind("staff")}>
            Staff
          </button>
          <button type="button" className="chip" aria-pressed={kind === "patients"} onClick={() => setKind("patients")}>
            Patient accounts
          </button>
        </div>
      </div>
      {kind === "patients" ? (
        <p className="meta">Patients open their own accounts with an invitation from their care team, who also revoke them on the patient&apos;s plan page.</p>
      ) : null}
      <FormAlert message={error} />
      {notice ? (
        <div className="alert info" role="status">
          {notice}
        </div>
      ) : null}
      <table className="table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td className="mono">{u.email}</td>
              <td>{roleLabels[u.role]}</td>
              <td>
                {u.active ? <span className="pill ok">active</span> : <span className="pill">deactivated</span>} {u.locked ? <span className="pill danger">locked</span> : null}{" "}
                {u.mfaEnabled ? <span className="pill brand">two-factor</span> : null}
              </td>
              <td>
                <div className="actions" style={{ marginTop: 0 }}>
                  {u.id !== meId && (u.active || u.role !== "patient") ? (
                    <button
                      className="btn small secondary"
                      type="button"
                      disabled={pending}
                      onClick={() => run(() => setAccountActive({ userId: u.id, active: !u.active, expectedVersion: u.version }), "Account updated.")}
                    >
                      {u.active ? "Deactivate" : "Reactivate"}
                    </button>
                  ) : null}
                  {u.locked ? (
                    <button className="btn small secondary" type="button" disabled={pending} onClick={() => run(() => unlockAccount(u.id), "Account unlocked.")}>
                      Unlock
                    </button>
                  ) : null}
                  {u.id !== meId ? (
                    <button className="btn small ghost" type="button" aria-haspopup="dialog" onClick={() => setOpen({ kind: "reset", user: u })}>
                      Reset password…
                    </button>
                  ) : null}
                  {u.mfaEnabled && u.id !== meId ? (
                    <button className="btn small ghost" type="button" aria-haspopup="dialog" onClick={() => setOpen({ kind: "mfa", user: u })}>
                      Remove two-factor…
                    </button>
                  ) : null}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {kind === "staff" ? (
        creating ? (
          <NewAccountForm
            onCancel={() => setCreating(false)}
            onCreated={(issued) => {
              setCreating(false);
              done("Account created.");
              setOpen({ kind: "created", issued });
            }}
          />
        ) : (
          <div className="actions">
            <button className="btn secondary" type="button" onClick={() => setCreating(true)}>
              Create account
            </button>
          </div>
        )
      ) : null}
      {open?.kind === "reset" ? (
        <ResetPasswordDialog
          user={open.user}
          onClose={(message) => {
            setOpen(null);
            if (message) done(message);
          }}
        />
      ) : null}
      {open?.kind === "mfa" ? (
        <RemoveMfaDialog
          user={open.user}
          onClose={(message) => {
            setOpen(null);
            if (message) done(message);
          }}
        />
      ) : null}
      {open?.kind === "created" ? (
        <IssuedCodeDialog
          title={`Account created for ${open.issued.name}`}
          name={open.issued.name}
          issued={open.issued}
          lede={`Give this code to ${open.issued.name} in person or by phone. They sign in with it once, as ${open.issued.email}, and choose their own password.`}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </section>
  );
}
