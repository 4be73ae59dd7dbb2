// Shipments between facilities: sending (stock leaves, in transit) and receiving (stock arrives,
// any shortfall recorded as missing). One write each, with its checks, ledger entries and audit.
import { appendAudit } from "#db/audit.server";
import { getFacilityByCode } from "#db/facilities.server";
import { getShipmentTo } from "#db/shipments.server";
import { listFacilityLots, receiveShipment as appendReceipt, sendShipment as appendSend } from "#db/stock.server";
import type { Db } from "#db/types";
import { messageWithParams } from "~/lib/i18n";
import { auditActorOf, ledgerKeyFor, type CommandActor } from "./actor.server";
import { recordRequestReceipt } from "./request-receipt.server";

export interface SendInput {
  facilityId: number;
  /** Destination facility code. */
  toFacility: string;
  occurredAt: Date;
  /** index: the line's row on the form, so a refusal lands on its field. */
  lines: { index: number; lotId: number; quantity: number }[];
  notes: string;
}

export type SendOutcome =
  /** shipmentId: the shipment created (absent on a duplicate: the first send created it). */
  | { status: "created" | "duplicate"; operationId: number; toFacility: string; shipmentId?: number }
  /** An unknown destination (400): nothing written. */
  | { status: "invalid"; fieldErrors: Record<string, string[]> }
  /** A lot not held, or not that much of it (409): nothing written. */
  | { status: "refused"; fieldErrors: Record<string, string[]>; formErrors: string[] };

export async function sendShipment(db: Db, actor: CommandActor, input: SendInput, key: string): Promise<SendOutcome> {
  const destination = await getFacilityByCode(db, input.toFacility);
  if (!destination || destination.id === input.facilityId) return { status: "invalid", fieldErrors: { toFacility: ["shipment.unknownFacility"] } };
  const held = new Map((await listFacilityLots(db, input.facilityId)).map((l) => [l.lotId, l]));
  const notHeld = input.lines.filter((p) => (held.get(p.lotId)?.quantity ?? 0) <= 0);
  if (notHeld.length) {
    return { status: "refused", fieldErrors: Object.fromEntries(notHeld.map((p) => [`lines[${p.index}].lot`, ["shipment.lotNotHeld"]])), formErrors: [] };
  }
  return db.transaction(async (tx): Promise<SendOutcome> => {
    const result = await appendSend(
      tx,
      {
        fromFacilityId: input.facilityId,
        toFacilityId: destination.id,
        lines: input.lines.map((p) => ({ lotId: p.lotId, quantity: p.quantity })),
        occurredAt: input.occurredAt,
        notes: input.notes,
      },
      { recordedBy: actor.userId, apiTokenId: actor.token?.id ?? null, idempotencyKey: ledgerKeyFor(actor, key) },
    );
    if (result.status === "insufficient") {
      const line = input.lines.find((p) => p.lotId === result.lotId) ?? input.lines[0]!;
      return {
        status: "refused",
        fieldErrors: { [`lines[${line.index}].quantity`]: [messageWithParams("shipment.onlyAvailable", { available: result.available })] },
        formErrors: [],
      };
    }
    if (result.status === "duplicate") return { status: "duplicate", operationId: result.operationId, toFacility: destination.code };
    if (result.status !== "created") return { status: "refused", fieldErrors: {}, formErrors: ["shipment.refused"] };
    await appendAudit(tx, auditActorOf(actor), {
      action: "create",
      entity: "stock_operation",
      entityId: result.operationId,
      facilityId: input.facilityId,
      changes: {
        kind: "transfer_out",
        shipmentId: result.shipmentId,
        toFacility: destination.code,
        occurredAt: input.occurredAt.toISOString(),
        lines: input.lines.map((p) => ({ lotId: p.lotId, quantity: p.quantity })),
      },
    });
    return { status: "created", operationId: result.operationId, toFacility: destination.code, shipmentId: result.shipmentId };
  });
}

export interface ReceiveShipmentInput {
  facilityId: number;
  shipmentId: number;
  occurredAt: Date;
  /** As typed, in the form's order; lots not listed count as received in full. */
  lines: { lotId: number; received: number }[];
  notes: string;
}

export type ReceiveShipmentOutcome =
  | { status: "created" | "duplicate"; missing: number }
  /** No such shipment to this facility. */
  | { status: "not-found" }
  /** Received already, or more than was sent (409): nothing written. */
  | { status: "refused"; fieldErrors: Record<string, string[]>; formErrors: string[] };

export async function receiveShipment(db: Db, actor: CommandActor, input: ReceiveShipmentInput, key: string): Promise<ReceiveShipmentOutcome> {
  const shipment = await getShipmentTo(db, input.facilityId, input.shipmentId);
  if (!shipment) return { status: "not-found" };
  const sent = new Map(shipment.lines.map((l) => [l.lotId, l.quantitySent]));
  // Lines not on the form count as received in full; lots that were not sent are not taken.
  const received: Record<number, number> = {};
  for (const line of input.lines) if (sent.has(line.lotId)) received[line.lotId] = line.received;
  const lines = shipment.lines.map((l) => ({ lotId: l.lotId, sent: l.quantitySent, received: received[l.lotId] ?? l.quantitySent }));
  const missing = lines.reduce((sum, l) => sum + (l.sent - l.received), 0);
  return db.transaction(async (tx): Promise<ReceiveShipmentOutcome> => {
    const result = await appendReceipt(
      tx,
      { shipmentId: input.shipmentId, facilityId: input.facilityId, received, occurredAt: input.occurredAt, notes: input.notes },
      { recordedBy: actor.userId, apiTokenId: actor.token?.id ?? null, idempotencyKey: ledgerKeyFor(actor, key) },
    );
    if (result.status === "not-found") return { status: "not-found" };
    if (result.status === "invalid" && result.problem === "already-received") return { status: "refused", fieldErrors: {}, formErrors: ["shipment.alreadyReceived"] };
    if (result.status === "invalid" && result.problem === "more-than-sent") {
      const fieldErrors = Object.fromEntries(
        input.lines.flatMap((line, index) => {
          const max = sent.get(line.lotId) ?? 0;
          return line.received > max ? [[`lines[${index}].received`, [messageWithParams("shipment.moreThanSent", { sent: max })]]] : [];
        }),
      );
      return { status: "refused", fieldErrors, formErrors: [] };
    }
    if (result.status === "duplicate") return { status: "duplicate", missing };
    if (result.status !== "created") return { status: "refused", fieldErrors: {}, formErrors: ["shipment.refused"] };
    await appendAudit(tx, auditActorOf(actor), {
      action: "create",
      entity: "stock_operation",
      entityId: result.operationId,
      facilityId: input.facilityId,
      changes: {
        kind: "transfer_in",
        shipmentId: input.shipmentId,
        fromFacility: shipment.fromCode,
        occurredAt: input.occurredAt.toISOString(),
        lines,
        missing,
      },
    });
    // A shipment picked for a request moves that request to received (or closed) in the same
    // transaction, so the requester never sees stock arrived and the request still "shipped".
    const receivedByItem = new Map<number, number>();
    for (const l of shipment.lines) receivedByItem.set(l.itemId, (receivedByItem.get(l.itemId) ?? 0) + (received[l.lotId] ?? l.quantitySent));
    await recordRequestReceipt(tx, actor, {
      facilityId: input.facilityId,
      shipmentId: input.shipmentId,
      receivedAt: input.occurredAt,
      received: [...receivedByItem].map(([itemId, quantity]) => ({ itemId, quantity })),
      idempotencyKey: ledgerKeyFor(actor, key),
    });
    return { status: "created", missing };
  });
}
