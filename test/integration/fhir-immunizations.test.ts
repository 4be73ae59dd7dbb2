import { and, desc, eq } from "drizzle-orm";
import { registerCase } from "#db/care.server";
import { auditLog } from "#db/schema";
import { receiveStock } from "#db/stock.server";
import { listVaccineItems, recordDose, type VaccineItem } from "#db/vaccination.server";
import { zonedDay } from "~/lib/time";
import { buildRequest, routeHandler } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { fhirSchemaErrors, fhirSchemaIdentity } from "../support/fhir-schema";
import { requestContext } from "../support/remix";
import { buildWorld, MEMBER, OTHER, type World } from "../support/world";

/**
 * The FHIR R4 Immunization export, per case and per period, checked against the official FHIR R4
 * JSON schema (fhir.schema.json 4.0.1 from a registry package) and for what it must not say.
 */

const testDb = setupTestDatabase();
let world: World;
let mr: VaccineItem;
let hexa: VaccineItem;
const TIME_ZONE = "America/Panama";
const givenAt = new Date(Date.now() - 2 * 3_600_000);
const today = zonedDay(givenAt, TIME_ZONE);
let givenDoseId = 0;
let notGivenDoseId = 0;

beforeAll(async () => {
  world = await buildWorld(testDb.db);
  const vaccines = await listVaccineItems(testDb.db);
  mr = vaccines.find((v) => v.code === "VAC-MR")!;
  hexa = vaccines.find((v) => v.code === "VAC-HEXA")!;
  const userId = world.users.health_worker.id;
  for (const code of [MEMBER, OTHER] as const) {
    const f = world.facilities[code];
    await testDb.db.transaction((tx) =>
      receiveStock(
        tx,
        { facilityId: f.id, occurredAt: new Date(givenAt.getTime() - 86_400_000), lines: [{ itemId: mr.id, lotNumber: `MR-${code}-7`, expiry: "2027-06-30", quantity: 50, vvmStage: 1, manufacturer: "Serum Institute of India" }] },
        { recordedBy: userId, idempotencyKey: `fhir-receipt-${code}` },
      ),
    );
    const given = await testDb.db.transaction((tx) =>
      recordDose(tx, { facilityId: f.id, caseId: f.caseId, item: mr, doseNumber: 1, status: "given", occurredAt: givenAt, today, birthDate: "2022-03-01" }, { recordedBy: userId, idempotencyKey: `fhir-given-${code}` }),
    );
    const notGiven = await testDb.db.transaction((tx) =>
      recordDose(
        tx,
        { facilityId: f.id, caseId: f.caseId, item: hexa, doseNumber: 2, status: "not_given", notGivenReason: "stock_out", occurredAt: givenAt, today, birthDate: "2022-03-01" },
        { recordedBy: userId, idempotencyKey: `fhir-not-given-${code}` },
      ),
    );
    if (given.status !== "created" || notGiven.status !== "created") throw new Error(`doses at ${code}: ${given.status}, ${notGiven.status}`);
    if (code === MEMBER) {
      givenDoseId = given.doseId;
      notGivenDoseId = notGiven.doseId;
    }
  }
});

type Json = Record<string, unknown> & { entry?: { fullUrl: string; resource: Record<string, unknown> }[] };

async function get(route: string, userId: number, path: string, params: Record<string, string>) {
  const loader = await routeHandler(route, "loader");
  try {
    const response = (await loader({ request: await buildRequest({ userId }, path), context: requestContext(), params })) as Response;
    return { status: response.status, type: response.headers.get("Content-Type"), text: await response.text() };
  } catch (thrown) {
    // A refusal is thrown as data() with its status.
    const init = (thrown as { init?: ResponseInit }).init;
    return { status: init?.status ?? 500, type: null, text: "" };
  }
}

const CASE_ROUTE = "facilities.$code.care.$caseCode.immunizations[.json]";
const PERIOD_ROUTE = "facilities.$code.care.immunizations[.json]";
const caseExport = (userId: number, code = MEMBER as string, caseCode = world.facilities[MEMBER].caseCode) =>
  get(CASE_ROUTE, userId, `/facilities/${code}/care/${caseCode}/immunizations.json`, { code, caseCode });
const periodExport = (userId: number, query = "", code = MEMBER as string) => get(PERIOD_ROUTE, userId, `/facilities/${code}/care/immunizations.json${query}`, { code });

const resources = (bundle: Json, type: string) => (bundle.entry ?? []).filter((e) => e.resource.resourceType === type);

it("validates against the official FHIR R4 schema, which refuses what R4 refuses", () => {
  expect(fhirSchemaIdentity()).toEqual({ id: "http://hl7.org/fhir/json-schema/4.0", $schema: "http://json-schema.org/draft-06/schema#" });
  // Not a schema that accepts anything: a wrong bundle type, a wrong gender, an unknown field.
  expect(fhirSchemaErrors({ resourceType: "Bundle", type: "pile" })).not.toEqual([]);
  expect(fhirSchemaErrors({ resourceType: "Patient", gender: "girl" })).not.toEqual([]);
  expect(fhirSchemaErrors({ resourceType: "Immunization", status: "completed", vaccineCode: { text: "x" }, patient: { reference: "urn:uuid:x" }, occurrenceDateTime: "yesterday" })).not.toEqual([]);
  expect(fhirSchemaErrors({ resourceType: "Patient", nickname: "x" })).not.toEqual([]);
  expect(fhirSchemaErrors({ resourceType: "Patient", gender: "female" })).toEqual([]);
});

describe("one person's immunizations", () => {
  it("is a valid R4 Bundle of one Patient and the doses given and not given", async () => {
    const response = await caseExport(world.users.health_worker.id);
    expect(response.status).toBe(200);
    expect(response.type).toBe("application/fhir+json; charset=utf-8");
    const bundle = JSON.parse(response.text) as Json;
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
    const [patient, ...others] = resources(bundle, "Patient");
    expect(others).toEqual([]);
    const f = world.facilities[MEMBER];
    expect(patient!.fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(patient!.resource).toEqual({
      resourceType: "Patient",
      id: `case-${f.caseCode}`,
      identifier: [{ system: "urn:albergue:fhir:care-case", value: f.caseCode }],
      name: [{ text: `Persona ${MEMBER}` }],
      gender: "female",
      birthDate: "2022-03-01",
    });
    const doses = resources(bundle, "Immunization").map((e) => e.resource);
    expect(doses).toHaveLength(2);
    const given = doses.find((d) => d.id === `dose-${givenDoseId}`)!;
    expect(given).toMatchObject({
      status: "completed",
      vaccineCode: { coding: [{ system: "urn:albergue:fhir:vaccine", code: "VAC-MR" }] },
      patient: { reference: patient!.fullUrl },
      occurrenceDateTime: givenAt.toISOString(),
      primarySource: true,
      lotNumber: `MR-${MEMBER}-7`,
      expirationDate: "2027-06-30",
      manufacturer: { display: "Serum Institute of India" },
      location: { identifier: { system: "urn:albergue:fhir:facility", value: MEMBER }, display: "San Vicente" },
      performer: [{ actor: { display: expect.any(String) } }],
      protocolApplied: [{ doseNumberPositiveInt: 1 }],
    });
    expect(given).not.toHaveProperty("statusReason");
    const notGiven = doses.find((d) => d.id === `dose-${notGivenDoseId}`)!;
    expect(notGiven).toMatchObject({
      status: "not-done",
      statusReason: {
        coding: [
          { system: "urn:albergue:fhir:not-given-reason", code: "stock_out" },
          { system: "http://terminology.hl7.org/CodeSystem/v3-ActReason", code: "OSTOCK" },
        ],
      },
      vaccineCode: { coding: [{ code: "VAC-HEXA" }] },
      protocolApplied: [{ doseNumberPositiveInt: 2 }],
    });
    expect(notGiven).not.toHaveProperty("lotNumber");
  });

  it("says no more about the person than the printed summary card: no document number, nationality or other facility", async () => {
    const { text } = await caseExport(world.users.health_worker.id);
    for (const secret of [`DOC-${MEMBER}`, '"VE"', "Venezuela", OTHER, `Persona ${OTHER}`, "World referral"]) expect(text).not.toContain(secret);
  });

  it("gives the same identities on a second export, so a registry can de-duplicate", async () => {
    const urls = async () => (JSON.parse((await caseExport(world.users.health_worker.id)).text) as Json).entry!.map((e) => e.fullUrl);
    expect(await urls()).toEqual(await urls());
  });

  it("names the person even before the first dose", async () => {
    const person = await testDb.db.transaction((tx) =>
      registerCase(
        tx,
        { facilityId: world.facilities[MEMBER].id, name: "Sin Dosis", documentNumber: "", sex: "male", birthDate: null, birthDateEstimated: false, nationality: null, familyGroup: "", pregnant: false, lastMenstrualPeriod: null, estimatedDueDate: null, arrivalDate: today },
        world.users.health_worker.id,
      ),
    );
    const response = await caseExport(world.users.health_worker.id, MEMBER, person.code);
    const bundle = JSON.parse(response.text) as Json;
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    expect(bundle.entry!.map((e) => e.resource)).toEqual([
      { resourceType: "Patient", id: `case-${person.code}`, identifier: [{ system: "urn:albergue:fhir:care-case", value: person.code }], name: [{ text: "Sin Dosis" }], gender: "male" },
    ]);
  });

  it("refuses a case of another facility and a malformed case code (404)", async () => {
    const other = await caseExport(world.users.health_worker.id, MEMBER, world.facilities[OTHER].caseCode);
    expect(other.status).toBe(404);
    const malformed = await caseExport(world.users.health_worker.id, MEMBER, "not-a-code");
    expect(malformed.status).toBe(404);
  });

  it("is audited as a care read", async () => {
    const viewer = world.users.admin;
    await caseExport(viewer.id);
    const [entry] = await testDb.db.select().from(auditLog).where(eq(auditLog.userId, viewer.id)).orderBy(desc(auditLog.id)).limit(1);
    expect(entry).toMatchObject({ action: "view", entity: "care_case", entityId: String(world.facilities[MEMBER].caseId), facilityId: world.facilities[MEMBER].id, changes: { view: "fhir-immunizations", results: 2 } });
  });
});

describe("a facility's immunizations in a period", () => {
  it("is a valid R4 Bundle of this facility's doses in the period, each pointing at its Patient", async () => {
    const response = await periodExport(world.users.health_worker.id, `?from=${today}&to=${today}`);
    expect(response.status).toBe(200);
    const bundle = JSON.parse(response.text) as Json;
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    const patients = resources(bundle, "Patient");
    expect(patients.map((p) => (p.resource.identifier as { value: string }[])[0]!.value)).toEqual([world.facilities[MEMBER].caseCode]);
    const doses = resources(bundle, "Immunization");
    expect(doses.map((d) => d.resource.id).sort()).toEqual([`dose-${givenDoseId}`, `dose-${notGivenDoseId}`].sort());
    for (const d of doses) expect((d.resource.patient as { reference: string }).reference).toBe(patients[0]!.fullUrl);
    expect(response.text).not.toContain(`MR-${OTHER}-7`);
  });

  it("leaves out the doses outside the period, and defaults to the last 30 days", async () => {
    const before = JSON.parse((await periodExport(world.users.health_worker.id, "?from=2024-01-01&to=2024-01-31")).text) as Json;
    expect(fhirSchemaErrors(before)).toEqual([]);
    expect(before.entry).toEqual([]);
    const recent = JSON.parse((await periodExport(world.users.health_worker.id)).text) as Json;
    expect(resources(recent, "Immunization")).toHaveLength(2);
  });

  it.each([
    ["?from=2026-13-01", "from"],
    ["?to=yesterday", "to"],
    ["?from=2026-12-01&to=2026-11-01", "from"],
    ["?from=2024-01-01&to=2025-12-31", "from"],
    ["?from=0000-01-01", "from"],
  ])("answers %s with a FHIR OperationOutcome naming %s (400)", async (query, parameter) => {
    const response = await periodExport(world.users.health_worker.id, query);
    expect(response.status).toBe(400);
    const outcome = JSON.parse(response.text) as { issue: { expression: string[] }[] };
    expect(fhirSchemaErrors(outcome)).toEqual([]);
    expect(outcome).toMatchObject({ resourceType: "OperationOutcome", issue: [{ severity: "error", code: "invalid", expression: [parameter] }] });
  });

  it("is audited with its period", async () => {
    const viewer = world.users.health_worker;
    await periodExport(viewer.id, `?from=${today}&to=${today}`);
    const [entry] = await testDb.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.userId, viewer.id), eq(auditLog.entity, "care_case")))
      .orderBy(desc(auditLog.id))
      .limit(1);
    expect(entry).toMatchObject({ action: "view", facilityId: world.facilities[MEMBER].id, changes: { view: "fhir-immunizations", from: today, to: today, results: 2, cases: 1 } });
  });
});

describe("who may read it", () => {
  it("refuses planners and managers person-level FHIR, per case and per period (403)", async () => {
    for (const role of ["planner", "manager"] as const) {
      const userId = world.users[role].id;
      expect((await caseExport(userId)).status, role).toBe(403);
      expect((await periodExport(userId)).status, role).toBe(403);
    }
  });

  it("refuses a health worker at a facility they do not belong to", async () => {
    const userId = world.users.health_worker.id;
    expect((await caseExport(userId, OTHER, world.facilities[OTHER].caseCode)).status).toBe(403);
    expect((await periodExport(userId, "", OTHER)).status).toBe(403);
  });
});
