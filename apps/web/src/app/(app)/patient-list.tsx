"use client";

import Link from "next/link";
import { useDeferredValue, useEffect, useRef, useState } from "react";
import { roleLabels } from "@stepwise/domain/role-labels";
import { Field } from "~/components/field";
import type { RouterOutputs } from "~/lib/types";
import { findPatients } from "./home/actions";

type PatientPage = RouterOutputs["patients"]["list"];
const pageSize = 25;
type TermCheck = (search: string) => string | undefined;

/**
 * The caseload's first page arrives with the home; a search or another page is read through a
 * server action (the same procedure and gate), so the home loads no client data layer for it.
 */
function usePatientPage(initial: PatientPage, search: string, cursor: number) {
  const [state, setState] = useState<{ data: PatientPage; isError: boolean }>({ data: initial, isError: false });
  const [attempt, setAttempt] = useState(0);
  const first = useRef(true);
  useEffect(() => {
    // The first page (no search) is what the server rendered; re-rendered pages bring a fresh one.
    if (first.current && !search && cursor === 0 && attempt === 0) {
      first.current = false;
      return;
    }
    first.current = false;
    let current = true;
    findPatients(search, cursor).then(
      (data) => current && setState({ data, isError: false }),
      () => current && setState((s) => ({ ...s, isError: true })),
    );
    return () => {
      current = false;
    };
  }, [search, cursor, attempt]);
  useEffect(() => {
    if (!search && cursor === 0) setState({ data: initial, isError: false });
  }, [initial, search, cursor]);
  return { ...state, refetch: () => setAttempt((n) => n + 1) };
}

export function PatientList({ initial }: { initial: PatientPage }) {
  const [cursor, setCursor] = useState(0);
  // Searches as the user types; a term the server would refuse stays in the box with its error beside it.
  // The rule (the domain's schema) loads with the first keystroke; until it has, nothing is searched.
  const [search, setSearch] = useState("");
  const [check, setCheck] = useState<{ fn: TermCheck } | null>(null);
  const searchError = search && check ? check.fn(search) : undefined;
  const deferred = useDeferredValue(searchError || (search && !check) ? "" : search.trim());
  const onSearch = (value: string) => {
    setSearch(value);
    setCursor(0);
    if (!check) void import("./patient-search").then((m) => setCheck({ fn: m.searchTermError }));
  };
  const query = usePatientPage(initial, deferred, cursor);

  return (
    <section className="card" aria-labelledby="patients-heading">
      <h2 id="patients-heading">All my patients</h2>
      <div className="toolbar">
        <form role="search" aria-label="Patients" noValidate style={{ flex: "1 1 18rem", maxWidth: 360 }} onSubmit={(e) => e.preventDefault()}>
          <Field label="Search patients by name or MRN" labelHidden error={searchError ? { message: searchError } : undefined}>
            {(p) => <input type="search" name="search" placeholder="Search by name or MRN" {...p} value={search} onChange={(e) => onSearch(e.target.value)} />}
          </Field>
        </form>
        <span className="muted" aria-live="polite">
          {`${query.data.total} patient${query.data.total === 1 ? "" : "s"}`}
        </span>
      </div>
      {query.isError ? (
        <div className="alert error" role="alert">
          The patient list could not be loaded. <button className="btn small secondary" onClick={() => void query.refetch()}>Try again</button>
        </div>
      ) : query.data.items.length === 0 ? (
        <div className="empty">{deferred ? `No patients match “${deferred}”.` : "No patients are assigned to you yet."}</div>
      ) : (
        <>
          <table className="table" data-testid="patient-table">
            <thead>
              <tr>
                <th scope="col">Patient</th>
                <th scope="col">MRN</th>
                <th scope="col">Age</th>
                <th scope="col" className="hide-narrow">Condition</th>
                <th scope="col" className="hide-narrow">Your role</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link href={`/patients/${p.id}`}>
                      {p.familyName}, {p.givenName}
                    </Link>
                  </td>
                  <td className="mono">{p.mrn}</td>
                  <td>{p.age}</td>
                  <td className="hide-narrow">{p.primaryCondition}</td>
                  <td className="hide-narrow">{roleLabels[p.myRole]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <button className="btn secondary small" disabled={cursor === 0} onClick={() => setCursor(Math.max(0, cursor - pageSize))}>
              Previous
            </button>
            <span className="muted">
              {cursor + 1}–{cursor + query.data.items.length} of {query.data.total}
            </span>
            <button className="btn secondary small" disabled={query.data.nextCursor === null} onClick={() => setCursor(query.data.nextCursor ?? cursor)}>
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}
