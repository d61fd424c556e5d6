"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { disciplineLabels, disciplines, type Discipline } from "@stepwise/domain";
import { fmtDateTime } from "~/lib/format";
import { useTRPC } from "~/trpc/react";
import { TIMELINE_PAGE } from "./series-range";

export function TimelineSection({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const [discipline, setDiscipline] = useState<Discipline | "">("");
  const query = useInfiniteQuery(
    trpc.timeline.list.infiniteQueryOptions(
      { patientId, limit: TIMELINE_PAGE, ...(discipline ? { discipline } : {}) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <div className="section-head">
        <h2 id="timeline-heading">Plan changes</h2>
        <div className="chips" role="group" aria-label="Filter by discipline">
          <button type="button" className="chip" aria-pressed={discipline === ""} onClick={() => setDiscipline("")}>
            All
          </button>
          {disciplines.map((d) => (
            <button key={d} type="button" className="chip" aria-pressed={discipline === d} onClick={() => setDiscipline(d)}>
              {disciplineLabels[d]}
            </button>
          ))}
        </div>
      </div>
      {query.isPending ? <div className="skeleton" /> : null}
      {query.isError ? <div className="alert error" role="alert">The timeline could not be loaded.</div> : null}
      {query.data && items.length === 0 ? <p className="meta">No changes recorded{discipline ? " for this discipline" : ""}.</p> : null}
      <ol className="timeline" data-testid="timeline">
        {items.map((e) => (
          <li key={e.id}>
            <span className="meta">{fmtDateTime(e.occurredAt)}</span>
            <div>
              <div>{e.summary}</div>
              <div className="meta">
                {e.actorName}
                {e.discipline ? ` · ${disciplineLabels[e.discipline as Discipline] ?? e.discipline}` : ""}
              </div>
            </div>
          </li>
        ))}
      </ol>
      {query.hasNextPage ? (
        <button className="btn secondary small" type="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()} style={{ marginTop: "0.75rem" }}>
          {query.isFetchingNextPage ? "Loading…" : "Show older changes"}
        </button>
      ) : null}
    </section>
  );
}
