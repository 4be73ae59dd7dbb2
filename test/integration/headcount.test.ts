import { and, count, eq } from "drizzle-orm";
import { getCensus, recordArrival } from "#db/census.server";
import { auditLog, census, dailyPopulation, populationEntries } from "#db/schema";
import { runInvariantChecks } from "#db/verify.server";
import { allGroups, emptyCounts, type Counts } from "~/lib/domain/population";
import { zonedDay } from "~/lib/time";
import { action as sheetAction, loader as sheetLoader } from "~/routes/facilities.$code.headcount.$sheetId";
import { action as openAction } from "~/routes/facilities.$code.headcount._index";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, type TestUser } from "../support/fixtures";
import { asDataResult, asResponse, requestContext, signedInRequest, thrownBy } from "../support/remix";
import { snapshot } from "../support/world";

const testDb = setupTestDatabase();
let facilityId = 0;
let manager: TestUser;
const TZ = "America/Panama";

type Handler = (args: { request: Request; context: ReturnType<typeof requestContext>; params: Record<string, string> }) => Promise<unknown>;

async function post(handler: Handler, userId: number, path: string, params: Record<string, string>, fields: Record<string, string>) {
  const request = await signedInRequest(userId, path, { method: "POST", body: new URLSearchParams(fields) });
  return handler({ request, context: requestContext(), params });
}

async function openSheet(): Promise<number> {
  const response = asResponse(await post(openAction, manager.id, "/facilities/SVC/headcount", { code: "SVC" }, { intent: "open" }));
  expect(response.status).toBe(302);
  return Number(response.headers.get("Location")!.split("/").pop());
}

function countFields(counts: Counts): Record<string, string> {
  return Object.fromEntries(allGroups.map((g) => [g, String(counts[g])]));
}

function submitTo(sheetId: number, fields: Record<string, string>) {
  return post(sheetAction, manager.id, `/facilities/SVC/headcount/${sheetId}`, { code: "SVC", sheetId: String(sheetId) }, { intent: "submit", ...fields });
}

async function corrections() {
  return testDb.db
    .select({ id: populationEntries.id, sign: populationEntries.sign, total: populationEntries.total, adultMen: populationEntries.adultMen, adultWomen: populationEntries.adultWomen, boys5to17: populationEntries.boys5to17, pregnant: populationEntries.pregnant })
    .from(populationEntries)
    .where(and(eq(populationEntries.facilityId, facilityId), eq(populationEntries.kind, "correction")))
    .orderBy(populationEntries.id);
}

async function rollupMovements() {
  const rows = await testDb.db
    .select({ arrivals: dailyPopulation.arrivals, departures: dailyPopulation.departures, transfersIn: dailyPopulation.transfersIn, transfersOut: dailyPopulation.transfersOut })
    .from(dailyPopulation)
    .where(eq(dailyPopulation.facilityId, facilityId));
  return rows.reduce(
    (sum, r) => ({ arrivals: sum.arrivals + r.arrivals, departures: sum.departures + r.departures, transfers: sum.transfers + r.transfersIn + r.transfersOut }),
    { arrivals: 0, departures: 0, transfers: 0 },
  );
}

const start: Counts = { ...emptyCounts(), adultMen: 30, adultWomen: 12, boys5to17: 5, girls5to17: 4, pregnant: 2 };

beforeAll(async () => {
  facilityId = await createFacility(testDb.db, { code: "SVC", name: "San Vicente" });
  manager = await createUser(testDb.db, { role: "manager", facilityIds: [facilityId] });
  const occurredAt = new Date(Date.now() - 5 * 3_600_000);
  const arrival = await testDb.db.transaction((tx) =>
    recordArrival(tx, { facilityId, occurredAt, day: zonedDay(occurredAt, TZ), counts: start }, { recordedBy: manager.id, idempotencyKey: "headcount-arrival-1" }),
  );
  expect(arrival.status).toBe("created");
  // The census was last moved five hours ago.
  await testDb.db.update(census).set({ lastEntryAt: occurredAt }).where(eq(census.facilityId, facilityId));
});

describe("a headcount sheet", () => {
  let sheetId = 0;
  // Four men fewer than recorded, one boy more, one pregnant woman more among the same women.
  const counted: Counts = { ...start, adultMen: 26, boys5to17: 6, pregnant: 3 };

  it("opens once per facility and shows the census beside each group", async () => {
    sheetId = await openSheet();
    expect(await openSheet()).toBe(sheetId);
    const loaded = (await sheetLoader({
      request: await signedInRequest(manager.id, `/facilities/SVC/headcount/${sheetId}`),
      context: requestContext(),
      params: { code: "SVC", sheetId: String(sheetId) },
    })) as { sheet: { status: string; openingCensus: Counts } };
    expect(loaded.sheet.status).toBe("draft");
    expect(loaded.sheet.openingCensus).toEqual(start);
  });

  it("refuses a bad count at its field (400) and writes nothing", async () => {
    const before = await snapshot(testDb.db);
    const result = asDataResult(await submitTo(sheetId, { idempotencyKey: "headcount-bad-0001", ...countFields(counted), adultMen: "-3", reason: "Recuento" }));
    expect(result.status).toBe(400);
    const error = (result.data as { error?: Record<string, string[]> }).error ?? {};
    expect(error.adultMen).toEqual(["validation.nonNegative"]);
    expect(Object.keys(error)).toEqual(["adultMen"]);
    const blank = asDataResult(await submitTo(sheetId, { idempotencyKey: "headcount-bad-0002", ...countFields(counted), girls1to4: "", reason: "Recuento" }));
    expect(blank.status).toBe(400);
    expect((blank.data as { error?: Record<string, string[]> }).error?.girls1to4).toEqual(["headcount.countEveryGroup"]);
    expect(await snapshot(testDb.db)).toEqual(before);
  });

  it("requires a reason when the count differs from the census, and writes nothing without one", async () => {
    const before = await snapshot(testDb.db);
    const result = asDataResult(await submitTo(sheetId, { idempotencyKey: "headcount-noreason-1", ...countFields(counted), reason: "  " }));
    expect(result.status).toBe(400);
    expect((result.data as { error?: Record<string, string[]> }).error?.reason).toEqual(["headcount.reasonRequired"]);
    expect(await snapshot(testDb.db)).toEqual(before);
  });

  it("posts the difference as corrections: the census equals the count, verify holds, arrivals and departures are untouched", async () => {
    const movementsBefore = await rollupMovements();
    const [{ n: auditsBefore }] = await testDb.db.select({ n: count() }).from(auditLog).where(eq(auditLog.entity, "headcount_sheet")) as [{ n: number }];
    const fields = { idempotencyKey: "headcount-submit-0001", ...countFields(counted), reason: "Cuatro hombres salieron sin registrar" };
    const response = asResponse(await submitTo(sheetId, fields));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/facilities/SVC/headcount/${sheetId}`);

    expect((await getCensus(testDb.db, facilityId)).counts).toEqual(counted);
    const posted = await corrections();
    expect(posted).toEqual([
      expect.objectContaining({ sign: 1, adultMen: 0, boys5to17: 1, pregnant: 1, total: 1 }),
      expect.objectContaining({ sign: -1, adultMen: 4, boys5to17: 0, pregnant: 0, total: 4 }),
    ]);
    expect(await rollupMovements()).toEqual(movementsBefore);
    const checks = await runInvariantChecks(testDb.db);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks.find((c) => c.name === "headcounts match their corrections")).toMatchObject({ ok: true, detail: "every submitted headcount" });
    const [{ n: auditsAfter }] = await testDb.db.select({ n: count() }).from(auditLog).where(eq(auditLog.entity, "headcount_sheet")) as [{ n: number }];
    expect(auditsAfter).toBe(auditsBefore + 1);

    // The submitted sheet shows what was expected and what was counted.
    const loaded = (await sheetLoader({
      request: await signedInRequest(manager.id, `/facilities/SVC/headcount/${sheetId}`),
      context: requestContext(),
      params: { code: "SVC", sheetId: String(sheetId) },
    })) as { sheet: { status: string; expected: Counts; counted: Counts; reason: string } };
    expect(loaded.sheet.status).toBe("submitted");
    expect(loaded.sheet.expected).toEqual(start);
    expect(loaded.sheet.counted).toEqual(counted);

    // The same submission sent again (a retry on a flaky link) writes nothing more.
    const before = await snapshot(testDb.db);
    const again = asResponse(await submitTo(sheetId, fields));
    expect(again.status).toBe(302);
    expect(await snapshot(testDb.db)).toEqual(before);
    expect(await corrections()).toHaveLength(2);
  });

  it("refuses another submission of a sheet already submitted (409)", async () => {
    const result = asDataResult(await submitTo(sheetId, { idempotencyKey: "headcount-submit-0002", ...countFields(start), reason: "Otra vez" }));
    expect(result.status).toBe(409);
    expect((await getCensus(testDb.db, facilityId)).counts).toEqual(counted);
  });

  it("a count that matches posts nothing, needs no reason, and still makes the census fresh", async () => {
    const next = await openSheet();
    expect(next).not.toBe(sheetId);
    await testDb.db.update(census).set({ lastEntryAt: new Date(Date.now() - 10 * 3_600_000) }).where(eq(census.facilityId, facilityId));
    const response = asResponse(await submitTo(next, { idempotencyKey: "headcount-same-0001", ...countFields(counted), reason: "" }));
    expect(response.status).toBe(302);
    expect(await corrections()).toHaveLength(2);
    const { lastEntryAt } = await getCensus(testDb.db, facilityId);
    expect(Date.now() - lastEntryAt!.getTime()).toBeLessThan(60_000);
  });

  it("is refused (403) to a planner and to a manager of another facility", async () => {
    const planner = await createUser(testDb.db, { role: "planner" });
    expect(asDataResult(await thrownBy(post(openAction, planner.id, "/facilities/SVC/headcount", { code: "SVC" }, { intent: "open" }))).status).toBe(403);
    const elsewhere = await createFacility(testDb.db, { code: "LBL", name: "Lajas Blancas" });
    const stranger = await createUser(testDb.db, { role: "manager", facilityIds: [elsewhere] });
    const thrown = await thrownBy(post(openAction, stranger.id, "/facilities/SVC/headcount", { code: "SVC" }, { intent: "open" }));
    expect(asDataResult(thrown).status).toBe(403);
  });
});
