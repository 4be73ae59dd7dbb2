import { and, asc, eq } from "drizzle-orm";
import { getCase } from "#db/care.server";
import { auditLog, careCases, careEncounters, referrals } from "#db/schema";
import type { CommandActor } from "~/lib/commands/actor.server";
import { moveCareCase } from "~/lib/commands/move-case.server";
import { recordCareRead } from "~/lib/commands/record-care-read.server";
import { recordAntenatalEncounter, recordChildEncounter } from "~/lib/commands/record-encounter.server";
import { changeReferralStatus, sendReferral } from "~/lib/commands/referral.server";
import { registerCareCase, type CaseRegistrationInput } from "~/lib/commands/register-case.server";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser } from "../support/fixtures";

/**
 * Issue 16: the care writes as commands, called without a route (as an offline replay or an
 * import would): each writes its rows and its audit entry once per key, refuses what the
 * database says is wrong without writing, and records the clinical rules it owns.
 */

const testDb = setupTestDatabase();
let here = 0;
let there = 0;
let actor: CommandActor;
let seq = 0;
const key = () => `care-command-${seq++}`;
const today = "2026-12-04";

const child = (overrides: Partial<CaseRegistrationInput> = {}): CaseRegistrationInput => ({
  facilityId: here,
  name: `Niño ${seq}`,
  documentNumber: "",
  sex: "male",
  birthDate: null,
  birthDateEstimated: false,
  nationality: null,
  familyGroup: "",
  pregnant: false,
  lastMenstrualPeriod: null,
  arrivalDate: today,
  ...overrides,
});

async function auditOf(entity: string, entityId: number | string) {
  return testDb.db
    .select({ action: auditLog.action, userId: auditLog.userId, changes: auditLog.changes })
    .from(auditLog)
    .where(and(eq(auditLog.entity, entity), eq(auditLog.entityId, String(entityId))))
    .orderBy(asc(auditLog.id));
}

async function registered(input: CaseRegistrationInput) {
  const outcome = await registerCareCase(testDb.db, actor, input, key(), { confirmed: true });
  if (outcome.status !== "created") throw new Error(outcome.status);
  const found = await getCase(testDb.db, here, outcome.code);
  return found!;
}

beforeAll(async () => {
  here = await createFacility(testDb.db, { code: "CCA", name: "Comandos A" });
  there = await createFacility(testDb.db, { code: "CCB", name: "Comandos B" });
  const nurse = await createUser(testDb.db, { role: "health_worker", facilityIds: [here] });
  actor = { userId: nurse.id, token: null, requestId: "care-commands" };
});

describe("registering a case", () => {
  it("writes one case and one audit entry per key; a resend answers the same code", async () => {
    const k = key();
    const first = await registerCareCase(testDb.db, actor, child({ name: "Único Registro" }), k, { confirmed: false });
    const again = await registerCareCase(testDb.db, actor, child({ name: "Único Registro" }), k, { confirmed: false });
    expect(first.status).toBe("created");
    expect(again).toEqual({ status: "duplicate", code: first.status === "created" ? first.code : "" });
    const rows = await testDb.db.select({ id: careCases.id }).from(careCases).where(eq(careCases.name, "Único Registro"));
    expect(rows).toHaveLength(1);
    const audit = await auditOf("care_case", rows[0]!.id);
    expect(audit).toEqual([
      {
        action: "create",
        userId: actor.userId,
        changes: {
          code: expect.any(String),
          idempotencyKey: k,
          pregnant: false,
          birthDateEstimated: false,
          confirmedDespiteDuplicates: false,
        },
      },
    ]);
  });

  it("asks about a similar case before writing, and writes once confirmed", async () => {
    await registered(child({ name: "Rosa Gemela", documentNumber: "PA-77" }));
    const asked = await registerCareCase(testDb.db, actor, child({ name: "Rosa Gemela", documentNumber: "PA-77" }), key(), {
      confirmed: false,
    });
    expect(asked.status).toBe("similar");
    const confirmed = await registerCareCase(testDb.db, actor, child({ name: "Rosa Gemela", documentNumber: "PA-77" }), key(), {
      confirmed: true,
    });
    expect(confirmed.status).toBe("created");
    const rows = await testDb.db.select({ id: careCases.id }).from(careCases).where(eq(careCases.name, "Rosa Gemela"));
    expect(rows).toHaveLength(2);
  });
});

describe("encounters", () => {
  it("classes a child with no birth date and oedema as SAM, with the ration for the weight, once per key", async () => {
    const found = await registered(child({ name: "Sin Fecha" }));
    const k = key();
    const input = {
      facilityId: here,
      careCase: found,
      occurredAt: new Date(),
      day: today,
      weightKg: 7.5,
      heightCm: null,
      muacMm: 130,
      oedema: true,
      dangerSigns: [],
      notes: "",
    };
    const first = await recordChildEncounter(testDb.db, actor, input, k);
    const again = await recordChildEncounter(testDb.db, actor, input, k);
    expect(first).toMatchObject({ status: "created", referralSuggested: false });
    expect(again).toMatchObject({ status: "duplicate", encounterId: first.status === "created" ? first.encounterId : -1 });
    const rows = await testDb.db
      .select({ id: careEncounters.id, nutrition: careEncounters.nutrition, rutf: careEncounters.rutfSachetsPerDay })
      .from(careEncounters)
      .where(eq(careEncounters.caseId, found.id));
    expect(rows).toEqual([{ id: expect.any(Number), nutrition: "sam", rutf: 3 }]);
    const audit = await auditOf("care_encounter", rows[0]!.id);
    expect(audit.map((a) => a.changes)).toEqual([
      { caseCode: found.code, kind: "child", nutrition: "sam", rutfSachetsPerDay: 3, dangerSigns: [] },
    ]);
  });

  it("refuses an antenatal contact of a case that is not pregnant, writing nothing", async () => {
    const found = await registered(child({ name: "No Embarazo" }));
    const outcome = await recordAntenatalEncounter(
      testDb.db,
      actor,
      {
        facilityId: here,
        careCase: found,
        occurredAt: new Date(),
        day: today,
        gestationalWeeks: 20,
        systolic: null,
        diastolic: null,
        haemoglobinGL: 100,
        tdGiven: false,
        ironFolicGiven: false,
        contactNumber: null,
        nextContactDate: null,
        dangerSigns: [],
        notes: "",
      },
      key(),
    );
    expect(outcome).toEqual({ status: "invalid", formErrors: ["care.notPregnant"] });
    expect(await testDb.db.select({ id: careEncounters.id }).from(careEncounters).where(eq(careEncounters.caseId, found.id))).toEqual([]);
  });
});

describe("referrals and moves", () => {
  it("writes one referral per key, audits a status change once, and finds no referral of another case", async () => {
    const found = await registered(child({ name: "Referido" }));
    const other = await registered(child({ name: "Otro Caso" }));
    const k = key();
    const input = {
      facilityId: here,
      careCase: found,
      hospital: "Hospital de Metetí",
      urgency: "urgent" as const,
      reason: "fiebre",
      sentAt: new Date(),
    };
    const first = await sendReferral(testDb.db, actor, input, k);
    expect(await sendReferral(testDb.db, actor, input, k)).toEqual({ status: "duplicate" });
    if (first.status !== "created") throw new Error(first.status);
    expect(await testDb.db.select({ id: referrals.id }).from(referrals).where(eq(referrals.caseId, found.id))).toHaveLength(1);

    const change = { facilityId: here, careCase: found, referralId: first.referralId, status: "arrived" as const };
    expect(await changeReferralStatus(testDb.db, actor, change)).toEqual({ status: "changed", before: "sent" });
    expect(await changeReferralStatus(testDb.db, actor, change)).toEqual({ status: "unchanged", before: "arrived" });
    expect(await changeReferralStatus(testDb.db, actor, { ...change, careCase: other })).toEqual({ status: "not-found" });
    expect((await auditOf("referral", first.referralId)).map((a) => a.action)).toEqual(["create", "update"]);
  });

  it("moves a case only to another known facility, and only from where it is", async () => {
    const found = await registered(child({ name: "Se Mueve" }));
    const facility = { id: here, code: "CCA" };
    expect(await moveCareCase(testDb.db, actor, { facility, careCase: found, toFacility: "CCA" })).toEqual({
      status: "invalid",
      fieldErrors: { toFacility: ["validation.choice"] },
    });
    expect(await moveCareCase(testDb.db, actor, { facility, careCase: found, toFacility: "ZZZ" })).toMatchObject({ status: "invalid" });
    expect(await moveCareCase(testDb.db, actor, { facility, careCase: found, toFacility: "CCB" })).toMatchObject({
      status: "moved",
      destination: { id: there, code: "CCB" },
    });
    expect(await moveCareCase(testDb.db, actor, { facility, careCase: found, toFacility: "CCB" })).toEqual({ status: "not-found" });
    expect((await auditOf("care_case", found.id)).map((a) => [a.action, a.changes])).toContainEqual([
      "move",
      { code: found.code, from: "CCA", to: "CCB" },
    ]);
  });
});

describe("care reads", () => {
  it("records each kind of read as the audit log has always shown it", async () => {
    const found = await registered(child({ name: "Leído" }));
    await recordCareRead(testDb.db, actor, here, { of: "case", caseId: found.id, details: { view: "summary", lang: "es" } });
    await recordCareRead(testDb.db, actor, here, { of: "search", details: { query: "Leí", results: 1 } });
    await recordCareRead(testDb.db, actor, here, { of: "followup", details: { rows: 0, kind: "all", days: 7 } });
    const rows = await testDb.db
      .select({ action: auditLog.action, entity: auditLog.entity, entityId: auditLog.entityId, facilityId: auditLog.facilityId })
      .from(auditLog)
      .where(eq(auditLog.requestId, "care-commands"))
      .orderBy(asc(auditLog.id));
    expect(rows.slice(-3)).toEqual([
      { action: "view", entity: "care_case", entityId: String(found.id), facilityId: here },
      { action: "search", entity: "care_case", entityId: null, facilityId: here },
      { action: "view", entity: "care_followup", entityId: String(here), facilityId: here },
    ]);
  });
});
