"use client";

import { humanize } from "~/lib/format";

/** What the other person changed, side by side with the user's edit, and a way to re-apply it. */
export function ConflictNotice({
  current,
  mine,
  onReapply,
  onDiscard,
}: {
  current: Record<string, unknown>;
  mine: Record<string, unknown>;
  onReapply: () => void;
  onDiscard: () => void;
}) {
  const fields = Object.keys(mine).filter((k) => k in current);
  return (
    <div className="conflict" role="alert">
      <strong>Someone else changed this while you were editing.</strong>
      <table className="table" style={{ marginTop: "0.5rem" }}>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Now saved</th>
            <th scope="col">Your edit</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f}>
              <td>{humanize(f)}</td>
              <td>{String(current[f] ?? "—")}</td>
              <td>{String(mine[f] ?? "—")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" className="btn small" onClick={onReapply}>
          Re-apply my edit
        </button>
        <button type="button" className="btn small secondary" onClick={onDiscard}>
          Keep their version
        </button>
      </div>
    </div>
  );
}
