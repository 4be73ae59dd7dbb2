// Stock requests (issue 17, decision 022): one named command per transition. Each takes the
// actor, its validated input and an idempotency key; it moves the request with a compare and
// set (two approvers at once: one wins, the other is told it moved), writes the request's
// history row and an audit entry in the same transaction, and returns a typed outcome. The
// receipt that ends the loop is in request-receipt.server.ts (the shipment receipt calls it).
import { appendAudit } from "#db/audit.server";
import { listItems } from "#db/catalogue.server";
import { getFacilityByCode } from "#db/facilities.server";
import {
  appendRequestEvent,
  currentStatus,
  eventByKey,
  getRequest,
  getRequestToSupply,
  insertRequest,
  insertRequestLines,
  listWarehouses,
  moveRequest,
  requestIdByKey,
  setLineQuantities,
  type RequestDetail,
} from "#db/requests.server";
import { listFacilityLots } from "#db/stock.server";
import type { Db } from "#db/types";
import { changedOnApproval, emergencyVerdict, pickable, startsFrom, type RequestAction, type RequestStatus } from "~/lib/domain/requests";
import type { Why } from "~/lib/domain/why";
import { messageWithParams } from "~/lib/i18n";
import { auditActorOf, type CommandActor } from "./actor.server";
import { sendShipment } from "./shipments.server";

export type RequestOutcome =
  | { status: "done" | "duplicate"; requestId: number; to: RequestStatus }
  | { status: "not-found" }
  /** Someone moved the request first (or it is not at a step this action starts from): 409. */
  | { status: "conflict"; current: RequestStatus | null }
  | { status: "invalid"; fieldErrors: Record<string, string[]>; formErrors?: string[] };

/** What the plan said about each item when the request was raised (prefill and snapshot). */
export interface Suggestion {
  suggested: number;
  stockOutDay: string | null;
  leadTimeDays: number;
  formula: Why;
}

export interface RequestPlanView {
  items: Record<string, Suggestion>;
  saturationDay: string | null;
  defaultLeadTimeDays: number;
}

export interface RaiseInput {
  facilityId: number;
  supplierCode: string;
  neededBy: string;
  emergency: boolean;
  notes: string;
  lines: { index: number; itemCode: string; quantity: number }[];
  /**
   * The plan's suggestions by item code, and the facility's saturation day: read only once the
   * request is known to be valid (reading a plan not computed yet computes and stores it, and a
   * refused request writes nothing).
   */
  plan: () => Promise<RequestPlanView>;
}

/** Raises a request as a draft (the requester submits it from its page). */
export async function raiseRequest(db: Db, actor: CommandActor, input: RaiseInput, key: string): Promise<RequestOutcome> {
  const existing = await requestIdByKey(db, input.facilityId, key);
  if (existing) return { status: "duplicate", requestId: existing, to: "draft" };
  const supplier = await getFacilityByCode(db, input.supplierCode);
  const warehouses = await listWarehouses(db);
  if (!supplier || supplier.id === input.facilityId || !warehouses.some((w) => w.id === supplier.id)) {
    return { status: "invalid", fieldErrors: { supplier: ["request.unknownSupplier"] } };
  }
  const catalogue = new Map((await listItems(db)).filter((i) => i.active).map((i) => [i.code, i]));
  const unknown = input.lines.filter((l) => !catalogue.has(l.itemCode));
  if (unknown.length) return { status: "invalid", fieldErrors: Object.fromEntries(unknown.map((l) => [`lines[${l.index}].item`, ["request.unknownItem"]])) };
  const plan = await input.plan();
  return db.transaction(async (tx): Promise<RequestOutcome> => {
    const id = await insertRequest(tx, {
      facilityId: input.facilityId,
      supplierFacilityId: supplier.id,
      emergency: input.emergency,
      neededBy: input.neededBy,
      saturationDay: plan.saturationDay,
      notes: input.notes,
      idempotencyKey: key,
      createdBy: actor.userId,
    });
    if (id === null) return { status: "duplicate", requestId: (await requestIdByKey(tx, input.facilityId, key))!, to: "draft" };
    const lines = input.lines.map((l) => {
      const s = plan.items[l.itemCode];
      return {
        itemId: catalogue.get(l.itemCode)!.id,
        requested: l.quantity,
        suggested: s && s.suggested > 0 ? s.suggested : null,
        stockOutDay: s?.stockOutDay ?? null,
        leadTimeDays: s?.leadTimeDays ?? plan.defaultLeadTimeDays,
        formula: s?.formula ?? [],
      };
    });
    await insertRequestLines(tx, id, lines);
    const changes = {
      supplier: supplier.code,
      neededBy: input.neededBy,
      emergency: input.emergency,
      lines: input.lines.map((l) => ({ item: l.itemCode, requested: l.quantity, suggested: plan.items[l.itemCode]?.suggested ?? null })),
    };
    await appendRequestEvent(tx, { requestId: id, facilityId: input.facilityId, fromStatus: null, toStatus: "draft", changes, idempotencyKey: key, recordedBy: actor.userId });
    await appendAudit(tx, auditActorOf(actor), { action: "create", entity: "stock_request", entityId: id, facilityId: input.facilityId, changes });
    return { status: "done", requestId: id, to: "draft" };
  });
}

interface Step {
  action: RequestAction;
  request: RequestDetail;
  to: RequestStatus;
  reason?: string;
  changes?: Record<string, unknown>;
  set?: Parameters<typeof moveRequest>[4];
}

/** One transition: compare and set, the history row and the audit entry (inside a transaction). */
async function step(tx: Db, actor: CommandActor, s: Step, key: string): Promise<RequestStatus | null> {
  const from = await moveRequest(tx, { requestId: s.request.id, facilityId: s.request.facilityId }, startsFrom(s.action), s.to, s.set);
  if (!from) return null;
  await appendRequestEvent(tx, {
    requestId: s.request.id,
    facilityId: s.request.facilityId,
    fromStatus: from,
    toStatus: s.to,
    reason: s.reason ?? "",
    changes: s.changes ?? {},
    idempotencyKey: key,
    recordedBy: actor.userId,
  });
  await appendAudit(tx, auditActorOf(actor), {
    action: s.action,
    entity: "stock_request",
    entityId: s.request.id,
    facilityId: s.request.facilityId,
    changes: { from, to: s.to, ...(s.reason ? { reason: s.reason } : {}), ...(s.changes ?? {}) },
  });
  return from;
}

/** The request of `facilityId`, or the outcome that ends the command (unknown, already done). */
async function load(db: Db, facilityId: number, requestId: number, key: string): Promise<RequestDetail | RequestOutcome> {
  const done = await eventByKey(db, facilityId, key);
  if (done) return { status: "duplicate", requestId: done.requestId, to: done.toStatus };
  const request = await getRequest(db, facilityId, requestId);
  return request ?? { status: "not-found" };
}

const isOutcome = (x: RequestDetail | RequestOutcome): x is RequestOutcome => "status" in x && !("lines" in x);

async function conflict(db: Db, requestId: number): Promise<RequestOutcome> {
  return { status: "conflict", current: await currentStatus(db, requestId) };
}

export interface SubmitInput {
  facilityId: number;
  requestId: number;
  today: string;
  /** The norm emergency_request_lead_times. */
  emergencyLeadTimes: number;
}

/**
 * Submits a draft. An emergency request whose stock-out or saturation day falls inside the
 * lead time (domain/requests.ts emergencyVerdict) is approved at once, as asked, and says why.
 */
export async function submitRequest(db: Db, actor: CommandActor, input: SubmitInput, key: string): Promise<RequestOutcome> {
  const request = await load(db, input.facilityId, input.requestId, key);
  if (isOutcome(request)) return request;
  const verdict = emergencyVerdict({
    emergency: request.emergency,
    today: input.today,
    leadTimes: input.emergencyLeadTimes,
    lines: request.lines,
    saturationDay: request.saturationDay,
  });
  return db.transaction(async (tx): Promise<RequestOutcome> => {
    const from = await step(tx, actor, { action: "submit", request, to: "submitted", set: { submittedAt: new Date() }, changes: { emergency: verdict } }, key);
    if (!from) return conflict(tx, request.id);
    if (!verdict.skips) return { status: "done", requestId: request.id, to: "submitted" };
    await setLineQuantities(tx, request.id, "approved", request.lines.map((l) => ({ itemId: l.itemId, quantity: l.requested })));
    await step(
      tx,
      actor,
      {
        action: "approve",
        request,
        to: "approved",
        reason: messageWithParams("request.emergencyApproved", { date: verdict.day, days: verdict.daysAway, within: verdict.withinDays }),
        changes: { emergency: verdict, automatic: true },
      },
      `${key}:emergency`,
    );
    return { status: "done", requestId: request.id, to: "approved" };
  });
}

export interface ApproveInput {
  facilityId: number;
  requestId: number;
  lines: { itemId: number; approved: number }[];
  reason: string;
}

/** Approves a submitted request, with quantities changed (a reason is then required). */
export async function approveRequest(db: Db, actor: CommandActor, input: ApproveInput, key: string): Promise<RequestOutcome> {
  const request = await load(db, input.facilityId, input.requestId, key);
  if (isOutcome(request)) return request;
  const given = new Map(input.lines.map((l) => [l.itemId, l.approved]));
  const foreign = input.lines.findIndex((l) => !request.lines.some((r) => r.itemId === l.itemId));
  if (foreign >= 0) return { status: "invalid", fieldErrors: { [`lines[${foreign}].approved`]: ["validation.choice"] } };
  const lines = request.lines.map((l) => ({ itemId: l.itemId, itemCode: l.itemCode, requested: l.requested, approved: given.get(l.itemId) ?? l.requested }));
  const changed = changedOnApproval(lines);
  if (changed.length > 0 && input.reason === "") return { status: "invalid", fieldErrors: { reason: ["request.reasonForChange"] } };
  if (lines.every((l) => l.approved === 0)) return { status: "invalid", fieldErrors: { reason: ["request.nothingApproved"] } };
  return db.transaction(async (tx): Promise<RequestOutcome> => {
    const changes = { lines: changed.map((l) => ({ item: l.itemCode, requested: l.requested, approved: l.approved })) };
    const from = await step(tx, actor, { action: "approve", request, to: "approved", reason: input.reason, changes }, key);
    if (!from) return conflict(tx, request.id);
    await setLineQuantities(tx, request.id, "approved", lines.map((l) => ({ itemId: l.itemId, quantity: l.approved })));
    return { status: "done", requestId: request.id, to: "approved" };
  });
}

export interface DecisionInput {
  facilityId: number;
  requestId: number;
  reason: string;
}

export async function rejectRequest(db: Db, actor: CommandActor, input: DecisionInput, key: string): Promise<RequestOutcome> {
  const request = await load(db, input.facilityId, input.requestId, key);
  if (isOutcome(request)) return request;
  return db.transaction(async (tx): Promise<RequestOutcome> => {
    const from = await step(tx, actor, { action: "reject", request, to: "rejected", reason: input.reason }, key);
    return from ? { status: "done", requestId: request.id, to: "rejected" } : conflict(tx, request.id);
  });
}

/** Closes a request received in part: what did not come will not come on this request. */
export async function closeRequest(db: Db, actor: CommandActor, input: DecisionInput, key: string): Promise<RequestOutcome> {
  const request = await load(db, input.facilityId, input.requestId, key);
  if (isOutcome(request)) return request;
  return db.transaction(async (tx): Promise<RequestOutcome> => {
    const from = await step(tx, actor, { action: "close", request, to: "closed", reason: input.reason }, key);
    return from ? { status: "done", requestId: request.id, to: "closed" } : conflict(tx, request.id);
  });
}

export interface PickInput {
  /** The warehouse picking. */
  supplierFacilityId: number;
  requestId: number;
}

/** The warehouse's copy of a request: found by the warehouse, then checked like any other. */
async function loadToSupply(db: Db, input: PickInput, key: string): Promise<RequestDetail | RequestOutcome> {
  const request = await getRequestToSupply(db, input.supplierFacilityId, input.requestId);
  if (!request) return { status: "not-found" };
  const done = await eventByKey(db, request.facilityId, key);
  if (done) return { status: "duplicate", requestId: done.requestId, to: done.toStatus };
  return request;
}

/** The warehouse starts picking: the request shows "being picked" to the requester. */
export async function startPicking(db: Db, actor: CommandActor, input: PickInput, key: string): Promise<RequestOutcome> {
  const request = await loadToSupply(db, input, key);
  if (isOutcome(request)) return request;
  return db.transaction(async (tx): Promise<RequestOutcome> => {
    const from = await step(tx, actor, { action: "startPicking", request, to: "picking" }, key);
    return from ? { status: "done", requestId: request.id, to: "picking" } : conflict(tx, request.id);
  });
}

export interface ConfirmPickInput extends PickInput {
  today: string;
  occurredAt: Date;
  /** What was taken from each lot, in the form's order (index: the row, for field errors). */
  lines: { index: number; lotId: number; quantity: number }[];
  notes: string;
}

/**
 * Confirms the pick list: the stock leaves the warehouse through the shipment command (in
 * transit until the requester receives it), linked to the request; what was approved and not
 * picked is recorded as the short pick the requester sees.
 */
export async function confirmPick(db: Db, actor: CommandActor, input: ConfirmPickInput, key: string): Promise<RequestOutcome> {
  const request = await loadToSupply(db, input, key);
  if (isOutcome(request)) return request;
  if (!startsFrom("ship").includes(request.status)) return { status: "conflict", current: request.status };
  const held = new Map((await listFacilityLots(db, input.supplierFacilityId)).map((l) => [l.lotId, l]));
  const approved = new Map(request.lines.map((l) => [l.itemId, l.approved ?? 0]));
  const fieldErrors: Record<string, string[]> = {};
  const pickedByItem = new Map<number, number>();
  const seen = new Set<number>();
  for (const line of input.lines) {
    const lot = held.get(line.lotId);
    const field = `lines[${line.index}].quantity`;
    if (seen.has(line.lotId)) fieldErrors[field] = ["request.lotTwice"];
    seen.add(line.lotId);
    if (line.quantity === 0) continue;
    if (!lot || !approved.has(lot.itemId)) fieldErrors[field] = ["request.lotNotAsked"];
    else if (!pickable(lot, input.today)) fieldErrors[field] = ["request.lotNotUsable"];
    else if (line.quantity > lot.quantity) fieldErrors[field] = [messageWithParams("shipment.onlyAvailable", { available: lot.quantity })];
    else pickedByItem.set(lot.itemId, (pickedByItem.get(lot.itemId) ?? 0) + line.quantity);
  }
  for (const line of request.lines) {
    if ((pickedByItem.get(line.itemId) ?? 0) > (line.approved ?? 0)) {
      const first = input.lines.find((l) => held.get(l.lotId)?.itemId === line.itemId && l.quantity > 0);
      if (first) fieldErrors[`lines[${first.index}].quantity`] = [messageWithParams("request.moreThanApproved", { approved: line.approved ?? 0 })];
    }
  }
  if (Object.keys(fieldErrors).length) return { status: "invalid", fieldErrors };
  const shipped = input.lines.filter((l) => l.quantity > 0);
  if (shipped.length === 0) return { status: "invalid", fieldErrors: {}, formErrors: ["request.nothingPicked"] };
  return db.transaction(async (tx): Promise<RequestOutcome> => {
    // The status first: a second warehouse hand confirming the same list waits on this row.
    const status = await currentStatus(tx, request.id, true);
    if (!status || !startsFrom("ship").includes(status)) return { status: "conflict", current: status };
    const sent = await sendShipment(
      tx,
      actor,
      { facilityId: input.supplierFacilityId, toFacility: request.facilityCode, occurredAt: input.occurredAt, lines: shipped, notes: input.notes || `#${request.id}` },
      `${key}:shipment`,
    );
    if (sent.status === "invalid" || sent.status === "refused") {
      return { status: "invalid", fieldErrors: sent.fieldErrors, formErrors: "formErrors" in sent ? sent.formErrors : [] };
    }
    if (!sent.shipmentId) return { status: "conflict", current: status };
    const short = request.lines
      .map((l) => ({ item: l.itemCode, approved: l.approved ?? 0, picked: pickedByItem.get(l.itemId) ?? 0 }))
      .filter((l) => l.picked < l.approved)
      .map((l) => ({ ...l, missing: l.approved - l.picked }));
    const from = await step(
      tx,
      actor,
      {
        action: "ship",
        request,
        to: "shipped",
        set: { shipmentId: sent.shipmentId },
        changes: { shipmentId: sent.shipmentId, lines: shipped.map((l) => ({ lotId: l.lotId, quantity: l.quantity })), short },
      },
      key,
    );
    if (!from) throw new Error("The request moved while it was being shipped");
    await setLineQuantities(tx, request.id, "picked", request.lines.map((l) => ({ itemId: l.itemId, quantity: pickedByItem.get(l.itemId) ?? 0 })));
    return { status: "done", requestId: request.id, to: "shipped" };
  });
}
