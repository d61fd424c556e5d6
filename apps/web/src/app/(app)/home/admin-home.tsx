"use client";

import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { roleLabels, roles, type Role } from "@stepwise/domain";
import { FormAlert } from "~/components/form";
import { fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

export function AdminHome() {
  return (
    <div className="grid">
      <Users />
      <AuditViewer />
    </div>
  );
}

function Users() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const users = useQuery(trpc.admin.listUsers.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (msg: string) => async () => {
    setError(null);
    setNotice(msg);
    await users.refetch();
  };
  const fail = (e: unknown) => setError(errorInfo(e).message);
  const setActive = useMutation(trpc.admin.setActive.mutationOptions({ onSuccess: done("Account updated."), onError: fail }));
  const unlock = useMutation(trpc.admin.unlock.mutationOptions({ onSuccess: done("Account unlocked."), onError: fail }));
  const reset = useMutation(trpc.admin.resetPassword.mutationOptions({ onSuccess: done("Password reset; the user's sessions were ended."), onError: fail }));
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [newPassword, setNewPassword] = useState("");
  return (
    <section className="card" aria-labelledby="users-heading">
      <div className="section-head">
        <h2 id="users-heading">User accounts</h2>
      </div>
      <FormAlert message={error} />
      {notice ? (
        <div className="alert info" role="status">
          {notice}
        </div>
      ) : null}
      {users.isPending ? <div className="skeleton" /> : null}
      {users.data ? (
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
            {users.data.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td className="mono">{u.email}</td>
                <td>{roleLabels[u.role]}</td>
                <td>
                  {u.active ? <span className="pill ok">active</span> : <span className="pill">deactivated</span>} {u.locked ? <span className="pill danger">locked</span> : null}
                </td>
                <td>
                  <div className="actions" style={{ marginTop: 0 }}>
                    {u.id !== me.data?.id ? (
                      <button className="btn small secondary" type="button" onClick={() => setActive.mutate({ userId: u.id, active: !u.active, expectedVersion: u.version })}>
                        {u.active ? "Deactivate" : "Reactivate"}
                      </button>
                    ) : null}
                    {u.locked ? (
                      <button className="btn small secondary" type="button" onClick={() => unlock.mutate({ userId: u.id })}>
                        Unlock
                      </button>
                    ) : null}
                    <button className="btn small ghost" type="button" onClick={() => setResetFor(resetFor === u.id ? null : u.id)}>
                      Reset password
                    </button>
                  </div>
                  {resetFor === u.id ? (
                    <form
                      className="actions"
                      onSubmit={(e) => {
                        e.preventDefault();
                        reset.mutate({ userId: u.id, password: newPassword });
                        setNewPassword("");
                        setResetFor(null);
                      }}
                    >
                      <label htmlFor={`pw-${u.id}`} className="visually-hidden">
                        New password for {u.name}
                      </label>
                      <input id={`pw-${u.id}`} type="password" autoComplete="new-password" placeholder="New password (12+ characters)" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />
                      <button className="btn small" type="submit">
                        Set
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <NewUser onCreated={done("Account created.")} />
    </section>
  );
}

function NewUser({ onCreated }: { onCreated: () => Promise<void> }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: "", email: "", role: "physician" as Role, password: "" });
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.admin.createUser.mutationOptions());
  if (!open)
    return (
      <div className="actions">
        <button className="btn secondary" type="button" onClick={() => setOpen(true)}>
          Create account
        </button>
      </div>
    );
  return (
    <form
      className="inline-form"
      aria-label="Create account"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        try {
          await create.mutateAsync(form);
          setOpen(false);
          setForm({ name: "", email: "", role: "physician", password: "" });
          await onCreated();
        } catch (err) {
          setError(errorInfo(err).message);
        }
      }}
    >
      <FormAlert message={error} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor="nu-name">Name</label>
          <input id="nu-name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="nu-email">Email</label>
          <input id="nu-email" type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="nu-role">Role</label>
          <select id="nu-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="nu-pw">Initial password</label>
          <input id="nu-pw" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </div>
      </div>
      <div className="actions">
        <button className="btn" type="submit" disabled={create.isPending}>
          Create
        </button>
        <button className="btn secondary" type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function AuditViewer() {
  const trpc = useTRPC();
  const users = useQuery(trpc.admin.listUsers.queryOptions());
  const [filter, setFilter] = useState<{ patientId?: string; actorId?: string; action?: string; from?: string; to?: string }>({});
  const [draft, setDraft] = useState(filter);
  const input = {
    limit: 50,
    ...(filter.patientId ? { patientId: filter.patientId } : {}),
    ...(filter.actorId ? { actorId: filter.actorId } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.from ? { from: new Date(filter.from) } : {}),
    ...(filter.to ? { to: new Date(`${filter.to}T23:59:59`) } : {}),
  };
  const query = useInfiniteQuery(trpc.admin.audit.infiniteQueryOptions(input, { getNextPageParam: (p) => p.nextCursor ?? undefined, initialCursor: undefined }));
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <p className="meta">Every sign-in and every read or write of patient data. Viewing this log is itself recorded.</p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft);
        }}
      >
        <div className="field">
          <label htmlFor="f-patient">Patient id</label>
          <input id="f-patient" value={draft.patientId ?? ""} onChange={(e) => setDraft({ ...draft, patientId: e.target.value.trim() || undefined })} />
        </div>
        <div className="field">
          <label htmlFor="f-user">User</label>
          <select id="f-user" value={draft.actorId ?? ""} onChange={(e) => setDraft({ ...draft, actorId: e.target.value || undefined })}>
            <option value="">Anyone</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-action">Action</label>
          <input id="f-action" placeholder="e.g. carePlan.get" value={draft.action ?? ""} onChange={(e) => setDraft({ ...draft, action: e.target.value.trim() || undefined })} />
        </div>
        <div className="field">
          <label htmlFor="f-from">From</label>
          <input id="f-from" type="date" value={draft.from ?? ""} onChange={(e) => setDraft({ ...draft, from: e.target.value || undefined })} />
        </div>
        <div className="field">
          <label htmlFor="f-to">To</label>
          <input id="f-to" type="date" value={draft.to ?? ""} onChange={(e) => setDraft({ ...draft, to: e.target.value || undefined })} />
        </div>
        <div className="field" style={{ alignSelf: "end" }}>
          <button className="btn" type="submit">
            Filter
          </button>
        </div>
      </form>
      {query.isPending ? <div className="skeleton" /> : null}
      {query.isError ? <FormAlert message={query.error.message} /> : null}
      {query.data && rows.length === 0 ? <p className="meta">No entries match.</p> : null}
      {rows.length > 0 ? (
        <table className="table" data-testid="audit-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Outcome</th>
              <th scope="col" className="hide-narrow">Patient</th>
              <th scope="col" className="hide-narrow">Entity</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{fmtDateTime(r.at)}</td>
                <td>{r.actorId ? (names.get(r.actorId) ?? r.actorId) : "—"}</td>
                <td className="mono">{r.action}</td>
                <td>
                  <span className={`pill ${r.outcome === "success" ? "ok" : r.outcome === "denied" ? "danger" : "warn"}`}>{r.outcome}</span>
                </td>
                <td className="hide-narrow mono">{r.patientId ? r.patientId.slice(0, 8) : "—"}</td>
                <td className="hide-narrow">{r.entityType ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {query.hasNextPage ? (
        <button className="btn secondary small" type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          Older entries
        </button>
      ) : null}
    </section>
  );
}
