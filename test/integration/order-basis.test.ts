// Issue 17 item 4: a planner chooses what drives an item's suggested order at a facility, the
// norm or the consumption of the last 30 days; the plan's "why" (on the dashboard alert and in
// the request prefilled from it) says which and the figure, and falls back to the norm, saying
// so, when there is too little data. Through the real route action, command, plan and request read.
import { and, eq } from "drizzle-orm";
import { upsertItemFacilitySetting } from "#db/catalogue.server";
import { recordArrival } from "#db/census.server";
import { auditLog, itemOrderBasis, items } from "#db/schema";
import { issueStock, receiveStock } from "#db/stock.server";
import type { WhyPart } from "~/lib/domain/why";
import { emptyCounts } from "~/lib/domain/population";
import { makeI18n } from "~/lib/i18n";
import { renderWhy } from "~/lib/i18n/why-render";
import { readPlan, refreshPlans } from "~/lib/plan-store.server";
import { requestPlan } from "~/lib/requests.server";
import { itemConsumption, facilityStock } from "~/lib/stock.server";
import { addDays, startOfZonedDay, zonedDay } from "~/lib/time";
import { callRoute } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser } from "../support/fixtures";

const testDb = setupTestDatabase();
const timeZone = "America/Panama";
const now = new Date();
const today = zonedDay(now, timeZone);
const noonOf = (daysAgo: number) => new Date(startOfZonedDay(addDays(today, -daysAgo), timeZone).getTime() + 12 * 3_600_000);
let seq = 0;
const ctx = () => ({ recordedBy: null, idempotencyKey: `order-basis-${++seq}` });
const ROUTE = "facilities.$code.stock.$itemCode";

/** A station whose 100 adults arrived `daysAgo` days ago and were given `issued` litres of water since. */
async function station(code: string, daysAgo: number, issued: number[]) {
  const db = testDb.db;
  const id = await createFacility(db, { code, beds: 1000, coveredAreaM2: 10_000, waterLitresPerDay: 1_000_000, toilets: 100 });
  const [water] = await db.select({ id: items.id }).from(items).where(eq(items.code, "WATER-L"));
  await db.transaction((tx) =>
    recordArrival(tx, { facilityId: id, occurredAt: noonOf(daysAgo), day: addDays(today, -daysAgo), counts: { ...emptyCounts(), adultMen: 100 } }, ctx()),
  );
  await db.transaction((tx) =>
    receiveStock(tx, { facilityId: id, occurredAt: noonOf(40), lines: [{ itemId: water!.id, lotNumber: "", expiry: null, quantity: 40_000 }] }, ctx()),
  );
  for (const [i, quantity] of issued.entries()) {
    const outcome = await db.transaction((tx) => issueStock(tx, { facilityId: id, itemId: water!.id, quantity, occurredAt: noonOf(Math.min(daysAgo, 3) - (i % 3)), today }, ctx()));
    expect(outcome.status).toBe("created");
  }
  // A long lead time, so the stock running low is an alert with a suggested order.
  await upsertItemFacilitySetting(db, { itemId: water!.id, facilityId: id, leadTimeDays: 90, safetyStockDays: 7 });
  return { id, code, waterId: water!.id };
}

async function waterOutlook(code: string) {
  await refreshPlans(testDb.db);
  const { plan } = await readPlan(testDb.db);
  const facility = plan.facilities.find((f) => f.code === code)!;
  const outlook = facility.items.find((i) => i.itemCode === "WATER-L")!;
  const alert = plan.alerts.find((a) => a.kind === "stockout" && a.facilityCode === code && a.itemCode === "WATER-L");
  return { facility, outlook, alert };
}

const choose = (code: string, userId: number, basis: string) =>
  callRoute(ROUTE, "action", { userId }, `/facilities/${code}/stock/WATER-L`, { code, itemCode: "WATER-L" }, {
    form: { intent: "orderBasis", basis, idempotencyKey: `choose-${++seq}` },
  });

it("a planner sets the actual consumption: the suggested order follows 12 L per person-day, the why says so, and the request prefilled carries it", async () => {
  // 100 people every day of the last 30 (3,000 person-days), given 36,000 L: 12 L per person-day.
  const s = await station("ORDA", 29, [12_000, 12_000, 12_000]);
  const planner = await createUser(testDb.db, { role: "planner" });
  const manager = await createUser(testDb.db, { role: "manager", facilityIds: [s.id] });

  const before = await waterOutlook(s.code);
  expect(before.outlook.orderBasis).toMatchObject({ chosen: "norm", used: "norm", personDays: 3000, issued: 36_000, daysWithPeople: 30 });
  expect(before.outlook.formula[0]).toEqual({ key: "why.basis.norm", params: { rate: 15 } });

  // A manager of the station may not choose (403), and nothing is written.
  const refused = await choose(s.code, manager.id, "consumption");
  expect(refused.status).toBe(403);
  expect(await testDb.db.select().from(itemOrderBasis)).toEqual([]);

  const saved = await choose(s.code, planner.id, "consumption");
  expect(saved.status).toBe(302);
  expect(saved.location).toBe(`/facilities/${s.code}/stock/WATER-L`);
  const [row] = await testDb.db.select({ basis: itemOrderBasis.basis, updatedBy: itemOrderBasis.updatedBy }).from(itemOrderBasis).where(eq(itemOrderBasis.facilityId, s.id));
  expect(row).toEqual({ basis: "consumption", updatedBy: planner.id });
  const audits = await testDb.db
    .select({ changes: auditLog.changes, userId: auditLog.userId })
    .from(auditLog)
    .where(and(eq(auditLog.entity, "order_basis"), eq(auditLog.entityId, `${s.code}/WATER-L`)));
  expect(audits).toHaveLength(1);
  expect(audits[0]).toMatchObject({ userId: planner.id, changes: { basis: ["norm", "consumption"] } });

  const after = await waterOutlook(s.code);
  expect(after.outlook.orderBasis).toMatchObject({ chosen: "consumption", used: "consumption", fallback: null, actualPerPersonDay: 12 });
  // Demand is 12 L × the people projected at the end of each day, not 15 L × the people served.
  const people = after.facility.projection!.days[0]!.censusHigh;
  expect(after.outlook.demandToday).toBeCloseTo(12 * people, 6);
  expect(after.outlook.formula[0]).toEqual({ key: "why.basis.consumption", params: { days: 30, rate: 12, issued: 36_000, personDays: 3000 } });
  expect(after.outlook.orderQuantity).toBeGreaterThan(0);
  expect(after.outlook.orderQuantity).toBeLessThan(before.outlook.orderQuantity);

  // The dashboard alert: the same suggested order, its why starting with the basis, in Spanish.
  expect(after.alert).toBeDefined();
  expect(after.alert!.facts.orderQuantity).toBe(after.outlook.orderQuantity);
  const es = renderWhy(makeI18n("es"), after.alert!.why as WhyPart[]);
  expect(es).toContain("Pedido según el consumo real de los últimos 30 días: 12 por persona y día");
  expect(es).not.toMatch(/\b(Order|based|per person|actual)\b/);

  // The request prefilled from the alert: the same quantity and the same why.
  const prefill = await requestPlan(testDb.db, s.code);
  expect(prefill.items["WATER-L"]).toMatchObject({ suggested: after.outlook.orderQuantity });
  expect(prefill.items["WATER-L"]!.formula).toEqual(after.outlook.formula);

  // The consumption panel says the same.
  const stock = (await facilityStock(testDb.db, s.id, today)).find((i) => i.code === "WATER-L")!;
  const panel = await itemConsumption(testDb.db, s.id, stock, { now, timeZone });
  expect(panel.basis).toMatchObject({ chosen: "consumption", used: "consumption", actualPerPersonDay: 12 });

  // Back to the norm: the order is the norm's again.
  expect((await choose(s.code, planner.id, "norm")).status).toBe(302);
  const back = await waterOutlook(s.code);
  expect(back.outlook.orderQuantity).toBe(before.outlook.orderQuantity);
  expect(back.outlook.formula[0]).toEqual({ key: "why.basis.norm", params: { rate: 15 } });
});

it("with too little data the order falls back to the norm, and the why says so", async () => {
  // People on only 5 days of the last 30: consumption chosen, the norm used.
  const s = await station("ORDB", 4, [2_000]);
  const planner = await createUser(testDb.db, { role: "planner" });
  const before = await waterOutlook(s.code);
  expect((await choose(s.code, planner.id, "consumption")).status).toBe(302);
  const after = await waterOutlook(s.code);
  expect(after.outlook.orderBasis).toMatchObject({ chosen: "consumption", used: "norm", fallback: "fewDays", daysWithPeople: 5 });
  expect(after.outlook.orderQuantity).toBe(before.outlook.orderQuantity);
  expect(after.outlook.formula[0]).toEqual({
    key: "why.basis.fallbackFewDays",
    params: { have: 5, days: 30, need: 14, norm: [{ key: "why.basis.norm", params: { rate: 15 } }] },
  });
  const es = renderWhy(makeI18n("es"), after.outlook.formula as WhyPart[]);
  expect(es).toContain("Se eligió el consumo real, pero solo hubo personas 5 días de los últimos 30 (hacen falta 14). Pedido según la norma: 15 por persona y día.");
  const prefill = await requestPlan(testDb.db, s.code);
  expect(prefill.items["WATER-L"]!.formula[0]).toEqual(after.outlook.formula[0]);
});
