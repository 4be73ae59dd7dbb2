import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, like } from "drizzle-orm";
import { listPushes } from "#db/dhis2.server";
import { recordArrival, recordDeparture, reverseEntry } from "#db/census.server";
import { auditLog, careCases, careEncounters, dhis2Pushes, items, lots, stockOperations, vaccineDoses } from "#db/schema";
import { issueStock, receiveStock } from "#db/stock.server";
import { addMapping, pushPeriod, saveOrgUnit, saveSettings } from "~/lib/commands/dhis2.server";
import type { CommandActor } from "~/lib/commands/actor.server";
import { caseCodeFrom } from "~/lib/domain/care";
import { emptyCounts, type Counts } from "~/lib/domain/population";
import { plannedSets } from "~/lib/dhis2.server";
import { runScheduledPush, startDhis2Schedule, stopDhis2Schedule } from "~/lib/dhis2-worker.server";
import { lastCompletePeriod } from "~/lib/domain/dhis2";
import { startPlanWorker, stopPlanWorker } from "~/lib/plan-worker.server";
import { dayOf } from "~/lib/time.server";
import { startOfZonedDay } from "~/lib/time";
import { setupTestDatabase } from "../support/db";
import { conflictReply, documentedImportSummary, documentedWrappedSummary } from "../support/dhis2-fixtures";
import { createFacility, createUser } from "../support/fixtures";

const testDb = setupTestDatabase();
const TZ = "America/Panama";
/** A wall-clock time (Panama) on a day. */
const at = (day: string, hour = 12, minute = 0) => new Date(startOfZonedDay(day, TZ).getTime() + (hour * 60 + minute) * 60_000);
const counts = (c: Partial<Counts>): Counts => ({ ...emptyCounts(), ...c });
let seq = 0;
const key = (what = "k") => `${what}-${++seq}-${randomBytes(4).toString("hex")}`;

/**
 * The known week: 2026W48, Monday 23 to Sunday 29 November 2026, at San Vicente (SVC). What was
 * recorded, and so what DHIS2 must receive, is in the comments of beforeAll.
 */
const expectedSvcWeek48 = {
  dataSet: "ALB_WEEKLY",
  period: "2026W48",
  orgUnit: "OU_SVC",
  dataValues: [
    { dataElement: "ALB_ANC", value: "2" },
    { dataElement: "ALB_ARR", categoryOptionCombo: "F_1_4", value: "2" },
    { dataElement: "ALB_ARR", value: "5" },
    { dataElement: "ALB_CENSUS", value: "4" },
    { dataElement: "ALB_DOSES", categoryOptionCombo: "MR_1", value: "1" },
    { dataElement: "ALB_DOSES", categoryOptionCombo: "MR_2", value: "0" },
    { dataElement: "ALB_MAM", value: "1" },
    { dataElement: "ALB_SAM", value: "2" },
    { dataElement: "ALB_SOH", value: "40" },
    { dataElement: "ALB_SO_DAYS", value: "3" },
  ],
};

// ---------------------------------------------------------------------------------------
// A local DHIS2 stand-in: a real HTTP server that checks what DHIS2 checks (the credentials,
// the content type) and what Albergue must ask for (the query parameters), and answers with the
// replies DHIS2 documents.

interface Received {
  path: string;
  params: Record<string, string>;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}
let server: Server;
let baseUrl = "";
const received: Received[] = [];
let expectedAuthorization = "";
let reply: { status: number; body: unknown } = { status: 200, body: documentedWrappedSummary };

function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || url.pathname !== "/dhis/api/dataValueSets") return send(404, { httpStatus: "Not Found", httpStatusCode: 404, status: "ERROR" });
    if (req.headers.authorization !== expectedAuthorization) {
      return send(401, { httpStatus: "Unauthorized", httpStatusCode: 401, status: "ERROR", message: "Unauthorized" });
    }
    if (!req.headers["content-type"]?.startsWith("application/json")) return send(415, { httpStatus: "Unsupported Media Type", httpStatusCode: 415, status: "ERROR" });
    received.push({
      path: url.pathname,
      params: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      contentType: req.headers["content-type"],
      body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
    });
    send(reply.status, reply.body);
  });
}

const TOKEN = "d2pat_apheiXeeboo9aeCh5ooy1Ohcaesh4eiW1234567890";
const PASSWORD = "district-Secret-9";
function useToken() {
  process.env.DHIS2_URL = `${baseUrl}/dhis`;
  process.env.DHIS2_TOKEN = TOKEN;
  delete process.env.DHIS2_USERNAME;
  delete process.env.DHIS2_PASSWORD;
  expectedAuthorization = `ApiToken ${TOKEN}`;
}
function useBasic() {
  process.env.DHIS2_URL = `${baseUrl}/dhis/`;
  delete process.env.DHIS2_TOKEN;
  process.env.DHIS2_USERNAME = "albergue";
  process.env.DHIS2_PASSWORD = PASSWORD;
  expectedAuthorization = `Basic ${Buffer.from(`albergue:${PASSWORD}`).toString("base64")}`;
}

let svc = 0;
let lbl = 0;
let admin: CommandActor;

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const db = testDb.db;
  svc = await createFacility(db, { code: "SVC", name: "San Vicente" });
  lbl = await createFacility(db, { code: "LBL", name: "Lajas Blancas" });
  const user = await createUser(db, { role: "admin" });
  admin = { userId: user.id, token: null };
  const ctx = (what: string) => ({ recordedBy: user.id, idempotencyKey: key(what) });
  const move = (facilityId: number, day: string, c: Partial<Counts>, hour = 12) => ({ facilityId, occurredAt: at(day, hour), day, counts: counts(c) });

  // Population at SVC: 5 arrive on the 24th (3 women, 2 girls 1-4); 4 men recorded on the 25th
  // by mistake and reversed; a woman leaves on the 27th; 6 men arrive on the 30th (next week).
  // Arrivals in W48: 5 (2 girls 1-4). Census at the end of the 29th: 2 women + 2 girls = 4.
  await db.transaction((tx) => recordArrival(tx, move(svc, "2026-11-24", { adultWomen: 3, girls1to4: 2 }), ctx("arr")));
  const mistaken = await db.transaction((tx) => recordArrival(tx, move(svc, "2026-11-25", { adultMen: 4 }), ctx("arr")));
  if (mistaken.status !== "created") throw new Error("arrival not recorded");
  await db.transaction((tx) => reverseEntry(tx, { facilityId: svc, entryId: mistaken.entryId, reason: "Registrado dos veces" }, ctx("rev")));
  await db.transaction((tx) => recordDeparture(tx, move(svc, "2026-11-27", { adultWomen: 1 }), ctx("dep")));
  await db.transaction((tx) => recordArrival(tx, move(svc, "2026-11-30", { adultMen: 6 }), ctx("arr")));
  // At LBL the same week: 50 men, which must never appear in SVC's figures.
  await db.transaction((tx) => recordArrival(tx, move(lbl, "2026-11-24", { adultMen: 50 }), ctx("arr")));

  // Care at SVC: K1 was SAM on the 20th (before the week) and still SAM on the 25th: no new
  // admission. K2 MAM on the 24th then SAM on the 26th: one MAM and one SAM admission. K3 SAM on
  // the 28th. LBL's SAM child is LBL's. SAM 2, MAM 1.
  const addCase = async (facilityId: number, fields: Partial<typeof careCases.$inferInsert> = {}) => {
    const [row] = await db
      .insert(careCases)
      .values({ code: caseCodeFrom(randomBytes(8)), facilityId, sex: "female", arrivalDate: "2026-11-20", name: "Persona", ...fields })
      .returning({ id: careCases.id });
    return row!.id;
  };
  const screen = (caseId: number, facilityId: number, occurredAt: Date, nutrition: "sam" | "mam") =>
    db.insert(careEncounters).values({ caseId, facilityId, kind: "child", occurredAt, idempotencyKey: key("enc"), nutrition, muacMm: nutrition === "sam" ? 110 : 118 });
  const k1 = await addCase(svc);
  await screen(k1, svc, at("2026-11-20"), "sam");
  await screen(k1, svc, at("2026-11-25"), "sam");
  const k2 = await addCase(svc);
  await screen(k2, svc, at("2026-11-24"), "mam");
  await screen(k2, svc, at("2026-11-26"), "sam");
  const k3 = await addCase(svc);
  await screen(k3, svc, at("2026-11-28"), "sam");
  const l1 = await addCase(lbl);
  await screen(l1, lbl, at("2026-11-25"), "sam");

  // Antenatal contacts at SVC: Monday 00:10 and Sunday 23:50 are in the week; Monday the 30th
  // at 00:10 is not. ANC 2.
  const p = await addCase(svc, { pregnant: true });
  for (const occurredAt of [at("2026-11-23", 0, 10), at("2026-11-29", 23, 50), at("2026-11-30", 0, 10)]) {
    await db.insert(careEncounters).values({ caseId: p, facilityId: svc, kind: "antenatal", occurredAt, idempotencyKey: key("anc"), gestationalWeeks: 20 });
  }

  // MR doses at SVC: K2's dose 1 on the 24th; dose 2 on the 30th (next week). MR 1: 1, MR 2: 0.
  const [mr] = await db.select({ id: items.id }).from(items).where(eq(items.code, "VAC-MR"));
  const [mrLot] = await db.insert(lots).values({ itemId: mr!.id, lotNumber: "MR-DHIS2", expiry: "2099-01-01" }).returning({ id: lots.id });
  for (const [doseNumber, day] of [[1, "2026-11-24"], [2, "2026-11-30"]] as const) {
    const [op] = await db.insert(stockOperations).values({ facilityId: svc, kind: "issue", idempotencyKey: key("op"), occurredAt: at(day) }).returning({ id: stockOperations.id });
    await db.insert(vaccineDoses).values({
      caseId: k2,
      facilityId: svc,
      itemId: mr!.id,
      doseNumber,
      status: "given",
      occurredAt: at(day),
      idempotencyKey: key("dose"),
      lotId: mrLot!.id,
      stockOperationId: op!.id,
    });
  }

  // Ration kits at SVC: 100 received on the 20th, all 100 issued on the 24th, 40 received on the
  // 27th, 10 issued on 1 December. On hand at the end of the 29th: 40. Closing balances of the
  // 24th, 25th and 26th were zero: 3 stock-out days.
  const [kit] = await db.select({ id: items.id }).from(items).where(eq(items.code, "RATION-KIT"));
  const line = (quantity: number) => ({ itemId: kit!.id, lotNumber: "KIT-1", expiry: "2099-01-01", quantity });
  await db.transaction((tx) => receiveStock(tx, { facilityId: svc, occurredAt: at("2026-11-20"), lines: [line(100)] }, ctx("rcv")));
  await db.transaction((tx) => issueStock(tx, { facilityId: svc, itemId: kit!.id, quantity: 100, occurredAt: at("2026-11-24"), today: "2026-11-24" }, ctx("iss")));
  await db.transaction((tx) => receiveStock(tx, { facilityId: svc, occurredAt: at("2026-11-27"), lines: [line(40)] }, ctx("rcv")));
  await db.transaction((tx) => issueStock(tx, { facilityId: svc, itemId: kit!.id, quantity: 10, occurredAt: at("2026-12-01"), today: "2026-12-01" }, ctx("iss")));

  // The administrator's configuration, through the commands the admin pages use.
  await saveSettings(db, admin, { dataSet: "ALB_WEEKLY", periodType: "week", scheduled: false });
  expect(await saveOrgUnit(db, admin, "SVC", "OU_SVC")).toEqual({ status: "saved" });
  expect(await saveOrgUnit(db, admin, "LBL", "OU_LBL")).toEqual({ status: "saved" });
  const mappings = [
    ["arrivals", "total", "ALB_ARR", ""],
    ["arrivals", "girls1to4", "ALB_ARR", "F_1_4"],
    ["census", "total", "ALB_CENSUS", ""],
    ["sam_admissions", "", "ALB_SAM", ""],
    ["mam_admissions", "", "ALB_MAM", ""],
    ["doses", "VAC-MR:1", "ALB_DOSES", "MR_1"],
    ["doses", "VAC-MR:2", "ALB_DOSES", "MR_2"],
    ["anc_contacts", "", "ALB_ANC", ""],
    ["stock_on_hand", "RATION-KIT", "ALB_SOH", ""],
    ["stockout_days", "RATION-KIT", "ALB_SO_DAYS", ""],
  ] as const;
  for (const [indicator, detail, dataElement, categoryOptionCombo] of mappings) {
    const outcome = await addMapping(db, admin, { indicator, detail, dataElement, categoryOptionCombo });
    expect(outcome.status).toBe("created");
  }
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  for (const name of ["DHIS2_URL", "DHIS2_TOKEN", "DHIS2_USERNAME", "DHIS2_PASSWORD"]) delete process.env[name];
});

beforeEach(() => {
  received.length = 0;
  reply = { status: 200, body: documentedWrappedSummary };
});

describe("the data value set of a known week", () => {
  it("equals the fixture for San Vicente, with only San Vicente's records", async () => {
    const planned = await plannedSets(testDb.db, "2026-11-26");
    expect(planned.period.id).toBe("2026W48");
    const svcSet = planned.sets.find((s) => s.facilityCode === "SVC")!;
    expect(svcSet.payload).toEqual(expectedSvcWeek48);
    const lblSet = planned.sets.find((s) => s.facilityCode === "LBL")!;
    expect(lblSet.payload.dataValues).toContainEqual({ dataElement: "ALB_ARR", value: "50" });
    expect(lblSet.payload.dataValues).toContainEqual({ dataElement: "ALB_SAM", value: "1" });
  });

  it("refuses a second mapping of the same indicator, and of the same DHIS2 cell", async () => {
    expect(await addMapping(testDb.db, admin, { indicator: "census", detail: "total", dataElement: "OTHER", categoryOptionCombo: "" })).toEqual({
      status: "invalid",
      fieldErrors: { detail: ["dhis2.indicatorTaken"] },
    });
    expect(await addMapping(testDb.db, admin, { indicator: "census", detail: "adultMen", dataElement: "ALB_DOSES", categoryOptionCombo: "MR_1" })).toEqual({
      status: "invalid",
      fieldErrors: { dataElement: ["dhis2.cellTaken"] },
    });
    expect(await saveOrgUnit(testDb.db, admin, "LBL", "OU_SVC")).toEqual({ status: "invalid", fieldErrors: { orgUnit: ["dhis2.orgUnitTaken"] } });
  });
});

describe("pushing to DHIS2", () => {
  it("posts each facility's set with the token, codes and dry run, and logs the documented summary", async () => {
    useToken();
    const stdout: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    let outcome;
    process.env.LOG_LEVEL = "info";
    try {
      outcome = await pushPeriod(testDb.db, admin, { day: "2026-11-26", dryRun: true, trigger: "manual", idempotencyKey: "form-1" });
    } finally {
      process.stdout.write = write;
      process.env.LOG_LEVEL = "error";
    }
    expect(outcome.status).toBe("sent");
    expect(received).toHaveLength(2);
    const svcRequest = received.find((r) => (r.body as { orgUnit: string }).orgUnit === "OU_SVC")!;
    expect(svcRequest.body).toEqual(expectedSvcWeek48);
    expect(svcRequest.authorization).toBe(`ApiToken ${TOKEN}`);
    expect(svcRequest.contentType).toBe("application/json");
    expect(svcRequest.params).toEqual({ idScheme: "CODE", importStrategy: "CREATE_AND_UPDATE", dryRun: "true" });

    const [logged] = await listPushes(testDb.db, { facilityId: svc, limit: 1 });
    expect(logged).toMatchObject({ period: "2026W48", orgUnit: "OU_SVC", dryRun: true, trigger: "manual", status: "SUCCESS", httpStatus: 200, imported: 0, updated: 431, ignored: 0, deleted: 0, conflicts: [] });
    const audits = await testDb.db
      .select({ action: auditLog.action, facilityId: auditLog.facilityId })
      .from(auditLog)
      .where(and(eq(auditLog.entity, "dhis2_push"), eq(auditLog.entityId, String(logged!.id))));
    expect(audits).toEqual([{ action: "dhis2-dry-run", facilityId: svc }]);

    // The token is nowhere but in the request: not in the log table, the audit log or stdout.
    const everything = JSON.stringify([await testDb.db.select().from(dhis2Pushes), await testDb.db.select().from(auditLog)]);
    expect(everything).not.toContain(TOKEN);
    expect(stdout.join("")).not.toContain(TOKEN);
    expect(stdout.join("")).toContain('"msg":"dhis2 push"');
  });

  it("sends nothing again for a form submitted twice", async () => {
    useToken();
    const first = await pushPeriod(testDb.db, admin, { day: "2026-11-26", dryRun: false, trigger: "manual", idempotencyKey: "form-2" });
    const again = await pushPeriod(testDb.db, admin, { day: "2026-11-26", dryRun: false, trigger: "manual", idempotencyKey: "form-2" });
    expect(received).toHaveLength(2);
    expect(received.every((r) => r.params.dryRun === "false")).toBe(true);
    expect(first.status === "sent" && first.pushes.every((p) => p.pushId !== null)).toBe(true);
    expect(again.status === "sent" && again.pushes.every((p) => p.pushId === null && p.result === null)).toBe(true);
  });

  it("reads the unwrapped summary of older versions with basic auth", async () => {
    useBasic();
    reply = { status: 200, body: documentedImportSummary };
    await pushPeriod(testDb.db, admin, { day: "2026-11-26", dryRun: false, trigger: "manual", idempotencyKey: "form-3" });
    expect(received[0]!.authorization).toBe(`Basic ${Buffer.from(`albergue:${PASSWORD}`).toString("base64")}`);
    const [logged] = await listPushes(testDb.db, { facilityId: svc, limit: 1 });
    expect(logged).toMatchObject({ status: "SUCCESS", httpStatus: 200, updated: 431 });
    const stored = JSON.stringify(await testDb.db.select().from(dhis2Pushes));
    expect(stored).not.toContain(PASSWORD);
  });

  it("keeps the conflicts of a 409 reply", async () => {
    useToken();
    reply = { status: 409, body: conflictReply };
    await pushPeriod(testDb.db, admin, { day: "2026-11-26", dryRun: false, trigger: "manual", idempotencyKey: "form-4" });
    const [logged] = await listPushes(testDb.db, { facilityId: svc, limit: 1 });
    expect(logged).toMatchObject({
      status: "WARNING",
      httpStatus: 409,
      imported: 2,
      updated: 1,
      ignored: 1,
      conflicts: [{ object: "Jkhdsf8sdf4", value: "Org unit not found or not accessible: `Jkhdsf8sdf4`", errorCode: "E7612" }],
    });
  });

  it("logs refused credentials as a failure without a summary", async () => {
    useToken();
    expectedAuthorization = "ApiToken another";
    await pushPeriod(testDb.db, admin, { day: "2026-11-26", dryRun: false, trigger: "manual", idempotencyKey: "form-5" });
    const [logged] = await listPushes(testDb.db, { facilityId: svc, limit: 1 });
    expect(logged).toMatchObject({ status: "failed", httpStatus: 401, error: "refused-credentials", imported: null });
  });

  it("says so when no DHIS2 is configured, and sends nothing", async () => {
    delete process.env.DHIS2_URL;
    expect(await pushPeriod(testDb.db, admin, { day: "2026-11-26", dryRun: false, trigger: "manual", idempotencyKey: "form-6" })).toEqual({
      status: "not-configured",
      reason: "dhis2.notConfigured",
    });
    expect(received).toHaveLength(0);
  });
});

describe("the schedule", () => {
  it("sends the last complete period once per facility, and tries a failed one again", async () => {
    useToken();
    await saveSettings(testDb.db, admin, { dataSet: "ALB_WEEKLY", periodType: "week", scheduled: true });
    // Wednesday 2 December: the last complete week is W48. DHIS2 refuses the first attempt.
    expectedAuthorization = "ApiToken rotated";
    await runScheduledPush(testDb.db, "2026-12-02");
    expect(received).toHaveLength(0);
    useToken();
    await runScheduledPush(testDb.db, "2026-12-02");
    await runScheduledPush(testDb.db, "2026-12-03");
    expect(received.map((r) => (r.body as { orgUnit: string }).orgUnit).sort()).toEqual(["OU_LBL", "OU_SVC"]);
    expect(received.every((r) => r.params.dryRun === "false" && (r.body as { period: string }).period === "2026W48")).toBe(true);
    const rows = await testDb.db
      .select({ key: dhis2Pushes.idempotencyKey, status: dhis2Pushes.status, trigger: dhis2Pushes.trigger })
      .from(dhis2Pushes)
      .where(like(dhis2Pushes.idempotencyKey, "schedule:%"));
    expect(rows.filter((r) => r.status === "failed")).toHaveLength(2);
    expect(rows.filter((r) => r.status === "SUCCESS")).toHaveLength(2);
    expect(rows.every((r) => r.trigger === "schedule")).toBe(true);
  });

  it("is sent by the app's own worker on its queue, once, however many ticks ask for it", async () => {
    useToken();
    // Days, not weeks: the test above already sent this week's schedule keys.
    await saveSettings(testDb.db, admin, { dataSet: "ALB_WEEKLY", periodType: "day", scheduled: true });
    const period = lastCompletePeriod("day", dayOf(new Date())).id;
    const sent = () => received.filter((r) => (r.body as { period: string }).period === period);
    await startPlanWorker(testDb.database, { tickMs: 200, maxWaitMs: 500 });
    try {
      await startDhis2Schedule(testDb.db, { tickMs: 100 });
      const deadline = Date.now() + 60_000;
      while (sent().length < 2) {
        if (Date.now() > deadline) throw new Error(`gave up: ${JSON.stringify(received.map((r) => r.body))}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // More ticks come and go: the push log's keys make each of them send nothing.
      const ticksLater = Date.now() + 1_500;
      while (Date.now() < ticksLater) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      stopDhis2Schedule();
      await stopPlanWorker();
    }
    expect(sent().map((r) => (r.body as { orgUnit: string }).orgUnit).sort()).toEqual(["OU_LBL", "OU_SVC"]);
    const rows = await testDb.db
      .select({ status: dhis2Pushes.status, trigger: dhis2Pushes.trigger })
      .from(dhis2Pushes)
      .where(like(dhis2Pushes.idempotencyKey, `schedule:ALB_WEEKLY:${period}%`));
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.trigger === "schedule" && r.status === "SUCCESS")).toBe(true);
  });

  it("does nothing while the schedule is off", async () => {
    useToken();
    await saveSettings(testDb.db, admin, { dataSet: "ALB_WEEKLY", periodType: "week", scheduled: false });
    await runScheduledPush(testDb.db, "2026-12-09");
    expect(received).toHaveLength(0);
  });
});
