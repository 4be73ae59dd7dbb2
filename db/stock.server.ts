import { and, asc, desc, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { pickFefo, unusableReason, type LotState, type Unusable } from "../app/lib/domain/stock";
import {
  countLines,
  countSheets,
  itemFacilitySettings,
  itemNorms,
  items,
  lotConditionReadings,
  lots,
  shipmentLines,
  shipments,
  stockBalances,
  stockEntries,
  stockOperations,
  users,
} from "./schema";
import type { Db } from "./types";

export type StockKind = "receipt" | "issue" | "transfer_out" | "transfer_in" | "adjustment" | "count";
export type AdjustmentReason =
  | "damaged"
  | "expired"
  | "lost"
  | "vvm_discard"
  | "found"
  | "correction"
  | "transit_loss"
  | "count_difference"
  | "open_vial_expired";

export interface StockContext {
  recordedBy: number | null;
  apiTokenId?: number | null;
  idempotencyKey: string;
}

interface OperationInput {
  facilityId: number;
  kind: StockKind;
  occurredAt: Date;
  reason?: AdjustmentReason | null;
  documentRef?: string;
  source?: string;
  peopleServed?: number | null;
  notes?: string;
}

export type StockOutcome =
  | { status: "created"; operationId: number; entries: { lotId: number; quantity: number; balanceAfter: number }[] }
  | { status: "duplicate"; operationId: number }
  | { status: "insufficient"; lotId?: number; available: number; requested: number }
  | { status: "unusable"; lotId: number; reason: Unusable }
  | { status: "not-found" }
  | { status: "invalid"; problem: "lot-expiry-mismatch" | "wrong-item" | "already-received" | "not-draft" | "more-than-sent" };

/**
 * Serialises the writes that carry one idempotency key (two copies of one form sent at once
 * over a flaky link) and says whether the key was seen already.
 */
async function claimKey(db: Db, idempotencyKey: string): Promise<number | undefined> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`stock:${idempotencyKey}`}))`);
  const [existing] = await db
    .select({ id: stockOperations.id })
    .from(stockOperations)
    .where(eq(stockOperations.idempotencyKey, idempotencyKey));
  return existing?.id;
}

async function createOperation(db: Db, input: OperationInput, ctx: StockContext): Promise<number> {
  const [row] = await db
    .insert(stockOperations)
    .values({
      facilityId: input.facilityId,
      kind: input.kind,
      idempotencyKey: ctx.idempotencyKey,
      occurredAt: input.occurredAt,
      recordedBy: ctx.recordedBy,
      apiTokenId: ctx.apiTokenId ?? null,
      reason: input.reason ?? null,
      documentRef: input.documentRef ?? "",
      source: input.source ?? "",
      peopleServed: input.peopleServed ?? null,
      notes: input.notes ?? "",
    })
    .returning({ id: stockOperations.id });
  return row!.id;
}

interface LockedLot extends LotState {
  itemId: number;
}

/** The balance rows with their lots' state, for the writers to lock (callers add where and FOR UPDATE). */
function selectLockedLots(db: Db) {
  return db
    .select({
      lotId: stockBalances.lotId,
      itemId: stockBalances.itemId,
      quantity: stockBalances.quantity,
      quarantined: stockBalances.quarantined,
      expiry: lots.expiry,
      vvmStage: stockBalances.vvmStage,
    })
    .from(stockBalances)
    .innerJoin(lots, eq(lots.id, stockBalances.lotId));
}

/**
 * Locks the balance rows of the given lots at a facility (creating them at zero), always in lot
 * order so that two writers never wait on each other in a cycle.
 */
async function lockLots(db: Db, facilityId: number, lotRows: { lotId: number; itemId: number }[]): Promise<Map<number, LockedLot>> {
  const unique = [...new Map(lotRows.map((l) => [l.lotId, l])).values()].sort((a, b) => a.lotId - b.lotId);
  if (unique.length === 0) return new Map();
  await db
    .insert(stockBalances)
    .values(unique.map((l) => ({ facilityId, lotId: l.lotId, itemId: l.itemId })))
    .onConflictDoNothing();
  const rows = await selectLockedLots(db)
    .where(and(eq(stockBalances.facilityId, facilityId), inArray(stockBalances.lotId, unique.map((l) => l.lotId))))
    .orderBy(asc(stockBalances.lotId))
    .for("update", { of: stockBalances });
  return new Map(rows.map((r) => [r.lotId, { ...r, quantity: Number(r.quantity) }]));
}

/** Every lot of an item at a facility, locked (for FEFO issues). */
async function lockItemLots(db: Db, facilityId: number, itemId: number): Promise<LockedLot[]> {
  const rows = await selectLockedLots(db)
    .where(and(eq(stockBalances.facilityId, facilityId), eq(stockBalances.itemId, itemId)))
    .orderBy(asc(stockBalances.lotId))
    .for("update", { of: stockBalances });
  return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
}

async function post(
  db: Db,
  entry: {
    operationId: number;
    facilityId: number;
    lot: LockedLot;
    kind: StockKind;
    quantity: number;
    occurredAt: Date;
    shipmentId?: number;
  },
) {
  const balanceAfter = entry.lot.quantity + entry.quantity;
  await db
    .update(stockBalances)
    .set({ quantity: balanceAfter, lastEntryAt: sql`now()` })
    .where(and(eq(stockBalances.facilityId, entry.facilityId), eq(stockBalances.lotId, entry.lot.lotId)));
  await db.insert(stockEntries).values({
    operationId: entry.operationId,
    facilityId: entry.facilityId,
    itemId: entry.lot.itemId,
    lotId: entry.lot.lotId,
    kind: entry.kind,
    quantity: entry.quantity,
    balanceAfter,
    occurredAt: entry.occurredAt,
    shipmentId: entry.shipmentId ?? null,
  });
  entry.lot.quantity = balanceAfter;
  return { lotId: entry.lot.lotId, quantity: entry.quantity, balanceAfter };
}

export interface ReceiptLine {
  itemId: number;
  /** Empty for items that are not lot-tracked. */
  lotNumber: string;
  expiry: string | null;
  manufacturer?: string;
  /** The VVM stage read as the line arrives: this facility's (decision 023). */
  vvmStage?: number | null;
  gtin?: string | null;
  quantity: number;
}

/** Finds a lot by item and number or creates it; an existing lot keeps its expiry. */
export async function findOrCreateLot(db: Db, line: Omit<ReceiptLine, "quantity">): Promise<{ lotId: number } | { problem: "lot-expiry-mismatch" }> {
  const [existing] = await db
    .select({ id: lots.id, expiry: lots.expiry })
    .from(lots)
    .where(and(eq(lots.itemId, line.itemId), eq(lots.lotNumber, line.lotNumber)));
  if (existing) {
    if (line.expiry && existing.expiry && line.expiry !== existing.expiry) return { problem: "lot-expiry-mismatch" };
    return { lotId: existing.id };
  }
  const [created] = await db
    .insert(lots)
    .values({
      itemId: line.itemId,
      lotNumber: line.lotNumber,
      expiry: line.expiry,
      manufacturer: line.manufacturer ?? "",
      gtin: line.gtin ?? null,
    })
    .onConflictDoNothing()
    .returning({ id: lots.id });
  if (created) return { lotId: created.id };
  return findOrCreateLot(db, line);
}

/** A delivery from a supplier, donor or warehouse. Call inside a transaction. */
export async function receiveStock(
  db: Db,
  input: { facilityId: number; occurredAt: Date; lines: ReceiptLine[]; source?: string; documentRef?: string; notes?: string },
  ctx: StockContext,
): Promise<StockOutcome> {
  const duplicate = await claimKey(db, ctx.idempotencyKey);
  if (duplicate) return { status: "duplicate", operationId: duplicate };
  const resolved: { lotId: number; itemId: number; quantity: number; vvmStage: number | null }[] = [];
  for (const line of input.lines) {
    const lot = await findOrCreateLot(db, line);
    if ("problem" in lot) return { status: "invalid", problem: lot.problem };
    resolved.push({ lotId: lot.lotId, itemId: line.itemId, quantity: line.quantity, vvmStage: line.vvmStage ?? null });
  }
  const operationId = await createOperation(db, { ...input, kind: "receipt" }, ctx);
  const locked = await lockLots(db, input.facilityId, resolved);
  const entries = [];
  for (const line of resolved) {
    entries.push(
      await post(db, { operationId, facilityId: input.facilityId, lot: locked.get(line.lotId)!, kind: "receipt", quantity: line.quantity, occurredAt: input.occurredAt }),
    );
    // The stage read at arrival advances the stage on record here; 3-4 quarantines the lot here at once.
    if (line.vvmStage !== null) {
      await recordArrivalVvm(db, { facilityId: input.facilityId, lotId: line.lotId, vvmStage: line.vvmStage, source: "receipt", operationId, recordedBy: ctx.recordedBy });
    }
  }
  return { status: "created", operationId, entries };
}

/**
 * A distribution to people. Without a lot, lots are picked first-expired-first-out among usable
 * stock; with one, that lot must be usable. Expired, quarantined and VVM 3-4 stock is never issued.
 */
export async function issueStock(
  db: Db,
  input: {
    facilityId: number;
    itemId: number;
    quantity: number;
    lotId?: number | null;
    peopleServed?: number | null;
    occurredAt: Date;
    /** YYYY-MM-DD in the deployment's time zone, for expiry. */
    today: string;
    notes?: string;
  },
  ctx: StockContext,
): Promise<StockOutcome> {
  const duplicate = await claimKey(db, ctx.idempotencyKey);
  if (duplicate) return { status: "duplicate", operationId: duplicate };
  const all = await lockItemLots(db, input.facilityId, input.itemId);
  let picks: { lotId: number; quantity: number }[];
  if (input.lotId) {
    const lot = all.find((l) => l.lotId === input.lotId);
    if (!lot) return { status: "insufficient", lotId: input.lotId, available: 0, requested: input.quantity };
    const reason = unusableReason(lot, input.today);
    if (reason) return { status: "unusable", lotId: lot.lotId, reason };
    if (lot.quantity < input.quantity) return { status: "insufficient", lotId: lot.lotId, available: lot.quantity, requested: input.quantity };
    picks = [{ lotId: lot.lotId, quantity: input.quantity }];
  } else {
    const result = pickFefo(all, input.quantity, input.today);
    if ("short" in result) return { status: "insufficient", available: result.available, requested: input.quantity };
    picks = result.picks;
  }
  const operationId = await createOperation(db, { facilityId: input.facilityId, kind: "issue", occurredAt: input.occurredAt, peopleServed: input.peopleServed, notes: input.notes }, ctx);
  const byId = new Map(all.map((l) => [l.lotId, l]));
  const entries = [];
  for (const pick of picks) {
    entries.push(await post(db, { operationId, facilityId: input.facilityId, lot: byId.get(pick.lotId)!, kind: "issue", quantity: -pick.quantity, occurredAt: input.occurredAt }));
  }
  return { status: "created", operationId, entries };
}

/** An adjustment with a reason: a write-off (negative; expired and quarantined stock included) or stock found. */
export async function adjustStock(
  db: Db,
  input: { facilityId: number; lotId: number; delta: number; reason: AdjustmentReason; occurredAt: Date; notes?: string },
  ctx: StockContext,
): Promise<StockOutcome> {
  const duplicate = await claimKey(db, ctx.idempotencyKey);
  if (duplicate) return { status: "duplicate", operationId: duplicate };
  const [lot] = await db.select({ id: lots.id, itemId: lots.itemId }).from(lots).where(eq(lots.id, input.lotId));
  if (!lot) return { status: "not-found" };
  const locked = (await lockLots(db, input.facilityId, [{ lotId: lot.id, itemId: lot.itemId }])).get(lot.id)!;
  if (locked.quantity + input.delta < 0) {
    return { status: "insufficient", lotId: lot.id, available: locked.quantity, requested: -input.delta };
  }
  const operationId = await createOperation(db, { facilityId: input.facilityId, kind: "adjustment", occurredAt: input.occurredAt, reason: input.reason, notes: input.notes }, ctx);
  const entry = await post(db, { operationId, facilityId: input.facilityId, lot: locked, kind: "adjustment", quantity: input.delta, occurredAt: input.occurredAt });
  return { status: "created", operationId, entries: [entry] };
}

export type LotConditionSource = "reading" | "receipt" | "transfer_in";

/**
 * Records a lot's vaccine vial monitor stage or a temperature excursion at one facility (the
 * balance; decision 023), with a row in its append-only history. VVM 3-4 or an excursion
 * quarantines the lot at this facility at once, so it can no longer be issued here; the same
 * lot elsewhere keeps its own stage. Writing it off is then one adjustment (`vvm_discard`).
 */
export async function setLotCondition(
  db: Db,
  input: {
    facilityId: number;
    lotId: number;
    vvmStage?: number | null;
    quarantine: boolean;
    reason: string;
    excursion?: boolean;
    note?: string;
    source?: LotConditionSource;
    recordedBy?: number | null;
    operationId?: number | null;
  },
): Promise<{ quarantined: boolean } | { status: "not-found" }> {
  const [lot] = await db.select({ id: lots.id, itemId: lots.itemId }).from(lots).where(eq(lots.id, input.lotId));
  if (!lot) return { status: "not-found" };
  await lockLots(db, input.facilityId, [{ lotId: lot.id, itemId: lot.itemId }]);
  const quarantined = input.quarantine || (input.vvmStage != null && input.vvmStage >= 3);
  await db
    .update(stockBalances)
    .set({ quarantined, quarantineReason: quarantined ? input.reason : "", ...(input.vvmStage != null ? { vvmStage: input.vvmStage } : {}) })
    .where(and(eq(stockBalances.facilityId, input.facilityId), eq(stockBalances.lotId, lot.id)));
  await db.insert(lotConditionReadings).values({
    facilityId: input.facilityId,
    lotId: lot.id,
    source: input.source ?? "reading",
    vvmStage: input.vvmStage ?? null,
    excursion: input.excursion ?? false,
    quarantined,
    note: input.note ?? "",
    operationId: input.operationId ?? null,
    recordedBy: input.recordedBy ?? null,
  });
  return { quarantined };
}

/**
 * A VVM stage read as stock arrives (a receipt's reading, or the stage the sender had on record
 * for a shipment's lot). The stage on record here only advances, since a vial monitor never
 * recovers and an older, lower reading must not make the lot usable again; 3-4 quarantines the
 * lot here; an existing quarantine stays. Call with the balance already created (after posting).
 */
export async function recordArrivalVvm(
  db: Db,
  input: { facilityId: number; lotId: number; vvmStage: number; source: "receipt" | "transfer_in"; operationId: number; recordedBy: number | null },
) {
  const [balance] = await db
    .select({ vvmStage: stockBalances.vvmStage, quarantined: stockBalances.quarantined, quarantineReason: stockBalances.quarantineReason })
    .from(stockBalances)
    .where(and(eq(stockBalances.facilityId, input.facilityId), eq(stockBalances.lotId, input.lotId)))
    .for("update");
  if (!balance) return;
  const stage = Math.max(balance.vvmStage ?? 0, input.vvmStage);
  const quarantined = balance.quarantined || stage >= 3;
  const quarantineReason = balance.quarantined ? balance.quarantineReason : quarantined ? `VVM ${stage}` : "";
  await db
    .update(stockBalances)
    .set({ vvmStage: stage, quarantined, quarantineReason })
    .where(and(eq(stockBalances.facilityId, input.facilityId), eq(stockBalances.lotId, input.lotId)));
  await db.insert(lotConditionReadings).values({
    facilityId: input.facilityId,
    lotId: input.lotId,
    source: input.source,
    vvmStage: input.vvmStage,
    quarantined,
    operationId: input.operationId,
    recordedBy: input.recordedBy,
  });
}

/** A lot's condition history at one facility, newest first (the lot page). */
export async function listLotConditionHistory(db: Db, facilityId: number, lotId: number, limit = 20) {
  return db
    .select({
      id: lotConditionReadings.id,
      source: lotConditionReadings.source,
      vvmStage: lotConditionReadings.vvmStage,
      excursion: lotConditionReadings.excursion,
      quarantined: lotConditionReadings.quarantined,
      note: lotConditionReadings.note,
      recordedAt: lotConditionReadings.recordedAt,
      recordedBy: users.displayName,
    })
    .from(lotConditionReadings)
    .leftJoin(users, eq(users.id, lotConditionReadings.recordedBy))
    .where(and(eq(lotConditionReadings.facilityId, facilityId), eq(lotConditionReadings.lotId, lotId)))
    .orderBy(desc(lotConditionReadings.id))
    .limit(limit);
}

/** Sends stock to another facility; it is in transit until received there. */
export async function sendShipment(
  db: Db,
  input: { fromFacilityId: number; toFacilityId: number; lines: { lotId: number; quantity: number }[]; occurredAt: Date; notes?: string },
  ctx: StockContext,
): Promise<StockOutcome & { shipmentId?: number }> {
  const duplicate = await claimKey(db, ctx.idempotencyKey);
  if (duplicate) return { status: "duplicate", operationId: duplicate };
  const lotRows = await db.select({ lotId: lots.id, itemId: lots.itemId }).from(lots).where(inArray(lots.id, input.lines.map((l) => l.lotId)));
  if (lotRows.length !== new Set(input.lines.map((l) => l.lotId)).size) return { status: "not-found" };
  const locked = await lockLots(db, input.fromFacilityId, lotRows);
  for (const line of input.lines) {
    const lot = locked.get(line.lotId)!;
    if (lot.quantity < line.quantity) return { status: "insufficient", lotId: line.lotId, available: lot.quantity, requested: line.quantity };
  }
  const [shipment] = await db
    .insert(shipments)
    .values({ fromFacilityId: input.fromFacilityId, toFacilityId: input.toFacilityId, sentAt: input.occurredAt, notes: input.notes ?? "" })
    .returning({ id: shipments.id });
  const operationId = await createOperation(db, { facilityId: input.fromFacilityId, kind: "transfer_out", occurredAt: input.occurredAt, notes: input.notes }, ctx);
  const entries = [];
  for (const line of input.lines) {
    const lot = locked.get(line.lotId)!;
    await db.insert(shipmentLines).values({ shipmentId: shipment!.id, lotId: lot.lotId, itemId: lot.itemId, quantitySent: line.quantity });
    entries.push(await post(db, { operationId, facilityId: input.fromFacilityId, lot, kind: "transfer_out", quantity: -line.quantity, occurredAt: input.occurredAt, shipmentId: shipment!.id }));
  }
  return { status: "created", operationId, entries, shipmentId: shipment!.id };
}

/** Receives a shipment; what did not arrive is recorded per lot as the discrepancy. */
export async function receiveShipment(
  db: Db,
  input: { shipmentId: number; facilityId: number; received: Record<number, number>; occurredAt: Date; notes?: string },
  ctx: StockContext,
): Promise<StockOutcome> {
  const duplicate = await claimKey(db, ctx.idempotencyKey);
  if (duplicate) return { status: "duplicate", operationId: duplicate };
  const [shipment] = await db
    .select({ id: shipments.id, status: shipments.status, fromFacilityId: shipments.fromFacilityId })
    .from(shipments)
    .where(and(eq(shipments.id, input.shipmentId), eq(shipments.toFacilityId, input.facilityId)))
    .for("update");
  if (!shipment) return { status: "not-found" };
  if (shipment.status !== "in_transit") return { status: "invalid", problem: "already-received" };
  const lines = await db
    .select({ lotId: shipmentLines.lotId, itemId: shipmentLines.itemId, quantitySent: shipmentLines.quantitySent })
    .from(shipmentLines)
    .where(eq(shipmentLines.shipmentId, shipment.id));
  for (const line of lines) {
    const got = input.received[line.lotId] ?? Number(line.quantitySent);
    if (got < 0 || got > Number(line.quantitySent)) return { status: "invalid", problem: "more-than-sent" };
  }
  const operationId = await createOperation(db, { facilityId: input.facilityId, kind: "transfer_in", occurredAt: input.occurredAt, notes: input.notes }, ctx);
  const locked = await lockLots(db, input.facilityId, lines);
  // The vials carry the heat they took at the sender: its stage on record arrives with them.
  const senderStages = await db
    .select({ lotId: stockBalances.lotId, vvmStage: stockBalances.vvmStage })
    .from(stockBalances)
    .where(and(eq(stockBalances.facilityId, shipment.fromFacilityId), inArray(stockBalances.lotId, lines.map((l) => l.lotId))));
  const entries = [];
  for (const line of lines) {
    const got = input.received[line.lotId] ?? Number(line.quantitySent);
    await db
      .update(shipmentLines)
      .set({ quantityReceived: got })
      .where(and(eq(shipmentLines.shipmentId, shipment.id), eq(shipmentLines.lotId, line.lotId)));
    if (got > 0) {
      entries.push(await post(db, { operationId, facilityId: input.facilityId, lot: locked.get(line.lotId)!, kind: "transfer_in", quantity: got, occurredAt: input.occurredAt, shipmentId: shipment.id }));
      const stage = senderStages.find((s) => s.lotId === line.lotId)?.vvmStage;
      if (stage != null) {
        await recordArrivalVvm(db, { facilityId: input.facilityId, lotId: line.lotId, vvmStage: stage, source: "transfer_in", operationId, recordedBy: ctx.recordedBy });
      }
    }
  }
  await db.update(shipments).set({ status: "received", receivedAt: input.occurredAt }).where(eq(shipments.id, shipment.id));
  return { status: "created", operationId, entries };
}

// ---------------------------------------------------------------------------------------
// Physical counts

/** The facility's open count sheet, created with a line for every lot it holds. */
export async function openCountSheet(db: Db, facilityId: number, userId: number | null): Promise<number> {
  const [draft] = await db
    .select({ id: countSheets.id })
    .from(countSheets)
    .where(and(eq(countSheets.facilityId, facilityId), eq(countSheets.status, "draft")));
  if (draft) return draft.id;
  const [sheet] = await db.insert(countSheets).values({ facilityId, createdBy: userId }).returning({ id: countSheets.id });
  const held = await db.select({ lotId: stockBalances.lotId }).from(stockBalances).where(eq(stockBalances.facilityId, facilityId));
  if (held.length) await db.insert(countLines).values(held.map((h) => ({ sheetId: sheet!.id, lotId: h.lotId })));
  return sheet!.id;
}

/** Saves counted quantities on a draft (null: not counted yet). */
export async function saveCountLines(db: Db, facilityId: number, sheetId: number, counted: Record<number, number | null>) {
  const [sheet] = await db
    .select({ status: countSheets.status })
    .from(countSheets)
    .where(and(eq(countSheets.id, sheetId), eq(countSheets.facilityId, facilityId)))
    .for("update");
  if (!sheet) return { status: "not-found" as const };
  if (sheet.status !== "draft") return { status: "not-draft" as const };
  for (const [lotId, value] of Object.entries(counted)) {
    await db
      .insert(countLines)
      .values({ sheetId, lotId: Number(lotId), counted: value })
      .onConflictDoUpdate({ target: [countLines.sheetId, countLines.lotId], set: { counted: value } });
  }
  return { status: "saved" as const };
}

/** Submits a count: each difference becomes an adjustment that brings the balance to the count. */
export async function submitCountSheet(
  db: Db,
  input: { facilityId: number; sheetId: number; occurredAt: Date },
  ctx: StockContext,
): Promise<StockOutcome> {
  const duplicate = await claimKey(db, ctx.idempotencyKey);
  if (duplicate) return { status: "duplicate", operationId: duplicate };
  const [sheet] = await db
    .select({ status: countSheets.status })
    .from(countSheets)
    .where(and(eq(countSheets.id, input.sheetId), eq(countSheets.facilityId, input.facilityId)))
    .for("update");
  if (!sheet) return { status: "not-found" };
  if (sheet.status !== "draft") return { status: "invalid", problem: "not-draft" };
  const lines = await db
    .select({ lotId: countLines.lotId, counted: countLines.counted, itemId: lots.itemId })
    .from(countLines)
    .innerJoin(lots, eq(lots.id, countLines.lotId))
    .where(eq(countLines.sheetId, input.sheetId));
  const counted = lines.filter((l) => l.counted !== null);
  const operationId = await createOperation(db, { facilityId: input.facilityId, kind: "count", occurredAt: input.occurredAt, reason: "count_difference" }, ctx);
  const locked = await lockLots(db, input.facilityId, counted);
  const entries = [];
  for (const line of counted) {
    const lot = locked.get(line.lotId)!;
    await db
      .update(countLines)
      .set({ systemQuantity: lot.quantity })
      .where(and(eq(countLines.sheetId, input.sheetId), eq(countLines.lotId, line.lotId)));
    const difference = Number(line.counted) - lot.quantity;
    if (difference !== 0) {
      entries.push(await post(db, { operationId, facilityId: input.facilityId, lot, kind: "count", quantity: difference, occurredAt: input.occurredAt }));
    }
  }
  await db
    .update(countSheets)
    .set({ status: "submitted", submittedAt: input.occurredAt, operationId })
    .where(eq(countSheets.id, input.sheetId));
  return { status: "created", operationId, entries };
}

// ---------------------------------------------------------------------------------------
// Reads

export async function listItemNorms(db: Db) {
  return db
    .select({ itemId: itemNorms.itemId, target: itemNorms.target, perPersonDay: itemNorms.perPersonDay, source: itemNorms.source })
    .from(itemNorms);
}

export async function listItemSettings(db: Db, facilityId: number) {
  return db
    .select({ itemId: itemFacilitySettings.itemId, leadTimeDays: itemFacilitySettings.leadTimeDays, safetyStockDays: itemFacilitySettings.safetyStockDays })
    .from(itemFacilitySettings)
    .where(eq(itemFacilitySettings.facilityId, facilityId));
}

/**
 * A lot by id, only if the facility holds it (has a balance row for it): what a form may name in
 * a message. Another facility's lot is not found, so its number never reaches this facility.
 */
export async function getHeldLot(db: Db, facilityId: number, lotId: number) {
  const [row] = await db
    .select({ id: lots.id, itemId: lots.itemId, lotNumber: lots.lotNumber, expiry: lots.expiry })
    .from(stockBalances)
    .innerJoin(lots, eq(lots.id, stockBalances.lotId))
    .where(and(eq(stockBalances.facilityId, facilityId), eq(stockBalances.lotId, lotId)));
  return row;
}

/** A lot the facility holds, with its item as a message names it (the adjustment command's check). */
export async function getHeldLotWithItem(db: Db, facilityId: number, lotId: number) {
  const [row] = await db
    .select({
      lotId: lots.id,
      lotNumber: lots.lotNumber,
      itemId: items.id,
      itemCode: items.code,
      nameEs: items.nameEs,
      nameEn: items.nameEn,
      unit: items.unit,
    })
    .from(stockBalances)
    .innerJoin(lots, eq(lots.id, stockBalances.lotId))
    .innerJoin(items, eq(items.id, lots.itemId))
    .where(and(eq(stockBalances.facilityId, facilityId), eq(stockBalances.lotId, lotId)));
  return row;
}

/** A held lot's condition at the facility: what a new reading is judged against. */
export async function getHeldLotCondition(db: Db, facilityId: number, lotId: number) {
  const [row] = await db
    .select({
      lotId: lots.id,
      lotNumber: lots.lotNumber,
      category: items.category,
      vvmStage: stockBalances.vvmStage,
      quarantined: stockBalances.quarantined,
      quarantineReason: stockBalances.quarantineReason,
    })
    .from(stockBalances)
    .innerJoin(lots, eq(lots.id, stockBalances.lotId))
    .innerJoin(items, eq(items.id, lots.itemId))
    .where(and(eq(stockBalances.facilityId, facilityId), eq(stockBalances.lotId, lotId)));
  return row;
}

/** The operation the facility recorded under this idempotency key, if any. */
export async function findOperationIdByKey(db: Db, facilityId: number, idempotencyKey: string) {
  const [row] = await db
    .select({ id: stockOperations.id })
    .from(stockOperations)
    .where(and(eq(stockOperations.facilityId, facilityId), eq(stockOperations.idempotencyKey, idempotencyKey)));
  return row?.id;
}

/** What the lot page shows of a lot besides its balance: maker and barcode. */
export async function getLotLabel(db: Db, lotId: number) {
  const [row] = await db.select({ manufacturer: lots.manufacturer, gtin: lots.gtin }).from(lots).where(eq(lots.id, lotId));
  return row;
}

/** An item of the catalogue by code (the issue command's check), or undefined. */
export async function findItemByCode(db: Db, code: string) {
  const [row] = await db
    .select({ id: items.id, code: items.code, nameEs: items.nameEs, nameEn: items.nameEn, unit: items.unit, lotTracked: items.lotTracked })
    .from(items)
    .where(eq(items.code, code))
    .limit(1);
  return row;
}

/** A lot of an item by its number, as the API names lots (lot numbers are per item, not per facility). */
export async function findLotByNumber(db: Db, itemId: number, lotNumber: string) {
  const [row] = await db
    .select({ id: lots.id, itemId: lots.itemId, lotNumber: lots.lotNumber, expiry: lots.expiry })
    .from(lots)
    .where(and(eq(lots.itemId, itemId), eq(lots.lotNumber, lotNumber)))
    .limit(1);
  return row;
}

/**
 * The known lots among these item and lot-number pairs (lot numbers are per item, not per
 * facility): what a receipt checks before it writes, since a known lot keeps its expiry.
 */
export async function findLotsByNumbers(db: Db, pairs: { itemId: number; lotNumber: string }[]) {
  if (pairs.length === 0) return [];
  const rows = await db
    .select({ id: lots.id, itemId: lots.itemId, lotNumber: lots.lotNumber, expiry: lots.expiry })
    .from(lots)
    .where(and(inArray(lots.itemId, [...new Set(pairs.map((p) => p.itemId))]), inArray(lots.lotNumber, [...new Set(pairs.map((p) => p.lotNumber))])));
  return rows.filter((r) => pairs.some((p) => p.itemId === r.itemId && p.lotNumber === r.lotNumber));
}

/** Number and expiry of lots the facility holds, by id: how an answer names the lots an issue took. */
export async function listHeldLotLabels(db: Db, facilityId: number, lotIds: number[]) {
  if (lotIds.length === 0) return [];
  return db
    .select({ lotId: lots.id, lotNumber: lots.lotNumber, expiry: lots.expiry })
    .from(stockBalances)
    .innerJoin(lots, eq(lots.id, stockBalances.lotId))
    .where(and(eq(stockBalances.facilityId, facilityId), inArray(stockBalances.lotId, lotIds)));
}

/** The lots each operation took (positive quantities) with the balance after, by operation id. */
export async function listOperationPicks(db: Db, facilityId: number, operationIds: number[]) {
  const picks = new Map<number, { lotId: number; quantity: number; balanceAfter: number }[]>();
  if (operationIds.length === 0) return picks;
  const rows = await db
    .select({ operationId: stockEntries.operationId, lotId: stockEntries.lotId, quantity: stockEntries.quantity, balanceAfter: stockEntries.balanceAfter })
    .from(stockEntries)
    .where(and(eq(stockEntries.facilityId, facilityId), inArray(stockEntries.operationId, operationIds)))
    .orderBy(asc(stockEntries.id));
  for (const row of rows) {
    const list = picks.get(row.operationId) ?? [];
    list.push({ lotId: row.lotId, quantity: -Number(row.quantity), balanceAfter: Number(row.balanceAfter) });
    picks.set(row.operationId, list);
  }
  return picks;
}

/** Every lot a facility holds, with its state: the one source of every stock figure. */
export async function listFacilityLots(db: Db, facilityId: number) {
  const rows = await db
    .select({
      lotId: stockBalances.lotId,
      itemId: stockBalances.itemId,
      quantity: stockBalances.quantity,
      quarantined: stockBalances.quarantined,
      quarantineReason: stockBalances.quarantineReason,
      lastEntryAt: stockBalances.lastEntryAt,
      lotNumber: lots.lotNumber,
      expiry: lots.expiry,
      vvmStage: stockBalances.vvmStage,
      manufacturer: lots.manufacturer,
    })
    .from(stockBalances)
    .innerJoin(lots, eq(lots.id, stockBalances.lotId))
    .where(eq(stockBalances.facilityId, facilityId))
    .orderBy(asc(stockBalances.itemId), asc(lots.expiry), asc(stockBalances.lotId));
  return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
}

/** Units of an item issued to people at a facility since `since` (distributions and doses; not transfers or write-offs). */
export async function sumIssuedSince(db: Db, facilityId: number, itemId: number, since: Date): Promise<number> {
  const [row] = await db
    .select({ issued: sql<string>`coalesce(-sum(${stockEntries.quantity}), 0)` })
    .from(stockEntries)
    .where(and(eq(stockEntries.facilityId, facilityId), eq(stockEntries.itemId, itemId), eq(stockEntries.kind, "issue"), gte(stockEntries.occurredAt, since)));
  return Number(row?.issued ?? 0);
}

/** The stock card: entries of one item (optionally one lot) at a facility, newest first, with running balances. */
export async function listStockCard(
  db: Db,
  facilityId: number,
  filter: { itemId: number; lotId?: number },
  options: { beforeId?: number; limit: number },
) {
  const rows = await db
    .select({
      id: stockEntries.id,
      occurredAt: stockEntries.occurredAt,
      kind: stockEntries.kind,
      quantity: stockEntries.quantity,
      balanceAfter: stockEntries.balanceAfter,
      lotId: stockEntries.lotId,
      lotNumber: lots.lotNumber,
      shipmentId: stockEntries.shipmentId,
      reason: stockOperations.reason,
      source: stockOperations.source,
      documentRef: stockOperations.documentRef,
      peopleServed: stockOperations.peopleServed,
      notes: stockOperations.notes,
      recordedBy: users.displayName,
      apiTokenId: stockOperations.apiTokenId,
    })
    .from(stockEntries)
    .innerJoin(stockOperations, eq(stockOperations.id, stockEntries.operationId))
    .innerJoin(lots, eq(lots.id, stockEntries.lotId))
    .leftJoin(users, eq(users.id, stockOperations.recordedBy))
    .where(
      and(
        eq(stockEntries.facilityId, facilityId),
        eq(stockEntries.itemId, filter.itemId),
        filter.lotId ? eq(stockEntries.lotId, filter.lotId) : undefined,
        options.beforeId ? lt(stockEntries.id, options.beforeId) : undefined,
      ),
    )
    .orderBy(desc(stockEntries.id))
    .limit(options.limit);
  return rows.map((r) => ({ ...r, quantity: Number(r.quantity), balanceAfter: Number(r.balanceAfter) }));
}

/** Shipments on the road to or from a facility, with their lines. */
export async function listShipmentsInTransit(db: Db, facilityId: number) {
  const rows = await db
    .select({
      id: shipments.id,
      fromFacilityId: shipments.fromFacilityId,
      toFacilityId: shipments.toFacilityId,
      sentAt: shipments.sentAt,
      lotId: shipmentLines.lotId,
      itemId: shipmentLines.itemId,
      quantitySent: shipmentLines.quantitySent,
    })
    .from(shipments)
    .innerJoin(shipmentLines, eq(shipmentLines.shipmentId, shipments.id))
    .where(
      and(
        eq(shipments.status, "in_transit"),
        sql`(${shipments.toFacilityId} = ${facilityId} or ${shipments.fromFacilityId} = ${facilityId})`,
      ),
    )
    .orderBy(asc(shipments.sentAt), asc(shipmentLines.lotId));
  return rows.map((r) => ({ ...r, quantitySent: Number(r.quantitySent) }));
}

/** The last submitted count at a facility. */
export async function lastSubmittedCount(db: Db, facilityId: number) {
  const [row] = await db
    .select({ id: countSheets.id, submittedAt: countSheets.submittedAt })
    .from(countSheets)
    .where(and(eq(countSheets.facilityId, facilityId), eq(countSheets.status, "submitted")))
    .orderBy(desc(countSheets.submittedAt))
    .limit(1);
  return row;
}

export async function getCountSheet(db: Db, facilityId: number, sheetId: number) {
  const [sheet] = await db
    .select({ id: countSheets.id, status: countSheets.status, createdAt: countSheets.createdAt, submittedAt: countSheets.submittedAt })
    .from(countSheets)
    .where(and(eq(countSheets.id, sheetId), eq(countSheets.facilityId, facilityId)));
  if (!sheet) return undefined;
  const lines = await db
    .select({
      lotId: countLines.lotId,
      counted: countLines.counted,
      systemQuantity: countLines.systemQuantity,
      itemId: lots.itemId,
      lotNumber: lots.lotNumber,
      expiry: lots.expiry,
      balance: stockBalances.quantity,
    })
    .from(countLines)
    .innerJoin(lots, eq(lots.id, countLines.lotId))
    .leftJoin(stockBalances, and(eq(stockBalances.lotId, countLines.lotId), eq(stockBalances.facilityId, facilityId)))
    .where(eq(countLines.sheetId, sheetId))
    .orderBy(asc(lots.itemId), asc(lots.expiry), asc(countLines.lotId));
  return {
    ...sheet,
    lines: lines.map((l) => ({
      ...l,
      counted: l.counted === null ? null : Number(l.counted),
      systemQuantity: l.systemQuantity === null ? null : Number(l.systemQuantity),
      balance: Number(l.balance ?? 0),
    })),
  };
}

/** How far back a form's stock operation is compared with the same person's last ones. */
export const STOCK_TWIN_WINDOW_MINUTES = 15;

/** One line of a stock operation as a twin is compared: item, lot number ("" when not lot-tracked) and signed quantity. */
export interface TwinLine {
  itemId: number;
  lotNumber: string;
  quantity: number;
}

export interface StockTwin {
  operationId: number;
  recordedAt: Date;
  lines: TwinLine[];
}

const lineKey = (l: TwinLine) => `${l.itemId}\u0000${l.lotNumber}\u0000${l.quantity}`;
const sameLines = (a: TwinLine[], b: TwinLine[]) => {
  const left = a.map(lineKey).sort();
  const right = b.map(lineKey).sort();
  return left.length === right.length && left.every((k, i) => k === right[i]);
};

/**
 * The latest operation of this kind the same user recorded at the facility in the last
 * STOCK_TWIN_WINDOW_MINUTES under another key, with the same header fields and the same lines.
 * Without JavaScript, Back after a submit brings the typed values back on a freshly loaded form
 * with a new key (issue 15), so a resubmit would post the stock twice: the form asks first. A
 * key already recorded has no twin: its resend is a duplicate. Reads the facility's last 200
 * operations (stock_operations_facility_idx), then the candidates' entries by operation.
 */
async function findRecentStockTwin(
  db: Db,
  facilityId: number,
  match: {
    kind: "receipt" | "adjustment";
    recordedBy: number;
    idempotencyKey: string;
    lines: TwinLine[];
    source?: string;
    documentRef?: string;
    reason?: AdjustmentReason;
    now?: Date;
  },
): Promise<StockTwin | undefined> {
  const [known] = await db
    .select({ id: stockOperations.id })
    .from(stockOperations)
    .where(eq(stockOperations.idempotencyKey, match.idempotencyKey))
    .limit(1);
  if (known) return undefined;
  const since = new Date((match.now ?? new Date()).getTime() - STOCK_TWIN_WINDOW_MINUTES * 60_000);
  const recent = db
    .select({
      id: stockOperations.id,
      kind: stockOperations.kind,
      recordedBy: stockOperations.recordedBy,
      recordedAt: stockOperations.recordedAt,
      idempotencyKey: stockOperations.idempotencyKey,
      reason: stockOperations.reason,
      source: stockOperations.source,
      documentRef: stockOperations.documentRef,
    })
    .from(stockOperations)
    .where(eq(stockOperations.facilityId, facilityId))
    .orderBy(desc(stockOperations.id))
    .limit(200)
    .as("recent");
  const candidates = await db
    .select({ id: recent.id, recordedAt: recent.recordedAt })
    .from(recent)
    .where(
      and(
        eq(recent.kind, match.kind),
        eq(recent.recordedBy, match.recordedBy),
        gte(recent.recordedAt, since),
        sql`${recent.idempotencyKey} <> ${match.idempotencyKey}`,
        match.reason === undefined ? undefined : eq(recent.reason, match.reason),
        match.source === undefined ? undefined : eq(recent.source, match.source),
        match.documentRef === undefined ? undefined : eq(recent.documentRef, match.documentRef),
      ),
    )
    .orderBy(desc(recent.id));
  if (candidates.length === 0) return undefined;
  const entries = await db
    .select({ operationId: stockEntries.operationId, itemId: stockEntries.itemId, lotNumber: lots.lotNumber, quantity: stockEntries.quantity })
    .from(stockEntries)
    .innerJoin(lots, eq(lots.id, stockEntries.lotId))
    .where(and(eq(stockEntries.facilityId, facilityId), inArray(stockEntries.operationId, candidates.map((c) => c.id))));
  for (const candidate of candidates) {
    const lines = entries
      .filter((e) => e.operationId === candidate.id)
      .map((e) => ({ itemId: e.itemId, lotNumber: e.lotNumber, quantity: Number(e.quantity) }));
    if (sameLines(lines, match.lines)) return { operationId: candidate.id, recordedAt: candidate.recordedAt, lines };
  }
  return undefined;
}

/** A receipt by the same user minutes ago with the same source, document and lines (see findRecentStockTwin). */
export async function findRecentReceiptTwin(
  db: Db,
  facilityId: number,
  match: { recordedBy: number; idempotencyKey: string; source: string; documentRef: string; lines: TwinLine[]; now?: Date },
): Promise<StockTwin | undefined> {
  return findRecentStockTwin(db, facilityId, { ...match, kind: "receipt" });
}

/** An adjustment by the same user minutes ago of the same lot, quantity and reason (see findRecentStockTwin). */
export async function findRecentAdjustmentTwin(
  db: Db,
  facilityId: number,
  match: { recordedBy: number; idempotencyKey: string; itemId: number; lotNumber: string; delta: number; reason: AdjustmentReason; now?: Date },
): Promise<StockTwin | undefined> {
  return findRecentStockTwin(db, facilityId, {
    kind: "adjustment",
    recordedBy: match.recordedBy,
    idempotencyKey: match.idempotencyKey,
    reason: match.reason,
    lines: [{ itemId: match.itemId, lotNumber: match.lotNumber, quantity: match.delta }],
    now: match.now,
  });
}

/**
 * A distribution by the same user minutes ago of the same item, total quantity, people served
 * and (when one was named) lot, under another key. Not findRecentStockTwin's line-by-line match:
 * an issue without a lot is picked first-expired-first-out, so its resubmit may take other lots
 * than the first; what the person typed is the item and the quantity. Issues are never reversed
 * (a mistake is corrected by an adjustment), so there is no reversal to exclude. A key already
 * recorded has no twin: its resend is a duplicate.
 */
export async function findRecentIssueTwin(
  db: Db,
  facilityId: number,
  match: { recordedBy: number; itemId: number; lotId: number | null; quantity: number; peopleServed: number | null; idempotencyKey: string; now?: Date },
): Promise<{ operationId: number; recordedAt: Date } | undefined> {
  const [known] = await db
    .select({ id: stockOperations.id })
    .from(stockOperations)
    .where(eq(stockOperations.idempotencyKey, match.idempotencyKey))
    .limit(1);
  if (known) return undefined;
  const since = new Date((match.now ?? new Date()).getTime() - STOCK_TWIN_WINDOW_MINUTES * 60_000);
  // Only the facility's last 200 operations are read (by the facility index), never the history.
  const recent = db
    .select({
      id: stockOperations.id,
      kind: stockOperations.kind,
      recordedBy: stockOperations.recordedBy,
      recordedAt: stockOperations.recordedAt,
      idempotencyKey: stockOperations.idempotencyKey,
      peopleServed: stockOperations.peopleServed,
    })
    .from(stockOperations)
    .where(eq(stockOperations.facilityId, facilityId))
    .orderBy(desc(stockOperations.id))
    .limit(200)
    .as("recent");
  const [row] = await db
    .select({ operationId: recent.id, recordedAt: recent.recordedAt })
    .from(recent)
    .innerJoin(stockEntries, and(eq(stockEntries.operationId, recent.id), eq(stockEntries.facilityId, facilityId)))
    .where(
      and(
        eq(recent.kind, "issue"),
        eq(recent.recordedBy, match.recordedBy),
        gte(recent.recordedAt, since),
        ne(recent.idempotencyKey, match.idempotencyKey),
        match.peopleServed === null ? sql`${recent.peopleServed} is null` : eq(recent.peopleServed, match.peopleServed),
      ),
    )
    .groupBy(recent.id, recent.recordedAt)
    .having(
      and(
        sql`bool_and(${stockEntries.itemId} = ${match.itemId})`,
        sql`sum(-${stockEntries.quantity}) = ${match.quantity}`,
        match.lotId === null ? undefined : sql`bool_and(${stockEntries.lotId} = ${match.lotId})`,
      ),
    )
    .orderBy(desc(recent.id))
    .limit(1);
  return row;
}
