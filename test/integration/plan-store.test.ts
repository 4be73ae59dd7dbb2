import { sql } from "drizzle-orm";
import { appendAudit } from "#db/audit.server";
import { recordArrival } from "#db/census.server";
import { BASELINE_PLAN_KEY, getStoredPlanMeta, markStoredPlanFailed } from "#db/plans.server";
import { queryRows } from "#db/sql.server";
import type { Database } from "#db/client.server";
import type { Db } from "#db/types";
import { emptyCounts, type Counts } from "~/lib/domain/population";
import { checkStoredPlans, readPlan, refreshPlans } from "~/lib/plan-store.server";
import { PLAN_QUEUE, startPlanWorker, stopPlanWorker } from "~/lib/plan-worker.server";
import { zonedDay } from "~/lib/time";
import { loader as dashboardLoader } from "~/routes/planning._index";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser } from "../support/fixtures";
import { requestContext, signedInRequest } from "../support/remix";

const testDb = setupTestDatabase();
const TZ = "America/Panama";
const counts = (partial: Partial<Counts>): Counts => ({ ...emptyCounts(), ...partial });
let facilityId: number;
let serial = 0;

async function arrive(db: Db, people: number) {
  const occurredAt = new Date();
  const key = `plan-store-${process.pid}-${serial++}`;
  await db.transaction(async (tx) => {
    await recordArrival(
      tx,
      { facilityId, occurredAt, day: zonedDay(occurredAt, TZ), counts: counts({ adultMen: people }) },
      { recordedBy: null, idempotencyKey: key },
    );
    await appendAudit(tx, { userId: null }, { action: "create", entity: "population_entry", facilityId, changes: { key } });
  });
}

const censusIn = async (db: Db) => (await readPlan(db)).plan.facilities.find((f) => f.id === facilityId)!.census;

/** Waits for a condition, never for the machine to be fast: polls until it holds or a minute passes. */
async function until<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("stored plans (decision 018)", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    facilityId = await createFacility(testDb.db, { code: "PST", beds: 100 });
  });

  it("computes the plan once when none is stored, then serves it with its age", async () => {
    expect(await getStoredPlanMeta(testDb.db, [BASELINE_PLAN_KEY])).toEqual([]);
    const view = await readPlan(testDb.db);
    expect(view.plan.facilities.map((f) => f.code)).toContain("PST");
    expect(view.freshness.stale).toBe(false);
    expect(view.freshness.failedAt).toBeNull();
    const [meta] = await getStoredPlanMeta(testDb.db, [BASELINE_PLAN_KEY]);
    expect(meta!.computedAt.toISOString()).toBe(view.freshness.computedAt);
  });

  it("says the plan is stale after a write, and shows the write once recomputed", async () => {
    await refreshPlans(testDb.db);
    const before = await censusIn(testDb.db);
    await arrive(testDb.db, 7);
    const stale = await readPlan(testDb.db);
    // Served from the store: the arrival is not in it yet, and the page says so.
    expect(stale.freshness.stale).toBe(true);
    expect(stale.plan.facilities.find((f) => f.id === facilityId)!.census).toBe(before);
    const report = await refreshPlans(testDb.db);
    expect(report.computed).toContain(BASELINE_PLAN_KEY);
    const fresh = await readPlan(testDb.db);
    expect(fresh.freshness.stale).toBe(false);
    expect(fresh.plan.facilities.find((f) => f.id === facilityId)!.census).toBe(before + 7);
    expect(fresh.freshness.dataUntil).not.toBeNull();
  });

  it("does not recompute a plan whose inputs did not change, but moves its mark", async () => {
    const now = new Date();
    await refreshPlans(testDb.db, { now });
    // A read or a sign-in never makes the plan stale.
    await appendAudit(testDb.db, { userId: null }, { action: "view", entity: "care_case", changes: {} });
    await appendAudit(testDb.db, { userId: null }, { action: "login", entity: "session", changes: {} });
    expect((await readPlan(testDb.db)).freshness.stale).toBe(false);
    // A write that may change the inputs does, until the worker finds that it did not.
    await appendAudit(testDb.db, { userId: null }, { action: "create", entity: "referral", changes: {} });
    expect((await readPlan(testDb.db)).freshness.stale).toBe(true);
    const report = await refreshPlans(testDb.db, { now });
    expect(report.computed).toEqual([]);
    expect(report.unchanged).toContain(BASELINE_PLAN_KEY);
    expect((await readPlan(testDb.db)).freshness.stale).toBe(false);
  });

  it("proves every stored plan is the plan of its inputs, and catches one that is not", async () => {
    await refreshPlans(testDb.db);
    expect(await checkStoredPlans(testDb.db)).toEqual([{ key: BASELINE_PLAN_KEY, ok: true }]);
    await arrive(testDb.db, 3);
    expect(await checkStoredPlans(testDb.db)).toEqual([{ key: BASELINE_PLAN_KEY, ok: false }]);
    await refreshPlans(testDb.db);
    expect(await checkStoredPlans(testDb.db)).toEqual([{ key: BASELINE_PLAN_KEY, ok: true }]);
  });

  it("shows a failed recompute as such on the dashboard, with the last good plan", async () => {
    await refreshPlans(testDb.db);
    await markStoredPlanFailed(testDb.db, BASELINE_PLAN_KEY, "boom", new Date());
    const planner = await createUser(testDb.db, { role: "planner" });
    const page = await dashboardLoader({ request: await signedInRequest(planner.id, "/planning"), context: requestContext(), params: {} });
    expect(page.freshness.failedAt).not.toBeNull();
    expect(page.cards.map((c) => c.code)).toContain("PST");
    // The next successful recompute clears it.
    await refreshPlans(testDb.db);
    expect((await readPlan(testDb.db)).freshness.failedAt).toBeNull();
  });

  it("recomputes after a burst of writes through the queue, once or a few times, not once per write", async () => {
    await refreshPlans(testDb.db);
    const databases: Database[] = [testDb.database];
    // On PostgreSQL a second app server's pool shares the queue; PGlite has only this process.
    if (testDb.driver === "postgres") databases.push(await testDb.connectAgain());
    const completed = async () =>
      Number(
        (
          await queryRows<{ n: string | number }>(
            testDb.db,
            sql`select count(*) as n from pgboss.job where name = ${PLAN_QUEUE} and state = 'completed'`,
          )
        )[0]!.n,
      );
    // Each server runs its watcher; one pg-boss instance per process is what the app has, so a
    // second server is its own process in the soak test. Here: one worker, two pools writing.
    await startPlanWorker(testDb.database, { tickMs: 200, maxWaitMs: 1000 });
    try {
      await until(async () => (await getStoredPlanMeta(testDb.db, [BASELINE_PLAN_KEY]))[0], "a stored plan");
      const start = await completed();
      const before = await censusIn(testDb.db);
      const burst = 60;
      for (let i = 0; i < burst; i++) await arrive(databases[i % databases.length]!.db, 1);
      await until(async () => (await censusIn(testDb.db)) === before + burst && !(await readPlan(testDb.db)).freshness.stale, "the plan to show the burst");
      const recomputes = (await completed()) - start;
      expect(recomputes).toBeGreaterThanOrEqual(1);
      expect(recomputes).toBeLessThan(burst / 4);
    } finally {
      await stopPlanWorker();
    }
  });
});
