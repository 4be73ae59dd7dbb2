import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { sql } from "drizzle-orm";
import { mkdirSync } from "node:fs";
import postgres from "postgres";
import * as schema from "./schema";
import type { Db } from "./types";

export interface Database {
  db: Db;
  driver: "postgres" | "pglite";
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A PostgreSQL URL; without it the embedded PGlite is used. */
  url?: string;
  /** The PGlite folder; `memory://` for a throwaway in-memory database. */
  dataDir?: string;
  /** Pool size for `postgres`. */
  max?: number;
  /** A PGlite data dump (from `dumpDataDir`) to start from, used by tests. */
  loadDataDir?: Blob | File;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.max ?? 10,
      onnotice: () => {},
      // Fail fast while PostgreSQL is down so that callers can answer 503 instead of hanging.
      connect_timeout: 5,
      // Seconds before a connection that failed tries again. The driver's default grows to 20 s
      // after a few failures, and a request waits that long for its connection: during a
      // PostgreSQL restart requests hung instead of answering 503, and the pool came back up to
      // 20 s after the database did. A short cap answers 503 at once and recovers within a second.
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1) * (0.5 + Math.random() / 2),
    });
    const db = drizzlePostgres({ client, schema, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      driver: "postgres",
      ping: async () => {
        await client`select 1`;
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dataDir = options.dataDir ?? "memory://";
  // PGlite does not create the parents of its folder.
  if (!dataDir.startsWith("memory://")) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  const db = drizzlePglite({ client, schema, casing: "snake_case" }) as unknown as Db;
  return {
    db,
    driver: "pglite",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}
