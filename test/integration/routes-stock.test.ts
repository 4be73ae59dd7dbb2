import type { ActionFunctionArgs } from "@remix-run/node";
import { count, eq } from "drizzle-orm";
import { auditLog, items, stockEntries } from "#db/schema";
import { listFacilityLots, receiveStock } from "#db/stock.server";
import { zonedDateTimeLocal } from "~/lib/time";
import { action as adjustmentAction } from "~/routes/facilities.$code.stock.adjustments.new";
import { action as issueAction } from "~/routes/facilities.$code.stock.issues.new";
import { action as lotAction, loader as lotLoader } from "~/routes/facilities.$code.stock.lots.$lotId";
import { action as receiptAction, loader as receiptLoader } from "~/routes/facilities.$code.stock.receipts.new";
import { loader as stockLoader } from "~/routes/facilities.$code.stock._index";
import { loader as cardLoader } from "~/routes/facilities.$code.stock.$itemCode";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, type TestUser } from "../support/fixtures";
import { asDataResult, asResponse, requestContext, signedInRequest, thrownBy } from "../support/remix";

const testDb = setupTestDatabase();
let manager: TestUser;
let otherManager: TestUser;
let planner: TestUser;
let svc = 0;
let lbl = 0;
let ration = 0;
let vaccine = 0;

async function itemId(code: string) {
  const [row] = await testDb.db.select({ id: items.id }).from(items).where(eq(items.code, code));
  return row!.id;
}

beforeAll(async () => {
  svc = await createFacility(testDb.db, { code: "SVC", name: "San Vicente" });
  lbl = await createFacility(testDb.db, { code: "LBL", name: "Lajas Blancas" });
  manager = await createUser(testDb.db, { role: "manager", facilityIds: [svc] });
  otherManager = await createUser(testDb.db, { role: "manager", facilityIds: [lbl] });
  planner = await createUser(testDb.db, { role: "planner" });
  ration = await itemId("RATION-KIT");
  vaccine = await itemId("VAC-MR");
});

const now = () => zonedDateTimeLocal(new Date(Date.now() - 60_000), "America/Panama");
type Action = (args: ActionFunctionArgs) => Promise<unknown>;

async function post(action: Action, userId: number, code: string, path: string, fields: Record<string, string>, params: Record<string, string> = {}) {
  const request = await signedInRequest(userId, `/facilities/${code}/stock/${path}`, { method: "POST", body: new URLSearchParams(fields) });
  return action({ request, context: requestContext(), params: { code, ...params } });
}

async function get<T>(loader: (args: { request: Request; context: ReturnType<typeof requestContext>; params: Record<string, string> }) => Promise<T>, userId: number, path: string, params: Record<string, string>) {
  const request = await signedInRequest(userId, path);
  return loader({ request, context: requestContext(), params });
}

async function lotsAt(facilityId: number) {
  return listFacilityLots(testDb.db, facilityId);
}

const receipt = (key: string) => ({
  idempotencyKey: key,
  occurredAt: now(),
  source: "WFP",
  documentRef: "WB-001",
  "lines[0].item": "RATION-KIT",
  "lines[0].lotNumber": "RK-A",
  "lines[0].expiry": "2099-06-30",
  "lines[0].quantity": "120",
  "lines[1].item": "WATER-L",
  "lines[1].quantity": "3000",
  "lines[2].item": "",
});

describe("the receipt form", () => {
  it("creates stock, once however many times the same form is sent", async () => {
    for (let i = 0; i < 3; i++) {
      const response = asResponse(await post(receiptAction, manager.id, "SVC", "receipts/new", receipt("stock-form-0001")));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/facilities/SVC/stock");
    }
    const held = await lotsAt(svc);
    expect(held.find((l) => l.lotNumber === "RK-A")?.quantity).toBe(120);
    expect(held.find((l) => l.lotNumber === "" && l.itemId === (held.find((x) => x.lotNumber === "")?.itemId))?.quantity).toBe(3000);
    const [audits] = await testDb.db.select({ n: count() }).from(auditLog).where(eq(auditLog.entity, "stock_operation"));
    expect(audits?.n).toBe(1);
  });

  it("checks the GTIN's check digit and asks for the lot and expiry of a lot-tracked item", async () => {
    const result = asDataResult(
      await post(receiptAction, manager.id, "SVC", "receipts/new", {
        ...receipt("stock-form-0002"),
        "lines[0].lotNumber": "",
        "lines[0].expiry": "",
        "lines[0].gtin": "12345678901232",
      }),
    );
    expect(result.status).toBe(400);
    const text = JSON.stringify(result.data);
    expect(text).toContain("stock.gtinInvalid");
    expect(text).toContain("stock.lotRequired");
    expect(text).toContain("stock.expiryRequired");
  });

  it("is refused (403) to a planner, who can still view the stock page", async () => {
    const thrown = asDataResult(await thrownBy(post(receiptAction, planner.id, "SVC", "receipts/new", receipt("stock-form-0003"))));
    expect(thrown.status).toBe(403);
    const page = await get(stockLoader, planner.id, "/facilities/SVC/stock", { code: "SVC" });
    expect(page.canRecord).toBe(false);
    const rations = page.items.find((i) => i.code === "RATION-KIT");
    expect(rations?.usable).toBe(120);
    expect(page.lastCount).toBeNull();
  });

  it("is refused (403) to a manager of another facility, form and action alike", async () => {
    const thrown = asDataResult(await thrownBy(post(receiptAction, otherManager.id, "SVC", "receipts/new", receipt("stock-form-0004"))));
    expect(thrown.status).toBe(403);
    const form = asDataResult(await thrownBy(get(receiptLoader, otherManager.id, "/facilities/SVC/stock/receipts/new", { code: "SVC" })));
    expect(form.status).toBe(403);
  });
});

describe("the issue form", () => {
  it("refuses more than is usable with the available number at the field (409) and writes nothing", async () => {
    const [before] = await testDb.db.select({ n: count() }).from(stockEntries);
    const result = asDataResult(
      await post(issueAction, manager.id, "SVC", "issues/new", { idempotencyKey: "stock-form-0010", occurredAt: now(), item: "RATION-KIT", quantity: "121" }),
    );
    expect(result.status).toBe(409);
    expect(JSON.stringify(result.data)).toContain("stock.onlyAvailable?available=120");
    const [after] = await testDb.db.select({ n: count() }).from(stockEntries);
    expect(after?.n).toBe(before?.n);
  });

  it("issues first-expired-first-out and records the people served", async () => {
    const response = asResponse(
      await post(issueAction, manager.id, "SVC", "issues/new", {
        idempotencyKey: "stock-form-0011",
        occurredAt: now(),
        item: "RATION-KIT",
        quantity: "20",
        peopleServed: "20",
      }),
    );
    expect(response.status).toBe(302);
    expect((await lotsAt(svc)).find((l) => l.lotNumber === "RK-A")?.quantity).toBe(100);
  });

  it("refuses an expired lot, saying why, and writes nothing", async () => {
    await testDb.db.transaction((tx) =>
      receiveStock(
        tx,
        { facilityId: svc, occurredAt: new Date(), lines: [{ itemId: ration, lotNumber: "RK-OLD", expiry: "2020-01-31", quantity: 15 }] },
        { recordedBy: manager.id, idempotencyKey: "stock-seed-old" },
      ),
    );
    const old = (await lotsAt(svc)).find((l) => l.lotNumber === "RK-OLD")!;
    const result = asDataResult(
      await post(issueAction, manager.id, "SVC", "issues/new", {
        idempotencyKey: "stock-form-0012",
        occurredAt: now(),
        item: "RATION-KIT",
        quantity: "1",
        lotId: String(old.lotId),
      }),
    );
    expect(result.status).toBe(409);
    expect(JSON.stringify(result.data)).toContain("stock.lotUnusable.expired?lot=RK-OLD&expiry=2020-01-31");
    expect((await lotsAt(svc)).find((l) => l.lotNumber === "RK-OLD")?.quantity).toBe(15);
    // Expired stock can be written off.
    const writeOff = asResponse(
      await post(adjustmentAction, manager.id, "SVC", "adjustments/new", {
        idempotencyKey: "stock-form-0013",
        occurredAt: now(),
        lotId: String(old.lotId),
        quantity: "-15",
        reason: "expired",
      }),
    );
    expect(writeOff.status).toBe(302);
    expect((await lotsAt(svc)).find((l) => l.lotNumber === "RK-OLD")?.quantity).toBe(0);
  });
});

describe("the issue form and another facility's lot (issue 14, finding 7)", () => {
  it("refuses the lot without naming it, and writes nothing", async () => {
    await testDb.db.transaction((tx) =>
      receiveStock(
        tx,
        { facilityId: lbl, occurredAt: new Date(), lines: [{ itemId: ration, lotNumber: "LBL-ONLY-7731", expiry: "2099-06-30", quantity: 40 }] },
        { recordedBy: otherManager.id, idempotencyKey: "stock-seed-lbl-only" },
      ),
    );
    const foreign = (await lotsAt(lbl)).find((l) => l.lotNumber === "LBL-ONLY-7731")!;
    const [before] = await testDb.db.select({ n: count() }).from(stockEntries);
    const result = asDataResult(
      await post(issueAction, manager.id, "SVC", "issues/new", {
        idempotencyKey: "stock-form-0014",
        occurredAt: now(),
        item: "RATION-KIT",
        quantity: "1",
        lotId: String(foreign.lotId),
      }),
    );
    expect(result.status).toBe(400);
    expect((result.data as { error?: Record<string, string[]> }).error?.lotId).toEqual(["validation.choice"]);
    // Before the fix: 409 "stock.onlyAvailableInLot?available=0&lot=LBL-ONLY-7731".
    expect(JSON.stringify(result.data)).not.toContain("LBL-ONLY-7731");
    const [after] = await testDb.db.select({ n: count() }).from(stockEntries);
    expect(after?.n).toBe(before?.n);
    expect((await lotsAt(lbl)).find((l) => l.lotId === foreign.lotId)?.quantity).toBe(40);
  });
});

describe("an unusable vaccine lot", () => {
  it("is quarantined by a VVM 3 reading and written off in one action from the same page", async () => {
    const response = asResponse(
      await post(receiptAction, manager.id, "SVC", "receipts/new", {
        idempotencyKey: "stock-form-0020",
        occurredAt: now(),
        source: "PAHO",
        "lines[0].item": "VAC-MR",
        "lines[0].lotNumber": "MR-9",
        "lines[0].expiry": "2099-03-31",
        "lines[0].vvmStage": "1",
        "lines[0].quantity": "50",
      }),
    );
    expect(response.status).toBe(302);
    const lot = (await lotsAt(svc)).find((l) => l.lotNumber === "MR-9" && l.itemId === vaccine)!;
    const lotId = String(lot.lotId);
    const quarantine = asResponse(await post(lotAction, manager.id, "SVC", `lots/${lotId}`, { intent: "condition", vvmStage: "3" }, { lotId }));
    expect(quarantine.status).toBe(302);
    expect(quarantine.headers.get("Location")).toBe(`/facilities/SVC/stock/lots/${lotId}`);
    const after = (await lotsAt(svc)).find((l) => l.lotId === lot.lotId)!;
    expect(after).toMatchObject({ quarantined: true, vvmStage: 3, quantity: 50 });

    // It can no longer be issued, and the page now offers the write-off of the whole remainder.
    const refused = asDataResult(
      await post(issueAction, manager.id, "SVC", "issues/new", { idempotencyKey: "stock-form-0021", occurredAt: now(), item: "VAC-MR", quantity: "1" }),
    );
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.data)).toContain("stock.onlyAvailable?available=0");
    const page = await get(lotLoader, manager.id, `/facilities/SVC/stock/lots/${lotId}`, { code: "SVC", lotId });
    expect(page).toMatchObject({ canRecord: true, writeOffReason: "vvm_discard", lot: { state: "quarantined", quantity: 50 } });

    const fields = { intent: "writeoff", idempotencyKey: page.writeOffKey, quantity: "50" };
    for (let i = 0; i < 2; i++) {
      const writeOff = asResponse(await post(lotAction, manager.id, "SVC", `lots/${lotId}`, fields, { lotId }));
      expect(writeOff.status).toBe(302);
    }
    expect((await lotsAt(svc)).find((l) => l.lotId === lot.lotId)?.quantity).toBe(0);
    const card = await get(cardLoader, manager.id, `/facilities/SVC/stock/VAC-MR?lot=${lotId}`, { code: "SVC", itemCode: "VAC-MR" });
    expect(card.entries.map((e) => [e.kind, e.quantity, e.balanceAfter, e.reason])).toEqual([
      ["adjustment", -50, 0, "vvm_discard"],
      ["receipt", 50, 50, null],
    ]);
  });

  it("refuses the condition form to a planner (403)", async () => {
    const lot = (await lotsAt(svc)).find((l) => l.lotNumber === "MR-9")!;
    const lotId = String(lot.lotId);
    const thrown = asDataResult(await thrownBy(post(lotAction, planner.id, "SVC", `lots/${lotId}`, { intent: "condition", vvmStage: "4" }, { lotId })));
    expect(thrown.status).toBe(403);
  });
});
