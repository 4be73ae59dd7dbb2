// Bulk-import drafts (db/schema/imports.ts) and the ledger keys an import has already recorded.
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { importDrafts, populationEntries, stockOperations } from "./schema";
import type { Db } from "./types";

export interface ImportDraftInput {
  id: string;
  userId: number;
  kind: "arrivals" | "receipts";
  fileName: string;
  sha256: string;
  cells: string[][];
}

export async function insertImportDraft(db: Db, input: ImportDraftInput): Promise<void> {
  await db.insert(importDrafts).values(input);
}

/** Drafts nobody committed within a day are scratch: removed on the next upload, whoever sends it. */
export async function deleteStaleImportDrafts(db: Db, now: Date): Promise<void> {
  await db.delete(importDrafts).where(lt(importDrafts.createdAt, new Date(now.getTime() - 86_400_000)));
}

/** A draft, only for the user who uploaded it (anyone else's id reads as no draft at all). */
export async function findImportDraft(db: Db, userId: number, id: string) {
  const [row] = await db
    .select({
      id: importDrafts.id,
      kind: importDrafts.kind,
      fileName: importDrafts.fileName,
      sha256: importDrafts.sha256,
      cells: importDrafts.cells,
      createdAt: importDrafts.createdAt,
      committedAt: importDrafts.committedAt,
      result: importDrafts.result,
    })
    .from(importDrafts)
    .where(and(eq(importDrafts.id, id), eq(importDrafts.userId, userId)))
    .limit(1);
  return row;
}

/** Takes the draft for its commit (a row lock): two clicks on "record" run one after the other. */
export async function lockImportDraft(db: Db, userId: number, id: string) {
  const [row] = await db
    .select({ committedAt: importDrafts.committedAt })
    .from(importDrafts)
    .where(and(eq(importDrafts.id, id), eq(importDrafts.userId, userId)))
    .for("update");
  return row;
}

export async function markImportDraftCommitted(db: Db, userId: number, id: string, result: { created: number; duplicates: number; rows: number }) {
  await db
    .update(importDrafts)
    .set({ committedAt: sql`now()`, result })
    .where(and(eq(importDrafts.id, id), eq(importDrafts.userId, userId)));
}

/** Which of these keys the ledger already holds at these facilities (an earlier import of the same file). */
export async function recordedImportKeys(db: Db, kind: "arrivals" | "receipts", facilityIds: number[], keys: string[]): Promise<Set<string>> {
  if (keys.length === 0 || facilityIds.length === 0) return new Set();
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const chunk = keys.slice(i, i + 1000);
    const rows =
      kind === "arrivals"
        ? await db
            .select({ key: populationEntries.idempotencyKey })
            .from(populationEntries)
            .where(and(inArray(populationEntries.facilityId, facilityIds), inArray(populationEntries.idempotencyKey, chunk)))
        : await db
            .select({ key: stockOperations.idempotencyKey })
            .from(stockOperations)
            .where(and(inArray(stockOperations.facilityId, facilityIds), inArray(stockOperations.idempotencyKey, chunk)));
    for (const row of rows) found.add(row.key);
  }
  return found;
}
