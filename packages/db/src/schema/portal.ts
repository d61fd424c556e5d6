import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Instrument } from "@stepwise/domain";
import { patients, users } from "./core";

/**
 * The patient's side. A `patient` user reaches exactly one patient record, through this link; a
 * revoked link opens nothing (the account is deactivated with it).
 */
export const patientAccounts = pgTable(
  "patient_accounts",
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: uuid().references(() => users.id),
  },
  // One active account per patient; a revoked one keeps its row for the record.
  (t) => [uniqueIndex("patient_accounts_active_patient_idx").on(t.patientId).where(sql`${t.revokedAt} is null`)],
);

/** A one-time invitation (code stored hashed), valid 7 days, shown once to the clinician who made it. */
export const patientInvitations = pgTable(
  "patient_invitations",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    /** The code's public first group, to find the invitation by; only the secret rest is hashed (codeHash). */
    selector: text().notNull(),
    codeHash: text().notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    /** The account the invitation created. */
    userId: uuid().references(() => users.id),
    /** Set when revoked, or replaced by a newer invitation. */
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("patient_invitations_patient_idx").on(t.patientId, t.createdAt), index("patient_invitations_selector_idx").on(t.selector)],
);

/** How often the team wants an instrument from the patient between visits (e.g. PEG every 7 days). */
export const questionnaireSchedules = pgTable(
  "questionnaire_schedules",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    instrument: text().$type<Instrument>().notNull(),
    everyDays: integer().notNull(),
    startsOn: date({ mode: "string" }).notNull(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid()
      .notNull()
      .references(() => users.id),
    version: integer().notNull().default(1),
  },
  (t) => [uniqueIndex("questionnaire_schedules_patient_instrument_idx").on(t.patientId, t.instrument)],
);

/** One conversation per patient between the patient and their care team. Messages are never edited. */
export const messages = pgTable(
  "messages",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
    authorRole: text().notNull(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("messages_patient_idx").on(t.patientId, t.id)],
);

/** The coordinator's triage of a patient's conversation: whose turn it is. */
export const messageThreads = pgTable("message_threads", {
  patientId: uuid()
    .primaryKey()
    .references(() => patients.id, { onDelete: "cascade" }),
  status: text({ enum: ["awaiting_triage", "with_team", "answered", "closed"] }).notNull().default("awaiting_triage"),
  /** The discipline the coordinator handed the question to (null: the coordinator keeps it). */
  assignedRole: text(),
  triagedBy: uuid().references(() => users.id),
  triagedAt: timestamp({ withTimezone: true }),
  lastMessageId: bigint({ mode: "number" }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
});

/** How far each reader has read a conversation: unread counts are messages after this id. */
export const messageReads = pgTable(
  "message_reads",
  {
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    lastReadId: bigint({ mode: "number" }).notNull().default(0),
    readAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.userId] }), index("message_reads_user_idx").on(t.userId)],
);

/** Clinic-wide settings the administrator edits (e.g. the crisis resources shown to patients). */
export const clinicSettings = pgTable("clinic_settings", {
  key: text().primaryKey(),
  value: jsonb().$type<unknown>().notNull(),
  updatedBy: uuid().references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  version: integer().notNull().default(1),
});
