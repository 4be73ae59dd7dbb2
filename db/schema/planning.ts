import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
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

/**
 * The plans the pages read (issue 13, decision 018): the baseline and each active scenario,
 * computed off the request path by the plan worker and kept with the digest of the inputs they
 * were computed from, so a page can say how old its plan is and a check can prove it current.
 * One row per plan, replaced on each recompute: a plan is derived data, rebuilt from the
 * ledgers at any time, not a record to keep (the audit log keeps what changed the inputs).
 */
export const storedPlans = pgTable(
  "stored_plans",
  {
    /** "baseline", or "scenario:<id>". */
    key: text("key").primaryKey(),
    scenarioId: integer("scenario_id").references(() => scenarios.id, { onDelete: "cascade" }),
    /** The scenario's updated_at when its plan was computed: a later edit makes it out of date. */
    scenarioVersion: timestamp("scenario_version", { withTimezone: true }),
    /** sha-256 of the inputs and the scenario's changes. */
    digest: text("digest").notNull(),
    /** The newest audit entry, and the writing transactions still open, when the inputs were read. */
    auditMark: bigint("audit_mark", { mode: "number" }).notNull(),
    snapshot: text("snapshot").notNull(),
    /** The clock the plan was computed at (its "today" and staleness are counted from it). */
    inputsAt: timestamp("inputs_at", { withTimezone: true }).notNull(),
    /** The newest entry recorded at any facility when the inputs were read. */
    dataUntil: timestamp("data_until", { withTimezone: true }),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
    payload: jsonb("payload").notNull(),
    /** The last failure since the last success (null once a recompute succeeds). */
    failedAt: timestamp("failed_at", { withTimezone: true }),
    failure: text("failure"),
  },
  (t) => [index("stored_plans_scenario_idx").on(t.scenarioId)],
);
