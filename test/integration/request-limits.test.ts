import { checkForm } from "~/lib/form-data.server";
import { callRoute } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { buildWorld, MEMBER, snapshot, type World } from "../support/world";

/**
 * Issue 14: what a signed-in user could send to stall the server or get a 500, replayed
 * against the real loaders and actions. The limits that sit in front of Remix (body size,
 * methods, the same-origin check) are driven over HTTP in e2e/limits.spec.ts.
 */

const testDb = setupTestDatabase();
let world: World;

beforeAll(async () => {
  world = await buildWorld(testDb.db);
});

function key() {
  return `limits-${Math.random().toString(36).slice(2)}`;
}

describe("forms with rows", () => {
  it("a sparse row index far above the form's maximum is a 400 with a message, and renders no rows", async () => {
    const before = await snapshot(testDb.db);
    const outcome = await callRoute(
      "facilities.$code.stock.shipments.new",
      "action",
      { userId: world.users.manager.id },
      `/facilities/${MEMBER}/stock/shipments/new`,
      { code: MEMBER },
      { form: { idempotencyKey: key(), "lines[3000].lot": "1" } },
    );
    expect(outcome.status).toBe(400);
    expect(outcome.body).toContain("form.tooManyRows");
    // The page carries the reason, not 3,001 rows.
    expect(outcome.body.length).toBeLessThan(1000);
    expect(await snapshot(testDb.db)).toEqual(before);
  });

  it("4,000 dense rows are refused before they are parsed", async () => {
    const form: Record<string, string> = { idempotencyKey: key() };
    for (let i = 0; i < 4000; i++) {
      form[`lines[${i}].lot`] = "1";
      form[`lines[${i}].quantity`] = "1";
    }
    const outcome = await callRoute(
      "facilities.$code.stock.receipts.new",
      "action",
      { userId: world.users.manager.id },
      `/facilities/${MEMBER}/stock/receipts/new`,
      { code: MEMBER },
      { form },
    );
    expect(outcome.status).toBe(413);
    expect(outcome.body).toContain("form.tooManyFields");
  });

  it("rows sent with gaps come back as the rows that were sent, in order, and no others", async () => {
    const outcome = await callRoute(
      "facilities.$code.arrivals.new",
      "action",
      { userId: world.users.manager.id },
      `/facilities/${MEMBER}/arrivals/new`,
      { code: MEMBER },
      {
        form: {
          idempotencyKey: key(),
          occurredAt: new Date().toISOString(),
          adultMen: "2",
          "nationalities[7].country": "VE",
          "nationalities[7].count": "1",
          "nationalities[15].country": "XX",
          "nationalities[15].count": "1",
        },
      },
    );
    expect(outcome.status).toBe(400);
    const reply = JSON.parse(outcome.body) as { initialValue: { nationalities: unknown[] }; error: Record<string, string[]> };
    expect(reply.initialValue.nationalities).toEqual([
      { country: "VE", count: "1" },
      { country: "XX", count: "1" },
    ]);
    expect(reply.error["nationalities[1].country"]).toEqual(["population.country"]);
  });

  it("a list nested in a list is renumbered within its own row", () => {
    const form = new FormData();
    form.append("rows[9].doses[4]", "a");
    form.append("rows[9].doses[2]", "b");
    form.append("rows[3].doses[8]", "c");
    expect([...checkForm(form).entries()]).toEqual([
      ["rows[1].doses[1]", "a"],
      ["rows[1].doses[0]", "b"],
      ["rows[0].doses[0]", "c"],
    ]);
  });

  it("a form posted as text/plain is a 415, not a 500", async () => {
    const outcome = await callRoute(
      "facilities.$code.arrivals.new",
      "action",
      { userId: world.users.manager.id },
      `/facilities/${MEMBER}/arrivals/new`,
      { code: MEMBER },
      { method: "POST", headers: { "Content-Type": "text/plain" }, json: "adultMen=3" },
    );
    expect(outcome.crash).toBeUndefined();
    expect(outcome.status).toBe(415);
  });
});

describe("ids and dates out of range", () => {
  const huge = "99999999999";
  const pages: [route: string, params: Record<string, string>][] = [
    ["admin.users.$id", { id: huge }],
    ["facilities.$code.transfers.$id.receive", { code: MEMBER, id: huge }],
    ["facilities.$code.stock.shipments.$id.receive", { code: MEMBER, id: huge }],
    ["facilities.$code.stock.counts.$sheetId", { code: MEMBER, sheetId: huge }],
    ["facilities.$code.stock.lots.$lotId", { code: MEMBER, lotId: huge }],
    ["facilities.$code.entries.$id.reverse", { code: MEMBER, id: "99999999999999999999" }],
    ["planning.scenarios.$id", { id: huge }],
  ];
  it.each(pages)("%s with an id no row can have is a 404", async (route, params) => {
    const user = route.startsWith("facilities.") ? world.users.manager : world.users.admin;
    const outcome = await callRoute(route, "loader", { userId: user.id }, "/x", params);
    expect(outcome.crash).toBeUndefined();
    expect(outcome.status).toBe(404);
  });

  it.each([
    ["admin.audit._index", "/admin/audit?to=9999-12-31&from=0000-01-01"],
    ["admin.audit._index", "/admin/audit?user=99999999999"],
    ["admin.audit.export[.csv]", "/admin/audit/export.csv?to=9999-12-31"],
    ["facilities.$code.entries._index", `/facilities/${MEMBER}/entries?from=0000-01-01&to=9999-12-31`],
    ["facilities.$code.entries[.csv]", `/facilities/${MEMBER}/entries.csv?from=0000-01-01&to=9999-12-31&before=99999999999999999999`],
    ["facilities.$code.stock.$itemCode[.csv]", `/facilities/${MEMBER}/stock/RATION-KIT.csv?lot=99999999999`],
  ])("%s %s answers without a 5xx", async (route, url) => {
    const outcome = await callRoute(route, "loader", { userId: world.users.admin.id }, url, {
      code: MEMBER,
      itemCode: "RATION-KIT",
    });
    expect(outcome.crash).toBeUndefined();
    expect(outcome.status).toBeLessThan(500);
  });

  it("a referral id out of range in a case action is a field error", async () => {
    const f = world.facilities[MEMBER];
    const before = await snapshot(testDb.db);
    const outcome = await callRoute(
      "facilities.$code.care.$caseCode._index",
      "action",
      { userId: world.users.health_worker.id },
      `/facilities/${MEMBER}/care/${f.caseCode}`,
      { code: MEMBER, caseCode: f.caseCode },
      { form: { intent: "referralStatus", idempotencyKey: key(), referralId: huge, status: "completed", note: "" } },
    );
    expect(outcome.crash).toBeUndefined();
    expect(outcome.status).toBeGreaterThanOrEqual(400);
    expect(outcome.status).toBeLessThan(500);
    expect(await snapshot(testDb.db)).toEqual(before);
  });
});

describe("the API", () => {
  it("a body nested 32,000 levels deep inside 64 KiB is a 400", async () => {
    const deep = `{"notes":${"[".repeat(30_000)}${"]".repeat(30_000)}}`;
    const outcome = await callRoute(
      "api.v1.facilities.$code.arrivals",
      "action",
      { bearer: world.token.secret },
      `/api/v1/facilities/${MEMBER}/arrivals`,
      { code: MEMBER },
      { json: deep, headers: { "Idempotency-Key": key() } },
    );
    expect(outcome.crash).toBeUndefined();
    expect(outcome.status).toBe(400);
    expect(JSON.parse(outcome.body)).toMatchObject({ error: "malformed_json" });
  });
});
