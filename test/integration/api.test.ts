import { count, eq } from "drizzle-orm";
import { hashApiToken, insertApiToken, revokeApiToken } from "#db/api-tokens.server";
import { apiIdempotency, apiTokens, auditLog, populationEntries, transfers } from "#db/schema";
import { MAX_BODY_BYTES } from "~/lib/api.server";
import { action as arrivalsAction, loader as arrivalsLoader } from "~/routes/api.v1.facilities.$code.arrivals";
import { loader as censusLoader } from "~/routes/api.v1.facilities.$code.census";
import { action as departuresAction } from "~/routes/api.v1.facilities.$code.departures";
import { action as tokensAction, loader as tokensLoader } from "~/routes/admin.tokens._index";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser } from "../support/fixtures";
import { asDataResult, asResponse, BASE_URL, requestContext, signedInRequest, thrownBy } from "../support/remix";

const testDb = setupTestDatabase();

interface ApiBody {
  error?: string;
  message?: string;
  fields?: Record<string, string[]>;
  entryId?: number;
  transferId?: number;
  census?: CensusBody;
}
interface CensusBody {
  facility?: string;
  groups: Record<string, number>;
  total: number;
  lastEntryAt: string | null;
}

let facilityA: number;
let tokenA: { id: number; token: string };
let tokenB: { id: number; token: string };
let keySeq = 0;

beforeAll(async () => {
  facilityA = await createFacility(testDb.db, { code: "APIA" });
  const facilityB = await createFacility(testDb.db, { code: "APIB" });
  tokenA = await insertApiToken(testDb.db, { name: "Registry A", facilityIds: [facilityA], createdBy: null });
  tokenB = await insertApiToken(testDb.db, { name: "Registry B", facilityIds: [facilityB], createdBy: null });
});

/** An instant an hour ago, written with the Panama offset as an integrating system would. */
function anHourAgo(): string {
  const local = new Date(Date.now() - 3_600_000 - 5 * 3_600_000);
  return `${local.toISOString().slice(0, 19)}-05:00`;
}

function newKey() {
  keySeq += 1;
  return `test-key-${Date.now()}-${keySeq}`;
}

function post(
  path: string,
  body: unknown,
  options: { token?: string | null; key?: string | null; raw?: string } = {},
): Request {
  const headers = new Headers({ "Content-Type": "application/json" });
  const token = options.token === undefined ? tokenA.token : options.token;
  if (token !== null) headers.set("Authorization", `Bearer ${token}`);
  const key = options.key === undefined ? newKey() : options.key;
  if (key !== null) headers.set("Idempotency-Key", key);
  return new Request(`${BASE_URL}${path}`, { method: "POST", headers, body: options.raw ?? JSON.stringify(body) });
}

function code(request: Request) {
  return /facilities\/([^/]+)\//.exec(new URL(request.url).pathname)![1]!;
}

async function arrive(request: Request) {
  const response = await arrivalsAction({ request, context: requestContext(), params: { code: code(request) } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function depart(request: Request) {
  const response = await departuresAction({ request, context: requestContext(), params: { code: code(request) } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function censusOf(facilityCode: string, token = tokenA.token) {
  const request = new Request(`${BASE_URL}/api/v1/facilities/${facilityCode}/census`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const response = await censusLoader({ request, context: requestContext(), params: { code: facilityCode } });
  return { status: response.status, body: (await response.json()) as CensusBody & ApiBody };
}

async function writes() {
  const [entries] = await testDb.db.select({ n: count() }).from(populationEntries);
  const [audit] = await testDb.db.select({ n: count() }).from(auditLog);
  const [keys] = await testDb.db.select({ n: count() }).from(apiIdempotency);
  const [sent] = await testDb.db.select({ n: count() }).from(transfers);
  return { entries: entries?.n, audit: audit?.n, keys: keys?.n, transfers: sent?.n };
}

const arrivalBody = () => ({
  occurredAt: anHourAgo(),
  adultMen: 3,
  adultWomen: 2,
  girls1to4: 1,
  pregnant: 1,
  nationalities: [
    { country: "VE", count: 4 },
    { country: "HT", count: 2 },
  ],
  biometricsRegistered: 5,
  origin: "Bajo Chiquito",
  notes: "Pushed by the national registry",
});

describe("the intake API", () => {
  it("records an arrival with a valid token: 201, the entry, the census and the audit", async () => {
    const before = await censusOf("APIA");
    const key = newKey();
    const result = await arrive(post("/api/v1/facilities/APIA/arrivals", arrivalBody(), { key }));
    expect(result.status).toBe(201);
    expect(result.headers.get("Content-Type")).toMatch(/^application\/json/);
    const body = JSON.parse(result.text) as ApiBody;
    expect(body.entryId).toEqual(expect.any(Number));
    expect(body.census?.groups.adultMen).toBe(before.body.groups.adultMen! + 3);
    expect(body.census?.total).toBe(before.body.total + 6);
    expect(body.census?.lastEntryAt).toEqual(expect.any(String));

    const [entry] = await testDb.db.select().from(populationEntries).where(eq(populationEntries.id, body.entryId!));
    expect(entry).toMatchObject({
      facilityId: facilityA,
      kind: "arrival",
      recordedBy: null,
      apiTokenId: tokenA.id,
      idempotencyKey: `api:${tokenA.id}:${key}`,
      total: 6,
      origin: "Bajo Chiquito",
      biometricsRegistered: 5,
    });
    const audit = await testDb.db.select().from(auditLog).where(eq(auditLog.entityId, String(body.entryId)));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ userId: null, entity: "population_entry", facilityId: facilityA });
    expect(audit[0]!.changes).toMatchObject({ tokenId: tokenA.id, kind: "arrival" });

    const after = await censusOf("APIA");
    expect(after.status).toBe(200);
    expect(after.body.total).toBe(before.body.total + 6);
  });

  it("counts a retried request once and answers it with the first response", async () => {
    const key = newKey();
    const payload = arrivalBody();
    const first = await arrive(post("/api/v1/facilities/APIA/arrivals", payload, { key }));
    expect(first.status).toBe(201);
    const afterFirst = await writes();

    // Same key, same content (keys in another order): the stored answer, byte for byte.
    const reordered = Object.fromEntries(Object.entries(payload).reverse());
    const retry = await arrive(post("/api/v1/facilities/APIA/arrivals", reordered, { key }));
    expect(retry.status).toBe(201);
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get("Idempotent-Replayed")).toBe("true");
    expect(await writes()).toEqual(afterFirst);

    // Same key, different request: refused, nothing written.
    const changed = await arrive(post("/api/v1/facilities/APIA/arrivals", { ...payload, adultMen: 4, nationalities: [{ country: "VE", count: 7 }] }, { key }));
    expect(changed.status).toBe(422);
    expect(JSON.parse(changed.text)).toMatchObject({ error: "idempotency_key_reused" });
    expect(await writes()).toEqual(afterFirst);
  });

  it("counts concurrent retries with the same key once, and answers each with the first response", async () => {
    const key = newKey();
    const payload = arrivalBody();
    const before = await writes();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => arrive(post("/api/v1/facilities/APIA/arrivals", payload, { key }))),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    expect(results.filter((r) => r.headers.get("Idempotent-Replayed") === null)).toHaveLength(1);
    const entries = await testDb.db
      .select({ n: count() })
      .from(populationEntries)
      .where(eq(populationEntries.idempotencyKey, `api:${tokenA.id}:${key}`));
    expect(entries[0]?.n).toBe(1);
    const after = await writes();
    expect(after.entries).toBe(before.entries! + 1);
    expect(after.audit).toBe(before.audit! + 1);
  });

  it("keeps keys per token: another client may use the same key", async () => {
    const key = newKey();
    expect((await arrive(post("/api/v1/facilities/APIA/arrivals", arrivalBody(), { key }))).status).toBe(201);
    const other = await insertApiToken(testDb.db, { name: "Second client", facilityIds: [facilityA], createdBy: null });
    const second = await arrive(post("/api/v1/facilities/APIA/arrivals", arrivalBody(), { key, token: other.token }));
    expect(second.status).toBe(201);
    expect(second.headers.get("Idempotent-Replayed")).toBeNull();
  });

  it("refuses a missing, wrong or revoked token with 401 and a Bearer challenge", async () => {
    const before = await writes();
    const missing = await arrive(post("/api/v1/facilities/APIA/arrivals", arrivalBody(), { token: null }));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("WWW-Authenticate")).toMatch(/^Bearer/);
    expect(JSON.parse(missing.text)).toMatchObject({ error: "unauthorized" });

    const wrong = await arrive(post("/api/v1/facilities/APIA/arrivals", arrivalBody(), { token: `alb_${"x".repeat(43)}` }));
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("WWW-Authenticate")).toMatch(/error="invalid_token"/);
    const garbage = await arrive(post("/api/v1/facilities/APIA/arrivals", arrivalBody(), { token: "not-a-token" }));
    expect(garbage.status).toBe(401);

    const revoked = await insertApiToken(testDb.db, { name: "Old", facilityIds: [facilityA], createdBy: null });
    expect(await revokeApiToken(testDb.db, revoked.id)).toBe(true);
    const refused = await arrive(post("/api/v1/facilities/APIA/arrivals", arrivalBody(), { token: revoked.token }));
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text)).toMatchObject({ message: "The token has been revoked." });
    expect((await censusOf("APIA", revoked.token)).status).toBe(401);
    expect(await writes()).toEqual(before);
  });

  it("answers 403 for a token of another facility and 404 for an unknown facility", async () => {
    const before = await writes();
    const other = await arrive(post("/api/v1/facilities/APIA/arrivals", arrivalBody(), { token: tokenB.token }));
    expect(other.status).toBe(403);
    expect(JSON.parse(other.text)).toMatchObject({ error: "forbidden" });
    expect((await censusOf("APIA", tokenB.token)).status).toBe(403);
    const unknown = await arrive(post("/api/v1/facilities/NOPE/arrivals", arrivalBody()));
    expect(unknown.status).toBe(404);
    expect(await writes()).toEqual(before);
  });

  it("answers 400 with an English message per field for an invalid body, and writes nothing", async () => {
    const before = await writes();
    const result = await arrive(
      post("/api/v1/facilities/APIA/arrivals", {
        adultMen: 2,
        adultWomen: -1,
        pregnant: 3,
        nationalities: [{ country: "XX", count: 2 }],
      }),
    );
    expect(result.status).toBe(400);
    const body = JSON.parse(result.text) as ApiBody;
    expect(body.error).toBe("validation");
    expect(body.fields?.occurredAt).toEqual(["This field is required."]);
    expect(body.fields?.adultWomen).toEqual(["Cannot be negative."]);
    expect(await writes()).toEqual(before);

    // The checks across fields (the schema's refinements) answer the same way.
    const across = await arrive(
      post("/api/v1/facilities/APIA/arrivals", {
        occurredAt: anHourAgo(),
        adultMen: 2,
        adultWomen: 1,
        pregnant: 3,
        nationalities: [{ country: "XX", count: 3 }],
      }),
    );
    expect(across.status).toBe(400);
    const fields = (JSON.parse(across.text) as ApiBody).fields;
    expect(fields?.pregnant).toEqual(["Cannot exceed adult women and girls 5-17 (1)."]);
    expect(fields?.["nationalities[0].country"]).toEqual(["Not a valid ISO 3166 country code."]);
    expect(await writes()).toEqual(before);

    const mismatch = await arrive(
      post("/api/v1/facilities/APIA/arrivals", { ...arrivalBody(), nationalities: [{ country: "VE", count: 2 }] }),
    );
    expect(mismatch.status).toBe(400);
    expect((JSON.parse(mismatch.text) as ApiBody).fields?.nationalities).toEqual([
      "Nationalities add up to 2 and the total is 6.",
    ]);
    expect(await writes()).toEqual(before);
  });

  it("answers 400 for malformed JSON or a missing Idempotency-Key, and 413 for a body too large", async () => {
    const before = await writes();
    const malformed = await arrive(post("/api/v1/facilities/APIA/arrivals", null, { raw: "{ not json" }));
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.text)).toMatchObject({ error: "malformed_json" });
    const array = await arrive(post("/api/v1/facilities/APIA/arrivals", [1, 2]));
    expect(array.status).toBe(400);
    const noKey = await arrive(post("/api/v1/facilities/APIA/arrivals", arrivalBody(), { key: null }));
    expect(noKey.status).toBe(400);
    expect((JSON.parse(noKey.text) as ApiBody).fields?.["Idempotency-Key"]).toHaveLength(1);
    const large = await arrive(
      post("/api/v1/facilities/APIA/arrivals", { ...arrivalBody(), notes: "x".repeat(MAX_BODY_BYTES) }),
    );
    expect(large.status).toBe(413);
    expect(await writes()).toEqual(before);
  });

  it("refuses a departure of more people than present, saying how many are present", async () => {
    const present = (await censusOf("APIA")).body.groups.adultMen!;
    const before = await writes();
    const result = await depart(
      post("/api/v1/facilities/APIA/departures", {
        occurredAt: anHourAgo(),
        kind: "onward",
        destination: "Costa Rica",
        adultMen: present + 5,
      }),
    );
    expect(result.status).toBe(409);
    const body = JSON.parse(result.text) as ApiBody;
    expect(body.error).toBe("refused");
    expect(body.fields?.adultMen).toEqual([`Only ${present} present in this group.`]);
    expect(await writes()).toEqual(before);
  });

  it("records onward departures and transfers to another facility", async () => {
    const before = (await censusOf("APIA")).body;
    const onward = await depart(
      post("/api/v1/facilities/APIA/departures", { occurredAt: anHourAgo(), kind: "onward", destination: "Costa Rica", adultMen: 1 }),
    );
    expect(onward.status).toBe(201);
    expect((JSON.parse(onward.text) as ApiBody).census?.groups.adultMen).toBe(before.groups.adultMen! - 1);

    const transfer = await depart(
      post("/api/v1/facilities/APIA/departures", { occurredAt: anHourAgo(), kind: "transfer", toFacility: "apib", adultWomen: 1 }),
    );
    expect(transfer.status).toBe(201);
    const body = JSON.parse(transfer.text) as ApiBody;
    expect(body.transferId).toEqual(expect.any(Number));
    expect(body.census?.groups.adultWomen).toBe(before.groups.adultWomen! - 1);

    const nowhere = await depart(
      post("/api/v1/facilities/APIA/departures", { occurredAt: anHourAgo(), kind: "transfer", toFacility: "ZZZZ", adultWomen: 1 }),
    );
    expect(nowhere.status).toBe(400);
    expect((JSON.parse(nowhere.text) as ApiBody).fields?.toFacility).toEqual(["There is no facility with code ZZZZ."]);
  });

  it("reads the census by group with its total and the time of the last entry", async () => {
    const result = await censusOf("APIA");
    expect(result.status).toBe(200);
    expect(result.body.facility).toBe("APIA");
    expect(Object.keys(result.body.groups)).toHaveLength(12);
    const base = ["adultMen", "adultWomen", "boys0to11m", "girls0to11m", "boys1to4", "girls1to4", "boys5to17", "girls5to17"];
    expect(result.body.total).toBe(base.reduce((sum, g) => sum + result.body.groups[g]!, 0));
    expect(result.body.total).toBeGreaterThan(0);
    expect(new Date(result.body.lastEntryAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("answers 405 to a GET on a write endpoint", async () => {
    const request = new Request(`${BASE_URL}/api/v1/facilities/APIA/arrivals`, {
      headers: { Authorization: `Bearer ${tokenA.token}` },
    });
    const response = await arrivalsLoader({ request, context: requestContext(), params: { code: "APIA" } });
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
  });

  it("stores only a hash of each token and records when it was last used", async () => {
    const [row] = await testDb.db.select().from(apiTokens).where(eq(apiTokens.id, tokenA.id));
    expect(tokenA.token).toMatch(/^alb_[A-Za-z0-9_-]{43}$/);
    expect(row?.tokenHash).toBe(hashApiToken(tokenA.token));
    expect(row?.tokenHash).not.toContain(tokenA.token);
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe("the admin page of API tokens", () => {
  function form(fields: [string, string][]) {
    const body = new URLSearchParams();
    for (const [name, value] of fields) body.append(name, value);
    return { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded" } };
  }

  it("creates a token scoped to facilities, shows it once, and audits it without the secret", async () => {
    const admin = await createUser(testDb.db, { role: "admin" });
    const request = await signedInRequest(
      admin.id,
      "/admin/tokens",
      form([
        ["intent", "create"],
        ["name", "National registry"],
        ["facilities", "APIA"],
        ["facilities", "APIB"],
      ]),
    );
    const result = (await tokensAction({ request, context: requestContext(), params: {} })) as {
      created?: { id: number; name: string; token: string };
    };
    const created = result.created!;
    expect(created.token).toMatch(/^alb_/);
    // The new token works at once.
    expect((await censusOf("APIB", created.token)).status).toBe(200);

    const listRequest = await signedInRequest(admin.id, "/admin/tokens");
    const page = await tokensLoader({ request: listRequest, context: requestContext(), params: {} });
    const listed = page.tokens.find((t) => t.id === created.id);
    expect(listed).toMatchObject({ name: "National registry", facilityCodes: ["APIA", "APIB"], revokedAt: null });
    expect(JSON.stringify(page)).not.toContain(created.token);

    const audit = await testDb.db.select().from(auditLog).where(eq(auditLog.entity, "api_token"));
    const entry = audit.find((a) => a.entityId === String(created.id));
    expect(entry).toMatchObject({ userId: admin.id, action: "create" });
    expect(JSON.stringify(entry?.changes)).not.toContain(created.token);

    // Revoking: a redirect with a message, the token refused from then on, and an audit entry.
    const revoke = await signedInRequest(admin.id, "/admin/tokens", form([["intent", "revoke"], ["tokenId", String(created.id)]]));
    const response = asResponse(await tokensAction({ request: revoke, context: requestContext(), params: {} }));
    expect(response.status).toBe(302);
    expect((await censusOf("APIB", created.token)).status).toBe(401);
    const revokedAudit = await testDb.db.select().from(auditLog).where(eq(auditLog.action, "revoke"));
    expect(revokedAudit.map((a) => a.entityId)).toContain(String(created.id));
  });

  it("answers 400 with the field's message when no facility is chosen", async () => {
    const admin = await createUser(testDb.db, { role: "admin" });
    const request = await signedInRequest(admin.id, "/admin/tokens", form([["intent", "create"], ["name", "No scope"]]));
    const result = asDataResult(await tokensAction({ request, context: requestContext(), params: {} }));
    expect(result.status).toBe(400);
    expect((result.data as { result: { error: Record<string, string[]> } }).result.error.facilities).toEqual([
      "tokens.facilitiesRequired",
    ]);
  });

  it("is for administrators only", async () => {
    const manager = await createUser(testDb.db, { role: "manager", facilityIds: [facilityA] });
    const request = await signedInRequest(manager.id, "/admin/tokens");
    const thrown = await thrownBy(tokensLoader({ request, context: requestContext(), params: {} }));
    expect(asDataResult(thrown).status).toBe(403);
  });
});
