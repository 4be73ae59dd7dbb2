CREATE TYPE "public"."case_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."dose_status" AS ENUM('given', 'not_given');--> statement-breakpoint
CREATE TYPE "public"."encounter_kind" AS ENUM('child', 'antenatal');--> statement-breakpoint
CREATE TYPE "public"."muac_class" AS ENUM('sam', 'mam', 'normal');--> statement-breakpoint
CREATE TYPE "public"."referral_status" AS ENUM('sent', 'arrived', 'returned');--> statement-breakpoint
CREATE TYPE "public"."referral_urgency" AS ENUM('emergency', 'urgent', 'routine');--> statement-breakpoint
CREATE TYPE "public"."sex" AS ENUM('female', 'male', 'unknown');--> statement-breakpoint
CREATE TYPE "public"."vial_status" AS ENUM('open', 'finished', 'expired');--> statement-breakpoint
ALTER TYPE "public"."adjustment_reason" ADD VALUE 'open_vial_expired';--> statement-breakpoint
CREATE TABLE "care_cases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "care_cases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"facility_id" integer NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"document_number" text DEFAULT '' NOT NULL,
	"sex" "sex" NOT NULL,
	"birth_date" date,
	"birth_date_estimated" boolean DEFAULT false NOT NULL,
	"nationality" char(2),
	"family_group" text DEFAULT '' NOT NULL,
	"pregnant" boolean DEFAULT false NOT NULL,
	"last_menstrual_period" date,
	"estimated_due_date" date,
	"arrival_date" date NOT NULL,
	"status" "case_status" DEFAULT 'open' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "care_cases_code_format" CHECK ("care_cases"."code" ~ '^[A-HJ-NP-Z2-9]{8}$')
);
--> statement-breakpoint
CREATE TABLE "care_encounters" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "care_encounters_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	"kind" "encounter_kind" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"weight_kg" double precision,
	"height_cm" double precision,
	"muac_mm" integer,
	"oedema" boolean,
	"nutrition" "muac_class",
	"rutf_sachets_per_day" double precision,
	"gestational_weeks" smallint,
	"systolic" smallint,
	"diastolic" smallint,
	"haemoglobin_g_l" integer,
	"anaemia" boolean,
	"td_given" boolean,
	"iron_folic_given" boolean,
	"contact_number" smallint,
	"next_contact_date" date,
	"danger_signs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"recorded_by" integer,
	CONSTRAINT "care_encounters_muac_range" CHECK ("care_encounters"."muac_mm" is null or "care_encounters"."muac_mm" between 50 and 400),
	CONSTRAINT "care_encounters_weight_range" CHECK ("care_encounters"."weight_kg" is null or ("care_encounters"."weight_kg" > 0 and "care_encounters"."weight_kg" < 300))
);
--> statement-breakpoint
CREATE TABLE "open_vials" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "open_vials_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"facility_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"lot_id" integer NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"discard_at" timestamp with time zone NOT NULL,
	"doses_per_vial" smallint NOT NULL,
	"doses_drawn" smallint DEFAULT 0 NOT NULL,
	"status" "vial_status" DEFAULT 'open' NOT NULL,
	"wastage_operation_id" bigint,
	"opened_by" integer,
	CONSTRAINT "open_vials_doses" CHECK ("open_vials"."doses_drawn" >= 0 and "open_vials"."doses_drawn" <= "open_vials"."doses_per_vial")
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "referrals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	"hospital" text NOT NULL,
	"urgency" "referral_urgency" NOT NULL,
	"reason" text NOT NULL,
	"status" "referral_status" DEFAULT 'sent' NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer
);
--> statement-breakpoint
CREATE TABLE "vaccine_doses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vaccine_doses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"dose_number" smallint NOT NULL,
	"status" "dose_status" NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"idempotency_key" text NOT NULL,
	"lot_id" integer,
	"open_vial_id" integer,
	"stock_operation_id" bigint,
	"not_given_reason" text DEFAULT '' NOT NULL,
	"warning" text DEFAULT '' NOT NULL,
	"next_due_date" date,
	"recorded_by" integer,
	CONSTRAINT "vaccine_doses_given_has_stock" CHECK (("vaccine_doses"."status" = 'given') = ("vaccine_doses"."stock_operation_id" is not null and "vaccine_doses"."lot_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "care_cases" ADD CONSTRAINT "care_cases_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_cases" ADD CONSTRAINT "care_cases_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_encounters" ADD CONSTRAINT "care_encounters_case_id_care_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."care_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_encounters" ADD CONSTRAINT "care_encounters_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "care_encounters" ADD CONSTRAINT "care_encounters_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_vials" ADD CONSTRAINT "open_vials_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_vials" ADD CONSTRAINT "open_vials_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_vials" ADD CONSTRAINT "open_vials_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_vials" ADD CONSTRAINT "open_vials_wastage_operation_id_stock_operations_id_fk" FOREIGN KEY ("wastage_operation_id") REFERENCES "public"."stock_operations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "open_vials" ADD CONSTRAINT "open_vials_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_case_id_care_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."care_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD CONSTRAINT "vaccine_doses_case_id_care_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."care_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD CONSTRAINT "vaccine_doses_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD CONSTRAINT "vaccine_doses_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD CONSTRAINT "vaccine_doses_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD CONSTRAINT "vaccine_doses_open_vial_id_open_vials_id_fk" FOREIGN KEY ("open_vial_id") REFERENCES "public"."open_vials"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD CONSTRAINT "vaccine_doses_stock_operation_id_stock_operations_id_fk" FOREIGN KEY ("stock_operation_id") REFERENCES "public"."stock_operations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD CONSTRAINT "vaccine_doses_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "care_cases_code_idx" ON "care_cases" USING btree ("code");--> statement-breakpoint
CREATE INDEX "care_cases_facility_idx" ON "care_cases" USING btree ("facility_id","status");--> statement-breakpoint
CREATE INDEX "care_cases_family_idx" ON "care_cases" USING btree ("family_group");--> statement-breakpoint
CREATE UNIQUE INDEX "care_encounters_idempotency_idx" ON "care_encounters" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "care_encounters_case_idx" ON "care_encounters" USING btree ("case_id","occurred_at");--> statement-breakpoint
CREATE INDEX "care_encounters_facility_idx" ON "care_encounters" USING btree ("facility_id","occurred_at");--> statement-breakpoint
CREATE INDEX "open_vials_facility_lot_idx" ON "open_vials" USING btree ("facility_id","lot_id","status");--> statement-breakpoint
CREATE INDEX "referrals_case_idx" ON "referrals" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "referrals_facility_idx" ON "referrals" USING btree ("facility_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "vaccine_doses_idempotency_idx" ON "vaccine_doses" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "vaccine_doses_stock_operation_idx" ON "vaccine_doses" USING btree ("stock_operation_id");--> statement-breakpoint
CREATE INDEX "vaccine_doses_case_idx" ON "vaccine_doses" USING btree ("case_id","item_id");--> statement-breakpoint
CREATE INDEX "vaccine_doses_facility_idx" ON "vaccine_doses" USING btree ("facility_id","occurred_at");