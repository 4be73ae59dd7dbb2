CREATE TYPE "public"."adjustment_reason" AS ENUM('damaged', 'expired', 'lost', 'vvm_discard', 'found', 'correction', 'transit_loss', 'count_difference');--> statement-breakpoint
CREATE TYPE "public"."count_sheet_status" AS ENUM('draft', 'submitted');--> statement-breakpoint
CREATE TYPE "public"."item_category" AS ENUM('food', 'water', 'nutrition', 'hygiene', 'medical', 'vaccine');--> statement-breakpoint
CREATE TYPE "public"."open_vial_rule" AS ENUM('days_28', 'session_end');--> statement-breakpoint
CREATE TYPE "public"."shipment_status" AS ENUM('in_transit', 'received');--> statement-breakpoint
CREATE TYPE "public"."stock_entry_kind" AS ENUM('receipt', 'issue', 'transfer_out', 'transfer_in', 'adjustment', 'count');--> statement-breakpoint
CREATE TABLE "count_lines" (
	"sheet_id" integer NOT NULL,
	"lot_id" integer NOT NULL,
	"counted" bigint,
	"system_quantity" bigint,
	CONSTRAINT "count_lines_sheet_id_lot_id_pk" PRIMARY KEY("sheet_id","lot_id"),
	CONSTRAINT "count_lines_counted_non_negative" CHECK ("count_lines"."counted" is null or "count_lines"."counted" >= 0)
);
--> statement-breakpoint
CREATE TABLE "count_sheets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "count_sheets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"facility_id" integer NOT NULL,
	"status" "count_sheet_status" DEFAULT 'draft' NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"operation_id" bigint
);
--> statement-breakpoint
CREATE TABLE "item_facility_settings" (
	"item_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	"lead_time_days" integer DEFAULT 7 NOT NULL,
	"safety_stock_days" integer DEFAULT 7 NOT NULL,
	CONSTRAINT "item_facility_settings_item_id_facility_id_pk" PRIMARY KEY("item_id","facility_id"),
	CONSTRAINT "item_facility_settings_non_negative" CHECK ("item_facility_settings"."lead_time_days" >= 0 and "item_facility_settings"."safety_stock_days" >= 0)
);
--> statement-breakpoint
CREATE TABLE "item_norms" (
	"item_id" integer NOT NULL,
	"target" text NOT NULL,
	"per_person_day" double precision NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	CONSTRAINT "item_norms_item_id_target_pk" PRIMARY KEY("item_id","target"),
	CONSTRAINT "item_norms_positive" CHECK ("item_norms"."per_person_day" >= 0)
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name_es" text NOT NULL,
	"name_en" text NOT NULL,
	"category" "item_category" NOT NULL,
	"unit" text NOT NULL,
	"lot_tracked" boolean DEFAULT true NOT NULL,
	"expires" boolean DEFAULT true NOT NULL,
	"cold_chain" boolean DEFAULT false NOT NULL,
	"storage_min_c" double precision,
	"storage_max_c" double precision,
	"doses_per_vial" integer,
	"open_vial_rule" "open_vial_rule",
	"wastage_rate" double precision,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_code_format" CHECK ("items"."code" ~ '^[A-Z0-9-]{2,20}$'),
	CONSTRAINT "items_wastage_range" CHECK ("items"."wastage_rate" is null or ("items"."wastage_rate" >= 0 and "items"."wastage_rate" < 1)),
	CONSTRAINT "items_doses_per_vial" CHECK ("items"."doses_per_vial" is null or "items"."doses_per_vial" >= 1)
);
--> statement-breakpoint
CREATE TABLE "lots" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer NOT NULL,
	"lot_number" text NOT NULL,
	"expiry" date,
	"manufacturer" text DEFAULT '' NOT NULL,
	"vvm_stage" smallint,
	"gtin" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lots_vvm_stage" CHECK ("lots"."vvm_stage" is null or "lots"."vvm_stage" between 1 and 4),
	CONSTRAINT "lots_gtin_digits" CHECK ("lots"."gtin" is null or "lots"."gtin" ~ '^[0-9]{8,14}$')
);
--> statement-breakpoint
CREATE TABLE "shipment_lines" (
	"shipment_id" integer NOT NULL,
	"lot_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"quantity_sent" bigint NOT NULL,
	"quantity_received" bigint,
	CONSTRAINT "shipment_lines_shipment_id_lot_id_pk" PRIMARY KEY("shipment_id","lot_id"),
	CONSTRAINT "shipment_lines_quantities" CHECK ("shipment_lines"."quantity_sent" > 0 and ("shipment_lines"."quantity_received" is null or "shipment_lines"."quantity_received" between 0 and "shipment_lines"."quantity_sent"))
);
--> statement-breakpoint
CREATE TABLE "shipments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "shipments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"from_facility_id" integer NOT NULL,
	"to_facility_id" integer NOT NULL,
	"status" "shipment_status" DEFAULT 'in_transit' NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone,
	"notes" text DEFAULT '' NOT NULL,
	CONSTRAINT "shipments_distinct_facilities" CHECK ("shipments"."from_facility_id" <> "shipments"."to_facility_id")
);
--> statement-breakpoint
CREATE TABLE "stock_balances" (
	"facility_id" integer NOT NULL,
	"lot_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"quantity" bigint DEFAULT 0 NOT NULL,
	"quarantined" boolean DEFAULT false NOT NULL,
	"quarantine_reason" text DEFAULT '' NOT NULL,
	"last_entry_at" timestamp with time zone,
	CONSTRAINT "stock_balances_facility_id_lot_id_pk" PRIMARY KEY("facility_id","lot_id"),
	CONSTRAINT "stock_balances_non_negative" CHECK ("stock_balances"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"operation_id" bigint NOT NULL,
	"facility_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"lot_id" integer NOT NULL,
	"kind" "stock_entry_kind" NOT NULL,
	"quantity" bigint NOT NULL,
	"balance_after" bigint NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"shipment_id" integer,
	CONSTRAINT "stock_entries_quantity_nonzero" CHECK ("stock_entries"."quantity" <> 0),
	CONSTRAINT "stock_entries_balance_non_negative" CHECK ("stock_entries"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "stock_operations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_operations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"facility_id" integer NOT NULL,
	"kind" "stock_entry_kind" NOT NULL,
	"idempotency_key" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" integer,
	"api_token_id" integer,
	"reason" "adjustment_reason",
	"document_ref" text DEFAULT '' NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"people_served" integer,
	"notes" text DEFAULT '' NOT NULL,
	CONSTRAINT "stock_operations_people_served" CHECK ("stock_operations"."people_served" is null or "stock_operations"."people_served" >= 0)
);
--> statement-breakpoint
ALTER TABLE "count_lines" ADD CONSTRAINT "count_lines_sheet_id_count_sheets_id_fk" FOREIGN KEY ("sheet_id") REFERENCES "public"."count_sheets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "count_lines" ADD CONSTRAINT "count_lines_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "count_sheets" ADD CONSTRAINT "count_sheets_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "count_sheets" ADD CONSTRAINT "count_sheets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_facility_settings" ADD CONSTRAINT "item_facility_settings_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_facility_settings" ADD CONSTRAINT "item_facility_settings_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_norms" ADD CONSTRAINT "item_norms_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lots" ADD CONSTRAINT "lots_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipment_lines" ADD CONSTRAINT "shipment_lines_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_from_facility_id_facilities_id_fk" FOREIGN KEY ("from_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "shipments" ADD CONSTRAINT "shipments_to_facility_id_facilities_id_fk" FOREIGN KEY ("to_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_entries" ADD CONSTRAINT "stock_entries_operation_id_stock_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."stock_operations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_entries" ADD CONSTRAINT "stock_entries_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_entries" ADD CONSTRAINT "stock_entries_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_entries" ADD CONSTRAINT "stock_entries_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_operations" ADD CONSTRAINT "stock_operations_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_operations" ADD CONSTRAINT "stock_operations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "count_sheets_facility_idx" ON "count_sheets" USING btree ("facility_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "items_code_idx" ON "items" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "lots_item_number_idx" ON "lots" USING btree ("item_id","lot_number");--> statement-breakpoint
CREATE INDEX "shipments_to_status_idx" ON "shipments" USING btree ("to_facility_id","status");--> statement-breakpoint
CREATE INDEX "shipments_from_status_idx" ON "shipments" USING btree ("from_facility_id","status");--> statement-breakpoint
CREATE INDEX "stock_balances_facility_item_idx" ON "stock_balances" USING btree ("facility_id","item_id");--> statement-breakpoint
CREATE INDEX "stock_entries_facility_lot_idx" ON "stock_entries" USING btree ("facility_id","lot_id","id");--> statement-breakpoint
CREATE INDEX "stock_entries_facility_item_idx" ON "stock_entries" USING btree ("facility_id","item_id","id");--> statement-breakpoint
CREATE INDEX "stock_entries_operation_idx" ON "stock_entries" USING btree ("operation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_operations_idempotency_idx" ON "stock_operations" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "stock_operations_facility_idx" ON "stock_operations" USING btree ("facility_id","id");