import { bigserial, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { patients, users } from "./core";

/**
 * A FHIR Bulk Data export ($export on a Group): its state lives here so a job survives a restart.
 * `scope` is `care_team` (the patients whose care team the requester is on) or `clinic` (every
 * patient; the admin). A worker claims a queued or stale job (`heartbeatAt`), writes its files
 * patient by patient and records its progress.
 */
export const fhirExportJobs = pgTable(
  "fhir_export_jobs",
  {
    id: uuid().primaryKey().defaultRandom(),
    requestedBy: uuid()
      .notNull()
      .references(() => users.id),
    requesterRole: text().notNull(),
    /** The Group id as asked: `clinic` or `my-teams`. */
    groupId: text().notNull(),
    scope: text({ enum: ["care_team", "clinic"] }).notNull(),
    status: text({ enum: ["queued", "running", "completed", "failed", "cancelled"] }).notNull().default("queued"),
    /** The resource types asked for (`_type`), empty for all. */
    resourceTypes: text().array().notNull().default([]),
    patientsTotal: integer().notNull().default(0),
    patientsDone: integer().notNull().default(0),
    resourcesWritten: integer().notNull().default(0),
    /** The id of the last patient written: a resumed job continues after it. */
    cursorPatientId: uuid(),
    error: text(),
    requestedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp({ withTimezone: true }),
    heartbeatAt: timestamp({ withTimezone: true }),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("fhir_export_jobs_requester_idx").on(t.requestedBy, t.requestedAt), index("fhir_export_jobs_status_idx").on(t.status)],
);

/** One NDJSON part of a job's output: a resource type's lines for a batch of patients. */
export const fhirExportFiles = pgTable(
  "fhir_export_files",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    jobId: uuid()
      .notNull()
      .references(() => fhirExportJobs.id, { onDelete: "cascade" }),
    resourceType: text().notNull(),
    /** The part's place among the type's parts (0, 1, …), in patient order. */
    part: integer().notNull(),
    /** The patient the part ends with: a resumed job rewrites nothing before it. */
    lastPatientId: uuid().notNull(),
    ndjson: text().notNull(),
    resourceCount: integer().notNull(),
    bytes: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("fhir_export_files_job_type_part_idx").on(t.jobId, t.resourceType, t.part)],
);

/**
 * What an import took from another system: the source resource (its type and identifier — the
 * identifier's system and value, or the bundle's fullUrl when it has none) and the Stepwise row it
 * became, with a hash of the content last taken. Re-importing the same resource finds its row here:
 * unchanged content is skipped, changed content updates that row.
 */
export const fhirResourceLinks = pgTable(
  "fhir_resource_links",
  {
    id: uuid().primaryKey().defaultRandom(),
    patientId: uuid()
      .notNull()
      .references(() => patients.id, { onDelete: "cascade" }),
    resourceType: text().notNull(),
    sourceSystem: text().notNull(),
    sourceValue: text().notNull(),
    entityType: text().notNull(),
    entityId: uuid().notNull(),
    contentHash: text().notNull(),
    importedBy: uuid()
      .notNull()
      .references(() => users.id),
    importedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("fhir_resource_links_source_idx").on(t.patientId, t.resourceType, t.sourceSystem, t.sourceValue),
    index("fhir_resource_links_entity_idx").on(t.entityType, t.entityId),
  ],
);
