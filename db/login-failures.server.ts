import { and, count, eq, gte, inArray, lt, lte } from "drizzle-orm";
import { loginFailures } from "./schema";
import type { Db } from "./types";

export type FailureScope = "account" | "address" | "device";

/** Failures in the window; with `upToId`, only those recorded before or with that one. */
export async function countRecentFailures(db: Db, scope: FailureScope, key: string, since: Date, upToId?: number) {
  const [row] = await db
    .select({ failures: count() })
    .from(loginFailures)
    .where(
      and(
        eq(loginFailures.scope, scope),
        eq(loginFailures.key, key),
        gte(loginFailures.at, since),
        upToId === undefined ? undefined : lte(loginFailures.id, upToId),
      ),
    );
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

export async function recordFailure(db: Db, scope: FailureScope, key: string, at: Date): Promise<number> {
  const [row] = await db.insert(loginFailures).values({ scope, key, at }).returning({ id: loginFailures.id });
  return row!.id;
}

export async function deleteFailures(db: Db, ids: number[]) {
  if (ids.length) await db.delete(loginFailures).where(inArray(loginFailures.id, ids));
}

export async function clearFailures(db: Db, scope: FailureScope, key: string) {
  await db.delete(loginFailures).where(and(eq(loginFailures.scope, scope), eq(loginFailures.key, key)));
}

export async function pruneFailures(db: Db, before: Date) {
  await db.delete(loginFailures).where(lt(loginFailures.at, before));
}
