"use client";

/** "Show older …": the rows behind the plan's latest few, a page at a time, once asked for. */
export function ShowOlder({ label, remaining, loading, onClick }: { label: string; remaining: number; loading: boolean; onClick: () => void }) {
  if (remaining <= 0) return null;
  return (
    <button className="btn secondary small" type="button" disabled={loading} onClick={onClick} style={{ marginTop: "0.75rem" }}>
      {loading ? "Loading…" : `${label} (${remaining} more)`}
    </button>
  );
}
