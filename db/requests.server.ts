// Stock requests (issue 17, decision 022): reads and the row writes the commands in
// app/lib/commands/requests.server.ts put together. Every read names the facility: the one
// asking (requests._index, the request page) or the warehouse (the pick list).
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { RequestStatus } from "../app/lib/domain/requests";
import { facilities, itemFacilitySettings, items, stockRequestEvents, stockRequestLines, stockRequests, users } from "./schema";
import type { Db } from "./types";

const headerColumns = {
  id: stockRequests.id,
  facilityId: stockRequests.facilityId,
  supplierFacilityId: stockRequests.supplierFacilityId,
  status: stockRequests.status,
  emergency: stockRequests.emergency,
  neededBy: stockRequests.neededBy,
  saturationDay: stockRequests.saturationDay,
  notes: stockRequests.notes,
  createdAt: stockRequests.createdAt,
  submittedAt: stockRequests.submittedAt,
  receivedAt: stockRequests.receivedAt,
  shipmentId: stockRequests.shipmentId,
  leadTimeDays: stockRequests.leadTimeDays,
};

export type RequestHeader = Awaited<ReturnType<typeof getRequestHeader>>;

async function getRequestHeader(db: Db, where: ReturnType<typeof and>) {
  const [row] = await db.select(headerColumns).from(stockRequests).where(where);
  return row;
}

async function linesOf(db: Db, requestId: number) {
  const rows = await db
    .select({
      itemId: stockRequestLines.itemId,
      itemCode: items.code,
      nameEs: items.nameEs,
      nameEn: items.nameEn,
      unit: items.unit,
      requested: stockRequestLines.requested,
      approved: stockRequestLines.approved,
      picked: stockRequestLines.picked,
      received: stockRequestLines.received,
      suggested: stockRequestLines.suggested,
      stockOutDay: stockRequestLines.stockOutDay,
      leadTimeDays: stockRequestLines.leadTimeDays,
      formula: stockRequestLines.formula,
    })
    .from(stockRequestLines)
    .innerJoin(items, eq(items.id, stockRequestLines.itemId))
    .where(eq(stockRequestLines.requestId, requestId))
    .orderBy(asc(items.code));
  const n = (v: number | null) => (v === null ? null : Number(v));
  return rows.map((r) => ({ ...r, requested: Number(r.requested), approved: n(r.approved), picked: n(r.picked), received: n(r.received), suggested: n(r.suggested) }));
}

export type RequestLine = Awaited<ReturnType<typeof linesOf>>[number];

async function eventsOf(db: Db, requestId: number) {
  return db
    .select({
      id: stockRequestEvents.id,
      fromStatus: stockRequestEvents.fromStatus,
      toStatus: stockRequestEvents.toStatus,
      reason: stockRequestEvents.reason,
      changes: stockRequestEvents.changes,
      recordedAt: stockRequestEvents.recordedAt,
      recordedBy: users.displayName,
    })
    .from(stockRequestEvents)
    .leftJoin(users, eq(users.id, stockRequestEvents.recordedBy))
    .where(eq(stockRequestEvents.requestId, requestId))
    .orderBy(asc(stockRequestEvents.id));
}

/** A request raised by `facilityId`, with its lines and history; undefined when it is not theirs. */
export async function getRequest(db: Db, facilityId: number, requestId: number) {
  const header = await getRequestHeader(db, and(eq(stockRequests.id, requestId), eq(stockRequests.facilityId, facilityId)));
  if (!header) return undefined;
  return withDetail(db, header);
}

/** A request the warehouse `supplierFacilityId` is to pick, with its lines and history. */
export async function getRequestToSupply(db: Db, supplierFacilityId: number, requestId: number) {
  const header = await getRequestHeader(db, and(eq(stockRequests.id, requestId), eq(stockRequests.supplierFacilityId, supplierFacilityId)));
  if (!header) return undefined;
  return withDetail(db, header);
}

async function withDetail(db: Db, header: NonNullable<RequestHeader>) {
  const [lines, events, places] = await Promise.all([
    linesOf(db, header.id),
    eventsOf(db, header.id),
    db
      .select({ id: facilities.id, code: facilities.code, name: facilities.name })
      .from(facilities)
      .where(inArray(facilities.id, [header.facilityId, header.supplierFacilityId])),
  ]);
  const place = (id: number) => places.find((p) => p.id === id)!;
  const { code: facilityCode, name: facilityName } = place(header.facilityId);
  const { code: supplierCode, name: supplierName } = place(header.supplierFacilityId);
  return { ...header, facilityCode, facilityName, supplierCode, supplierName, lines, events };
}

export type RequestDetail = NonNullable<Awaited<ReturnType<typeof getRequest>>>;

const listColumns = {
  id: stockRequests.id,
  status: stockRequests.status,
  emergency: stockRequests.emergency,
  neededBy: stockRequests.neededBy,
  createdAt: stockRequests.createdAt,
  submittedAt: stockRequests.submittedAt,
  leadTimeDays: stockRequests.leadTimeDays,
  lines: sql<number>`(select count(*) from ${stockRequestLines} l where l.request_id = ${stockRequests.id})`.mapWith(Number),
};

/** The requests a facility raised, newest first. */
export async function listRequests(db: Db, facilityId: number, limit = 100) {
  return db
    .select({ ...listColumns, supplierCode: facilities.code })
    .from(stockRequests)
    .innerJoin(facilities, eq(facilities.id, stockRequests.supplierFacilityId))
    .where(eq(stockRequests.facilityId, facilityId))
    .orderBy(desc(stockRequests.id))
    .limit(limit);
}

/** What a warehouse has to pick (approved or being picked) and what it shipped lately. */
export async function listRequestsToSupply(db: Db, supplierFacilityId: number, statuses: readonly RequestStatus[], limit = 100) {
  return db
    .select({ ...listColumns, facilityCode: facilities.code, facilityName: facilities.name })
    .from(stockRequests)
    .innerJoin(facilities, eq(facilities.id, stockRequests.facilityId))
    .where(and(eq(stockRequests.supplierFacilityId, supplierFacilityId), inArray(stockRequests.status, [...statuses])))
    .orderBy(asc(stockRequests.neededBy), asc(stockRequests.id))
    .limit(limit);
}

/** The warehouses a request may go to: the facilities of kind "warehouse", by code. */
export async function listWarehouses(db: Db) {
  return db
    .select({ id: facilities.id, code: facilities.code, name: facilities.name })
    .from(facilities)
    .where(and(eq(facilities.kind, "warehouse"), eq(facilities.status, "open")))
    .orderBy(asc(facilities.code));
}

export interface NewRequestRow {
  facilityId: number;
  supplierFacilityId: number;
  emergency: boolean;
  neededBy: string;
  saturationDay: string | null;
  notes: string;
  idempotencyKey: string;
  createdBy: number | null;
}

/** Inserts a draft; null when the idempotency key was used already (a resubmitted form). */
export async function insertRequest(db: Db, row: NewRequestRow): Promise<number | null> {
  const [inserted] = await db
    .insert(stockRequests)
    .values({ ...row, status: "draft" })
    .onConflictDoNothing({ target: stockRequests.idempotencyKey })
    .returning({ id: stockRequests.id });
  return inserted?.id ?? null;
}

export async function requestIdByKey(db: Db, facilityId: number, idempotencyKey: string) {
  const [row] = await db
    .select({ id: stockRequests.id })
    .from(stockRequests)
    .where(and(eq(stockRequests.facilityId, facilityId), eq(stockRequests.idempotencyKey, idempotencyKey)));
  return row?.id ?? null;
}

export async function insertRequestLines(
  db: Db,
  requestId: number,
  lines: { itemId: number; requested: number; suggested: number | null; stockOutDay: string | null; leadTimeDays: number; formula: unknown }[],
) {
  if (lines.length === 0) return;
  await db.insert(stockRequestLines).values(lines.map((l) => ({ ...l, requestId })));
}

/**
 * Moves a request from one of `from` to `to` (compare and set): the row is locked and changed
 * only if its status is still one of `from`, so two approvers at once cannot both win. Returns
 * the status it had, or null when it was not in `from` (someone else moved it first).
 */
export async function moveRequest(
  db: Db,
  where: { requestId: number; facilityId?: number; supplierFacilityId?: number },
  from: readonly RequestStatus[],
  to: RequestStatus,
  set: Partial<{ submittedAt: Date; receivedAt: Date; shipmentId: number; leadTimeDays: number }> = {},
): Promise<RequestStatus | null> {
  const [current] = await db
    .select({ status: stockRequests.status })
    .from(stockRequests)
    .where(
      and(
        eq(stockRequests.id, where.requestId),
        where.facilityId === undefined ? undefined : eq(stockRequests.facilityId, where.facilityId),
        where.supplierFacilityId === undefined ? undefined : eq(stockRequests.supplierFacilityId, where.supplierFacilityId),
      ),
    )
    .for("update");
  if (!current || !from.includes(current.status)) return null;
  await db
    .update(stockRequests)
    .set({ status: to, ...set })
    .where(eq(stockRequests.id, where.requestId));
  return current.status;
}

/** A request's status; `lock` holds the row until the transaction ends (the pick's confirmation). */
export async function currentStatus(db: Db, requestId: number, lock = false): Promise<RequestStatus | null> {
  const query = db.select({ status: stockRequests.status }).from(stockRequests).where(eq(stockRequests.id, requestId));
  const [row] = lock ? await query.for("update") : await query;
  return row?.status ?? null;
}

export async function setLineQuantities(
  db: Db,
  requestId: number,
  column: "approved" | "picked" | "received",
  quantities: { itemId: number; quantity: number }[],
) {
  for (const q of quantities) {
    await db
      .update(stockRequestLines)
      .set({ [column]: q.quantity })
      .where(and(eq(stockRequestLines.requestId, requestId), eq(stockRequestLines.itemId, q.itemId)));
  }
}

export interface RequestEventRow {
  requestId: number;
  facilityId: number;
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus;
  reason?: string;
  changes?: Record<string, unknown>;
  idempotencyKey: string;
  recordedBy: number | null;
}

export async function appendRequestEvent(db: Db, row: RequestEventRow) {
  await db.insert(stockRequestEvents).values({ ...row, reason: row.reason ?? "", changes: row.changes ?? {} });
}

/** Whether an event with this key was recorded (a resubmitted form), and on which request. */
export async function eventByKey(db: Db, facilityId: number, idempotencyKey: string) {
  const [row] = await db
    .select({ requestId: stockRequestEvents.requestId, toStatus: stockRequestEvents.toStatus })
    .from(stockRequestEvents)
    .where(and(eq(stockRequestEvents.facilityId, facilityId), eq(stockRequestEvents.idempotencyKey, idempotencyKey)));
  return row;
}

/** The request a shipment fulfils, when the shipment came from a pick list (to `toFacilityId`). */
export async function requestForShipment(db: Db, toFacilityId: number, shipmentId: number) {
  const [row] = await db
    .select({ id: stockRequests.id, status: stockRequests.status, submittedAt: stockRequests.submittedAt })
    .from(stockRequests)
    .where(and(eq(stockRequests.shipmentId, shipmentId), eq(stockRequests.facilityId, toFacilityId)));
  return row;
}

/**
 * The real lead times of the requests a facility received, newest first, at most `sample` per
 * item (the median of these is the learned lead time), with the configured lead time per item.
 */
export async function leadTimeSamples(db: Db, facilityId: number, sample: number) {
  const ranked = db
    .select({
      itemId: stockRequestLines.itemId,
      days: sql<number>`${stockRequests.leadTimeDays}`.mapWith(Number).as("days"),
      rank: sql<number>`row_number() over (partition by ${stockRequestLines.itemId} order by ${stockRequests.receivedAt} desc, ${stockRequests.id} desc)`
        .mapWith(Number)
        .as("rank"),
    })
    .from(stockRequestLines)
    .innerJoin(stockRequests, eq(stockRequests.id, stockRequestLines.requestId))
    .where(and(eq(stockRequests.facilityId, facilityId), isNotNull(stockRequests.leadTimeDays)))
    .as("ranked");
  const rows = await db
    .select({ itemId: ranked.itemId, days: ranked.days, rank: ranked.rank })
    .from(ranked)
    .where(sql`${ranked.rank} <= ${Math.max(1, Math.round(sample))}`)
    .orderBy(asc(ranked.itemId), asc(ranked.rank));
  const configured = await db
    .select({ itemId: itemFacilitySettings.itemId, leadTimeDays: itemFacilitySettings.leadTimeDays })
    .from(itemFacilitySettings)
    .where(eq(itemFacilitySettings.facilityId, facilityId));
  return { observed: rows.map((r) => ({ itemId: r.itemId, days: Number(r.days) })), configured };
}
