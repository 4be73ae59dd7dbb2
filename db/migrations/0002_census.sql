CREATE TYPE "public"."population_entry_kind" AS ENUM('arrival', 'departure', 'transfer_out', 'transfer_in', 'reversal');--> statement-breakpoint
CREATE TYPE "public"."transfer_status" AS ENUM('in_transit', 'received');--> statement-breakpoint
CREATE TABLE "api_idempotency" (
	"token_id" integer NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_idempotency_token_id_key_pk" PRIMARY KEY("token_id","key")
);
--> statement-breakpoint
CREATE TABLE "api_token_facilities" (
	"token_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	CONSTRAINT "api_token_facilities_token_id_facility_id_pk" PRIMARY KEY("token_id","facility_id")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "census" (
	"facility_id" integer PRIMARY KEY NOT NULL,
	"adult_men" integer DEFAULT 0 NOT NULL,
	"adult_women" integer DEFAULT 0 NOT NULL,
	"boys_0_11m" integer DEFAULT 0 NOT NULL,
	"girls_0_11m" integer DEFAULT 0 NOT NULL,
	"boys_1_4" integer DEFAULT 0 NOT NULL,
	"girls_1_4" integer DEFAULT 0 NOT NULL,
	"boys_5_17" integer DEFAULT 0 NOT NULL,
	"girls_5_17" integer DEFAULT 0 NOT NULL,
	"pregnant" integer DEFAULT 0 NOT NULL,
	"lactating" integer DEFAULT 0 NOT NULL,
	"unaccompanied_minors" integer DEFAULT 0 NOT NULL,
	"disabilities" integer DEFAULT 0 NOT NULL,
	"last_entry_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "census_non_negative" CHECK ("adult_men" >= 0 and "adult_women" >= 0 and "boys_0_11m" >= 0 and "girls_0_11m" >= 0 and "boys_1_4" >= 0 and "girls_1_4" >= 0 and "boys_5_17" >= 0 and "girls_5_17" >= 0 and "pregnant" >= 0 and "lactating" >= 0 and "unaccompanied_minors" >= 0 and "disabilities" >= 0),
	CONSTRAINT "census_subgroups_fit" CHECK ("pregnant" <= "adult_women" + "girls_5_17" and "lactating" <= "adult_women" + "girls_5_17" and "unaccompanied_minors" <= "boys_0_11m" + "girls_0_11m" + "boys_1_4" + "girls_1_4" + "boys_5_17" + "girls_5_17" and "disabilities" <= "adult_men" + "adult_women" + "boys_0_11m" + "girls_0_11m" + "boys_1_4" + "girls_1_4" + "boys_5_17" + "girls_5_17")
);
--> statement-breakpoint
CREATE TABLE "daily_nationalities" (
	"facility_id" integer NOT NULL,
	"day" date NOT NULL,
	"country" char(2) NOT NULL,
	"arrivals" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_nationalities_facility_id_day_country_pk" PRIMARY KEY("facility_id","day","country")
);
--> statement-breakpoint
CREATE TABLE "daily_population" (
	"facility_id" integer NOT NULL,
	"day" date NOT NULL,
	"arrivals" integer DEFAULT 0 NOT NULL,
	"departures" integer DEFAULT 0 NOT NULL,
	"transfers_in" integer DEFAULT 0 NOT NULL,
	"transfers_out" integer DEFAULT 0 NOT NULL,
	"entries" integer DEFAULT 0 NOT NULL,
	"biometrics_registered" integer DEFAULT 0 NOT NULL,
	"adult_men" integer DEFAULT 0 NOT NULL,
	"adult_women" integer DEFAULT 0 NOT NULL,
	"boys_0_11m" integer DEFAULT 0 NOT NULL,
	"girls_0_11m" integer DEFAULT 0 NOT NULL,
	"boys_1_4" integer DEFAULT 0 NOT NULL,
	"girls_1_4" integer DEFAULT 0 NOT NULL,
	"boys_5_17" integer DEFAULT 0 NOT NULL,
	"girls_5_17" integer DEFAULT 0 NOT NULL,
	"pregnant" integer DEFAULT 0 NOT NULL,
	"lactating" integer DEFAULT 0 NOT NULL,
	"unaccompanied_minors" integer DEFAULT 0 NOT NULL,
	"disabilities" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_population_facility_id_day_pk" PRIMARY KEY("facility_id","day")
);
--> statement-breakpoint
CREATE TABLE "norms" (
	"key" text PRIMARY KEY NOT NULL,
	"value" double precision NOT NULL,
	"unit" text NOT NULL,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer
);
--> statement-breakpoint
CREATE TABLE "population_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "population_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"facility_id" integer NOT NULL,
	"kind" "population_entry_kind" NOT NULL,
	"sign" smallint NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" integer,
	"api_token_id" integer,
	"idempotency_key" text NOT NULL,
	"adult_men" integer DEFAULT 0 NOT NULL,
	"adult_women" integer DEFAULT 0 NOT NULL,
	"boys_0_11m" integer DEFAULT 0 NOT NULL,
	"girls_0_11m" integer DEFAULT 0 NOT NULL,
	"boys_1_4" integer DEFAULT 0 NOT NULL,
	"girls_1_4" integer DEFAULT 0 NOT NULL,
	"boys_5_17" integer DEFAULT 0 NOT NULL,
	"girls_5_17" integer DEFAULT 0 NOT NULL,
	"pregnant" integer DEFAULT 0 NOT NULL,
	"lactating" integer DEFAULT 0 NOT NULL,
	"unaccompanied_minors" integer DEFAULT 0 NOT NULL,
	"disabilities" integer DEFAULT 0 NOT NULL,
	"total" integer NOT NULL,
	"biometrics_registered" integer DEFAULT 0 NOT NULL,
	"origin" text DEFAULT '' NOT NULL,
	"destination" text DEFAULT '' NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"transfer_id" integer,
	"reverses_entry_id" bigint,
	"reason" text DEFAULT '' NOT NULL,
	CONSTRAINT "population_entries_sign" CHECK ("population_entries"."sign" in (-1, 1)),
	CONSTRAINT "population_entries_counts_non_negative" CHECK ("adult_men" >= 0 and "adult_women" >= 0 and "boys_0_11m" >= 0 and "girls_0_11m" >= 0 and "boys_1_4" >= 0 and "girls_1_4" >= 0 and "boys_5_17" >= 0 and "girls_5_17" >= 0 and "pregnant" >= 0 and "lactating" >= 0 and "unaccompanied_minors" >= 0 and "disabilities" >= 0),
	CONSTRAINT "population_entries_subgroups_fit" CHECK ("pregnant" <= "adult_women" + "girls_5_17" and "lactating" <= "adult_women" + "girls_5_17" and "unaccompanied_minors" <= "boys_0_11m" + "girls_0_11m" + "boys_1_4" + "girls_1_4" + "boys_5_17" + "girls_5_17" and "disabilities" <= "adult_men" + "adult_women" + "boys_0_11m" + "girls_0_11m" + "boys_1_4" + "girls_1_4" + "boys_5_17" + "girls_5_17"),
	CONSTRAINT "population_entries_total" CHECK ("population_entries"."total" = "population_entries"."adult_men" + "population_entries"."adult_women" + "population_entries"."boys_0_11m" + "population_entries"."girls_0_11m" + "population_entries"."boys_1_4" + "population_entries"."girls_1_4" + "population_entries"."boys_5_17" + "population_entries"."girls_5_17"),
	CONSTRAINT "population_entries_biometrics" CHECK ("population_entries"."biometrics_registered" between 0 and "population_entries"."total"),
	CONSTRAINT "population_entries_reversal_reason" CHECK (("population_entries"."kind" = 'reversal') = ("population_entries"."reverses_entry_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "population_entry_nationalities" (
	"entry_id" bigint NOT NULL,
	"country" char(2) NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "population_entry_nationalities_entry_id_country_pk" PRIMARY KEY("entry_id","country"),
	CONSTRAINT "nationalities_count_positive" CHECK ("population_entry_nationalities"."count" > 0)
);
--> statement-breakpoint
CREATE TABLE "transfers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "transfers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"from_facility_id" integer NOT NULL,
	"to_facility_id" integer NOT NULL,
	"status" "transfer_status" DEFAULT 'in_transit' NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone,
	"adult_men" integer DEFAULT 0 NOT NULL,
	"adult_women" integer DEFAULT 0 NOT NULL,
	"boys_0_11m" integer DEFAULT 0 NOT NULL,
	"girls_0_11m" integer DEFAULT 0 NOT NULL,
	"boys_1_4" integer DEFAULT 0 NOT NULL,
	"girls_1_4" integer DEFAULT 0 NOT NULL,
	"boys_5_17" integer DEFAULT 0 NOT NULL,
	"girls_5_17" integer DEFAULT 0 NOT NULL,
	"pregnant" integer DEFAULT 0 NOT NULL,
	"lactating" integer DEFAULT 0 NOT NULL,
	"unaccompanied_minors" integer DEFAULT 0 NOT NULL,
	"disabilities" integer DEFAULT 0 NOT NULL,
	"missing" integer DEFAULT 0 NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	CONSTRAINT "transfers_counts_non_negative" CHECK ("adult_men" >= 0 and "adult_women" >= 0 and "boys_0_11m" >= 0 and "girls_0_11m" >= 0 and "boys_1_4" >= 0 and "girls_1_4" >= 0 and "boys_5_17" >= 0 and "girls_5_17" >= 0 and "pregnant" >= 0 and "lactating" >= 0 and "unaccompanied_minors" >= 0 and "disabilities" >= 0),
	CONSTRAINT "transfers_distinct_facilities" CHECK ("transfers"."from_facility_id" <> "transfers"."to_facility_id")
);
--> statement-breakpoint
ALTER TABLE "facilities" ADD COLUMN "sanitation_first_phase" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "api_idempotency" ADD CONSTRAINT "api_idempotency_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token_facilities" ADD CONSTRAINT "api_token_facilities_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_token_facilities" ADD CONSTRAINT "api_token_facilities_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "census" ADD CONSTRAINT "census_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_nationalities" ADD CONSTRAINT "daily_nationalities_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daily_population" ADD CONSTRAINT "daily_population_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "norms" ADD CONSTRAINT "norms_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_entries" ADD CONSTRAINT "population_entries_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_entries" ADD CONSTRAINT "population_entries_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_entries" ADD CONSTRAINT "population_entries_transfer_id_transfers_id_fk" FOREIGN KEY ("transfer_id") REFERENCES "public"."transfers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "population_entry_nationalities" ADD CONSTRAINT "population_entry_nationalities_entry_id_population_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."population_entries"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_facility_id_facilities_id_fk" FOREIGN KEY ("from_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_facility_id_facilities_id_fk" FOREIGN KEY ("to_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_idx" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "population_entries_idempotency_key_idx" ON "population_entries" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "population_entries_reverses_idx" ON "population_entries" USING btree ("reverses_entry_id");--> statement-breakpoint
CREATE INDEX "population_entries_facility_occurred_idx" ON "population_entries" USING btree ("facility_id","occurred_at");--> statement-breakpoint
CREATE INDEX "population_entries_facility_id_idx" ON "population_entries" USING btree ("facility_id","id");--> statement-breakpoint
CREATE INDEX "transfers_to_status_idx" ON "transfers" USING btree ("to_facility_id","status");--> statement-breakpoint
CREATE INDEX "transfers_from_status_idx" ON "transfers" USING btree ("from_facility_id","status");