import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { DecisionChange, Discipline, FlagCode } from "@stepwise/domain";
import { patients, users } from "./core";

const instant = () => timestamp({ withTimezone: true });

/** A team review meeting (case conference). */
export const meetings = pgTable(
  "meetings",
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    scheduledFor: instant().notNull(),
    durationMinutes: integer().notNull().default(60),
    status: text({ enum: ["scheduled", "in_progress", "closed"] }).notNull().default("scheduled"),
    createdAt: instant().notNull().defaultNow(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    updatedAt: instant().notNull().defaultNow(),
    updatedBy: uuid()
      .notNull()
      .references(() => users.id),
    closedAt: instant(),
    closedBy: uuid().references(() => users.id),
    /** Runs the room and marks attendance: the scheduling coordinator unless handed on. */
    chairId: uuid()
      .notNull()
      .references(() => users.id),
    /** Writes the minutes; the chair when nobody else is named. */
    recorderId: uuid().references(() => users.id),
    /** Quorum as it stood at closing, and whether the chair closed without it. */
    closingQuorum: jsonb().$type<{ met: boolean; missing: Discipline[]; policyId: string; policy: string; acknowledged: boolean }>(),
    version: integer().notNull().default(1),
  },
  (t) => [index("meetings_scheduled_idx").on(t.scheduledFor)],
);

export const meetingAttendees = pgTable(
  "meeting_attendees",
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    attended: boolean(),
    signedOffAt: instant(),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex("meeting_attendees_idx").on(t.meetingId, t.userId), index("meeting_attendees_user_idx").on(t.userId)],
);

/** A patient on a meeting's agenda, with why they are there. */
export const meetingCases = pgTable(
  "meeting_cases",
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    position: integer().notNull(),
    reason: text().notNull(),
    flagCodes: jsonb().$type<FlagCode[]>().notNull().default([]),
    status: text({ enum: ["pending", "discussed", "carried_over"] }).notNull().default("pending"),
    discussionNotes: text(),
    discussedAt: instant(),
    carriedFromCaseId: uuid(),
    createdAt: instant().notNull().defaultNow(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    updatedAt: instant().notNull().defaultNow(),
    updatedBy: uuid()
      .notNull()
      .references(() => users.id),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex("meeting_cases_patient_idx").on(t.meetingId, t.patientId), index("meeting_cases_patient_lookup_idx").on(t.patientId)],
);

/** A decision recorded in a meeting; when it changed the plan, the row it created or changed. */
export const meetingDecisions = pgTable(
  "meeting_decisions",
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    caseId: uuid()
      .notNull()
      .references(() => meetingCases.id, { onDelete: "cascade" }),
    patientId: uuid()
      .notNull()
      .references(() => patients.id),
    kind: text({
      enum: ["approve_procedure", "decline_procedure", "change_step", "add_goal", "transition_item", "start_medication", "stop_medication", "request_clearance", "note"],
    }).notNull(),
    description: text().notNull(),
    /** A proposal waits for its owner discipline; a note, or a change its recorder could make, is confirmed at once. */
    status: text({ enum: ["proposed", "confirmed", "declined"] })
      .notNull()
      .default("confirmed"),
    /** The structured change, enough to apply it when confirmed. */
    proposal: jsonb().$type<DecisionChange>(),
    ownerDiscipline: text().$type<Discipline>(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: instant(),
    declineReason: text(),
    appliedEntityType: text(),
    appliedEntityId: uuid(),
    createdAt: instant().notNull().defaultNow(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    version: integer().notNull().default(1),
  },
  (t) => [index("meeting_decisions_meeting_idx").on(t.meetingId), index("meeting_decisions_pending_idx").on(t.status, t.ownerDiscipline)],
);

/** Booked clinic visits: what a therapist's "today" and "this week" are made of. */
export const appointments = pgTable(
  "appointments",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    clinicianId: uuid()
      .notNull()
      .references(() => users.id),
    discipline: text().$type<Discipline>().notNull(),
    startsAt: instant().notNull(),
    durationMinutes: integer().notNull().default(45),
    status: text({ enum: ["booked", "completed", "cancelled", "no_show"] }).notNull().default("booked"),
    createdAt: instant().notNull().defaultNow(),
    version: integer().notNull().default(1),
  },
  (t) => [index("appointments_clinician_idx").on(t.clinicianId, t.startsAt), index("appointments_patient_idx").on(t.patientId)],
);
