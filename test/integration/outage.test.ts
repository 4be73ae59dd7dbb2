// While PostgreSQL cannot be reached the app answers 503 with Retry-After (not a 500 with a
// reference), a write refused that way leaves nothing behind, and the same request with the
// same key succeeds once the database is back. Real connections throughout: a `postgres` pool
// pointed at a port where nothing listens, and (on PostgreSQL) a backend the server terminates.
import { createServer } from "node:net";
import type { AppLoadContext } from "@remix-run/node";
import { eq, sql } from "drizzle-orm";
import { insertApiToken } from "#db/api-tokens.server";
import { openDatabase, type Database } from "#db/client.server";
import { populationEntries } from "#db/schema";
import { handleError } from "~/entry.server";
import { ledgerKey } from "~/lib/api.server";
import { useDatabase } from "~/lib/db.server";
import { isDatabaseUnavailable } from "~/lib/outage.server";
import { action as arrivalsApi } from "~/routes/api.v1.facilities.$code.arrivals";
import { action as arrivalForm } from "~/routes/facilities.$code.arrivals.new";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, rejectionOf } from "../support/fixtures";
import { BASE_URL, formRequest, requestContext, signedInRequest, thrownBy } from "../support/remix";

const testDb = setupTestDatabase();

/** A local port that refuses connections: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

let dead: Database;
let facilityId: number;
let token: { id: number; token: string };

beforeAll(async () => {
  dead = await openDatabase({ url: `postgres://postgres@127.0.0.1:${await closedPort()}/nothing`, max: 1 });
  facilityId = await createFacility(testDb.db, { code: "OUT" });
  token = await insertApiToken(testDb.db, { name: "Registry", facilityIds: [facilityId], createdBy: null });
});
afterAll(async () => {
  useDatabase(testDb.database);
  await dead.close();
});

// One time for every attempt: a retry is the same request, byte for byte.
const occurredAt = new Date(Date.now() - 60_000).toISOString();

function apiArrival(key: string) {
  return new Request(`${BASE_URL}/api/v1/facilities/OUT/arrivals`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token.token}`, "Content-Type": "application/json", "Idempotency-Key": key },
    body: JSON.stringify({ occurredAt, adultWomen: 2, nationalities: [{ country: "VE", count: 2 }] }),
  });
}

it("recognises a refused connection, through drizzle's wrapping, and not an ordinary query error", async () => {
  const refused = await rejectionOf(dead.db.execute(sql`select 1`));
  expect(isDatabaseUnavailable(refused)).toBe(true);
  const badQuery = await rejectionOf(testDb.db.execute(sql`select * from no_such_table`));
  expect(isDatabaseUnavailable(badQuery)).toBe(false);
  expect(isDatabaseUnavailable(new Error("unexpected outcome"))).toBe(false);
});

it("answers an API write 503 with Retry-After while the database is down, and counts the retry once", async () => {
  useDatabase(dead);
  const down = await arrivalsApi({ request: apiArrival("outage-key-0001"), context: requestContext(), params: { code: "OUT" } });
  useDatabase(testDb.database);
  expect(down.status).toBe(503);
  expect(down.headers.get("Retry-After")).toBe("5");
  const body = (await down.json()) as { error: string; message: string };
  expect(body.error).toBe("unavailable");
  expect(body.message).toMatch(/Retry in a few seconds with the same Idempotency-Key/);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);

  for (let attempt = 0; attempt < 2; attempt += 1) {
    const back = await arrivalsApi({ request: apiArrival("outage-key-0001"), context: requestContext(), params: { code: "OUT" } });
    expect(back.status).toBe(201);
  }
  const rows = await testDb.db
    .select({ id: populationEntries.id })
    .from(populationEntries)
    .where(eq(populationEntries.idempotencyKey, ledgerKey(token.id, "outage-key-0001")));
  expect(rows).toHaveLength(1);
});

it("marks a page request that could not reach the database, so the server answers 503", async () => {
  const user = await createUser(testDb.db, { role: "manager", facilityIds: [facilityId] });
  const signedIn = await signedInRequest(user.id, "/facilities/OUT/arrivals/new");
  const request = formRequest("/facilities/OUT/arrivals/new", { idempotencyKey: "outage-form-0001", occurredAt: "2026-01-01T10:00", adultMen: "1" }, signedIn.headers);
  const context: AppLoadContext = { ...requestContext(), outage: { databaseUnavailable: false } };
  useDatabase(dead);
  const thrown = await thrownBy(arrivalForm({ request, context, params: { code: "OUT" } }));
  useDatabase(testDb.database);
  handleError(thrown, { request, context, params: { code: "OUT" } });
  expect(context.outage?.databaseUnavailable).toBe(true);

  // An ordinary failure stays a 500.
  const other: AppLoadContext = { ...requestContext(), outage: { databaseUnavailable: false } };
  handleError(new Error("a bug"), { request, context: other, params: {} });
  expect(other.outage?.databaseUnavailable).toBe(false);
});

if (testDb.driver === "postgres") {
  it("recognises a backend the server terminates (57P01), and the pool reconnects by itself", async () => {
    const pool = await testDb.connectAgain();
    const [{ pid }] = (await pool.db.execute(sql`select pg_backend_pid() as pid`)) as unknown as [{ pid: number }];
    const sleeping = rejectionOf(pool.db.execute(sql`select pg_sleep(30)`));
    await vi.waitFor(async () => {
      const [row] = (await testDb.db.execute(sql`select count(*)::int as n from pg_stat_activity where pid = ${pid} and state = 'active'`)) as unknown as [{ n: number }];
      expect(row.n).toBe(1);
    });
    await testDb.db.execute(sql`select pg_terminate_backend(${pid})`);
    expect(isDatabaseUnavailable(await sleeping)).toBe(true);
    const [again] = (await pool.db.execute(sql`select 1 as one`)) as unknown as [{ one: number }];
    expect(again.one).toBe(1);
  });
}
