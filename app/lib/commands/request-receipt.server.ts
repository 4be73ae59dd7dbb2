// The last step of a request (issue 17): its shipment received. Called by the shipment
// receipt command inside its transaction (a module of its own so that the shipment commands
// and the request commands, which send shipments, do not import each other).
import { appendAudit } from "#db/audit.server";
import { appendRequestEvent, getRequest, moveRequest, requestForShipment, setLineQuantities } from "#db/requests.server";
import type { Db } from "#db/types";
import { realLeadTimeDays, receivedInFull } from "~/lib/domain/requests";
import { auditActorOf, type CommandActor } from "./actor.server";

export interface RequestReceiptInput {
  /** The facility receiving (the one that asked). */
  facilityId: number;
  shipmentId: number;
  receivedAt: Date;
  received: { itemId: number; quantity: number }[];
  /** The receipt's ledger key: the request's events take it with a suffix. */
  idempotencyKey: string;
}

/**
 * Moves the request the shipment fulfils to "received", records what arrived and the real
 * lead time (submitted to received), and closes it when every approved unit arrived. Does
 * nothing for a shipment no request asked for.
 */
export async function recordRequestReceipt(tx: Db, actor: CommandActor, input: RequestReceiptInput): Promise<void> {
  const request = await requestForShipment(tx, input.facilityId, input.shipmentId);
  if (!request || request.status !== "shipped") return;
  const leadTimeDays = request.submittedAt ? realLeadTimeDays(request.submittedAt, input.receivedAt) : null;
  const moved = await moveRequest(
    tx,
    { requestId: request.id, facilityId: input.facilityId },
    ["shipped"],
    "received",
    { receivedAt: input.receivedAt, ...(leadTimeDays === null ? {} : { leadTimeDays }) },
  );
  if (!moved) return;
  const byItem = new Map(input.received.map((r) => [r.itemId, r.quantity]));
  const detail = (await getRequest(tx, input.facilityId, request.id))!;
  const received = detail.lines.map((l) => ({ itemId: l.itemId, quantity: byItem.get(l.itemId) ?? 0 }));
  await setLineQuantities(tx, request.id, "received", received);
  const lines = detail.lines.map((l) => ({ itemId: l.itemId, itemCode: l.itemCode, approved: l.approved ?? l.requested, received: byItem.get(l.itemId) ?? 0 }));
  const full = receivedInFull(lines);
  const changes = { shipmentId: input.shipmentId, leadTimeDays, lines: lines.map((l) => ({ item: l.itemCode, approved: l.approved, received: l.received })) };
  await appendRequestEvent(tx, {
    requestId: request.id,
    facilityId: input.facilityId,
    fromStatus: "shipped",
    toStatus: "received",
    changes,
    idempotencyKey: `${input.idempotencyKey}:request-received`,
    recordedBy: actor.userId,
  });
  await appendAudit(tx, auditActorOf(actor), { action: "receive", entity: "stock_request", entityId: request.id, facilityId: input.facilityId, changes });
  if (!full) return;
  await moveRequest(tx, { requestId: request.id, facilityId: input.facilityId }, ["received"], "closed");
  await appendRequestEvent(tx, {
    requestId: request.id,
    facilityId: input.facilityId,
    fromStatus: "received",
    toStatus: "closed",
    reason: "request.closedInFull",
    idempotencyKey: `${input.idempotencyKey}:request-closed`,
    recordedBy: actor.userId,
  });
  await appendAudit(tx, auditActorOf(actor), { action: "close", entity: "stock_request", entityId: request.id, facilityId: input.facilityId, changes: { automatic: true } });
}
