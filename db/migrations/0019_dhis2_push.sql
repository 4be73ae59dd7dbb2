CREATE TABLE "dhis2_mappings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dhis2_mappings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"indicator" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"data_element" text NOT NULL,
	"category_option_combo" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dhis2_org_units" (
	"facility_id" integer PRIMARY KEY NOT NULL,
	"org_unit" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dhis2_pushes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "dhis2_pushes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"facility_id" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"trigger" text NOT NULL,
	"dry_run" boolean NOT NULL,
	"data_set" text NOT NULL,
	"period" text NOT NULL,
	"org_unit" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'sending' NOT NULL,
	"http_status" integer,
	"imported" integer,
	"updated" integer,
	"ignored" integer,
	"deleted" integer,
	"conflicts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text DEFAULT '' NOT NULL,
	"requested_by" integer,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "dhis2_pushes_trigger" CHECK ("dhis2_pushes"."trigger" in ('manual', 'schedule'))
);
--> statement-breakpoint
CREATE TABLE "dhis2_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"data_set" text DEFAULT '' NOT NULL,
	"period_type" text DEFAULT 'week' NOT NULL,
	"scheduled" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" integer,
	CONSTRAINT "dhis2_settings_single_row" CHECK ("dhis2_settings"."id" = 1),
	CONSTRAINT "dhis2_settings_period_type" CHECK ("dhis2_settings"."period_type" in ('day', 'week', 'month'))
);
--> statement-breakpoint
ALTER TABLE "dhis2_org_units" ADD CONSTRAINT "dhis2_org_units_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dhis2_pushes" ADD CONSTRAINT "dhis2_pushes_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dhis2_pushes" ADD CONSTRAINT "dhis2_pushes_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dhis2_settings" ADD CONSTRAINT "dhis2_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dhis2_mappings_indicator_idx" ON "dhis2_mappings" USING btree ("indicator","detail");--> statement-breakpoint
CREATE UNIQUE INDEX "dhis2_mappings_cell_idx" ON "dhis2_mappings" USING btree ("data_element","category_option_combo");--> statement-breakpoint
CREATE UNIQUE INDEX "dhis2_org_units_org_unit_idx" ON "dhis2_org_units" USING btree ("org_unit");--> statement-breakpoint
CREATE UNIQUE INDEX "dhis2_pushes_idempotency_idx" ON "dhis2_pushes" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "dhis2_pushes_facility_idx" ON "dhis2_pushes" USING btree ("facility_id","id");