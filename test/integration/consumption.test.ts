// Issue 17 item 4: consumption against the norm on the stock card, from the ledger and the census.
import { eq } from "drizzle-orm";
import { recordArrival } from "#db/census.server";
import { items } from "#db/schema";
import { issueStock, receiveStock } from "#db/stock.server";
import { emptyCounts } from "~/lib/domain/population";
import { facilityStock, itemConsumption } from "~/lib/stock.server";
import { addDays, startOfZonedDay, zonedDay } from "~/lib/time";
import { setupTestDatabase } from "../support/db";
import { createFacility } from "../support/fixtures";

const testDb = setupTestDatabase();
const timeZone = "America/Panama";
const now = new Date();
const today = zonedDay(now, timeZone);
const noonOf = (daysAgo: number) => new Date(startOfZonedDay(addDays(today, -daysAgo), timeZone).getTime() + 12 * 3_600_000);
let seq = 0;
const ctx = () => ({ recordedBy: null, idempotencyKey: `consumption-${++seq}` });

it("puts ration kits issued over the last 30 days per person-day beside the norm, with AMC and months of stock", async () => {
  const f = await createFacility(testDb.db, { code: "CONS" });
  const [ration] = await testDb.db.select({ id: items.id }).from(items).where(eq(items.code, "RATION-KIT"));
  // Ten adults arrived four days ago: five end-of-day censuses of 10 in the window = 50 person-days.
  await testDb.db.transaction((tx) =>
    recordArrival(tx, { facilityId: f, occurredAt: noonOf(4), day: addDays(today, -4), counts: { ...emptyCounts(), adultMen: 10 } }, ctx()),
  );
  await testDb.db.transaction((tx) =>
    receiveStock(tx, { facilityId: f, occurredAt: noonOf(40), lines: [{ itemId: ration!.id, lotNumber: "CONS-1", expiry: addDays(today, 200), quantity: 100 }] }, ctx()),
  );
  // An issue 40 days ago is outside the window; 20 kits in it count.
  for (const [daysAgo, quantity] of [[40, 5], [3, 12], [1, 8]] as const) {
    const outcome = await testDb.db.transaction((tx) =>
      issueStock(tx, { facilityId: f, itemId: ration!.id, quantity, occurredAt: noonOf(daysAgo), today }, ctx()),
    );
    expect(outcome.status).toBe("created");
  }
  const item = (await facilityStock(testDb.db, f, today)).find((i) => i.itemId === ration!.id)!;
  expect(item.usable).toBe(75);
  const c = await itemConsumption(testDb.db, f, item, { now, timeZone });
  // The migration's norm for ration kits: 1 kit per person-day for everyone.
  expect(c.inputs).toEqual({ days: 30, issued: 20, personDays: 50, normQuantity: 50, usable: 75 });
  expect(c.actualPerPersonDay).toBeCloseTo(0.4, 10);
  expect(c.normPerPersonDay).toBeCloseTo(1, 10);
  expect(c.ratio).toBeCloseTo(0.4, 10);
  expect(c.monthlyConsumption).toBeCloseTo((20 / 30) * 30.4375, 10);
  expect(c.monthsOfStock).toBeCloseTo(75 / ((20 / 30) * 30.4375), 10);
});
