import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { facilities } from "./facilities";
import { items, shipments } from "./stock";

/**
 * Stock requests (issue 17, decision 022): a facility asks the warehouse for items; a planner
 * approves; the warehouse picks and ships through the stock ledger's shipment; the receipt
 * closes the loop and records the real lead time. The status on the row is the current one;
 * `stock_request_events` is its append-only history.
 */
export const requestStatus = pgEnum("request_status", ["draft", "submitted", "approved", "rejected", "picking", "shipped", "received", "closed"]);

export const stockRequests = pgTable(
  "stock_requests",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** The facility asking. */
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    /** The warehouse that picks and ships. */
    supplierFacilityId: integer("supplier_facility_id")
      .notNull()
      .references(() => facilities.id),
    status: requestStatus("status").notNull().default("draft"),
    emergency: boolean("emergency").notNull().default(false),
    neededBy: date("needed_by", { mode: "string" }).notNull(),
    /** The facility's projected saturation day when the request was raised (the emergency rule reads it). */
    saturationDay: date("saturation_day", { mode: "string" }),
    notes: text("notes").notNull().default(""),
    idempotencyKey: text("idempotency_key").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }),
    shipmentId: integer("shipment_id").references(() => shipments.id),
    /** Submitted to received, in days: the lead time that really happened. */
    leadTimeDays: doublePrecision("lead_time_days"),
  },
  (t) => [
    uniqueIndex("stock_requests_idempotency_idx").on(t.idempotencyKey),
    uniqueIndex("stock_requests_shipment_idx").on(t.shipmentId),
    index("stock_requests_facility_idx").on(t.facilityId, t.id),
    index("stock_requests_supplier_idx").on(t.supplierFacilityId, t.status),
    check("stock_requests_distinct_facilities", sql`${t.facilityId} <> ${t.supplierFacilityId}`),
    check("stock_requests_lead_time", sql`${t.leadTimeDays} is null or ${t.leadTimeDays} >= 0`),
  ],
);

export const stockRequestLines = pgTable(
  "stock_request_lines",
  {
    requestId: integer("request_id")
      .notNull()
      .references(() => stockRequests.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    requested: bigint("requested", { mode: "number" }).notNull(),
    approved: bigint("approved", { mode: "number" }),
    picked: bigint("picked", { mode: "number" }),
    received: bigint("received", { mode: "number" }),
    /** What the plan suggested when the request was raised, with its formula (null when raised by hand). */
    suggested: bigint("suggested", { mode: "number" }),
    stockOutDay: date("stock_out_day", { mode: "string" }),
    leadTimeDays: integer("lead_time_days").notNull().default(7),
    formula: jsonb("formula").notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.requestId, t.itemId] }),
    check(
      "stock_request_lines_quantities",
      sql`${t.requested} > 0 and (${t.approved} is null or ${t.approved} >= 0) and (${t.picked} is null or ${t.picked} >= 0) and (${t.received} is null or ${t.received} >= 0)`,
    ),
  ],
);

/** Every change of a request: append-only (migration trigger), one row per transition. */
export const stockRequestEvents = pgTable(
  "stock_request_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer("request_id")
      .notNull()
      .references(() => stockRequests.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    fromStatus: requestStatus("from_status"),
    toStatus: requestStatus("to_status").notNull(),
    reason: text("reason").notNull().default(""),
    changes: jsonb("changes").notNull().default({}),
    idempotencyKey: text("idempotency_key").notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("stock_request_events_idempotency_idx").on(t.idempotencyKey), index("stock_request_events_request_idx").on(t.requestId, t.id)],
);
