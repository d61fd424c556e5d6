"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { assessmentInstrumentsByRole, instrumentDefinitions, type Instrument, type Role } from "@stepwise/domain";
import { FormAlert } from "~/components/form";
import { humanize } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { useRefreshPlan } from "./use-plan";

// PHQ-9, GAD-7 and PEG items are free to reproduce; ODI and PCS wording is licensed, so only item
// numbers are shown for them (clinical-reference.md §1).
const itemText: Partial<Record<Instrument, string[]>> = {
  nrs: ["Average pain in the last week (0 = none, 10 = worst imaginable)"],
  peg3: ["Average pain in the past week", "Interference with enjoyment of life", "Interference with general activity"],
  phq9: [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself",
    "Trouble concentrating on things",
    "Moving or speaking slowly, or being fidgety or restless",
    "Thoughts that you would be better off dead, or of hurting yourself",
  ],
  gad7: [
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
  ],
};

/** Item responses only: the server scores on submit and the result is shown back. */
export function AssessmentForm({ patientId, role }: { patientId: string; role: Role }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const allowed = assessmentInstrumentsByRole[role];
  const [instrument, setInstrument] = useState<Instrument | undefined>(allowed[0]);
  const [responses, setResponses] = useState<(number | null)[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const submit = useMutation(trpc.assessments.submit.mutationOptions());
  if (!instrument) return null;
  const def = instrumentDefinitions[instrument];
  const values = Array.from({ length: def.itemMax - def.itemMin + 1 }, (_, i) => def.itemMin + i);
  const choose = (i: Instrument) => {
    setInstrument(i);
    setResponses([]);
    setResult(null);
    setError(null);
  };
  return (
    <form
      className="card"
      aria-label="Administer an assessment"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        setResult(null);
        const full = Array.from({ length: def.items }, (_, i) => responses[i] ?? null);
        if (instrument !== "odi" && full.some((r) => r === null)) {
          setError(`Answer every item (${full.filter((r) => r === null).length} left).`);
          return;
        }
        try {
          const saved = await submit.mutateAsync({ patientId, instrument, responses: full } as never);
          setResult(saved.score === null ? "Saved as incomplete: more than one section unanswered, so no score." : `Saved. Score ${saved.score}${saved.severity ? ` — ${humanize(saved.severity)}` : ""}.`);
          setResponses([]);
          await refresh();
        } catch (err) {
          setError(errorInfo(err).message);
        }
      }}
    >
      <h2>Administer an assessment</h2>
      <div className="chips" role="group" aria-label="Instrument">
        {allowed.map((i) => (
          <button key={i} type="button" className="chip" aria-pressed={instrument === i} onClick={() => choose(i)}>
            {instrumentDefinitions[i].label}
          </button>
        ))}
      </div>
      <FormAlert message={error} />
      {result ? (
        <div className="alert info" role="status">
          {result}
        </div>
      ) : null}
      <ol style={{ paddingLeft: "1.2rem" }}>
        {Array.from({ length: def.items }, (_, i) => (
          <li key={`${instrument}-${i}`} style={{ margin: "0.6rem 0" }}>
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <legend>{itemText[instrument]?.[i] ?? `${instrument === "odi" ? "Section" : "Item"} ${i + 1}`}</legend>
              <div className="chips">
                {values.map((v) => (
                  <label key={v} className="chip" style={{ display: "inline-flex", gap: "0.3rem", alignItems: "center" }}>
                    <input
                      type="radio"
                      name={`${instrument}-${i}`}
                      value={v}
                      checked={responses[i] === v}
                      onChange={() => setResponses((r) => Object.assign([...r], { [i]: v }))}
                      style={{ width: "auto", minHeight: "auto" }}
                    />
                    {v}
                  </label>
                ))}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <button className="btn" type="submit" disabled={submit.isPending}>
        Submit and score
      </button>
    </form>
  );
}
