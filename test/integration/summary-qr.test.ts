import { Resvg } from "@resvg/resvg-js";
import jsQR from "jsqr";
import { registerCase } from "#db/care.server";
import { receiveStock } from "#db/stock.server";
import { listVaccineItems } from "#db/vaccination.server";
import type { CommandActor } from "~/lib/commands/actor.server";
import { recordCardVaccineDose } from "~/lib/commands/record-card-dose.server";
import { recordVaccineDose } from "~/lib/commands/record-dose.server";
import { QR_MAX_BYTES } from "~/lib/immunization-qr.server";
import { zonedDay } from "~/lib/time";
import { callRoute } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { fhirSchemaErrors } from "../support/fhir-schema";
import { buildWorld, MEMBER, type World } from "../support/world";

/**
 * Issue 18 item 3: the printed care summary carries a QR code of the person's immunizations, so
 * the next station reads them offline. The code the page renders (inline SVG) is rasterised by
 * a real SVG renderer (resvg) and decoded by a real QR decoder (jsQR), and what it says must be a
 * FHIR R4 Bundle that the official R4 JSON schema accepts.
 */

const testDb = setupTestDatabase();
const TIME_ZONE = "America/Panama";
let world: World;
let actor: CommandActor;
let seq = 0;
const key = () => `summary-qr-${seq++}`;

/** The QR code in the summary loader's SVG, decoded as a phone would from a picture of it. */
function decode(svg: string): string {
  // Eight pixels a module (the viewBox counts modules), as a camera sees a sharp print.
  const modules = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  expect(modules).toBeGreaterThan(20);
  const image = new Resvg(svg, { fitTo: { mode: "width", value: modules * 8 }, background: "white" }).render();
  const found = jsQR(new Uint8ClampedArray(image.pixels), image.width, image.height);
  if (!found) throw new Error("no QR code found in the rendered SVG");
  return found.data;
}

type Summary = { qr: { svg: string; included: number; total: number } | null; doses: unknown[] };

async function summaryOf(caseCode: string): Promise<Summary> {
  const outcome = await callRoute(
    "facilities.$code.care.$caseCode.summary",
    "loader",
    { userId: world.users.health_worker.id },
    `/facilities/${MEMBER}/care/${caseCode}/summary?lang=es`,
    { code: MEMBER, caseCode },
  );
  expect(outcome.status).toBe(200);
  return JSON.parse(outcome.body) as Summary;
}

async function newCase(name: string) {
  return registerCase(
    testDb.db,
    {
      facilityId: world.facilities[MEMBER].id,
      name,
      documentNumber: "",
      sex: "female",
      birthDate: "2024-01-15",
      birthDateEstimated: false,
      nationality: null,
      familyGroup: "",
      pregnant: false,
      lastMenstrualPeriod: null,
      estimatedDueDate: null,
      arrivalDate: zonedDay(new Date(), TIME_ZONE),
    },
    world.users.health_worker.id,
  );
}

const cardDose = (c: { id: number; code: string }, vaccine: string, doseNumber: number, givenOn: string, lotNumber = "") =>
  recordCardVaccineDose(
    testDb.db,
    actor,
    { facilityId: world.facilities[MEMBER].id, careCase: { ...c, birthDate: "2024-01-15" }, vaccine, doseNumber, givenOn, place: "Hospital San José, Cali", country: "CO", lotNumber },
    key(),
    { timeZone: TIME_ZONE, today: zonedDay(new Date(), TIME_ZONE) },
  );

type Immunization = {
  resourceType: string;
  status: string;
  vaccineCode: { coding: { code: string }[] };
  occurrenceDateTime: string;
  primarySource: boolean;
  lotNumber?: string;
  protocolApplied: { doseNumberPositiveInt: number }[];
};

beforeAll(async () => {
  world = await buildWorld(testDb.db);
  actor = { userId: world.users.health_worker.id, token: null, requestId: "summary-qr" };
  const mr = (await listVaccineItems(testDb.db)).find((v) => v.code === "VAC-MR")!;
  await testDb.db.transaction((tx) =>
    receiveStock(
      tx,
      { facilityId: world.facilities[MEMBER].id, occurredAt: new Date(Date.now() - 86_400_000), lines: [{ itemId: mr.id, lotNumber: "MR-QR-5", expiry: "2099-06-30", quantity: 10, vvmStage: 1 }] },
      { recordedBy: actor.userId, idempotencyKey: "summary-qr-receipt" },
    ),
  );
});

it("carries every dose when they fit: given here and from a card, decoded from the rendered code into a valid R4 Bundle", async () => {
  const person = await newCase("Niña QR pocas");
  expect((await cardDose(person, "VAC-HEXA", 1, "2024-03-20", "HX-CARD-1")).status).toBe("created");
  const given = await recordVaccineDose(
    testDb.db,
    actor,
    { facilityId: world.facilities[MEMBER].id, careCase: { ...person, birthDate: "2024-01-15" }, vaccine: "VAC-MR", doseNumber: 1, status: "given", occurredAt: new Date(Date.now() - 60_000) },
    key(),
  );
  expect(given.status).toBe("created");
  const summary = await summaryOf(person.code);
  expect(summary.qr).toMatchObject({ included: 2, total: 2 });
  const text = decode(summary.qr!.svg);
  expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(QR_MAX_BYTES);
  const bundle = JSON.parse(text) as { resourceType: string; type: string; entry: { resource: Immunization }[] };
  expect(fhirSchemaErrors(bundle)).toEqual([]);
  expect(bundle).toMatchObject({ resourceType: "Bundle", type: "collection" });
  const doses = bundle.entry.map((e) => e.resource);
  // The most recent first: the MR dose given here today, then the card's HEXA of 2024.
  expect(doses).toEqual([
    {
      resourceType: "Immunization",
      status: "completed",
      vaccineCode: { coding: [{ system: "urn:albergue:fhir:vaccine", code: "VAC-MR" }] },
      patient: { reference: `Patient/${person.code}` },
      occurrenceDateTime: zonedDay(new Date(Date.now() - 60_000), TIME_ZONE),
      primarySource: true,
      lotNumber: "MR-QR-5",
      protocolApplied: [{ doseNumberPositiveInt: 1 }],
    },
    {
      resourceType: "Immunization",
      status: "completed",
      vaccineCode: { coding: [{ system: "urn:albergue:fhir:vaccine", code: "VAC-HEXA" }] },
      patient: { reference: `Patient/${person.code}` },
      occurrenceDateTime: "2024-03-20",
      primarySource: false,
      lotNumber: "HX-CARD-1",
      protocolApplied: [{ doseNumberPositiveInt: 1 }],
    },
  ]);
});

it("carries the most recent doses within the byte limit when they do not all fit, and says so", async () => {
  const person = await newCase("Niña QR muchas");
  const card: [string, number, string][] = [
    ["VAC-HEXA", 1, "2024-03-20"],
    ["VAC-PCV13", 1, "2024-03-20"],
    ["VAC-ROTA", 1, "2024-03-21"],
    ["VAC-HEXA", 2, "2024-05-18"],
    ["VAC-PCV13", 2, "2024-05-18"],
    ["VAC-ROTA", 2, "2024-05-19"],
    ["VAC-HEXA", 3, "2024-07-16"],
    ["VAC-BOPV", 1, "2024-07-17"],
  ];
  for (const [vaccine, dose, day] of card) expect((await cardDose(person, vaccine, dose, day, `LOT-${vaccine}-${dose}`)).status).toBe("created");
  const summary = await summaryOf(person.code);
  expect(summary.qr!.total).toBe(8);
  expect(summary.qr!.included).toBeLessThan(8);
  expect(summary.qr!.included).toBeGreaterThanOrEqual(3);
  const text = decode(summary.qr!.svg);
  expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(QR_MAX_BYTES);
  const bundle = JSON.parse(text) as { entry: { resource: Immunization }[] };
  expect(fhirSchemaErrors(bundle)).toEqual([]);
  const days = bundle.entry.map((e) => e.resource.occurrenceDateTime);
  expect(days).toHaveLength(summary.qr!.included);
  // The newest days, newest first: nothing older is carried while something newer is left out.
  const newest = card.map(([, , day]) => day).sort().reverse().slice(0, summary.qr!.included);
  expect(days).toEqual(newest);
  expect(bundle.entry.every((e) => e.resource.primarySource === false)).toBe(true);
});

it("has no code when there is no dose to carry", async () => {
  const person = await newCase("Niña QR ninguna");
  expect((await summaryOf(person.code)).qr).toBeNull();
});
