import Link from "next/link";
import type { FlagCode, Role } from "@stepwise/domain";
import { flagCodes, flagGroupLabels, isAcknowledged } from "@stepwise/domain/flag-display";
import { SafetyAcknowledgementLine, SafetyResponseButton } from "~/components/safety-response";
import type { RouterOutputs } from "~/lib/types";
import { api } from "~/trpc/server";
import { ShowMoreButton } from "./show-more";
import { worklistInput, type WorklistView } from "./worklist-input";

type Page = RouterOutputs["worklist"]["mine"];
type Entry = Page["items"][number];

const titles: Partial<Record<Role, string>> = {
  physician: "Worklist",
  psychologist: "Patients with mood or catastrophizing flags",
  physical_therapist: "Patients needing attention",
  coordinator: "Patients needing the team",
};

/** One home list as shown: its first `pages` pages ("Show more" asks for one more), read with the HTML. */
export interface HomeList {
  view: WorklistView;
  pages: number;
  entries: Entry[];
  total: number;
  counts: Page["counts"];
  hasMore: boolean;
}

/** Reads a home list through `worklist.mine` (its gate and audit), page after page up to `pages`. */
export async function readList(view: WorklistView, pages: number): Promise<HomeList> {
  const caller = await api();
  const entries: Entry[] = [];
  let cursor: number | null = 0;
  let first: Page | undefined;
  for (let i = 0; i < pages && cursor !== null; i++) {
    const page: Page = await caller.worklist.mine({ ...worklistInput(view), cursor });
    first ??= page;
    entries.push(...page.items);
    cursor = page.nextCursor ?? null;
  }
  return { view, pages, entries, total: first?.total ?? 0, counts: first!.counts, hasMore: cursor !== null };
}

/** Whether a self-harm flag is on the list (the home then re-reads it on a short interval too). */
export const hasSafetyFlag = (list: HomeList) => list.entries.some((e) => e.flags.some((f) => f.code === "safety_self_harm"));

/** "Show more" under a paged home list, with how many are shown of how many. */
export function ShowMore({ list, noun }: { list: HomeList; noun: string }) {
  if (list.total === 0) return null;
  return (
    <div className="list-more" style={{ display: "flex", alignItems: "center", gap: "0.75rem", marginTop: "0.75rem" }}>
      <span className="meta" aria-live="polite">
        {list.entries.length} of {list.total} {noun}
      </span>
      {list.hasMore ? <ShowMoreButton param={list.view} pages={list.pages + 1} /> : null}
    </div>
  );
}

/**
 * §6.9 on every clinical role's home, above everything else: each patient with a self-harm flag,
 * who has responded and when, and "Record response" for the clinicians who may.
 */
export function SafetyAlerts({ list, canRespond }: { list: HomeList; canRespond: boolean }) {
  const flagged = list.entries.flatMap((e) => e.flags.filter((f) => f.code === "safety_self_harm").map((flag) => ({ entry: e, flag })));
  if (flagged.length === 0) return null;
  return (
    <section className="card" aria-labelledby="safety-alerts-heading" data-testid="safety-alerts">
      <div className="section-head">
        <h2 id="safety-alerts-heading">Safety: self-harm answers</h2>
        <span className="meta">the whole care team sees these</span>
      </div>
      <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {flagged.map(({ entry, flag }) => {
          const name = `${entry.familyName}, ${entry.givenName}`;
          const acknowledged = isAcknowledged(flag.acknowledgement);
          return (
            <li key={entry.id} className={`item flag ${flag.severity}${acknowledged ? " acknowledged" : ""}`} data-testid="safety-alert" style={{ display: "block" }}>
              {/* The alert role sits inside the item: a list holds list items only. */}
              <div role={acknowledged ? undefined : "alert"}>
                <span className={`pill ${acknowledged ? "warn" : "danger"}`}>{acknowledged ? "Acknowledged" : "Urgent"}</span> <Link href={`/patients/${entry.id}`}>{name}</Link> — {flag.message}
              </div>
              <SafetyAcknowledgementLine ack={flag.acknowledgement} />
              {canRespond && flag.assessmentId ? (
                <div style={{ marginTop: "0.3rem" }}>
                  <SafetyResponseButton patientId={entry.id} assessmentId={flag.assessmentId} patientName={name} serverRendered />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function Worklist({ list, role, tab }: { list: HomeList; role: Role; tab?: string }) {
  const { entries, counts } = list;
  const groups = Object.entries(counts.byCode ?? {}) as [FlagCode, number][];
  return (
    <section className="card" aria-labelledby="worklist-heading">
      <div className="section-head">
        <h2 id="worklist-heading">{titles[role] ?? "Worklist"}</h2>
        <span className="meta">ranked: safety first</span>
      </div>
      {groups.length > 0 ? (
        <ul className="chips" aria-label="Patients per flag" style={{ listStyle: "none", padding: 0, margin: "0 0 0.75rem" }}>
          {groups
            .sort(([a], [b]) => flagCodes.indexOf(a) - flagCodes.indexOf(b))
            .map(([code, n]) => (
              <li key={code} className={`pill ${code === "safety_self_harm" ? "danger" : ""}`}>
                {flagGroupLabels[code]}: {n}
              </li>
            ))}
        </ul>
      ) : null}
      {entries.length === 0 ? <div className="empty">Nothing needs you right now.</div> : null}
      {entries.length > 0 ? (
        <table className="table" data-testid="worklist">
          <thead>
            <tr>
              <th scope="col">Patient</th>
              <th scope="col">Flags</th>
              <th scope="col" className="hide-narrow">Step</th>
              <th scope="col" className="hide-narrow">MME/day</th>
              <th scope="col" className="hide-narrow">Latest NRS</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <WorklistRow key={e.id} entry={e} tab={tab} />
            ))}
          </tbody>
        </table>
      ) : null}
      <ShowMore list={list} noun="flagged patients" />
    </section>
  );
}

function WorklistRow({ entry, tab }: { entry: Entry; tab?: string }) {
  return (
    <tr>
      <td>
        <Link href={`/patients/${entry.id}${tab ? `?tab=${tab}` : ""}`}>
          {entry.familyName}, {entry.givenName}
        </Link>
        <div className="meta">
          {entry.age} · {entry.primaryCondition}
        </div>
      </td>
      <td>
        <div className="chips">
          {entry.flags.length === 0 ? <span className="meta">—</span> : null}
          {entry.flags.map((f, i) => (
            <span key={`${f.code}-${i}`} className={`pill ${f.severity === "urgent" ? "danger" : f.severity === "high" ? "warn" : ""}`} title={f.message}>
              {f.code === "safety_self_harm" && isAcknowledged(f.acknowledgement) ? `Acknowledged by ${f.acknowledgement.byName ?? "a colleague"} — ` : ""}
              {f.message}
            </span>
          ))}
        </div>
      </td>
      <td className="hide-narrow" title={`Current step ${entry.ladder.current} (${entry.ladder.currentLabel}); highest reached ${entry.ladder.highestReached}`}>
        {entry.ladder.current}
        {entry.ladder.basis === "work_up" ? " (work-up)" : ""}
        {entry.ladder.highestReached > entry.ladder.current ? <span className="meta"> · max {entry.ladder.highestReached}</span> : null}
      </td>
      <td className="hide-narrow">{entry.mme}</td>
      <td className="hide-narrow">{entry.latestNrs ?? "—"}</td>
    </tr>
  );
}
