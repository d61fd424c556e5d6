"use client";

import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { canTransition, disciplineOfRole, instrumentDefinitions, planItemStatuses, roleLabels, type Instrument, type PlanItemStatus, type Role } from "@stepwise/domain";
import { FormAlert } from "~/components/form";
import { PresenceBar, useLiveTopic } from "~/components/live";
import { useVersionedEdit, VersionedEditNotice } from "~/components/versioned-edit";
import { fmtDate, fmtDateTime, humanize, isoDay } from "~/lib/format";
import type { RouterOutputs } from "~/lib/types";
import { errorInfo } from "~/lib/trpc-errors";
import type { EditField } from "~/lib/versioned-edit";
import { useTRPC } from "~/trpc/react";

type Meeting = RouterOutputs["meetings"]["get"];
type Case = Meeting["cases"][number];
type VisibleCase = Extract<Case, { visible: true }>;

function useRefreshMeeting(meetingId: string) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return async () => {
    await Promise.all([qc.invalidateQueries({ queryKey: trpc.meetings.pathKey() }), qc.invalidateQueries({ queryKey: trpc.actionItems.pathKey() })]);
    void meetingId;
  };
}

export function MeetingRoom({ meetingId, userId, role }: { meetingId: string; userId: string; role: Role }) {
  const trpc = useTRPC();
  useLiveTopic("meeting", meetingId);
  const query = useQuery(trpc.meetings.get.queryOptions({ meetingId }));
  const [selected, setSelected] = useState<string | null>(null);
  if (query.isPending) return <div className="card skeleton" role="status" aria-label="Loading the meeting" style={{ height: "8rem" }} />;
  if (query.isError)
    return (
      <div className="card empty" role="alert">
        <h1>Meeting not found</h1>
        <p>{query.error.message}</p>
        <Link href="/meetings">Back to meetings</Link>
      </div>
    );
  const m = query.data;
  const open = m.meeting.status !== "closed";
  const current = m.cases.find((c): c is VisibleCase => c.visible && c.id === selected) ?? null;
  return (
    <div className="grid">
      <div className="page-head">
        <div>
          <h1>{m.meeting.title}</h1>
          <p>
            {fmtDateTime(m.meeting.scheduledFor)} · {m.meeting.durationMinutes} min · <span className="pill brand">{m.meeting.status.replace("_", " ")}</span>
          </p>
        </div>
        <div className="actions">
          <PresenceBar topic={`meeting:${meetingId}`} selfId={userId} />
          {m.meeting.status === "closed" ? (
            <Link className="btn secondary" href={`/meetings/${meetingId}/minutes`}>
              Minutes
            </Link>
          ) : null}
        </div>
      </div>
      <div className="meeting-layout">
        <div className="grid">
          <Agenda meeting={m} selected={selected} onSelect={setSelected} />
          {m.viewer.canManage && open ? <Proposals meetingId={meetingId} /> : null}
          <section className="card" aria-labelledby="attendees-heading">
            <h2 id="attendees-heading">Attendees</h2>
            <ul className="team">
              {m.attendees.map((a) => (
                <li key={a.userId}>
                  {a.name} <span className="pill">{roleLabels[a.role as Role] ?? a.role}</span>
                  {a.attended === true ? <span className="pill ok">attended</span> : a.attended === false ? <span className="pill">absent</span> : null}
                  {a.signedOffAt ? <span className="pill brand">signed off</span> : null}
                </li>
              ))}
            </ul>
          </section>
        </div>
        <div className="grid">
          {current ? <CaseView meeting={m} item={current} role={role} /> : <div className="card empty">Choose a case on the agenda to open its review.</div>}
          {m.viewer.canManage && open ? <CloseMeeting meeting={m} /> : null}
        </div>
      </div>
    </div>
  );
}

function Agenda({ meeting, selected, onSelect }: { meeting: Meeting; selected: string | null; onSelect: (id: string) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting(meeting.meeting.id);
  const [error, setError] = useState<string | null>(null);
  const opts = { onSuccess: refresh, onError: (e: unknown) => setError(errorInfo(e).message) };
  const reorder = useMutation(trpc.meetings.reorderCases.mutationOptions(opts));
  const remove = useMutation(trpc.meetings.removeCase.mutationOptions(opts));
  const manage = meeting.viewer.canManage && meeting.meeting.status !== "closed";
  const ids = meeting.cases.map((c) => c.id).filter((id): id is string => !!id);
  const move = (index: number, by: -1 | 1) => {
    const next = [...ids];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    reorder.mutate({ meetingId: meeting.meeting.id, expectedVersion: meeting.meeting.version, caseIds: next });
  };
  return (
    <section className="card" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">Agenda</h2>
      <FormAlert message={error} />
      {meeting.cases.length === 0 ? <p className="meta">No cases yet{manage ? ": add them from the proposals below." : "."}</p> : null}
      <ol className="items" style={{ paddingLeft: 0, listStyle: "none" }} data-testid="agenda">
        {meeting.cases.map((c, i) => (
          <li key={c.id ?? `hidden-${i}`} className={`item ${c.visible && c.id === selected ? "selected" : ""}`}>
            <div className="item-head">
              <div>
                {c.visible ? (
                  <button type="button" className="linklike" onClick={() => onSelect(c.id)} aria-pressed={c.id === selected}>
                    {i + 1}. {c.patientName}
                  </button>
                ) : (
                  <span className="meta">
                    {i + 1}. {c.label}
                  </span>
                )}
                {c.visible ? <div className="meta">{c.reason}</div> : null}
              </div>
              <span className={`pill ${c.status === "discussed" ? "ok" : c.status === "carried_over" ? "warn" : ""}`}>{humanize(c.status)}</span>
            </div>
            {manage && c.id ? (
              <div className="actions">
                <button type="button" className="btn small ghost" disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)} aria-label={`Move case ${i + 1} up`}>
                  ▲
                </button>
                <button type="button" className="btn small ghost" disabled={i === meeting.cases.length - 1 || reorder.isPending} onClick={() => move(i, 1)} aria-label={`Move case ${i + 1} down`}>
                  ▼
                </button>
                {c.visible && c.status === "pending" ? (
                  <button type="button" className="btn small ghost" onClick={() => remove.mutate({ caseId: c.id, expectedVersion: c.version })}>
                    Remove
                  </button>
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Proposals({ meetingId }: { meetingId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting(meetingId);
  const query = useQuery(trpc.meetings.proposeAgenda.queryOptions({ meetingId }));
  const [error, setError] = useState<string | null>(null);
  const add = useMutation(trpc.meetings.addCase.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorInfo(e).message) }));
  return (
    <section className="card" aria-labelledby="proposals-heading">
      <h2 id="proposals-heading">Proposed from flags</h2>
      <FormAlert message={error} />
      {query.isPending ? <div className="skeleton" /> : null}
      {query.data?.length === 0 ? <p className="meta">No patient has a flag that needs the team.</p> : null}
      <ul className="items" style={{ listStyle: "none", padding: 0, margin: 0 }} data-testid="proposals">
        {(query.data ?? []).slice(0, 15).map((p) => (
          <li key={p.patientId} className="item" style={{ display: "flex", justifyContent: "space-between", gap: "0.75rem", alignItems: "center" }}>
            <div>
              <strong>{p.patientName}</strong>
              <div className="meta">{p.reason}</div>
            </div>
            <button
              type="button"
              className="btn small secondary"
              disabled={add.isPending}
              aria-label={`Add ${p.patientName} to the agenda`}
              onClick={() => add.mutate({ meetingId, patientId: p.patientId, reason: p.reason.slice(0, 1000), ...(p.carriedFromCaseId ? { carriedFromCaseId: p.carriedFromCaseId } : {}) })}
            >
              Add
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CaseView({ meeting, item, role }: { meeting: Meeting; item: VisibleCase; role: Role }) {
  const trpc = useTRPC();
  const meetingId = meeting.meeting.id;
  const patientId = item.patientId;
  const summary = useQuery(trpc.meetings.caseSummary.queryOptions({ patientId, meetingId }));
  const refresh = useRefreshMeeting(meetingId);
  const [error, setError] = useState<string | null>(null);
  const onError = (e: unknown) => setError(errorInfo(e).message);
  const decide = useMutation(trpc.meetings.recordDecision.mutationOptions({ onSuccess: refresh, onError }));
  const open = meeting.meeting.status !== "closed";
  const ref = { patientId, meetingId, caseId: item.id };
  const s = summary.data;
  return (
    <section className="card" aria-labelledby="case-heading" data-testid="case-view">
      <div className="section-head">
        <div>
          <h2 id="case-heading">{item.patientName}</h2>
          <p className="meta" style={{ margin: 0 }}>
            {item.reason}
          </p>
        </div>
        <Link href={`/patients/${patientId}`} className="btn small secondary">
          Open the plan
        </Link>
      </div>
      <FormAlert message={error} />
      {summary.isPending ? <div className="skeleton" /> : null}
      {summary.isError ? <FormAlert message={summary.error.message} /> : null}
      {s ? (
        <div className="grid">
          <p className="meta">
            Changes since {s.lastReview ? `the last review (${fmtDate(s.since)})` : `${fmtDate(s.since)} (no earlier review)`}.
          </p>
          <div>
            <h3>Scores</h3>
            {s.assessments.length === 0 ? <p className="meta">No new scores.</p> : null}
            <ul className="meta">
              {s.assessments.map((a) => (
                <li key={a.instrument}>
                  <strong>{instrumentDefinitions[a.instrument as Instrument]?.label ?? a.label}</strong>: {a.first.score ?? "—"} → {a.latest.score ?? "—"} ({a.count} readings){a.trend ? ` · ${a.trend}` : ""}
                  {a.meaningfulImprovement ? " · meaningful improvement" : ""}
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>Physical therapy</h3>
            <p className="meta">
              {s.therapySessions.attended} attended · {s.therapySessions.missed} missed · {s.therapySessions.cancelled} cancelled · {s.therapySessions.minutes} minutes
            </p>
          </div>
          <div>
            <h3>Procedures</h3>
            {s.procedures.length === 0 ? <p className="meta">None in this window.</p> : null}
            <ul className="meta">
              {s.procedures.map((p) => (
                <li key={p.id}>
                  {p.label}: {p.status}
                  {p.reliefPercent !== null ? ` · ${p.reliefPercent}% relief` : ""}
                </li>
              ))}
            </ul>
          </div>
          {s.psychSummaries.length > 0 ? (
            <div>
              <h3>Psychology (shared summaries)</h3>
              {s.psychSummaries.map((n) => (
                <p key={n.id} className="note shared">
                  {n.body} <span className="meta">— {n.authorName}, {fmtDate(n.createdAt)}</span>
                </p>
              ))}
            </div>
          ) : null}
          {s.candidacy.map((c) => (
            <div key={c.procedureId} className="item">
              <h3>
                On the table: {c.label} {c.readyToApprove ? <span className="pill ok">ready to approve</span> : <span className="pill warn">{c.openCriteria.length} open criteria</span>}
              </h3>
              <ul className="checklist">
                {c.checklist.criteria.map((cr) => (
                  <li key={cr.id}>
                    <span className={`status-${cr.status}`}>{cr.status === "met" ? "✓ met" : cr.status === "not_met" ? "✗ not met" : "? unknown"}</span>
                    <span>
                      {cr.label}
                      {cr.status !== "met" && cr.missing ? <span className="meta"> — missing: {cr.missing}</span> : null}
                    </span>
                  </li>
                ))}
              </ul>
              {open && role === "physician" ? (
                <button className="btn" type="button" disabled={decide.isPending} onClick={() => decide.mutate({ ...ref, kind: "approve_procedure", procedureId: c.procedureId, expectedVersion: c.version })}>
                  Approve {c.label}
                </button>
              ) : null}
            </div>
          ))}
          <div>
            <h3>Plan changes since</h3>
            <ul className="meta">
              {s.events.slice(0, 12).map((e) => (
                <li key={e.id}>
                  {fmtDate(e.occurredAt)} · {e.summary} ({e.actorName})
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
      {open ? (
        <>
          <DecisionForms refs={ref} role={role} onError={onError} />
          <ActionItemForm refs={ref} />
          <DiscussionForm key={item.id} meetingId={meetingId} item={item} />
        </>
      ) : null}
    </section>
  );
}

type CaseNotes = { discussionNotes: string };
const caseNotesFields: readonly EditField<CaseNotes>[] = [{ key: "discussionNotes", label: "Discussion summary" }];
const caseNotes = (c: { discussionNotes: string | null }): CaseNotes => ({ discussionNotes: c.discussionNotes ?? "" });

/**
 * The case's discussion summary. It shows the saved text until the user starts typing; from then on
 * the save is checked against the version they started from, so a colleague's summary saved
 * meanwhile is shown beside theirs instead of being overwritten.
 */
function DiscussionForm({ meetingId, item }: { meetingId: string; item: VisibleCase }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting(meetingId);
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const discussed = useMutation(trpc.meetings.markDiscussed.mutationOptions());
  const edit = useVersionedEdit({
    row: item,
    values: caseNotes,
    startOnMount: false,
    saveUnchanged: true,
    save: ({ values, expectedVersion }) => discussed.mutateAsync({ caseId: item.id, expectedVersion, discussionNotes: values.discussionNotes }),
    onSaved: async () => {
      setDraft(null);
      await refresh();
    },
    onTakeTheirs: () => {
      setDraft(null);
      void refresh();
    },
  });
  const notes = draft ?? item.discussionNotes ?? "";
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        edit.submit({ discussionNotes: notes }).catch((err: unknown) => setError(errorInfo(err).message));
      }}
    >
      <VersionedEditNotice edit={edit} fields={caseNotesFields} subject="the discussion summary" />
      <FormAlert message={error} />
      <div className="field">
        <label htmlFor="discussion">Discussion summary</label>
        <textarea
          id="discussion"
          rows={3}
          value={notes}
          onChange={(e) => {
            edit.start();
            setDraft(e.target.value);
          }}
        />
      </div>
      <button className="btn secondary" type="submit" disabled={edit.saving || edit.standing.kind === "conflict" || !notes.trim()}>
        {item.status === "discussed" ? "Update discussion" : "Mark discussed"}
      </button>
    </form>
  );
}

type Refs = { patientId: string; meetingId: string; caseId: string };

function DecisionForms({ refs, role, onError }: { refs: Refs; role: Role; onError: (e: unknown) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting(refs.meetingId);
  const [note, setNote] = useState("");
  const [goal, setGoal] = useState({ description: "", measure: "", target: "", targetDate: isoDay(new Date(Date.now() + 56 * 864e5)) });
  const [saved, setSaved] = useState<string | null>(null);
  const decide = useMutation(
    trpc.meetings.recordDecision.mutationOptions({
      onSuccess: async () => {
        setSaved("Decision recorded.");
        await refresh();
      },
      onError,
    }),
  );
  const discipline = disciplineOfRole(role);
  return (
    <div className="inline-form">
      <h3>Record a decision</h3>
      {saved ? (
        <div className="alert info" role="status">
          {saved}
        </div>
      ) : null}
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          decide.mutate({ ...refs, kind: "note", text: note });
          setNote("");
        }}
      >
        <label htmlFor="decision-note" className="visually-hidden">
          Decision
        </label>
        <input id="decision-note" placeholder="Decision, e.g. continue PT for 6 weeks then review" value={note} onChange={(e) => setNote(e.target.value)} style={{ flex: 1 }} />
        <button className="btn small" type="submit" disabled={!note.trim() || decide.isPending}>
          Record
        </button>
      </form>
      {discipline ? <ItemDecision refs={refs} discipline={discipline} onDone={(m) => setSaved(m)} onError={onError} /> : null}
      {discipline ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            decide.mutate({ ...refs, kind: "add_goal", goal: { ...goal, discipline, problemId: null } });
          }}
        >
          <div className="form-grid">
            <div className="field">
              <label htmlFor="g-desc">New goal</label>
              <input id="g-desc" value={goal.description} onChange={(e) => setGoal({ ...goal, description: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="g-measure">Measure</label>
              <input id="g-measure" value={goal.measure} onChange={(e) => setGoal({ ...goal, measure: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="g-target">Target</label>
              <input id="g-target" value={goal.target} onChange={(e) => setGoal({ ...goal, target: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="g-date">By</label>
              <input id="g-date" type="date" value={goal.targetDate} onChange={(e) => setGoal({ ...goal, targetDate: e.target.value })} />
            </div>
          </div>
          <button className="btn small secondary" type="submit" disabled={!goal.description.trim() || decide.isPending}>
            Add goal as a decision
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** "Change a step": start, complete, stop or hold one of the caller's own plan items, as a decision. */
function ItemDecision({ refs, discipline, onDone, onError }: { refs: Refs; discipline: string; onDone: (message: string) => void; onError: (e: unknown) => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting(refs.meetingId);
  const plan = useQuery(trpc.carePlan.get.queryOptions({ patientId: refs.patientId }));
  const [itemId, setItemId] = useState("");
  const [to, setTo] = useState<PlanItemStatus | "">("");
  const decide = useMutation(
    trpc.meetings.recordDecision.mutationOptions({
      onSuccess: async () => {
        onDone("Plan item changed as decided.");
        setItemId("");
        setTo("");
        await refresh();
      },
      onError,
    }),
  );
  const mine = (plan.data?.planItems ?? []).filter((i) => i.discipline === discipline && planItemStatuses.some((s) => canTransition(i.status, s)));
  const item = mine.find((i) => i.id === itemId);
  if (mine.length === 0) return null;
  return (
    <form
      className="actions"
      aria-label="Change a plan item"
      onSubmit={(e) => {
        e.preventDefault();
        if (item && to) decide.mutate({ ...refs, kind: "transition_item", planItemId: item.id, expectedVersion: item.version, to });
      }}
    >
      <label htmlFor="d-item" className="visually-hidden">
        Plan item
      </label>
      <select id="d-item" value={itemId} onChange={(e) => setItemId(e.target.value)} style={{ width: "auto", maxWidth: "18rem" }}>
        <option value="">Change a plan item…</option>
        {mine.map((i) => (
          <option key={i.id} value={i.id}>
            Step {i.ladderStep}: {i.title} ({humanize(i.status)})
          </option>
        ))}
      </select>
      <label htmlFor="d-to" className="visually-hidden">
        New status
      </label>
      <select id="d-to" value={to} onChange={(e) => setTo(e.target.value as PlanItemStatus)} disabled={!item} style={{ width: "auto" }}>
        <option value="">to…</option>
        {item
          ? planItemStatuses
              .filter((s) => canTransition(item.status, s))
              .map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))
          : null}
      </select>
      <button className="btn small secondary" type="submit" disabled={!item || !to || decide.isPending}>
        Decide
      </button>
    </form>
  );
}

function ActionItemForm({ refs }: { refs: Refs }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting(refs.meetingId);
  const team = useQuery(trpc.careTeam.get.queryOptions({ patientId: refs.patientId }));
  const [description, setDescription] = useState("");
  const [ownerId, setOwnerId] = useState("");
  const [dueDate, setDueDate] = useState(isoDay(new Date(Date.now() + 7 * 864e5)));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const create = useMutation(
    trpc.actionItems.create.mutationOptions({
      onSuccess: async () => {
        setSaved("Action item assigned.");
        setDescription("");
        await refresh();
      },
      onError: (e) => setError(errorInfo(e).message),
    }),
  );
  return (
    <form
      className="inline-form"
      aria-label="Assign an action item"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        setSaved(null);
        create.mutate({ ...refs, description, ownerId, dueDate });
      }}
    >
      <h3>Action item</h3>
      <FormAlert message={error} />
      {saved ? (
        <div className="alert info" role="status">
          {saved}
        </div>
      ) : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="ai-desc">What</label>
          <input id="ai-desc" value={description} onChange={(e) => setDescription(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="ai-owner">Owner</label>
          <select id="ai-owner" value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
            <option value="">Choose…</option>
            {(team.data?.team ?? []).map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name} ({roleLabels[m.role]})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ai-due">Due</label>
          <input id="ai-due" type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
        </div>
      </div>
      <button className="btn small" type="submit" disabled={!description.trim() || !ownerId || create.isPending}>
        Assign
      </button>
    </form>
  );
}

function CloseMeeting({ meeting }: { meeting: Meeting }) {
  const trpc = useTRPC();
  const refresh = useRefreshMeeting(meeting.meeting.id);
  const [attendance, setAttendance] = useState<Record<string, { attended: boolean; signedOff: boolean }>>(() =>
    Object.fromEntries(meeting.attendees.map((a) => [a.userId, { attended: true, signedOff: true }])),
  );
  const [error, setError] = useState<string | null>(null);
  const close = useMutation(trpc.meetings.close.mutationOptions({ onSuccess: refresh, onError: (e) => setError(errorInfo(e).message) }));
  const pending = meeting.cases.filter((c) => c.status === "pending").length;
  return (
    <form
      className="card"
      aria-label="Close the meeting"
      onSubmit={(e) => {
        e.preventDefault();
        close.mutate({
          meetingId: meeting.meeting.id,
          expectedVersion: meeting.meeting.version,
          attendance: meeting.attendees.map((a) => ({ userId: a.userId, attended: attendance[a.userId]?.attended ?? false, signedOff: (attendance[a.userId]?.attended ?? false) && (attendance[a.userId]?.signedOff ?? false) })),
        });
      }}
    >
      <h2>Close the meeting</h2>
      <FormAlert message={error} />
      {pending > 0 ? <p className="alert warn">{pending} case{pending === 1 ? "" : "s"} not discussed will carry over to the next meeting.</p> : null}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Attendee</th>
            <th scope="col">Attended</th>
            <th scope="col">Signs off</th>
          </tr>
        </thead>
        <tbody>
          {meeting.attendees.map((a) => (
            <tr key={a.userId}>
              <td>{a.name}</td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${a.name} attended`}
                  checked={attendance[a.userId]?.attended ?? false}
                  onChange={(e) => setAttendance({ ...attendance, [a.userId]: { attended: e.target.checked, signedOff: e.target.checked && (attendance[a.userId]?.signedOff ?? false) } })}
                  style={{ width: "auto", minHeight: "auto" }}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${a.name} signs off`}
                  disabled={!attendance[a.userId]?.attended}
                  checked={attendance[a.userId]?.signedOff ?? false}
                  onChange={(e) => setAttendance({ ...attendance, [a.userId]: { attended: true, signedOff: e.target.checked } })}
                  style={{ width: "auto", minHeight: "auto" }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button className="btn" type="submit" disabled={close.isPending}>
        Close and write the minutes
      </button>
    </form>
  );
}
