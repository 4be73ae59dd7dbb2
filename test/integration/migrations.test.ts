import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrate, pendingMigrations } from "#db/migrate.server";
import { queryRows } from "#db/sql.server";
import type { Db } from "#db/types";
import { setupTestDatabase } from "../support/db";
import { migrationsDir } from "../support/paths";

// This file starts from a database on which no migration has run.
const testDb = setupTestDatabase({ migrated: false });
const committed = readMigrationFiles({ migrationsFolder: migrationsDir });

async function bookkeeping(db: Db) {
  return queryRows<{ hash: string; created_at: string | number }>(
    db,
    sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at`,
  );
}

describe("migrations", () => {
  it("start with every committed migration pending", async () => {
    expect(committed.length).toBeGreaterThanOrEqual(2);
    await expect(pendingMigrations(testDb.db, migrationsDir)).resolves.toBe(committed.length);
  });

  it("apply concurrently exactly once: both runs succeed, one does the work", async () => {
    let reports;
    if (testDb.driver === "postgres") {
      // Two app servers starting at once: two separate pools on the same database.
      const [first, second] = await Promise.all([testDb.connectAgain(), testDb.connectAgain()]);
      reports = await Promise.all([migrate(first.db, migrationsDir), migrate(second.db, migrationsDir)]);
    } else {
      // PGlite has a single connection: two runs on the same handle.
      reports = await Promise.all([migrate(testDb.db, migrationsDir), migrate(testDb.db, migrationsDir)]);
    }
    expect(reports.map((r) => r.applied).sort((a, b) => a - b)).toEqual([0, committed.length]);
    expect(reports.every((r) => r.total === committed.length)).toBe(true);

    const rows = await bookkeeping(testDb.db);
    expect(rows.map((r) => r.hash)).toEqual(committed.map((m) => m.hash));
    expect(rows.map((r) => Number(r.created_at))).toEqual(committed.map((m) => m.folderMillis));
  });

  it("leave nothing pending, and a further run is a no-op", async () => {
    await expect(pendingMigrations(testDb.db, migrationsDir)).resolves.toBe(0);
    await expect(migrate(testDb.db, migrationsDir)).resolves.toEqual({ applied: 0, total: committed.length });
    expect(await bookkeeping(testDb.db)).toHaveLength(committed.length);
  });

  it("create the application's tables", async () => {
    const tables = await queryRows<{ name: string }>(
      testDb.db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public'`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(["users", "facilities", "facility_memberships", "sessions", "login_failures", "audit_log"]),
    );
  });
});
