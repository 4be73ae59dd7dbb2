import { sql } from "drizzle-orm";
import { appendAudit } from "#db/audit.server";
import { recordArrival } from "#db/census.server";
import { queryRows } from "#db/sql.server";
import type { Db } from "#db/types";
import { deliver, runDigest, runEscalation, signWebhook, syncAlerts, type AlertConfig, type Enqueue } from "~/lib/alerts.server";
import { acknowledgeAlert, subscribeToAlerts } from "~/lib/commands/alerts.server";
import type { Alert } from "~/lib/domain/alerts";
import { emptyCounts } from "~/lib/domain/population";
import { startPlanWorker, stopPlanWorker } from "~/lib/plan-worker.server";
import { zonedDay } from "~/lib/time";
import { startSmtp, startWebhookReceiver } from "../support/alert-servers";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser } from "../support/fixtures";

const testDb = setupTestDatabase();
const TZ = "America/Panama";
const HOOK_SECRET = "the-deployment-webhook-secret-of-32+chars";
const OWN_SECRET = "a subscription's own secret";

let smtp: Awaited<ReturnType<typeof startSmtp>>;
let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
let config: AlertConfig;
let alr: number;
let oth: number;
let manager: { id: number; email: string };
let planner: { id: number; email: string };
let admin: { id: number; email: string };
const items = [{ code: "RATION-KIT", nameEs: "Kit de ración", nameEn: "Ration kit" }];

/** Sends each new message at once, as the pg-boss job would, and keeps any failure for the test. */
const failures: string[] = [];
const sendNow: Enqueue = async (ids) => {
  for (const id of ids) await deliver(testDb.db, id, config).catch((e: Error) => failures.push(e.message));
};

function stockout(overrides: Partial<Alert> = {}): Alert {
  return {
    kind: "stockout",
    facilityCode: "ALR",
    itemCode: "RATION-KIT",
    day: "2026-12-04",
    daysAway: 2,
    severity: "critical",
    facts: { usable: 120, perDay: 61.5, daysOfCover: 2, leadTime: 5, orderQuantity: 900 },
    why: [{ key: "why.stale.hours", params: { hours: 30, limit: 12 } }],
    href: "/facilities/ALR/stock/RATION-KIT",
    ...overrides,
  };
}

const actor = (user: { id: number }) => ({ userId: user.id, token: null });
const scopeOf = (ids: number[]) => ({ all: false as const, facilityIds: ids });

async function deliveries(db: Db) {
  return queryRows<{ id: number; reason: string; user_id: number; channel: string; status: string; attempts: number; last_error: string | null }>(
    db,
    sql`select id, reason, user_id, channel, status, attempts, last_error from alert_deliveries order by id`,
  );
}

async function reset() {
  await testDb.db.execute(sql`delete from alert_deliveries`);
  await testDb.db.execute(sql`delete from alert_events`);
  smtp.received.length = 0;
  hooks.received.length = 0;
  hooks.state.fail = 0;
  hooks.state.failPath = null;
  failures.length = 0;
}

describe("alerts that reach people (issue 18, decision 026)", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    smtp = await startSmtp();
    hooks = await startWebhookReceiver((path) => (path === "/own" ? OWN_SECRET : HOOK_SECRET));
    config = { smtpUrl: smtp.url, from: "Albergue <alertas@albergue.test>", publicUrl: "https://albergue.test", webhookSecret: HOOK_SECRET, timeZone: TZ };
    alr = await createFacility(testDb.db, { code: "ALR", name: "Albergue de prueba", beds: 10 });
    oth = await createFacility(testDb.db, { code: "OTH", name: "Otra", beds: 100 });
    manager = await createUser(testDb.db, { role: "manager", facilityIds: [alr] });
    planner = await createUser(testDb.db, { role: "planner" });
    admin = await createUser(testDb.db, { role: "admin" });
    const subscribe = (kind: "stockout" | "saturation" | "expiry", channel: "email" | "webhook", webhookUrl = "", webhookSecret = "") =>
      subscribeToAlerts(testDb.db, actor(manager), scopeOf([alr]), { facility: "ALR", kind, channel, webhookUrl, webhookSecret }, []);
    expect((await subscribe("stockout", "email")).status).toBe("created");
    expect((await subscribe("saturation", "email")).status).toBe("created");
    expect((await subscribe("expiry", "email")).status).toBe("created");
    expect((await subscribe("stockout", "webhook", hooks.url("/own"), OWN_SECRET)).status).toBe("created");
  });

  afterAll(async () => {
    await smtp?.close();
    await hooks?.close();
  });

  beforeEach(reset);

  it("signs a webhook's body as docs/alerts.md's worked example says", () => {
    // The same figure as `printf '{"delivery":1}' | openssl dgst -sha256 -hmac albergue-example-secret-0123456789abcdef`.
    expect(signWebhook("albergue-example-secret-0123456789abcdef", '{"delivery":1}')).toBe(
      "sha256=41f56df918b08ae4556a227a9f78eeea80ecc0e5594d61f0762718a52a4d13c4",
    );
  });

  it("refuses a subscription to a facility the person does not see, or the same one twice", async () => {
    const outside = await subscribeToAlerts(testDb.db, actor(manager), scopeOf([alr]), { facility: "OTH", kind: "stockout", channel: "email", webhookUrl: "", webhookSecret: "" }, []);
    expect(outside).toEqual({ status: "invalid", fieldErrors: { facility: ["validation.choice"] } });
    const twice = await subscribeToAlerts(testDb.db, actor(manager), scopeOf([alr]), { facility: "ALR", kind: "stockout", channel: "email", webhookUrl: "", webhookSecret: "" }, []);
    expect(twice).toEqual({ status: "invalid", fieldErrors: { kind: ["alerts.subs.duplicate"] } });
    const host = await subscribeToAlerts(
      testDb.db,
      actor(manager),
      scopeOf([alr]),
      { facility: "ALR", kind: "stale", channel: "webhook", webhookUrl: "https://evil.example/hook", webhookSecret: "" },
      ["chat.example.org"],
    );
    expect(host).toEqual({ status: "invalid", fieldErrors: { webhookUrl: ["alerts.subs.webhookHostRefused"] } });
  });

  it("e-mails a new critical alert at once, in Spanish, with its figure, its why line and a link, and never again on the next recompute", async () => {
    const now = new Date("2026-12-02T15:00:00Z");
    await syncAlerts(testDb.db, { alerts: [stockout(), stockout({ itemCode: null, kind: "stale", severity: "warning", day: "2026-12-01" })] }, items, now, sendNow);
    expect(failures).toEqual([]);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual([manager.email]);
    expect(mail!.subject).toBe("[Albergue] Urgente en Albergue de prueba: Agotamiento de existencias");
    expect(mail!.text).toContain("Urgente: Kit de ración se agota en Albergue de prueba el 4 dic 2026 (en 2 días)");
    expect(mail!.text).toContain("Por qué: ");
    expect(mail!.text).toMatch(/Ver y acusar recibo: https:\/\/albergue\.test\/alerts#alert-\d+/);
    // The webhook subscription, signed with its own secret.
    expect(hooks.received).toHaveLength(1);
    expect(hooks.received[0]!.signatureValid).toBe(true);
    const alerts = hooks.received[0]!.body.alerts as { key: string; figures: Record<string, number>; why: string; link: string }[];
    expect(alerts[0]).toMatchObject({ key: "ALR/RATION-KIT/stockout/2026-12-04", figures: { usable: 120 } });
    expect(alerts[0]!.link).toMatch(/^https:\/\/albergue\.test\/alerts#alert-\d+$/);
    expect(alerts[0]!.why).not.toBe("");

    // The next recomputes raise the same alert with new figures: nothing more is sent.
    await syncAlerts(testDb.db, { alerts: [stockout({ facts: { ...stockout().facts, usable: 80 } })] }, items, new Date(now.getTime() + 60_000), sendNow);
    await syncAlerts(testDb.db, { alerts: [stockout()] }, items, new Date(now.getTime() + 120_000), sendNow);
    expect(smtp.received).toHaveLength(1);
    expect((await deliveries(testDb.db)).map((d) => [d.reason, d.channel, d.status])).toEqual([
      ["immediate", "email", "sent"],
      ["immediate", "webhook", "sent"],
    ]);
  });

  it("records a failed message with its reason, and a retry sends it once", async () => {
    hooks.state.fail = 1;
    await syncAlerts(testDb.db, { alerts: [stockout()] }, items, new Date(), sendNow);
    const webhook = (await deliveries(testDb.db)).find((d) => d.channel === "webhook")!;
    expect(webhook).toMatchObject({ status: "failed", attempts: 1, last_error: "webhook answered HTTP 500" });
    expect(failures).toEqual(["webhook answered HTTP 500"]);
    // pg-boss runs the job again: the second attempt is sent; a third finds nothing to do.
    expect(await deliver(testDb.db, webhook.id, config)).toBe(true);
    expect(await deliver(testDb.db, webhook.id, config)).toBe(false);
    expect((await deliveries(testDb.db)).find((d) => d.id === webhook.id)).toMatchObject({ status: "sent", attempts: 2, last_error: null });
    expect(hooks.received).toHaveLength(1);
  });

  it("escalates an unacknowledged critical alert to the planners, then the administrators, after the norm's hours; an acknowledgement stops it and is audited", async () => {
    const sent = new Date("2026-12-02T12:00:00Z");
    await syncAlerts(testDb.db, { alerts: [stockout()] }, items, sent, sendNow);
    const hours = (h: number) => new Date(sent.getTime() + h * 3_600_000);
    expect(await runEscalation(testDb.db, hours(3.9), sendNow)).toEqual([]);
    expect(await runEscalation(testDb.db, hours(4), sendNow)).toHaveLength(1);
    const toPlanner = smtp.received.find((m) => m.to.includes(planner.email))!;
    expect(toPlanner.subject).toBe("[Albergue] Sin acusar recibo en Albergue de prueba: Agotamiento de existencias");
    expect(toPlanner.text).toContain("lleva 4 horas sin que nadie acuse recibo; le llega como Planificación");
    // Run twice at once (two servers): the step is taken once.
    const [a, b] = await Promise.all([runEscalation(testDb.db, hours(8), sendNow), runEscalation(testDb.db, hours(8), sendNow)]);
    expect([...a, ...b]).toHaveLength(1);
    expect(smtp.received.filter((m) => m.to.includes(admin.email))).toHaveLength(1);
    expect(await runEscalation(testDb.db, hours(20), sendNow)).toEqual([]);

    const [event] = await queryRows<{ id: number }>(testDb.db, sql`select id from alert_events where alert_key = 'ALR/RATION-KIT/stockout/2026-12-04'`);
    const otherManager = await createUser(testDb.db, { role: "manager", facilityIds: [oth] });
    expect(await acknowledgeAlert(testDb.db, actor(otherManager), scopeOf([oth]), event!.id)).toBe("not-found");
    expect(await acknowledgeAlert(testDb.db, actor(manager), scopeOf([alr]), event!.id)).toBe("acknowledged");
    expect(await acknowledgeAlert(testDb.db, actor(manager), scopeOf([alr]), event!.id)).toBe("already");
    const audit = await queryRows<{ user_id: number; action: string; facility_id: number }>(
      testDb.db,
      sql`select user_id, action, facility_id from audit_log where entity = 'alert' and entity_id = ${String(event!.id)}`,
    );
    expect(audit).toEqual([{ user_id: manager.id, action: "acknowledge", facility_id: alr }]);
  });

  it("an acknowledged alert does not escalate", async () => {
    const sent = new Date("2026-12-02T12:00:00Z");
    await syncAlerts(testDb.db, { alerts: [stockout({ day: "2026-12-05" })] }, items, sent, sendNow);
    const [event] = await queryRows<{ id: number }>(testDb.db, sql`select id from alert_events`);
    await acknowledgeAlert(testDb.db, actor(manager), scopeOf([alr]), event!.id, new Date(sent.getTime() + 3_600_000));
    expect(await runEscalation(testDb.db, new Date(sent.getTime() + 10 * 3_600_000), sendNow)).toEqual([]);
  });

  it("sends the warnings in one digest a day, from the digest hour on the deployment's clock", async () => {
    const warnings = [
      stockout({ severity: "warning", day: "2026-12-10", daysAway: 8 }),
      stockout({ kind: "expiry", severity: "warning", day: "2026-12-20", facts: { quantity: 40, lots: 1 } }),
    ];
    await syncAlerts(testDb.db, { alerts: warnings }, items, new Date("2026-12-02T10:00:00Z"), sendNow);
    expect(smtp.received).toEqual([]);
    // 06:59 in Panama (UTC-5): not yet; 07:00: the digest; 09:00: nothing more that day.
    expect(await runDigest(testDb.db, new Date("2026-12-02T11:59:00Z"), config, sendNow)).toEqual([]);
    expect(await runDigest(testDb.db, new Date("2026-12-02T12:00:00Z"), config, sendNow)).toHaveLength(2);
    expect(await runDigest(testDb.db, new Date("2026-12-02T14:00:00Z"), config, sendNow)).toEqual([]);
    const mails = smtp.received.filter((m) => m.subject.startsWith("[Albergue] Resumen"));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe("[Albergue] Resumen de alertas del 2 dic 2026");
    expect(mails[0]!.text).toContain("2 alertas de sus suscripciones");
    expect(mails[0]!.text).toContain("vencerán sin usarse (primer lote el 20 dic 2026)");
    // The webhook subscription (stock-outs only) gets its own digest, signed.
    expect(hooks.received.map((h) => [h.body.reason, h.signatureValid])).toEqual([["digest", true]]);
  });

  it("writes a message in the recipient's language", async () => {
    await testDb.db.execute(sql`update users set preferred_language = 'en' where id = ${manager.id}`);
    try {
      await syncAlerts(testDb.db, { alerts: [stockout()] }, items, new Date(), sendNow);
      expect(smtp.received[0]!.subject).toBe("[Albergue] Urgent at Albergue de prueba: Stock-out");
      expect(smtp.received[0]!.text).toContain("Ration kit runs out at Albergue de prueba on Dec 4, 2026");
    } finally {
      await testDb.db.execute(sql`update users set preferred_language = 'es' where id = ${manager.id}`);
    }
  });

  it("sends a critical alert once when two servers sync the same plan and run the same job at once", async () => {
    const other = testDb.driver === "postgres" ? (await testDb.connectAgain()).db : testDb.db;
    const created: number[] = [];
    const collect: Enqueue = async (ids) => void created.push(...ids);
    await Promise.all([
      syncAlerts(testDb.db, { alerts: [stockout()] }, items, new Date(), collect),
      syncAlerts(other, { alerts: [stockout()] }, items, new Date(), collect),
    ]);
    expect(created).toHaveLength(2); // one e-mail and one webhook, not four
    // Each message's job delivered twice at once (a retry racing a slow first attempt).
    const outcomes = await Promise.all(created.flatMap((id) => [deliver(testDb.db, id, config), deliver(other, id, config)]));
    expect(outcomes.filter(Boolean)).toHaveLength(2);
    expect(smtp.received).toHaveLength(1);
    expect(hooks.received).toHaveLength(1);
  });

  it("sends a saturation the plan worker computes, through the pg-boss queue, retrying a failed webhook", async () => {
    // Fills ALR (10 beds) with 25 people: the stored plan raises a critical saturation for today.
    const hookSub = await subscribeToAlerts(
      testDb.db,
      actor(manager),
      scopeOf([alr]),
      { facility: "ALR", kind: "saturation", channel: "webhook", webhookUrl: hooks.url("/deployment"), webhookSecret: "" },
      [],
    );
    expect(hookSub.status).toBe("created");
    hooks.state.fail = 1;
    hooks.state.failPath = "/deployment";
    const occurredAt = new Date();
    await testDb.db.transaction(async (tx) => {
      await recordArrival(
        tx,
        { facilityId: alr, occurredAt, day: zonedDay(occurredAt, TZ), counts: { ...emptyCounts(), adultMen: 25 } },
        { recordedBy: null, idempotencyKey: `alerts-${process.pid}` },
      );
      await appendAudit(tx, { userId: null }, { action: "create", entity: "population_entry", facilityId: alr, changes: {} });
    });
    const deployed = () => hooks.received.find((h) => h.path === "/deployment");
    await startPlanWorker(testDb.database, { tickMs: 200, maxWaitMs: 500, alerts: { config, retryDelaySeconds: 1 } });
    try {
      const deadline = Date.now() + 90_000;
      while (!(smtp.received.some((m) => m.subject.includes("Saturación")) && deployed())) {
        if (Date.now() > deadline) throw new Error(`gave up: ${JSON.stringify(await deliveries(testDb.db))}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await stopPlanWorker();
    }
    const mail = smtp.received.find((m) => m.subject.includes("Saturación"))!;
    expect(mail.subject).toBe("[Albergue] Urgente en Albergue de prueba: Saturación");
    expect(mail.text).toContain("Albergue de prueba se satura el");
    // Signed with the deployment's secret (the subscription has none of its own).
    expect(deployed()!.signatureValid).toBe(true);
    expect((deployed()!.body.alerts as { kind: string }[])[0]!.kind).toBe("saturation");
    // The gateway's first answer was a 500: pg-boss ran the job again.
    const [webhook] = await queryRows<{ status: string; attempts: number }>(
      testDb.db,
      sql`select status, attempts from alert_deliveries where target = ${hooks.url("/deployment")}`,
    );
    expect(webhook).toMatchObject({ status: "sent", attempts: 2 });
  });
});
