import { and, count, eq } from "drizzle-orm";
import { lastArrivalBy } from "#db/census.server";
import { populationEntries, populationEntryNationalities } from "#db/schema";
import { callRoute } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, type TestUser } from "../support/fixtures";

/**
 * Issue 15, fast group entry: the arrival form's searchable country field (a name or code typed,
 * read by the server as its ISO code) and "Repetir mi último grupo" (?repeat=last), through the
 * route's own loader and action on a real database.
 */

const testDb = setupTestDatabase();
let manager: TestUser;
let colleague: TestUser;
let svc = 0;
let lbl = 0;

beforeAll(async () => {
  svc = await createFacility(testDb.db, { code: "SVC", name: "San Vicente", beds: 544 });
  lbl = await createFacility(testDb.db, { code: "LBL", name: "Lajas Blancas", beds: 544 });
  manager = await createUser(testDb.db, { role: "manager", facilityIds: [svc, lbl] });
  colleague = await createUser(testDb.db, { role: "manager", facilityIds: [svc] });
});

let seq = 0;
const key = () => `fast-entry-${Date.now().toString(36)}-${seq++}`;
const ROUTE = "facilities.$code.arrivals.new";

function post(userId: number, code: string, form: Record<string, string>) {
  return callRoute(ROUTE, "action", { userId }, `/facilities/${code}/arrivals/new`, { code }, { form });
}

function group(men: number, women: number, rows: [string, number][]): Record<string, string> {
  const form: Record<string, string> = {
    idempotencyKey: key(),
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    adultMen: String(men),
    adultWomen: String(women),
    biometricsRegistered: "0",
  };
  rows.forEach(([country, n], i) => {
    form[`nationalities[${i}].country`] = country;
    form[`nationalities[${i}].count`] = String(n);
  });
  return form;
}

async function entries(): Promise<number> {
  const [row] = await testDb.db.select({ n: count() }).from(populationEntries);
  return row!.n;
}

async function nationalitiesOf(idempotencyKey: string) {
  return testDb.db
    .select({ country: populationEntryNationalities.country, count: populationEntryNationalities.count })
    .from(populationEntryNationalities)
    .innerJoin(populationEntries, eq(populationEntries.id, populationEntryNationalities.entryId))
    .where(and(eq(populationEntries.facilityId, svc), eq(populationEntries.idempotencyKey, idempotencyKey)))
    .orderBy(populationEntryNationalities.country);
}

describe("a country typed in the arrival form", () => {
  it("records a name typed in Spanish, without accents, as its ISO code beside a chosen one", async () => {
    const form = group(21, 19, [
      ["VE", 25],
      ["haiti", 15],
    ]);
    const outcome = await post(manager.id, "SVC", form);
    expect(outcome.status).toBe(302);
    expect(outcome.location).toBe("/facilities/SVC");
    expect(await nationalitiesOf(form.idempotencyKey!)).toEqual([
      { country: "HT", count: 15 },
      { country: "VE", count: 25 },
    ]);
  });

  it("refuses a name it does not recognise with the field's message, and writes nothing", async () => {
    const before = await entries();
    const outcome = await post(
      manager.id,
      "SVC",
      group(22, 18, [
        ["VE", 25],
        ["Xyzlandia", 15],
      ]),
    );
    expect(outcome.status).toBe(400);
    const reply = JSON.parse(outcome.body) as { error: Record<string, string[]>; initialValue: { nationalities: { country: string }[] } };
    expect(reply.error["nationalities[1].country"]).toEqual(["population.countryUnknown?text=Xyzlandia"]);
    // What was typed comes back in the field, to be corrected rather than typed again.
    expect(reply.initialValue.nationalities[1]?.country).toBe("Xyzlandia");
    expect(await entries()).toBe(before);
  });
});

describe("repeating the last group", () => {
  it("pre-fills the last group this person recorded here, with a new key, and the twin question still asks", async () => {
    // Another person's later group, and this person's group at another facility, are not "mine here".
    const mine = group(12, 9, [
      ["VE", 14],
      ["Colombia", 7],
    ]);
    expect((await post(manager.id, "SVC", mine)).status).toBe(302);
    expect((await post(colleague.id, "SVC", group(3, 3, [["HT", 6]]))).status).toBe(302);
    expect((await post(manager.id, "LBL", group(5, 5, [["EC", 10]]))).status).toBe(302);

    const page = await callRoute(ROUTE, "loader", { userId: manager.id }, "/facilities/SVC/arrivals/new?repeat=last", { code: "SVC" });
    expect(page.status).toBe(200);
    const data = JSON.parse(page.body) as {
      repeat: { found: boolean } | null;
      usualRows: number;
      defaults: Record<string, unknown> & { idempotencyKey: string; nationalities: { country: string; count: string }[] };
    };
    expect(data.repeat?.found).toBe(true);
    expect(data.defaults.adultMen).toBe("12");
    expect(data.defaults.adultWomen).toBe("9");
    expect(data.defaults.boys0to11m).toBeUndefined();
    expect(data.defaults.idempotencyKey).not.toBe(mine.idempotencyKey);
    // The facility's usual nationalities stay first; the counted ones carry the last group's figures.
    const counted = data.defaults.nationalities.filter((r) => r.count !== "" && r.count !== "0");
    expect(counted.map((r) => [r.country, r.count]).sort()).toEqual([
      ["CO", "7"],
      ["VE", "14"],
    ]);

    // Sent as pre-filled minutes later: the same figures, so the form asks before recording.
    const again = group(12, 9, [
      ["VE", 14],
      ["CO", 7],
    ]);
    again.idempotencyKey = data.defaults.idempotencyKey;
    const before = await entries();
    const asked = await post(manager.id, "SVC", again);
    expect(asked.status).toBe(409);
    expect(asked.body).toContain("population.repeatSuspected?minutes=");
    expect(await entries()).toBe(before);
    // The person says it is another group: recorded, once.
    expect((await post(manager.id, "SVC", { ...again, confirmRepeat: "yes" })).status).toBe(302);
    expect(await entries()).toBe(before + 1);
  });

  it("says so when this person has recorded no group here, and pre-fills nothing", async () => {
    const newcomer = await createUser(testDb.db, { role: "manager", facilityIds: [svc] });
    const page = await callRoute(ROUTE, "loader", { userId: newcomer.id }, "/facilities/SVC/arrivals/new?repeat=last", { code: "SVC" });
    const data = JSON.parse(page.body) as { repeat: { found: boolean } | null; defaults: Record<string, unknown> };
    expect(data.repeat).toEqual({ found: false, occurredAt: null });
    expect(data.defaults.adultMen).toBeUndefined();
    expect(await lastArrivalBy(testDb.db, svc, newcomer.id)).toBeNull();
  });

  it("skips a group that was reversed since (a mistake is not repeated)", async () => {
    const wrong = group(30, 1, [["VE", 31]]);
    expect((await post(colleague.id, "SVC", wrong)).status).toBe(302);
    const last = await lastArrivalBy(testDb.db, svc, colleague.id);
    expect(last?.counts.adultMen).toBe(30);
    const reversed = await callRoute(
      "facilities.$code.entries.$id.reverse",
      "action",
      { userId: colleague.id },
      `/facilities/SVC/entries/${last!.entryId}/reverse`,
      { code: "SVC", id: String(last!.entryId) },
      { form: { idempotencyKey: key(), reason: "typed wrong" } },
    );
    expect(reversed.status).toBe(302);
    const now = await lastArrivalBy(testDb.db, svc, colleague.id);
    expect(now?.counts.adultMen).toBe(3);
    expect(now?.nationalities).toEqual([{ country: "HT", count: 6 }]);
  });
});
