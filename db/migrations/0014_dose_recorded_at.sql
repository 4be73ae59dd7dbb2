-- When each vaccine dose was written (occurred_at is when it was given, as typed): the dose form
-- asks before writing a twin of a dose the same person recorded minutes ago (issue 15, decision
-- 016). Doses written before this column take their stock issue's recording time, or, for doses
-- not given (no stock issue), the time they were given.
ALTER TABLE "vaccine_doses" ADD COLUMN "recorded_at" timestamp with time zone;--> statement-breakpoint
UPDATE "vaccine_doses" d SET "recorded_at" = coalesce((SELECT o."recorded_at" FROM "stock_operations" o WHERE o."id" = d."stock_operation_id"), d."occurred_at");--> statement-breakpoint
ALTER TABLE "vaccine_doses" ALTER COLUMN "recorded_at" SET DEFAULT now();--> statement-breakpoint
ALTER TABLE "vaccine_doses" ALTER COLUMN "recorded_at" SET NOT NULL;
