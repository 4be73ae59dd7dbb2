import { count, eq } from "drizzle-orm";
import { insertApiToken } from "#db/api-tokens.server";
import { facilityIdsByCodes } from "#db/facilities.server";
import { auditLog, norms, scenarios } from "#db/schema";
import { seedDemo } from "#db/seed.server";
import { refreshPlans } from "~/lib/plan-store.server";
import { loader as statusLoader } from "~/routes/api.v1.status";
import { loader as dashboardLoader } from "~/routes/planning._index";
import { loader as exportLoader } from "~/routes/planning.export.$table[.csv]";
import { action as scenariosAction } from "~/routes/planning.scenarios._index";
import { action as scenarioAction, loader as scenarioLoader } from "~/routes/planning.scenarios.$id";
import { setupTestDatabase } from "../support/db";
import { english, spanish } from "../support/why";
import { createUser, type TestUser } from "../support/fixtures";
import { BASE_URL, asDataResult, requestContext, signedInRequest, thrownBy } from "../support/remix";

const testDb = setupTestDatabase();

interface ForecastBody {
  planningLevel: string;
  band: number;
  trackRecord: { horizonDays: number; last14: { inside: number; origins: number }; last60: { inside: number; origins: number }; mase: number | null };
  regimeChange: { date: string; direction: string } | null;
}

interface StatusBody {
  today: string;
  basis: string;
  planningLevel: string;
  forecast: ForecastBody | null;
  regimeChange: { date: string; direction: string } | null;
  facilities: {
    code: string;
    census: number;
    capacity: number | null;
    bindingConstraint: string | null;
    occupancy: number | null;
    projectedSaturationDate: string | null;
    forecast: ForecastBody | null;
    items: { code: string; usable: number; dailyDemand: number; daysOfCover: number | null; stockOutDate: string | null; reorderQuantity: number }[];
    alerts: { kind: string; severity: string; item: string | null; date: string | null }[];
  }[];
}

let planner: TestUser;
let manager: TestUser;
let token: { id: number; token: string };
let lblOnly: { id: number; token: string };

async function status(bearer: string): Promise<{ status: number; body: StatusBody }> {
  const request = new Request(`${BASE_URL}/api/v1/status`, { headers: { Authorization: `Bearer ${bearer}` } });
  const response = await statusLoader({ request, context: requestContext(), params: {} });
  return { status: response.status, body: (await response.json()) as StatusBody };
}

async function dashboard(user: TestUser, search = "") {
  const request = await signedInRequest(user.id, `/planning${search}`);
  return dashboardLoader({ request, context: requestContext(), params: {} });
}

async function post(user: TestUser, path: string, fields: Record<string, string>, action: typeof scenarioAction, params: Record<string, string>) {
  const request = await signedInRequest(user.id, path, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
  });
  try {
    return await action({ request, context: requestContext(), params });
  } catch (thrown) {
    return thrown;
  }
}

// The demo seed writes a year of history, which takes a while on PGlite.
describe("planning on the demo network", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await seedDemo(testDb.db);
    const ids = (await facilityIdsByCodes(testDb.db, ["BCH", "LBL", "SVC", "LPG", "ALM"])).map((f) => f.id);
    const lbl = (await facilityIdsByCodes(testDb.db, ["LBL"]))[0]!.id;
    planner = await createUser(testDb.db, { role: "planner" });
    manager = await createUser(testDb.db, { role: "manager", facilityIds: [lbl] });
    token = await insertApiToken(testDb.db, { name: "status", facilityIds: ids, createdBy: null });
    lblOnly = await insertApiToken(testDb.db, { name: "lbl", facilityIds: [lbl], createdBy: null });
  }, 180_000);

  it("gives the same figures in GET /api/v1/status as on the dashboard", async () => {
    const [api, page] = await Promise.all([status(token.token), dashboard(planner, "?open=cover")]);
    expect(api.status).toBe(200);
    expect(api.body.today).toBe(page.today);
    expect(api.body.facilities.map((f) => f.code).sort()).toEqual(page.cards.map((c) => c.code).sort());
    for (const card of page.cards) {
      const f = api.body.facilities.find((x) => x.code === card.code)!;
      expect(f.census, card.code).toBe(card.census);
      expect(f.capacity).toBe(card.capacity);
      expect(f.bindingConstraint).toBe(card.bindingConstraint);
      expect(f.occupancy).toBe(card.occupancy);
      expect(f.projectedSaturationDate).toBe(card.projectedSaturationDate);
      expect(f.items).toEqual(card.items.map((i) => ({ ...i })));
      expect(f.alerts.map((a) => [a.kind, a.item, a.date])).toEqual(card.alerts.map((a) => [a.kind, a.item, a.date]));
      // And the cover table the heat map is drawn from says the same per item.
      for (const item of f.items) {
        const cell = page.tables.cover.find((c) => c.facilityCode === f.code && c.itemCode === item.code)!;
        expect(cell.daysOfCover).toBe(item.daysOfCover);
        expect("orderQuantity" in cell && cell.orderQuantity).toBe(item.reorderQuantity);
      }
    }
  });

  it("shows the band, its track record, the planning level and any regime change, the same in the API and on the page", async () => {
    const [api, page] = await Promise.all([status(token.token), dashboard(planner)]);
    expect(api.body.planningLevel).toBe("p80");
    expect(api.body.basis).toBe("upper edge of the 80 % arrivals band");
    const network = api.body.forecast!;
    expect(network.band).toBe(0.8);
    // The record is at the planning horizon (the norm forecast_horizon_days, 14) over the last 14 and 60 origins.
    expect(network.trackRecord.horizonDays).toBe(14);
    expect(network.trackRecord.last60.origins).toBe(60);
    expect(network.trackRecord.last14.origins).toBe(14);
    expect(page.network.forecast!.trackRecord).toEqual(network.trackRecord);
    expect(api.body.regimeChange).toEqual(network.regimeChange);
    expect(page.network.forecast!.regimeChange).toEqual(network.regimeChange);
    for (const card of page.cards) {
      const f = api.body.facilities.find((x) => x.code === card.code)!;
      expect(f.forecast).toEqual(card.forecast);
    }
    // Every "why" names the planning level.
    expect(page.network.forecast!.explanation.at(-1)!.key).toBe("forecast.formula.level.p80");
  });

  it("plans on the 95 % upper edge when the network chooses it, and says so", async () => {
    const before = await dashboard(planner);
    await testDb.db.update(norms).set({ value: 0.95 }).where(eq(norms.key, "planning_level"));
    // What the plan worker does after the norms page saves (decision 018).
    await refreshPlans(testDb.db);
    try {
      const [api, after] = await Promise.all([status(token.token), dashboard(planner)]);
      expect(api.body.planningLevel).toBe("p95");
      expect(api.body.basis).toBe("upper edge of the 95 % arrivals band");
      expect(after.network.forecast!.band).toBe(0.95);
      expect(after.network.forecast!.explanation.at(-1)!.key).toBe("forecast.formula.level.p95");
      // A wider band planned on: the upper edge is never lower than the 80 % one.
      after.tables.forecast.forEach((row, i) => expect(row.high).toBeGreaterThanOrEqual(before.tables.forecast[i]!.high));
    } finally {
      await testDb.db.update(norms).set({ value: 0.8 }).where(eq(norms.key, "planning_level"));
      await refreshPlans(testDb.db);
    }
  });

  it("leads with the most urgent alerts and sends the long tables only when asked, the CSV always whole", async () => {
    const first = await dashboard(planner);
    expect(first.alertCount).toBeGreaterThan(first.alerts.length);
    expect(first.open).toEqual([]);
    expect(first.tables.cover.every((c) => !("orderQuantity" in c))).toBe(true);
    const all = await dashboard(planner, "?alerts=all&open=cover&open=occupancy&open=nonsense");
    expect(all.alerts).toHaveLength(first.alertCount);
    // The first ones are the same: the short list is the head of the whole one.
    expect(all.alerts.slice(0, first.alerts.length)).toEqual(first.alerts);
    expect(all.open.sort()).toEqual(["cover", "occupancy"]);
    expect(all.tables.cover.every((c) => "orderQuantity" in c)).toBe(true);
    const csv = await exportLoader({ request: await signedInRequest(planner.id, "/planning/export/alerts.csv"), context: requestContext(), params: { table: "alerts" } });
    const lines = (await csv.text()).trim().split("\n");
    expect(lines.length - 1).toBe(first.alertCount);
  });

  it("warns of a saturation and of a stock-out on the day the demo starts", async () => {
    const page = await dashboard(planner);
    const kinds = new Set(page.alerts.map((a) => a.kind));
    expect(kinds.has("saturation")).toBe(true);
    expect(kinds.has("stockout")).toBe(true);
    // Most urgent first: no warning before a critical alert, and earlier events first within each.
    const severities = page.alerts.map((a) => a.severity);
    expect(severities.indexOf("warning") === -1 || severities.lastIndexOf("critical") < severities.indexOf("warning")).toBe(true);
    // Every alert says why and where to act.
    for (const alert of page.alerts) {
      expect(alert.why.length).toBeGreaterThan(0);
      expect(english(alert.why).length).toBeGreaterThan(10);
      // The Spanish dashboard shows it in Spanish: every sentence has a Spanish text of its own.
      expect(spanish(alert.why)).not.toBe(english(alert.why));
      expect(alert.href).toMatch(/^\/facilities\/[A-Z0-9]+/);
    }
  });

  it("answers only for the facilities the token covers", async () => {
    const api = await status(lblOnly.token);
    expect(api.status).toBe(200);
    expect(api.body.facilities.map((f) => f.code)).toEqual(["LBL"]);
    const refused = await status("alb_" + "x".repeat(43));
    expect(refused.status).toBe(401);
  });

  it("keeps the planning pages from a shelter manager", async () => {
    expect(asDataResult(await thrownBy(dashboard(manager))).status).toBe(403);
    const before = await testDb.db.select({ n: count() }).from(scenarios);
    const result = await post(manager, "/planning/scenarios", { intent: "create", name: "x", idempotencyKey: "create-form-0000" }, scenariosAction as typeof scenarioAction, {});
    expect(asDataResult(result).status).toBe(403);
    const after = await testDb.db.select({ n: count() }).from(scenarios);
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("moves saturation earlier and raises orders under a surge scenario, and audits the changes", async () => {
    const created = (await post(planner, "/planning/scenarios", { intent: "create", name: "Surge 2,500 a day", description: "", idempotencyKey: "create-form-0001" }, scenariosAction as typeof scenarioAction, {})) as Response;
    expect(created.status).toBe(302);
    const id = /\/planning\/scenarios\/(\d+)$/.exec(created.headers.get("Location") ?? "")![1]!;
    const page = await dashboard(planner);
    const added = (await post(
      planner,
      `/planning/scenarios/${id}`,
      { intent: "add-surge", from: page.today, days: "14", perDay: "2500", facilityCode: "", idempotencyKey: "surge-form-0001" },
      scenarioAction,
      { id },
    )) as Response;
    expect(added.status).toBe(302);

    const request = await signedInRequest(planner.id, `/planning/scenarios/${id}`);
    const compared = await scenarioLoader({ request, context: requestContext(), params: { id } });
    expect(compared.scenario.changes).toEqual([{ kind: "surge", from: page.today, days: 14, perDay: 2500, facilityCode: null }]);
    const never = "9999-12-31";
    const earlier = compared.saturation.filter((s) => (s.scenario ?? never) < (s.baseline ?? never));
    expect(earlier.length).toBeGreaterThan(0);
    expect(compared.saturation.every((s) => (s.scenario ?? never) <= (s.baseline ?? never))).toBe(true);
    expect(compared.stock.some((r) => r.orderScenario > r.orderBaseline)).toBe(true);
    expect(compared.stock.every((r) => r.orderScenario >= r.orderBaseline)).toBe(true);

    const audits = await testDb.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entity, "scenario"));
    expect(audits.map((a) => a.action)).toEqual(["create", "update"]);
  });

  it("refuses a bad change with a message at the field and writes nothing", async () => {
    const created = (await post(planner, "/planning/scenarios", { intent: "create", name: "Closure", idempotencyKey: "create-form-0002" }, scenariosAction as typeof scenarioAction, {})) as Response;
    const id = /\/planning\/scenarios\/(\d+)$/.exec(created.headers.get("Location") ?? "")![1]!;
    const cases: [Record<string, string>, string][] = [
      [{ intent: "add-surge", from: "2026-02-30", days: "14", perDay: "2500" }, "from"],
      [{ intent: "add-surge", from: "2026-12-01", days: "0", perDay: "2500" }, "days"],
      [{ intent: "add-surge", from: "2026-12-01", days: "14", perDay: "-5" }, "perDay"],
      [{ intent: "add-surge", from: "2026-12-01", days: "14", perDay: "abc" }, "perDay"],
      [{ intent: "add-closure", from: "2026-12-01", facilityCode: "ZZZ" }, "facilityCode"],
      [{ intent: "add-divert", from: "2026-12-01", toFacilityCode: "LBL", sharePercent: "130" }, "sharePercent"],
      [{ intent: "add-scale", from: "2026-12-01", factor: "<script>alert(1)</script>" }, "factor"],
    ];
    for (const [fields, field] of cases) {
      const result = asDataResult(await post(planner, `/planning/scenarios/${id}`, { idempotencyKey: "refused-form-0001", ...fields }, scenarioAction, { id }));
      expect(result.status, JSON.stringify(fields)).toBe(400);
      const reply = result.data as { result: { error?: Record<string, string[]> } };
      expect(reply.result.error?.[field]?.length, JSON.stringify(fields)).toBeGreaterThan(0);
    }
    const [row] = await testDb.db.select({ changes: scenarios.changes }).from(scenarios).where(eq(scenarios.id, Number(id)));
    expect(row!.changes).toEqual([]);
    // A scenario that does not exist is a 404, not an error.
    const missing = await post(planner, "/planning/scenarios/999999", { intent: "archive" }, scenarioAction, { id: "999999" });
    expect(asDataResult(missing).status).toBe(404);
  });

  it("creates one scenario when the same form is sent twice (Back and resubmit without JavaScript)", async () => {
    const form = { intent: "create", name: "Sent twice", description: "", idempotencyKey: "create-form-0003" };
    const named = async () => (await testDb.db.select({ id: scenarios.id }).from(scenarios).where(eq(scenarios.name, "Sent twice"))).length;
    const first = (await post(planner, "/planning/scenarios", form, scenariosAction as typeof scenarioAction, {})) as Response;
    const again = (await post(planner, "/planning/scenarios", form, scenariosAction as typeof scenarioAction, {})) as Response;
    // The second lands on the scenario the first created, and writes nothing.
    expect([first.status, again.status]).toEqual([302, 302]);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await named()).toBe(1);
    // Without a key the form is refused and nothing is written.
    const keyless = asDataResult(await post(planner, "/planning/scenarios", { ...form, idempotencyKey: "" }, scenariosAction as typeof scenarioAction, {}));
    expect(keyless.status).toBe(400);
    expect(await named()).toBe(1);
  });

  it("adds or removes a change once when the same form is sent twice (Back and resubmit without JavaScript)", async () => {
    const created = (await post(planner, "/planning/scenarios", { intent: "create", name: "Resubmitted", idempotencyKey: "create-form-0004" }, scenariosAction as typeof scenarioAction, {})) as Response;
    const id = /\/planning\/scenarios\/(\d+)$/.exec(created.headers.get("Location") ?? "")![1]!;
    const changesOf = async () => (await testDb.db.select({ changes: scenarios.changes }).from(scenarios).where(eq(scenarios.id, Number(id))))[0]!.changes;
    const updates = async () =>
      (await testDb.db.select({ entityId: auditLog.entityId, action: auditLog.action }).from(auditLog).where(eq(auditLog.entity, "scenario"))).filter(
        (a) => a.entityId === id && a.action === "update",
      ).length;
    const surge = { intent: "add-surge", from: "2026-12-01", days: "7", perDay: "300", facilityCode: "", idempotencyKey: "page-0001.add-surge" };
    const first = (await post(planner, `/planning/scenarios/${id}`, surge, scenarioAction, { id })) as Response;
    const again = (await post(planner, `/planning/scenarios/${id}`, surge, scenarioAction, { id })) as Response;
    // The second answers like the first (the page it returns to shows the one change), and writes nothing.
    expect([first.status, again.status]).toEqual([302, 302]);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await changesOf()).toEqual([{ kind: "surge", from: "2026-12-01", days: 7, perDay: 300, facilityCode: null }]);
    expect(await updates()).toBe(1);

    // The same change from a new page (a new key) is a second change: the planner meant it.
    await post(planner, `/planning/scenarios/${id}`, { ...surge, idempotencyKey: "page-0002.add-surge" }, scenarioAction, { id });
    expect(await changesOf()).toHaveLength(2);

    // Removing the first change, sent twice, removes one change, not both.
    const remove = { intent: "remove-change", index: "0", idempotencyKey: "page-0003.remove-change.0" };
    await post(planner, `/planning/scenarios/${id}`, remove, scenarioAction, { id });
    await post(planner, `/planning/scenarios/${id}`, remove, scenarioAction, { id });
    expect(await changesOf()).toHaveLength(1);
    expect(await updates()).toBe(3);

    // Without a key the form is refused and nothing is written.
    const keyless = asDataResult(await post(planner, `/planning/scenarios/${id}`, { ...surge, idempotencyKey: "" }, scenarioAction, { id }));
    expect(keyless.status).toBe(400);
    expect(await changesOf()).toHaveLength(1);
  });
});
