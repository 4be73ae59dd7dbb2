-- Doses given elsewhere (issue 17 item 8): a dose read from a home card or another country's record
-- is given, with a place, a country and the card's lot number, and moves no stock. Existing doses
-- are all given here (the default); nothing else is migrated.
CREATE TYPE "public"."dose_source" AS ENUM('here', 'card');--> statement-breakpoint
ALTER TABLE "vaccine_doses" DROP CONSTRAINT "vaccine_doses_given_has_stock";--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD COLUMN "source" "dose_source" DEFAULT 'here' NOT NULL;--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD COLUMN "place" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD COLUMN "country" char(2);--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD COLUMN "card_lot_number" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX "vaccine_doses_card_idx" ON "vaccine_doses" USING btree ("facility_id","recorded_at") WHERE "vaccine_doses"."source" = 'card';--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD CONSTRAINT "vaccine_doses_card_no_stock" CHECK ("vaccine_doses"."source" = 'here' or ("vaccine_doses"."status" = 'given' and "vaccine_doses"."stock_operation_id" is null and "vaccine_doses"."lot_id" is null and "vaccine_doses"."open_vial_id" is null));--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD CONSTRAINT "vaccine_doses_card_fields" CHECK ("vaccine_doses"."source" = 'card' or ("vaccine_doses"."place" = '' and "vaccine_doses"."country" is null and "vaccine_doses"."card_lot_number" = ''));--> statement-breakpoint
ALTER TABLE "vaccine_doses" ADD CONSTRAINT "vaccine_doses_given_has_stock" CHECK (("vaccine_doses"."status" = 'given' and "vaccine_doses"."source" = 'here') = ("vaccine_doses"."stock_operation_id" is not null and "vaccine_doses"."lot_id" is not null));