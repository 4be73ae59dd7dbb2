import { and, eq } from "drizzle-orm";
import { careCases, items, openVials, stockBalances, stockEntries, stockOperations, vaccineDoses } from "#db/schema";
import { receiveStock } from "#db/stock.server";
import type { Db } from "#db/types";
import {
  changeNotGivenReason,
  expireOpenVials,
  listVaccineItems,
  planDraw,
  recordDose,
  type DoseOutcome,
  type VaccineItem,
} from "#db/vaccination.server";
import { runInvariantChecks } from "#db/verify.server";
import { action as vaccinateAction, loader as vaccinateLoader } from "~/routes/facilities.$code.care.$caseCode.vaccinate";
import { action as vialsAction, loader as vialsLoader } from "~/routes/facilities.$code.care.vials";
import { zonedDateTimeLocal } from "~/lib/time";
import { setupTestDatabase } from "../support/db";
import { asDataResult, asResponse, requestContext, signedInRequest, thrownBy } from "../support/remix";
import { createFacility, createUser } from "../support/fixtures";

const testDb = setupTestDatabase();
let seq = 0;
const key = () => `vac-${Date.now()}-${++seq}`;
let userId = 0;
let mr: VaccineItem;
let hexa: VaccineItem;
const today = "2026-11-28";
const at = new Date("2026-11-28T14:00:00Z");
const hours = (h: number) => new Date(at.getTime() + h * 3_600_000);
let codeSeq = 0;

function caseCode() {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let n = ++codeSeq + Math.floor(Math.random() * 1e6) * 1000;
  let code = "";
  for (let i = 0; i < 8; i++) {
    code += alphabet[n % 32];
    n = Math.floor(n / 32);
  }
  return code;
}

async function createCase(facilityId: number, birthDate = "2025-06-01") {
  return (await createCaseWithCode(facilityId, birthDate)).id;
}

async function createCaseWithCode(facilityId: number, birthDate = "2025-06-01") {
  const [row] = await testDb.db
    .insert(careCases)
    .values({ code: caseCode(), facilityId, sex: "female", birthDate, arrivalDate: today })
    .returning({ id: careCases.id, code: careCases.code });
  return row!;
}

async function receive(facilityId: number, item: VaccineItem, lotNumber: string, quantity: number, expiry = "2027-06-30") {
  await testDb.db.transaction((tx) =>
    receiveStock(tx, { facilityId, occurredAt: hours(-24), lines: [{ itemId: item.id, lotNumber, expiry, quantity, vvmStage: 1 }] }, { recordedBy: userId, idempotencyKey: key() }),
  );
}

async function balance(db: Db, facilityId: number, itemId: number) {
  const rows = await db.select({ q: stockBalances.quantity }).from(stockBalances).where(and(eq(stockBalances.facilityId, facilityId), eq(stockBalances.itemId, itemId)));
  return rows.reduce((s, r) => s + Number(r.q), 0);
}

function give(db: Db, facilityId: number, caseId: number, item: VaccineItem, occurredAt: Date, doseNumber = 1) {
  return db.transaction((tx) =>
    recordDose(tx, { facilityId, caseId, item, doseNumber, status: "given", occurredAt, today, birthDate: "2025-06-01" }, { recordedBy: userId, idempotencyKey: key() }),
  );
}

const created = (o: DoseOutcome) => {
  expect(o.status).toBe("created");
  return o as Extract<DoseOutcome, { status: "created" }>;
};

async function invariantsHold() {
  const failures = (await runInvariantChecks(testDb.db)).filter((r) => !r.ok && !r.name.startsWith("facility staff"));
  expect(failures).toEqual([]);
}

beforeAll(async () => {
  userId = (await createUser(testDb.db, { role: "admin" })).id;
  const vaccines = await listVaccineItems(testDb.db);
  mr = vaccines.find((v) => v.code === "VAC-MR")!;
  hexa = vaccines.find((v) => v.code === "VAC-HEXA")!;
  expect(mr.dosesPerVial).toBe(10);
  expect(mr.openVialRule).toBe("session_end");
  await testDb.db.update(items).set({ dosesPerVial: 1 }).where(eq(items.id, hexa.id));
});

describe("vaccination drawn from stock", () => {
  it("gives a single-dose vaccine as exactly one issue of one dose, linked to the dose", async () => {
    const f = await createFacility(testDb.db, { code: "VSD" });
    await receive(f, hexa, "HX-SOON", 5, "2027-01-31");
    await receive(f, hexa, "HX-LATE", 5, "2027-12-31");
    const c = await createCase(f);
    const outcome = created(await give(testDb.db, f, c, hexa, at));
    expect(outcome.openVialId).toBeNull();
    expect(await balance(testDb.db, f, hexa.id)).toBe(9);
    const entries = await testDb.db.select().from(stockEntries).where(eq(stockEntries.operationId, outcome.stockOperationId!));
    expect(entries).toHaveLength(1);
    expect(entries[0]!.quantity).toBe(-1);
    expect(entries[0]!.lotId).toBe(outcome.lotId);
    const [dose] = await testDb.db.select().from(vaccineDoses).where(eq(vaccineDoses.id, outcome.doseId));
    expect(dose!.stockOperationId).toBe(outcome.stockOperationId);
    expect(dose!.nextDueDate).not.toBeNull();
    await invariantsHold();
  });

  it("opens a 10-dose MR vial, draws 3 doses, and at +7 h closes it (7 written off) and opens a new one", async () => {
    const f = await createFacility(testDb.db, { code: "VMR" });
    await receive(f, mr, "MR-A", 30);
    const c = await createCase(f);
    const plan = await planDraw(testDb.db, f, mr, at, today);
    expect(plan.kind).toBe("new-vial");
    const first = created(await give(testDb.db, f, c, mr, at));
    expect(first.openedVial).toBe(true);
    created(await give(testDb.db, f, await createCase(f), mr, hours(1)));
    created(await give(testDb.db, f, await createCase(f), mr, hours(2)));
    const [vial] = await testDb.db.select().from(openVials).where(eq(openVials.id, first.openVialId!));
    expect(vial!.dosesDrawn).toBe(3);
    expect(vial!.discardAt.getTime()).toBe(hours(6).getTime());
    expect(await balance(testDb.db, f, mr.id)).toBe(27);
    expect((await planDraw(testDb.db, f, mr, hours(3), today)).kind).toBe("open-vial");

    const later = created(await give(testDb.db, f, await createCase(f), mr, hours(7)));
    expect(later.openedVial).toBe(true);
    expect(later.openVialId).not.toBe(first.openVialId);
    expect(later.expired).toEqual([expect.objectContaining({ vialId: first.openVialId, remaining: 7, writtenOff: 7 })]);
    const [old] = await testDb.db.select().from(openVials).where(eq(openVials.id, first.openVialId!));
    expect(old!.status).toBe("expired");
    const [wastage] = await testDb.db.select().from(stockOperations).where(eq(stockOperations.id, old!.wastageOperationId!));
    expect(wastage!.reason).toBe("open_vial_expired");
    // 30 - 3 given - 7 wasted - 1 given from the new vial
    expect(await balance(testDb.db, f, mr.id)).toBe(19);
    await invariantsHold();
  });

  it("refuses to open a vial a lot cannot fill, and leaves nothing behind", async () => {
    const f = await createFacility(testDb.db, { code: "VRS" });
    await receive(f, mr, "MR-R", 5);
    const c = await createCase(f);
    expect((await planDraw(testDb.db, f, mr, at, today)).kind).toBe("none");
    const refused = await give(testDb.db, f, c, mr, at);
    expect(refused).toEqual({ status: "no-stock", available: 0 });
    expect(await testDb.db.select().from(openVials).where(eq(openVials.facilityId, f))).toEqual([]);
    expect(await testDb.db.select().from(vaccineDoses).where(eq(vaccineDoses.facilityId, f))).toEqual([]);
    expect(await balance(testDb.db, f, mr.id)).toBe(5);
  });

  it("counts two health workers drawing from the same vial at once", async () => {
    const f = await createFacility(testDb.db, { code: "VCC" });
    await receive(f, mr, "MR-C", 10);
    const c1 = await createCase(f);
    const c2 = await createCase(f);
    const other = testDb.driver === "postgres" ? (await testDb.connectAgain()).db : testDb.db;
    const results = await Promise.all([give(testDb.db, f, c1, mr, at), give(other, f, c2, mr, at)]);
    results.forEach(created);
    const vials = await testDb.db.select().from(openVials).where(eq(openVials.facilityId, f));
    expect(vials).toHaveLength(1);
    expect(vials[0]!.dosesDrawn).toBe(2);
    expect(await balance(testDb.db, f, mr.id)).toBe(8);
    // Two more at once from the vial that is now open: both counted under the vial's row lock.
    const again = await Promise.all([give(testDb.db, f, await createCase(f), mr, hours(1)), give(other, f, await createCase(f), mr, hours(1))]);
    again.forEach(created);
    const [vial] = await testDb.db.select().from(openVials).where(eq(openVials.facilityId, f));
    expect(vial!.dosesDrawn).toBe(4);
    expect(await balance(testDb.db, f, mr.id)).toBe(6);
    await invariantsHold();
  });

  it("gives 16 doses at once at different times of the day, across vial expiries, without a deadlock", async () => {
    const f = await createFacility(testDb.db, { code: "VDL" });
    await receive(f, mr, "MR-D1", 60, "2027-06-30");
    await receive(f, mr, "MR-D2", 60, "2027-09-30");
    // A vial opened at `at` is discarded 6 h later: doses at +7 h close it while earlier ones draw from it.
    created(await give(testDb.db, f, await createCase(f), mr, at));
    const pools = testDb.driver === "postgres" ? await Promise.all([1, 2, 3].map(async () => (await testDb.connectAgain()).db)) : [];
    const dbs = [testDb.db, ...pools];
    const cases = await Promise.all(Array.from({ length: 16 }, () => createCase(f)));
    const results = await Promise.all(cases.map((c, i) => give(dbs[i % dbs.length]!, f, c, mr, hours(i % 2 === 0 ? 1 : 7))));
    results.forEach(created);
    const given = await testDb.db.select({ id: vaccineDoses.id }).from(vaccineDoses).where(eq(vaccineDoses.facilityId, f));
    expect(given).toHaveLength(17);
    await invariantsHold();
  });

  it("records not given without stock, and its reason can be changed", async () => {
    const f = await createFacility(testDb.db, { code: "VNG" });
    await receive(f, hexa, "HX-N", 3);
    const c = await createCase(f);
    const outcome = created(
      await testDb.db.transaction((tx) =>
        recordDose(tx, { facilityId: f, caseId: c, item: hexa, doseNumber: 1, status: "not_given", notGivenReason: "refused", occurredAt: at, today, birthDate: null }, { recordedBy: userId, idempotencyKey: key() }),
      ),
    );
    expect(outcome.stockOperationId).toBeNull();
    expect(await balance(testDb.db, f, hexa.id)).toBe(3);
    const changed = await testDb.db.transaction((tx) => changeNotGivenReason(tx, { facilityId: f, caseId: c, doseId: outcome.doseId, reason: "ill" }));
    expect(changed).toEqual({ before: "refused" });
    const [dose] = await testDb.db.select().from(vaccineDoses).where(eq(vaccineDoses.id, outcome.doseId));
    expect(dose!.notGivenReason).toBe("ill");
  });

  it("warns on an out-of-order dose and records it anyway; a repeated key counts once", async () => {
    const f = await createFacility(testDb.db, { code: "VOO" });
    await receive(f, hexa, "HX-O", 3);
    const c = await createCase(f);
    const k = key();
    const input = { facilityId: f, caseId: c, item: hexa, doseNumber: 3, status: "given" as const, occurredAt: at, today, birthDate: "2025-06-01" };
    const outcome = created(await testDb.db.transaction((tx) => recordDose(tx, input, { recordedBy: userId, idempotencyKey: k })));
    expect(outcome.warnings).toContain("vaccination.warning.outOfOrder");
    const again = await testDb.db.transaction((tx) => recordDose(tx, input, { recordedBy: userId, idempotencyKey: k }));
    expect(again.status).toBe("duplicate");
    expect(await balance(testDb.db, f, hexa.id)).toBe(2);
  });

  it("expire-vials closes vials past their time, and verify passes afterwards", async () => {
    const f = await createFacility(testDb.db, { code: "VEX" });
    await receive(f, mr, "MR-E", 10);
    const c = await createCase(f);
    created(await give(testDb.db, f, c, mr, at));
    const closed = await testDb.db.transaction((tx) => expireOpenVials(tx, { now: hours(8), facilityId: f }, { recordedBy: userId }));
    expect(closed).toEqual([expect.objectContaining({ remaining: 9, writtenOff: 9 })]);
    expect(await balance(testDb.db, f, mr.id)).toBe(0);
    const again = await testDb.db.transaction((tx) => expireOpenVials(tx, { now: hours(9) }, { recordedBy: userId }));
    expect(again.filter((v) => v.lotId === closed[0]!.lotId)).toEqual([]);
    await invariantsHold();
  });

  it("verify notices a vial that does not count its doses", async () => {
    const rollback = new Error("rollback");
    const failed = await testDb.db
      .transaction(async (tx) => {
        await tx.update(openVials).set({ dosesDrawn: 0 }).where(eq(openVials.status, "open"));
        const names = (await runInvariantChecks(tx)).filter((r) => !r.ok).map((r) => r.name);
        throw Object.assign(rollback, { names });
      })
      .catch((error: Error & { names?: string[] }) => error.names ?? []);
    expect(failed).toContain("open vials count their doses");
    await invariantsHold();
  });

  it("the vaccinate page shows the vial, records a dose and is scoped to the facility", async () => {
    const f = await createFacility(testDb.db, { code: "VRT" });
    const other = await createFacility(testDb.db, { code: "VRO" });
    await receive(f, mr, "MR-RT", 20);
    const worker = await createUser(testDb.db, { role: "health_worker", facilityIds: [f] });
    const outsider = await createUser(testDb.db, { role: "health_worker", facilityIds: [other] });
    const person = await createCaseWithCode(f);
    const path = `/facilities/VRT/care/${person.code}/vaccinate`;
    const params = { code: "VRT", caseCode: person.code };
    const page = (await vaccinateLoader({ request: await signedInRequest(worker.id, path), context: requestContext(), params })) as {
      vaccines: { code: string; plan: { kind: string; lotNumber?: string } }[];
    };
    expect(page.vaccines.find((v) => v.code === "VAC-MR")!.plan).toMatchObject({ kind: "new-vial", lotNumber: "MR-RT" });
    const denied = asDataResult(await thrownBy(vaccinateLoader({ request: await signedInRequest(outsider.id, path), context: requestContext(), params })));
    expect(denied.status).toBe(403);
    // The case code of another facility is not found there.
    const elsewhere = asDataResult(
      await thrownBy(vaccinateLoader({ request: await signedInRequest(outsider.id, `/facilities/VRO/care/${person.code}/vaccinate`), context: requestContext(), params: { code: "VRO", caseCode: person.code } })),
    );
    expect(elsewhere.status).toBe(404);
    const fields = {
      intent: "record",
      idempotencyKey: key(),
      occurredAt: zonedDateTimeLocal(new Date(Date.now() - 60_000), "America/Panama"),
      vaccine: "VAC-MR",
      doseNumber: "1",
      status: "given",
    };
    const response = asResponse(
      await vaccinateAction({ request: await signedInRequest(worker.id, path, { method: "POST", body: new URLSearchParams(fields) }), context: requestContext(), params }),
    );
    expect(response.status).toBe(302);
    expect(await balance(testDb.db, f, mr.id)).toBe(19);
    const vials = (await vialsLoader({ request: await signedInRequest(worker.id, "/facilities/VRT/care/vials"), context: requestContext(), params: { code: "VRT" } })) as {
      vials: { dosesLeft: number }[];
    };
    expect(vials.vials.map((v) => v.dosesLeft)).toEqual([9]);
    const closed = asResponse(
      await vialsAction({ request: await signedInRequest(worker.id, "/facilities/VRT/care/vials", { method: "POST", body: new URLSearchParams() }), context: requestContext(), params: { code: "VRT" } }),
    );
    expect(closed.status).toBe(302);
    await invariantsHold();
  });
});
