-- Patient search by any part of a name or MRN: trigram indexes answer ILIKE '%term%'.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "patients_name_trgm_idx" ON "patients" USING gin (("given_name" || ' ' || "family_name") gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "patients_mrn_trgm_idx" ON "patients" USING gin ("mrn" gin_trgm_ops);
--> statement-breakpoint
-- The plan's window of each history series, and the keyset pages behind it.
CREATE INDEX IF NOT EXISTS "therapy_sessions_patient_page_idx" ON "therapy_sessions" USING btree ("patient_id","session_date","created_at","id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "assessments_patient_time_idx" ON "assessments" USING btree ("patient_id","administered_at","id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "psych_notes_patient_time_idx" ON "psych_notes" USING btree ("patient_id","created_at","id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "medications_patient_status_idx" ON "medications" USING btree ("patient_id","status","started_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "action_items_patient_status_idx" ON "action_items" USING btree ("patient_id","status","due_date");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "opioid_monitoring_patient_time_idx" ON "opioid_monitoring" USING btree ("patient_id","performed_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "safety_responses_assessment_idx" ON "safety_responses" USING btree ("assessment_id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "procedures_patient_created_idx" ON "procedures" USING btree ("patient_id","created_at","id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "procedures_patient_status_idx" ON "procedures" USING btree ("patient_id","status","performed_at");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "plan_items_patient_status_idx" ON "plan_items" USING btree ("patient_id","status","ladder_step");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "procedures_patient_blocks_idx" ON "procedures" USING btree ("patient_id","performed_at") WHERE "diagnostic" AND "status" = 'performed';
