"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { instrumentDefinitions, patientQuestionnaireText, type Instrument } from "@stepwise/domain";
import { fmtDate, isoDay } from "~/lib/format";
import { errorInfo } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const stateWords = { due: "due", late: "overdue", done: "done", not_yet: "not started" } as const;
const everyChoices = [
  { days: 7, label: "weekly" },
  { days: 14, label: "every 2 weeks" },
  { days: 28, label: "every 4 weeks" },
  { days: 90, label: "every 3 months" },
];

type ScheduleView = { instrument: Instrument; everyDays: number; startsOn: string; active: boolean; version: number; status: { state: keyof typeof stateWords; nextDueOn: string } | null };

function ScheduleRow({ patientId, instrument, current, canManage, onSaved }: { patientId: string; instrument: Instrument; current: ScheduleView | undefined; canManage: boolean; onSaved: () => void }) {
  const trpc = useTRPC();
  const [everyDays, setEveryDays] = useState(current?.everyDays ?? 7);
  const [startsOn, setStartsOn] = useState(current?.startsOn ?? isoDay(new Date()));
  const [active, setActive] = useState(current?.active ?? true);
  const save = useMutation(trpc.questionnaires.setSchedule.mutationOptions({ onSuccess: onSaved, onError: onSaved }));
  const label = instrumentDefinitions[instrument].label;
  const id = `schedule-${instrument}`;
  const status = current?.active
    ? `${everyChoices.find((c) => c.days === current.everyDays)?.label ?? `every ${current.everyDays} days`} from ${fmtDate(current.startsOn)}${current.status ? ` — ${stateWords[current.status.state]}, next ${fmtDate(current.status.nextDueOn)}` : ""}`
    : current
      ? "stopped"
      : "not asked";
  return (
    <li data-testid={id}>
      <div>
        <strong>{label}</strong> <span className="meta">({patientQuestionnaireText[instrument]?.title})</span>: <span>{status}</span>
      </div>
      {canManage ? (
        <form
          className="schedule-form"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ patientId, instrument, everyDays, startsOn, active, ...(current ? { version: current.version } : {}) });
          }}
        >
          <label>
            How often
            <select value={everyDays} onChange={(e) => setEveryDays(Number(e.target.value))}>
              {everyChoices.map((c) => (
                <option key={c.days} value={c.days}>
                  {c.label}
                </option>
              ))}
              {everyChoices.some((c) => c.days === everyDays) ? null : <option value={everyDays}>every {everyDays} days</option>}
            </select>
          </label>
          <label>
            From
            <input type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} required />
          </label>
          <label className="check">
            <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} /> Asked
          </label>
          <button className="btn small" type="submit" disabled={save.isPending} aria-label={`Save ${label} schedule`}>
            {save.isPending ? "Saving…" : "Save"}
          </button>
          {save.isError ? (
            <span className="field-error" role="alert">
              {errorInfo(save.error).code === "CONFLICT" ? "Someone changed this schedule meanwhile: it is shown as it now stands, save again to apply yours." : errorInfo(save.error).message}
            </span>
          ) : null}
        </form>
      ) : null}
    </li>
  );
}

/** The outcomes tab's panel: which questionnaires the patient answers between visits, how often, and where each stands. */
export function QuestionnaireSchedules({ patientId, canManage }: { patientId: string; canManage: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const options = trpc.questionnaires.schedules.queryOptions({ patientId });
  const { data } = useQuery(options);
  if (!data) return null;
  const refresh = () => void qc.invalidateQueries({ queryKey: options.queryKey });
  return (
    <section className="card" aria-labelledby="questionnaire-schedules-heading">
      <style>{`.schedule-list { list-style: none; padding: 0; margin: 0; display: grid; gap: 0.6rem; }
.schedule-form { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: end; margin-top: 0.3rem; }
.schedule-form label { display: grid; gap: 0.15rem; font-size: 0.85rem; }
.schedule-form label.check { display: flex; align-items: center; gap: 0.3rem; }`}</style>
      <h2 id="questionnaire-schedules-heading">Questionnaires between visits</h2>
      <p className="meta">
        The patient answers these from their own view; answers chart here as patient-reported. Due from the day they fall, overdue after {data.policy.graceDays} days (policy {data.policy.id}).
      </p>
      <ul className="schedule-list">
        {data.answerable.map((instrument) => {
          const current = data.schedules.find((s) => s.instrument === instrument) as ScheduleView | undefined;
          return <ScheduleRow key={`${instrument}:${current?.version ?? 0}`} patientId={patientId} instrument={instrument} current={current} canManage={canManage} onSaved={refresh} />;
        })}
      </ul>
      {data.followUps.length > 0 ? (
        <p className="meta">
          After procedures: {data.followUps.map((f) => `pain score ${f.state === "done" ? "answered" : stateWords[f.state]} (${f.timePoint})`).join("; ")}.
        </p>
      ) : null}
    </section>
  );
}
