"use client";

import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import type { Instrument, PatientQuestion } from "@stepwise/domain";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/**
 * Every question as a group of large radio buttons; the answers are sent as responses only (the
 * server scores them). A PHQ-9 whose last item is above 0 brings back the crisis resources, shown at
 * once in an alert before anything else.
 */
export function QuestionnaireForm({ instrument, questions }: { instrument: Instrument; questions: PatientQuestion[] }) {
  const trpc = useTRPC();
  const [answers, setAnswers] = useState<(number | null)[]>(() => questions.map(() => null));
  const [missing, setMissing] = useState(false);
  const submit = useMutation(trpc.questionnaires.submit.mutationOptions());
  const done = submit.data;

  if (done) {
    return (
      <>
        {done.crisis ? (
          <div className="alert error crisis" role="alert" data-testid="crisis-resources">
            <h2>Please get help now</h2>
            <p>{done.crisis.text}</p>
            <p>Your care team has been told and will contact you.</p>
          </div>
        ) : null}
        <div className="card" role="status">
          <h2>Thank you — your answers were sent to your care team.</h2>
          <Link className="btn secondary" href="/my/questionnaires">
            Back to my questionnaires
          </Link>
        </div>
      </>
    );
  }

  return (
    <form
      className="questionnaire"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const responses = answers.filter((a): a is number => a !== null);
        if (responses.length !== questions.length) {
          setMissing(true);
          return;
        }
        submit.mutate({ instrument, responses });
      }}
    >
      <style>{questionnaireCss}</style>
      {questions.map((q, index) => (
        <fieldset key={q.text} className="card question">
          <legend>
            <span className="meta">
              Question {index + 1} of {questions.length}
            </span>
            <span className="question-text">{q.text}</span>
          </legend>
          <div className={q.options.length > 4 ? "options scale" : "options"}>
            {q.options.map((o) => (
              <label key={o.value} className="option">
                <input
                  type="radio"
                  name={`q${index}`}
                  value={o.value}
                  checked={answers[index] === o.value}
                  onChange={() => setAnswers((prev) => prev.map((a, i) => (i === index ? o.value : a)))}
                />
                <span>{o.label}</span>
              </label>
            ))}
          </div>
          {missing && answers[index] === null ? <p className="field-error">Please choose an answer.</p> : null}
        </fieldset>
      ))}
      {submit.isError ? (
        <div className="alert error" role="alert">
          {errorInfo(submit.error).message}
        </div>
      ) : null}
      <button className="btn" type="submit" disabled={submit.isPending}>
        {submit.isPending ? "Sending…" : "Send my answers"}
      </button>
    </form>
  );
}

const questionnaireCss = `
.questionnaire { display: grid; gap: 1rem; }
.questionnaire fieldset { border: 1px solid var(--line); margin: 0; min-width: 0; }
.questionnaire legend { display: grid; gap: 0.25rem; padding: 0; margin-bottom: 0.5rem; float: left; width: 100%; }
.questionnaire legend + * { clear: both; }
.question-text { font-weight: 600; font-size: 1.05rem; }
.questionnaire .options { display: grid; gap: 0.4rem; }
.questionnaire .options.scale { grid-template-columns: repeat(auto-fill, minmax(3rem, 1fr)); }
.questionnaire .options.scale .option:first-child, .questionnaire .options.scale .option:last-child { grid-column: 1 / -1; }
.questionnaire .option { display: flex; align-items: center; gap: 0.5rem; min-height: 44px; padding: 0.25rem 0.6rem; border: 1px solid var(--line); border-radius: 8px; cursor: pointer; }
.questionnaire .option input { width: 1.25rem; height: 1.25rem; margin: 0; }
.questionnaire .option:has(input:checked) { border-color: var(--brand); background: var(--brand-soft); font-weight: 600; }
.questionnaire .field-error { color: var(--danger); margin: 0.4rem 0 0; }
.crisis h2 { margin: 0 0 0.4rem; }
.crisis p { margin: 0 0 0.4rem; font-size: 1.05rem; }
`;
