"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { FormProvider, type FieldValues, type UseFormReturn } from "react-hook-form";
import { errorInfo } from "~/lib/trpc-errors";
import { changedValues, compareFields, conflictRow, editStanding, whenLabel, type EditField, type EditStanding, type VersionedRow } from "~/lib/versioned-edit";
import { useTRPC } from "~/trpc/react";
import { FormActions, FormAlert, useServerSubmit } from "./form";

interface VersionedEditOptions<R extends VersionedRow, V extends object> {
  /** The row as the page shows it now; live refreshes replace it while the form is open. */
  row: R | undefined;
  /** The editable values of a row, in the form's own shape. */
  values: (row: R) => V;
  /**
   * Sends the update against `expectedVersion` and resolves to the saved row. `changes` holds only the
   * fields the user changed since editing started: send those where the update is a patch.
   */
  save: (edit: { values: V; changes: Partial<V>; expectedVersion: number }) => Promise<unknown>;
  onSaved?: () => void | Promise<void>;
  /** The user chose the other person's version: put it in the form (or close it). */
  onTakeTheirs: (values: V) => void;
  /**
   * A form opened by an Edit button starts editing when it mounts. A field that is always on screen
   * (meeting notes) starts when the user first changes it, and follows the live row until then.
   */
  startOnMount?: boolean;
  /** Save even when no field changed (a submit that also means something, like "Mark discussed"). */
  saveUnchanged?: boolean;
}

export interface VersionedEdit<R extends VersionedRow, V extends object> {
  /** The version the edit started from: what every save is checked against. */
  baseVersion: number | null;
  standing: EditStanding<R>;
  /** The user's version as "keep mine" would store it: their row with the user's changes on top. */
  mine: V | null;
  values: (row: R) => V;
  saving: boolean;
  error: string | null;
  start: () => void;
  /** Saves against the base version. A CONFLICT becomes the conflict view; any other failure is thrown to the form. */
  submit: (values: V) => Promise<void>;
  keepMine: () => Promise<void>;
  takeTheirs: () => void;
}

/**
 * The one way an edit form saves a versioned row: it sends the version the editor started from,
 * says at once when someone else saves meanwhile, and on a refused save shows both versions and
 * lets the user choose — nothing the user typed is dropped along the way.
 */
export function useVersionedEdit<R extends VersionedRow, V extends object>(options: VersionedEditOptions<R, V>): VersionedEdit<R, V> {
  const { row, startOnMount = true } = options;
  const latest = useRef(options);
  latest.current = options;
  const initial = startOnMount && row ? row.version : null;
  const base = useRef<number | null>(initial);
  const baseValues = useRef<V | null>(startOnMount && row ? options.values(row) : null);
  const [baseVersion, setBaseVersionState] = useState<number | null>(initial);
  const [conflict, setConflict] = useState<{ theirs: R; values: V; changes: Partial<V> } | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A ref as well as state: "Keep mine" rebases and saves in the same tick.
  const setBase = useCallback((from: R | null) => {
    base.current = from?.version ?? null;
    baseValues.current = from ? latest.current.values(from) : null;
    setBaseVersionState(base.current);
  }, []);

  const start = useCallback(() => {
    const current = latest.current.row;
    if (base.current === null && current) setBase(current);
  }, [setBase]);

  /** Sends `changes` against the base version; a CONFLICT keeps them for the user to choose. */
  const send = useCallback(
    async (values: V, changes: Partial<V>) => {
      const expected = base.current;
      if (expected === null) throw new Error("This record is no longer available.");
      setSaving(true);
      setError(null);
      try {
        const saved = await latest.current.save({ values, changes, expectedVersion: expected });
        setConflict(null);
        // An Edit form goes on from our own save (the refresh it causes is not someone else's change);
        // an always-open field is done editing and follows the row again.
        const savedRow = conflictRow<R>(saved);
        if (latest.current.startOnMount === false) setBase(null);
        else if (savedRow) setBase(savedRow);
        await latest.current.onSaved?.();
      } catch (e) {
        const info = errorInfo(e);
        const theirs = info.code === "CONFLICT" ? conflictRow<R>(info.current) : null;
        if (!theirs) throw e;
        setConflict({ theirs, values: { ...latest.current.values(theirs), ...changes }, changes });
      } finally {
        setSaving(false);
      }
    },
    [setBase],
  );

  const submit = useCallback(
    async (values: V) => {
      start();
      const changes = baseValues.current ? changedValues(baseValues.current, values) : values;
      if (Object.keys(changes).length === 0 && !latest.current.saveUnchanged) {
        await latest.current.onSaved?.();
        return;
      }
      await send(values, changes);
    },
    [start, send],
  );

  const keepMine = useCallback(async () => {
    if (!conflict) return;
    setBase(conflict.theirs);
    try {
      await send(conflict.values, conflict.changes);
    } catch (e) {
      setConflict(null);
      setError(errorInfo(e).message);
    }
  }, [conflict, send, setBase]);

  const takeTheirs = useCallback(() => {
    if (!conflict) return;
    setBase(latest.current.startOnMount === false ? null : conflict.theirs);
    setConflict(null);
    latest.current.onTakeTheirs(latest.current.values(conflict.theirs));
  }, [conflict, setBase]);

  return {
    baseVersion,
    standing: editStanding(baseVersion, row, conflict?.theirs ?? null),
    mine: conflict?.values ?? null,
    values: options.values,
    saving,
    error,
    start,
    submit,
    keepMine,
    takeTheirs,
  };
}

/**
 * An Edit form closes once the user's version is saved or theirs is taken; the plan is re-read
 * either way, so the row under it is the stored one.
 */
export function closesWhenDone(refresh: () => Promise<unknown>, close: () => void) {
  return {
    onSaved: async () => {
      await refresh();
      close();
    },
    onTakeTheirs: () => {
      void refresh();
      close();
    },
  };
}

/**
 * The one shape of an edit form over a versioned row: the notice about the row under it, the form's
 * own alert, the entity's fields (given the form through its context), and Save — refused while the
 * conflict view waits for the user's choice — beside Cancel.
 */
export function VersionedEditForm<R extends VersionedRow, V extends object, T extends FieldValues>({
  form,
  edit,
  fields,
  subject,
  label,
  saveLabel,
  onCancel,
  children,
}: {
  form: UseFormReturn<T, unknown, V>;
  edit: VersionedEdit<R, V>;
  fields: readonly EditField<V>[];
  subject: string;
  label: string;
  saveLabel: string;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { onSubmit, formError } = useServerSubmit(form, edit.submit);
  return (
    <FormProvider {...form}>
      <form className="inline-form" aria-label={label} noValidate onSubmit={onSubmit}>
        <VersionedEditNotice edit={edit} fields={fields} subject={subject} />
        <FormAlert message={formError} />
        {children}
        <FormActions small submitLabel={saveLabel} disabled={edit.saving || edit.standing.kind === "conflict"} onCancel={onCancel} />
      </form>
    </FormProvider>
  );
}

/** Staff names by user id, for "changed by …"; one cached directory read per tab. */
export function useStaffNames(): (userId: string | null | undefined) => string {
  const trpc = useTRPC();
  const directory = useQuery(trpc.directory.clinicians.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return useCallback(
    (userId) => {
      const person = userId ? directory.data?.find((u) => u.id === userId) : undefined;
      return person?.name ?? "a colleague";
    },
    [directory.data],
  );
}

/** The clock, re-read every `ms`, so "a moment ago" ages on screen. */
function useNow(ms = 15_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * What an open edit form says about the row under it: nothing while it is current; a polite status
 * line when someone else saves meanwhile; the conflict view when a save was refused. Put it at the
 * top of every edit form that uses useVersionedEdit.
 */
export function VersionedEditNotice<R extends VersionedRow, V extends object>({ edit, fields, subject }: { edit: VersionedEdit<R, V>; fields: readonly EditField<V>[]; subject: string }) {
  const nameOf = useStaffNames();
  const now = useNow();
  const { standing } = edit;
  return (
    <>
      {/* Always in the page, so screen readers announce the line when it fills in. */}
      <p role="status" className={standing.kind === "stale" ? "alert info" : "visually-hidden"} data-testid="stale-notice">
        {standing.kind === "stale"
          ? `Changed by ${nameOf(standing.row.updatedBy)} ${whenLabel(standing.row.updatedAt, now)}. Your text is kept; saving will show you both versions.`
          : ""}
      </p>
      {standing.kind === "conflict" && edit.mine !== null ? (
        <ConflictPanel
          who={nameOf(standing.theirs.updatedBy)}
          when={whenLabel(standing.theirs.updatedAt, now)}
          subject={subject}
          fields={fields}
          theirs={edit.values(standing.theirs)}
          mine={edit.mine}
          busy={edit.saving}
          onKeepMine={() => void edit.keepMine()}
          onTakeTheirs={edit.takeTheirs}
        />
      ) : null}
      <FormAlert message={edit.error} />
    </>
  );
}

/** Their saved version beside the user's unsaved one; nothing is stored until the user chooses. */
export function ConflictPanel<V>({
  who,
  when,
  subject,
  fields,
  theirs,
  mine,
  busy,
  onKeepMine,
  onTakeTheirs,
}: {
  who: string;
  when: string;
  subject: string;
  fields: readonly EditField<V>[];
  theirs: V;
  mine: V;
  busy: boolean;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const rows = compareFields(fields, theirs, mine);
  return (
    <div className="conflict" role="alert" data-testid="conflict-panel">
      <strong>
        {capitalized(who)} saved a change to {subject} {when}, while you were editing.
      </strong>
      <p className="meta" style={{ margin: "0.25rem 0 0" }}>
        Your edit is not saved yet. Keep yours to save it over theirs, or take theirs and drop your edit.
      </p>
      <table className="table" style={{ marginTop: "0.5rem" }}>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Saved by {who}</th>
            <th scope="col">Your edit</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                {r.label}
                {r.differs ? <span className="visually-hidden"> (differs)</span> : null}
              </th>
              <td>{r.differs ? <strong>{r.theirs}</strong> : r.theirs}</td>
              <td>{r.differs ? <strong>{r.mine}</strong> : r.mine}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="btn small" disabled={busy} onClick={onKeepMine}>
          Keep mine
        </button>
        <button type="button" className="btn small secondary" disabled={busy} onClick={onTakeTheirs}>
          Take theirs
        </button>
      </div>
    </div>
  );
}
