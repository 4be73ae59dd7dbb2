// Adjust stock with a reason: the one write behind the adjustment form and the lot page's
// write-off, so both check the lot, word a shortfall and audit the same way.
import { appendAudit } from "#db/audit.server";
import { adjustStock as appendAdjustment, findOperationIdByKey, findRecentAdjustmentTwin, getHeldLotWithItem, type AdjustmentReason } from "#db/stock.server";
import type { Db } from "#db/types";
import { messageWithParams } from "~/lib/i18n";
import { auditActorOf, auditSource, ledgerKeyFor, type CommandActor, type FormQuestions } from "./actor.server";

export interface AdjustmentInput {
  facilityId: number;
  occurredAt: Date;
  lotId: number;
  /** Signed: negative writes off, positive is stock found. */
  delta: number;
  reason: AdjustmentReason;
  notes: string;
  /**
   * A write-off of everything the page showed: the balance it showed. If the balance moved since,
   * the write-off is refused rather than take a different amount.
   */
  writeOffOf?: number;
}

type HeldLot = NonNullable<Awaited<ReturnType<typeof getHeldLotWithItem>>>;

export type AdjustmentOutcome =
  | { status: "created"; operationId: number; lot: HeldLot }
  | { status: "duplicate"; operationId: number; lot: HeldLot }
  /** The lot is not one the facility holds (400): nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> }
  /** Not that much in the lot, or its balance moved since the page showed it (409): nothing written. */
  | { status: "refused"; fieldErrors: Record<string, string[]>; available: number }
  /** A form's question: the same person recorded the same adjustment minutes ago (decision 016). */
  | { status: "twin"; recordedAt: Date; lot: HeldLot };

/** The audit entry's changes, the same keys from the form and the lot page (writeOff says which). */
export function adjustmentAudit(actor: CommandActor, key: string, input: AdjustmentInput) {
  return {
    kind: "adjustment",
    ...auditSource(actor, key),
    occurredAt: input.occurredAt.toISOString(),
    lotId: input.lotId,
    quantity: input.delta,
    reason: input.reason,
    notes: input.notes,
    writeOff: input.writeOffOf !== undefined,
  };
}

async function adjustWith(tx: Db, actor: CommandActor, input: AdjustmentInput, key: string, lot: HeldLot): Promise<AdjustmentOutcome> {
  const ledgerKey = ledgerKeyFor(actor, key);
  if (input.writeOffOf !== undefined && -input.delta !== input.writeOffOf) {
    // A resend of a write-off that went through finds the lot at zero: it counts once.
    const done = await findOperationIdByKey(tx, input.facilityId, ledgerKey);
    if (done) return { status: "duplicate", operationId: done, lot };
    return { status: "refused", fieldErrors: { quantity: [messageWithParams("stock.balanceChanged", { available: input.writeOffOf })] }, available: input.writeOffOf };
  }
  const outcome = await appendAdjustment(
    tx,
    { facilityId: input.facilityId, lotId: input.lotId, delta: input.delta, reason: input.reason, occurredAt: input.occurredAt, notes: input.notes },
    { recordedBy: actor.userId, apiTokenId: actor.token?.id ?? null, idempotencyKey: ledgerKey },
  );
  if (outcome.status === "insufficient") {
    const message = input.writeOffOf !== undefined ? "stock.balanceChanged" : "stock.onlyInLot";
    return { status: "refused", fieldErrors: { quantity: [messageWithParams(message, { available: outcome.available })] }, available: outcome.available };
  }
  if (outcome.status === "not-found") return { status: "invalid", fieldErrors: { lotId: ["validation.choice"] } };
  if (outcome.status === "duplicate") return { status: "duplicate", operationId: outcome.operationId, lot };
  if (outcome.status !== "created") throw new Error(`unexpected outcome ${outcome.status}`);
  await appendAudit(tx, auditActorOf(actor), {
    action: "create",
    entity: "stock_operation",
    entityId: outcome.operationId,
    facilityId: input.facilityId,
    changes: adjustmentAudit(actor, key, input),
  });
  return { status: "created", operationId: outcome.operationId, lot };
}

/** One adjustment in its own transaction, after the form's question when a form asks it. */
export async function adjustStock(
  db: Db,
  actor: CommandActor,
  input: AdjustmentInput,
  key: string,
  options: { questions?: FormQuestions } = {},
): Promise<AdjustmentOutcome> {
  // Only lots the facility has held can be adjusted; new lots come in through a receipt.
  const lot = await getHeldLotWithItem(db, input.facilityId, input.lotId);
  if (!lot) return { status: "invalid", fieldErrors: { lotId: ["validation.choice"] } };
  if (options.questions && !options.questions.confirmRepeat && actor.userId !== null) {
    // Back and resubmit without JavaScript: the same adjustment under a new key (decision 016).
    const twin = await findRecentAdjustmentTwin(db, input.facilityId, {
      recordedBy: actor.userId,
      idempotencyKey: ledgerKeyFor(actor, key),
      itemId: lot.itemId,
      lotNumber: lot.lotNumber,
      delta: input.delta,
      reason: input.reason,
    });
    if (twin) return { status: "twin", recordedAt: twin.recordedAt, lot };
  }
  return db.transaction((tx) => adjustWith(tx, actor, input, key, lot));
}
