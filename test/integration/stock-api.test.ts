import { and, count, eq } from "drizzle-orm";
import { insertApiToken } from "#db/api-tokens.server";
import { apiIdempotency, auditLog, lots, stockEntries, stockOperations } from "#db/schema";
import { runInvariantChecks } from "#db/verify.server";
import { env } from "~/lib/env.server";
import { facilityStock } from "~/lib/stock.server";
import { addDays, zonedDay } from "~/lib/time";
import { action as arrivalsAction } from "~/routes/api.v1.facilities.$code.arrivals";
import { action as stockAction, loader as stockLoader } from "~/routes/api.v1.facilities.$code.stock";
import { action as issuesAction, loader as issuesLoader } from "~/routes/api.v1.facilities.$code.stock.issues";
import { action as receiptsAction } from "~/routes/api.v1.facilities.$code.stock.receipts";
import { setupTestDatabase } from "../support/db";
import { createFacility } from "../support/fixtures";
import { BASE_URL, requestContext } from "../support/remix";

const testDb = setupTestDatabase();

interface Lot {
  lotNumber: string;
  expiry: string | null;
  state: string;
  quantity: number;
  usable: number;
  quarantined: number;
  expired: number;
}
interface Item {
  item: string;
  usable: number;
  quarantined: number;
  expired: number;
  perDay: number;
  daysOfCover: number | null;
  lots: Lot[];
}
interface ApiBody {
  error?: string;
  message?: string;
  fields?: Record<string, string[]>;
  available?: number;
  operationId?: number;
  lines?: { item: string; lotNumber: string; quantity: number; balanceAfter: number }[];
  picks?: { lotNumber: string; quantity: number; balanceAfter: number }[];
  stock?: Item | Item[];
  facility?: string;
  today?: string;
  items?: Item[];
}

let facilityA: number;
let tokenA: { id: number; token: string };
let tokenB: { id: number; token: string };
let keySeq = 0;
const today = () => zonedDay(new Date(), env().ALBERGUE_TIME_ZONE);
const inDays = (n: number) => addDays(today(), n);

function anHourAgo(): string {
  const local = new Date(Date.now() - 3_600_000 - 5 * 3_600_000);
  return `${local.toISOString().slice(0, 19)}-05:00`;
}

const newKey = () => `stock-api-${Date.now()}-${++keySeq}`;

function post(path: string, body: unknown, options: { token?: string | null; key?: string } = {}): Request {
  const headers = new Headers({ "Content-Type": "application/json" });
  const token = options.token === undefined ? tokenA.token : options.token;
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  headers.set("Idempotency-Key", options.key ?? newKey());
  return new Request(`${BASE_URL}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
}

type Action = typeof receiptsAction;
async function call(action: Action, request: Request) {
  const code = /facilities\/([^/]+)\//.exec(new URL(request.url).pathname)![1]!;
  const response = await action({ request, context: requestContext(), params: { code } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) as ApiBody };
}
const receive = (body: unknown, options?: { token?: string | null; key?: string }) =>
  call(receiptsAction, post("/api/v1/facilities/STKA/stock/receipts", body, options));
const issue = (body: unknown, options?: { token?: string | null; key?: string }) =>
  call(issuesAction, post("/api/v1/facilities/STKA/stock/issues", body, options));

async function stockOf(code: string, token = tokenA.token) {
  const request = new Request(`${BASE_URL}/api/v1/facilities/${code}/stock`, { headers: { Authorization: `Bearer ${token}` } });
  const response = await stockLoader({ request, context: requestContext(), params: { code } });
  return { status: response.status, body: (await response.json()) as ApiBody };
}

async function writes() {
  const [operations] = await testDb.db.select({ n: count() }).from(stockOperations);
  const [entries] = await testDb.db.select({ n: count() }).from(stockEntries);
  const [audit] = await testDb.db.select({ n: count() }).from(auditLog);
  const [keys] = await testDb.db.select({ n: count() }).from(apiIdempotency);
  const [lotRows] = await testDb.db.select({ n: count() }).from(lots);
  return { operations: operations?.n, entries: entries?.n, audit: audit?.n, keys: keys?.n, lots: lotRows?.n };
}

const receiptBody = () => ({
  occurredAt: anHourAgo(),
  source: "PMA (WFP) Panamá",
  documentRef: "OC-2611-001",
  lines: [
    { item: "RATION-KIT", lotNumber: "RK-LATE", expiry: inDays(200), manufacturer: "Alimentos del Istmo", quantity: 100 },
    { item: "ration-kit", lotNumber: "RK-SOON", expiry: inDays(20), quantity: 30 },
    { item: "WATER-L", quantity: 3000 },
  ],
});

beforeAll(async () => {
  facilityA = await createFacility(testDb.db, { code: "STKA" });
  const facilityB = await createFacility(testDb.db, { code: "STKB" });
  tokenA = await insertApiToken(testDb.db, { name: "Logistics A", facilityIds: [facilityA], createdBy: null });
  tokenB = await insertApiToken(testDb.db, { name: "Logistics B", facilityIds: [facilityB], createdBy: null });
  // Twenty people present, so the items with norms have a daily demand and days of cover.
  const arrival = await call(
    arrivalsAction,
    post("/api/v1/facilities/STKA/arrivals", {
      occurredAt: anHourAgo(),
      adultMen: 12,
      adultWomen: 6,
      girls1to4: 2,
      nationalities: [{ country: "VE", count: 20 }],
    }),
  );
  expect(arrival.status).toBe(201);
});

describe("the stock API", () => {
  it("records a receipt: 201, the entries with their balances, the ledger and the audit", async () => {
    const key = newKey();
    const result = await receive(receiptBody(), { key });
    expect(result.status).toBe(201);
    expect(result.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(result.body.lines).toEqual([
      { item: "RATION-KIT", lotNumber: "RK-LATE", expiry: inDays(200), quantity: 100, balanceAfter: 100 },
      { item: "RATION-KIT", lotNumber: "RK-SOON", expiry: inDays(20), quantity: 30, balanceAfter: 30 },
      { item: "WATER-L", lotNumber: "", expiry: null, quantity: 3000, balanceAfter: 3000 },
    ]);
    const stock = result.body.stock as Item[];
    expect(stock.find((s) => s.item === "RATION-KIT")).toMatchObject({ usable: 130, perDay: 20, daysOfCover: 6.5 });

    const [op] = await testDb.db.select().from(stockOperations).where(eq(stockOperations.id, result.body.operationId!));
    expect(op).toMatchObject({
      facilityId: facilityA,
      kind: "receipt",
      recordedBy: null,
      apiTokenId: tokenA.id,
      idempotencyKey: `api:${tokenA.id}:${key}`,
      source: "PMA (WFP) Panamá",
      documentRef: "OC-2611-001",
    });
    const audit = await testDb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, "stock_operation"), eq(auditLog.entityId, String(op!.id))));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ userId: null, entity: "stock_operation", facilityId: facilityA });
    expect(audit[0]!.changes).toMatchObject({ kind: "receipt", via: "api", tokenId: tokenA.id });
  });

  it("answers a retried receipt with the first response and records it once", async () => {
    const key = newKey();
    const payload = { ...receiptBody(), lines: [{ item: "SOAP", quantity: 48 }] };
    const first = await receive(payload, { key });
    expect(first.status).toBe(201);
    const afterFirst = await writes();

    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    const retry = await receive(reordered, { key });
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await writes()).toEqual(afterFirst);

    const changed = await receive({ ...payload, lines: [{ item: "SOAP", quantity: 49 }] }, { key });
    expect(changed.status).toBe(422);
    expect(changed.body.error).toBe("idempotency_key_reused");
    expect(await writes()).toEqual(afterFirst);
  });

  it("refuses invalid receipt lines with a message per field, and writes nothing", async () => {
    const before = await writes();
    const result = await receive({
      occurredAt: anHourAgo(),
      source: "UNICEF",
      lines: [
        { item: "NOPE", quantity: 5 },
        { item: "RATION-KIT", expiry: inDays(100), quantity: 5 },
        { item: "SOAP", lotNumber: "S-1", quantity: 5 },
        { item: "FORMULA", lotNumber: "F-1", quantity: 5 },
        { item: "RUTF", lotNumber: "N-1", expiry: inDays(300), vvmStage: 1, quantity: 5 },
      ],
    });
    expect(result.status).toBe(400);
    expect(result.body.error).toBe("validation");
    expect(result.body.fields).toEqual({
      "lines[0].item": ["There is no item with code NOPE."],
      "lines[1].lotNumber": ["This item is tracked by lot: send its lot number."],
      "lines[2].lotNumber": ["This item is not tracked by lot: leave the lot number out."],
      "lines[3].expiry": ["This item expires: send the lot's expiry date."],
      "lines[4].vvmStage": ["Only vaccines carry a VVM stage."],
    });

    const shapes = await receive({
      occurredAt: anHourAgo(),
      lines: [
        { item: "RATION-KIT", lotNumber: "RK-X", expiry: "2027-02-30", quantity: 0, gtin: "09501101530004" },
        { item: "WATER-L", quantity: 20_000_000 },
        { item: "WATER-L", quantity: 1.5 },
      ],
    });
    expect(shapes.status).toBe(400);
    expect(shapes.body.fields).toMatchObject({
      source: ["This field is required."],
      "lines[0].expiry": ["A valid date, YYYY-MM-DD."],
      "lines[0].quantity": ["A whole number of at least 1."],
      "lines[0].gtin": ["Not a valid GTIN (check digit)."],
      "lines[1].quantity": ["The value is too large."],
      "lines[2].quantity": ["Enter a whole number."],
    });
    const empty = await receive({ occurredAt: anHourAgo(), source: "UNICEF", lines: [] });
    expect(empty.body.fields).toEqual({ lines: ["Send at least one line."] });

    // A known lot keeps its expiry: naming it with another is refused, saying what is on record.
    const mismatch = await receive({ ...receiptBody(), lines: [{ item: "RATION-KIT", lotNumber: "RK-LATE", expiry: inDays(10), quantity: 5 }] });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.fields).toEqual({ "lines[0].expiry": [`Lot RK-LATE is recorded with expiry ${inDays(200)}.`] });
    expect(await writes()).toEqual(before);

    // A valid GTIN is kept on the new lot.
    const withGtin = await receive({ ...receiptBody(), lines: [{ item: "ORS", lotNumber: "ORS-G", expiry: inDays(400), gtin: "09501101530003", quantity: 10 }] });
    expect(withGtin.status).toBe(201);
    const [lot] = await testDb.db.select().from(lots).where(eq(lots.lotNumber, "ORS-G"));
    expect(lot?.gtin).toBe("09501101530003");
  });

  it("issues first-expired-first-out when no lot is named", async () => {
    const result = await issue({ occurredAt: anHourAgo(), item: "RATION-KIT", quantity: 40, peopleServed: 40 });
    expect(result.status).toBe(201);
    expect(result.body.picks).toEqual([
      { lotNumber: "RK-SOON", expiry: inDays(20), quantity: 30, balanceAfter: 0 },
      { lotNumber: "RK-LATE", expiry: inDays(200), quantity: 10, balanceAfter: 90 },
    ]);
    expect(result.body.stock).toMatchObject({ item: "RATION-KIT", usable: 90, daysOfCover: 4.5 });
    const [op] = await testDb.db.select().from(stockOperations).where(eq(stockOperations.id, result.body.operationId!));
    expect(op).toMatchObject({ kind: "issue", peopleServed: 40, apiTokenId: tokenA.id });

    // A named lot is issued from that lot.
    const named = await issue({ occurredAt: anHourAgo(), item: "RATION-KIT", lotNumber: "RK-LATE", quantity: 5, peopleServed: 5 });
    expect(named.status).toBe(201);
    expect(named.body.picks).toEqual([{ lotNumber: "RK-LATE", expiry: inDays(200), quantity: 5, balanceAfter: 85 }]);
  });

  it("refuses an issue of more than is usable with 409, saying how much is available", async () => {
    const before = await writes();
    const result = await issue({ occurredAt: anHourAgo(), item: "RATION-KIT", quantity: 86, peopleServed: 86 });
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ error: "refused", available: 85, requested: 86 });
    expect(result.body.fields?.quantity).toEqual([
      "Only 85 usable in stock; expired, quarantined and VVM 3-4 stock is never issued.",
    ]);
    const fromLot = await issue({ occurredAt: anHourAgo(), item: "RATION-KIT", lotNumber: "RK-LATE", quantity: 90, peopleServed: 90 });
    expect(fromLot.status).toBe(409);
    expect(fromLot.body.fields?.quantity).toEqual(["Only 85 in lot RK-LATE."]);
    const unknownLot = await issue({ occurredAt: anHourAgo(), item: "RATION-KIT", lotNumber: "RK-NONE", quantity: 1, peopleServed: 1 });
    expect(unknownLot.status).toBe(400);
    expect(unknownLot.body.fields?.lotNumber).toEqual(["There is no lot RK-NONE of this item."]);
    expect(await writes()).toEqual(before);
  });

  it("never issues expired stock, with or without a lot named", async () => {
    const received = await receive({ ...receiptBody(), lines: [{ item: "ORS", lotNumber: "ORS-OLD", expiry: inDays(-3), quantity: 50 }] });
    expect(received.status).toBe(201);
    const before = await writes();
    const fefo = await issue({ occurredAt: anHourAgo(), item: "ORS", quantity: 15, peopleServed: 15 });
    // Only the usable lot ORS-G (10) counts; the 50 expired sachets are not offered.
    expect(fefo.status).toBe(409);
    expect(fefo.body.available).toBe(10);
    expect(fefo.body.fields?.quantity?.[0]).toMatch(/^Only 10 usable/);
    const named = await issue({ occurredAt: anHourAgo(), item: "ORS", lotNumber: "ORS-OLD", quantity: 5, peopleServed: 5 });
    expect(named.status).toBe(409);
    expect(named.body.fields?.lotNumber).toEqual([`Lot ORS-OLD expired on ${inDays(-3)} and cannot be issued; write its stock off instead.`]);
    expect(await writes()).toEqual(before);
    // FEFO takes the usable lot and leaves the expired one alone.
    const ok = await issue({ occurredAt: anHourAgo(), item: "ORS", quantity: 10, peopleServed: 10 });
    expect(ok.status).toBe(201);
    expect(ok.body.picks).toEqual([{ lotNumber: "ORS-G", expiry: inDays(400), quantity: 10, balanceAfter: 0 }]);
  });

  it("quarantines a vaccine received at VVM stage 3, and never issues it", async () => {
    const received = await receive({
      ...receiptBody(),
      source: "PAI",
      lines: [
        { item: "VAC-MR", lotNumber: "MR-VVM3", expiry: inDays(300), vvmStage: 3, quantity: 20 },
        { item: "VAC-MR", lotNumber: "MR-GOOD", expiry: inDays(320), vvmStage: 1, quantity: 30 },
      ],
    });
    expect(received.status).toBe(201);
    expect((received.body.stock as Item[])[0]).toMatchObject({ item: "VAC-MR", usable: 30, quarantined: 20 });
    const named = await issue({ occurredAt: anHourAgo(), item: "VAC-MR", lotNumber: "MR-VVM3", quantity: 1, peopleServed: 1 });
    expect(named.status).toBe(409);
    expect(named.body.fields?.lotNumber?.[0]).toMatch(/^Lot MR-VVM3 is quarantined/);
    const fefo = await issue({ occurredAt: anHourAgo(), item: "VAC-MR", quantity: 31, peopleServed: 31 });
    expect(fefo.status).toBe(409);
    expect(fefo.body.available).toBe(30);
  });

  it("answers 401 for a wrong token and 403 for a token of another facility, writing nothing", async () => {
    const before = await writes();
    const wrong = await receive(receiptBody(), { token: `alb_${"x".repeat(43)}` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("WWW-Authenticate")).toMatch(/error="invalid_token"/);
    expect((await issue({ occurredAt: anHourAgo(), item: "SOAP", quantity: 1, peopleServed: 1 }, { token: null })).status).toBe(401);
    expect((await stockOf("STKA", `alb_${"y".repeat(43)}`)).status).toBe(401);

    const other = await receive(receiptBody(), { token: tokenB.token });
    expect(other.status).toBe(403);
    expect(other.body.error).toBe("forbidden");
    expect((await issue({ occurredAt: anHourAgo(), item: "SOAP", quantity: 1, peopleServed: 1 }, { token: tokenB.token })).status).toBe(403);
    expect((await stockOf("STKA", tokenB.token)).status).toBe(403);
    expect((await stockOf("NOPE")).status).toBe(404);
    expect(await writes()).toEqual(before);
  });

  it("reads per-lot quantities and days of cover that equal facilityStock's", async () => {
    const result = await stockOf("stka");
    expect(result.status).toBe(200);
    expect(result.body.facility).toBe("STKA");
    expect(result.body.today).toBe(today());
    const expected = await facilityStock(testDb.db, facilityA, today());
    expect(result.body.items!.map((i) => i.item)).toEqual(expected.map((i) => i.code));
    for (const item of expected) {
      const got = result.body.items!.find((i) => i.item === item.code)!;
      expect(got).toMatchObject({
        usable: item.usable,
        quarantined: item.quarantined,
        expired: item.expired,
        perDay: item.perDay,
        daysOfCover: item.daysOfCover,
      });
      expect(got.lots.map((l) => [l.lotNumber, l.quantity, l.state])).toEqual(
        item.lots.filter((l) => l.quantity > 0).map((l) => [l.lotNumber, l.quantity, l.state]),
      );
      // Each lot's quantity is split by state, and the item's totals are the sums of its lots.
      for (const lot of got.lots) expect(lot.usable + lot.quarantined + lot.expired).toBe(lot.quantity);
      expect(got.lots.reduce((s, l) => s + l.usable, 0)).toBe(got.usable);
      expect(got.lots.reduce((s, l) => s + l.expired, 0)).toBe(got.expired);
    }
    const ration = result.body.items!.find((i) => i.item === "RATION-KIT")!;
    expect(ration).toMatchObject({ usable: 85, perDay: 20, daysOfCover: 4.25 });
    const ors = result.body.items!.find((i) => i.item === "ORS")!;
    expect(ors).toMatchObject({ usable: 0, expired: 50 });
    expect(ors.lots).toEqual([expect.objectContaining({ lotNumber: "ORS-OLD", state: "expired", expired: 50, usable: 0 })]);
    const mr = result.body.items!.find((i) => i.item === "VAC-MR")!;
    expect(mr).toMatchObject({ usable: 30, quarantined: 20, daysOfCover: null });

    const invariants = (await runInvariantChecks(testDb.db)).filter((r) => !r.ok);
    expect(invariants).toEqual([]);
  });

  it("answers 405 to the wrong method", async () => {
    const get = new Request(`${BASE_URL}/api/v1/facilities/STKA/stock/issues`, { headers: { Authorization: `Bearer ${tokenA.token}` } });
    const response = await issuesLoader({ request: get, context: requestContext(), params: { code: "STKA" } });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
    const postToRead = await stockAction({ request: post("/api/v1/facilities/STKA/stock", {}), context: requestContext(), params: { code: "STKA" } });
    expect(postToRead.status).toBe(405);
    expect(postToRead.headers.get("Allow")).toBe("GET");
  });
});
