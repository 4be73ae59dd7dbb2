import { and, eq } from "drizzle-orm";
import { countLines, stockBalances } from "#db/schema";
import { callRoute, type Outcome } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { submissionsFor, urlFor } from "../support/route-requests";
import { buildWorld, MEMBER, OTHER, snapshot, type World } from "../support/world";

/**
 * No IDOR: every id in a URL or a form is checked against the user's scope. A user who belongs
 * to SVC names, under /facilities/SVC, a record that belongs to LBL (an entry, a transfer, a lot,
 * a count sheet, a shipment, a care case, a referral): the answer is 404, as if it did not exist,
 * and nothing is written.
 */

const testDb = setupTestDatabase();
let world: World;

beforeAll(async () => {
  world = await buildWorld(testDb.db);
});

type Id = "entryId" | "transferId" | "shipmentId" | "sheetId" | "lotId" | "caseCode" | "requestId";
const paramOf: Record<Id, string> = { entryId: "id", transferId: "id", shipmentId: "id", sheetId: "sheetId", lotId: "lotId", caseCode: "caseCode", requestId: "id" };

/** URL ids: the route, who calls it, and which of LBL's records goes in the URL. */
const urlCases: { route: string; role: "manager" | "health_worker"; id: Id }[] = [
  { route: "facilities.$code.entries.$id.reverse", role: "manager", id: "entryId" },
  { route: "facilities.$code.transfers.$id.receive", role: "manager", id: "transferId" },
  { route: "facilities.$code.stock.shipments.$id.receive", role: "manager", id: "shipmentId" },
  { route: "facilities.$code.stock.counts.$sheetId", role: "manager", id: "sheetId" },
  { route: "facilities.$code.stock.lots.$lotId", role: "manager", id: "lotId" },
  { route: "facilities.$code.requests.$id", role: "manager", id: "requestId" },
  { route: "facilities.$code.care.$caseCode._index", role: "health_worker", id: "caseCode" },
  { route: "facilities.$code.care.$caseCode.summary", role: "health_worker", id: "caseCode" },
  { route: "facilities.$code.care.$caseCode.vaccinate", role: "health_worker", id: "caseCode" },
];

function explain(o: Outcome) {
  return `${o.status} ${o.location ?? ""} ${o.crash ? String(o.crash) : ""}`;
}

describe("an id of another facility in the URL", () => {
  for (const c of urlCases) {
    it(`${c.route}: ${c.id} of LBL under /facilities/SVC is 404 for the loader and every action intent, writing nothing`, async () => {
      const { params } = urlFor(c.route, world, MEMBER);
      params[paramOf[c.id]] = String(world.facilities[OTHER][c.id]);
      const path = `/facilities/${MEMBER}/${c.route.split(".").slice(2).map((s) => (s.startsWith("$") && s !== "$code" ? params[s.slice(1)] : s)).filter((s) => s !== "_index").join("/")}`;
      const caller = { userId: world.users[c.role].id };
      const loader = await callRoute(c.route, "loader", caller, path, params);
      expect(loader.status, explain(loader)).toBe(404);
      for (const submission of submissionsFor(c.route, world, MEMBER)) {
        const before = await snapshot(testDb.db);
        const outcome = await callRoute(c.route, "action", caller, path, params, { form: submission.fields });
        expect(outcome.status, `${submission.intent}: ${explain(outcome)}`).toBe(404);
        expect(await snapshot(testDb.db)).toEqual(before);
      }
    });
  }
});

describe("a request another warehouse supplies, on this warehouse's pick list", () => {
  it("facilities.$code.picking.$id: SVC's own request (supplied by LBL) under /facilities/SVC/picking is 404, writing nothing", async () => {
    const route = "facilities.$code.picking.$id";
    const { params } = urlFor(route, world, MEMBER);
    params.id = String(world.facilities[MEMBER].requestId);
    const path = `/facilities/${MEMBER}/picking/${params.id}`;
    const caller = { userId: world.users.manager.id };
    const loader = await callRoute(route, "loader", caller, path, params);
    expect(loader.status, explain(loader)).toBe(404);
    for (const submission of submissionsFor(route, world, MEMBER)) {
      const before = await snapshot(testDb.db);
      const outcome = await callRoute(route, "action", caller, path, params, { form: submission.fields });
      expect(outcome.status, `${submission.intent}: ${explain(outcome)}`).toBe(404);
      expect(await snapshot(testDb.db)).toEqual(before);
    }
  });
});

describe("an id of another facility in a form", () => {
  const formCases: { route: string; role: "manager" | "health_worker"; intent?: string; field: string; value: (w: World) => string }[] = [
    { route: "facilities.$code.stock.adjustments.new", role: "manager", field: "lotId", value: (w) => String(w.facilities[OTHER].lotId) },
    { route: "facilities.$code.stock.shipments.new", role: "manager", field: "lines[0].lot", value: (w) => String(w.facilities[OTHER].lotId) },
    { route: "facilities.$code.care.$caseCode._index", role: "health_worker", intent: "referralStatus", field: "referralId", value: (w) => String(w.facilities[OTHER].referralId) },
  ];
  for (const c of formCases) {
    it(`${c.route}${c.intent ? ` (${c.intent})` : ""}: ${c.field} of LBL is refused with a 4xx, writing nothing`, async () => {
      const { params, path } = urlFor(c.route, world, MEMBER);
      const submissions = submissionsFor(c.route, world, MEMBER).filter((s) => !c.intent || s.intent === c.intent);
      expect(submissions).toHaveLength(1);
      const fields = { ...submissions[0]!.fields, [c.field]: c.value(world) };
      const before = await snapshot(testDb.db);
      const outcome = await callRoute(c.route, "action", { userId: world.users[c.role].id }, path, params, { form: fields });
      expect(outcome.crash, explain(outcome)).toBeUndefined();
      expect(outcome.status, explain(outcome)).toBeGreaterThanOrEqual(400);
      expect(outcome.status, explain(outcome)).toBeLessThan(500);
      expect(await snapshot(testDb.db)).toEqual(before);
    });
  }

  // These two forms list lines by lot and take only the lots of the sheet or shipment named in
  // the URL (itself checked above): a foreign lot is dropped, the rest of the form is applied.
  it("a count sheet save drops a line for a lot of another facility", async () => {
    const { params, path } = urlFor("facilities.$code.stock.counts.$sheetId", world, MEMBER);
    const foreign = world.facilities[OTHER].lotId;
    const outcome = await callRoute("facilities.$code.stock.counts.$sheetId", "action", { userId: world.users.manager.id }, path, params, {
      form: { intent: "save", idempotencyKey: "idor-count-0001", "lines[0].lotId": String(foreign), "lines[0].counted": "1" },
    });
    expect(outcome.status, explain(outcome)).toBeLessThan(500);
    const lines = await testDb.db
      .select({ lotId: countLines.lotId })
      .from(countLines)
      .where(and(eq(countLines.sheetId, world.facilities[MEMBER].sheetId), eq(countLines.lotId, foreign)));
    expect(lines).toEqual([]);
  });

  it("a shipment receipt drops a line for a lot that was not in the shipment", async () => {
    const { params, path } = urlFor("facilities.$code.stock.shipments.$id.receive", world, MEMBER);
    const own = world.facilities[MEMBER].lotId;
    const balance = async () =>
      (await testDb.db.select({ q: stockBalances.quantity }).from(stockBalances).where(and(eq(stockBalances.facilityId, world.facilities[MEMBER].id), eq(stockBalances.lotId, own))))[0]?.q;
    const before = await balance();
    const outcome = await callRoute("facilities.$code.stock.shipments.$id.receive", "action", { userId: world.users.manager.id }, path, params, {
      form: { idempotencyKey: "idor-ship-0001", occurredAt: submissionsFor("facilities.$code.stock.shipments.$id.receive", world, MEMBER)[0]!.fields.occurredAt!, "lines[0].lotId": String(own), "lines[0].received": "1" },
    });
    expect(outcome.status, explain(outcome)).toBeLessThan(500);
    expect(await balance()).toBe(before);
  });

  it("the API refuses a token's write to a facility it is not scoped to, writing nothing", async () => {
    const { params, path } = urlFor("api.v1.facilities.$code.arrivals", world, OTHER);
    const before = await snapshot(testDb.db);
    const outcome = await callRoute("api.v1.facilities.$code.arrivals", "action", { bearer: world.token.secret }, path, params, {
      json: { occurredAt: new Date(Date.now() - 60_000).toISOString(), adultMen: 1 },
      headers: { "Idempotency-Key": "idor-api-0001" },
    });
    expect(outcome.status).toBe(403);
    expect(await snapshot(testDb.db)).toEqual(before);
  });
});

describe("lists that name no facility in the URL", () => {
  // The matrix lets managers and health workers call these; what they return is their scope only.
  const lists = ["facilities._index", "facilities.export[.csv]", "care.aggregates"] as const;
  for (const route of lists) {
    it(`${route} shows a member of SVC nothing of LBL`, async () => {
      for (const role of ["manager", "health_worker"] as const) {
        if (route === "care.aggregates" && role === "manager") continue;
        const { params, path } = urlFor(route, world, MEMBER);
        const outcome = await callRoute(route, "loader", { userId: world.users[role].id }, path, params);
        expect(outcome.status, explain(outcome)).toBe(200);
        expect(outcome.body).toContain("SVC");
        expect(outcome.body).not.toContain("LBL");
        expect(outcome.body).not.toContain("Lajas Blancas");
      }
    });
  }
});

describe("the DHIS2 admin forms name records by id or code", () => {
  // Admin-only pages (every facility is in an admin's scope), so the risk is a record that does
  // not exist rather than one of another facility: refused or ignored, never a crash, nothing written.
  it("an organisation unit for a facility code that does not exist is refused, writing nothing", async () => {
    const { params, path } = urlFor("admin.dhis2._index", world, MEMBER);
    const before = await snapshot(testDb.db);
    const outcome = await callRoute("admin.dhis2._index", "action", { userId: world.users.admin.id }, path, params, {
      form: { intent: "org-unit", facility: "ZZZ9", orgUnit: "OU_ZZZ" },
    });
    expect(outcome.status, explain(outcome)).toBe(400);
    expect(await snapshot(testDb.db)).toEqual(before);
  });

  it("removing a mapping id that does not exist writes nothing", async () => {
    const { params, path } = urlFor("admin.dhis2.mappings", world, MEMBER);
    const before = await snapshot(testDb.db);
    const outcome = await callRoute("admin.dhis2.mappings", "action", { userId: world.users.admin.id }, path, params, {
      form: { intent: "remove", mappingId: "2147483647" },
    });
    expect(outcome.status, explain(outcome)).toBeLessThan(500);
    expect(await snapshot(testDb.db)).toEqual(before);
  });
});
