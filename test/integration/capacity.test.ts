import { and, eq } from "drizzle-orm";
import {
  recordArrival,
  recordDeparture,
  reverseEntry,
  sendTransfer,
  type EntryOutcome,
  type ReversalOutcome,
} from "#db/census.server";
import { getFacilityByCode } from "#db/facilities.server";
import { loadOperatingNorms } from "#db/norms.server";
import { auditLog, norms } from "#db/schema";
import { loadFacilityCapacity, loadFacilityHistory, loadNetworkCapacity } from "~/lib/capacity.server";
import { emptyCounts, type Counts } from "~/lib/domain/population";
import { addDays, startOfZonedDay, zonedDay } from "~/lib/time";
import { action as normsAction, loader as normsLoader } from "~/routes/admin.norms";
import { loader as facilityLoader } from "~/routes/facilities.$code._index";
import { loader as historyCsvLoader } from "~/routes/facilities.$code.history[.csv]";
import { loader as networkLoader } from "~/routes/network";
import { loader as networkCsvLoader } from "~/routes/network[.csv]";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, type TestUser } from "../support/fixtures";
import { asDataResult, asResponse, requestContext, signedInRequest, thrownBy } from "../support/remix";

const testDb = setupTestDatabase();
const timeZone = "America/Panama";
const now = new Date();
const today = zonedDay(now, timeZone);
const daysAgo = (n: number) => addDays(today, -n);

let seq = 0;
const ctx = (recordedBy: number) => ({ recordedBy, idempotencyKey: `capacity-${Date.now()}-${++seq}` });
const counts = (partial: Partial<Counts>): Counts => ({ ...emptyCounts(), ...partial });

/** A movement at noon of `day` (or a minute ago, for today). */
function movement(facilityId: number, day: string, c: Counts) {
  const noon = new Date(startOfZonedDay(day, timeZone).getTime() + 12 * 3_600_000);
  return { facilityId, day, occurredAt: day === today ? new Date(now.getTime() - 60_000) : noon, counts: c };
}

function created(outcome: EntryOutcome | ReversalOutcome): number {
  if (outcome.status !== "created") throw new Error(`Expected the entry to be created: ${JSON.stringify(outcome)}`);
  return outcome.entryId;
}

const ids: Record<string, number> = {};
let admin: TestUser;
let planner: TestUser;
let manager: TestUser;
let departureEntryId = 0;

beforeAll(async () => {
  const db = testDb.db;
  ids.SVC = await createFacility(db, {
    code: "SVC",
    name: "San Vicente",
    kind: "reception_station",
    beds: 544,
    coveredAreaM2: 2200,
    waterLitresPerDay: 12_000,
    toilets: 32,
  });
  ids.LBL = await createFacility(db, { code: "LBL", name: "Lajas Blancas", beds: 450, coveredAreaM2: 1800, waterLitresPerDay: 9000, toilets: 24 });
  ids.BCH = await createFacility(db, { code: "BCH", name: "Bajo Chiquito", beds: 180, coveredAreaM2: 700, waterLitresPerDay: 4500, toilets: 8 });
  ids.ALM = await createFacility(db, {
    code: "ALM",
    name: "Almacén central",
    kind: "warehouse",
    beds: 0,
    coveredAreaM2: 0,
    waterLitresPerDay: 0,
    toilets: 0,
  });
  admin = await createUser(db, { role: "admin" });
  planner = await createUser(db, { role: "planner" });
  manager = await createUser(db, { role: "manager", facilityIds: [ids.SVC, ids.LBL] });

  // San Vicente over a few days: 18 arrive four days ago, 4 leave and 2 arrive two days ago,
  // 600 arrive today (over capacity) and 3 are sent to Lajas Blancas.
  const svc = ids.SVC;
  await db.transaction(async (tx) => {
    created(await recordArrival(tx, movement(svc, daysAgo(4), counts({ adultMen: 10, adultWomen: 5, girls5to17: 3, pregnant: 1 })), ctx(manager.id)));
  });
  await db.transaction(async (tx) => {
    departureEntryId = created(await recordDeparture(tx, movement(svc, daysAgo(2), counts({ adultMen: 4 })), ctx(manager.id)));
  });
  await db.transaction(async (tx) => {
    created(await recordArrival(tx, movement(svc, daysAgo(2), counts({ boys1to4: 2 })), ctx(manager.id)));
  });
  await db.transaction(async (tx) => {
    created(await recordArrival(tx, movement(svc, today, counts({ adultMen: 600 })), ctx(manager.id)));
  });
  await db.transaction(async (tx) => {
    created(await sendTransfer(tx, { ...movement(svc, today, counts({ adultMen: 3 })), toFacilityId: ids.LBL! }, ctx(manager.id)));
  });
  // Lajas Blancas had people yesterday.
  await db.transaction(async (tx) => {
    created(await recordArrival(tx, movement(ids.LBL!, daysAgo(1), counts({ adultWomen: 40, girls0to11m: 5 })), ctx(manager.id)));
  });
});

describe("a facility's history from the roll-ups", () => {
  it("gives the end-of-day census of each day, walking back from today's census", async () => {
    const history = await loadFacilityHistory(testDb.db, ids.SVC!, { now, timeZone, days: 7 });
    expect(history.map((d) => d.day)).toEqual([6, 5, 4, 3, 2, 1, 0].map(daysAgo));
    expect(history.map((d) => d.census)).toEqual([0, 0, 18, 18, 16, 16, 613]);
    expect(history.map((d) => d.arrivals)).toEqual([0, 0, 18, 0, 2, 0, 600]);
    expect(history.map((d) => d.departures)).toEqual([0, 0, 0, 0, 4, 0, 0]);
    expect(history.map((d) => d.transfersOut)).toEqual([0, 0, 0, 0, 0, 0, 3]);
    expect(history[2]?.counts).toMatchObject({ adultMen: 10, adultWomen: 5, girls5to17: 3, pregnant: 1 });
    expect(history[4]?.counts).toMatchObject({ adultMen: 6, boys1to4: 2, pregnant: 1 });
  });

  it("ends on an earlier day by taking off the movements after it", async () => {
    const yesterday = new Date(now.getTime() - 24 * 3_600_000);
    const history = await loadFacilityHistory(testDb.db, ids.SVC!, { now: yesterday, timeZone, days: 4 });
    expect(history.map((d) => d.day)).toEqual([4, 3, 2, 1].map(daysAgo));
    expect(history.map((d) => d.census)).toEqual([18, 18, 16, 16]);
  });

  it("puts census, capacity, today's movements and transfers in transit together", async () => {
    const facility = await getFacilityByCode(testDb.db, "SVC");
    const view = await loadFacilityCapacity(testDb.db, facility!, { now, timeZone });
    expect(view.history).toHaveLength(30);
    expect(view.census.total).toBe(613);
    expect(view.capacity).toMatchObject({ census: 613, capacity: 544, binding: "beds", status: "saturated" });
    expect(view.capacity.ratio).toBeCloseTo(613 / 544);
    expect(view.todayMovements).toEqual({ arrivals: 600, departures: 0, transfersIn: 0, transfersOut: 3 });
    expect(view.stale).toBe(false);
    expect(view.transfers).toEqual([expect.objectContaining({ direction: "out", fromCode: "SVC", toCode: "LBL", total: 3 })]);
    expect(view.sources.area).toMatch(/Sphere/);
    expect(view.sources.toilets).toMatch(/after the first phase/);
  });

  it("follows a correction back to the day of the entry it reverses", async () => {
    await testDb.db.transaction(async (tx) => {
      created(
        await reverseEntry(tx, { facilityId: ids.SVC!, entryId: departureEntryId, reason: "Typed twice" }, ctx(manager.id)),
      );
    });
    const history = await loadFacilityHistory(testDb.db, ids.SVC!, { now, timeZone, days: 5 });
    expect(history.map((d) => d.census)).toEqual([18, 18, 20, 20, 617]);
    expect(history[2]?.departures).toBe(0);
  });
});

describe("the network", () => {
  it("lists every facility with its census, capacity and status, and the totals", async () => {
    const network = await loadNetworkCapacity(testDb.db, "all", { now, timeZone });
    const byCode = Object.fromEntries(network.facilities.map((f) => [f.code, f]));
    expect(network.facilities.map((f) => f.code)).toEqual(["ALM", "BCH", "LBL", "SVC"]);
    expect(byCode.SVC).toMatchObject({ census: 617, arrivalsToday: 600, stale: false });
    expect(byCode.SVC?.capacity).toMatchObject({ capacity: 544, binding: "beds", status: "saturated" });
    // Bajo Chiquito: 8 toilets × 20 = 160 bind; nothing recorded yet, so it is stale.
    expect(byCode.BCH).toMatchObject({ census: 0, lastEntryAt: null, stale: true });
    expect(byCode.BCH?.capacity).toMatchObject({ capacity: 160, binding: "toilets", status: "ok" });
    expect(byCode.LBL).toMatchObject({ census: 45, children: 5, stale: false });
    expect(byCode.ALM?.capacity.status).toBe("notApplicable");
    expect(byCode.ALM?.stale).toBe(false);
    expect(network.overCapacity.map((f) => f.code)).toEqual(["SVC"]);
    expect(network.stale.map((f) => f.code)).toEqual(["BCH"]);
    expect(network.totals).toMatchObject({ census: 662, capacity: 544 + 160 + 450, arrivalsToday: 600 });
    expect(network.totals.ratio).toBeCloseTo(662 / 1154);
  });

  it("uses the norms in the settings table", async () => {
    await testDb.db.update(norms).set({ value: 50 }).where(eq(norms.key, "people_per_toilet"));
    try {
      const network = await loadNetworkCapacity(testDb.db, "all", { now, timeZone });
      expect(network.facilities.find((f) => f.code === "BCH")?.capacity).toMatchObject({ capacity: 180, binding: "beds" });
    } finally {
      await testDb.db.update(norms).set({ value: 20 }).where(eq(norms.key, "people_per_toilet"));
    }
  });
});

describe("the pages", () => {
  it("shows planners and administrators the network, and no one else", async () => {
    for (const user of [planner, admin]) {
      const request = await signedInRequest(user.id, "/network");
      const result = await networkLoader({ request, context: requestContext(), params: {} });
      expect(result.facilities).toHaveLength(4);
    }
    const request = await signedInRequest(manager.id, "/network");
    expect(asDataResult(await thrownBy(networkLoader({ request, context: requestContext(), params: {} }))).status).toBe(403);
  });

  it("exports the network as CSV", async () => {
    const request = await signedInRequest(planner.id, "/network.csv");
    const response = asResponse(await networkCsvLoader({ request, context: requestContext(), params: {} }));
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toMatch(/^code,name,kind,facility_status,census,/);
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith("SVC,"))).toMatch(/,617,.*,544,beds,113\.4,saturated,600,/);
  });

  it("gives a manager the facility page with links to record, and transfers they can receive", async () => {
    const request = await signedInRequest(manager.id, "/facilities/LBL");
    const result = await facilityLoader({ request, context: requestContext(), params: { code: "LBL" } });
    expect(result.canRecord).toBe(true);
    expect(result.capacity.transfers).toEqual([expect.objectContaining({ direction: "in", canReceive: true, total: 3 })]);
  });

  it("gives a planner the facility page without recording", async () => {
    const request = await signedInRequest(planner.id, "/facilities/SVC");
    const result = await facilityLoader({ request, context: requestContext(), params: { code: "SVC" } });
    expect(result.canRecord).toBe(false);
    expect(result.capacity.capacity.status).toBe("saturated");
    expect(result.capacity.transfers[0]?.canReceive).toBe(false);
  });

  it("exports a facility's 30 days as CSV", async () => {
    const request = await signedInRequest(planner.id, "/facilities/SVC/history.csv");
    const response = asResponse(await historyCsvLoader({ request, context: requestContext(), params: { code: "SVC" } }));
    const lines = (await response.text()).replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toMatch(/^day,arrivals,departures,transfers_in,transfers_out,end_of_day_census,effective_capacity,end_of_day_adult_men,/);
    expect(lines).toHaveLength(31);
    expect(lines[30]).toMatch(new RegExp(`^${today},600,0,0,3,617,544,`));
  });
});

describe("editing the norms", () => {
  function post(userId: number, fields: Record<string, string>) {
    return signedInRequest(userId, "/admin/norms", { method: "POST", body: new URLSearchParams(fields) });
  }
  async function currentFields() {
    const rows = await testDb.db.select({ key: norms.key, value: norms.value }).from(norms);
    return Object.fromEntries(rows.map((r) => [r.key, String(r.value)]));
  }

  it("is for administrators only", async () => {
    const request = await signedInRequest(planner.id, "/admin/norms");
    expect(asDataResult(await thrownBy(normsLoader({ request, context: requestContext(), params: {} }))).status).toBe(403);
    const posted = await post(manager.id, await currentFields());
    expect(asDataResult(await thrownBy(normsAction({ request: posted, context: requestContext(), params: {} }))).status).toBe(403);
  });

  it("saves a change, audits it in the same transaction and says so", async () => {
    const fields = { ...(await currentFields()), covered_area_per_person: "4.5", stale_after_hours: "24" };
    const response = asResponse(await normsAction({ request: await post(admin.id, fields), context: requestContext(), params: {} }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/norms");
    expect(response.headers.get("Set-Cookie")).toMatch(/albergue_flash=/);
    const operating = await loadOperatingNorms(testDb.db);
    expect(operating).toMatchObject({ coveredAreaPerPerson: 4.5, staleAfterHours: 24, waterPerPersonDay: 15 });
    const audits = await testDb.db
      .select({ entityId: auditLog.entityId, changes: auditLog.changes, userId: auditLog.userId })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "norm"), eq(auditLog.action, "update")));
    expect(audits).toEqual(
      expect.arrayContaining([
        { entityId: "covered_area_per_person", changes: { value: [3.5, 4.5] }, userId: admin.id },
        { entityId: "stale_after_hours", changes: { value: [12, 24] }, userId: admin.id },
      ]),
    );
    expect(audits).toHaveLength(2);
    // San Vicente's area now allows 2,200 ÷ 4.5 = 488 people.
    const facility = await getFacilityByCode(testDb.db, "SVC");
    const view = await loadFacilityCapacity(testDb.db, facility!, { now, timeZone });
    expect(view.capacity).toMatchObject({ capacity: 488, binding: "area" });
  });

  it.each([
    ["a zero", { water_per_person_day: "0" }, "water_per_person_day", "norms.positive"],
    ["a negative number", { people_per_toilet: "-5" }, "people_per_toilet", "norms.positive"],
    ["text", { people_per_toilet: "twenty" }, "people_per_toilet", "validation.number"],
    ["a threshold above 2", { occupancy_saturated: "2.5" }, "occupancy_saturated", "norms.ratioRange"],
    ["a warning at or above saturation", { occupancy_warning: "1", occupancy_saturated: "1" }, "occupancy_warning", "norms.warningBelowSaturated"],
  ])("refuses %s with a message by the field, and writes nothing", async (_label, change, field, message) => {
    const before = await currentFields();
    const result = asDataResult(
      await normsAction({ request: await post(admin.id, { ...before, ...change }), context: requestContext(), params: {} }),
    );
    expect(result.status).toBe(400);
    expect((result.data as { error?: Record<string, string[]> }).error?.[field]).toEqual([message]);
    expect(await currentFields()).toEqual(before);
  });
});
