import { openDatabase, type Database } from "#db/client.server";
import { migrate } from "#db/migrate.server";
import type { Db } from "#db/types";
import { env } from "./env.server";

// The handle lives on globalThis so that the CLI, the dev server's rebuilt modules and the
// request handler share one pool (and never open the same PGlite folder twice).
const holder = globalThis as typeof globalThis & { __albergueDatabase?: Database };

export async function initDatabase(): Promise<Database> {
  if (holder.__albergueDatabase) return holder.__albergueDatabase;
  const config = env();
  const database = await openDatabase(
    config.DATABASE_URL
      ? { url: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE }
      : { dataDir: config.pgliteDir },
  );
  await migrate(database.db);
  holder.__albergueDatabase = database;
  return database;
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
}
