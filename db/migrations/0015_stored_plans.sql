CREATE TABLE "stored_plans" (
	"key" text PRIMARY KEY NOT NULL,
	"scenario_id" integer,
	"scenario_version" timestamp with time zone,
	"digest" text NOT NULL,
	"audit_mark" bigint NOT NULL,
	"snapshot" text NOT NULL,
	"inputs_at" timestamp with time zone NOT NULL,
	"data_until" timestamp with time zone,
	"computed_at" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"failed_at" timestamp with time zone,
	"failure" text
);
--> statement-breakpoint
ALTER TABLE "stored_plans" ADD CONSTRAINT "stored_plans_scenario_id_scenarios_id_fk" FOREIGN KEY ("scenario_id") REFERENCES "public"."scenarios"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stored_plans_scenario_idx" ON "stored_plans" USING btree ("scenario_id");