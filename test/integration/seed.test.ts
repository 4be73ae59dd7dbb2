import { asc, eq, sql } from "drizzle-orm";
import { listFacilities } from "#db/facilities.server";
import { auditLog, facilities } from "#db/schema";
import { DEMO_PASSWORD, seedDemo } from "#db/seed.server";
import { queryRows } from "#db/sql.server";
import { listUsers } from "#db/users.server";
import { attemptLogin } from "~/lib/auth.server";
import { setupTestDatabase } from "../support/db";

const testDb = setupTestDatabase();

/** The number of rows in every table of the application, by table name. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await queryRows<{ name: string }>(
    testDb.db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: string | number }>(testDb.db, sql`select count(*) as n from ${sql.identifier(name)}`);
    counts[name] = Number(row?.n);
  }
  return counts;
}

// The demo seed also writes months of arrival history, which takes a while on PGlite.
describe("demo seed", { timeout: 120_000 }, () => {
  it("seeds the Darién network's five facilities", async () => {
    await expect(seedDemo(testDb.db)).resolves.toBe(true);
    const rows = await listFacilities(testDb.db, { all: true });
    expect(rows.map((f) => f.code)).toEqual(["ALM", "BCH", "LBL", "LPG", "SVC"]);
    const [svc] = await testDb.db.select().from(facilities).where(eq(facilities.code, "SVC"));
    expect(svc).toMatchObject({ name: "San Vicente", beds: 544, kind: "reception_station" });
  });

  it("seeds the demo accounts, one per role and the warehouse's manager, with their memberships", async () => {
    const accounts = await listUsers(testDb.db);
    expect(accounts.map(({ email, role, active, facilityCodes }) => ({ email, role, active, facilityCodes }))).toEqual([
      { email: "admin@albergue.demo", role: "admin", active: true, facilityCodes: [] },
      { email: "health@albergue.demo", role: "health_worker", active: true, facilityCodes: ["SVC"] },
      { email: "manager@albergue.demo", role: "manager", active: true, facilityCodes: ["LBL", "SVC"] },
      { email: "planner@albergue.demo", role: "planner", active: true, facilityCodes: [] },
      { email: "warehouse@albergue.demo", role: "manager", active: true, facilityCodes: ["ALM"] },
    ]);
  });

  it("audits what it created", async () => {
    const entries = await testDb.db
      .select({ entity: auditLog.entity, requestId: auditLog.requestId })
      .from(auditLog)
      .orderBy(asc(auditLog.id));
    expect(entries.filter((e) => e.entity === "facility")).toHaveLength(5);
    expect(entries.filter((e) => e.entity === "user")).toHaveLength(5);
    expect(new Set(entries.map((e) => e.requestId))).toEqual(new Set(["seed-demo"]));
  });

  it("lets the demo accounts sign in with the demo password", async () => {
    await expect(attemptLogin("manager@albergue.demo", DEMO_PASSWORD, "127.0.0.1")).resolves.toMatchObject({
      ok: true,
    });
  });

  it("shows a stock request at each step that moves no stock, raised at LPG and BCH to ALM", async () => {
    const rows = await queryRows<{ status: string; code: string }>(
      testDb.db,
      sql`select r.status, f.code from stock_requests r join facilities f on f.id = r.facility_id order by r.id`,
    );
    expect(rows.map((r) => `${r.code}:${r.status}`)).toEqual(["LPG:draft", "LPG:submitted", "BCH:approved", "BCH:rejected", "LPG:picking"]);
  });

  it("adds nothing when run again", async () => {
    const before = await rowCounts();
    expect(before).toMatchObject({ facilities: 5, users: 5, facility_memberships: 4, stock_requests: 5 });
    await expect(seedDemo(testDb.db)).resolves.toBe(false);
    expect(await rowCounts()).toEqual(before);
  });
});
