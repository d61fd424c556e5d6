import { sql } from "drizzle-orm";
import { bigint, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ClinicalRole, FlagCode, PatientSummaryValues } from "@stepwise/domain";
import { patients, users } from "./core";

const instant = () => timestamp({ withTimezone: true });
const codes = () => text().array().$type<FlagCode[]>().notNull().default(sql`'{}'::text[]`);

/**
 * What the homes show about one patient, computed by the domain's rules (their versions in
 * `rulesVersion`) in the same transaction as the write that changed the patient, and again on read
 * once `validUntil` has passed (the next clinic day, or earlier when a rule turns at an instant).
 * Each clinical role's place on its list is kept in its own columns, indexed in the list's order.
 */
export const patientSummaries = pgTable(
  "patient_summaries",
  {
    patientId: uuid()
      .primaryKey()
      .references(() => patients.id, { onDelete: "cascade" }),
    rulesVersion: text().notNull().default(""),
    computedAt: instant().notNull().default(sql`'-infinity'`),
    validUntil: instant().notNull().default(sql`'-infinity'`),
    flags: jsonb().$type<PatientSummaryValues["flags"]>().notNull().default(sql`'[]'::jsonb`),
    flagCodes: codes(),
    ladder: jsonb().$type<PatientSummaryValues["ladder"]>(),
    currentStep: integer().notNull().default(1),
    highestStep: integer().notNull().default(1),
    mme: doublePrecision().notNull().default(0),
    latestNrs: doublePrecision(),
    latestScores: jsonb().$type<PatientSummaryValues["latestScores"]>().notNull().default(sql`'{}'::jsonb`),
    nextVisitAt: instant(),
    lastVisitAt: instant(),
    pendingClearances: integer().notNull().default(0),
    clearances: jsonb().$type<PatientSummaryValues["pendingClearances"]>().notNull().default(sql`'[]'::jsonb`),
    sessions30d: integer().notNull().default(0),
    attended30d: integer().notNull().default(0),
    sessions: jsonb().$type<PatientSummaryValues["sessions30d"]>().notNull().default(sql`'[]'::jsonb`),
    rankPhysician: doublePrecision(),
    countPhysician: integer().notNull().default(0),
    codesPhysician: codes(),
    rankPsychologist: doublePrecision(),
    countPsychologist: integer().notNull().default(0),
    codesPsychologist: codes(),
    rankPhysicalTherapist: doublePrecision(),
    countPhysicalTherapist: integer().notNull().default(0),
    codesPhysicalTherapist: codes(),
    rankCoordinator: doublePrecision(),
    countCoordinator: integer().notNull().default(0),
    codesCoordinator: codes(),
    /** Users an owned flag (an overdue action item) places differently from their role, with their keys. */
    ownerIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    ownerKeys: jsonb().$type<PatientSummaryValues["ownerKeys"]>().notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index("patient_summaries_valid_until_idx").on(t.validUntil)],
);

/**
 * Each care-team member's place on their own list, kept with the summary it is derived from (the
 * flags that reach the member's role and the member, the patient's name for ties) so that a home
 * reads a page in order straight from an index, whatever the size of the caseload or the clinic.
 */
export const patientSummaryMembers = pgTable(
  "patient_summary_members",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    role: text().$type<ClinicalRole>().notNull(),
    rank: doublePrecision(),
    flagCount: integer().notNull().default(0),
    codes: codes(),
    familyName: text().notNull(),
    givenName: text().notNull(),
    hasSessions: boolean().notNull().default(false),
    hasClearances: boolean().notNull().default(false),
    rulesVersion: text().notNull(),
    /**
     * The rules version as a 64-bit hash the server derives from it, kept narrow so that it can be
     * indexed with the member's rows: a home's check for stale summaries probes it (another version
     * is another key) instead of reading the 150-character version of every row of the caseload.
     */
    rulesKey: bigint({ mode: "bigint" })
      .notNull()
      .generatedAlwaysAs(sql`hashtextextended(rules_version, 0)`),
    computedAt: instant().notNull(),
    validUntil: instant().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.patientId] }),
    index("patient_summary_members_rank_idx").on(t.userId, t.rank, t.flagCount.desc(), t.familyName, t.givenName, t.patientId),
    index("patient_summary_members_name_idx").on(t.userId, t.familyName, t.givenName, t.patientId),
    index("patient_summary_members_valid_idx").on(t.userId, t.validUntil),
    // Stale summaries: another rules version, or computed after the clock's now (index probes, no row read).
    index("patient_summary_members_rules_idx").on(t.userId, t.rulesKey, t.computedAt),
    // A home's counts (per view and per flag) from the index alone, not one heap page per patient of the caseload.
    index("patient_summary_members_counts_idx").on(t.userId, t.hasSessions, t.hasClearances, t.rank, t.codes),
    index("patient_summary_members_patient_idx").on(t.patientId),
  ],
);
