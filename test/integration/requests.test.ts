import { and, asc, eq, sql } from "drizzle-orm";
import { getRequest } from "#db/requests.server";
import { auditLog, items, shipments, stockRequestEvents } from "#db/schema";
import { listFacilityLots, receiveStock } from "#db/stock.server";
import { queryRows } from "#db/sql.server";
import type { CommandActor } from "~/lib/commands/actor.server";
import {
  approveRequest,
  closeRequest,
  confirmPick,
  raiseRequest,
  rejectRequest,
  startPicking,
  submitRequest,
  type RaiseInput,
} from "~/lib/commands/requests.server";
import { receiveShipment } from "~/lib/commands/shipments.server";
import { addDays } from "~/lib/time";
import { learnedLeadTimes } from "~/lib/requests.server";
import { loader as pickLoader } from "~/routes/facilities.$code.picking.$id";
import { action as requestAction, loader as requestLoader } from "~/routes/facilities.$code.requests.$id";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, rejectionOf, sqlState, SQLSTATE, type TestUser } from "../support/fixtures";
import { asDataResult, asResponse, requestContext, signedInRequest, thrownBy } from "../support/remix";

/**
 * The request loop of issue 17 on the database (PGlite, and PostgreSQL with TEST_DATABASE_URL):
 * raise → submit → approve (two approvers at once) → pick first-expired-first-out at the
 * warehouse → ship through the shipment command → receive in part → closed, with the real lead
 * time learned; a rejected request; an emergency request that skips approval and one that does
 * not; every change in the append-only history and the audit log.
 */

const testDb = setupTestDatabase();
let station = 0;
let warehouse = 0;
let manager: TestUser;
let keeper: TestUser;
let planner: TestUser;
let otherPlanner: TestUser;
let ration = 0;
let soap = 0;
const today = new Date().toISOString().slice(0, 10);
const actor = (u: TestUser): CommandActor => ({ userId: u.id, token: null });
let n = 0;
const key = (what: string) => `test-${what}-${++n}-${Date.now()}`;

const plan = (stockOutDay: string | null = null): RaiseInput["plan"] => async () => ({
  items: {
    "RATION-KIT": { suggested: 300, stockOutDay, leadTimeDays: 7, formula: [{ key: "why.outlook.reorder", params: { lead: 7 } }] },
  },
  saturationDay: null,
  defaultLeadTimeDays: 7,
});

async function raise(lines: RaiseInput["lines"], options: { emergency?: boolean; stockOutDay?: string | null } = {}) {
  const outcome = await raiseRequest(
    testDb.db,
    actor(manager),
    { facilityId: station, supplierCode: "ALM", neededBy: addDays(today, 10), emergency: options.emergency ?? false, notes: "", lines, plan: plan(options.stockOutDay ?? null) },
    key("raise"),
  );
  if (outcome.status !== "done") throw new Error(`raise: ${outcome.status}`);
  return outcome.requestId;
}

async function submitted(lines: RaiseInput["lines"]) {
  const id = await raise(lines);
  const outcome = await submitRequest(testDb.db, actor(manager), { facilityId: station, requestId: id, today, emergencyLeadTimes: 1 }, key("submit"));
  expect(outcome).toMatchObject({ status: "done", to: "submitted" });
  return id;
}

const detail = async (id: number) => (await getRequest(testDb.db, station, id))!;

beforeAll(async () => {
  station = await createFacility(testDb.db, { code: "LPG", name: "Los Planes de Gualaca", kind: "reception_station" });
  warehouse = await createFacility(testDb.db, { code: "ALM", name: "Almacén central", kind: "warehouse" });
  manager = await createUser(testDb.db, { role: "manager", facilityIds: [station] });
  keeper = await createUser(testDb.db, { role: "manager", facilityIds: [warehouse] });
  planner = await createUser(testDb.db, { role: "planner" });
  otherPlanner = await createUser(testDb.db, { role: "planner" });
  const rows = await testDb.db.select({ id: items.id, code: items.code }).from(items);
  ration = rows.find((r) => r.code === "RATION-KIT")!.id;
  soap = rows.find((r) => r.code === "SOAP")!.id;
  // The warehouse: three ration lots (one expired, one later, one sooner) and a little soap.
  const receipt = await receiveStock(
    testDb.db,
    {
      facilityId: warehouse,
      occurredAt: new Date(Date.now() - 86_400_000),
      lines: [
        { itemId: ration, lotNumber: "R-OLD", expiry: addDays(today, -3), quantity: 500 },
        { itemId: ration, lotNumber: "R-LATE", expiry: addDays(today, 200), quantity: 100 },
        { itemId: ration, lotNumber: "R-SOON", expiry: addDays(today, 40), quantity: 150 },
        { itemId: soap, lotNumber: "", expiry: null, quantity: 20 },
      ],
    },
    { recordedBy: keeper.id, idempotencyKey: "warehouse-stock" },
  );
  expect(receipt.status).toBe("created");
});

const lotOf = async (number: string) => (await listFacilityLots(testDb.db, warehouse)).find((l) => l.lotNumber === number)!;

describe("the request loop", () => {
  let id = 0;

  it("raises a draft with the plan's suggestion and formula kept, and audits it", async () => {
    id = await raise([
      { index: 0, itemCode: "RATION-KIT", quantity: 300 },
      { index: 1, itemCode: "SOAP", quantity: 40 },
    ]);
    const r = await detail(id);
    expect(r.status).toBe("draft");
    expect(r.lines.map((l) => [l.itemCode, l.requested, l.suggested, l.leadTimeDays])).toEqual([
      ["RATION-KIT", 300, 300, 7],
      ["SOAP", 40, null, 7],
    ]);
    expect(r.lines[0]!.formula).toEqual([{ key: "why.outlook.reorder", params: { lead: 7 } }]);
    expect(r.events.map((e) => e.toStatus)).toEqual(["draft"]);
  });

  it("counts a resubmitted form once", async () => {
    const k = key("twice");
    const input = { facilityId: station, supplierCode: "ALM", neededBy: addDays(today, 3), emergency: false, notes: "", lines: [{ index: 0, itemCode: "SOAP", quantity: 1 }], plan: plan() };
    const first = await raiseRequest(testDb.db, actor(manager), input, k);
    const second = await raiseRequest(testDb.db, actor(manager), input, k);
    expect(second).toMatchObject({ status: "duplicate", requestId: (first as { requestId: number }).requestId });
  });

  it("refuses a supplier that is not a warehouse and an unknown item, at the field", async () => {
    const base = { facilityId: station, neededBy: today, emergency: false, notes: "", plan: plan() };
    expect(await raiseRequest(testDb.db, actor(manager), { ...base, supplierCode: "LPG", lines: [{ index: 0, itemCode: "SOAP", quantity: 1 }] }, key("x"))).toEqual({
      status: "invalid",
      fieldErrors: { supplier: ["request.unknownSupplier"] },
    });
    expect(await raiseRequest(testDb.db, actor(manager), { ...base, supplierCode: "ALM", lines: [{ index: 2, itemCode: "NOPE", quantity: 1 }] }, key("x"))).toEqual({
      status: "invalid",
      fieldErrors: { "lines[2].item": ["request.unknownItem"] },
    });
  });

  it("submits it; a picker cannot start before approval", async () => {
    const outcome = await submitRequest(testDb.db, actor(manager), { facilityId: station, requestId: id, today, emergencyLeadTimes: 1 }, key("submit"));
    expect(outcome).toMatchObject({ status: "done", to: "submitted" });
    expect((await detail(id)).submittedAt).not.toBeNull();
    expect(await startPicking(testDb.db, actor(keeper), { supplierFacilityId: warehouse, requestId: id }, key("early"))).toEqual({ status: "conflict", current: "submitted" });
  });

  it("asks a reason when the approver changes a quantity", async () => {
    const outcome = await approveRequest(testDb.db, actor(planner), { facilityId: station, requestId: id, lines: [{ itemId: ration, approved: 280 }], reason: "" }, key("approve"));
    expect(outcome).toEqual({ status: "invalid", fieldErrors: { reason: ["request.reasonForChange"] } });
    expect((await detail(id)).status).toBe("submitted");
  });

  it("lets one of two approvers at once win; the other is told the request moved", async () => {
    const [a, b] = await Promise.all([
      approveRequest(testDb.db, actor(planner), { facilityId: station, requestId: id, lines: [{ itemId: ration, approved: 280 }], reason: "Budget" }, key("a")),
      rejectRequest(testDb.db, actor(otherPlanner), { facilityId: station, requestId: id, reason: "Not needed" }, key("b")),
    ]);
    const outcomes = [a, b].map((o) => o.status).sort();
    expect(outcomes).toEqual(["conflict", "done"]);
    const r = await detail(id);
    const events = r.events.filter((e) => e.fromStatus === "submitted");
    expect(events).toHaveLength(1);
    // Whichever won, only one decision is recorded; make the rest of the loop start from an approval.
    if (r.status === "rejected") {
      id = await submitted([
        { index: 0, itemCode: "RATION-KIT", quantity: 300 },
        { index: 1, itemCode: "SOAP", quantity: 40 },
      ]);
      expect(await approveRequest(testDb.db, actor(planner), { facilityId: station, requestId: id, lines: [{ itemId: ration, approved: 280 }], reason: "Budget" }, key("a2"))).toMatchObject({ status: "done" });
    }
    const approved = await detail(id);
    expect(approved.status).toBe("approved");
    expect(approved.lines.map((l) => [l.itemCode, l.requested, l.approved])).toEqual([
      ["RATION-KIT", 300, 280],
      ["SOAP", 40, 40],
    ]);
    expect(approved.events.at(-1)).toMatchObject({ toStatus: "approved", reason: "Budget" });
  });

  it("plans the pick first-expired-first-out among usable lots, and names the short pick", async () => {
    const response = await pickLoader({
      request: await signedInRequest(keeper.id, `/facilities/ALM/picking/${id}`),
      context: requestContext(),
      params: { code: "ALM", id: String(id) },
    });
    const { items: pick } = response as Awaited<ReturnType<typeof pickLoader>>;
    const rationPick = pick.find((p) => p.itemCode === "RATION-KIT")!;
    // The expired lot is not offered; the lot that expires soonest is taken first.
    expect(rationPick.lots.map((l) => [l.lotNumber, l.take])).toEqual([
      ["R-SOON", 150],
      ["R-LATE", 100],
    ]);
    expect(rationPick.short).toBe(30);
    expect(pick.find((p) => p.itemCode === "SOAP")).toMatchObject({ approved: 40, short: 20 });
  });

  it("does not show the pick list to the station's manager, nor a request of another warehouse", async () => {
    const denied = await thrownBy(
      pickLoader({ request: await signedInRequest(manager.id, `/facilities/ALM/picking/${id}`), context: requestContext(), params: { code: "ALM", id: String(id) } }),
    );
    expect(asDataResult(denied).status).toBe(403);
    const elsewhere = await thrownBy(
      requestLoader({ request: await signedInRequest(manager.id, `/facilities/LPG/requests/${id + 1000}`), context: requestContext(), params: { code: "LPG", id: String(id + 1000) } }),
    );
    expect(asDataResult(elsewhere).status).toBe(404);
  });

  it("refuses an expired lot and more than approved, writing nothing", async () => {
    await startPicking(testDb.db, actor(keeper), { supplierFacilityId: warehouse, requestId: id }, key("start"));
    const old = await lotOf("R-OLD");
    const soon = await lotOf("R-SOON");
    const refused = await confirmPick(
      testDb.db,
      actor(keeper),
      { supplierFacilityId: warehouse, requestId: id, today, occurredAt: new Date(), notes: "", lines: [{ index: 0, lotId: old.lotId, quantity: 10 }, { index: 1, lotId: soon.lotId, quantity: 150 }] },
      key("bad"),
    );
    expect(refused).toEqual({ status: "invalid", fieldErrors: { "lines[0].quantity": ["request.lotNotUsable"] } });
    expect((await detail(id)).status).toBe("picking");
    expect((await lotOf("R-SOON")).quantity).toBe(150);
  });

  it("ships through the shipment command: stock in transit, linked back, the short pick recorded", async () => {
    const soon = await lotOf("R-SOON");
    const late = await lotOf("R-LATE");
    const soapLot = (await listFacilityLots(testDb.db, warehouse)).find((l) => l.itemId === soap)!;
    const k = key("confirm");
    const input = {
      supplierFacilityId: warehouse,
      requestId: id,
      today,
      occurredAt: new Date(Date.now() - 2 * 86_400_000),
      notes: "",
      lines: [
        { index: 0, lotId: soon.lotId, quantity: 150 },
        { index: 1, lotId: late.lotId, quantity: 100 },
        { index: 2, lotId: soapLot.lotId, quantity: 20 },
      ],
    };
    expect(await confirmPick(testDb.db, actor(keeper), input, k)).toMatchObject({ status: "done", to: "shipped" });
    // The same confirmation sent twice ships once.
    expect(await confirmPick(testDb.db, actor(keeper), input, k)).toMatchObject({ status: "duplicate", to: "shipped" });
    const r = await detail(id);
    expect(r.shipmentId).not.toBeNull();
    const [shipment] = await testDb.db.select().from(shipments).where(eq(shipments.id, r.shipmentId!));
    expect(shipment).toMatchObject({ fromFacilityId: warehouse, toFacilityId: station, status: "in_transit" });
    expect(r.lines.map((l) => [l.itemCode, l.approved, l.picked])).toEqual([
      ["RATION-KIT", 280, 250],
      ["SOAP", 40, 20],
    ]);
    expect((await lotOf("R-SOON")).quantity).toBe(0);
    const ship = r.events.at(-1)!;
    expect(ship.toStatus).toBe("shipped");
    expect((ship.changes as { short: unknown[] }).short).toEqual([
      { item: "RATION-KIT", approved: 280, picked: 250, missing: 30 },
      { item: "SOAP", approved: 40, picked: 20, missing: 20 },
    ]);
  });

  it("shows the requester the short picks on the request page", async () => {
    const page = (await requestLoader({
      request: await signedInRequest(manager.id, `/facilities/LPG/requests/${id}`),
      context: requestContext(),
      params: { code: "LPG", id: String(id) },
    })) as Awaited<ReturnType<typeof requestLoader>>;
    expect(page.request.status).toBe("shipped");
    expect(page.may.receive).toBe(true);
    expect(page.request.lines.filter((l) => l.picked! < l.approved!).map((l) => l.itemCode)).toEqual(["RATION-KIT", "SOAP"]);
  });

  it("moves to received on a partial receipt, records the real lead time, and waits to be closed", async () => {
    const r = await detail(id);
    const soon = await lotOf("R-SOON");
    const outcome = await receiveShipment(
      testDb.db,
      actor(manager),
      { facilityId: station, shipmentId: r.shipmentId!, occurredAt: new Date(), lines: [{ lotId: soon.lotId, received: 140 }], notes: "" },
      key("receive"),
    );
    expect(outcome).toEqual({ status: "created", missing: 10 });
    const after = await detail(id);
    expect(after.status).toBe("received");
    expect(after.lines.map((l) => [l.itemCode, l.received])).toEqual([
      ["RATION-KIT", 240],
      ["SOAP", 20],
    ]);
    // Submitted moments ago, received now: a lead time of (about) zero days, never negative.
    expect(after.leadTimeDays).not.toBeNull();
    expect(after.leadTimeDays!).toBeGreaterThanOrEqual(0);
    const learned = await learnedLeadTimes(testDb.db, station);
    expect(learned.sample).toBe(5);
    expect(learned.rows.map((row) => [row.itemCode, row.configured, row.count])).toEqual([
      ["RATION-KIT", 7, 1],
      ["SOAP", 7, 1],
    ]);
  });

  it("is closed by the requester through the page, with a reason", async () => {
    const request = await signedInRequest(manager.id, `/facilities/LPG/requests/${id}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "close", idempotencyKey: key("close"), reason: "The rest comes next month" }),
    });
    const response = asResponse(await requestAction({ request, context: requestContext(), params: { code: "LPG", id: String(id) } }));
    expect(response.status).toBe(302);
    const r = await detail(id);
    expect(r.status).toBe("closed");
    expect(r.events.map((e) => e.toStatus)).toEqual(["draft", "submitted", "approved", "picking", "shipped", "received", "closed"]);
    const audits = await testDb.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "stock_request"), eq(auditLog.entityId, String(id))))
      .orderBy(asc(auditLog.id));
    expect(audits.map((a) => a.action)).toEqual(["create", "submit", "approve", "startPicking", "ship", "receive", "close"]);
  });

  it("keeps the history append-only", async () => {
    const error = await rejectionOf(testDb.db.execute(sql`update ${stockRequestEvents} set reason = 'rewritten' where request_id = ${id}`));
    expect(sqlState(error)).toBe(SQLSTATE.restrictViolation);
  });
});

describe("a request received in full", () => {
  it("closes itself on receipt", async () => {
    const id = await submitted([{ index: 0, itemCode: "SOAP", quantity: 5 }]);
    await receiveStock(testDb.db, { facilityId: warehouse, occurredAt: new Date(), lines: [{ itemId: soap, lotNumber: "", expiry: null, quantity: 10 }] }, { recordedBy: keeper.id, idempotencyKey: "more-soap" });
    await approveRequest(testDb.db, actor(planner), { facilityId: station, requestId: id, lines: [], reason: "" }, key("ok"));
    const soapLot = (await listFacilityLots(testDb.db, warehouse)).find((l) => l.itemId === soap)!;
    await confirmPick(testDb.db, actor(keeper), { supplierFacilityId: warehouse, requestId: id, today, occurredAt: new Date(), notes: "", lines: [{ index: 0, lotId: soapLot.lotId, quantity: 5 }] }, key("pick"));
    const r = await detail(id);
    await receiveShipment(testDb.db, actor(manager), { facilityId: station, shipmentId: r.shipmentId!, occurredAt: new Date(), lines: [], notes: "" }, key("recv"));
    const after = await detail(id);
    expect(after.status).toBe("closed");
    expect(after.events.at(-1)).toMatchObject({ fromStatus: "received", toStatus: "closed", reason: "request.closedInFull" });
  });
});

describe("a rejected request", () => {
  it("stops there: nothing to pick, nothing to close", async () => {
    const id = await submitted([{ index: 0, itemCode: "RATION-KIT", quantity: 10 }]);
    expect(await rejectRequest(testDb.db, actor(planner), { facilityId: station, requestId: id, reason: "Stock is on its way from LBL" }, key("no"))).toMatchObject({ status: "done", to: "rejected" });
    expect(await startPicking(testDb.db, actor(keeper), { supplierFacilityId: warehouse, requestId: id }, key("s"))).toEqual({ status: "conflict", current: "rejected" });
    expect(await closeRequest(testDb.db, actor(manager), { facilityId: station, requestId: id, reason: "" }, key("c"))).toEqual({ status: "conflict", current: "rejected" });
    expect((await detail(id)).events.at(-1)).toMatchObject({ toStatus: "rejected", reason: "Stock is on its way from LBL" });
  });
});

describe("emergency requests", () => {
  it("skip approval when the stock-out falls within the lead time (the norm)", async () => {
    const id = await raise([{ index: 0, itemCode: "RATION-KIT", quantity: 50 }], { emergency: true, stockOutDay: addDays(today, 4) });
    const outcome = await submitRequest(testDb.db, actor(manager), { facilityId: station, requestId: id, today, emergencyLeadTimes: 1 }, key("e"));
    expect(outcome).toMatchObject({ status: "done", to: "approved" });
    const r = await detail(id);
    expect(r.lines[0]!.approved).toBe(50);
    expect(r.events.map((e) => e.toStatus)).toEqual(["draft", "submitted", "approved"]);
    expect(r.events.at(-1)!.reason).toMatch(/^request\.emergencyApproved\?/);
  });

  it("wait for a planner when the stock-out is further away than the lead time", async () => {
    const id = await raise([{ index: 0, itemCode: "RATION-KIT", quantity: 50 }], { emergency: true, stockOutDay: addDays(today, 20) });
    expect(await submitRequest(testDb.db, actor(manager), { facilityId: station, requestId: id, today, emergencyLeadTimes: 1 }, key("e2"))).toMatchObject({ status: "done", to: "submitted" });
  });

  it("follow the norm: with two lead times, 10 days away skips approval", async () => {
    const id = await raise([{ index: 0, itemCode: "RATION-KIT", quantity: 50 }], { emergency: true, stockOutDay: addDays(today, 10) });
    expect(await submitRequest(testDb.db, actor(manager), { facilityId: station, requestId: id, today, emergencyLeadTimes: 2 }, key("e3"))).toMatchObject({ status: "done", to: "approved" });
  });
});

describe("the norms the rules read", () => {
  it("ship with the migration, each with its source", async () => {
    const rows = await queryRows<{ key: string; value: number }>(testDb.db, sql`select key, value from norms where key in ('emergency_request_lead_times', 'lead_time_sample_requests') order by key`);
    expect(rows.map((r) => [r.key, Number(r.value)])).toEqual([
      ["emergency_request_lead_times", 1],
      ["lead_time_sample_requests", 5],
    ]);
  });

});
