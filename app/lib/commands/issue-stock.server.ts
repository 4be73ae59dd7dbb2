// Issue stock to people: the one write behind the issue form, POST /stock/issues and the batch.
import { appendAudit } from "#db/audit.server";
import { findItemByCode, findLotByNumber, findRecentIssueTwin, getHeldLot, issueStock as appendIssue } from "#db/stock.server";
import type { Db } from "#db/types";
import { messageWithParams } from "~/lib/i18n";
import { dayOf } from "~/lib/population.server";
import { auditActorOf, auditSource, ledgerKeyFor, type CommandActor, type FormQuestions } from "./actor.server";

export interface IssueInput {
  facilityId: number;
  occurredAt: Date;
  /** Item code. */
  item: string;
  /** A form names a lot by id (its select), the API by number; null picks first-expired-first-out. */
  lot: { id: number } | { number: string } | null;
  quantity: number;
  peopleServed: number | null;
  notes: string;
}

export interface IssuePick {
  lotId: number;
  /** Positive: how much left this lot. */
  quantity: number;
  balanceAfter: number;
}

export type IssueOutcome =
  | { status: "created"; operationId: number; itemId: number; picks: IssuePick[] }
  | { status: "duplicate"; operationId: number; itemId: number; picks: [] }
  /** The input names an item or lot that does not exist here (400): nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> }
  /** The ledger refused it (not enough usable stock, an unusable lot; 409): nothing written. */
  | { status: "refused"; fieldErrors: Record<string, string[]>; available: number; requested: number }
  /**
   * A form's question: the same person recorded the same distribution minutes ago (decision 016).
   * Nothing written until confirmed; the route words it in the person's language.
   */
  | { status: "twin"; recordedAt: Date; item: { code: string; nameEs: string; nameEn: string; unit: string }; lotNumber: string | null };

interface Resolved {
  item: { id: number; code: string; nameEs: string; nameEn: string; unit: string };
  lot: { id: number; lotNumber: string; expiry: string | null } | null;
}

/** A lookup shared by the records of one batch, so 500 issues of ORS read the catalogue once. */
export type ItemCache = Map<string, Awaited<ReturnType<typeof findItemByCode>>>;

/**
 * The checks that need the database, worded for who sent it: the form's messages name its
 * fields (lotId) in the person's language; the API's are the stock API's (lotNumber).
 */
async function resolve(db: Db, input: IssueInput, api: boolean, cache?: ItemCache): Promise<Resolved | { fieldErrors: Record<string, string[]> }> {
  let item = cache?.get(input.item);
  if (item === undefined && !cache?.has(input.item)) {
    item = await findItemByCode(db, input.item);
    cache?.set(input.item, item);
  }
  if (!item) return { fieldErrors: { item: [api ? messageWithParams("stockapi.itemUnknown", { code: input.item }) : "validation.choice"] } };
  if (input.lot === null) return { item, lot: null };
  if ("id" in input.lot) {
    // Only a lot held here: the messages name the lot, and another facility's must not be named.
    const lot = await getHeldLot(db, input.facilityId, input.lot.id);
    if (!lot) return { fieldErrors: { lotId: ["validation.choice"] } };
    if (lot.itemId !== item.id) return { fieldErrors: { lotId: ["stock.lotOfOtherItem"] } };
    return { item, lot };
  }
  if (!item.lotTracked) return { fieldErrors: { lotNumber: ["stockapi.lotNotTracked"] } };
  const lot = await findLotByNumber(db, item.id, input.lot.number);
  if (!lot) return { fieldErrors: { lotNumber: [messageWithParams("stockapi.lotUnknown", { lot: input.lot.number })] } };
  return { item, lot };
}

/** The audit entry's changes: the same keys from a form, the API and the batch. */
export function issueAudit(actor: CommandActor, key: string, input: IssueInput, resolved: Resolved, picks: IssuePick[]) {
  return {
    kind: "issue",
    ...auditSource(actor, key),
    occurredAt: input.occurredAt.toISOString(),
    item: resolved.item.code,
    lotNumber: resolved.lot?.lotNumber ?? null,
    quantity: input.quantity,
    peopleServed: input.peopleServed,
    picks: picks.map((p) => ({ lotId: p.lotId, quantity: p.quantity })),
  };
}

async function issueWith(tx: Db, actor: CommandActor, input: IssueInput, key: string, resolved: Resolved): Promise<IssueOutcome> {
  // Expiry is judged on today's date where the facility is, whatever the time of the distribution.
  const today = dayOf(new Date());
  const outcome = await appendIssue(
    tx,
    {
      facilityId: input.facilityId,
      itemId: resolved.item.id,
      quantity: input.quantity,
      lotId: resolved.lot?.id ?? null,
      peopleServed: input.peopleServed,
      occurredAt: input.occurredAt,
      today,
      notes: input.notes,
    },
    { recordedBy: actor.userId, apiTokenId: actor.token?.id ?? null, idempotencyKey: ledgerKeyFor(actor, key) },
  );
  const api = actor.token !== null;
  const lot = resolved.lot;
  if (outcome.status === "insufficient") {
    const message = lot
      ? messageWithParams(api ? "stockapi.insufficientLot" : "stock.onlyAvailableInLot", { available: outcome.available, lot: lot.lotNumber })
      : messageWithParams(api ? "stockapi.insufficient" : "stock.onlyAvailable", { available: outcome.available });
    return { status: "refused", fieldErrors: { quantity: [message] }, available: outcome.available, requested: outcome.requested };
  }
  if (outcome.status === "unusable") {
    const params = { lot: lot?.lotNumber ?? "", expiry: lot?.expiry ?? "" };
    const message = api
      ? messageWithParams(`stockapi.unusable.${outcome.reason}`, params)
      : outcome.reason === "expired"
        ? messageWithParams("stock.lotUnusable.expired", params)
        : messageWithParams(`stock.lotUnusable.${outcome.reason}`, { lot: params.lot });
    return { status: "refused", fieldErrors: { [api ? "lotNumber" : "lotId"]: [message] }, available: 0, requested: input.quantity };
  }
  if (outcome.status === "duplicate") return { status: "duplicate", operationId: outcome.operationId, itemId: resolved.item.id, picks: [] };
  if (outcome.status !== "created") throw new Error(`unexpected outcome ${outcome.status}`);
  const picks = outcome.entries.map((e) => ({ lotId: e.lotId, quantity: -e.quantity, balanceAfter: e.balanceAfter }));
  await appendAudit(tx, auditActorOf(actor), {
    action: "create",
    entity: "stock_operation",
    entityId: outcome.operationId,
    facilityId: input.facilityId,
    changes: issueAudit(actor, key, input, resolved, picks),
  });
  return { status: "created", operationId: outcome.operationId, itemId: resolved.item.id, picks };
}

/** The write inside a transaction the caller owns (the batch runs many in one). */
export async function issueStockIn(tx: Db, actor: CommandActor, input: IssueInput, key: string, cache?: ItemCache): Promise<IssueOutcome> {
  const resolved = await resolve(tx, input, actor.token !== null, cache);
  if ("fieldErrors" in resolved) return { status: "invalid", fieldErrors: resolved.fieldErrors };
  return issueWith(tx, actor, input, key, resolved);
}

/** One issue in its own transaction, after the form's question when a form asks it. */
export async function issueStock(
  db: Db,
  actor: CommandActor,
  input: IssueInput,
  key: string,
  options: { questions?: FormQuestions } = {},
): Promise<IssueOutcome> {
  const resolved = await resolve(db, input, actor.token !== null);
  if ("fieldErrors" in resolved) return { status: "invalid", fieldErrors: resolved.fieldErrors };
  if (options.questions && !options.questions.confirmRepeat && actor.userId !== null) {
    const twin = await findRecentIssueTwin(db, input.facilityId, {
      recordedBy: actor.userId,
      itemId: resolved.item.id,
      lotId: resolved.lot?.id ?? null,
      quantity: input.quantity,
      peopleServed: input.peopleServed,
      idempotencyKey: ledgerKeyFor(actor, key),
    });
    if (twin) return { status: "twin", recordedAt: twin.recordedAt, item: resolved.item, lotNumber: resolved.lot?.lotNumber ?? null };
  }
  return db.transaction((tx) => issueWith(tx, actor, input, key, resolved));
}

/** The command's input from the issue form's schema output (a lot named by id). */
export function issueInputFromForm(
  facilityId: number,
  value: { occurredAt: Date; item: string; lotId?: number; quantity: number; peopleServed?: number; notes: string },
): IssueInput {
  return {
    facilityId,
    occurredAt: value.occurredAt,
    item: value.item,
    lot: value.lotId ? { id: value.lotId } : null,
    quantity: value.quantity,
    peopleServed: value.peopleServed ?? null,
    notes: value.notes,
  };
}

/** The command's input from the stock API's issue body (a lot named by number, "" for none). */
export function issueInputFromApi(
  facilityId: number,
  value: { occurredAt: Date; item: string; lotNumber: string; quantity: number; peopleServed: number; notes: string },
): IssueInput {
  return {
    facilityId,
    occurredAt: value.occurredAt,
    item: value.item,
    lot: value.lotNumber !== "" ? { number: value.lotNumber } : null,
    quantity: value.quantity,
    peopleServed: value.peopleServed,
    notes: value.notes,
  };
}
