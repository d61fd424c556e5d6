CREATE TABLE "opioid_monitoring" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"kind" text NOT NULL,
	"performed_at" timestamp with time zone NOT NULL,
	"result" text
);
--> statement-breakpoint
CREATE TABLE "procedure_outcomes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"procedure_id" uuid NOT NULL,
	"time_point" text NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	"pain_score" smallint,
	"relief_percent" double precision,
	"function_improvement_percent" double precision,
	"side_effects" text,
	"notes" text
);
--> statement-breakpoint
CREATE TABLE "safety_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"no_known_allergies" boolean DEFAULT false NOT NULL,
	"allergies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"anticoagulants_taking" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"diabetes" boolean,
	"pregnancy" text,
	"active_infection" boolean,
	"implanted_devices" text,
	"renal_impairment" boolean,
	"overdose_or_sud_history" boolean
);
--> statement-breakpoint
CREATE TABLE "safety_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"assessment_id" uuid NOT NULL,
	"contact_method" text NOT NULL,
	"contacted_at" timestamp with time zone NOT NULL,
	"risk_assessed" text,
	"safety_plan_in_place" boolean NOT NULL,
	"referral" text,
	"notes" text
);
--> statement-breakpoint
ALTER TABLE "medications" ADD COLUMN "catalog_key" text;--> statement-breakpoint
ALTER TABLE "medications" ADD COLUMN "drug_class" text DEFAULT 'other' NOT NULL;--> statement-breakpoint
ALTER TABLE "medications" ADD COLUMN "as_needed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "medications" ADD COLUMN "stop_reason" text;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "with_steroid" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "risks" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "plan_item_id" uuid;--> statement-breakpoint
ALTER TABLE "procedures" ADD COLUMN "hold_confirmations" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "opioid_monitoring" ADD CONSTRAINT "opioid_monitoring_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opioid_monitoring" ADD CONSTRAINT "opioid_monitoring_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opioid_monitoring" ADD CONSTRAINT "opioid_monitoring_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_outcomes" ADD CONSTRAINT "procedure_outcomes_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_outcomes" ADD CONSTRAINT "procedure_outcomes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_outcomes" ADD CONSTRAINT "procedure_outcomes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "procedure_outcomes" ADD CONSTRAINT "procedure_outcomes_procedure_id_procedures_id_fk" FOREIGN KEY ("procedure_id") REFERENCES "public"."procedures"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_profiles" ADD CONSTRAINT "safety_profiles_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_profiles" ADD CONSTRAINT "safety_profiles_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_profiles" ADD CONSTRAINT "safety_profiles_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_responses" ADD CONSTRAINT "safety_responses_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_responses" ADD CONSTRAINT "safety_responses_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_responses" ADD CONSTRAINT "safety_responses_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "safety_responses" ADD CONSTRAINT "safety_responses_assessment_id_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."assessments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opioid_monitoring_patient_idx" ON "opioid_monitoring" USING btree ("patient_id","kind","performed_at");--> statement-breakpoint
CREATE INDEX "procedure_outcomes_patient_idx" ON "procedure_outcomes" USING btree ("patient_id");--> statement-breakpoint
CREATE UNIQUE INDEX "procedure_outcomes_point_uq" ON "procedure_outcomes" USING btree ("procedure_id","time_point");--> statement-breakpoint
CREATE UNIQUE INDEX "safety_profiles_patient_uq" ON "safety_profiles" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "safety_responses_patient_idx" ON "safety_responses" USING btree ("patient_id","contacted_at");--> statement-breakpoint
ALTER TABLE "procedures" ADD CONSTRAINT "procedures_plan_item_id_plan_items_id_fk" FOREIGN KEY ("plan_item_id") REFERENCES "public"."plan_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
UPDATE "medications" SET "drug_class" = 'opioid' WHERE "opioid" IS NOT NULL;--> statement-breakpoint
UPDATE "procedures" SET "with_steroid" = true WHERE "procedure_type" IN ('esi_interlaminar', 'esi_transforaminal', 'facet_joint_injection', 'sacroiliac_joint_injection', 'large_joint_injection', 'epidural_adhesiolysis');
