CREATE TYPE "public"."lot_condition_source" AS ENUM('reading', 'receipt', 'transfer_in', 'migrated');--> statement-breakpoint
CREATE TABLE "item_gtins" (
	"gtin" text PRIMARY KEY NOT NULL,
	"item_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" integer,
	CONSTRAINT "item_gtins_digits" CHECK ("item_gtins"."gtin" ~ '^[0-9]{14}$')
);
--> statement-breakpoint
CREATE TABLE "lot_condition_readings" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lot_condition_readings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"facility_id" integer NOT NULL,
	"lot_id" integer NOT NULL,
	"source" "lot_condition_source" NOT NULL,
	"vvm_stage" smallint,
	"excursion" boolean DEFAULT false NOT NULL,
	"quarantined" boolean NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"operation_id" bigint,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"recorded_by" integer,
	CONSTRAINT "lot_condition_readings_vvm_stage" CHECK ("lot_condition_readings"."vvm_stage" is null or "lot_condition_readings"."vvm_stage" between 1 and 4)
);
--> statement-breakpoint
ALTER TABLE "lots" DROP CONSTRAINT "lots_vvm_stage";--> statement-breakpoint
ALTER TABLE "stock_balances" ADD COLUMN "vvm_stage" smallint;--> statement-breakpoint
ALTER TABLE "item_gtins" ADD CONSTRAINT "item_gtins_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_gtins" ADD CONSTRAINT "item_gtins_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_condition_readings" ADD CONSTRAINT "lot_condition_readings_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_condition_readings" ADD CONSTRAINT "lot_condition_readings_lot_id_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_condition_readings" ADD CONSTRAINT "lot_condition_readings_operation_id_stock_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."stock_operations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lot_condition_readings" ADD CONSTRAINT "lot_condition_readings_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_gtins_item_idx" ON "item_gtins" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "lot_condition_readings_facility_lot_idx" ON "lot_condition_readings" USING btree ("facility_id","lot_id","id");--> statement-breakpoint
-- Data step (decision 023): the stage that lived on the lot moves to the balances that hold it.
-- A stage 1-2 is copied to every site holding the lot. A stage 3-4 is copied only where the lot is
-- quarantined: a reading of 3-4 quarantines the balance where it was taken (the lot page and
-- receipts always did), so an unquarantined balance elsewhere only inherited it from the lot.
UPDATE "stock_balances" b SET "vvm_stage" = l."vvm_stage"
  FROM "lots" l
  WHERE l."id" = b."lot_id" AND l."vvm_stage" IS NOT NULL AND (l."vvm_stage" < 3 OR b."quarantined");--> statement-breakpoint
INSERT INTO "lot_condition_readings" ("facility_id", "lot_id", "source", "vvm_stage", "quarantined", "note", "recorded_at")
  SELECT b."facility_id", b."lot_id", 'migrated', b."vvm_stage", b."quarantined", '', coalesce(b."last_entry_at", now())
  FROM "stock_balances" b WHERE b."vvm_stage" IS NOT NULL;--> statement-breakpoint
-- A GTIN that receipts recorded on lots of exactly one item is already known as that item.
INSERT INTO "item_gtins" ("gtin", "item_id")
  SELECT lpad(l."gtin", 14, '0'), min(l."item_id")
  FROM "lots" l WHERE l."gtin" IS NOT NULL
  GROUP BY lpad(l."gtin", 14, '0') HAVING count(DISTINCT l."item_id") = 1
  ON CONFLICT DO NOTHING;--> statement-breakpoint
ALTER TABLE "lots" DROP COLUMN "vvm_stage";--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_vvm_stage" CHECK ("stock_balances"."vvm_stage" is null or "stock_balances"."vvm_stage" between 1 and 4);