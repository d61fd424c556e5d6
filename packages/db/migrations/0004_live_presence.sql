CREATE TABLE "presence" (
	"connection_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "presence_connection_id_topic_pk" PRIMARY KEY("connection_id","topic")
);
--> statement-breakpoint
ALTER TABLE "presence" ADD CONSTRAINT "presence_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "presence_topic_idx" ON "presence" USING btree ("topic","expires_at");