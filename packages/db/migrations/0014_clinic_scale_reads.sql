-- Clinic scale: reads whose cost stayed with the size of the clinic or of one patient's history.
-- A whole MRN searched is found on the btree of the lower-case MRN while no MRN is longer than the term
-- (the MRN's common trigrams list every patient of the clinic).
CREATE INDEX IF NOT EXISTS "patients_mrn_lower_idx" ON "patients" USING btree (lower("mrn"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "patients_mrn_length_idx" ON "patients" USING btree (length("mrn"));--> statement-breakpoint
-- The plan's highest step reached: the latest performed order of each type, one probe each.
CREATE INDEX IF NOT EXISTS "procedures_patient_type_performed_idx" ON "procedures" USING btree ("patient_id","procedure_type","performed_at") WHERE "procedures"."status" = 'performed';
--> statement-breakpoint
-- The planner's statistics for the new expressions (a whole MRN matches one row, not a share of them).
ANALYZE "patients";
