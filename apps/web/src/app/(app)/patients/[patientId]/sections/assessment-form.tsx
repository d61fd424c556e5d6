"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { assessmentInstrumentsByRole, instrumentDefinitions, submitAssessmentInputSchema, type Instrument, type Role, type SubmitAssessmentInput } from "@stepwise/domain";
import { Field, FormAlert, useServerSubmit } from "~/components/form";
import { humanize, isoDay } from "~/lib/format";
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

type AssessmentDraft = z.input<typeof submitAssessmentInputSchema>;
// An ODI section may stay unanswered (null); every other instrument starts with no answers at all.
// The date administered defaults to today; a paper form from last week is entered with its own date.
const blankDraft = (patientId: string, instrument: Instrument): AssessmentDraft => ({
  ...(instrument === "odi" ? { patientId, instrument, responses: Array.from({ length: instrumentDefinitions.odi.items }, () => null) } : { patientId, instrument, responses: [] }),
  administeredAt: isoDay(new Date()),
});
const toResponse = (v: string | number | null) => (v === "" || v === null ? null : Number(v));

/**
 * Item responses only: the server scores on submit and the result is shown back. `instruments`
 * narrows the choice where the page is about some of them (pain and function on the Outcomes tab).
 */
export function AssessmentForm({ patientId, role, instruments, title = "Administer an assessment" }: { patientId: string; role: Role; instruments?: readonly Instrument[]; title?: string }) {
  const allowed = assessmentInstrumentsByRole[role].filter((i) => !instruments || instruments.includes(i));
  const [instrument, setInstrument] = useState<Instrument | undefined>(allowed[0]);
  if (!instrument) return null;
  const chooser = (
    <div className="chips" role="group" aria-label="Instrument">
      {allowed.map((i) => (
        <button key={i} type="button" className="chip" aria-pressed={instrument === i} onClick={() => setInstrument(i)}>
          {instrumentDefinitions[i].label}
        </button>
      ))}
    </div>
  );
  // A fresh form per instrument: answers to one never carry into another.
  return <InstrumentForm key={instrument} patientId={patientId} instrument={instrument} chooser={chooser} title={title} />;
}

function InstrumentForm({ patientId, instrument, chooser, title }: { patientId: string; instrument: Instrument; chooser: ReactNode; title: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshPlan(patientId);
  const [result, setResult] = useState<string | null>(null);
  const form = useForm<AssessmentDraft, unknown, SubmitAssessmentInput>({ resolver: zodResolver(submitAssessmentInputSchema), defaultValues: blankDraft(patientId, instrument) });
  const submit = useMutation(trpc.assessments.submit.mutationOptions());
  const { onSubmit, formError } = useServerSubmit(form, async (values) => {
    setResult(null);
    const saved = await submit.mutateAsync(values);
    setResult(saved.score === null ? "Saved as incomplete: more than one section unanswered, so no score." : `Saved. Score ${saved.score}${saved.severity ? ` — ${humanize(saved.severity)}` : ""}.`);
    form.reset(blankDraft(patientId, instrument));
    await refresh();
  });
  const def = instrumentDefinitions[instrument];
  const values = Array.from({ length: def.itemMax - def.itemMin + 1 }, (_, i) => def.itemMin + i);
  const responses: readonly (number | null | undefined)[] = form.watch("responses");
  const answered = responses.filter((r) => r !== null && r !== undefined).length;
  const unanswered = form.formState.errors.responses ? `Answer every item (${def.items - answered} left).` : null;
  return (
    <form className="card" aria-label={title} noValidate onSubmit={onSubmit}>
      <h2>{title}</h2>
      {chooser}
      <Field label="Date administered" hint="Not in the future, not before the patient's birth." error={form.formState.errors.administeredAt}>
        {(p) => <input type="date" max={isoDay(new Date())} {...p} {...form.register("administeredAt", { setValueAs: (v: string) => (v === "" ? undefined : v) })} />}
      </Field>
      <FormAlert message={formError ?? unanswered} />
      {result ? (
        <div className="alert info" role="status">
          {result}
        </div>
      ) : null}
      <ol style={{ paddingLeft: "1.2rem" }}>
        {Array.from({ length: def.items }, (_, i) => (
          <li key={i} style={{ margin: "0.6rem 0" }}>
            <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
              <legend>{itemText[instrument]?.[i] ?? `${instrument === "odi" ? "Section" : "Item"} ${i + 1}`}</legend>
              <div className="chips">
                {values.map((v) => (
                  <label key={v} className="chip" style={{ display: "inline-flex", gap: "0.3rem", alignItems: "center" }}>
                    <input type="radio" value={v} style={{ width: "auto", minHeight: "auto" }} {...form.register(`responses.${i}`, { setValueAs: toResponse })} />
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
