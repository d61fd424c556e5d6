import { z } from "zod";
import { idSchema } from "./common";
import type { Discipline } from "./discipline";
import { psychNoteKindSchema, type PsychNote, type PsychNoteKind } from "./entities";
import { can, type Action } from "./permissions";
import type { Role } from "./roles";

export type Viewer = { userId: string; role: Role };

/** A row as the permission check sees it: the read action it needs, and its owner fields. */
export type Visibility = { action: Action; rowAuthorId?: string; rowDiscipline?: Discipline };

/** The one visibility check every projection goes through, so lists, exports and the live feed agree. */
export function visibleTo(viewer: Viewer, subject: Visibility): boolean {
  return can(viewer.role, subject.action, { userId: viewer.userId, rowAuthorId: subject.rowAuthorId, rowDiscipline: subject.rowDiscipline });
}

export function psychNoteReadAction(kind: PsychNoteKind): Action {
  return kind === "psychotherapy" ? "psychNote.readPsychotherapy" : "psychNote.readSharedSummary";
}

export function psychNoteVisibility(note: Pick<PsychNote, "kind" | "authorId">): Visibility {
  return { action: psychNoteReadAction(note.kind), rowAuthorId: note.authorId };
}

export function projectPsychNotes<N extends Pick<PsychNote, "kind" | "authorId">>(notes: readonly N[], viewer: Viewer): N[] {
  return notes.filter((note) => visibleTo(viewer, psychNoteVisibility(note)));
}

export const timelineEntityTypes = [
  "care_plan",
  "problem",
  "goal",
  "plan_item",
  "procedure",
  "medication",
  "therapy_session",
  "psych_note",
  "clearance",
  "assessment",
  "comment",
  "meeting",
  "action_item",
  "procedure_outcome",
  "safety_profile",
  "opioid_monitoring",
  "safety_response",
  "access_grant",
  "message_thread",
] as const;
export const timelineEntityTypeSchema = z.enum(timelineEntityTypes);
export type TimelineEntityType = z.infer<typeof timelineEntityTypeSchema>;

/** One plan_events row as clients receive it (history view and live feed). */
export const timelineEventSchema = z.object({
  id: z.string(),
  patientId: idSchema,
  occurredAt: z.date(),
  actorId: idSchema,
  entityType: timelineEntityTypeSchema,
  entityId: idSchema,
  eventType: z.string().max(64),
  summary: z.string().max(500),
  /** Set for psych-note events, so a psychotherapy note's event can be withheld without loading the note. */
  psychNoteKind: psychNoteKindSchema.nullable(),
  /** The author of the underlying row, where authorship decides visibility. */
  authorId: idSchema.nullable(),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

const readActionByEntity: Record<Exclude<TimelineEntityType, "psych_note">, Action> = {
  care_plan: "carePlan.read",
  problem: "carePlan.read",
  goal: "carePlan.read",
  plan_item: "carePlan.read",
  procedure: "carePlan.read",
  medication: "carePlan.read",
  therapy_session: "therapySession.read",
  clearance: "carePlan.read",
  assessment: "assessment.read",
  comment: "comment.read",
  meeting: "meeting.read",
  action_item: "meeting.read",
  procedure_outcome: "carePlan.read",
  safety_profile: "safetyProfile.read",
  opioid_monitoring: "carePlan.read",
  safety_response: "carePlan.read",
  // Emergency access opened or ended on this patient: the care team sees who and when.
  access_grant: "carePlan.read",
  // The patient's conversation: the event says who wrote (or triaged), never what.
  message_thread: "message.read",
};

export function timelineEventVisibility(event: Pick<TimelineEvent, "entityType" | "psychNoteKind" | "authorId">): Visibility {
  if (event.entityType === "psych_note") {
    // An event that does not say its note kind is treated as psychotherapy: withholding is the safe error.
    return { action: psychNoteReadAction(event.psychNoteKind ?? "psychotherapy"), rowAuthorId: event.authorId ?? undefined };
  }
  return { action: readActionByEntity[event.entityType] };
}

/** The event as this viewer may see it, or null when they may not see it at all. */
export function projectTimelineEvent<E extends Pick<TimelineEvent, "entityType" | "psychNoteKind" | "authorId">>(event: E, viewer: Viewer): E | null {
  if (!visibleTo(viewer, { action: "timeline.read" })) return null;
  return visibleTo(viewer, timelineEventVisibility(event)) ? event : null;
}

export function projectTimeline<E extends Pick<TimelineEvent, "entityType" | "psychNoteKind" | "authorId">>(events: readonly E[], viewer: Viewer): E[] {
  return events.flatMap((event) => {
    const projected = projectTimelineEvent(event, viewer);
    return projected === null ? [] : [projected];
  });
}

/** A plan_events row as stored: entity type and note kind are free text there, and a row may be private to one user. */
export interface StoredPlanEvent {
  entityType: string;
  psychNoteKind: string | null;
  authorId: string | null;
  privateTo: string | null;
}

export type VisiblePlanEvent<R extends StoredPlanEvent> = Omit<R, "entityType" | "psychNoteKind"> & { entityType: TimelineEntityType; psychNoteKind: PsychNoteKind | null };

/**
 * The one filter between stored plan events and any screen (history, live feed, meeting case):
 * private rows for their one reader, an entity type the domain does not know dropped (showing an
 * event whose visibility rule is unknown is not the safe error), an unknown note kind read as
 * psychotherapy, then the permission matrix. `room`: a screen the whole meeting sees — no private
 * row and no psychotherapy-note event, whoever asks.
 */
export function visiblePlanEvents<R extends StoredPlanEvent>(rows: readonly R[], viewer: Viewer, options: { room?: boolean } = {}): VisiblePlanEvent<R>[] {
  return rows.flatMap((row) => {
    if (row.privateTo !== null && (options.room || row.privateTo !== viewer.userId)) return [];
    const entityType = timelineEntityTypeSchema.safeParse(row.entityType);
    if (!entityType.success) return [];
    const kind = psychNoteKindSchema.safeParse(row.psychNoteKind);
    const psychNoteKind = kind.success ? kind.data : null;
    if (options.room && entityType.data === "psych_note" && psychNoteKind !== "shared_summary") return [];
    const event: VisiblePlanEvent<R> = { ...row, entityType: entityType.data, psychNoteKind };
    return projectTimelineEvent(event, viewer) === null ? [] : [event];
  });
}

/**
 * Viewers for whom `visiblePlanEvents` decides a row alike share this key: the role, and whether
 * the viewer is the row's one private reader or its author (the only ways the user, not the role,
 * enters the rule). A live feed projects and serialises a row once per key, not once per viewer.
 */
export function planEventViewClass(row: Pick<StoredPlanEvent, "privateTo" | "authorId">, viewer: Viewer): string {
  return `${viewer.role}:${row.privateTo !== null && row.privateTo === viewer.userId ? "r" : "-"}${row.authorId !== null && row.authorId === viewer.userId ? "a" : "-"}`;
}

/**
 * What a patient's own live stream says about a change: that a part of their plan changed (ids and
 * entity type only — never its summary, who made it or what kind of change). The parts they are
 * told about are the plan itself and their conversation with the team (a new message, not its
 * triage); psychotherapy notes, therapy sessions, comments, meetings, safety
 * work, emergency access and care-team changes are the team's own and never signalled.
 */
const patientSignalledEntities: ReadonlySet<TimelineEntityType> = new Set(["care_plan", "problem", "goal", "plan_item", "procedure", "medication", "assessment", "message_thread"]);
const internalEventPrefixes = ["care_team.", "emergency_access.", "message.triaged"];

export interface PatientPlanSignal {
  id: number;
  patientId: string;
  entityType: TimelineEntityType;
  entityId: string;
}

export function patientVisibleEvent(row: StoredPlanEvent & { id: number; patientId: string; entityId: string; eventType: string }): PatientPlanSignal | null {
  if (row.privateTo !== null || row.psychNoteKind !== null) return null;
  if (internalEventPrefixes.some((prefix) => row.eventType.startsWith(prefix))) return null;
  const entityType = timelineEntityTypeSchema.safeParse(row.entityType);
  if (!entityType.success || !patientSignalledEntities.has(entityType.data)) return null;
  return { id: row.id, patientId: row.patientId, entityType: entityType.data, entityId: row.entityId };
}
