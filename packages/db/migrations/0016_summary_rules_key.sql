-- The rules version of a member's summary row as a 64-bit hash (the server's, of the text), indexed with
-- the member's rows and the time it was computed: a home's check for stale summaries (another rules
-- version, or computed after the clock's now) is a few index probes, not a read of the caseload's rows.
ALTER TABLE "patient_summary_members" ADD COLUMN "rules_key" bigint GENERATED ALWAYS AS (hashtextextended(rules_version, 0)) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "patient_summary_members_rules_idx" ON "patient_summary_members" USING btree ("user_id","rules_key","computed_at");--> statement-breakpoint
ANALYZE "patient_summary_members";
