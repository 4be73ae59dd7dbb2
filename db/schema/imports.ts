import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { users } from "./accounts";

/**
 * A checked bulk-import file waiting for its "record" button (docs/decisions/021-bulk-import.md):
 * the preview page reads it back after a redirect, so it works without JavaScript and the file
 * is sent once. Only files whose every row passed are kept; the commit checks them again. A
 * scratch table, not a ledger: the ledger rows and audit entries come from the commands at
 * commit, and drafts older than a day are deleted on the next upload.
 */
export const importDrafts = pgTable(
  "import_drafts",
  {
    // Random and unguessable; every read also names the user who uploaded it.
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    /** The file's cells as text, the header row first (CSV and XLSX alike). */
    cells: jsonb("cells").$type<string[][]>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    committedAt: timestamp("committed_at", { withTimezone: true }),
    /** What the commit recorded: entries or receipts created, and duplicates. */
    result: jsonb("result").$type<{ created: number; duplicates: number; rows: number }>(),
  },
  (t) => [
    index("import_drafts_user_idx").on(t.userId, t.createdAt),
    check("import_drafts_kind", sql`${t.kind} in ('arrivals', 'receipts')`),
  ],
);
