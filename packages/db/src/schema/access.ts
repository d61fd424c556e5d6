import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { patients, users } from "./core";

/**
 * A user's TOTP second factor (RFC 6238). The shared secret is sealed (AES-256-GCM) before it is
 * stored; `enabledAt` is null while enrolment waits for the first correct code. `lastUsedStep` is
 * the time step of the last accepted code, so a code is never accepted twice.
 */
export const userMfa = pgTable("user_mfa", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id),
  secretSealed: text().notNull(),
  enabledAt: timestamp({ withTimezone: true }),
  lastUsedStep: bigint({ mode: "number" }),
  version: integer().notNull().default(1),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** One-time recovery codes, stored hashed; a used code keeps its row with `usedAt` set. */
export const mfaRecoveryCodes = pgTable(
  "mfa_recovery_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    codeHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("mfa_recovery_codes_user_idx").on(t.userId)],
);

/** A password reset: a one-time code (hashed) the admin hands over; the admin never learns a password. */
export const passwordResetCodes = pgTable(
  "password_reset_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    codeHash: text().notNull(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    /** Set when a newer reset replaces this one before it was used. */
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("password_reset_codes_user_idx").on(t.userId, t.createdAt)],
);

/** What was done to an account by someone else (password reset, MFA removed), shown at the user's next sign-in. */
export const accountNotices = pgTable(
  "account_notices",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    kind: text({ enum: ["password_reset", "mfa_removed"] }).notNull(),
    actorId: uuid()
      .notNull()
      .references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    seenAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("account_notices_user_idx").on(t.userId, t.at)],
);

/**
 * Break-the-glass: a clinician outside the care team opens one patient for a declared reason, for a
 * bounded time. `emergency` grants may write; all others read. Psychotherapy notes are never part
 * of a grant. Every use is reviewed afterwards by a coordinator or admin.
 */
export const accessGrants = pgTable(
  "access_grants",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    reason: text().notNull(),
    reasonText: text().notNull(),
    emergency: boolean().notNull().default(false),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    /** Ended early (by the user or a coordinator) before `expiresAt`. */
    endedAt: timestamp({ withTimezone: true }),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewedBy: uuid().references(() => users.id),
    reviewNote: text(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("access_grants_user_patient_idx").on(t.userId, t.patientId, t.expiresAt),
    index("access_grants_patient_idx").on(t.patientId, t.expiresAt),
    index("access_grants_unreviewed_idx").on(t.grantedAt).where(sql`${t.reviewedAt} is null`),
  ],
);
