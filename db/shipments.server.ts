// Reads of shipments between facilities beside the ledger writes of db/stock.server.ts
// (sendShipment, receiveShipment, listShipmentsInTransit).
import { and, asc, eq, inArray } from "drizzle-orm";
import { facilities, lots, shipmentLines, shipments } from "./schema";
import type { Db } from "./types";

/** Lot numbers and expiries by lot id. */
export async function lotsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return new Map<number, { lotNumber: string; expiry: string | null }>();
  const rows = await db
    .select({ id: lots.id, lotNumber: lots.lotNumber, expiry: lots.expiry })
    .from(lots)
    .where(inArray(lots.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, { lotNumber: r.lotNumber, expiry: r.expiry }]));
}

/** A shipment sent to `toFacilityId`, with its lines (what was sent and, once received, what arrived). */
export async function getShipmentTo(db: Db, toFacilityId: number, shipmentId: number) {
  const [shipment] = await db
    .select({
      id: shipments.id,
      status: shipments.status,
      sentAt: shipments.sentAt,
      receivedAt: shipments.receivedAt,
      notes: shipments.notes,
      fromCode: facilities.code,
      fromName: facilities.name,
    })
    .from(shipments)
    .innerJoin(facilities, eq(facilities.id, shipments.fromFacilityId))
    .where(and(eq(shipments.id, shipmentId), eq(shipments.toFacilityId, toFacilityId)));
  if (!shipment) return undefined;
  const lines = await db
    .select({
      lotId: shipmentLines.lotId,
      itemId: shipmentLines.itemId,
      quantitySent: shipmentLines.quantitySent,
      quantityReceived: shipmentLines.quantityReceived,
      lotNumber: lots.lotNumber,
      expiry: lots.expiry,
    })
    .from(shipmentLines)
    .innerJoin(lots, eq(lots.id, shipmentLines.lotId))
    .where(eq(shipmentLines.shipmentId, shipmentId))
    .orderBy(asc(shipmentLines.itemId), asc(shipmentLines.lotId));
  return {
    ...shipment,
    lines: lines.map((l) => ({
      ...l,
      quantitySent: Number(l.quantitySent),
      quantityReceived: l.quantityReceived === null ? null : Number(l.quantityReceived),
    })),
  };
}
