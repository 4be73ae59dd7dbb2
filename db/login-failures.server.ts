import { and, count, eq, gte, lt } from "drizzle-orm";
import { loginFailures } from "./schema";
import type { Db } from "./types";

export type FailureScope = "account" | "address";

export async function countRecentFailures(db: Db, scope: FailureScope, key: string, since: Date) {
  const [row] = await db
    .select({ failures: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.scope, scope), eq(loginFailures.key, key), gte(loginFailures.at, since)));
  return row?.failures ?? 0;
}

/** The oldest failure still inside the window, which decides when the limit lifts. */
export async function oldestRecentFailure(db: Db, scope: FailureScope, key: string, since: Date) {
  const [row] = await db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(loginFailures.scope, scope), eq(loginFailures.key, key), gte(loginFailures.at, since)))
    .orderBy(loginFailures.at)
    .limit(1);
  return row?.at;
}

export async function recordFailure(db: Db, scope: FailureScope, key: string, at: Date) {
  await db.insert(loginFailures).values({ scope, key, at });
}

export async function clearFailures(db: Db, scope: FailureScope, key: string) {
  await db.delete(loginFailures).where(and(eq(loginFailures.scope, scope), eq(loginFailures.key, key)));
}

export async function pruneFailures(db: Db, before: Date) {
  await db.delete(loginFailures).where(lt(loginFailures.at, before));
}
