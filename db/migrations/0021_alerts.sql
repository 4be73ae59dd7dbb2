CREATE TABLE "alert_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"dedupe_key" text NOT NULL,
	"reason" text NOT NULL,
	"user_id" integer NOT NULL,
	"subscription_id" integer,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"event_ids" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	CONSTRAINT "alert_deliveries_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "alert_events" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"alert_key" text NOT NULL,
	"facility_id" integer NOT NULL,
	"kind" text NOT NULL,
	"item_code" text,
	"day" date,
	"severity" text NOT NULL,
	"alert" jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"cleared_at" timestamp with time zone,
	"critical_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" integer,
	"escalation_level" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	CONSTRAINT "alert_events_alert_key_unique" UNIQUE("alert_key")
);
--> statement-breakpoint
CREATE TABLE "alert_subscriptions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alert_subscriptions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"facility_id" integer NOT NULL,
	"kind" text NOT NULL,
	"channel" text NOT NULL,
	"webhook_url" text,
	"webhook_secret" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_subscriptions_kind" CHECK ("alert_subscriptions"."kind" in ('saturation', 'stockout', 'expiry', 'stale')),
	CONSTRAINT "alert_subscriptions_webhook" CHECK (("alert_subscriptions"."channel" = 'webhook') = ("alert_subscriptions"."webhook_url" is not null))
);
--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_subscription_id_alert_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."alert_subscriptions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_events" ADD CONSTRAINT "alert_events_acknowledged_by_users_id_fk" FOREIGN KEY ("acknowledged_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_subscriptions" ADD CONSTRAINT "alert_subscriptions_facility_id_facilities_id_fk" FOREIGN KEY ("facility_id") REFERENCES "public"."facilities"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_deliveries_created_idx" ON "alert_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "alert_deliveries_user_idx" ON "alert_deliveries" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "alert_events_facility_idx" ON "alert_events" USING btree ("facility_id","last_seen_at");--> statement-breakpoint
CREATE INDEX "alert_events_open_critical_idx" ON "alert_events" USING btree ("critical_at") WHERE "alert_events"."acknowledged_at" is null and "alert_events"."cleared_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "alert_subscriptions_unique" ON "alert_subscriptions" USING btree ("user_id","facility_id","kind","channel",coalesce("webhook_url", ''));--> statement-breakpoint
CREATE INDEX "alert_subscriptions_facility_idx" ON "alert_subscriptions" USING btree ("facility_id","kind");--> statement-breakpoint
INSERT INTO "norms" ("key", "value", "unit", "source") VALUES
  ('alert_ack_hours', 4, 'hours', 'Albergue default: a critical alert nobody acknowledges in 4 hours goes to the next role (manager, planner, administrator)'),
  ('alert_digest_hour', 7, 'hour', 'Albergue default: the daily digest of the other alerts leaves at 07:00 on the deployment''s clock')
ON CONFLICT ("key") DO NOTHING;
