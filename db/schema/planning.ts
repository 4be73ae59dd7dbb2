import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./accounts";

/**
 * A planner's named "what if": a list of changes to the arrivals forecast (surge, closure,
 * diversion, scaling; app/lib/domain/scenario.ts validates the list). Scenarios are plans,
 * not records of what happened, so they are edited in place; every change is in the audit log,
 * and archiving hides one without losing it.
 */
export const scenarios = pgTable(
  "scenarios",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    changes: jsonb("changes").notNull(),
    archived: boolean("archived").notNull().default(false),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("scenarios_name_length", sql`char_length(${t.name}) between 1 and 120`),
    check("scenarios_changes_array", sql`jsonb_typeof(${t.changes}) = 'array'`),
    index("scenarios_archived_idx").on(t.archived),
  ],
);
