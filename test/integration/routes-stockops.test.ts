import { and, count, eq } from "drizzle-orm";
import { auditLog, itemNorms, items, lots, shipmentLines, shipments, stockEntries } from "#db/schema";
import { listFacilityLots, receiveStock } from "#db/stock.server";
import { zonedDateTimeLocal } from "~/lib/time";
import { action as editItemAction, loader as editItemLoader } from "~/routes/admin.items.$code";
import { loader as itemsLoader } from "~/routes/admin.items._index";
import { action as newItemAction } from "~/routes/admin.items.new";
import { action as sheetAction, loader as sheetLoader } from "~/routes/facilities.$code.stock.counts.$sheetId";
import { action as openCountAction } from "~/routes/facilities.$code.stock.counts._index";
import { action as receiveAction } from "~/routes/facilities.$code.stock.shipments.$id.receive";
import { loader as shipmentsLoader } from "~/routes/facilities.$code.stock.shipments._index";
import { action as sendAction, loader as sendLoader } from "~/routes/facilities.$code.stock.shipments.new";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, type TestUser } from "../support/fixtures";
import { asDataResult, asResponse, requestContext, signedInRequest, thrownBy } from "../support/remix";

const testDb = setupTestDatabase();
let origin = 0;
let destination = 0;
let originManager: TestUser;
let destinationManager: TestUser;
let admin: TestUser;
let ration = 0;
let lotId = 0;

const now = () => zonedDateTimeLocal(new Date(Date.now() - 60_000), "America/Panama");

type Handler = (args: { request: Request; context: ReturnType<typeof requestContext>; params: Record<string, string> }) => Promise<unknown>;

async function post(handler: Handler, userId: number, path: string, params: Record<string, string>, fields: Record<string, string>) {
  const request = await signedInRequest(userId, path, { method: "POST", body: new URLSearchParams(fields) });
  return handler({ request, context: requestContext(), params });
}

async function get(handler: Handler, userId: number, path: string, params: Record<string, string>) {
  return handler({ request: await signedInRequest(userId, path), context: requestContext(), params });
}

async function balance(facilityId: number, lot: number) {
  return (await listFacilityLots(testDb.db, facilityId)).find((l) => l.lotId === lot)?.quantity ?? 0;
}

async function audits(entity: string) {
  const [row] = await testDb.db.select({ n: count() }).from(auditLog).where(eq(auditLog.entity, entity));
  return row?.n ?? 0;
}

beforeAll(async () => {
  origin = await createFacility(testDb.db, { code: "SVC", name: "San Vicente" });
  destination = await createFacility(testDb.db, { code: "LBL", name: "Lajas Blancas" });
  originManager = await createUser(testDb.db, { role: "manager", facilityIds: [origin] });
  destinationManager = await createUser(testDb.db, { role: "manager", facilityIds: [destination] });
  admin = await createUser(testDb.db, { role: "admin" });
  const [item] = await testDb.db.select({ id: items.id }).from(items).where(eq(items.code, "RATION-KIT"));
  ration = item!.id;
  await testDb.db.transaction((tx) =>
    receiveStock(
      tx,
      { facilityId: origin, occurredAt: new Date(), lines: [{ itemId: ration, lotNumber: "RK-1", expiry: "2030-06-30", quantity: 100 }] },
      { recordedBy: originManager.id, idempotencyKey: "routes-stockops-receipt-1" },
    ),
  );
  const [lot] = await testDb.db.select({ id: lots.id }).from(lots).where(and(eq(lots.itemId, ration), eq(lots.lotNumber, "RK-1")));
  lotId = lot!.id;
});

describe("shipments between facilities", () => {
  let shipmentId = 0;

  it("offers the lots the facility holds", async () => {
    const data = (await get(sendLoader, originManager.id, "/facilities/SVC/stock/shipments/new", { code: "SVC" })) as {
      lots: { lotId: number; quantity: number }[];
      destinations: { code: string }[];
    };
    expect(data.lots).toContainEqual(expect.objectContaining({ lotId, quantity: 100 }));
    expect(data.destinations.map((d) => d.code)).toContain("LBL");
    expect(data.destinations.map((d) => d.code)).not.toContain("SVC");
  });

  it("refuses more than is available and says how much there is (409), writing nothing", async () => {
    const result = asDataResult(
      await post(sendAction, originManager.id, "/facilities/SVC/stock/shipments/new", { code: "SVC" }, {
        idempotencyKey: "ship-key-0000",
        occurredAt: now(),
        toFacility: "LBL",
        "lines[0].lot": String(lotId),
        "lines[0].quantity": "101",
      }),
    );
    expect(result.status).toBe(409);
    expect(JSON.stringify(result.data)).toContain("shipment.onlyAvailable?available=100");
    expect(await balance(origin, lotId)).toBe(100);
  });

  it("moves stock into transit: the origin drops, the destination is unchanged, and a resubmit counts once", async () => {
    for (let i = 0; i < 2; i++) {
      const response = asResponse(
        await post(sendAction, originManager.id, "/facilities/SVC/stock/shipments/new", { code: "SVC" }, {
          idempotencyKey: "ship-key-0001",
          occurredAt: now(),
          toFacility: "LBL",
          "lines[0].lot": String(lotId),
          "lines[0].quantity": "40",
          "lines[1].lot": "",
          "lines[1].quantity": "",
        }),
      );
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/facilities/SVC/stock/shipments");
    }
    expect(await balance(origin, lotId)).toBe(60);
    expect(await balance(destination, lotId)).toBe(0);
    const sent = await testDb.db.select({ id: shipments.id, status: shipments.status }).from(shipments).where(eq(shipments.fromFacilityId, origin));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.status).toBe("in_transit");
    shipmentId = sent[0]!.id;
    expect(await audits("stock_operation")).toBe(1);
  });

  it("lists the shipment as incoming at the destination, with the receive link for its recorders", async () => {
    const data = (await get(shipmentsLoader, destinationManager.id, "/facilities/LBL/stock/shipments", { code: "LBL" })) as {
      canRecord: boolean;
      incoming: { id: number; lines: { quantity: number; lotNumber: string }[] }[];
      outgoing: unknown[];
    };
    expect(data.canRecord).toBe(true);
    expect(data.incoming).toEqual([expect.objectContaining({ id: shipmentId, lines: [expect.objectContaining({ quantity: 40, lotNumber: "RK-1" })] })]);
    expect(data.outgoing).toEqual([]);
  });

  it("is received only by the receiving facility", async () => {
    const fields = { idempotencyKey: "recv-key-0000", occurredAt: now(), "lines[0].lotId": String(lotId), "lines[0].received": "40" };
    // The sender's manager cannot open another facility's pages, nor receive its own shipment.
    const outside = asDataResult(await thrownBy(post(receiveAction, originManager.id, `/facilities/LBL/stock/shipments/${shipmentId}/receive`, { code: "LBL", id: String(shipmentId) }, fields)));
    expect(outside.status).toBe(403);
    const wrongEnd = asDataResult(await thrownBy(post(receiveAction, originManager.id, `/facilities/SVC/stock/shipments/${shipmentId}/receive`, { code: "SVC", id: String(shipmentId) }, fields)));
    expect(wrongEnd.status).toBe(404);
  });

  it("refuses more than was sent with a field error (400)", async () => {
    const result = asDataResult(
      await post(receiveAction, destinationManager.id, `/facilities/LBL/stock/shipments/${shipmentId}/receive`, { code: "LBL", id: String(shipmentId) }, {
        idempotencyKey: "recv-key-0001",
        occurredAt: now(),
        "lines[0].lotId": String(lotId),
        "lines[0].received": "41",
      }),
    );
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.data)).toContain("shipment.moreThanSent?sent=40");
    expect(await balance(destination, lotId)).toBe(0);
  });

  it("records a shortfall as the discrepancy and adds what arrived at the destination, once", async () => {
    for (let i = 0; i < 2; i++) {
      const response = asResponse(
        await post(receiveAction, destinationManager.id, `/facilities/LBL/stock/shipments/${shipmentId}/receive`, { code: "LBL", id: String(shipmentId) }, {
          idempotencyKey: "recv-key-0002",
          occurredAt: now(),
          "lines[0].lotId": String(lotId),
          "lines[0].received": "35",
        }),
      );
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/facilities/LBL/stock/shipments");
    }
    expect(await balance(destination, lotId)).toBe(35);
    expect(await balance(origin, lotId)).toBe(60);
    const [line] = await testDb.db
      .select({ sent: shipmentLines.quantitySent, received: shipmentLines.quantityReceived })
      .from(shipmentLines)
      .where(eq(shipmentLines.shipmentId, shipmentId));
    expect(line).toEqual({ sent: 40, received: 35 });
    const [shipment] = await testDb.db.select({ status: shipments.status }).from(shipments).where(eq(shipments.id, shipmentId));
    expect(shipment?.status).toBe("received");
    const [entries] = await testDb.db
      .select({ n: count() })
      .from(stockEntries)
      .where(and(eq(stockEntries.facilityId, destination), eq(stockEntries.kind, "transfer_in")));
    expect(entries?.n).toBe(1);
    expect(await audits("stock_operation")).toBe(2);
  });

  it("says a received shipment was received when it is sent again with a new key (409)", async () => {
    const result = asDataResult(
      await post(receiveAction, destinationManager.id, `/facilities/LBL/stock/shipments/${shipmentId}/receive`, { code: "LBL", id: String(shipmentId) }, {
        idempotencyKey: "recv-key-0003",
        occurredAt: now(),
        "lines[0].lotId": String(lotId),
        "lines[0].received": "40",
      }),
    );
    expect(result.status).toBe(409);
    expect(JSON.stringify(result.data)).toContain("shipment.alreadyReceived");
    expect(await balance(destination, lotId)).toBe(35);
  });
});

describe("physical counts", () => {
  let sheetId = 0;
  const sheetPath = () => `/facilities/SVC/stock/counts/${sheetId}`;
  const sheetParams = () => ({ code: "SVC", sheetId: String(sheetId) });

  it("opens one draft sheet, and opening again continues it", async () => {
    const first = asResponse(await post(openCountAction, originManager.id, "/facilities/SVC/stock/counts", { code: "SVC" }, { intent: "open" }));
    expect(first.status).toBe(302);
    const location = first.headers.get("Location")!;
    expect(location).toMatch(/^\/facilities\/SVC\/stock\/counts\/\d+$/);
    sheetId = Number(location.split("/").pop());
    const again = asResponse(await post(openCountAction, originManager.id, "/facilities/SVC/stock/counts", { code: "SVC" }, { intent: "open" }));
    expect(again.headers.get("Location")).toBe(location);
    expect(await audits("count_sheet")).toBe(1);
  });

  it("is refused (403) to a planner, who sees stock but records nothing", async () => {
    const planner = await createUser(testDb.db, { role: "planner" });
    const thrown = asDataResult(await thrownBy(post(openCountAction, planner.id, "/facilities/SVC/stock/counts", { code: "SVC" }, { intent: "open" })));
    expect(thrown.status).toBe(403);
  });

  it("keeps a saved draft without touching the balance", async () => {
    const response = asResponse(
      await post(sheetAction, originManager.id, sheetPath(), sheetParams(), {
        intent: "save",
        idempotencyKey: "count-key-0001",
        "lines[0].lotId": String(lotId),
        "lines[0].counted": "55",
      }),
    );
    expect(response.status).toBe(302);
    expect(await balance(origin, lotId)).toBe(60);
    const data = (await get(sheetLoader, originManager.id, sheetPath(), sheetParams())) as {
      editable: boolean;
      sheet: { status: string; lines: { lotId: number; counted: number | null; balance: number }[] };
    };
    expect(data.editable).toBe(true);
    expect(data.sheet.status).toBe("draft");
    expect(data.sheet.lines).toContainEqual(expect.objectContaining({ lotId, counted: 55, balance: 60 }));
  });

  it("will not submit with a line left uncounted (400)", async () => {
    const result = asDataResult(
      await post(sheetAction, originManager.id, sheetPath(), sheetParams(), {
        intent: "submit",
        idempotencyKey: "count-key-0002",
        "lines[0].lotId": String(lotId),
        "lines[0].counted": "",
      }),
    );
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.data)).toContain("countSheet.countEveryLine");
  });

  it("turns each difference into an adjustment on submission (the balance equals the count), once", async () => {
    for (let i = 0; i < 2; i++) {
      const response = asResponse(
        await post(sheetAction, originManager.id, sheetPath(), sheetParams(), {
          intent: "submit",
          idempotencyKey: "count-key-0003",
          "lines[0].lotId": String(lotId),
          "lines[0].counted": "55",
        }),
      );
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(sheetPath());
    }
    expect(await balance(origin, lotId)).toBe(55);
    const adjustments = await testDb.db
      .select({ quantity: stockEntries.quantity })
      .from(stockEntries)
      .where(and(eq(stockEntries.facilityId, origin), eq(stockEntries.kind, "count")));
    expect(adjustments).toEqual([{ quantity: -5 }]);
    const data = (await get(sheetLoader, originManager.id, sheetPath(), sheetParams())) as {
      editable: boolean;
      sheet: { status: string; lines: { lotId: number; counted: number | null; systemQuantity: number | null }[] };
    };
    expect(data.editable).toBe(false);
    expect(data.sheet.status).toBe("submitted");
    expect(data.sheet.lines).toContainEqual(expect.objectContaining({ lotId, counted: 55, systemQuantity: 60 }));
  });

  it("refuses to change a submitted sheet (409)", async () => {
    const result = asDataResult(
      await post(sheetAction, originManager.id, sheetPath(), sheetParams(), {
        intent: "save",
        idempotencyKey: "count-key-0004",
        "lines[0].lotId": String(lotId),
        "lines[0].counted": "1",
      }),
    );
    expect(result.status).toBe(409);
    expect(await balance(origin, lotId)).toBe(55);
  });
});

describe("the item catalogue", () => {
  const newItem = {
    code: "test-kit",
    nameEs: "Kit de prueba",
    nameEn: "Test kit",
    category: "hygiene",
    unit: "kit",
    active: "on",
    "norms[0].target": "everyone",
    "norms[0].perPersonDay": "0.5",
    "norms[0].source": "Test norm",
    "norms[1].target": "girls0to11m",
    "norms[1].perPersonDay": "",
    "norms[1].source": "",
    "norms[2].target": "samChildren",
    "norms[2].perPersonDay": "2",
    "norms[2].source": "",
    "settings[0].facility": "SVC",
    "settings[0].leadTimeDays": "10",
    "settings[0].safetyStockDays": "5",
    "settings[1].facility": "LBL",
    "settings[1].leadTimeDays": "7",
    "settings[1].safetyStockDays": "7",
  };

  it("is refused (403) to a manager", async () => {
    const thrown = asDataResult(await thrownBy(get(itemsLoader, originManager.id, "/admin/items", {})));
    expect(thrown.status).toBe(403);
    const posted = asDataResult(await thrownBy(post(newItemAction, originManager.id, "/admin/items/new", {}, newItem)));
    expect(posted.status).toBe(403);
  });

  it("returns field errors with a 400 and writes nothing for invalid input", async () => {
    const [before] = await testDb.db.select({ n: count() }).from(items);
    const result = asDataResult(
      await post(newItemAction, admin.id, "/admin/items/new", {}, {
        ...newItem,
        code: "bad code!",
        category: "vaccine",
        coldChain: "on",
        storageMinC: "8",
        storageMaxC: "2",
        wastageRate: "1",
      }),
    );
    expect(result.status).toBe(400);
    const errors = (result.data as { error?: Record<string, string[]> }).error ?? {};
    expect(errors.code).toEqual(["itemAdmin.codeFormat"]);
    expect(errors.storageMaxC).toEqual(["itemAdmin.storageOrder"]);
    expect(errors.wastageRate).toEqual(["itemAdmin.wastageRange"]);
    expect(errors.dosesPerVial).toEqual(["validation.required"]);
    const [after] = await testDb.db.select({ n: count() }).from(items);
    expect(after?.n).toBe(before?.n);
  });

  it("lets an administrator create an item with norms and lead times, audited", async () => {
    const response = asResponse(await post(newItemAction, admin.id, "/admin/items/new", {}, newItem));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/items");
    const [item] = await testDb.db.select().from(items).where(eq(items.code, "TEST-KIT"));
    expect(item).toMatchObject({ nameEs: "Kit de prueba", nameEn: "Test kit", category: "hygiene", lotTracked: false, expires: false, active: true });
    const norms = await testDb.db
      .select({ target: itemNorms.target, perPersonDay: itemNorms.perPersonDay, source: itemNorms.source })
      .from(itemNorms)
      .where(eq(itemNorms.itemId, item!.id));
    expect(norms).toHaveLength(2);
    expect(norms).toContainEqual({ target: "everyone", perPersonDay: 0.5, source: "Test norm" });
    expect(norms).toContainEqual({ target: "samChildren", perPersonDay: 2, source: "" });
    // Not lot-tracked: its stock lives in one lot without a number.
    const defaultLots = await testDb.db.select({ lotNumber: lots.lotNumber }).from(lots).where(eq(lots.itemId, item!.id));
    expect(defaultLots).toEqual([{ lotNumber: "" }]);
    const [audit] = await testDb.db
      .select({ userId: auditLog.userId, action: auditLog.action, changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "item"), eq(auditLog.entityId, "TEST-KIT")));
    expect(audit).toMatchObject({ userId: admin.id, action: "create" });
    expect(JSON.stringify(audit?.changes)).toContain("Test norm");
    // Only the facility whose lead times differ from the defaults gets a setting of its own.
    expect(JSON.stringify(audit?.changes)).toContain('"facility":"SVC"');
    expect(JSON.stringify(audit?.changes)).not.toContain('"facility":"LBL"');

    const again = asDataResult(await post(newItemAction, admin.id, "/admin/items/new", {}, newItem));
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.data)).toContain("itemAdmin.codeTaken");
  });

  it("edits an item and its norms; the code stays", async () => {
    const loaded = (await get(editItemLoader, admin.id, "/admin/items/TEST-KIT", { code: "TEST-KIT" })) as {
      defaults: { norms: { target: string; perPersonDay: string }[]; settings: { facility: string; leadTimeDays: string }[] };
    };
    expect(loaded.defaults.norms.find((n) => n.target === "everyone")?.perPersonDay).toBe("0.5");
    expect(loaded.defaults.settings.find((s) => s.facility === "SVC")?.leadTimeDays).toBe("10");
    const response = asResponse(
      await post(editItemAction, admin.id, "/admin/items/TEST-KIT", { code: "TEST-KIT" }, {
        ...newItem,
        code: "OTHER",
        nameEn: "Test hygiene kit",
        "norms[0].perPersonDay": "0.25",
        "norms[2].perPersonDay": "",
      }),
    );
    expect(response.status).toBe(302);
    const [item] = await testDb.db.select({ id: items.id, nameEn: items.nameEn }).from(items).where(eq(items.code, "TEST-KIT"));
    expect(item?.nameEn).toBe("Test hygiene kit");
    const norms = await testDb.db.select({ target: itemNorms.target, perPersonDay: itemNorms.perPersonDay }).from(itemNorms).where(eq(itemNorms.itemId, item!.id));
    expect(norms).toEqual([{ target: "everyone", perPersonDay: 0.25 }]);
    const [other] = await testDb.db.select({ n: count() }).from(items).where(eq(items.code, "OTHER"));
    expect(other?.n).toBe(0);
    const [audit] = await testDb.db
      .select({ changes: auditLog.changes })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "item"), eq(auditLog.action, "update")));
    expect(audit?.changes).toMatchObject({ nameEn: ["Test kit", "Test hygiene kit"] });
  });
});
