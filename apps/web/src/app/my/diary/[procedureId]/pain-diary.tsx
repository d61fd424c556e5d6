"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { defaultQuestionnaireSchedulePolicy, type PatientDiaryPoint } from "@stepwise/domain";
import { fmtTime } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

/** Read again every half minute: a diary point opens at its clock time while the page stays open. */
const REFRESH_MS = 30_000;

const scores = Array.from({ length: 11 }, (_, i) => i);

function ScoreEntry({ label, point, procedureId, onSaved }: { label: string; point: PatientDiaryPoint; procedureId: string; onSaved: () => void }) {
  const trpc = useTRPC();
  const [score, setScore] = useState<number | null>(null);
  const record = useMutation(trpc.questionnaires.recordDiary.mutationOptions({ onSuccess: onSaved }));
  return (
    <form
      className="diary-entry"
      onSubmit={(e) => {
        e.preventDefault();
        if (score !== null) record.mutate({ procedureId, timePoint: point, painScore: score });
      }}
    >
      <fieldset>
        <legend>{label}</legend>
        <div className="diary-scale">
          {scores.map((s) => (
            <label key={s} className="option">
              <input type="radio" name={`score-${point}`} value={s} checked={score === s} onChange={() => setScore(s)} />
              <span>{s}</span>
            </label>
          ))}
        </div>
        <p className="meta diary-anchors">
          <span>0 = no pain</span>
          <span>10 = worst pain</span>
        </p>
      </fieldset>
      {record.isError ? (
        <div className="alert error" role="alert">
          {errorInfo(record.error).message}
        </div>
      ) : null}
      <button className="btn" type="submit" disabled={score === null || record.isPending}>
        {record.isPending ? "Saving…" : "Save this score"}
      </button>
    </form>
  );
}

export function PainDiary({ procedureId }: { procedureId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = trpc.questionnaires.diary.queryOptions({ procedureId });
  const { data: diary } = useQuery({ ...options, refetchInterval: REFRESH_MS, refetchOnWindowFocus: true });
  const refresh = () => void qc.invalidateQueries({ queryKey: options.queryKey });
  if (!diary) return null;
  const nextOpen = diary.points.find((p) => p.state === "open");
  return (
    <>
      <style>{diaryCss}</style>
      <section className="card" aria-labelledby="block-heading">
        <h2 id="block-heading">{diary.label}</h2>
        <p className="meta">
          {diary.performedAt ? `Done at ${fmtTime(diary.performedAt)}.` : diary.scheduledFor ? `Booked for ${fmtTime(diary.scheduledFor)}.` : "Booked for today."}
          {diary.state === "waiting" ? " The times below appear once your team has marked the block as done." : ""}
          {diary.state === "closed" ? " This diary has closed." : ""}
        </p>
      </section>

      <section className="card" aria-labelledby="before-heading">
        <h2 id="before-heading">Before the block</h2>
        {diary.pre.painScore !== null ? (
          <p data-testid="diary-pre">Your pain before the block: {diary.pre.painScore} out of 10</p>
        ) : diary.pre.canRecord ? (
          <ScoreEntry label="How bad is your pain right now, before the block?" point="pre" procedureId={procedureId} onSaved={refresh} />
        ) : (
          <p className="meta">Not recorded.</p>
        )}
      </section>

      <section className="card" aria-labelledby="after-heading">
        <h2 id="after-heading">After the block</h2>
        <ol className="portal-list diary-times">
          {diary.points.map((p) => (
            <li key={p.timePoint} data-testid={`diary-${p.timePoint}`}>
              <strong>
                {p.label} after{p.promptAt ? ` — at ${fmtTime(p.promptAt)}` : ""}
              </strong>
              {p.state === "recorded" ? <span>Your pain: {p.painScore} out of 10</span> : null}
              {p.state === "upcoming" ? <span className="meta">{p.promptAt ? `Opens at ${fmtTime(new Date(new Date(p.promptAt).getTime() - defaultQuestionnaireSchedulePolicy.diaryEarlyMinutes * 60_000))}` : "Waiting for the block"}</span> : null}
              {p.state === "closed" ? <span className="meta">Missed</span> : null}
              {p.state === "open" && p.timePoint === nextOpen?.timePoint && diary.pre.painScore !== null ? (
                <ScoreEntry label={`How bad is your pain now, ${p.label} after the block?`} point={p.timePoint} procedureId={procedureId} onSaved={refresh} />
              ) : p.state === "open" ? (
                <span className="meta">Ready to score</span>
              ) : null}
            </li>
          ))}
        </ol>
        {diary.reliefPercent !== null ? <p data-testid="diary-relief">So far your pain went down by {Math.max(0, diary.reliefPercent)}% at its lowest.</p> : null}
      </section>
    </>
  );
}

const diaryCss = `
.diary-entry { display: grid; gap: 0.6rem; }
.diary-entry fieldset { border: none; padding: 0; margin: 0; min-width: 0; }
.diary-entry legend { font-weight: 600; margin-bottom: 0.5rem; padding: 0; }
.diary-scale { display: grid; grid-template-columns: repeat(6, 1fr); gap: 0.35rem; }
.diary-scale .option { display: flex; align-items: center; justify-content: center; gap: 0.3rem; min-height: 44px; border: 1px solid var(--line); border-radius: 8px; cursor: pointer; }
.diary-scale .option:has(input:checked) { border-color: var(--brand); background: var(--brand-soft); font-weight: 700; }
.diary-scale input { width: 1.1rem; height: 1.1rem; margin: 0; }
.diary-anchors { display: flex; justify-content: space-between; margin: 0.3rem 0 0; }
`;
