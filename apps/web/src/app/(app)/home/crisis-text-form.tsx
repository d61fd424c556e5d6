"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** The administrator's form for the crisis text patients see after a PHQ-9 with item 9 above 0 (and in the messages banner). */
export function CrisisTextForm() {
  const trpc = useTRPC();
  const current = useQuery(trpc.questionnaires.crisisText.queryOptions());
  if (!current.data) return null;
  return <CrisisTextEditor key={current.data.version ?? 0} initial={current.data} onSaved={() => void current.refetch()} />;
}

function CrisisTextEditor({ initial, onSaved }: { initial: { text: string; isDefault: boolean; version: number | null; defaultText: string }; onSaved: () => void }) {
  const trpc = useTRPC();
  const [text, setText] = useState(initial.text);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.questionnaires.setCrisisText.mutationOptions({
      onSuccess: () => {
        setSaved(true);
        onSaved();
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="crisis-text-heading">
      <h2 id="crisis-text-heading">Crisis resources shown to patients</h2>
      <p className="meta">
        Shown at once to a patient whose PHQ-9 answers item 9 above 0, and in the banner of their messages. {initial.isDefault ? "The default (US) text is in use." : ""}
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          save.mutate({ text, ...(initial.version === null ? {} : { version: initial.version }) });
        }}
      >
        <label htmlFor="crisis-text">Text</label>
        <textarea id="crisis-text" rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} style={{ width: "100%" }} />
        {save.isError ? (
          <div className="alert error" role="alert">
            {errorInfo(save.error).code === "CONFLICT" ? "Someone else changed the text meanwhile: reload to see it, then save again." : errorInfo(save.error).message}
          </div>
        ) : null}
        {saved ? <div role="status">Saved.</div> : null}
        <div style={{ display: "flex", gap: "0.5rem", marginTop: "0.5rem" }}>
          <button className="btn" type="submit" disabled={save.isPending}>
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
