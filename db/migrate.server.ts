import { readMigrationFiles } from "drizzle-orm/migrator";
import { sql } from "drizzle-orm";
import path from "node:path";
import { queryRows } from "./sql.server";
import type { Db } from "./types";

// An arbitrary constant shared by every process that may migrate this database.
const MIGRATION_LOCK_KEY = 7_404_211_901;

/** The migrations folder, from configuration or the working directory: the server build is bundled. */
export function migrationsFolder(): string {
  return path.resolve(process.env.ALBERGUE_MIGRATIONS_DIR ?? path.join(process.cwd(), "db", "migrations"));
}

export interface MigrationReport {
  applied: number;
  total: number;
}

/**
 * Applies the committed drizzle-kit migrations in one transaction under an advisory lock,
 * so two processes starting at once take turns and the second finds nothing to do. It
 * keeps drizzle's own bookkeeping table, so `drizzle-kit migrate` agrees with it.
 */
export async function migrate(db: Db, folder = migrationsFolder()): Promise<MigrationReport> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  let applied = 0;
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await tx.execute(sql`create schema if not exists drizzle`);
    await tx.execute(
      sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
    );
    const last = await queryRows<{ created_at: string | number }>(
      tx,
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    );
    const lastMillis = last[0] ? Number(last[0].created_at) : -1;
    for (const migration of migrations) {
      if (migration.folderMillis <= lastMillis) continue;
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement));
      }
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      );
      applied += 1;
    }
  });
  return { applied, total: migrations.length };
}

/** Whether every committed migration has been applied (for /readyz and `verify`). */
export async function pendingMigrations(db: Db, folder = migrationsFolder()): Promise<number> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const exists = await queryRows<{ present: boolean }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  if (!exists[0]?.present) return migrations.length;
  const last = await queryRows<{ created_at: string | number }>(
    db,
    sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  const lastMillis = last[0] ? Number(last[0].created_at) : -1;
  return migrations.filter((m) => m.folderMillis > lastMillis).length;
}
