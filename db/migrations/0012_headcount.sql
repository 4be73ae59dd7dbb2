CREATE TYPE "public"."headcount_status" AS ENUM('draft', 'submitted');--> statement-breakpoint
ALTER TYPE "public"."population_entry_kind" ADD VALUE 'correction';--> statement-breakpoint
CREATE TABLE "headcount_sheets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "headcount_sheets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"facility_id" integer NOT NULL,
	"status" "headcount_status" DEFAULT 'draft' NOT NULL,
	"opened_by" integer,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opening_census" jsonb NOT NULL,
	"counted" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"submitted_by" integer,
	"submitted_at" timestamp with time zone,
	"expected" jsonb,
	"reason" text DEFAULT '' NOT NULL,
	"idempotency_key" text,
	"increase_entry_id" bigint,
	"decrease_entry_id" bigint,
	CONSTRAINT "headcount_sheets_submitted" CHECK (("headcount_sheets"."status" = 'submitted') = ("headcount_sheets"."submitted_at" is not null and "headcount_sheets"."expected" is not null))
);
--> statement-breakpoint
ALTER TABLE "population_entries" DROP CONSTRAINT "population_entries_subgroups_fit";--> statement-breakpoint
ALTER TABLE "headcount_sheets" ADD CONSTRAINT "headcount_sheets_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "headcount_sheets" ADD CONSTRAINT "headcount_sheets_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "headcount_sheets" ADD CONSTRAINT "headcount_sheets_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "headcount_sheets" ADD CONSTRAINT "headcount_sheets_increase_entry_id_population_entries_id_fk" FOREIGN KEY ("increase_entry_id") REFERENCES "public"."population_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "headcount_sheets" ADD CONSTRAINT "headcount_sheets_decrease_entry_id_population_entries_id_fk" FOREIGN KEY ("decrease_entry_id") REFERENCES "public"."population_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "headcount_sheets_facility_idx" ON "headcount_sheets" USING btree ("facility_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "headcount_sheets_idempotency_idx" ON "headcount_sheets" USING btree ("idempotency_key");--> statement-breakpoint
ALTER TABLE "population_entries" ADD CONSTRAINT "population_entries_subgroups_fit" CHECK ("population_entries"."kind"::text = 'correction' or ("pregnant" <= "adult_women" + "girls_5_17" and "lactating" <= "adult_women" + "girls_5_17" and "unaccompanied_minors" <= "boys_0_11m" + "girls_0_11m" + "boys_1_4" + "girls_1_4" + "boys_5_17" + "girls_5_17" and "disabilities" <= "adult_men" + "adult_women" + "boys_0_11m" + "girls_0_11m" + "boys_1_4" + "girls_1_4" + "boys_5_17" + "girls_5_17"));