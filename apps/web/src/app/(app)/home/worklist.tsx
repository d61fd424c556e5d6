"use client";

import Link from "next/link";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import type { FlagCode, Role } from "@stepwise/domain";
import { flagCodes, flagGroupLabels, isAcknowledged } from "@stepwise/domain/flag-display";
import { useLive } from "~/components/live";
import { SafetyAcknowledgementLine, SafetyResponseButton } from "~/components/safety-response";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";
import { worklistInput, type WorklistView } from "./worklist-input";

type Page = RouterOutputs["worklist"]["mine"];
type Entry = Page["items"][number];
type View = WorklistView;

const titles: Partial<Record<Role, string>> = {
  physician: "Worklist",
  psychologist: "Patients with mood or catastrophizing flags",
  physical_therapist: "Patients needing attention",
  coordinator: "Patients needing the team",
};


/**
 * While a self-harm flag is on the list, a colleague's response must reach this home without a
 * reload. The live stream is per patient page (joining it from a home would replay each patient's
 * whole history and show this clinician as "viewing" every flagged plan), so the home re-reads
 * the pages it shows on a short interval instead, and only while such a flag is open.
 */
const SAFETY_REFRESH_MS = 20_000;
/**
 * A flag raised on any plan of the list (issue 13: a patient's own PHQ-9 from home) arrives live: the
 * stream says when this user's list changed (`caseload`). Only while the stream is down is the list
 * re-read on an interval, a slow one.
 */
const STREAM_DOWN_REFRESH_MS = 5 * 60_000;

export function useWorklist(view: View = "flagged") {
  const trpc = useTRPC();
  const { watchCaseload, status } = useLive();
  useEffect(() => watchCaseload(), [watchCaseload]);
  const query = useInfiniteQuery(
    trpc.worklist.mine.infiniteQueryOptions(worklistInput(view), {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
      initialCursor: 0,
      refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some((e) => e.flags.some((f) => f.code === "safety_self_harm"))) ? SAFETY_REFRESH_MS : status === "live" ? false : STREAM_DOWN_REFRESH_MS),
    }),
  );
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];
  const first = query.data?.pages[0];
  return { query, entries, total: first?.total ?? 0, counts: first?.counts };
}

/** "Show more" under a paged home list, with how many are shown of how many. */
export function ShowMore({ list, noun }: { list: ReturnType<typeof useWorklist>; noun: string }) {
  const { query, entries, total } = list;
  if (!query.data || total === 0) return null;
  return (
    <div className="list-more" style={{ display: "flex", alignItems: "center", gap: "0.75rem", marginTop: "0.75rem" }}>
      <span className="meta" aria-live="polite">
        {entries.length} of {total} {noun}
      </span>
      {query.hasNextPage ? (
        <button type="button" className="btn small secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? "Loading…" : "Show more"}
        </button>
      ) : null}
    </div>
  );
}

/**
 * §6.9 on every clinical role's home, above everything else: each patient with a self-harm flag,
 * who has responded and when, and "Record response" for the clinicians who may.
 */
export function SafetyAlerts({ canRespond }: { canRespond: boolean }) {
  const { entries } = useWorklist();
  const flagged = entries.flatMap((e) => e.flags.filter((f) => f.code === "safety_self_harm").map((flag) => ({ entry: e, flag })));
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
                  <SafetyResponseButton patientId={entry.id} assessmentId={flag.assessmentId} patientName={name} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function Worklist({ role, tab }: { role: Role; tab?: string }) {
  const list = useWorklist();
  const { query, entries, counts } = list;
  const groups = Object.entries(counts?.byCode ?? {}) as [FlagCode, number][];
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
      {query.isPending ? <div className="skeleton" role="status" aria-label="Loading worklist" /> : null}
      {query.isError ? (
        <div className="alert error" role="alert">
          The worklist could not be loaded. <button className="btn small secondary" onClick={() => void query.refetch()}>Try again</button>
        </div>
      ) : null}
      {query.data && entries.length === 0 ? <div className="empty">Nothing needs you right now.</div> : null}
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
