import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  doublePrecision,
  integer,
  pgEnum,
  pgTable,
  text,
  timestamp,
  varchar,
} from "drizzle-orm/pg-core";

export const facilityKind = pgEnum("facility_kind", [
  "reception_station",
  "shelter",
  "health_post",
  "warehouse",
]);

export const facilityStatus = pgEnum("facility_status", ["open", "closed"]);

export const facilities = pgTable(
  "facilities",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    code: varchar("code", { length: 8 }).notNull().unique(),
    name: text("name").notNull(),
    kind: facilityKind("kind").notNull(),
    region: text("region").notNull().default(""),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    beds: integer("beds").notNull().default(0),
    coveredAreaM2: doublePrecision("covered_area_m2").notNull().default(0),
    waterLitresPerDay: integer("water_litres_per_day").notNull().default(0),
    toilets: integer("toilets").notNull().default(0),
    // Sphere: one toilet per 50 people in the first phase of an emergency, per 20 after it.
    sanitationFirstPhase: boolean("sanitation_first_phase").notNull().default(false),
    status: facilityStatus("status").notNull().default("open"),
    notes: text("notes").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("facilities_code_format", sql`${t.code} ~ '^[A-Z0-9]{2,8}$'`),
    check(
      "facilities_capacity_non_negative",
      sql`${t.beds} >= 0 and ${t.coveredAreaM2} >= 0 and ${t.waterLitresPerDay} >= 0 and ${t.toilets} >= 0`,
    ),
    check(
      "facilities_coordinates_range",
      sql`(${t.latitude} is null or ${t.latitude} between -90 and 90) and (${t.longitude} is null or ${t.longitude} between -180 and 180)`,
    ),
  ],
);
