// Receive stock: the one write behind the receipt form and POST /stock/receipts, with one rule
// set (issue 16, issue 17 item 6): a lot number on an item not tracked by lot is refused at the
// field, a vaccine that arrives at VVM stage 3-4 is quarantined at once, and a VVM reading on a
// lot already known is recorded on it, not dropped.
import { appendAudit } from "#db/audit.server";
import { listItems } from "#db/catalogue.server";
import { findLotsByNumbers, findRecentReceiptTwin, receiveStock } from "#db/stock.server";
import type { Db } from "#db/types";
import { messageWithParams } from "~/lib/i18n";
import { gtinConflicts, learnItemGtins } from "./learn-item-gtins.server";
import { auditActorOf, auditSource, ledgerKeyFor, type CommandActor, type FormQuestions } from "./actor.server";

export interface ReceiptLineInput {
  /** Item code. */
  item: string;
  /** "" when the item is not tracked by lot. */
  lotNumber: string;
  expiry: string | null;
  manufacturer: string;
  vvmStage: number | null;
  gtin: string | null;
  quantity: number;
}

export interface ReceiptInput {
  facilityId: number;
  occurredAt: Date;
  source: string;
  documentRef: string;
  notes: string;
  lines: ReceiptLineInput[];
}

export interface ReceivedLine {
  item: string;
  lotNumber: string;
  expiry: string | null;
  quantity: number;
  lotId: number;
  balanceAfter: number;
}

interface CatalogueItem {
  id: number;
  code: string;
  nameEs: string;
  nameEn: string;
  unit: string;
  category: string;
  lotTracked: boolean;
  expires: boolean;
}

export type ReceiptOutcome =
  | { status: "created"; operationId: number; lines: ReceivedLine[] }
  | { status: "duplicate"; operationId: number; lines: [] }
  /** A line names an item that does not exist, or breaks the item's rules (400): nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> }
  /** A line names a known lot with another expiry (409): nothing written. */
  | { status: "refused"; fieldErrors: Record<string, string[]> }
  /** A form's question: the same person recorded the same delivery minutes ago (decision 016). */
  | { status: "twin"; recordedAt: Date; lines: { quantity: number; lotNumber: string; item: Pick<CatalogueItem, "code" | "nameEs" | "nameEn" | "unit"> }[] };

/**
 * Each line against the catalogue: the item exists, a lot number exactly when the item is
 * tracked by lot, an expiry when it expires, a VVM stage only on vaccines. The form's schema
 * asks the same of its fields first (with its own words); the API hears these.
 */
function catalogueProblems(lines: ReceiptLineInput[], catalogue: Map<string, CatalogueItem>, api: boolean): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  const add = (index: number, field: string, message: string) => {
    (fields[`lines[${index}].${field}`] ??= []).push(message);
  };
  lines.forEach((line, index) => {
    const item = catalogue.get(line.item);
    if (!item) return add(index, "item", api ? messageWithParams("stockapi.itemUnknown", { code: line.item }) : "validation.choice");
    if (item.lotTracked && line.lotNumber === "") add(index, "lotNumber", api ? "stockapi.lotRequired" : "stock.lotRequired");
    if (!item.lotTracked && line.lotNumber !== "") add(index, "lotNumber", api ? "stockapi.lotNotTracked" : "stock.lotNotTracked");
    if (item.lotTracked && item.expires && !line.expiry) add(index, "expiry", api ? "stockapi.expiryRequired" : "stock.expiryRequired");
    if ((!item.lotTracked || !item.expires) && line.expiry) add(index, "expiry", "stockapi.expiryNotExpected");
    if (line.vvmStage !== null && item.category !== "vaccine") add(index, "vvmStage", api ? "stockapi.vvmNotVaccine" : "stock.vvmOnlyVaccines");
  });
  return fields;
}

/** The audit entry's changes: the same keys from the form and the API. */
export function receiptAudit(actor: CommandActor, key: string, input: ReceiptInput) {
  return {
    kind: "receipt",
    ...auditSource(actor, key),
    occurredAt: input.occurredAt.toISOString(),
    source: input.source,
    documentRef: input.documentRef,
    lines: input.lines.map((l) => ({ item: l.item, lotNumber: l.lotNumber, expiry: l.expiry, vvmStage: l.vvmStage, quantity: l.quantity })),
  };
}

const gtinLines = (input: ReceiptInput, items: CatalogueItem[]) =>
  input.lines.map((l, index) => ({ gtin: l.gtin, itemId: items[index]!.id, itemCode: items[index]!.code }));

async function resolve(db: Db, input: ReceiptInput, api: boolean): Promise<{ items: CatalogueItem[] } | { outcome: ReceiptOutcome }> {
  const catalogue = new Map((await listItems(db)).map((i) => [i.code, i]));
  const invalid = catalogueProblems(input.lines, catalogue, api);
  if (Object.keys(invalid).length) return { outcome: { status: "invalid", fieldErrors: invalid } };
  const items = input.lines.map((l) => catalogue.get(l.item)!);
  // A known lot keeps its expiry: a line that names it with another one is refused, saying which.
  const known = await findLotsByNumbers(db, input.lines.map((l, i) => ({ itemId: items[i]!.id, lotNumber: l.lotNumber })));
  const mismatches: Record<string, string[]> = {};
  input.lines.forEach((line, index) => {
    const lot = known.find((k) => k.itemId === items[index]!.id && k.lotNumber === line.lotNumber);
    if (lot?.expiry && line.expiry && lot.expiry !== line.expiry) {
      mismatches[`lines[${index}].expiry`] = [
        api
          ? messageWithParams("stockapi.expiryMismatch", { lot: line.lotNumber, expiry: lot.expiry })
          : messageWithParams("stock.lotExpiryMismatch", { expiry: lot.expiry }),
      ];
    }
  });
  if (Object.keys(mismatches).length) return { outcome: { status: "refused", fieldErrors: mismatches } };
  // A GTIN the catalogue already knows as another item is a wrong item (or a wrong scan).
  const gtinProblems = await gtinConflicts(db, gtinLines(input, items), api);
  if (Object.keys(gtinProblems).length) return { outcome: { status: "invalid", fieldErrors: gtinProblems } };
  return { items };
}

async function receiveWith(tx: Db, actor: CommandActor, input: ReceiptInput, key: string, items: CatalogueItem[]): Promise<ReceiptOutcome> {
  const outcome = await receiveStock(
    tx,
    {
      facilityId: input.facilityId,
      occurredAt: input.occurredAt,
      source: input.source,
      documentRef: input.documentRef,
      notes: input.notes,
      lines: input.lines.map((l, index) => ({
        itemId: items[index]!.id,
        lotNumber: l.lotNumber,
        expiry: l.expiry,
        manufacturer: l.manufacturer,
        // Read at arrival: this facility's stage (decision 023), recorded by receiveStock.
        vvmStage: l.vvmStage,
        gtin: l.gtin,
        quantity: l.quantity,
      })),
    },
    { recordedBy: actor.userId, apiTokenId: actor.token?.id ?? null, idempotencyKey: ledgerKeyFor(actor, key) },
  );
  if (outcome.status === "duplicate") return { status: "duplicate", operationId: outcome.operationId, lines: [] };
  // Another request recorded the lot with another expiry since the check above.
  if (outcome.status === "invalid") return { status: "refused", fieldErrors: { lines: [actor.token ? "stockapi.refused" : "stock.lotExpiryConflict"] } };
  if (outcome.status !== "created") throw new Error(`unexpected outcome ${outcome.status}`);
  await learnItemGtins(tx, actor, input.facilityId, gtinLines(input, items));
  await appendAudit(tx, auditActorOf(actor), {
    action: "create",
    entity: "stock_operation",
    entityId: outcome.operationId,
    facilityId: input.facilityId,
    changes: receiptAudit(actor, key, input),
  });
  return {
    status: "created",
    operationId: outcome.operationId,
    lines: input.lines.map((l, index) => ({
      item: l.item,
      lotNumber: l.lotNumber,
      expiry: l.expiry,
      quantity: l.quantity,
      lotId: outcome.entries[index]!.lotId,
      balanceAfter: outcome.entries[index]!.balanceAfter,
    })),
  };
}

/** The write inside a transaction the caller owns (the API's, which also claims the Idempotency-Key). */
export async function recordReceiptIn(tx: Db, actor: CommandActor, input: ReceiptInput, key: string): Promise<ReceiptOutcome> {
  const resolved = await resolve(tx, input, actor.token !== null);
  if ("outcome" in resolved) return resolved.outcome;
  return receiveWith(tx, actor, input, key, resolved.items);
}

/** One receipt in its own transaction, after the form's question when a form asks it. */
export async function recordReceipt(
  db: Db,
  actor: CommandActor,
  input: ReceiptInput,
  key: string,
  options: { questions?: FormQuestions } = {},
): Promise<ReceiptOutcome> {
  const resolved = await resolve(db, input, actor.token !== null);
  if ("outcome" in resolved) return resolved.outcome;
  const items = resolved.items;
  if (options.questions && !options.questions.confirmRepeat && actor.userId !== null) {
    // Back and resubmit without JavaScript: the same delivery under a new key (decision 016).
    const twin = await findRecentReceiptTwin(db, input.facilityId, {
      recordedBy: actor.userId,
      idempotencyKey: ledgerKeyFor(actor, key),
      source: input.source,
      documentRef: input.documentRef,
      lines: input.lines.map((l, index) => ({ itemId: items[index]!.id, lotNumber: l.lotNumber, quantity: l.quantity })),
    });
    if (twin) {
      return {
        status: "twin",
        recordedAt: twin.recordedAt,
        lines: input.lines.map((l, index) => ({ quantity: l.quantity, lotNumber: l.lotNumber, item: items[index]! })),
      };
    }
  }
  return db.transaction((tx) => receiveWith(tx, actor, input, key, items));
}

/** The command's input from the receipt form's filled lines (see receiptLines). */
export function receiptInputFromForm(
  facilityId: number,
  value: { occurredAt: Date; source?: string; documentRef?: string; notes?: string },
  lines: ReceiptLineInput[],
): ReceiptInput {
  return { facilityId, occurredAt: value.occurredAt, source: value.source ?? "", documentRef: value.documentRef ?? "", notes: value.notes ?? "", lines };
}

/** The command's input from the stock API's receipt body. */
export function receiptInputFromApi(
  facilityId: number,
  value: { occurredAt: Date; source: string; documentRef: string; notes: string; lines: ReceiptLineInput[] },
): ReceiptInput {
  return {
    facilityId,
    occurredAt: value.occurredAt,
    source: value.source,
    documentRef: value.documentRef,
    notes: value.notes,
    lines: value.lines.map((l) => ({ ...l })),
  };
}
