import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull(),
    name: text().notNull(),
    role: text({ enum: ["physician", "physical_therapist", "psychologist", "coordinator", "admin", "patient"] }).notNull(),
    passwordHash: text().notNull(),
    active: boolean().notNull().default(true),
    /** Set by a password reset: the next session may do nothing until a new password is chosen. */
    mustChangePassword: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("users_email_lower_idx").on(sql`lower(${t.email})`)],
);

export const patients = pgTable(
  "patients",
  {
    id: uuid().primaryKey().defaultRandom(),
    mrn: text().notNull(),
    givenName: text().notNull(),
    familyName: text().notNull(),
    dateOfBirth: date({ mode: "string" }).notNull(),
    sex: text({ enum: ["female", "male", "other"] }).notNull(),
    primaryCondition: text().notNull(),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("patients_mrn_idx").on(t.mrn),
    index("patients_family_name_idx").on(sql`lower(${t.familyName})`),
    // Search by any part of the name or the MRN (pg_trgm, created by migration 0009).
    index("patients_name_trgm_idx").using("gin", sql`(${t.givenName} || ' ' || ${t.familyName}) gin_trgm_ops`),
    index("patients_mrn_trgm_idx").using("gin", sql`${t.mrn} gin_trgm_ops`),
    // A whole MRN searched: the one equal to it, in any case, while no MRN is longer (repos/patients.ts).
    index("patients_mrn_lower_idx").on(sql`lower(${t.mrn})`),
    index("patients_mrn_length_idx").on(sql`length(${t.mrn})`),
  ],
);

export const careTeamMembers = pgTable(
  "care_team_members",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    role: text({ enum: ["physician", "physical_therapist", "psychologist", "coordinator"] }).notNull(),
    isLead: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("care_team_patient_user_idx").on(t.patientId, t.userId),
    index("care_team_user_idx").on(t.userId),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedReason: text(),
    /** When this session passed the second factor (null: not enrolled, or not yet passed). */
    mfaVerifiedAt: timestamp({ withTimezone: true }),
    /**
     * What the session must do before anything else: the second factor, a new password after a
     * reset, or MFA enrolment when the clinic requires it. Null once the sign-in is complete.
     */
    pendingStep: text({ enum: ["second_factor", "password_change", "mfa_enrolment"] }),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Append-only: the database rejects UPDATE, DELETE and TRUNCATE (see the trigger migration). */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid(),
    actorRole: text(),
    action: text().notNull(),
    patientId: uuid(),
    entityType: text(),
    entityId: text(),
    outcome: text({ enum: ["success", "denied", "failure"] }).notNull(),
    detail: jsonb().$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_log_patient_idx").on(t.patientId, t.at),
    index("audit_log_actor_idx").on(t.actorId, t.at),
  ],
);

/**
 * Failed sign-in attempts per normalised email, kept whether or not the account exists so that
 * lockout behaves the same for unknown addresses (no account-existence oracle).
 */
export const loginThrottle = pgTable("login_throttle", {
  email: text().primaryKey(),
  failedCount: integer().notNull().default(0),
  lockedUntil: timestamp({ withTimezone: true }),
  lastFailedAt: timestamp({ withTimezone: true }),
});
