import { count, eq } from "drizzle-orm";
import { insertApiToken } from "#db/api-tokens.server";
import { auditLog, items, populationEntries, stockOperations } from "#db/schema";
import { receiveStock } from "#db/stock.server";
import { runInvariantChecks } from "#db/verify.server";
import { callRoute } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { createFacility } from "../support/fixtures";

/**
 * The batch endpoints (issue 13 item 5): up to 500 arrivals or issues in one request, all or
 * nothing, idempotent per record, through the same commands as the single endpoints.
 */

const testDb = setupTestDatabase();
const CODE = "BAT";
let facilityId: number;
let token: string;
let foreignToken: string;
let seq = 0;
const key = (prefix = "batch") => `${prefix}-${Date.now().toString(36)}-${seq++}`;
const occurredAt = () => new Date(Date.now() - 10 * 60_000).toISOString();

interface BatchBody {
  error?: string;
  message?: string;
  fields?: Record<string, string[]>;
  created?: number;
  duplicates?: number;
  records?: {
    index: number;
    idempotencyKey: string;
    status?: string;
    entryId?: number;
    operationId?: number;
    fields?: Record<string, string[]>;
    picks?: { lotNumber: string; quantity: number; balanceAfter: number }[];
  }[];
  census?: { total: number };
}

beforeAll(async () => {
  const db = testDb.db;
  facilityId = await createFacility(db, { code: CODE, name: "Lotes" });
  const other = await createFacility(db, { code: "BATX", name: "Otra" });
  token = (await insertApiToken(db, { name: "registro nacional", facilityIds: [facilityId], createdBy: null })).token;
  foreignToken = (await insertApiToken(db, { name: "otra", facilityIds: [other], createdBy: null })).token;
  const [ration] = await db.select({ id: items.id }).from(items).where(eq(items.code, "RATION-KIT"));
  await db.transaction((tx) =>
    receiveStock(
      tx,
      {
        facilityId,
        occurredAt: new Date(Date.now() - 3_600_000),
        lines: [
          { itemId: ration!.id, lotNumber: "BAT-A", expiry: "2099-01-31", quantity: 300 },
          { itemId: ration!.id, lotNumber: "BAT-B", expiry: "2099-12-31", quantity: 1000 },
        ],
      },
      { recordedBy: null, idempotencyKey: "batch-receipt" },
    ),
  );
});

function arrival(i: number, overrides: Record<string, unknown> = {}) {
  // Six people of two nationalities, as a registration system would send a family.
  return {
    idempotencyKey: key("arr"),
    occurredAt: occurredAt(),
    adultMen: 2,
    adultWomen: 2,
    girls1to4: 1,
    boys5to17: 1,
    nationalities: [
      { country: "VE", count: 4 },
      { country: "CO", count: 2 },
    ],
    biometricsRegistered: 4,
    origin: `Bajo Chiquito ${i}`,
    notes: "",
    ...overrides,
  };
}

function issue(overrides: Record<string, unknown> = {}) {
  return { idempotencyKey: key("iss"), occurredAt: occurredAt(), item: "RATION-KIT", quantity: 1, peopleServed: 1, ...overrides };
}

async function post(kind: "arrivals" | "issues", records: unknown, bearer = token) {
  const route = kind === "arrivals" ? "api.v1.facilities.$code.arrivals.batch" : "api.v1.facilities.$code.stock.issues.batch";
  const path = kind === "arrivals" ? "arrivals/batch" : "stock/issues/batch";
  const outcome = await callRoute(route, "action", { bearer }, `/api/v1/facilities/${CODE}/${path}`, { code: CODE }, { json: { records } });
  return { status: outcome.status, body: JSON.parse(outcome.body) as BatchBody };
}

async function written() {
  const db = testDb.db;
  const [entries] = await db.select({ n: count() }).from(populationEntries).where(eq(populationEntries.facilityId, facilityId));
  const [operations] = await db.select({ n: count() }).from(stockOperations).where(eq(stockOperations.facilityId, facilityId));
  const [audit] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.facilityId, facilityId));
  return { entries: entries!.n, operations: operations!.n, audit: audit!.n };
}

describe("POST /arrivals/batch", () => {
  let first: ReturnType<typeof arrival>[];
  let firstAnswer: BatchBody;

  it("records 500 groups in one request, each with its entry and audit entry", async () => {
    const before = await written();
    first = Array.from({ length: 500 }, (_, i) => arrival(i));
    const { status, body } = await post("arrivals", first);
    expect(status, JSON.stringify(body).slice(0, 500)).toBe(200);
    expect(body).toMatchObject({ created: 500, duplicates: 0, census: { total: 3000 } });
    expect(body.records).toHaveLength(500);
    expect(body.records![7]).toMatchObject({ index: 7, idempotencyKey: first[7]!.idempotencyKey, status: "created" });
    expect(await written()).toEqual({ ...before, entries: before.entries + 500, audit: before.audit + 500 });
    firstAnswer = body;
    expect((await runInvariantChecks(testDb.db)).filter((c) => !c.ok)).toEqual([]);
  });

  it("writes nothing new when the same batch is sent again, and answers each record as before", async () => {
    const before = await written();
    const { status, body } = await post("arrivals", first);
    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 0, duplicates: 500, census: { total: 3000 } });
    expect(body.records!.map((r) => r.entryId)).toEqual(firstAnswer.records!.map((r) => r.entryId));
    expect(body.records!.every((r) => r.status === "duplicate")).toBe(true);
    expect(await written()).toEqual(before);
  });

  it("records only the new records of a batch that mixes new and already-recorded keys", async () => {
    const before = await written();
    const fresh = [arrival(900), arrival(901)];
    const { status, body } = await post("arrivals", [first[0], fresh[0], first[1], fresh[1]]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 2, duplicates: 2 });
    expect(body.records!.map((r) => r.status)).toEqual(["duplicate", "created", "duplicate", "created"]);
    expect(body.records![0]!.entryId).toBe(firstAnswer.records![0]!.entryId);
    expect(await written()).toEqual({ ...before, entries: before.entries + 2, audit: before.audit + 2 });
  });

  it("refuses 501 records and writes nothing", async () => {
    const before = await written();
    const { status, body } = await post("arrivals", Array.from({ length: 501 }, (_, i) => arrival(i)));
    expect(status).toBe(400);
    expect(body.fields?.records).toEqual(["A batch carries at most 500 records; this one carries 501."]);
    expect(await written()).toEqual(before);
  });

  it("writes nothing when one record is invalid, and names each bad record by its index", async () => {
    const before = await written();
    const records = Array.from({ length: 20 }, (_, i) => arrival(i));
    records[7] = arrival(7, { adultMen: -1 });
    records[12] = arrival(12, { nationalities: [{ country: "XX", count: 6 }] });
    const { status, body } = await post("arrivals", records);
    expect(status).toBe(400);
    expect(body.error).toBe("validation");
    expect(body.records!.map((r) => r.index)).toEqual([7, 12]);
    expect(body.records![0]!.idempotencyKey).toBe(records[7]!.idempotencyKey);
    expect(Object.keys(body.records![0]!.fields!)).toContain("adultMen");
    expect(Object.keys(body.records![1]!.fields!)).toEqual(["nationalities[0].country"]);
    expect(await written()).toEqual(before);
  });

  it("refuses a key used twice in one batch, and a record without a key", async () => {
    const before = await written();
    const a = arrival(1);
    const { idempotencyKey: _dropped, ...keyless } = arrival(2);
    const { status, body } = await post("arrivals", [a, arrival(3), { ...arrival(4), idempotencyKey: a.idempotencyKey }, keyless]);
    expect(status).toBe(400);
    expect(body.records).toEqual([
      { index: 2, idempotencyKey: a.idempotencyKey, fields: { idempotencyKey: ["This idempotencyKey is already on record 0 of the batch."] } },
      { index: 3, idempotencyKey: null, fields: { idempotencyKey: [expect.any(String)] } },
    ]);
    expect(await written()).toEqual(before);
  });

  it("refuses a token not scoped to the facility, and writes nothing", async () => {
    const before = await written();
    const { status, body } = await post("arrivals", [arrival(1)], foreignToken);
    expect(status).toBe(403);
    expect(body.error).toBe("forbidden");
    expect(await written()).toEqual(before);
  });

  it("refuses anything but a list of records", async () => {
    for (const records of [[], "all of them", { 0: arrival(0) }, null]) {
      const { status, body } = await post("arrivals", records);
      expect(status).toBe(400);
      expect(body.fields?.records).toEqual(['Send "records": a list of 1 to 500 records.']);
    }
  });
});

describe("POST /stock/issues/batch", () => {
  it("issues 500 records in one request, first-expired-first-out, and answers the same when resent", async () => {
    const before = await written();
    const records = Array.from({ length: 500 }, () => issue());
    const { status, body } = await post("issues", records);
    expect(status, JSON.stringify(body).slice(0, 500)).toBe(200);
    expect(body).toMatchObject({ created: 500, duplicates: 0 });
    // The first 300 take lot BAT-A (earliest expiry), the rest BAT-B.
    expect(body.records![299]!.picks).toEqual([{ lotNumber: "BAT-A", expiry: "2099-01-31", quantity: 1, balanceAfter: 0 }]);
    expect(body.records![300]!.picks).toEqual([{ lotNumber: "BAT-B", expiry: "2099-12-31", quantity: 1, balanceAfter: 999 }]);
    expect(await written()).toEqual({ ...before, operations: before.operations + 500, audit: before.audit + 500 });

    const again = await post("issues", records);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: 0, duplicates: 500 });
    expect(again.body.records!.map((r) => [r.operationId, r.picks])).toEqual(body.records!.map((r) => [r.operationId, r.picks]));
    expect(await written()).toEqual({ ...before, operations: before.operations + 500, audit: before.audit + 500 });
  });

  it("writes nothing when the ledger refuses one record, and names each refused record", async () => {
    const before = await written();
    const records = [issue(), issue({ quantity: 5 }), issue({ quantity: 100_000 }), issue({ item: "NO-SUCH-ITEM" }), issue()];
    const { status, body } = await post("issues", records);
    expect(status).toBe(422);
    expect(body.error).toBe("refused");
    expect(body.records).toEqual([
      { index: 2, idempotencyKey: records[2]!.idempotencyKey, fields: { quantity: ["Only 794 usable in stock; expired, quarantined and VVM 3-4 stock is never issued."] } },
      { index: 3, idempotencyKey: records[3]!.idempotencyKey, fields: { item: ["There is no item with code NO-SUCH-ITEM."] } },
    ]);
    expect(await written()).toEqual(before);
    expect((await runInvariantChecks(testDb.db)).filter((c) => !c.ok)).toEqual([]);
  });

  it("refuses a token not scoped to the facility", async () => {
    const before = await written();
    const { status } = await post("issues", [issue()], foreignToken);
    expect(status).toBe(403);
    expect(await written()).toEqual(before);
  });
});

describe("body limits", () => {
  it("a batch may be larger than a single request, up to 1 MiB", async () => {
    const records = Array.from({ length: 500 }, (_, i) => arrival(i, { notes: "x".repeat(1000) }));
    const text = JSON.stringify({ records });
    expect(text.length).toBeGreaterThan(512 * 1024);
    expect(text.length).toBeLessThan(1024 * 1024);
    const { status } = await post("arrivals", records);
    expect(status).toBe(200);
    const tooLarge = Array.from({ length: 500 }, (_, i) => arrival(i, { notes: "x".repeat(1000), origin: "y".repeat(120) + "z".repeat(1000) }));
    const refused = await post("arrivals", tooLarge);
    expect(refused.status).toBe(413);
  });
});
