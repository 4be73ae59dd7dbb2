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
  /**
   * Raw SQL in the shape of node-postgres (`{ rows }`), for a library that brings its own SQL
   * (pg-boss, decision 018), so that it runs on this pool or this PGlite rather than a second
   * driver. Without values the text may hold several statements (a library's migrations).
   */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

/** node-postgres sends a plain object as JSON; the other drivers need it said. */
function pgValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value !== "object") return value ?? null;
  if (value instanceof Date || Array.isArray(value) || Buffer.isBuffer(value)) return value;
  return JSON.stringify(value);
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
      executeSql: async (text, values) => {
        if (values?.length) return { rows: [...(await client.unsafe(text, values.map(pgValue) as never[]))] };
        // Several statements, maybe a BEGIN … COMMIT of their own (pg-boss's migrations): the
        // simple protocol, on a connection of its own (the driver refuses BEGIN on the pool).
        const reserved = await client.reserve();
        try {
          const result: unknown[] = await reserved.unsafe(text).simple();
          const last = result.length && Array.isArray(result[result.length - 1]) ? (result[result.length - 1] as unknown[]) : result;
          return { rows: [...last] as Record<string, unknown>[] };
        } catch (error) {
          // A failed statement skips the rest of the text, its COMMIT too: end the transaction it
          // opened, or the pooled connection would refuse everything after.
          await reserved.unsafe("rollback").catch(() => {});
          throw error;
        } finally {
          reserved.release();
        }
      },
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
    executeSql: async (text, values) => {
      if (values?.length) return { rows: (await client.query<Record<string, unknown>>(text, values.map(pgValue))).rows };
      const results = await client.exec(text);
      return { rows: results[results.length - 1]?.rows ?? [] };
    },
  };
}
