CREATE TABLE "fhir_export_files" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"part" integer NOT NULL,
	"last_patient_id" uuid NOT NULL,
	"ndjson" text NOT NULL,
	"resource_count" integer NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fhir_export_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requested_by" uuid NOT NULL,
	"requester_role" text NOT NULL,
	"group_id" text NOT NULL,
	"scope" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"resource_types" text[] DEFAULT '{}' NOT NULL,
	"patients_total" integer DEFAULT 0 NOT NULL,
	"patients_done" integer DEFAULT 0 NOT NULL,
	"resources_written" integer DEFAULT 0 NOT NULL,
	"cursor_patient_id" uuid,
	"error" text,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "fhir_resource_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"resource_type" text NOT NULL,
	"source_system" text NOT NULL,
	"source_value" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"content_hash" text NOT NULL,
	"imported_by" uuid NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fhir_export_files" ADD CONSTRAINT "fhir_export_files_job_id_fhir_export_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."fhir_export_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_export_jobs" ADD CONSTRAINT "fhir_export_jobs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_resource_links" ADD CONSTRAINT "fhir_resource_links_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fhir_resource_links" ADD CONSTRAINT "fhir_resource_links_imported_by_users_id_fk" FOREIGN KEY ("imported_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fhir_export_files_job_type_part_idx" ON "fhir_export_files" USING btree ("job_id","resource_type","part");--> statement-breakpoint
CREATE INDEX "fhir_export_jobs_requester_idx" ON "fhir_export_jobs" USING btree ("requested_by","requested_at");--> statement-breakpoint
CREATE INDEX "fhir_export_jobs_status_idx" ON "fhir_export_jobs" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "fhir_resource_links_source_idx" ON "fhir_resource_links" USING btree ("patient_id","resource_type","source_system","source_value");--> statement-breakpoint
CREATE INDEX "fhir_resource_links_entity_idx" ON "fhir_resource_links" USING btree ("entity_type","entity_id");
