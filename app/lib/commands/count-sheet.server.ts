// Count sheets: open one (or continue the draft), save counted figures, submit the count. The
// submission posts the differences to the ledger as count entries, audited with the sheet.
import { appendAudit } from "#db/audit.server";
import { findDraftCountSheet, lockCountSheets } from "#db/counts.server";
import { getCountSheet, openCountSheet as openSheet, saveCountLines, submitCountSheet } from "#db/stock.server";
import type { Db } from "#db/types";
import { auditActorOf, ledgerKeyFor, type CommandActor } from "./actor.server";

/** Opens the facility's count sheet, or returns the draft there is; two people opening at once get the same one. */
export async function openCountSheet(db: Db, actor: CommandActor, facilityId: number): Promise<{ sheetId: number }> {
  const sheetId = await db.transaction(async (tx) => {
    await lockCountSheets(tx, facilityId);
    const existing = await findDraftCountSheet(tx, facilityId);
    const id = await openSheet(tx, facilityId, actor.userId);
    if (existing === undefined) {
      await appendAudit(tx, auditActorOf(actor), { action: "create", entity: "count_sheet", entityId: id, facilityId });
    }
    return id;
  });
  return { sheetId };
}

export interface CountInput {
  facilityId: number;
  sheetId: number;
  /** save keeps the figures on the draft; submit also posts the differences. */
  intent: "save" | "submit";
  lines: { lotId: number; counted?: number | null }[];
}

export type CountOutcome =
  | { status: "saved" }
  /** adjustments is null when the submission was this key's, already recorded. */
  | { status: "submitted"; adjustments: number | null }
  | { status: "not-found" }
  /** The sheet was submitted already (409). */
  | { status: "not-draft" };

export async function recordCount(db: Db, actor: CommandActor, input: CountInput, key: string): Promise<CountOutcome> {
  const sheet = await getCountSheet(db, input.facilityId, input.sheetId);
  if (!sheet) return { status: "not-found" };
  // Only the sheet's own lots are taken.
  const onSheet = new Set(sheet.lines.map((l) => l.lotId));
  const counted: Record<number, number | null> = {};
  for (const line of input.lines) if (onSheet.has(line.lotId)) counted[line.lotId] = line.counted ?? null;
  const { facilityId, sheetId } = input;
  return db.transaction(async (tx): Promise<CountOutcome> => {
    const saved = await saveCountLines(tx, facilityId, sheetId, counted);
    if (saved.status === "not-found") return { status: "not-found" };
    if (input.intent === "save") {
      if (saved.status === "not-draft") return { status: "not-draft" };
      await appendAudit(tx, auditActorOf(actor), { action: "update", entity: "count_sheet", entityId: sheetId, facilityId, changes: { counted } });
      return { status: "saved" };
    }
    // A submit sent twice finds the sheet submitted already; its key says it was this one.
    const result = await submitCountSheet(
      tx,
      { facilityId, sheetId, occurredAt: new Date() },
      { recordedBy: actor.userId, apiTokenId: actor.token?.id ?? null, idempotencyKey: ledgerKeyFor(actor, key) },
    );
    if (result.status === "created") {
      await appendAudit(tx, auditActorOf(actor), {
        action: "create",
        entity: "stock_operation",
        entityId: result.operationId,
        facilityId,
        changes: { kind: "count", sheetId, counted, adjustments: result.entries.map((e) => ({ lotId: e.lotId, quantity: e.quantity, balanceAfter: e.balanceAfter })) },
      });
      return { status: "submitted", adjustments: result.entries.length };
    }
    if (result.status === "duplicate") return { status: "submitted", adjustments: null };
    if (result.status === "not-found") return { status: "not-found" };
    return { status: "not-draft" };
  });
}
