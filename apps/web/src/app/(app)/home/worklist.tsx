"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import type { Role } from "@stepwise/domain";
import type { RouterOutputs } from "~/lib/types";
import { useTRPC } from "~/trpc/react";

type Entry = RouterOutputs["worklist"]["mine"][number];

const titles: Partial<Record<Role, string>> = {
  physician: "Worklist",
  psychologist: "Patients with mood or catastrophizing flags",
  physical_therapist: "Patients needing attention",
  coordinator: "Patients needing the team",
};

export function useWorklist() {
  const trpc = useTRPC();
  return useQuery(trpc.worklist.mine.queryOptions());
}

export function Worklist({ role, tab, onlyFlagged = false }: { role: Role; tab?: string; onlyFlagged?: boolean }) {
  const query = useWorklist();
  const entries = (query.data ?? []).filter((e) => !onlyFlagged || e.flags.length > 0);
  return (
    <section className="card" aria-labelledby="worklist-heading">
      <div className="section-head">
        <h2 id="worklist-heading">{titles[role] ?? "Worklist"}</h2>
        <span className="meta">ranked: safety first</span>
      </div>
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
              {f.message}
            </span>
          ))}
        </div>
      </td>
      <td className="hide-narrow">{entry.currentStep}</td>
      <td className="hide-narrow">{entry.mme}</td>
      <td className="hide-narrow">{entry.latestNrs ?? "—"}</td>
    </tr>
  );
}
