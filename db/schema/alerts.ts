import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { facilities } from "./facilities";

/**
 * Alerts that reach people (issue 18, decision 026). A person subscribes to a facility's alerts
 * of one kind on one channel: e-mail to their own address, or a webhook (a chat or SMS gateway)
 * signed with HMAC-SHA256 by the subscription's secret or, without one, the deployment's.
 */
export const alertSubscriptions = pgTable(
  "alert_subscriptions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id, { onDelete: "cascade" }),
    /** app/lib/domain/alerts.ts AlertKind. */
    kind: text("kind").notNull(),
    channel: text("channel", { enum: ["email", "webhook"] }).notNull(),
    /** The webhook's URL (null for e-mail, which goes to the account's address). */
    webhookUrl: text("webhook_url"),
    /** The webhook's own signing secret; null signs with ALBERGUE_WEBHOOK_SECRET. Never sent to a page. */
    webhookSecret: text("webhook_secret"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("alert_subscriptions_unique").on(t.userId, t.facilityId, t.kind, t.channel, sql`coalesce(${t.webhookUrl}, '')`),
    index("alert_subscriptions_facility_idx").on(t.facilityId, t.kind),
    check("alert_subscriptions_kind", sql`${t.kind} in ('saturation', 'stockout', 'expiry', 'stale')`),
    check("alert_subscriptions_webhook", sql`(${t.channel} = 'webhook') = (${t.webhookUrl} is not null)`),
  ],
);

/**
 * One row per alert the stored plan has raised, keyed by what makes it the same alert from one
 * recompute to the next: facility, item, kind and the day of the event. A recompute that raises
 * it again only moves `last_seen_at`, so a critical alert is sent once, not on every recompute.
 */
export const alertEvents = pgTable(
  "alert_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    alertKey: text("alert_key").notNull().unique(),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    itemCode: text("item_code"),
    day: date("day", { mode: "string" }),
    severity: text("severity", { enum: ["critical", "warning"] }).notNull(),
    /** The alert as the plan computed it last (facts, why, href). */
    alert: jsonb("alert").notNull(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the plan stopped raising it (it may come back: then null again). */
    clearedAt: timestamp("cleared_at", { withTimezone: true }),
    /** When it was first critical and sent at once: the escalation clock starts here. */
    criticalAt: timestamp("critical_at", { withTimezone: true }),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true }),
    acknowledgedBy: integer("acknowledged_by").references(() => users.id),
    /** 0: the subscribers; 1: planners; 2: administrators (app/lib/domain/alert-delivery.ts). */
    escalationLevel: integer("escalation_level").notNull().default(0),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
  },
  (t) => [
    index("alert_events_facility_idx").on(t.facilityId, t.lastSeenAt),
    index("alert_events_open_critical_idx").on(t.criticalAt).where(sql`${t.acknowledgedAt} is null and ${t.clearedAt} is null`),
  ],
);

/**
 * Every message sent or tried. `dedupe_key` is unique: a message is claimed by inserting its
 * row, so two app servers (or two recomputes) that decide the same message create it once, and
 * only the pg-boss job of that row sends it.
 */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    /** "immediate" (a critical alert), "digest" (the day's others), "escalation". */
    reason: text("reason", { enum: ["immediate", "digest", "escalation"] }).notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    subscriptionId: integer("subscription_id").references(() => alertSubscriptions.id, { onDelete: "set null" }),
    channel: text("channel", { enum: ["email", "webhook"] }).notNull(),
    /** The address or URL it went to, as it was then. */
    target: text("target").notNull(),
    /** The alerts it carries (one, or a digest's). */
    eventIds: jsonb("event_ids").$type<number[]>().notNull(),
    status: text("status", { enum: ["pending", "sending", "sent", "failed"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [index("alert_deliveries_created_idx").on(t.createdAt), index("alert_deliveries_user_idx").on(t.userId, t.createdAt)],
);
