import type { Metadata } from "next";
import Link from "next/link";
import { fmtDate, fmtTime } from "~/lib/format";
import { api } from "~/trpc/server";
import { portalCss } from "../portal-css";
import { portalRead } from "../portal-data";

export const metadata: Metadata = { title: "Questionnaires" };

const stateWords = { due: "Due now", late: "Overdue", done: "Done", not_yet: "Not yet" } as const;

/** What the team asked the patient to fill in between visits, and today's pain diary after a test block. */
export default async function MyQuestionnairesPage() {
  const caller = await api();
  const mine = await portalRead(() => caller.questionnaires.mine());
  const open = [...mine.scheduled.filter((s) => s.state === "due" || s.state === "late"), ...mine.followUps.filter((f) => f.state !== "done")];
  const later = mine.scheduled.filter((s) => s.state === "done" || s.state === "not_yet");
  return (
    <div className="portal">
      <style>{portalCss}</style>
      <h1>Questionnaires</h1>
      <p className="meta">Your answers go to your care team and show how you are doing between visits.</p>

      {mine.diaries.length > 0 ? (
        <section className="card" aria-labelledby="diary-heading">
          <h2 id="diary-heading">Today’s pain diary</h2>
          <ul className="portal-list">
            {mine.diaries.map((d) => (
              <li key={d.procedureId}>
                <strong>{d.label}</strong>
                <span className="meta">
                  {d.performedAt ? `Done at ${fmtTime(d.performedAt)}` : d.scheduledFor ? `Booked for ${fmtTime(d.scheduledFor)}` : "Booked for today"}
                </span>
                <Link className="btn" href={`/my/diary/${d.procedureId}`}>
                  Open my pain diary
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" aria-labelledby="due-heading">
        <h2 id="due-heading">To fill in now</h2>
        {open.length === 0 ? <p className="meta">Nothing to fill in right now. Thank you!</p> : null}
        <ul className="portal-list">
          {open.map((q) => {
            const key = "procedureId" in q ? `${q.procedureId}:${q.timePoint}` : q.instrument;
            return (
              <li key={key} data-testid={`questionnaire-${q.instrument}`}>
                <strong>{q.title}</strong>
                <span className={q.state === "late" ? "pill warn" : "meta"}>
                  {stateWords[q.state]}
                  {"reason" in q ? ` — ${q.reason}` : q.dueOn ? ` — since ${fmtDate(q.dueOn)}` : ""}
                </span>
                <Link className="btn" href={`/my/questionnaires/${q.instrument}`}>
                  Start: {q.title}
                </Link>
              </li>
            );
          })}
        </ul>
      </section>

      {later.length > 0 ? (
        <section className="card" aria-labelledby="later-heading">
          <h2 id="later-heading">Coming up</h2>
          <ul className="portal-list">
            {later.map((q) => (
              <li key={q.instrument}>
                <strong>{q.title}</strong>
                <span className="meta">
                  {q.state === "done" ? `Done${q.lastAnsweredOn ? ` on ${fmtDate(q.lastAnsweredOn)}` : ""}. ` : ""}Next on {fmtDate(q.nextDueOn)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
