import { sql } from "drizzle-orm";
import { facilityIdsByCodes } from "#db/facilities.server";
import { seedDemo } from "#db/seed.server";
import { queryRows } from "#db/sql.server";
import { runInvariantChecks } from "#db/verify.server";
import { facilityStock, type ItemStock } from "~/lib/stock.server";
import { addDays, zonedDay } from "~/lib/time";
import { setupTestDatabase } from "../support/db";

const testDb = setupTestDatabase();
const timeZone = "America/Panama";
// A fixed clock, so the demo is the same on every run (and its "today" is known).
const now = new Date("2026-11-27T20:00:00Z");
const today = zonedDay(now, timeZone);
const stock = new Map<string, ItemStock[]>();

// The demo seed writes a year of population and stock history, which takes a while on PGlite.
describe("the demo's stock history", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    await expect(seedDemo(testDb.db, { now, timeZone })).resolves.toBe(true);
    for (const { id, code } of await facilityIdsByCodes(testDb.db, ["BCH", "LBL", "SVC", "LPG", "ALM"])) {
      stock.set(code, await facilityStock(testDb.db, id, today));
    }
  }, 180_000);

  it("passes every invariant check", async () => {
    const results = await runInvariantChecks(testDb.db);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => r.name)).toContain("stock balances equal the sum of their entries");
  });

  it("keeps to a few thousand operations over the year, daily for the last 30 days", async () => {
    const [ops] = await queryRows<{ n: string | number; first: string; last: string }>(
      testDb.db,
      sql`select count(*) as n, min(occurred_at)::text as first, max(occurred_at)::text as last from stock_operations`,
    );
    expect(Number(ops!.n)).toBeGreaterThan(1000);
    expect(Number(ops!.n)).toBeLessThan(5000);
    expect(new Date(ops!.last).getTime()).toBeLessThanOrEqual(now.getTime());
    expect(new Date(ops!.first).getTime()).toBeLessThan(now.getTime() - 360 * 86_400_000);
    const daily = await queryRows<{ day: string }>(
      testDb.db,
      sql`select distinct (occurred_at at time zone ${timeZone})::date::text as day from stock_operations
          where kind = 'issue' and occurred_at > ${new Date(now.getTime() - 30 * 86_400_000).toISOString()}::timestamptz`,
    );
    expect(daily.length).toBeGreaterThanOrEqual(28);
  });

  it("distributes what the people present need", async () => {
    // Over the last 30 days, the ration kits issued at each station are the person-days there.
    const rows = await queryRows<{ code: string; kits: string | number; people: string | number }>(
      testDb.db,
      sql`select f.code, -sum(x.quantity) as kits, sum(o.people_served) as people
          from stock_operations o
          join (select operation_id, item_id, sum(quantity) as quantity from stock_entries group by operation_id, item_id) x on x.operation_id = o.id
          join items i on i.id = x.item_id
          join facilities f on f.id = o.facility_id
          where o.kind = 'issue' and i.code = 'RATION-KIT' and o.occurred_at >= ${addDays(today, -29)}::date
          group by f.code order by f.code`,
    );
    expect(rows.map((r) => r.code)).toEqual(["BCH", "LBL", "LPG", "SVC"]);
    for (const row of rows) {
      expect(Number(row.kits)).toBeGreaterThan(0);
      // Equal, except where a station ran short (San Vicente after its store flooded).
      expect(Number(row.kits)).toBeLessThanOrEqual(Number(row.people));
      expect(Number(row.kits)).toBeGreaterThan(Number(row.people) * 0.9);
    }
  });

  it("leaves a station with less than its lead time of cover of an item", () => {
    const short = [...stock.entries()].flatMap(([code, items]) =>
      items.filter((i) => i.daysOfCover !== null && i.daysOfCover < i.leadTimeDays).map((i) => `${code} ${i.code}`),
    );
    expect(short).toContain("SVC RATION-KIT");
    const ration = stock.get("SVC")!.find((i) => i.code === "RATION-KIT")!;
    expect(ration.usable).toBeGreaterThan(0);
    expect(ration.inTransitIn).toBeGreaterThan(0);
  });

  it("has an expired lot still in stock, and lots expiring within 30 to 90 days", () => {
    const expired = [...stock.values()].flatMap((items) => items.flatMap((i) => i.lots.filter((l) => l.state === "expired" && l.quantity > 0)));
    expect(expired.length).toBeGreaterThan(0);
    expect(stock.get("LPG")!.find((i) => i.code === "ORS")!.expired).toBeGreaterThan(0);
    const expiring = [...stock.values()].flatMap((items) =>
      items.flatMap((i) =>
        i.lots.filter((l) => l.state === "usable" && l.quantity > 0 && l.expiry !== null && l.expiry >= addDays(today, 30) && l.expiry <= addDays(today, 90)),
      ),
    );
    expect(new Set(expiring.map((l) => l.lotNumber)).size).toBeGreaterThanOrEqual(2);
  });

  it("has an MR vaccine lot quarantined at VVM stage 3 at San Vicente", () => {
    const mr = stock.get("SVC")!.find((i) => i.code === "VAC-MR")!;
    const quarantined = mr.lots.filter((l) => l.quantity > 0 && (l.state === "vvm" || l.state === "quarantined"));
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ vvmStage: 3, quarantined: true });
    expect(mr.quarantined).toBe(quarantined[0]!.quantity);
    expect(mr.usable).toBeGreaterThan(0);
  });
});

