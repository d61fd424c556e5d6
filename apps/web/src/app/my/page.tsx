import type { Metadata } from "next";
import Link from "next/link";
import { fmtDate, fmtDateTime } from "~/lib/format";
import { api } from "~/trpc/server";
import { portalRead } from "./portal-data";
import { QuestionnaireReminder } from "./questionnaire-reminder";
import { portalCss } from "./portal-css";

export const metadata: Metadata = { title: "My plan" };

/** My plan: a server-rendered page (no client JavaScript of its own), read through the patient's own gate. */
export default async function MyPlanPage() {
  const caller = await api();
  const [plan, unread] = await Promise.all([portalRead(() => caller.portal.plan()), unreadMessages(caller)]);
  const { goals, byDiscipline, upcoming, todo, careTeam, sharedSummaries } = plan;
  const teamAtWork = byDiscipline.filter((d) => d.items.length > 0);
  return (
    <div className="portal">
      <style>{portalCss}</style>
      <h1>My plan</h1>
      <QuestionnaireReminder />
      {unread > 0 ? (
        <p className="portal-notice">
          <Link className="btn" href="/my/messages">
            {unread === 1 ? "1 new message from your team" : `${unread} new messages from your team`}
          </Link>
        </p>
      ) : null}

      <section className="card" aria-labelledby="coming-up">
        <h2 id="coming-up">Coming up</h2>
        {upcoming.length === 0 ? <p className="meta">Nothing booked yet. Your team will let you know.</p> : null}
        <ul className="portal-list">
          {upcoming.map((u) => (
            <li key={`${u.kind}:${u.id}`}>
              <strong>{u.title}</strong>
              <span>{fmtDateTime(u.at)}</span>
              <span className="meta">{u.detail}</span>
              {u.kind === "procedure" ? (
                <Link className="portal-link" href="/my/procedures">
                  How to prepare
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="to-do">
        <h2 id="to-do">Things to do</h2>
        {todo.homeExercises.length === 0 && todo.actionItems.length === 0 ? <p className="meta">Nothing for you to do right now.</p> : null}
        {todo.homeExercises.length > 0 ? (
          <>
            <h3>Your exercises at home</h3>
            <p className="meta">From your physical therapist. Keep going between visits, and tell them what is hard.</p>
            <ul className="portal-list">
              {todo.homeExercises.map((h) => (
                <li key={h.id}>{h.title}</li>
              ))}
            </ul>
          </>
        ) : null}
        {todo.actionItems.length > 0 ? (
          <>
            <h3>Asked of you by your team</h3>
            <ul className="portal-list">
              {todo.actionItems.map((a) => (
                <li key={a.id}>
                  <span>{a.description}</span>
                  <span className={a.overdue ? "pill warn" : "meta"}>{a.overdue ? `Was due ${fmtDate(a.dueDate)}` : `By ${fmtDate(a.dueDate)}`}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="goals">
        <h2 id="goals">Your goals</h2>
        {goals.length === 0 ? <p className="meta">You and your team have not set goals yet.</p> : null}
        <ul className="portal-list">
          {goals.map((g) => (
            <li key={g.id}>
              <strong>{g.description}</strong>
              <span>
                Aim: {g.target}, by {fmtDate(g.targetDate)}
              </span>
              <span className="meta">
                <span className={`pill ${g.status === "met" ? "ok" : g.status === "active" ? "brand" : ""}`}>{g.statusLabel}</span> {g.who}
              </span>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="team-work">
        <h2 id="team-work">What your team is doing</h2>
        {teamAtWork.length === 0 ? <p className="meta">Your team is putting your plan together.</p> : null}
        {teamAtWork.map((d) => (
          <div key={d.discipline}>
            <h3>{d.label}</h3>
            <ul className="portal-list">
              {d.items.map((i) => (
                <li key={i.id}>
                  <strong>{i.title}</strong>
                  <span className="meta">
                    {i.kindLabel} · {i.statusLabel}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>

      {sharedSummaries.length > 0 ? (
        <section className="card" aria-labelledby="from-psychologist">
          <h2 id="from-psychologist">From your psychologist</h2>
          {sharedSummaries.map((s) => (
            <article key={s.id} className="portal-summary">
              <p className="meta">{fmtDate(s.createdAt)}</p>
              <p>{s.body}</p>
            </article>
          ))}
        </section>
      ) : null}

      <section className="card" aria-labelledby="my-team">
        <h2 id="my-team">Your care team</h2>
        <ul className="portal-list">
          {careTeam.map((m) => (
            <li key={`${m.roleLabel}:${m.name}`}>
              <strong>{m.name}</strong>
              <span className="meta">
                {m.roleLabel}
                {m.lead ? " · leads your care" : ""}
              </span>
            </li>
          ))}
        </ul>
        <Link className="btn secondary" href="/my/messages">
          Send your team a message
        </Link>
      </section>
    </div>
  );
}

/** The count of new messages, when the messages service answers; the plan shows without it otherwise. */
async function unreadMessages(caller: Awaited<ReturnType<typeof api>>): Promise<number> {
  try {
    return (await caller.messages.mine({ limit: 1 })).unread;
  } catch {
    return 0;
  }
}
