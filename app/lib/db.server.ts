import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openDatabase, type Database } from "#db/client.server";
import { migrate, type MigrationReport } from "#db/migrate.server";
import type { Db } from "#db/types";
import { env } from "./env.server";

// The handle lives on globalThis so that the CLI, the dev server's rebuilt modules and the
// request handler share one pool (and never open the same PGlite folder twice).
const holder = globalThis as typeof globalThis & {
  __albergueDatabase?: Database;
  __albergueLockFile?: string;
  __albergueMigration?: MigrationReport;
};

export async function initDatabase(): Promise<Database> {
  if (holder.__albergueDatabase) return holder.__albergueDatabase;
  const config = env();
  if (!config.DATABASE_URL) holder.__albergueLockFile = claimEmbeddedDatabase(config.pgliteDir);
  const database = await openDatabase(
    config.DATABASE_URL
      ? { url: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE }
      : { dataDir: config.pgliteDir },
  );
  holder.__albergueMigration = await migrate(database.db);
  holder.__albergueDatabase = database;
  return database;
}

/** What the start-up migration did (for the CLI's report). */
export function lastMigration(): MigrationReport | undefined {
  return holder.__albergueMigration;
}

/**
 * PGlite is a single-process database: a second process opening the same folder would
 * corrupt it. A lock file with the owner's pid turns that into a clear refusal. Returns the
 * lock file's path; the caller removes it when it closes the database.
 */
export function claimEmbeddedDatabase(dataDir: string): string {
  const lockFile = embeddedLockFile(dataDir);
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, "utf8").trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${pid}. Stop that process first, ` +
          "or run against PostgreSQL with DATABASE_URL.",
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return lockFile;
}

/** The lock file of an embedded database folder: `db.lock` beside `<dir>/db`. */
export function embeddedLockFile(dataDir: string): string {
  return path.join(path.dirname(dataDir), "db.lock");
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Installs an already-open database (tests). */
export function useDatabase(database: Database | undefined) {
  holder.__albergueDatabase = database;
}

export function getDatabase(): Database {
  const database = holder.__albergueDatabase;
  if (!database) throw new Error("The database is not initialised: call initDatabase() at start-up.");
  return database;
}

export function getDb(): Db {
  return getDatabase().db;
}

export async function closeDatabase() {
  const database = holder.__albergueDatabase;
  holder.__albergueDatabase = undefined;
  if (database) await database.close();
  if (holder.__albergueLockFile) {
    rmSync(holder.__albergueLockFile, { force: true });
    holder.__albergueLockFile = undefined;
  }
}
