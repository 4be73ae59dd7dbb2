CREATE TYPE "public"."request_status" AS ENUM('draft', 'submitted', 'approved', 'rejected', 'picking', 'shipped', 'received', 'closed');--> statement-breakpoint
CREATE TABLE "stock_request_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_request_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	"from_status" "request_status",
	"to_status" "request_status" NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"idempotency_key" text NOT NULL,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_request_lines" (
	"request_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"requested" bigint NOT NULL,
	"approved" bigint,
	"picked" bigint,
	"received" bigint,
	"suggested" bigint,
	"stock_out_day" date,
	"lead_time_days" integer DEFAULT 7 NOT NULL,
	"formula" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "stock_request_lines_request_id_item_id_pk" PRIMARY KEY("request_id","item_id"),
	CONSTRAINT "stock_request_lines_quantities" CHECK ("stock_request_lines"."requested" > 0 and ("stock_request_lines"."approved" is null or "stock_request_lines"."approved" >= 0) and ("stock_request_lines"."picked" is null or "stock_request_lines"."picked" >= 0) and ("stock_request_lines"."received" is null or "stock_request_lines"."received" >= 0))
);
--> statement-breakpoint
CREATE TABLE "stock_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "stock_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"facility_id" integer NOT NULL,
	"supplier_facility_id" integer NOT NULL,
	"status" "request_status" DEFAULT 'draft' NOT NULL,
	"emergency" boolean DEFAULT false NOT NULL,
	"needed_by" date NOT NULL,
	"saturation_day" date,
	"notes" text DEFAULT '' NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"submitted_at" timestamp with time zone,
	"received_at" timestamp with time zone,
	"shipment_id" integer,
	"lead_time_days" double precision,
	CONSTRAINT "stock_requests_distinct_facilities" CHECK ("stock_requests"."facility_id" <> "stock_requests"."supplier_facility_id"),
	CONSTRAINT "stock_requests_lead_time" CHECK ("stock_requests"."lead_time_days" is null or "stock_requests"."lead_time_days" >= 0)
);
--> statement-breakpoint
ALTER TABLE "stock_request_events" ADD CONSTRAINT "stock_request_events_request_id_stock_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."stock_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_request_events" ADD CONSTRAINT "stock_request_events_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_request_events" ADD CONSTRAINT "stock_request_events_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_request_lines" ADD CONSTRAINT "stock_request_lines_request_id_stock_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."stock_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_request_lines" ADD CONSTRAINT "stock_request_lines_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_requests" ADD CONSTRAINT "stock_requests_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_requests" ADD CONSTRAINT "stock_requests_supplier_facility_id_facilities_id_fk" FOREIGN KEY ("supplier_facility_id") REFERENCES "public"."facilities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_requests" ADD CONSTRAINT "stock_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_requests" ADD CONSTRAINT "stock_requests_shipment_id_shipments_id_fk" FOREIGN KEY ("shipment_id") REFERENCES "public"."shipments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "stock_request_events_idempotency_idx" ON "stock_request_events" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "stock_request_events_request_idx" ON "stock_request_events" USING btree ("request_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_requests_idempotency_idx" ON "stock_requests" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_requests_shipment_idx" ON "stock_requests" USING btree ("shipment_id");--> statement-breakpoint
CREATE INDEX "stock_requests_facility_idx" ON "stock_requests" USING btree ("facility_id","id");--> statement-breakpoint
CREATE INDEX "stock_requests_supplier_idx" ON "stock_requests" USING btree ("supplier_facility_id","status");--> statement-breakpoint
-- A request's history is append-only, like the audit log (migration 0001).
CREATE TRIGGER stock_request_events_append_only
  BEFORE UPDATE OR DELETE ON stock_request_events
  FOR EACH ROW EXECUTE FUNCTION albergue_refuse_change();
--> statement-breakpoint
CREATE TRIGGER stock_request_events_no_truncate
  BEFORE TRUNCATE ON stock_request_events
  FOR EACH STATEMENT EXECUTE FUNCTION albergue_refuse_change();
--> statement-breakpoint
-- Requests (issue 17, decision 022): the emergency rule and the learned lead time, as norms.
INSERT INTO norms (key, value, unit, source) VALUES
  ('emergency_request_lead_times', 1, 'x lead time', 'Albergue default: an emergency request skips approval when the stock-out or saturation date falls within this many lead times; OpenLMIS emergency requisitions'),
  ('lead_time_sample_requests', 5, 'requests', 'Albergue default: the learned lead time is the median of the last 5 received requests per item and facility')
ON CONFLICT (key) DO NOTHING;
