// Learn which item a GTIN is (decision 023): the first time a receipt line carries a GTIN the
// catalogue does not know, the item the person chose on that line is the confirmation, and the
// pair is kept so the next scan fills the item by itself. Each learned pair is audited.
import { appendAudit } from "#db/audit.server";
import { findItemsByGtins, insertItemGtin } from "#db/catalogue.server";
import type { Db } from "#db/types";
import { normaliseGtin } from "~/lib/domain/gs1";
import { messageWithParams } from "~/lib/i18n";
import { auditActorOf, type CommandActor } from "./actor.server";

export interface GtinLine {
  gtin: string | null;
  itemId: number;
  itemCode: string;
}

/**
 * Field errors for lines whose GTIN is already another item's (a scan that filled the wrong item,
 * or a typo in the item): `lines[i].gtin`. Read-only.
 */
export async function gtinConflicts(db: Db, lines: GtinLine[], api: boolean): Promise<Record<string, string[]>> {
  const normalised = lines.map((l) => (l.gtin ? normaliseGtin(l.gtin) : null));
  const known = await findItemsByGtins(db, [...new Set(normalised.filter((g): g is string => g !== null))]);
  const problems: Record<string, string[]> = {};
  lines.forEach((line, index) => {
    const other = known.find((k) => k.gtin === normalised[index] && k.itemId !== line.itemId);
    if (other) problems[`lines[${index}].gtin`] = [messageWithParams(api ? "stockapi.gtinOtherItem" : "scan.gtinOtherItem", { item: other.itemCode })];
  });
  return problems;
}

/** Inside the receipt's transaction: keeps each new GTIN as its line's item, with an audit entry. */
export async function learnItemGtins(tx: Db, actor: CommandActor, facilityId: number, lines: GtinLine[]) {
  const seen = new Set<string>();
  for (const line of lines) {
    const gtin = line.gtin ? normaliseGtin(line.gtin) : null;
    if (!gtin || seen.has(gtin)) continue;
    seen.add(gtin);
    if (await insertItemGtin(tx, { gtin, itemId: line.itemId, createdBy: actor.userId })) {
      await appendAudit(tx, auditActorOf(actor), {
        action: "create",
        entity: "item_gtin",
        entityId: line.itemId,
        facilityId,
        changes: { gtin, item: line.itemCode },
      });
    }
  }
}
