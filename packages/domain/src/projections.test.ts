import { describe, expect, it } from "vitest";
import type { PsychNote } from "./entities";
import { projectPsychNotes, projectTimeline, projectTimelineEvent, visiblePlanEvents, visibleTo, type StoredPlanEvent, type TimelineEvent, type Viewer } from "./projections";
import { NOW, OTHER_PSYCH_ID, PATIENT, PHYSICIAN_ID, PSYCH_ID, PT_ID, uid } from "./test-fixtures";

const note = (kind: PsychNote["kind"], authorId = PSYCH_ID): PsychNote => ({ id: uid(), patientId: PATIENT, authorId, kind, body: "…", createdAt: NOW });
const event = (overrides: Partial<TimelineEvent>): TimelineEvent => ({
  id: "1",
  patientId: PATIENT,
  occurredAt: NOW,
  actorId: PSYCH_ID,
  entityType: "psych_note",
  entityId: uid(),
  eventType: "created",
  summary: "Psych note added",
  psychNoteKind: "psychotherapy",
  authorId: PSYCH_ID,
  ...overrides,
});

const author: Viewer = { userId: PSYCH_ID, role: "psychologist" };
const colleague: Viewer = { userId: OTHER_PSYCH_ID, role: "psychologist" };
const physician: Viewer = { userId: PHYSICIAN_ID, role: "physician" };
const pt: Viewer = { userId: PT_ID, role: "physical_therapist" };
const coordinator: Viewer = { userId: uid(), role: "coordinator" };
const admin: Viewer = { userId: uid(), role: "admin" };

describe("projectPsychNotes", () => {
  const notes = [note("shared_summary"), note("psychotherapy"), note("psychotherapy", OTHER_PSYCH_ID)];

  it("the author sees their own psychotherapy notes and every shared summary", () => {
    expect(projectPsychNotes(notes, author)).toEqual([notes[0], notes[1]]);
    expect(projectPsychNotes(notes, colleague)).toEqual([notes[0], notes[2]]);
  });
  it("physician, PT and coordinator see shared summaries only; admin sees nothing", () => {
    for (const viewer of [physician, pt, coordinator]) expect(projectPsychNotes(notes, viewer)).toEqual([notes[0]]);
    expect(projectPsychNotes(notes, admin)).toEqual([]);
  });
});

describe("projectTimelineEvent", () => {
  it("withholds psychotherapy-note events from everyone but the author", () => {
    const e = event({});
    expect(projectTimelineEvent(e, author)).toBe(e);
    for (const viewer of [colleague, physician, pt, coordinator, admin]) expect(projectTimelineEvent(e, viewer)).toBeNull();
  });
  it("treats a psych-note event of unknown kind as psychotherapy", () => {
    expect(projectTimelineEvent(event({ psychNoteKind: null }), physician)).toBeNull();
  });
  it("shows shared-summary and other events to the care team, nothing to admin", () => {
    const shared = event({ psychNoteKind: "shared_summary" });
    const plan = event({ entityType: "plan_item", psychNoteKind: null, authorId: null, summary: "PT plan item started" });
    expect(projectTimeline([shared, plan, event({})], physician)).toEqual([shared, plan]);
    expect(projectTimeline([shared, plan], admin)).toEqual([]);
  });
  it("visibleTo is the single check underneath", () => {
    expect(visibleTo(admin, { action: "audit.read" })).toBe(true);
    expect(visibleTo(coordinator, { action: "psychNote.readPsychotherapy", rowAuthorId: coordinator.userId })).toBe(false);
  });
});

describe("visiblePlanEvents", () => {
  const stored = (overrides: Partial<StoredPlanEvent> & { id: string }) => ({ entityType: "plan_item", psychNoteKind: null, authorId: null, privateTo: null, ...overrides });
  const plan = stored({ id: "plan" });
  const therapy = stored({ id: "therapy", entityType: "psych_note", psychNoteKind: "psychotherapy", authorId: PSYCH_ID });
  const summary = stored({ id: "summary", entityType: "psych_note", psychNoteKind: "shared_summary", authorId: PSYCH_ID });
  const oddKind = stored({ id: "odd", entityType: "psych_note", psychNoteKind: "diary", authorId: PSYCH_ID });
  const unknown = stored({ id: "unknown", entityType: "billing" });
  const privateToAuthor = stored({ id: "private", entityType: "comment", privateTo: PSYCH_ID });
  const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id);

  it("gives a private row to its one reader, and the author their psychotherapy-note events", () => {
    const rows = [plan, therapy, summary, oddKind, unknown, privateToAuthor];
    expect(ids(visiblePlanEvents(rows, author))).toEqual(["plan", "therapy", "summary", "odd", "private"]);
    expect(ids(visiblePlanEvents(rows, colleague))).toEqual(["plan", "summary"]);
    expect(ids(visiblePlanEvents(rows, physician))).toEqual(["plan", "summary"]);
    expect(visiblePlanEvents(rows, admin)).toEqual([]);
  });
  it("reads an unknown note kind as psychotherapy and narrows the stored text to domain types", () => {
    const [odd] = visiblePlanEvents([oddKind], author);
    expect(odd).toMatchObject({ entityType: "psych_note", psychNoteKind: null });
    expect(visiblePlanEvents([oddKind], physician)).toEqual([]);
  });
  it("shows a room no private row and no psychotherapy-note event, even when its author asks", () => {
    const rows = [plan, therapy, summary, oddKind, privateToAuthor];
    expect(ids(visiblePlanEvents(rows, author, { room: true }))).toEqual(["plan", "summary"]);
  });
});
