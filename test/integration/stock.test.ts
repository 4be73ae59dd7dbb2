import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { items } from "#db/schema";
import { queryRows } from "#db/sql.server";
import {
  adjustStock,
  issueStock,
  listFacilityLots,
  openCountSheet,
  receiveShipment,
  receiveStock,
  saveCountLines,
  sendShipment,
  setLotCondition,
  submitCountSheet,
  type StockOutcome,
} from "#db/stock.server";
import type { Db } from "#db/types";
import { runInvariantChecks } from "#db/verify.server";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, rejectionOf } from "../support/fixtures";

const testDb = setupTestDatabase();
let seq = 0;
const key = () => `stock-${Date.now()}-${++seq}`;
let userId = 0;
let ration = 0;
let vaccine = 0;
const today = "2026-11-28";
const at = new Date("2026-11-28T15:00:00Z");

async function itemId(code: string) {
  const [row] = await testDb.db.select({ id: items.id }).from(items).where(eq(items.code, code));
  return row!.id;
}

async function stockInvariantsHold(db: Db) {
  const failures = (await runInvariantChecks(db)).filter((r) => !r.ok && !r.name.startsWith("facility staff"));
  expect(failures).toEqual([]);
}

async function balanceOf(facilityId: number, lotNumber: string) {
  return (await listFacilityLots(testDb.db, facilityId)).find((l) => l.lotNumber === lotNumber)?.quantity ?? 0;
}

const ctx = () => ({ recordedBy: userId, idempotencyKey: key() });
const created = (o: StockOutcome) => {
  expect(o.status).toBe("created");
  return o as Extract<StockOutcome, { status: "created" }>;
};

beforeAll(async () => {
  userId = (await createUser(testDb.db, { role: "admin" })).id;
  ration = await itemId("RATION-KIT");
  vaccine = await itemId("VAC-MR");
});

describe("the stock ledger", () => {
  it("issues first-expired-first-out, never from expired stock, and writes expired stock off", async () => {
    const f = await createFacility(testDb.db, { code: "FEFO" });
    await testDb.db.transaction(async (tx) =>
      created(
        await receiveStock(
          tx,
          {
            facilityId: f,
            occurredAt: at,
            lines: [
              { itemId: ration, lotNumber: "LATE", expiry: "2027-06-30", quantity: 50 },
              { itemId: ration, lotNumber: "SOON", expiry: "2026-12-15", quantity: 20 },
              { itemId: ration, lotNumber: "GONE", expiry: "2026-11-01", quantity: 10 },
            ],
            source: "WFP",
          },
          ctx(),
        ),
      ),
    );
    const issue = created(await testDb.db.transaction((tx) => issueStock(tx, { facilityId: f, itemId: ration, quantity: 30, peopleServed: 30, occurredAt: at, today }, ctx())));
    expect(issue.entries.map((e) => e.quantity)).toEqual([-20, -10]);
    expect(await balanceOf(f, "SOON")).toBe(0);
    expect(await balanceOf(f, "LATE")).toBe(40);
    expect(await balanceOf(f, "GONE")).toBe(10);
    // 40 usable: asking for 45 is refused with what is available, and expired stock does not count.
    expect(await testDb.db.transaction((tx) => issueStock(tx, { facilityId: f, itemId: ration, quantity: 45, occurredAt: at, today }, ctx()))).toEqual({
      status: "insufficient",
      available: 40,
      requested: 45,
    });
    const gone = (await listFacilityLots(testDb.db, f)).find((l) => l.lotNumber === "GONE")!;
    expect(await testDb.db.transaction((tx) => issueStock(tx, { facilityId: f, itemId: ration, quantity: 1, lotId: gone.lotId, occurredAt: at, today }, ctx()))).toEqual({
      status: "unusable",
      lotId: gone.lotId,
      reason: "expired",
    });
    created(await testDb.db.transaction((tx) => adjustStock(tx, { facilityId: f, lotId: gone.lotId, delta: -10, reason: "expired", occurredAt: at }, ctx())));
    expect(await balanceOf(f, "GONE")).toBe(0);
    await stockInvariantsHold(testDb.db);
  });

  it("quarantines a VVM-3 vaccine lot at once, so it cannot be issued, and writes it off", async () => {
    const f = await createFacility(testDb.db, { code: "VVM" });
    await testDb.db.transaction((tx) =>
      receiveStock(tx, { facilityId: f, occurredAt: at, lines: [{ itemId: vaccine, lotNumber: "MR-1", expiry: "2027-03-31", vvmStage: 1, quantity: 100 }] }, ctx()),
    );
    const lot = (await listFacilityLots(testDb.db, f))[0]!;
    await testDb.db.transaction((tx) => setLotCondition(tx, { facilityId: f, lotId: lot.lotId, vvmStage: 3, quarantine: false, reason: "VVM 3" }));
    expect(await testDb.db.transaction((tx) => issueStock(tx, { facilityId: f, itemId: vaccine, quantity: 1, occurredAt: at, today }, ctx()))).toMatchObject({
      status: "insufficient",
      available: 0,
    });
    created(await testDb.db.transaction((tx) => adjustStock(tx, { facilityId: f, lotId: lot.lotId, delta: -100, reason: "vvm_discard", occurredAt: at }, ctx())));
    expect(await balanceOf(f, "MR-1")).toBe(0);
  });

  it("conserves stock across facilities, counting stock in transit, and records a discrepancy at receipt", async () => {
    const from = await createFacility(testDb.db, { code: "SFROM" });
    const to = await createFacility(testDb.db, { code: "STO" });
    await testDb.db.transaction((tx) => receiveStock(tx, { facilityId: from, occurredAt: at, lines: [{ itemId: ration, lotNumber: "SHIP", expiry: "2027-01-31", quantity: 100 }] }, ctx()));
    const lot = (await listFacilityLots(testDb.db, from))[0]!;
    const sent = created(
      await testDb.db.transaction((tx) => sendShipment(tx, { fromFacilityId: from, toFacilityId: to, lines: [{ lotId: lot.lotId, quantity: 60 }], occurredAt: at }, ctx())),
    ) as Extract<StockOutcome, { status: "created" }> & { shipmentId: number };
    const inTransit = async () =>
      Number(
        (await queryRows<{ q: string }>(testDb.db, sql`select coalesce(sum(quantity_sent - coalesce(quantity_received, quantity_sent)), 0) + coalesce(sum(quantity_sent) filter (where quantity_received is null), 0) as q from shipment_lines where lot_id = ${lot.lotId}`))[0]!.q,
      );
    expect((await balanceOf(from, "SHIP")) + (await balanceOf(to, "SHIP")) + (await inTransit())).toBe(100);
    created(await testDb.db.transaction((tx) => receiveShipment(tx, { shipmentId: sent.shipmentId, facilityId: to, received: { [lot.lotId]: 57 }, occurredAt: at }, ctx())));
    expect(await balanceOf(from, "SHIP")).toBe(40);
    expect(await balanceOf(to, "SHIP")).toBe(57);
    const [line] = await queryRows<{ quantity_sent: string; quantity_received: string }>(testDb.db, sql`select quantity_sent, quantity_received from shipment_lines where shipment_id = ${sent.shipmentId}`);
    expect(Number(line!.quantity_sent) - Number(line!.quantity_received)).toBe(3);
    await stockInvariantsHold(testDb.db);
  });

  it("turns each difference of a submitted count into an adjustment that brings the balance to the count", async () => {
    const f = await createFacility(testDb.db, { code: "COUNT" });
    await testDb.db.transaction((tx) => receiveStock(tx, { facilityId: f, occurredAt: at, lines: [{ itemId: ration, lotNumber: "CNT", expiry: "2027-02-28", quantity: 80 }] }, ctx()));
    const lot = (await listFacilityLots(testDb.db, f))[0]!;
    const sheetId = await testDb.db.transaction((tx) => openCountSheet(tx, f, userId));
    expect(await testDb.db.transaction((tx) => openCountSheet(tx, f, userId))).toBe(sheetId);
    await testDb.db.transaction((tx) => saveCountLines(tx, f, sheetId, { [lot.lotId]: 74 }));
    const submitted = created(await testDb.db.transaction((tx) => submitCountSheet(tx, { facilityId: f, sheetId, occurredAt: at }, ctx())));
    expect(submitted.entries).toEqual([{ lotId: lot.lotId, quantity: -6, balanceAfter: 74 }]);
    expect(await balanceOf(f, "CNT")).toBe(74);
    await stockInvariantsHold(testDb.db);
  });

  it("counts a resubmitted receipt once", async () => {
    const f = await createFacility(testDb.db, { code: "IDEMS" });
    const c = ctx();
    const input = { facilityId: f, occurredAt: at, lines: [{ itemId: ration, lotNumber: "DUP", expiry: "2027-01-01", quantity: 5 }] };
    created(await testDb.db.transaction((tx) => receiveStock(tx, input, c)));
    expect((await testDb.db.transaction((tx) => receiveStock(tx, input, c))).status).toBe("duplicate");
    expect(await balanceOf(f, "DUP")).toBe(5);
  });

  it("is refused by the database itself if a balance would go negative or the ledger be rewritten", async () => {
    await rejectionOf(testDb.db.execute(sql`update stock_balances set quantity = -1`));
    await rejectionOf(testDb.db.execute(sql`delete from stock_entries`));
  });

  it("keeps balances equal to their entries after any sequence of receipts, issues, transfers and counts", async () => {
    const a = await createFacility(testDb.db, { code: "SPA" });
    const b = await createFacility(testDb.db, { code: "SPB" });
    const step = fc.record({
      op: fc.constantFrom("receive", "issue", "send", "receive-shipment", "count", "adjust"),
      atA: fc.boolean(),
      quantity: fc.integer({ min: 1, max: 40 }),
      lot: fc.constantFrom("P1", "P2"),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 10 }), async (steps) => {
        const pending: { id: number; to: number }[] = [];
        for (const s of steps) {
          const here = s.atA ? a : b;
          const other = s.atA ? b : a;
          await testDb.db.transaction(async (tx) => {
            const lots = await listFacilityLots(tx, here);
            const lot = lots.find((l) => l.lotNumber === s.lot);
            switch (s.op) {
              case "receive":
                return receiveStock(tx, { facilityId: here, occurredAt: at, lines: [{ itemId: ration, lotNumber: s.lot, expiry: s.lot === "P1" ? "2027-01-31" : "2027-05-31", quantity: s.quantity }] }, ctx());
              case "issue":
                return issueStock(tx, { facilityId: here, itemId: ration, quantity: s.quantity, occurredAt: at, today }, ctx());
              case "send": {
                if (!lot) return;
                const r = await sendShipment(tx, { fromFacilityId: here, toFacilityId: other, lines: [{ lotId: lot.lotId, quantity: s.quantity }], occurredAt: at }, ctx());
                if (r.status === "created" && r.shipmentId) pending.push({ id: r.shipmentId, to: other });
                return r;
              }
              case "receive-shipment": {
                const next = pending.shift();
                return next ? receiveShipment(tx, { shipmentId: next.id, facilityId: next.to, received: {}, occurredAt: at }, ctx()) : undefined;
              }
              case "count": {
                if (!lot) return;
                const sheet = await openCountSheet(tx, here, userId);
                await saveCountLines(tx, here, sheet, { [lot.lotId]: s.quantity });
                return submitCountSheet(tx, { facilityId: here, sheetId: sheet, occurredAt: at }, ctx());
              }
              case "adjust":
                return lot ? adjustStock(tx, { facilityId: here, lotId: lot.lotId, delta: -s.quantity, reason: "damaged", occurredAt: at }, ctx()) : undefined;
            }
          });
        }
        await stockInvariantsHold(testDb.db);
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe("concurrent issues", () => {
  it("against a lot holding 30: exactly 30 of 100 succeed, the balance ends at 0, the rest are told what is available", async () => {
    const f = await createFacility(testDb.db, { code: "RACES" });
    await testDb.db.transaction((tx) => receiveStock(tx, { facilityId: f, occurredAt: at, lines: [{ itemId: ration, lotNumber: "RACE", expiry: "2027-01-31", quantity: 30 }] }, ctx()));
    const lot = (await listFacilityLots(testDb.db, f))[0]!;
    const pools = testDb.driver === "postgres" ? await Promise.all([testDb.connectAgain(), testDb.connectAgain()]) : [testDb.database];
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        pools[i % pools.length]!.db.transaction((tx) => issueStock(tx, { facilityId: f, itemId: ration, quantity: 1, lotId: lot.lotId, occurredAt: at, today }, ctx())),
      ),
    );
    expect(results.filter((r) => r.status === "created")).toHaveLength(30);
    const refused = results.filter((r) => r.status === "insufficient");
    expect(refused).toHaveLength(70);
    expect(refused[0]).toEqual({ status: "insufficient", lotId: lot.lotId, available: 0, requested: 1 });
    expect(await balanceOf(f, "RACE")).toBe(0);
    await stockInvariantsHold(testDb.db);
  }, 60_000);
});
