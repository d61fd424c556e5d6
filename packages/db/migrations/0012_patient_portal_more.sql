-- An invitation is found by the public first group of its code (its selector); only the secret rest is hashed.
ALTER TABLE "patient_invitations" ADD COLUMN "selector" text NOT NULL;
--> statement-breakpoint
CREATE INDEX "patient_invitations_selector_idx" ON "patient_invitations" USING btree ("selector");
