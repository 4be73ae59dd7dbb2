CREATE TABLE "item_order_basis" (
	"facility_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"basis" text DEFAULT 'norm' NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "item_order_basis_facility_id_item_id_pk" PRIMARY KEY("facility_id","item_id"),
	CONSTRAINT "item_order_basis_basis" CHECK ("item_order_basis"."basis" in ('norm', 'consumption'))
);
--> statement-breakpoint
ALTER TABLE "item_order_basis" ADD CONSTRAINT "item_order_basis_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_order_basis" ADD CONSTRAINT "item_order_basis_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_order_basis" ADD CONSTRAINT "item_order_basis_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stock_entries_facility_kind_occurred_idx" ON "stock_entries" USING btree ("facility_id","kind","occurred_at");