ALTER TABLE "meeting_decisions" ADD COLUMN "status" text DEFAULT 'confirmed' NOT NULL;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD COLUMN "proposal" jsonb;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD COLUMN "owner_discipline" text;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD COLUMN "decline_reason" text;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "chair_id" uuid;--> statement-breakpoint
UPDATE "meetings" SET "chair_id" = "created_by";--> statement-breakpoint
ALTER TABLE "meetings" ALTER COLUMN "chair_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "recorder_id" uuid;--> statement-breakpoint
ALTER TABLE "meetings" ADD COLUMN "closing_quorum" jsonb;--> statement-breakpoint
ALTER TABLE "meeting_decisions" ADD CONSTRAINT "meeting_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_chair_id_users_id_fk" FOREIGN KEY ("chair_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_recorder_id_users_id_fk" FOREIGN KEY ("recorder_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "meeting_decisions_pending_idx" ON "meeting_decisions" USING btree ("status","owner_discipline");