/**
 * What an edit form knows about the row it edits. Every update is compare-and-set on `version`: the
 * form must send the version the editor STARTED from, never the one a live refresh brought in since,
 * or a colleague's save in between is overwritten without anyone seeing it.
 */
export interface VersionedRow {
  version: number;
  updatedBy?: string | null;
  updatedAt?: Date | string | null;
}

/** Where an open edit stands against the row as it is now. */
export type EditStanding<R extends VersionedRow> =
  | { kind: "current" }
  /** Someone saved a newer version while the form was open; the user's input is untouched. */
  | { kind: "stale"; row: R }
  /** A save was refused because the row moved on; the user must choose before anything is stored. */
  | { kind: "conflict"; theirs: R };

export function editStanding<R extends VersionedRow>(baseVersion: number | null, live: R | undefined, conflict: R | null): EditStanding<R> {
  if (conflict) return { kind: "conflict", theirs: conflict };
  if (baseVersion !== null && live && live.version > baseVersion) return { kind: "stale", row: live };
  return { kind: "current" };
}

/** The row a CONFLICT answer carries, if it is one (the server sends the row as it is now). */
export function conflictRow<R extends VersionedRow>(current: unknown): R | null {
  if (current === null || typeof current !== "object") return null;
  const version: unknown = (current as { version?: unknown }).version;
  return typeof version === "number" ? (current as R) : null;
}

/** "a moment ago" for the first minute (what a clinician reads at a glance), then minutes, hours, days. */
export function whenLabel(at: Date | string | null | undefined, now: Date): string {
  if (!at) return "recently";
  const seconds = Math.max(0, (now.getTime() - new Date(at).getTime()) / 1000);
  if (seconds < 60) return "a moment ago";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "1 minute ago" : `${minutes} minutes ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return hours === 1 ? "1 hour ago" : `${hours} hours ago`;
  const days = Math.floor(hours / 24);
  return days === 1 ? "yesterday" : `${days} days ago`;
}

export interface EditField<V> {
  key: keyof V & string;
  label: string;
  /** How a value reads for a clinician; defaults to the text of the value. */
  show?: (value: V[keyof V]) => string;
}

export interface ComparedField {
  key: string;
  label: string;
  theirs: string;
  mine: string;
  differs: boolean;
}

const plain = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "—";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value);
};

/** Their saved values beside the user's unsaved ones, field by field, marking where they differ. */
export function compareFields<V>(fields: readonly EditField<V>[], theirs: V, mine: V): ComparedField[] {
  return fields.map((f) => {
    const show = f.show ?? plain;
    const t = show(theirs[f.key]);
    const m = show(mine[f.key]);
    return { key: f.key, label: f.label, theirs: t, mine: m, differs: t !== m };
  });
}

/** A calendar date (stored at UTC midnight) as the yyyy-mm-dd a date input holds, whatever the browser's zone. */
export function calendarDay(value: Date | string): string {
  return (value instanceof Date ? value.toISOString() : value).slice(0, 10);
}

const comparable = (value: unknown): string => (value instanceof Date ? value.toISOString() : JSON.stringify(value ?? null));

/**
 * The fields the user changed since editing started. Only these are sent: "keep mine" re-applies the
 * user's own changes on top of the colleague's version, never the stale copy of a field they left alone.
 */
export function changedValues<V extends object>(base: V, values: V): Partial<V> {
  const changes: Partial<V> = {};
  for (const key of Object.keys(values) as (keyof V)[]) {
    if (comparable(values[key]) !== comparable(base[key])) changes[key] = values[key];
  }
  return changes;
}
