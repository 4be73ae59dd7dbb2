import { count, eq } from "drizzle-orm";
import { items, stockOperations, users, vaccineDoses } from "#db/schema";
import { receiveStock } from "#db/stock.server";
import { makeI18n, type Locale } from "~/lib/i18n";
import { zonedDateTimeLocal } from "~/lib/time";
import { callRoute, type Outcome } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { createUser } from "../support/fixtures";
import { buildWorld, MEMBER, type World } from "../support/world";

/**
 * Issue 15, the stock and dose forms: without JavaScript, Back after a submit brings the typed
 * values back on a fresh form with a new key, so a resubmit would post a delivery, an adjustment
 * or a dose twice. The form asks first (decision 016); a resend of the same key stays a duplicate.
 */

const testDb = setupTestDatabase();
let world: World;
let manager: number;
let worker: number;

beforeAll(async () => {
  world = await buildWorld(testDb.db);
  manager = world.users.manager.id;
  worker = world.users.health_worker.id;
  const [bopv] = await testDb.db.select({ id: items.id }).from(items).where(eq(items.code, "VAC-BOPV"));
  await testDb.db.transaction((tx) =>
    receiveStock(
      tx,
      { facilityId: world.facilities[MEMBER].id, occurredAt: new Date(Date.now() - 3_600_000), lines: [{ itemId: bopv!.id, lotNumber: "BOPV-TWIN", expiry: "2099-06-30", quantity: 200, vvmStage: 1 }] },
      { recordedBy: manager, idempotencyKey: "twins-vaccine-stock" },
    ),
  );
});

let seq = 0;
const key = () => `twin-${Date.now().toString(36)}-${seq++}`;
const recently = () => zonedDateTimeLocal(new Date(Date.now() - 60_000), "America/Panama");

async function post(userId: number, path: string, route: string, form: Record<string, string>, params: Record<string, string> = {}) {
  return callRoute(route, "action", { userId }, `/facilities/${MEMBER}/${path}`, { code: MEMBER, ...params }, { form });
}

/** The form's question as the person reads it. */
function question(outcome: Outcome, locale: Locale = "es"): string {
  const errors = (JSON.parse(outcome.body) as { error?: Record<string, string[] | null> }).error?.[""] ?? [];
  return errors.map((e) => makeI18n(locale).tMaybe(e)).join(" ");
}

async function operations(): Promise<number> {
  const [row] = await testDb.db.select({ n: count() }).from(stockOperations);
  return row!.n;
}

async function doses(): Promise<number> {
  const [row] = await testDb.db.select({ n: count() }).from(vaccineDoses);
  return row!.n;
}

describe("the receipt form", () => {
  const route = "facilities.$code.stock.receipts.new";
  const receipt = (quantity = "120", documentRef = "WB-T1") => ({
    idempotencyKey: key(),
    occurredAt: recently(),
    source: "PMA",
    documentRef,
    "lines[0].item": "RATION-KIT",
    "lines[0].lotNumber": "RK-TWIN",
    "lines[0].expiry": "2099-06-30",
    "lines[0].quantity": quantity,
    "lines[1].item": "WATER-L",
    "lines[1].quantity": "400",
  });
  const send = (userId: number, form: Record<string, string>) => post(userId, "stock/receipts/new", route, form);

  it("asks before recording the same delivery again, naming it, and records nothing", async () => {
    const first = receipt();
    expect((await send(manager, first)).status).toBe(302);
    const before = await operations();
    const asked = await send(manager, { ...first, idempotencyKey: key() });
    expect(asked.status).toBe(409);
    expect(asked.body).toContain("stock.receipt.repeatSuspected?minutes=");
    expect(question(asked)).toMatch(/^Hace (menos de un minuto|1 minuto|\d+ minutos) \(.+\) usted registró una entrada de 120 kits de Ración lista para comer \(1 persona-día\) del lote RK-TWIN; 400 /);
    expect(await operations()).toBe(before);
  });

  it("records it once the person ticks that it is another delivery", async () => {
    const first = receipt("121");
    expect((await send(manager, first)).status).toBe(302);
    const before = await operations();
    const again = { ...first, idempotencyKey: key() };
    expect((await send(manager, again)).status).toBe(409);
    expect((await send(manager, { ...again, confirmRepeat: "yes" })).status).toBe(302);
    expect(await operations()).toBe(before + 1);
  });

  it("answers a resend of a key already recorded as a duplicate, never a question", async () => {
    const first = receipt("122");
    expect((await send(manager, first)).status).toBe(302);
    expect((await send(manager, { ...first, idempotencyKey: key(), confirmRepeat: "yes" })).status).toBe(302);
    const before = await operations();
    const resent = await send(manager, first);
    expect(resent.status).toBe(302);
    expect(await operations()).toBe(before);
  });

  it("records without asking when another person recorded it, or the figures or document differ", async () => {
    const first = receipt("123");
    expect((await send(manager, first)).status).toBe(302);
    const before = await operations();
    const colleague = await createUser(testDb.db, { role: "manager", facilityIds: [world.facilities[MEMBER].id] });
    expect((await send(colleague.id, { ...first, idempotencyKey: key() })).status).toBe(302);
    expect((await send(manager, { ...first, idempotencyKey: key(), "lines[0].quantity": "124" })).status).toBe(302);
    expect((await send(manager, { ...first, idempotencyKey: key(), documentRef: "WB-T2" })).status).toBe(302);
    expect(await operations()).toBe(before + 3);
  });

  it("asks in English for a person who reads English", async () => {
    const reader = await createUser(testDb.db, { role: "manager", facilityIds: [world.facilities[MEMBER].id] });
    await testDb.db.update(users).set({ preferredLanguage: "en" }).where(eq(users.id, reader.id));
    const first = receipt("125");
    expect((await send(reader.id, first)).status).toBe(302);
    const asked = await send(reader.id, { ...first, idempotencyKey: key() });
    expect(asked.status).toBe(409);
    expect(question(asked, "en")).toMatch(/ago \(.+\) you recorded a receipt of 125 kits of Ready-to-eat ration kit \(1 person-day\), lot RK-TWIN; 400 /);
  });
});

describe("the adjustment form", () => {
  const route = "facilities.$code.stock.adjustments.new";
  const adjustment = (quantity = "-3", reason = "damaged") => ({
    idempotencyKey: key(),
    occurredAt: recently(),
    lotId: String(world.facilities[MEMBER].lotId),
    quantity,
    reason,
    notes: "",
  });
  const send = (userId: number, form: Record<string, string>) => post(userId, "stock/adjustments/new", route, form);

  it("asks before recording the same adjustment again, naming it, and records it once ticked", async () => {
    const first = adjustment();
    expect((await send(manager, first)).status).toBe(302);
    const before = await operations();
    const again = { ...first, idempotencyKey: key() };
    const asked = await send(manager, again);
    expect(asked.status).toBe(409);
    expect(question(asked)).toMatch(/usted registró un ajuste de -3 kits de Ración lista para comer \(1 persona-día\) del lote WORLD-SVC \(Dañado\)/);
    expect(await operations()).toBe(before);
    expect((await send(manager, { ...again, confirmRepeat: "yes" })).status).toBe(302);
    expect(await operations()).toBe(before + 1);
  });

  it("answers a resend of the same key as a duplicate", async () => {
    const first = adjustment("-4");
    expect((await send(manager, first)).status).toBe(302);
    const before = await operations();
    expect((await send(manager, first)).status).toBe(302);
    expect(await operations()).toBe(before);
  });

  it("records without asking when another person, quantity or reason", async () => {
    const first = adjustment("-5");
    expect((await send(manager, first)).status).toBe(302);
    const before = await operations();
    const colleague = await createUser(testDb.db, { role: "manager", facilityIds: [world.facilities[MEMBER].id] });
    expect((await send(colleague.id, { ...first, idempotencyKey: key() })).status).toBe(302);
    expect((await send(manager, { ...first, idempotencyKey: key(), quantity: "-6" })).status).toBe(302);
    expect((await send(manager, { ...first, idempotencyKey: key(), reason: "lost" })).status).toBe(302);
    expect(await operations()).toBe(before + 3);
  });
});

describe("the dose form", () => {
  const route = "facilities.$code.care.$caseCode.vaccinate";
  const dose = (doseNumber = "1", status = "given") => ({
    intent: "record",
    idempotencyKey: key(),
    occurredAt: recently(),
    vaccine: "VAC-BOPV",
    doseNumber,
    status,
    ...(status === "not_given" ? { notGivenReason: "refused" } : {}),
  });
  const send = (userId: number, form: Record<string, string>) => {
    const caseCode = world.facilities[MEMBER].caseCode;
    return post(userId, `care/${caseCode}/vaccinate`, route, form, { caseCode });
  };

  it("asks before recording the same dose again, naming it, and records it once ticked", async () => {
    const first = dose("1");
    expect((await send(worker, first)).status).toBe(302);
    const before = await doses();
    const again = { ...first, idempotencyKey: key() };
    const asked = await send(worker, again);
    expect(asked.status).toBe(409);
    expect(question(asked)).toMatch(/usted registró la dosis 1 de Vacuna bOPV \(polio oral\) del lote BOPV-TWIN para esta persona/);
    expect(await doses()).toBe(before);
    expect((await send(worker, { ...again, confirmRepeat: "yes" })).status).toBe(302);
    expect(await doses()).toBe(before + 1);
  });

  it("asks about a dose recorded as not given too", async () => {
    const first = dose("4", "not_given");
    expect((await send(worker, first)).status).toBe(302);
    const asked = await send(worker, { ...first, idempotencyKey: key() });
    expect(asked.status).toBe(409);
    expect(question(asked)).toMatch(/la dosis 4 de Vacuna bOPV \(polio oral\) como no aplicada/);
  });

  it("answers a resend of the same key as a duplicate", async () => {
    const first = dose("2");
    expect((await send(worker, first)).status).toBe(302);
    const before = await doses();
    expect((await send(worker, first)).status).toBe(302);
    expect(await doses()).toBe(before);
  });

  it("records without asking when another person, or another dose number or status", async () => {
    const first = dose("3");
    expect((await send(worker, first)).status).toBe(302);
    const before = await doses();
    const colleague = await createUser(testDb.db, { role: "health_worker", facilityIds: [world.facilities[MEMBER].id] });
    expect((await send(colleague.id, { ...first, idempotencyKey: key() })).status).toBe(302);
    expect((await send(worker, { ...first, idempotencyKey: key(), doseNumber: "5" })).status).toBe(302);
    expect((await send(worker, dose("3", "not_given"))).status).toBe(302);
    expect(await doses()).toBe(before + 3);
  });
});
