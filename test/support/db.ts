import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { openDatabase, type Database } from "#db/client.server";
import type { Db } from "#db/types";
import { useDatabase } from "~/lib/db.server";
import { adminConnection, databaseUrl, ident, uniqueName } from "./postgres-admin";

export type TestDriver = "pglite" | "postgres";

/** Which database the integration project runs against (set by vitest.config.ts). */
export function testDriver(): TestDriver {
  const driver = process.env.ALBERGUE_TEST_DRIVER;
  if (driver === "pglite" || driver === "postgres") return driver;
  throw new Error(
    "ALBERGUE_TEST_DRIVER is not set: run integration tests through the integration-pglite or " +
      "integration-postgres project (vitest run --project integration-pglite).",
  );
}

export interface TestDatabase {
  readonly driver: TestDriver;
  /** This file's database, open and installed in the app (getDb()) from beforeAll on. */
  readonly database: Database;
  readonly db: Db;
  /**
   * PostgreSQL only: a second, independent connection pool to this file's database, closed
   * in afterAll. (A PGlite database lives in this process and has no other way in.)
   */
  connectAgain(): Promise<Database>;
}

export interface TestDatabaseOptions {
  /** false: a database on which no migration has run (for the migration tests). */
  migrated?: boolean;
}

/**
 * Gives the calling test file a database of its own for all of its tests: a copy of the
 * migrated database prepared by the project's global setup, installed into the app with
 * useDatabase() so that loaders, actions and app/lib functions use it. Call it at the top
 * level of the file.
 */
export function setupTestDatabase(options: TestDatabaseOptions = {}): TestDatabase {
  const migrated = options.migrated ?? true;
  const driver = testDriver();
  let database: Database | undefined;
  const extra: Database[] = [];
  let dropDatabase: (() => Promise<void>) | undefined;
  let url: string | undefined;

  beforeAll(async () => {
    if (driver === "pglite") {
      const dumps = inject("pgliteDumps");
      const tar = readFileSync(migrated ? dumps.migrated : dumps.empty);
      database = await openDatabase({
        dataDir: "memory://",
        loadDataDir: new Blob([tar], { type: "application/x-tar" }),
      });
    } else {
      const run = inject("postgresRun");
      const name = uniqueName(`${run.runPrefix}_f`);
      const admin = adminConnection(run.adminUrl);
      try {
        await admin.unsafe(`create database ${ident(name)} template ${ident(migrated ? run.template : "template0")}`);
      } catch (error) {
        await admin.end({ timeout: 5 });
        throw error;
      }
      dropDatabase = async () => {
        try {
          await admin.unsafe(`drop database if exists ${ident(name)} with (force)`);
        } finally {
          await admin.end({ timeout: 5 });
        }
      };
      url = databaseUrl(run.adminUrl, name);
      database = await openDatabase({ url, max: 4 });
    }
    useDatabase(database);
  });

  afterAll(async () => {
    useDatabase(undefined);
    for (const other of extra) await other.close();
    await database?.close();
    await dropDatabase?.();
  });

  function current(): Database {
    if (!database) throw new Error("The test database is opened in beforeAll; use it inside tests and hooks.");
    return database;
  }

  return {
    driver,
    get database() {
      return current();
    },
    get db() {
      return current().db;
    },
    async connectAgain() {
      if (driver !== "postgres" || !url) throw new Error("connectAgain() is for PostgreSQL only.");
      const other = await openDatabase({ url, max: 2 });
      extra.push(other);
      return other;
    },
  };
}
