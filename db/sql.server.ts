import type { SQL } from "drizzle-orm";
import type { Db } from "./types";

/**
 * Raw SQL in one place: `db.execute()` returns an array on `postgres` and `{ rows }` on
 * PGlite, so every raw query goes through here.
 */
export async function queryRows<T extends Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
