-- Clinic scale: reads whose cost stayed with the size of the clinic or of one patient's history.
-- The plan counts a patient's missed sessions from the index alone (no visit to every session row).
CREATE INDEX IF NOT EXISTS "therapy_sessions_patient_attendance_idx" ON "therapy_sessions" USING btree ("patient_id","attendance");
--> statement-breakpoint
-- The coordinator's overdue items: open items in due order with their patient, joined to the
-- caller's care teams from the index alone.
CREATE INDEX IF NOT EXISTS "action_items_open_due_idx" ON "action_items" USING btree ("due_date","created_at","id","patient_id") WHERE "status" = 'open';
