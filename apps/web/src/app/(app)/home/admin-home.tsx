"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { auditLogInputSchema, createUserInputSchema, roleLabels, staffRoles, type CreateUserInput } from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { fmtDateTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { EmergencyReviewsLink } from "../emergency-access/reviews-link";
import * as Dialog from "@radix-ui/react-dialog";
import { IssuedCode, RemoveMfaDialog, ResetPasswordDialog } from "./account-resets";
import { CrisisTextForm } from "./crisis-text-form";

export function AdminHome() {
  return (
    <div className="grid">
      <EmergencyReviewsLink />
      <Users />
      <AuditViewer />
      <CrisisTextForm />
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
  // Patients' own accounts are opened by invitation from their care team: listed apart, never created here.
  const [kind, setKind] = useState<"staff" | "patients">("staff");
  const shown = users.data?.filter((u) => (u.role === "patient") === (kind === "patients"));
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
      {users.isPending ? <div className="skeleton" /> : null}
      {shown ? (
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
                    {u.id !== me.data?.id && (u.active || u.role !== "patient") ? (
                      <button className="btn small secondary" type="button" onClick={() => setActive.mutate({ userId: u.id, active: !u.active, expectedVersion: u.version })}>
                        {u.active ? "Deactivate" : "Reactivate"}
                      </button>
                    ) : null}
                    {u.locked ? (
                      <button className="btn small secondary" type="button" onClick={() => unlock.mutate({ userId: u.id })}>
                        Unlock
                      </button>
                    ) : null}
                    {u.id !== me.data?.id ? <ResetPasswordDialog user={u} onDone={(message) => done(message)()} /> : null}
                    {u.mfaEnabled && u.id !== me.data?.id ? <RemoveMfaDialog user={u} onDone={(message) => done(message)()} /> : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {kind === "staff" ? <NewUser onCreated={done("Account created.")} /> : null}
    </section>
  );
}

const newUserDefaults: z.input<typeof createUserInputSchema> = { name: "", email: "", role: "physician" };

function NewUser({ onCreated }: { onCreated: () => Promise<void> }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const form = useForm<z.input<typeof createUserInputSchema>, unknown, CreateUserInput>({ resolver: zodResolver(createUserInputSchema), defaultValues: newUserDefaults });
  const create = useMutation(trpc.admin.createUser.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    await create.mutateAsync(values);
    setOpen(false);
    form.reset(newUserDefaults);
    await onCreated();
  });
  const created = create.data;
  if (!open)
    return (
      <>
        <div className="actions">
          <button className="btn secondary" type="button" onClick={() => setOpen(true)}>
            Create account
          </button>
        </div>
        <Dialog.Root open={!!created} onOpenChange={(next) => (next ? undefined : create.reset())}>
          <Dialog.Portal>
            <Dialog.Overlay className="dialog-overlay" />
            <Dialog.Content className="dialog">
              <Dialog.Title>Account created for {created?.name}</Dialog.Title>
              {created ? (
                <IssuedCode
                  name={created.name}
                  code={created.code}
                  expiresAt={created.expiresAt}
                  lede={`Give this code to ${created.name} in person or by phone. They sign in with it once, as ${created.email}, and choose their own password.`}
                />
              ) : null}
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
      </>
    );
  const { errors } = form.formState;
  return (
    <form className="inline-form" aria-label="Create account" noValidate onSubmit={onSubmit}>
      <FormAlert message={formError} />
      <div className="form-grid">
        <Field label="Name" error={errors.name}>
          {(p) => <input {...p} {...form.register("name")} />}
        </Field>
        <Field label="Email" error={errors.email}>
          {(p) => <input type="email" {...p} {...form.register("email")} />}
        </Field>
        <Field label="Role" error={errors.role}>
          {(p) => (
            <select {...p} {...form.register("role")}>
              {staffRoles.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
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

const auditFilterSchema = auditLogInputSchema.pick({ patientId: true, actorId: true, action: true, from: true, to: true });
type AuditFilter = z.output<typeof auditFilterSchema>;
const blankToUndefined = (v: string | undefined) => v?.trim() || undefined;
const endOfDayMs = 24 * 60 * 60 * 1000 - 1000;

/** The server sends the detail already through the allow-list: free text arrives as "text withheld". */
function detailText(detail: Record<string, unknown> | null): string {
  if (!detail) return "—";
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("; ");
}

function AuditViewer() {
  const trpc = useTRPC();
  const users = useQuery(trpc.admin.listUsers.queryOptions());
  const [filter, setFilter] = useState<AuditFilter>({});
  const form = useForm<z.input<typeof auditFilterSchema>, unknown, AuditFilter>({ resolver: zodResolver(auditFilterSchema), defaultValues: {} });
  const { errors } = form.formState;
  // A "to" day includes its last second.
  const input = { limit: 50, ...filter, ...(filter.to ? { to: new Date(filter.to.getTime() + endOfDayMs) } : {}) };
  const query = useInfiniteQuery(trpc.admin.audit.infiniteQueryOptions(input, { getNextPageParam: (p) => p.nextCursor ?? undefined, initialCursor: undefined }));
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]));
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card" aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      <p className="meta">Every sign-in and every read or write of patient data. Viewing this log is itself recorded.</p>
      <form className="form-grid" aria-label="Filter the audit log" noValidate onSubmit={form.handleSubmit((values) => setFilter(values))}>
        <Field label="Patient id" error={errors.patientId}>
          {(p) => <input {...p} {...form.register("patientId", { setValueAs: blankToUndefined })} />}
        </Field>
        <Field label="User" error={errors.actorId}>
          {(p) => (
            <select {...p} {...form.register("actorId", { setValueAs: blankToUndefined })}>
              <option value="">Anyone</option>
              {(users.data ?? []).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Action" error={errors.action}>
          {(p) => <input placeholder="e.g. carePlan.get" {...p} {...form.register("action", { setValueAs: blankToUndefined })} />}
        </Field>
        <Field label="From" error={errors.from}>
          {(p) => <input type="date" {...p} {...form.register("from", { setValueAs: blankToUndefined })} />}
        </Field>
        <Field label="To" error={errors.to}>
          {(p) => <input type="date" {...p} {...form.register("to", { setValueAs: blankToUndefined })} />}
        </Field>
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
              <th scope="col" className="hide-narrow">Detail</th>
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
                <td className="hide-narrow mono">
                  {r.patientId ? (
                    <Link href={`/patients/${r.patientId}/access`} title="Who saw this patient: the access report">
                      {r.patientId.slice(0, 8)}
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="hide-narrow">{r.entityType ?? "—"}</td>
                <td className="hide-narrow mono" data-testid="audit-detail">
                  {detailText(r.detail)}
                </td>
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
