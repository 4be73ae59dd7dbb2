import { bigint, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { facilities } from "./facilities";

// Append-only: a trigger in the migrations refuses UPDATE and DELETE on this table.
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    userId: integer("user_id").references(() => users.id, { onDelete: "restrict" }),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    facilityId: integer("facility_id").references(() => facilities.id, { onDelete: "restrict" }),
    changes: jsonb("changes").$type<Record<string, unknown>>().notNull().default({}),
    requestId: text("request_id"),
    ipAddress: text("ip_address"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_user_at_idx").on(t.userId, t.at),
    index("audit_log_facility_at_idx").on(t.facilityId, t.at),
    index("audit_log_entity_at_idx").on(t.entity, t.at),
  ],
);
