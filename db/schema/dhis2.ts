import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, smallint, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { facilities } from "./facilities";

// The DHIS2 aggregate push (decision 027). The server's address and credentials are not here:
// they come from the environment (DHIS2_URL, DHIS2_USERNAME/DHIS2_PASSWORD or DHIS2_TOKEN), so
// a database backup or a leaked dump never carries them.

/** The one row of settings: the data set, the period type and whether the schedule runs. */
export const dhis2Settings = pgTable(
  "dhis2_settings",
  {
    id: smallint("id").primaryKey().default(1),
    dataSet: text("data_set").notNull().default(""),
    periodType: text("period_type").notNull().default("week"),
    scheduled: boolean("scheduled").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: integer("updated_by").references(() => users.id),
  },
  (t) => [
    check("dhis2_settings_single_row", sql`${t.id} = 1`),
    check("dhis2_settings_period_type", sql`${t.periodType} in ('day', 'week', 'month')`),
  ],
);

/** A facility's organisation unit code in DHIS2; a facility without one is not pushed. */
export const dhis2OrgUnits = pgTable(
  "dhis2_org_units",
  {
    facilityId: integer("facility_id")
      .primaryKey()
      .references(() => facilities.id),
    orgUnit: text("org_unit").notNull(),
  },
  (t) => [uniqueIndex("dhis2_org_units_org_unit_idx").on(t.orgUnit)],
);

/** Which data element (and category option combination) an Albergue indicator is sent as. */
export const dhis2Mappings = pgTable(
  "dhis2_mappings",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    indicator: text("indicator").notNull(),
    detail: text("detail").notNull().default(""),
    dataElement: text("data_element").notNull(),
    categoryOptionCombo: text("category_option_combo").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // An indicator is sent once, and two indicators never land on the same DHIS2 cell.
    uniqueIndex("dhis2_mappings_indicator_idx").on(t.indicator, t.detail),
    uniqueIndex("dhis2_mappings_cell_idx").on(t.dataElement, t.categoryOptionCombo),
  ],
);

/**
 * Every push and server-side dry run, with DHIS2's import summary. A row is claimed (status
 * "sending") before the request, under its idempotency key, so a resubmitted form or a second
 * server's scheduled job never sends the same push twice; the reply then completes it.
 */
export const dhis2Pushes = pgTable(
  "dhis2_pushes",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    facilityId: integer("facility_id")
      .notNull()
      .references(() => facilities.id),
    idempotencyKey: text("idempotency_key").notNull(),
    trigger: text("trigger").notNull(),
    dryRun: boolean("dry_run").notNull(),
    dataSet: text("data_set").notNull(),
    period: text("period").notNull(),
    orgUnit: text("org_unit").notNull(),
    /** The data value set as sent: aggregate counts and codes, nothing about a person. */
    payload: jsonb("payload").notNull(),
    /** "sending", then DHIS2's status (SUCCESS, WARNING, ERROR, OK) or "failed" (no summary). */
    status: text("status").notNull().default("sending"),
    httpStatus: integer("http_status"),
    imported: integer("imported"),
    updated: integer("updated"),
    ignored: integer("ignored"),
    deleted: integer("deleted"),
    conflicts: jsonb("conflicts").notNull().default([]),
    /** Why no summary came back (unreachable, refused credentials), in words without secrets. */
    error: text("error").notNull().default(""),
    requestedBy: integer("requested_by").references(() => users.id),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("dhis2_pushes_idempotency_idx").on(t.idempotencyKey),
    index("dhis2_pushes_facility_idx").on(t.facilityId, t.id),
    check("dhis2_pushes_trigger", sql`${t.trigger} in ('manual', 'schedule')`),
  ],
);
