import { and, count, eq } from "drizzle-orm";
import { careAggregates, listFollowUps } from "#db/care-reports.server";
import { auditLog, stockBalances, stockOperations, vaccineDoses } from "#db/schema";
import { receiveStock } from "#db/stock.server";
import { listVaccineItems, type VaccineItem } from "#db/vaccination.server";
import type { CommandActor } from "~/lib/commands/actor.server";
import { recordCardVaccineDose } from "~/lib/commands/record-card-dose.server";
import { recordVaccineDose } from "~/lib/commands/record-dose.server";
import { addDays, zonedDay } from "~/lib/time";
import { callRoute } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { fhirSchemaErrors } from "../support/fhir-schema";
import { buildWorld, MEMBER, snapshot, type World } from "../support/world";

/**
 * Issue 17 item 8: a dose given elsewhere, copied from a home card or another country's record.
 * It moves no stock, counts in the schedule (the next dose due is the following one), is counted
 * apart from the doses given here, leaves the FHIR export as a record not from its source, and
 * refuses a future day or a dose beyond the schedule with field errors and nothing written.
 */

const testDb = setupTestDatabase();
const TIME_ZONE = "America/Panama";
const CASE_ROUTE = "facilities.$code.care.$caseCode._index";
let world: World;
let hexa: VaccineItem;
let nurse: number;
let actor: CommandActor;
let seq = 0;
const key = () => `card-dose-${seq++}`;
const today = () => zonedDay(new Date(), TIME_ZONE);

const casePath = () => `/facilities/${MEMBER}/care/${world.facilities[MEMBER].caseCode}`;
const params = () => ({ code: MEMBER, caseCode: world.facilities[MEMBER].caseCode });
const post = (fields: Record<string, string>) =>
  callRoute(CASE_ROUTE, "action", { userId: nurse }, `${casePath()}?index`, params(), { form: { intent: "cardDose", ...fields } });

const cardForm = (overrides: Record<string, string> = {}) => ({
  idempotencyKey: key(),
  vaccine: "VAC-HEXA",
  doseNumber: "1",
  givenOn: "2022-05-10",
  place: "Centro de Salud Necoclí",
  country: "CO",
  lotNumber: "HX-CARD-77",
  ...overrides,
});

async function hexaDoses() {
  return testDb.db
    .select({
      id: vaccineDoses.id,
      doseNumber: vaccineDoses.doseNumber,
      status: vaccineDoses.status,
      source: vaccineDoses.source,
      lotId: vaccineDoses.lotId,
      openVialId: vaccineDoses.openVialId,
      stockOperationId: vaccineDoses.stockOperationId,
      place: vaccineDoses.place,
      country: vaccineDoses.country,
      cardLotNumber: vaccineDoses.cardLotNumber,
      nextDueDate: vaccineDoses.nextDueDate,
    })
    .from(vaccineDoses)
    .where(and(eq(vaccineDoses.caseId, world.facilities[MEMBER].caseId), eq(vaccineDoses.itemId, hexa.id)));
}

async function stockState() {
  const [ops] = await testDb.db.select({ n: count() }).from(stockOperations);
  const balances = await testDb.db.select({ lotId: stockBalances.lotId, quantity: stockBalances.quantity }).from(stockBalances).orderBy(stockBalances.lotId, stockBalances.facilityId);
  return { operations: ops!.n, balances };
}

beforeAll(async () => {
  world = await buildWorld(testDb.db);
  hexa = (await listVaccineItems(testDb.db)).find((v) => v.code === "VAC-HEXA")!;
  nurse = world.users.health_worker.id;
  actor = { userId: nurse, token: null, requestId: "card-doses" };
  const f = world.facilities[MEMBER];
  await testDb.db.transaction((tx) =>
    receiveStock(
      tx,
      { facilityId: f.id, occurredAt: new Date(Date.now() - 86_400_000), lines: [{ itemId: hexa.id, lotNumber: "HX-HERE-1", expiry: "2099-06-30", quantity: 20, vvmStage: 1 }] },
      { recordedBy: nurse, idempotencyKey: "card-doses-receipt" },
    ),
  );
});

describe("a dose from a card", () => {
  let cardDoseId = 0;

  it("is recorded from the case page's form with its place, country and card lot, and moves no stock", async () => {
    const before = await stockState();
    const [audits] = await testDb.db.select({ n: count() }).from(auditLog).where(eq(auditLog.entity, "vaccine_dose"));
    const outcome = await post(cardForm());
    expect(outcome.status).toBe(302);
    expect(outcome.location).toBe(casePath());
    expect(await stockState()).toEqual(before);
    const [dose, ...others] = await hexaDoses();
    expect(others).toEqual([]);
    expect(dose).toMatchObject({
      doseNumber: 1,
      status: "given",
      source: "card",
      lotId: null,
      openVialId: null,
      stockOperationId: null,
      place: "Centro de Salud Necoclí",
      country: "CO",
      cardLotNumber: "HX-CARD-77",
    });
    cardDoseId = dose!.id;
    const entries = await testDb.db.select({ changes: auditLog.changes, userId: auditLog.userId }).from(auditLog).where(and(eq(auditLog.entity, "vaccine_dose"), eq(auditLog.entityId, String(dose!.id))));
    expect(entries).toEqual([{ userId: nurse, changes: expect.objectContaining({ source: "card", vaccine: "VAC-HEXA", doseNumber: 1, givenOn: "2022-05-10", country: "CO", place: "Centro de Salud Necoclí" }) }]);
    const [after] = await testDb.db.select({ n: count() }).from(auditLog).where(eq(auditLog.entity, "vaccine_dose"));
    expect(after!.n).toBe(audits!.n + 1);
  });

  it("counts in the schedule: the vaccination page offers dose 2 next, and the follow-up list names HEXA #2", async () => {
    const page = await callRoute("facilities.$code.care.$caseCode.vaccinate", "loader", { userId: nurse }, `${casePath()}/vaccinate`, params());
    expect(page.status).toBe(200);
    const loaded = JSON.parse(page.body) as { vaccines: { code: string; nextDose: number }[] };
    expect(loaded.vaccines.find((v) => v.code === "VAC-HEXA")!.nextDose).toBe(2);
    const followUps = await listFollowUps(testDb.db, world.facilities[MEMBER].id, today(), { kind: "vaccine", horizonDays: 3650 });
    expect(followUps.filter((r) => r.caseId === world.facilities[MEMBER].caseId && r.itemCode === "VAC-HEXA").map((r) => r.doseNumber)).toEqual([2]);
  });

  it("lets the next dose given here follow it without an out-of-order warning, drawing one dose from stock", async () => {
    const before = await stockState();
    const f = world.facilities[MEMBER];
    const outcome = await recordVaccineDose(
      testDb.db,
      actor,
      { facilityId: f.id, careCase: { id: f.caseId, code: f.caseCode, birthDate: "2022-03-01" }, vaccine: "VAC-HEXA", doseNumber: 2, status: "given", occurredAt: new Date(Date.now() - 60_000) },
      key(),
    );
    expect(outcome.status).toBe("created");
    if (outcome.status !== "created") return;
    expect(outcome.warnings).not.toContain("vaccination.warning.outOfOrder");
    expect((await stockState()).operations).toBe(before.operations + 1);
    const sources = (await hexaDoses()).map((d) => [d.doseNumber, d.source]).sort();
    expect(sources).toEqual([
      [1, "card"],
      [2, "here"],
    ]);
  });

  it("is counted apart from doses given here in the care aggregates", async () => {
    const [row] = (await careAggregates(testDb.db, { facilityIds: [world.facilities[MEMBER].id], now: new Date() })).filter((r) => r.facilityCode === MEMBER);
    const here = await testDb.db
      .select({ n: count() })
      .from(vaccineDoses)
      .where(and(eq(vaccineDoses.facilityId, world.facilities[MEMBER].id), eq(vaccineDoses.source, "here"), eq(vaccineDoses.status, "given")));
    expect(row!.cardDosesLast30Days).toBe(1);
    expect(row!.dosesLast30Days).toBe(here[0]!.n);
    expect(row!.dosesLast30Days).toBeGreaterThanOrEqual(1);
  });

  it("is idempotent by key, and the same card line read again under a new key is the same dose", async () => {
    const fields = cardForm({ vaccine: "VAC-PCV13", givenOn: "2022-05-12" });
    const first = await post(fields);
    const again = await post(fields);
    const reread = await post({ ...fields, idempotencyKey: key() });
    expect([first.status, again.status, reread.status]).toEqual([302, 302, 302]);
    const rows = await testDb.db.select({ id: vaccineDoses.id }).from(vaccineDoses).where(and(eq(vaccineDoses.caseId, world.facilities[MEMBER].caseId), eq(vaccineDoses.source, "card")));
    expect(rows).toHaveLength(2);
  });

  it("refuses a day after today, a day before the birth and a dose beyond the schedule, with field errors and nothing written", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ givenOn: addDays(today(), 1) }, "givenOn", "vaccination.card.dateInFuture"],
      [{ givenOn: "2022-02-28" }, "givenOn", "vaccination.card.beforeBirth"],
      [{ doseNumber: "5" }, "doseNumber", "vaccination.card.beyondSchedule?doses=4"],
      [{ vaccine: "VAC-ROTA", doseNumber: "3" }, "doseNumber", "vaccination.card.beyondSchedule?doses=2"],
      [{ country: "XX" }, "country", "validation.choice"],
      [{ place: "  " }, "place", "validation.required"],
    ];
    for (const [overrides, field, message] of cases) {
      const before = await snapshot(testDb.db);
      const outcome = await post(cardForm(overrides));
      expect(outcome.status, JSON.stringify(overrides)).toBe(400);
      const reply = JSON.parse(outcome.body) as { intent: string; result: { error: Record<string, string[]> } };
      expect(reply.intent).toBe("cardDose");
      expect(reply.result.error[field], JSON.stringify(overrides)).toEqual([message]);
      expect(await snapshot(testDb.db)).toEqual(before);
    }
  });

  it("refuses in the command too (another way in than the form): a vaccine outside the catalogue, a future day, a dose beyond the schedule", async () => {
    const f = world.facilities[MEMBER];
    const input = { facilityId: f.id, careCase: { id: f.caseId, code: f.caseCode, birthDate: "2022-03-01" }, vaccine: "VAC-HEXA", doseNumber: 1, givenOn: "2023-01-01", place: "X", country: "CO", lotNumber: "" };
    const options = { timeZone: TIME_ZONE, today: today() };
    const before = await snapshot(testDb.db);
    expect(await recordCardVaccineDose(testDb.db, actor, { ...input, vaccine: "VAC-NOPE" }, key(), options)).toEqual({ status: "invalid", fieldErrors: { vaccine: ["validation.choice"] } });
    expect(await recordCardVaccineDose(testDb.db, actor, { ...input, givenOn: addDays(today(), 2) }, key(), options)).toEqual({ status: "invalid", fieldErrors: { givenOn: ["vaccination.card.dateInFuture"] } });
    expect(await recordCardVaccineDose(testDb.db, actor, { ...input, doseNumber: 9 }, key(), options)).toEqual({
      status: "invalid",
      fieldErrors: { doseNumber: ["vaccination.card.beyondSchedule?doses=4"] },
    });
    expect(await snapshot(testDb.db)).toEqual(before);
  });

  it("cannot be written with stock by anything else: the database refuses a card dose with a lot or a stock operation", async () => {
    const f = world.facilities[MEMBER];
    const [here] = (await hexaDoses()).filter((d) => d.source === "here");
    await expect(
      testDb.db.insert(vaccineDoses).values({
        caseId: f.caseId,
        facilityId: f.id,
        itemId: hexa.id,
        doseNumber: 3,
        status: "given",
        source: "card",
        occurredAt: new Date(),
        idempotencyKey: key(),
        lotId: here!.lotId,
        stockOperationId: null,
        place: "X",
        country: "CO",
      }),
    ).rejects.toThrow();
    await expect(
      testDb.db.insert(vaccineDoses).values({ caseId: f.caseId, facilityId: f.id, itemId: hexa.id, doseNumber: 3, status: "not_given", occurredAt: new Date(), idempotencyKey: key(), place: "X" }),
    ).rejects.toThrow();
  });

  it("leaves the FHIR export as a record not from its source (primarySource false, reportOrigin record), valid against the R4 schema", async () => {
    const outcome = await callRoute("facilities.$code.care.$caseCode.immunizations[.json]", "loader", { userId: nurse }, `${casePath()}/immunizations.json`, params());
    expect(outcome.status).toBe(200);
    const bundle = JSON.parse(outcome.body) as { entry: { resource: Record<string, unknown> }[] };
    expect(fhirSchemaErrors(bundle)).toEqual([]);
    const card = bundle.entry.map((e) => e.resource).find((r) => r.id === `dose-${cardDoseId}`);
    expect(card).toMatchObject({
      resourceType: "Immunization",
      status: "completed",
      primarySource: false,
      reportOrigin: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/immunization-origin", code: "record" }] },
      occurrenceDateTime: "2022-05-10",
      location: { display: "Centro de Salud Necoclí" },
      lotNumber: "HX-CARD-77",
      protocolApplied: [{ doseNumberPositiveInt: 1 }],
    });
    expect(card).not.toHaveProperty("performer");
    const here = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === "Immunization" && r.primarySource === true);
    expect(here.length).toBeGreaterThanOrEqual(1);
  });

  it("is listed on the printed summary marked (carné), with the card's lot", async () => {
    const outcome = await callRoute("facilities.$code.care.$caseCode.summary", "loader", { userId: nurse }, `${casePath()}/summary?lang=es`, params());
    expect(outcome.status).toBe(200);
    const card = JSON.parse(outcome.body) as { doses: { vaccine: string; doseNumber: number; day: string; lotNumber: string; fromCard: boolean }[] };
    const hexaRows = card.doses.filter((d) => d.vaccine === hexa.nameEs);
    expect(hexaRows).toEqual([
      expect.objectContaining({ doseNumber: 1, day: "2022-05-10", lotNumber: "HX-CARD-77", fromCard: true }),
      expect.objectContaining({ doseNumber: 2, lotNumber: "HX-HERE-1", fromCard: false }),
    ]);
  });
});
