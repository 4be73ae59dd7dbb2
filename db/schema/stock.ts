import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { facilities } from "./facilities";

export const itemCategory = pgEnum("item_category", ["food", "water", "nutrition", "hygiene", "medical", "vaccine"]);
export const openVialRule = pgEnum("open_vial_rule", ["days_28", "session_end"]);

/** The item catalogue (admins). Quantities are whole units of `unit`. */
export const items = pgTable(
  "items",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    code: text("code").notNull(),
    nameEs: text("name_es").notNull(),
    nameEn: text("name_en").notNull(),
    category: itemCategory("category").notNull(),
    unit: text("unit").notNull(),
    lotTracked: boolean("lot_tracked").notNull().default(true),
    expires: boolean("expires").notNull().default(true),
    coldChain: boolean("cold_chain").notNull().default(false),
    storageMinC: doublePrecision("storage_min_c"),
    storageMaxC: doublePrecision("storage_max_c"),
    dosesPerVial: integer("doses_per_vial"),
    openVialRule: openVialRule("open_vial_rule"),
    wastageRate: doublePrecision("wastage_rate"),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("items_code_idx").on(t.code),
    check("items_code_format", sql`${t.code} ~ '^[A-Z0-9-]{2,20}$'`),
    check("items_wastage_range", sql`${t.wastageRate} is null or (${t.wastageRate} >= 0 and ${t.wastageRate} < 1)`),
    check("items_doses_per_vial", sql`${t.dosesPerVial} is null or ${t.dosesPerVial} >= 1`),
  ],
);

/**
 * GS1 trade item numbers (GTIN-14, zero-padded) an item is known by: a scan of a new GTIN asks
 * the user which item it is once, and the answer is kept here (decision 023). One GTIN names one
 * item; an item may have several (pack sizes, makers).
 */
export const itemGtins = pgTable(
  "item_gtins",
  {
    gtin: text("gtin").primaryKey(),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    createdBy: integer("created_by").references(() => users.id),
  },
  (t) => [index("item_gtins_item_idx").on(t.itemId), check("item_gtins_digits", sql`${t.gtin} ~ '^[0-9]{14}$'`)],
);

/**
 * Per-person daily norms by population group: `target` is a census group (adultMen,
 * girls0to11m, ...), or `everyone`. Quantity is in the item's unit per person per day.
 */
export const itemNorms = pgTable(
  "item_norms",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    target: text("target").notNull(),
    perPersonDay: doublePrecision("per_person_day").notNull(),
    source: text("source").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.itemId, t.target] }), check("item_norms_positive", sql`${t.perPersonDay} >= 0`)],
);

/** Lead time and safety stock per item and facility (defaults apply where there is no row). */
export const itemFacilitySettings = pgTable(
  "item_facility_settings",
  {
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    leadTimeDays: integer("lead_time_days").notNull().default(7),
    safetyStockDays: integer("safety_stock_days").notNull().default(7),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.facilityId] }),
    check("item_facility_settings_non_negative", sql`${t.leadTimeDays} >= 0 and ${t.safetyStockDays} >= 0`),
  ],
);

/**
 * What drives the suggested order of an item at a facility (issue 17 item 4), chosen by a
 * planner: the norms (the default, where there is no row) or the consumption really recorded
 * over the last 30 days, per person-day. One row per facility and item, replaced on each change;
 * the audit log keeps who chose what and when.
 */
export const itemOrderBasis = pgTable(
  "item_order_basis",
  {
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    basis: text("basis").notNull().default("norm"),
    updatedBy: integer("updated_by").references(() => users.id),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.facilityId, t.itemId] }), check("item_order_basis_basis", sql`${t.basis} in ('norm', 'consumption')`)],
);

/** A lot of an item. Items that are not lot-tracked have one lot with an empty number. */
export const lots = pgTable(
  "lots",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    lotNumber: text("lot_number").notNull(),
    expiry: date("expiry", { mode: "string" }),
    manufacturer: text("manufacturer").notNull().default(""),
    gtin: text("gtin"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("lots_item_number_idx").on(t.itemId, t.lotNumber),
    check("lots_gtin_digits", sql`${t.gtin} is null or ${t.gtin} ~ '^[0-9]{8,14}$'`),
  ],
);

/** Stock on hand per facility and lot, maintained in the same transaction as every entry. */
export const stockBalances = pgTable(
  "stock_balances",
  {
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    lotId: integer("lot_id")
      .notNull()
      .references(() => lots.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    quantity: bigint("quantity", { mode: "number" }).notNull().default(0),
    quarantined: boolean("quarantined").notNull().default(false),
    quarantineReason: text("quarantine_reason").notNull().default(""),
    /**
     * The lot's vaccine vial monitor stage here (decision 023): a reading at one site says
     * nothing about the vials of the same lot at another. The latest of lot_condition_readings.
     */
    vvmStage: smallint("vvm_stage"),
    lastEntryAt: timestamp("last_entry_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.facilityId, t.lotId] }),
    index("stock_balances_facility_item_idx").on(t.facilityId, t.itemId),
    check("stock_balances_non_negative", sql`${t.quantity} >= 0`),
    check("stock_balances_vvm_stage", sql`${t.vvmStage} is null or ${t.vvmStage} between 1 and 4`),
  ],
);

export const lotConditionSource = pgEnum("lot_condition_source", ["reading", "receipt", "transfer_in", "migrated"]);

/**
 * Append-only history of a lot's condition at a facility: each VVM reading or excursion, where it
 * came from (the lot page, a receipt's arrival reading, a shipment carrying the sender's stage)
 * and the quarantine it left. stock_balances.vvm_stage is the latest stage.
 */
export const lotConditionReadings = pgTable(
  "lot_condition_readings",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    lotId: integer("lot_id")
      .notNull()
      .references(() => lots.id),
    source: lotConditionSource("source").notNull(),
    vvmStage: smallint("vvm_stage"),
    excursion: boolean("excursion").notNull().default(false),
    quarantined: boolean("quarantined").notNull(),
    note: text("note").notNull().default(""),
    operationId: bigint("operation_id", { mode: "number" }).references(() => stockOperations.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    recordedBy: integer("recorded_by").references(() => users.id),
  },
  (t) => [
    index("lot_condition_readings_facility_lot_idx").on(t.facilityId, t.lotId, t.id),
    check("lot_condition_readings_vvm_stage", sql`${t.vvmStage} is null or ${t.vvmStage} between 1 and 4`),
  ],
);

export const stockEntryKind = pgEnum("stock_entry_kind", [
  "receipt",
  "issue",
  "transfer_out",
  "transfer_in",
  "adjustment",
  "count",
]);

export const adjustmentReason = pgEnum("adjustment_reason", [
  "damaged",
  "expired",
  "lost",
  "vvm_discard",
  "found",
  "correction",
  "transit_loss",
  "count_difference",
  "open_vial_expired",
]);

/**
 * One user action (a receipt, an issue that FEFO spread over several lots, a count) with its
 * idempotency key; its entries reference it.
 */
export const stockOperations = pgTable(
  "stock_operations",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    kind: stockEntryKind("kind").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
    recordedBy: integer("recorded_by").references(() => users.id),
    apiTokenId: integer("api_token_id"),
    reason: adjustmentReason("reason"),
    documentRef: text("document_ref").notNull().default(""),
    source: text("source").notNull().default(""),
    peopleServed: integer("people_served"),
    notes: text("notes").notNull().default(""),
  },
  (t) => [
    uniqueIndex("stock_operations_idempotency_idx").on(t.idempotencyKey),
    index("stock_operations_facility_idx").on(t.facilityId, t.id),
    check("stock_operations_people_served", sql`${t.peopleServed} is null or ${t.peopleServed} >= 0`),
  ],
);

/** The stock ledger: append-only; `quantity` is signed (+ in, - out). */
export const stockEntries = pgTable(
  "stock_entries",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    operationId: bigint("operation_id", { mode: "number" })
      .notNull()
      .references(() => stockOperations.id),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    lotId: integer("lot_id")
      .notNull()
      .references(() => lots.id),
    kind: stockEntryKind("kind").notNull(),
    quantity: bigint("quantity", { mode: "number" }).notNull(),
    // The balance of this facility and lot after this entry: the stock card's running balance.
    balanceAfter: bigint("balance_after", { mode: "number" }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    shipmentId: integer("shipment_id"),
  },
  (t) => [
    index("stock_entries_facility_lot_idx").on(t.facilityId, t.lotId, t.id),
    index("stock_entries_facility_item_idx").on(t.facilityId, t.itemId, t.id),
    // The consumption of the last 30 days per facility and item, for every plan (issue 17 item 4).
    index("stock_entries_facility_kind_occurred_idx").on(t.facilityId, t.kind, t.occurredAt),
    index("stock_entries_operation_idx").on(t.operationId),
    check("stock_entries_quantity_nonzero", sql`${t.quantity} <> 0`),
    check("stock_entries_balance_non_negative", sql`${t.balanceAfter} >= 0`),
  ],
);

export const shipmentStatus = pgEnum("shipment_status", ["in_transit", "received"]);

export const shipments = pgTable(
  "shipments",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    fromFacilityId: integer("from_facility_id")
      .notNull()
      .references(() => facilities.id),
    toFacilityId: integer("to_facility_id")
      .notNull()
      .references(() => facilities.id),
    status: shipmentStatus("status").notNull().default("in_transit"),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }),
    notes: text("notes").notNull().default(""),
  },
  (t) => [
    check("shipments_distinct_facilities", sql`${t.fromFacilityId} <> ${t.toFacilityId}`),
    index("shipments_to_status_idx").on(t.toFacilityId, t.status),
    index("shipments_from_status_idx").on(t.fromFacilityId, t.status),
  ],
);

export const shipmentLines = pgTable(
  "shipment_lines",
  {
    shipmentId: integer("shipment_id")
      .notNull()
      .references(() => shipments.id),
    lotId: integer("lot_id")
      .notNull()
      .references(() => lots.id),
    itemId: integer("item_id")
      .notNull()
      .references(() => items.id),
    quantitySent: bigint("quantity_sent", { mode: "number" }).notNull(),
    quantityReceived: bigint("quantity_received", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.shipmentId, t.lotId] }),
    check("shipment_lines_quantities", sql`${t.quantitySent} > 0 and (${t.quantityReceived} is null or ${t.quantityReceived} between 0 and ${t.quantitySent})`),
  ],
);

export const countSheetStatus = pgEnum("count_sheet_status", ["draft", "submitted"]);

export const countSheets = pgTable(
  "count_sheets",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    status: countSheetStatus("status").notNull().default("draft"),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    operationId: bigint("operation_id", { mode: "number" }),
  },
  (t) => [index("count_sheets_facility_idx").on(t.facilityId, t.status)],
);

export const countLines = pgTable(
  "count_lines",
  {
    sheetId: integer("sheet_id")
      .notNull()
      .references(() => countSheets.id),
    lotId: integer("lot_id")
      .notNull()
      .references(() => lots.id),
    counted: bigint("counted", { mode: "number" }),
    // The balance when the sheet was submitted, kept to show the difference afterwards.
    systemQuantity: bigint("system_quantity", { mode: "number" }),
  },
  (t) => [
    primaryKey({ columns: [t.sheetId, t.lotId] }),
    check("count_lines_counted_non_negative", sql`${t.counted} is null or ${t.counted} >= 0`),
  ],
);
