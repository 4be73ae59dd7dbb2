import { and, count, eq } from "drizzle-orm";
import { getCase, moveCase, searchCases } from "#db/care.server";
import { auditLog, careCases, careEncounters } from "#db/schema";
import { addDays, zonedDateTimeLocal, zonedDay } from "~/lib/time";
import { loader as caseLoader, action as caseAction } from "~/routes/facilities.$code.care.$caseCode._index";
import { loader as listLoader } from "~/routes/facilities.$code.care._index";
import { action as registerAction } from "~/routes/facilities.$code.care.new";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, type TestUser } from "../support/fixtures";
import { asDataResult, asResponse, requestContext, signedInRequest, thrownBy } from "../support/remix";

const testDb = setupTestDatabase();
const TZ = "America/Panama";
let svc = 0;
let lbl = 0;
let nurse: TestUser;
let otherNurse: TestUser;
let planner: TestUser;
let admin: TestUser;

beforeAll(async () => {
  svc = await createFacility(testDb.db, { code: "SVC", name: "San Vicente" });
  lbl = await createFacility(testDb.db, { code: "LBL", name: "Lajas Blancas" });
  nurse = await createUser(testDb.db, { role: "health_worker", facilityIds: [svc] });
  otherNurse = await createUser(testDb.db, { role: "health_worker", facilityIds: [lbl] });
  planner = await createUser(testDb.db, { role: "planner" });
  admin = await createUser(testDb.db, { role: "admin" });
});

const today = () => zonedDay(new Date(), TZ);
const now = () => zonedDateTimeLocal(new Date(Date.now() - 60_000), TZ);
let keyCounter = 0;
const key = () => `care-test-key-${String(++keyCounter).padStart(4, "0")}`;

async function register(userId: number, code: string, fields: Record<string, string>) {
  const request = await signedInRequest(userId, `/facilities/${code}/care/new`, { method: "POST", body: new URLSearchParams(fields) });
  return registerAction({ request, context: requestContext(), params: { code } });
}

async function viewCase(userId: number, code: string, caseCode: string) {
  const request = await signedInRequest(userId, `/facilities/${code}/care/${caseCode}`);
  return caseLoader({ request, context: requestContext(), params: { code, caseCode } });
}

async function postCase(userId: number, code: string, caseCode: string, fields: Record<string, string>) {
  const request = await signedInRequest(userId, `/facilities/${code}/care/${caseCode}`, {
    method: "POST",
    body: new URLSearchParams(fields),
  });
  return caseAction({ request, context: requestContext(), params: { code, caseCode } });
}

const twoYearOld = () => ({
  idempotencyKey: key(),
  name: "Ana Pérez",
  sex: "female",
  birthMode: "date",
  birthDate: addDays(today(), -(2 * 365 + 10)),
  nationality: "HT",
  familyGroup: "fam-7",
  arrivalDate: today(),
});

async function registered(fields: Record<string, string>): Promise<string> {
  const response = asResponse(await register(nurse.id, "SVC", fields));
  expect(response.status).toBe(302);
  const match = /^\/facilities\/SVC\/care\/([A-HJ-NP-Z2-9]{8})$/.exec(response.headers.get("Location") ?? "");
  expect(match).not.toBeNull();
  return match![1]!;
}

async function auditCount(where: ReturnType<typeof and>) {
  const [row] = await testDb.db.select({ n: count() }).from(auditLog).where(where);
  return row?.n ?? 0;
}

describe("registering a case", () => {
  it("creates a case with a valid code and an audit entry, once per form", async () => {
    const fields = twoYearOld();
    const code = await registered(fields);
    const found = await getCase(testDb.db, svc, code);
    expect(found).toMatchObject({ code, name: "Ana Pérez", sex: "female", familyGroup: "FAM-7", nationality: "HT", pregnant: false });
    expect(await auditCount(and(eq(auditLog.entity, "care_case"), eq(auditLog.action, "create"), eq(auditLog.entityId, String(found!.id))))).toBe(1);
    // The same form sent again counts once.
    const again = asResponse(await register(nurse.id, "SVC", fields));
    expect(again.headers.get("Location")).toBe(`/facilities/SVC/care/${code}`);
    const [cases] = await testDb.db.select({ n: count() }).from(careCases).where(eq(careCases.name, "Ana Pérez"));
    expect(cases?.n).toBe(1);
  });

  it("hints at a possible duplicate and creates only when confirmed", async () => {
    const fields = { ...twoYearOld(), name: "Luis Gómez", documentNumber: "P-123" };
    await registered(fields);
    const second = { ...fields, idempotencyKey: key(), name: "luis gómez" };
    const hinted = asDataResult(await register(nurse.id, "SVC", second));
    expect(hinted.status).toBe(409);
    expect(JSON.stringify(hinted.data)).toContain("Luis Gómez");
    const code = await registered({ ...second, intent: "confirm" });
    expect((await getCase(testDb.db, svc, code))?.name).toBe("luis gómez");
  });

  it("stores an estimated birth date from an age, and a due date from gestational weeks", async () => {
    const code = await registered({
      idempotencyKey: key(),
      sex: "female",
      birthMode: "estimated",
      ageYears: "24",
      pregnant: "on",
      pregnancyMode: "weeks",
      gestationalWeeks: "20",
      arrivalDate: today(),
    });
    const found = await getCase(testDb.db, svc, code);
    expect(found?.birthDateEstimated).toBe(true);
    expect(found?.pregnant).toBe(true);
    expect(found?.lastMenstrualPeriod).toBe(addDays(today(), -140));
    expect(found?.estimatedDueDate).toBe(addDays(today(), 140));
  });

  it("returns 400 and writes nothing for a future arrival date", async () => {
    const [before] = await testDb.db.select({ n: count() }).from(careCases);
    const result = asDataResult(await register(nurse.id, "SVC", { ...twoYearOld(), arrivalDate: addDays(today(), 2) }));
    expect(result.status).toBe(400);
    expect(JSON.stringify(result.data)).toContain("care.dateInFuture");
    const [after] = await testDb.db.select({ n: count() }).from(careCases);
    expect(after?.n).toBe(before?.n);
  });

  it("is refused (403) to a planner and to a health worker of another facility", async () => {
    expect(asDataResult(await thrownBy(register(planner.id, "SVC", twoYearOld()))).status).toBe(403);
    expect(asDataResult(await thrownBy(register(otherNurse.id, "SVC", twoYearOld()))).status).toBe(403);
  });
});

describe("the case page", () => {
  let code = "";
  beforeAll(async () => {
    code = await registered({ ...twoYearOld(), name: "Niña Encounter" });
  });

  it("appends an audit 'view' entry for every load", async () => {
    const where = and(eq(auditLog.entity, "care_case"), eq(auditLog.action, "view"), eq(auditLog.userId, nurse.id));
    const before = await auditCount(where);
    const page = (await viewCase(nurse.id, "SVC", code)) as { careCase: { code: string; name: string } };
    expect(page.careCase).toMatchObject({ code, name: "Niña Encounter" });
    await viewCase(nurse.id, "SVC", code.toLowerCase());
    expect(await auditCount(where)).toBe(before + 2);
  });

  it("lets an admin view it (audited) but is refused (403) to a planner", async () => {
    await viewCase(admin.id, "SVC", code);
    expect(await auditCount(and(eq(auditLog.action, "view"), eq(auditLog.userId, admin.id)))).toBe(1);
    expect(asDataResult(await thrownBy(viewCase(planner.id, "SVC", code))).status).toBe(403);
    const listRequest = await signedInRequest(planner.id, "/facilities/SVC/care");
    expect(asDataResult(await thrownBy(listLoader({ request: listRequest, context: requestContext(), params: { code: "SVC" } }))).status).toBe(403);
  });

  it("is hidden from a health worker of another facility, who cannot find it by code either", async () => {
    expect(asDataResult(await thrownBy(viewCase(otherNurse.id, "SVC", code))).status).toBe(403);
    expect(asDataResult(await thrownBy(viewCase(otherNurse.id, "LBL", code))).status).toBe(404);
    expect(await searchCases(testDb.db, lbl, code)).toEqual([]);
    expect(await searchCases(testDb.db, lbl, "Encounter")).toEqual([]);
    expect((await searchCases(testDb.db, svc, code.slice(0, 4) + "-" + code.slice(4).toLowerCase())).map((c) => c.code)).toEqual([code]);
    expect((await searchCases(testDb.db, svc, "niña enc")).map((c) => c.code)).toEqual([code]);
    expect(await searchCases(testDb.db, svc, "%")).toEqual([]);
  });

  it("records a child encounter with MUAC 118 at 2 years as MAM, once per form", async () => {
    const fields = { intent: "child", idempotencyKey: key(), occurredAt: now(), weightKg: "10.2", heightCm: "84", muacMm: "118" };
    for (let i = 0; i < 2; i++) expect(asResponse(await postCase(nurse.id, "SVC", code, fields)).status).toBe(302);
    const rows = await testDb.db
      .select({ nutrition: careEncounters.nutrition, rutf: careEncounters.rutfSachetsPerDay, muac: careEncounters.muacMm })
      .from(careEncounters)
      .where(eq(careEncounters.idempotencyKey, fields.idempotencyKey));
    expect(rows).toEqual([{ nutrition: "mam", rutf: null, muac: 118 }]);
    expect(await auditCount(and(eq(auditLog.entity, "care_encounter"), eq(auditLog.action, "create")))).toBe(1);
  });

  it("suggests RUTF from the weight band when SAM, and a referral after danger signs", async () => {
    const fields = new URLSearchParams({ intent: "child", idempotencyKey: key(), occurredAt: now(), weightKg: "9.6", muacMm: "110" });
    fields.append("dangerSigns", "convulsions");
    const request = await signedInRequest(nurse.id, `/facilities/SVC/care/${code}`, { method: "POST", body: fields });
    asResponse(await caseAction({ request, context: requestContext(), params: { code: "SVC", caseCode: code } }));
    const [row] = await testDb.db
      .select({ nutrition: careEncounters.nutrition, rutf: careEncounters.rutfSachetsPerDay, signs: careEncounters.dangerSigns })
      .from(careEncounters)
      .where(eq(careEncounters.idempotencyKey, fields.get("idempotencyKey")!));
    expect(row).toEqual({ nutrition: "sam", rutf: 4, signs: ["convulsions"] });
  });

  // Issue 14, finding 7: 1,000 copies of one danger sign were accepted and stored in one encounter.
  it("refuses a danger sign sent more than once, at the field, and writes nothing", async () => {
    const [before] = await testDb.db.select({ n: count() }).from(careEncounters);
    for (const [intent, sign] of [["child", "convulsions"], ["antenatal", "vaginal_bleeding"]] as const) {
      const fields = new URLSearchParams({ intent, idempotencyKey: key(), occurredAt: now() });
      for (let i = 0; i < 3; i++) fields.append("dangerSigns", sign);
      const request = await signedInRequest(nurse.id, `/facilities/SVC/care/${code}`, { method: "POST", body: fields });
      const result = asDataResult(await caseAction({ request, context: requestContext(), params: { code: "SVC", caseCode: code } }));
      expect(result.status, intent).toBe(400);
      expect(JSON.stringify(result.data), intent).toContain("care.dangerSignsRepeated");
      // The 1,000 copies are refused before any parsing, by the form's field limit.
      for (let i = 0; i < 1000; i++) fields.append("dangerSigns", sign);
      const flood = await signedInRequest(nurse.id, `/facilities/SVC/care/${code}`, { method: "POST", body: fields });
      const refused = asDataResult(await caseAction({ request: flood, context: requestContext(), params: { code: "SVC", caseCode: code } }).catch((e: unknown) => e));
      expect(refused.status, intent).toBe(413);
    }
    const [after] = await testDb.db.select({ n: count() }).from(careEncounters);
    expect(after?.n).toBe(before?.n);
  });

  it("returns 400 and writes nothing for a MUAC of 20 mm or a future time", async () => {
    const [before] = await testDb.db.select({ n: count() }).from(careEncounters);
    const muac = asDataResult(await postCase(nurse.id, "SVC", code, { intent: "child", idempotencyKey: key(), occurredAt: now(), muacMm: "20" }));
    expect(muac.status).toBe(400);
    expect(JSON.stringify(muac.data)).toContain("care.muacRange");
    const future = zonedDateTimeLocal(new Date(Date.now() + 2 * 86_400_000), TZ);
    const late = asDataResult(await postCase(nurse.id, "SVC", code, { intent: "child", idempotencyKey: key(), occurredAt: future, muacMm: "130" }));
    expect(late.status).toBe(400);
    const [after] = await testDb.db.select({ n: count() }).from(careEncounters);
    expect(after?.n).toBe(before?.n);
  });

  it("refuses encounters to a planner and an admin (403), who record no care", async () => {
    const fields = { intent: "child", idempotencyKey: key(), occurredAt: now(), muacMm: "130" };
    expect(asDataResult(await thrownBy(postCase(planner.id, "SVC", code, fields))).status).toBe(403);
    expect(asDataResult(await thrownBy(postCase(admin.id, "SVC", code, fields))).status).toBe(403);
  });

  it("records a referral and its status, audited", async () => {
    const fields = { intent: "referral", idempotencyKey: key(), occurredAt: now(), hospital: "Hospital de Metetí", urgency: "emergency", reason: "Convulsiones" };
    asResponse(await postCase(nurse.id, "SVC", code, fields));
    asResponse(await postCase(nurse.id, "SVC", code, fields));
    const page = (await viewCase(nurse.id, "SVC", code)) as { referrals: { id: number; status: string }[] };
    expect(page.referrals).toHaveLength(1);
    const referralId = page.referrals[0]!.id;
    asResponse(await postCase(nurse.id, "SVC", code, { intent: "referralStatus", referralId: String(referralId), status: "arrived" }));
    const after = (await viewCase(nurse.id, "SVC", code)) as { referrals: { status: string }[] };
    expect(after.referrals[0]?.status).toBe("arrived");
    expect(await auditCount(and(eq(auditLog.entity, "referral"), eq(auditLog.action, "update")))).toBe(1);
  });

  it("records an antenatal contact with the anaemia flag by trimester", async () => {
    const pregnant = await registered({
      idempotencyKey: key(),
      sex: "female",
      birthMode: "estimated",
      ageYears: "26",
      pregnant: "on",
      pregnancyMode: "weeks",
      gestationalWeeks: "30",
      arrivalDate: today(),
    });
    const fields = { intent: "antenatal", idempotencyKey: key(), occurredAt: now(), haemoglobinGL: "108", systolic: "120", diastolic: "80", contactNumber: "5" };
    asResponse(await postCase(nurse.id, "SVC", pregnant, fields));
    const [row] = await testDb.db
      .select({ weeks: careEncounters.gestationalWeeks, anaemia: careEncounters.anaemia })
      .from(careEncounters)
      .where(eq(careEncounters.idempotencyKey, fields.idempotencyKey));
    expect(row).toEqual({ weeks: 30, anaemia: true });
  });
});

describe("moving a case with the person", () => {
  it("makes the case visible to the receiving facility's health workers and not to the sender's", async () => {
    const code = await registered({ ...twoYearOld(), name: "Viajero" });
    const moved = asResponse(await postCase(nurse.id, "SVC", code, { intent: "move", toFacility: "LBL" }));
    expect(moved.headers.get("Location")).toBe("/facilities/SVC/care");
    const page = (await viewCase(otherNurse.id, "LBL", code)) as { careCase: { code: string } };
    expect(page.careCase.code).toBe(code);
    expect(asDataResult(await thrownBy(viewCase(nurse.id, "SVC", code))).status).toBe(404);
    expect(await searchCases(testDb.db, svc, code)).toEqual([]);
    expect((await searchCases(testDb.db, lbl, code)).map((c) => c.code)).toEqual([code]);
    expect(await auditCount(and(eq(auditLog.entity, "care_case"), eq(auditLog.action, "move")))).toBe(1);
  });

  it("moves only from the facility the case is at", async () => {
    const code = await registered({ ...twoYearOld(), name: "Quieto" });
    const found = await getCase(testDb.db, svc, code);
    expect(await moveCase(testDb.db, found!.id, lbl, svc)).toBe(false);
    expect((await getCase(testDb.db, svc, code))?.code).toBe(code);
  });
});
