"use client";

import { useState, useTransition } from "react";
import type { RouterOutputs } from "~/lib/types";
import { saveCrisisText } from "./admin-actions";

type Current = RouterOutputs["questionnaires"]["crisisText"];

/** The administrator's form for the crisis text patients see after a PHQ-9 with item 9 above 0 (and in the messages banner). */
export function AdminCrisisText({ current }: { current: Current }) {
  const [saved, setSaved] = useState(false);
  // A save re-renders the home with the new version: the editor starts again from it, still saying "Saved.".
  return <CrisisTextEditor key={current.version ?? 0} initial={current} saved={saved} setSaved={setSaved} />;
}

function CrisisTextEditor({ initial, saved, setSaved }: { initial: Current; saved: boolean; setSaved: (saved: boolean) => void }) {
  const [text, setText] = useState(initial.text);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const save = () =>
    startTransition(async () => {
      setSaved(false);
      setError(null);
      const result = await saveCrisisText({ text, ...(initial.version === null ? {} : { version: initial.version }) });
      if ("ok" in result) setSaved(true);
      else setError(result.refusal.code === "CONFLICT" ? "Someone else changed the text meanwhile: reload to see it, then save again." : result.refusal.message);
    });
  return (
    <section className="card" aria-labelledby="crisis-text-heading">
      <h2 id="crisis-text-heading">Crisis resources shown to patients</h2>
      <p className="meta">
        Shown at once to a patient whose PHQ-9 answers item 9 above 0, and in the banner of their messages. {initial.isDefault ? "The default (US) text is in use." : ""}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label htmlFor="crisis-text">Text</label>
        <textarea id="crisis-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} style={{ width: "100%" }} />
        {error ? (
          <div className="alert error" role="alert">
            {error}
          </div>
        ) : null}
        {saved ? <div role="status">Saved.</div> : null}
        <div style={{ display: "flex", gap: "0.5rem", marginTop: "0.5rem" }}>
          <button className="btn" type="submit" disabled={pending}>
            Save
          </button>
          <button className="btn secondary" type="button" onClick={() => setText(initial.defaultText)}>
            Use the default text
          </button>
        </div>
      </form>
    </section>
  );
}
