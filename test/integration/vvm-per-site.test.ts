// Issue 17 item 5 (decision 023): a lot's VVM stage and quarantine belong to the facility that
// read them. A stage-3 reading at San Vicente leaves the same lot usable at Los Planes.
import { and, asc, eq } from "drizzle-orm";
import { auditLog, items, lotConditionReadings, stockBalances } from "#db/schema";
import { listItemGtins } from "#db/catalogue.server";
import { issueStock, listFacilityLots, receiveShipment, receiveStock, sendShipment, type StockOutcome } from "#db/stock.server";
import { listLotsFor } from "#db/planning.server";
import { planDraw } from "#db/vaccination.server";
import { runInvariantChecks } from "#db/verify.server";
import { recordLotCondition } from "~/lib/commands/record-lot-condition.server";
import { recordReceipt } from "~/lib/commands/record-receipt.server";
import { facilityStock } from "~/lib/stock.server";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser } from "../support/fixtures";

const testDb = setupTestDatabase();
let seq = 0;
const key = () => `vvm-site-${++seq}`;
let userId = 0;
let vaccine = 0;
const today = "2026-11-28";
const at = new Date("2026-11-28T15:00:00Z");
const ctx = () => ({ recordedBy: userId, idempotencyKey: key() });
const actor = () => ({ userId, token: null });

async function lotAt(facilityId: number, lotNumber: string) {
  return (await listFacilityLots(testDb.db, facilityId)).find((l) => l.lotNumber === lotNumber)!;
}

async function history(facilityId: number, lotId: number) {
  return testDb.db
    .select({ source: lotConditionReadings.source, vvmStage: lotConditionReadings.vvmStage, quarantined: lotConditionReadings.quarantined })
    .from(lotConditionReadings)
    .where(and(eq(lotConditionReadings.facilityId, facilityId), eq(lotConditionReadings.lotId, lotId)))
    .orderBy(asc(lotConditionReadings.id));
}

async function invariantsHold() {
  const failures = (await runInvariantChecks(testDb.db)).filter((r) => !r.ok && !r.name.startsWith("facility staff"));
  expect(failures).toEqual([]);
}

beforeAll(async () => {
  userId = (await createUser(testDb.db, { role: "admin" })).id;
  const [row] = await testDb.db.select({ id: items.id }).from(items).where(eq(items.code, "VAC-MR"));
  vaccine = row!.id;
});

describe("VVM stage and quarantine per site", () => {
  it("a stage-3 reading at SVC quarantines the lot there and leaves it usable at LPG", async () => {
    const svc = await createFacility(testDb.db, { code: "VSVC" });
    const lpg = await createFacility(testDb.db, { code: "VLPG" });
    for (const f of [svc, lpg]) {
      await testDb.db.transaction((tx) =>
        receiveStock(tx, { facilityId: f, occurredAt: at, lines: [{ itemId: vaccine, lotNumber: "044K-SITE", expiry: "2027-06-30", vvmStage: 1, quantity: 50 }] }, ctx()),
      );
    }
    const lotId = (await lotAt(svc, "044K-SITE")).lotId;
    const saved = await recordLotCondition(testDb.db, actor(), { facilityId: svc, lotId, vvmStage: 3, excursion: false, note: "nevera sin corriente" });
    expect(saved).toMatchObject({ status: "saved", quarantined: true });

    // San Vicente: unusable, nothing can be issued or given from it.
    expect(await lotAt(svc, "044K-SITE")).toMatchObject({ vvmStage: 3, quarantined: true });
    expect(await testDb.db.transaction((tx) => issueStock(tx, { facilityId: svc, itemId: vaccine, quantity: 1, occurredAt: at, today }, ctx()))).toMatchObject({
      status: "insufficient",
      available: 0,
    });
    const svcStock = (await facilityStock(testDb.db, svc, today)).find((i) => i.itemId === vaccine)!;
    expect(svcStock.usable).toBe(0);

    // Los Planes: the same lot keeps its own stage 1, in the stock page, FEFO, the vaccination draw and planning.
    expect(await lotAt(lpg, "044K-SITE")).toMatchObject({ vvmStage: 1, quarantined: false });
    const lpgStock = (await facilityStock(testDb.db, lpg, today)).find((i) => i.itemId === vaccine)!;
    expect(lpgStock.usable).toBe(50);
    expect(lpgStock.lots.find((l) => l.lotId === lotId)).toMatchObject({ state: "usable", vvmStage: 1 });
    expect(await planDraw(testDb.db, lpg, { id: vaccine, code: "VAC-MR", nameEs: "", nameEn: "", dosesPerVial: null, openVialRule: null, wastageRate: null }, at, today)).toMatchObject({ lotId });
    const planning = await listLotsFor(testDb.db, [svc, lpg]);
    expect(planning.filter((l) => l.lotId === lotId).map((l) => [l.facilityId, l.vvmStage, l.quarantined])).toEqual(
      expect.arrayContaining([
        [svc, 3, true],
        [lpg, 1, false],
      ]),
    );
    const issued = (await testDb.db.transaction((tx) => issueStock(tx, { facilityId: lpg, itemId: vaccine, quantity: 5, occurredAt: at, today }, ctx()))) as StockOutcome;
    expect(issued).toMatchObject({ status: "created", entries: [{ lotId, quantity: -5 }] });

    // Each site's history is its own.
    expect(await history(svc, lotId)).toEqual([
      { source: "receipt", vvmStage: 1, quarantined: false },
      { source: "reading", vvmStage: 3, quarantined: true },
    ]);
    expect(await history(lpg, lotId)).toEqual([{ source: "receipt", vvmStage: 1, quarantined: false }]);
    await invariantsHold();
  });

  it("a receipt reads the stage at arrival: a known lot takes the new reading at that site only", async () => {
    const a = await createFacility(testDb.db, { code: "VRA" });
    const b = await createFacility(testDb.db, { code: "VRB" });
    const line = (vvmStage: number, quantity: number) => ({ item: "VAC-MR", lotNumber: "MR-ARR+1", expiry: "2027-05-31", manufacturer: "", vvmStage, gtin: null, quantity });
    const receipt = (facilityId: number, vvmStage: number) =>
      recordReceipt(testDb.db, actor(), { facilityId, occurredAt: at, source: "PAI", documentRef: "", notes: "", lines: [line(vvmStage, 20)] }, key());
    expect(await receipt(a, 2)).toMatchObject({ status: "created" });
    expect(await receipt(b, 4)).toMatchObject({ status: "created" });
    expect(await lotAt(a, "MR-ARR+1")).toMatchObject({ vvmStage: 2, quarantined: false });
    expect(await lotAt(b, "MR-ARR+1")).toMatchObject({ vvmStage: 4, quarantined: true, quarantineReason: "VVM 4" });
    // A later, lower reading at A never lowers the stage on record there (a monitor never recovers).
    expect(await receipt(a, 1)).toMatchObject({ status: "created" });
    expect(await lotAt(a, "MR-ARR+1")).toMatchObject({ vvmStage: 2, quarantined: false, quantity: 40 });
    expect((await history(a, (await lotAt(a, "MR-ARR+1")).lotId)).map((r) => r.vvmStage)).toEqual([2, 1]);
    await invariantsHold();
  });

  it("a shipment carries the sender's stage to the receiving site", async () => {
    const from = await createFacility(testDb.db, { code: "VSFR" });
    const to = await createFacility(testDb.db, { code: "VSTO" });
    await testDb.db.transaction((tx) =>
      receiveStock(tx, { facilityId: from, occurredAt: at, lines: [{ itemId: vaccine, lotNumber: "MR-SHIP", expiry: "2027-05-31", vvmStage: 2, quantity: 30 }] }, ctx()),
    );
    const lotId = (await lotAt(from, "MR-SHIP")).lotId;
    const sent = (await testDb.db.transaction((tx) =>
      sendShipment(tx, { fromFacilityId: from, toFacilityId: to, lines: [{ lotId, quantity: 10 }], occurredAt: at }, ctx()),
    )) as { status: string; shipmentId: number };
    expect(sent.status).toBe("created");
    await testDb.db.transaction((tx) => receiveShipment(tx, { shipmentId: sent.shipmentId, facilityId: to, received: {}, occurredAt: at }, ctx()));
    const [balance] = await testDb.db
      .select({ vvmStage: stockBalances.vvmStage, quarantined: stockBalances.quarantined })
      .from(stockBalances)
      .where(and(eq(stockBalances.facilityId, to), eq(stockBalances.lotId, lotId)));
    expect(balance).toEqual({ vvmStage: 2, quarantined: false });
    expect(await history(to, lotId)).toEqual([{ source: "transfer_in", vvmStage: 2, quarantined: false }]);
    await invariantsHold();
  });
});

describe("learning which item a GTIN is", () => {
  const line = (item: string, gtin: string | null, lotNumber: string) => ({ item, lotNumber, expiry: "2027-05-31", manufacturer: "", vvmStage: null, gtin, quantity: 5 });
  const receipt = (facilityId: number, lines: ReturnType<typeof line>[]) =>
    recordReceipt(testDb.db, actor(), { facilityId, occurredAt: at, source: "UNICEF", documentRef: "", notes: "", lines }, key());

  it("keeps a new GTIN as the item the receipt line chose, audited once, and refuses it on another item", async () => {
    const f = await createFacility(testDb.db, { code: "GTIN" });
    // A GTIN-13 on the carton is kept as its GTIN-14.
    expect(await receipt(f, [line("VAC-MR", "4006381333931", "MR+G(1)")])).toMatchObject({ status: "created" });
    expect((await listItemGtins(testDb.db)).filter((g) => g.gtin === "04006381333931")).toEqual([{ gtin: "04006381333931", itemCode: "VAC-MR" }]);
    // The second receipt of the same GTIN learns nothing new.
    expect(await receipt(f, [line("VAC-MR", "04006381333931", "MR+G(2)")])).toMatchObject({ status: "created" });
    const audits = await testDb.db.select({ changes: auditLog.changes }).from(auditLog).where(eq(auditLog.entity, "item_gtin"));
    expect(audits.filter((a) => (a.changes as { gtin?: string }).gtin === "04006381333931")).toHaveLength(1);
    // The same GTIN on another item is refused at the line's field, and nothing is written.
    const refused = await receipt(f, [line("RATION-KIT", "4006381333931", "RK-G1")]);
    expect(refused).toEqual({ status: "invalid", fieldErrors: { "lines[0].gtin": ["scan.gtinOtherItem?item=VAC-MR"] } });
    expect((await listFacilityLots(testDb.db, f)).some((l) => l.lotNumber === "RK-G1")).toBe(false);
  });
});
