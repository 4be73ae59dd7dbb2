import { count, eq } from "drizzle-orm";
import { populationEntries } from "#db/schema";
import { callRoute } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { createUser } from "../support/fixtures";
import { buildWorld, MEMBER, type World } from "../support/world";

/**
 * Issue 15: what a recording form asks before it records something unusual. Without
 * JavaScript, Back after a submit brings the typed values back on a fresh form with a new key;
 * a resubmit must not count the group twice. And 4,000 typed for 40 must be confirmed.
 */

const testDb = setupTestDatabase();
let world: World;

beforeAll(async () => {
  world = await buildWorld(testDb.db);
});

let seq = 0;
const key = () => `question-${Date.now().toString(36)}-${seq++}`;

function arrival(fields: Record<string, string>, adultMen = "7") {
  return {
    idempotencyKey: key(),
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    adultMen,
    adultWomen: "2",
    "nationalities[0].country": "CO",
    "nationalities[0].count": String(Number(adultMen) + 2),
    biometricsRegistered: "0",
    ...fields,
  };
}

async function post(userId: number, form: Record<string, string>, route = "facilities.$code.arrivals.new", path = "arrivals/new") {
  return callRoute(route, "action", { userId }, `/facilities/${MEMBER}/${path}`, { code: MEMBER }, { form });
}

async function entries(): Promise<number> {
  const [row] = await testDb.db.select({ n: count() }).from(populationEntries);
  return row!.n;
}

describe("an identical group by the same person minutes ago", () => {
  it("is asked about, records nothing, and is recorded once confirmed", async () => {
    const manager = world.users.manager.id;
    const first = arrival({});
    expect((await post(manager, first)).status).toBe(302);
    const before = await entries();

    // Back + resubmit: same figures, a new key.
    const again = { ...first, idempotencyKey: key() };
    const asked = await post(manager, again);
    expect(asked.status).toBe(409);
    expect(asked.body).toContain("population.repeatSuspected?minutes=");
    expect(asked.body).toContain("total=9");
    expect(await entries()).toBe(before);

    const confirmed = await post(manager, { ...again, confirmRepeat: "yes" });
    expect(confirmed.status).toBe(302);
    expect(await entries()).toBe(before + 1);
  });

  it("a resend of a key already recorded is a duplicate, never a question", async () => {
    const manager = world.users.manager.id;
    const first = arrival({}, "11");
    expect((await post(manager, first)).status).toBe(302);
    // Another group with the same figures, confirmed, so the first now has a twin.
    expect((await post(manager, { ...first, idempotencyKey: key(), confirmRepeat: "yes" })).status).toBe(302);
    const before = await entries();
    const resent = await post(manager, first);
    expect(resent.status).toBe(302);
    expect(await entries()).toBe(before);
  });

  it("is not asked about when another person recorded it, or the figures differ", async () => {
    const first = arrival({}, "13");
    expect((await post(world.users.manager.id, first)).status).toBe(302);
    const colleague = await createUser(testDb.db, { role: "manager", facilityIds: [world.facilities[MEMBER].id] });
    expect((await post(colleague.id, { ...first, idempotencyKey: key() })).status).toBe(302);
    expect((await post(world.users.manager.id, arrival({}, "14"))).status).toBe(302);
  });

  it("is not asked about once the first entry was reversed", async () => {
    const manager = world.users.manager.id;
    const first = arrival({}, "17");
    expect((await post(manager, first)).status).toBe(302);
    const [{ id }] = (await testDb.db
      .select({ id: populationEntries.id })
      .from(populationEntries)
      .where(eq(populationEntries.idempotencyKey, first.idempotencyKey))) as [{ id: number }];
    const reversed = await callRoute(
      "facilities.$code.entries.$id.reverse",
      "action",
      { userId: manager },
      `/facilities/${MEMBER}/entries/${id}/reverse`,
      { code: MEMBER, id: String(id) },
      { form: { idempotencyKey: key(), reason: "typed twice" } },
    );
    expect(reversed.status).toBe(302);
    expect((await post(manager, { ...first, idempotencyKey: key() })).status).toBe(302);
  });

  it("a departure resubmitted after Back is asked about too", async () => {
    const manager = world.users.manager.id;
    const departure = { idempotencyKey: key(), occurredAt: new Date().toISOString(), kind: "onward", adultMen: "1", destination: "Costa Rica", notes: "" };
    const route = "facilities.$code.departures.new";
    expect((await post(manager, departure, route, "departures/new")).status).toBe(302);
    const asked = await post(manager, { ...departure, idempotencyKey: key() }, route, "departures/new");
    expect(asked.status).toBe(409);
    expect(asked.body).toContain("population.repeatSuspected");
  });
});

describe("a group far above the station's usual size", () => {
  it("is asked about (4,000 for 40), records nothing, and is recorded once confirmed", async () => {
    const manager = world.users.manager.id;
    const before = await entries();
    const typo = arrival({}, "3998");
    const asked = await post(manager, typo);
    expect(asked.status).toBe(409);
    expect(asked.body).toContain("population.sizeSuspected?total=4000");
    expect(await entries()).toBe(before);
    expect((await post(manager, { ...typo, confirmSize: "yes" })).status).toBe(302);
    expect(await entries()).toBe(before + 1);
  });
});
