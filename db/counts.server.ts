// Count sheets: the list, the draft, and the lock that serialises opening one. The ledger side
// (openCountSheet, saveCountLines, submitCountSheet, getCountSheet) is in db/stock.server.ts.
import { and, desc, eq, sql } from "drizzle-orm";
import { countSheets, users } from "./schema";
import type { Db } from "./types";

/** A facility's count sheets: the draft (if any) and the latest submitted ones. */
export async function listCountSheets(db: Db, facilityId: number, limit = 50) {
  return db
    .select({
      id: countSheets.id,
      status: countSheets.status,
      createdAt: countSheets.createdAt,
      submittedAt: countSheets.submittedAt,
      createdBy: users.displayName,
    })
    .from(countSheets)
    .leftJoin(users, eq(users.id, countSheets.createdBy))
    .where(eq(countSheets.facilityId, facilityId))
    .orderBy(desc(countSheets.id))
    .limit(limit);
}

export async function findDraftCountSheet(db: Db, facilityId: number) {
  const [row] = await db
    .select({ id: countSheets.id })
    .from(countSheets)
    .where(and(eq(countSheets.facilityId, facilityId), eq(countSheets.status, "draft")))
    .limit(1);
  return row?.id;
}

/** Serialises the opening of count sheets at a facility (call inside the transaction). */
export async function lockCountSheets(db: Db, facilityId: number) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`count-sheet:${facilityId}`}))`);
}
