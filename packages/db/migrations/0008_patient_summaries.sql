CREATE TABLE "patient_summaries" (
	"patient_id" uuid PRIMARY KEY NOT NULL,
	"rules_version" text DEFAULT '' NOT NULL,
	"computed_at" timestamp with time zone DEFAULT '-infinity' NOT NULL,
	"valid_until" timestamp with time zone DEFAULT '-infinity' NOT NULL,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"flag_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"ladder" jsonb,
	"current_step" integer DEFAULT 1 NOT NULL,
	"highest_step" integer DEFAULT 1 NOT NULL,
	"mme" double precision DEFAULT 0 NOT NULL,
	"latest_nrs" double precision,
	"latest_scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"next_visit_at" timestamp with time zone,
	"last_visit_at" timestamp with time zone,
	"pending_clearances" integer DEFAULT 0 NOT NULL,
	"clearances" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sessions30d" integer DEFAULT 0 NOT NULL,
	"attended30d" integer DEFAULT 0 NOT NULL,
	"sessions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rank_physician" double precision,
	"count_physician" integer DEFAULT 0 NOT NULL,
	"codes_physician" text[] DEFAULT '{}'::text[] NOT NULL,
	"rank_psychologist" double precision,
	"count_psychologist" integer DEFAULT 0 NOT NULL,
	"codes_psychologist" text[] DEFAULT '{}'::text[] NOT NULL,
	"rank_physical_therapist" double precision,
	"count_physical_therapist" integer DEFAULT 0 NOT NULL,
	"codes_physical_therapist" text[] DEFAULT '{}'::text[] NOT NULL,
	"rank_coordinator" double precision,
	"count_coordinator" integer DEFAULT 0 NOT NULL,
	"codes_coordinator" text[] DEFAULT '{}'::text[] NOT NULL,
	"owner_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"owner_keys" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "patient_summaries" ADD CONSTRAINT "patient_summaries_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patient_summaries_valid_until_idx" ON "patient_summaries" USING btree ("valid_until");--> statement-breakpoint
CREATE TABLE "patient_summary_members" (
	"user_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"role" text NOT NULL,
	"rank" double precision,
	"flag_count" integer DEFAULT 0 NOT NULL,
	"codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"family_name" text NOT NULL,
	"given_name" text NOT NULL,
	"has_sessions" boolean DEFAULT false NOT NULL,
	"has_clearances" boolean DEFAULT false NOT NULL,
	"rules_version" text NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	CONSTRAINT "patient_summary_members_user_id_patient_id_pk" PRIMARY KEY("user_id","patient_id")
);
--> statement-breakpoint
ALTER TABLE "patient_summary_members" ADD CONSTRAINT "patient_summary_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_summary_members" ADD CONSTRAINT "patient_summary_members_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patient_summary_members_rank_idx" ON "patient_summary_members" USING btree ("user_id","rank","flag_count" DESC NULLS LAST,"family_name","given_name","patient_id");--> statement-breakpoint
CREATE INDEX "patient_summary_members_name_idx" ON "patient_summary_members" USING btree ("user_id","family_name","given_name","patient_id");--> statement-breakpoint
CREATE INDEX "patient_summary_members_valid_idx" ON "patient_summary_members" USING btree ("user_id","valid_until");--> statement-breakpoint
CREATE INDEX "patient_summary_members_patient_idx" ON "patient_summary_members" USING btree ("patient_id");
