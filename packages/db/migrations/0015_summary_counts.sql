-- A home's counts (per view and per flag) read from the member's index entries alone: the rows of a
-- caseload of 2,000 lie on as many heap pages.
CREATE INDEX IF NOT EXISTS "patient_summary_members_counts_idx" ON "patient_summary_members" USING btree ("user_id","has_sessions","has_clearances","rank","codes");
