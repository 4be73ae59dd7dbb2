import { count, eq } from "drizzle-orm";
import { getCensus } from "#db/census.server";
import { auditLog, populationEntries } from "#db/schema";
import { totalOf } from "~/lib/domain/population";
import { zonedDateTimeLocal } from "~/lib/time";
import { action as arrivalAction } from "~/routes/facilities.$code.arrivals.new";
import { action as departureAction } from "~/routes/facilities.$code.departures.new";
import { action as reverseAction } from "~/routes/facilities.$code.entries.$id.reverse";
import { action as receiveAction } from "~/routes/facilities.$code.transfers.$id.receive";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, type TestUser } from "../support/fixtures";
import { asDataResult, asResponse, requestContext, signedInRequest, thrownBy } from "../support/remix";

const testDb = setupTestDatabase();
let manager: TestUser;
let planner: TestUser;
let svc = 0;
let lbl = 0;
let lblManager: TestUser;

beforeAll(async () => {
  svc = await createFacility(testDb.db, { code: "SVC", name: "San Vicente", beds: 544 });
  lbl = await createFacility(testDb.db, { code: "LBL", name: "Lajas Blancas" });
  lblManager = await createUser(testDb.db, { role: "manager", facilityIds: [lbl] });
  manager = await createUser(testDb.db, { role: "manager", facilityIds: [svc] });
  planner = await createUser(testDb.db, { role: "planner" });
});

const now = () => zonedDateTimeLocal(new Date(Date.now() - 60_000), "America/Panama");

async function post(
  action: typeof arrivalAction | typeof departureAction,
  userId: number,
  code: string,
  path: string,
  fields: Record<string, string>,
) {
  const request = await signedInRequest(userId, `/facilities/${code}/${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
  });
  return action({ request, context: requestContext(), params: { code } });
}

const arrival = (key: string) => ({
  idempotencyKey: key,
  occurredAt: now(),
  adultMen: "4",
  girls1to4: "2",
  "nationalities[0].country": "HT",
  "nationalities[0].count": "6",
  biometricsRegistered: "6",
});

describe("the arrival form", () => {
  it("records a group once however many times the same form is sent", async () => {
    const before = totalOf((await getCensus(testDb.db, svc)).counts);
    for (let i = 0; i < 3; i++) {
      const response = asResponse(await post(arrivalAction, manager.id, "SVC", "arrivals/new", arrival("form-key-0001")));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/facilities/SVC");
    }
    expect(totalOf((await getCensus(testDb.db, svc)).counts)).toBe(before + 6);
    const [audits] = await testDb.db
      .select({ n: count() })
      .from(auditLog)
      .where(eq(auditLog.entity, "population_entry"));
    expect(audits?.n).toBe(1);
  });

  it("returns field errors with a 400 and writes nothing when the nationalities do not add up", async () => {
    const [before] = await testDb.db.select({ n: count() }).from(populationEntries);
    const result = asDataResult(
      await post(arrivalAction, manager.id, "SVC", "arrivals/new", { ...arrival("form-key-0002"), "nationalities[0].count": "5" }),
    );
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.data)).toContain("population.nationalitiesMismatch?sum=5&total=6");
    const [after] = await testDb.db.select({ n: count() }).from(populationEntries);
    expect(after?.n).toBe(before?.n);
  });

  it("is refused (403) to a planner, who sees aggregates but records nothing", async () => {
    const thrown = asDataResult(await thrownBy(post(arrivalAction, planner.id, "SVC", "arrivals/new", arrival("form-key-0003"))));
    expect(thrown.status).toBe(403);
  });

  it("is refused (403) to a manager at a facility they do not belong to", async () => {
    const thrown = asDataResult(await thrownBy(post(arrivalAction, manager.id, "LBL", "arrivals/new", arrival("form-key-0004"))));
    expect(thrown.status).toBe(403);
  });
});

describe("the departure form", () => {
  it("refuses more people than present with the number present at the field (409)", async () => {
    const present = (await getCensus(testDb.db, svc)).counts.adultMen;
    const result = asDataResult(
      await post(departureAction, manager.id, "SVC", "departures/new", {
        idempotencyKey: "form-key-0005",
        occurredAt: now(),
        kind: "onward",
        adultMen: String(present + 1),
      }),
    );
    expect(result.status).toBe(409);
    expect(JSON.stringify(result.data)).toContain(`population.onlyPresent?present=${present}`);
    expect((await getCensus(testDb.db, svc)).counts.adultMen).toBe(present);
  });

  it("sends a transfer to another facility, in transit until received", async () => {
    const response = asResponse(
      await post(departureAction, manager.id, "SVC", "departures/new", {
        idempotencyKey: "form-key-0006",
        occurredAt: now(),
        kind: "transfer",
        toFacility: "LBL",
        adultMen: "1",
      }),
    );
    expect(response.status).toBe(302);
    const [entry] = await testDb.db
      .select({ kind: populationEntries.kind, destination: populationEntries.destination })
      .from(populationEntries)
      .where(eq(populationEntries.idempotencyKey, "form-key-0006"));
    expect(entry).toEqual({ kind: "transfer_out", destination: "LBL" });
  });
});

async function postTo(
  action: typeof receiveAction | typeof reverseAction,
  userId: number,
  params: { code: string; id: string },
  path: string,
  fields: Record<string, string>,
) {
  const request = await signedInRequest(userId, `/facilities/${params.code}/${path}`, { method: "POST", body: new URLSearchParams(fields) });
  return action({ request, context: requestContext(), params });
}

async function entryByKey(key: string) {
  const [entry] = await testDb.db
    .select({ id: populationEntries.id, transferId: populationEntries.transferId })
    .from(populationEntries)
    .where(eq(populationEntries.idempotencyKey, key));
  return entry!;
}

describe("the receive form", () => {
  it("refuses more than were sent, records the receipt once, and refuses a second receipt", async () => {
    const { transferId } = await entryByKey("form-key-0006");
    const params = { code: "LBL", id: String(transferId) };
    const path = `transfers/${transferId}/receive`;
    const tooMany = asDataResult(await postTo(receiveAction, lblManager.id, params, path, { idempotencyKey: "form-key-0101", occurredAt: now(), adultMen: "2" }));
    expect(tooMany.status).toBe(409);
    expect(JSON.stringify(tooMany.data)).toContain("receive.moreThanSent?sent=1");
    expect(totalOf((await getCensus(testDb.db, lbl)).counts)).toBe(0);

    for (let i = 0; i < 2; i++) {
      const response = asResponse(await postTo(receiveAction, lblManager.id, params, path, { idempotencyKey: "form-key-0102", occurredAt: now(), adultMen: "1" }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/facilities/LBL");
    }
    expect((await getCensus(testDb.db, lbl)).counts.adultMen).toBe(1);
    const [audit] = await testDb.db.select({ changes: auditLog.changes, userId: auditLog.userId }).from(auditLog).where(eq(auditLog.facilityId, lbl));
    expect(audit).toMatchObject({ userId: lblManager.id, changes: { kind: "transfer_in", via: "form", transferId, counts: { adultMen: 1 } } });

    const again = asDataResult(await postTo(receiveAction, lblManager.id, params, path, { idempotencyKey: "form-key-0103", occurredAt: now(), adultMen: "1" }));
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.data)).toContain("receive.alreadyReceived");
  });

  it("answers 404 for a transfer that does not come to this facility", async () => {
    const { transferId } = await entryByKey("form-key-0006");
    const thrown = await thrownBy(
      postTo(receiveAction, manager.id, { code: "SVC", id: String(transferId) }, `transfers/${transferId}/receive`, { idempotencyKey: "form-key-0104", occurredAt: now(), adultMen: "1" }),
    );
    expect(asDataResult(thrown).status).toBe(404);
  });
});

describe("the reversal form", () => {
  it("undoes an arrival once, audits it against the entry, and refuses to undo it again", async () => {
    expect(asResponse(await post(arrivalAction, manager.id, "SVC", "arrivals/new", { ...arrival("form-key-0200"), adultMen: "5", "nationalities[0].count": "7" })).status).toBe(302);
    const { id } = await entryByKey("form-key-0200");
    const params = { code: "SVC", id: String(id) };
    const before = totalOf((await getCensus(testDb.db, svc)).counts);
    for (let i = 0; i < 2; i++) {
      const response = asResponse(await postTo(reverseAction, manager.id, params, `entries/${id}/reverse`, { idempotencyKey: "form-key-0201", reason: "Registrada dos veces" }));
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe("/facilities/SVC/entries");
    }
    expect(totalOf((await getCensus(testDb.db, svc)).counts)).toBe(before - 7);
    const audits = await testDb.db.select({ action: auditLog.action, entityId: auditLog.entityId, changes: auditLog.changes }).from(auditLog).where(eq(auditLog.action, "reverse"));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ entityId: String(id), changes: { reason: "Registrada dos veces", via: "form" } });

    const again = asDataResult(await postTo(reverseAction, manager.id, params, `entries/${id}/reverse`, { idempotencyKey: "form-key-0202", reason: "Otra vez" }));
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.data)).toContain("reverse.notReversible.already-reversed");
  });
});
