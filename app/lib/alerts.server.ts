/**
 * Alerts that reach people (issue 18, decision 026): what the stored plan raises becomes
 * alert_events; a critical one new to the table is sent at once to its subscribers, the others
 * go in a daily digest, and an unacknowledged critical one climbs to the planners and then the
 * administrators. Each message is an alert_deliveries row first (its unique key is what keeps
 * two servers from sending it twice), then a pg-boss job that sends it and retries it.
 */
import { createHmac } from "node:crypto";
import nodemailer, { type Transporter } from "nodemailer";
import {
  accountsWithRole,
  alertEventsByIds,
  claimDelivery,
  clearAlertEventsExcept,
  deliveryContext,
  digestContents,
  escalateAlertEvent,
  facilityIdsOfCodes,
  insertDelivery,
  markDelivery,
  openCriticalAlertEvents,
  recordAlertEvents,
  subscribersOf,
  type NewDelivery,
  type Recipient,
} from "#db/alerts.server";
import { listNorms } from "#db/norms.server";
import type { Db } from "#db/types";
import { alertSentence, alertWhy, type StoredAlert } from "./alert-message";
import { alertKey, digestDay, escalationDue, nextEscalation } from "./domain/alert-delivery";
import type { Plan, PlanItem } from "./domain/plan";
import { env } from "./env.server";
import { makeI18n, translate, type Locale, type MessageKey } from "./i18n";
import { log } from "./log.server";

export interface AlertConfig {
  smtpUrl: string | null;
  from: string;
  /** Where the app is opened, for links: no trailing slash. */
  publicUrl: string;
  webhookSecret: string | null;
  timeZone: string;
}

export function alertConfig(): AlertConfig {
  const e = env();
  return {
    smtpUrl: e.ALBERGUE_SMTP_URL ?? null,
    from: e.ALBERGUE_MAIL_FROM,
    publicUrl: (e.ALBERGUE_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    webhookSecret: e.ALBERGUE_WEBHOOK_SECRET ?? null,
    timeZone: e.ALBERGUE_TIME_ZONE,
  };
}

/** Hands new deliveries to the queue (pg-boss in the app; tests may send them directly). */
export type Enqueue = (deliveryIds: number[]) => Promise<void>;

export interface AlertNorms {
  ackHours: number;
  digestHour: number;
}

export async function loadAlertNorms(db: Db): Promise<AlertNorms> {
  const rows = await listNorms(db);
  const value = (key: string, fallback: number) => rows.find((r) => r.key === key)?.value ?? fallback;
  return { ackHours: value("alert_ack_hours", 4), digestHour: Math.min(23, Math.max(0, Math.round(value("alert_digest_hour", 7)))) };
}

function deliveryFor(reason: NewDelivery["reason"], key: string, to: Recipient, eventIds: number[]): NewDelivery {
  return {
    dedupeKey: `${reason}:${key}:${to.subscriptionId ?? `u${to.userId}`}`,
    reason,
    userId: to.userId,
    subscriptionId: to.subscriptionId,
    channel: to.channel,
    target: to.channel === "email" ? to.email : to.webhookUrl!,
    eventIds,
  };
}

/**
 * Records the alerts of the baseline plan and creates the messages for critical alerts not
 * sent before, in one transaction: an alert is claimed (critical_at set) together with its
 * messages, or not at all. Safe to run on several servers at once (decision 026).
 */
export async function syncAlerts(db: Db, plan: Pick<Plan, "alerts">, items: readonly Pick<PlanItem, "code" | "nameEs" | "nameEn">[], now: Date, enqueue: Enqueue) {
  const created = await db.transaction(async (tx) => {
    const facilities = await facilityIdsOfCodes(tx, [...new Set(plan.alerts.map((a) => a.facilityCode))]);
    const itemNames = new Map(items.map((i) => [i.code, { es: i.nameEs, en: i.nameEn }]));
    const events = plan.alerts.flatMap((a) => {
      const facility = facilities.get(a.facilityCode);
      if (!facility) return [];
      const stored: StoredAlert = { ...a, facilityName: facility.name, itemNames: a.itemCode ? (itemNames.get(a.itemCode) ?? { es: a.itemCode, en: a.itemCode }) : null };
      return [{ alertKey: alertKey(a), facilityId: facility.id, kind: a.kind, itemCode: a.itemCode, day: a.day, severity: a.severity, alert: stored }];
    });
    // The same alert twice in one plan cannot be stored twice in one statement.
    const unique = [...new Map(events.map((e) => [e.alertKey, e])).values()];
    const claimed = await recordAlertEvents(tx, unique, now);
    await clearAlertEventsExcept(tx, unique.map((e) => e.alertKey), now);
    const ids: number[] = [];
    for (const event of claimed) {
      for (const to of await subscribersOf(tx, event.facilityId, [event.kind])) {
        const id = await insertDelivery(tx, deliveryFor("immediate", String(event.id), to, [event.id]));
        if (id !== null) ids.push(id);
      }
    }
    return ids;
  });
  if (created.length) await enqueue(created);
  return created;
}

/** The day's digest for each subscription with warnings, once a day from the digest hour. */
export async function runDigest(db: Db, now: Date, config: Pick<AlertConfig, "timeZone">, enqueue: Enqueue) {
  const norms = await loadAlertNorms(db);
  const day = digestDay(now, config.timeZone, norms.digestHour);
  if (!day) return [];
  const rows = await digestContents(db);
  // One e-mail per person (all their subscriptions' warnings), one post per webhook.
  const groups = new Map<string, { to: Recipient; eventIds: number[] }>();
  for (const r of rows) {
    const email = r.channel === "email";
    const group = email ? `u${r.userId}` : `s${r.subscriptionId}`;
    const entry = groups.get(group) ?? {
      to: { subscriptionId: email ? null : r.subscriptionId, userId: r.userId, email: r.email, language: "es", channel: r.channel, webhookUrl: r.webhookUrl, webhookSecret: null },
      eventIds: [],
    };
    if (!entry.eventIds.includes(r.eventId)) entry.eventIds.push(r.eventId);
    groups.set(group, entry);
  }
  const ids: number[] = [];
  for (const { to, eventIds } of groups.values()) {
    const id = await insertDelivery(db, deliveryFor("digest", day, to, eventIds));
    if (id !== null) ids.push(id);
  }
  if (ids.length) await enqueue(ids);
  return ids;
}

/** Climbs each unacknowledged critical alert that has waited the norm's hours one step. */
export async function runEscalation(db: Db, now: Date, enqueue: Enqueue) {
  const { ackHours } = await loadAlertNorms(db);
  const ids: number[] = [];
  for (const event of await openCriticalAlertEvents(db)) {
    if (!escalationDue(event, ackHours, now)) continue;
    const next = nextEscalation(event.escalationLevel)!;
    const created = await db.transaction(async (tx) => {
      // Only from the step it was read at: a second server finds it moved and sends nothing.
      if (!(await escalateAlertEvent(tx, event.id, event.escalationLevel, now))) return [];
      const out: number[] = [];
      for (const to of await accountsWithRole(tx, next.role)) {
        const id = await insertDelivery(tx, deliveryFor("escalation", `${event.id}:${next.level}`, to, [event.id]));
        if (id !== null) out.push(id);
      }
      return out;
    });
    ids.push(...created);
  }
  if (ids.length) await enqueue(ids);
  return ids;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  json: Record<string, unknown>;
}

const kindKey = (kind: string) => `alerts.kind.${kind}` as MessageKey;

/** A message in the recipient's language: each alert's figure, its "why" line and its link. */
export function renderMessage(
  locale: Locale,
  delivery: { id: number; reason: "immediate" | "digest" | "escalation"; dedupeKey?: string },
  events: Awaited<ReturnType<typeof alertEventsByIds>>,
  config: Pick<AlertConfig, "publicUrl" | "timeZone">,
  now: Date,
  ackHours: number,
): RenderedMessage {
  const i18n = makeI18n(locale, config.timeZone);
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);
  // A digest is named for the day it sums up (its key, "digest:<day>:…"), not the moment it went
  // out: one retried after midnight still says which day's alerts it carries.
  const digestOf = delivery.reason === "digest" ? /^digest:(\d{4}-\d{2}-\d{2}):/.exec(delivery.dedupeKey ?? "")?.[1] : undefined;
  const today = i18n.day(digestOf ?? new Intl.DateTimeFormat("en-CA", { timeZone: config.timeZone }).format(now));
  const first = events[0]!;
  const subject =
    delivery.reason === "digest"
      ? t("alerts.email.subjectDigest", { date: today })
      : t(delivery.reason === "immediate" ? "alerts.email.subjectImmediate" : "alerts.email.subjectEscalation", {
          facility: first.facilityName,
          kind: t(kindKey(first.kind)),
        });
  const alerts = events.map((e) => {
    const alert = e.alert as StoredAlert;
    const link = `${config.publicUrl}/alerts#alert-${e.id}`;
    return { e, alert, sentence: alertSentence(i18n, alert), why: alertWhy(i18n, alert), link, act: `${config.publicUrl}${alert.href}` };
  });
  const lines: string[] = [];
  if (delivery.reason === "immediate") lines.push(t("alerts.email.immediateIntro"), "");
  if (delivery.reason === "escalation") {
    lines.push(t("alerts.email.escalationIntro", { hours: ackHours * first.escalationLevel, role: t(first.escalationLevel >= 2 ? "role.admin" : "role.planner") }), "");
  }
  if (delivery.reason === "digest") lines.push(t("alerts.email.digestIntro", { count: events.length, date: today }), "");
  for (const a of alerts) {
    const severity = t(a.e.severity === "critical" ? "planning.alert.critical" : "planning.alert.warning");
    lines.push(`${severity}: ${a.sentence}`, t("alerts.email.why", { why: a.why }), t("alerts.email.link", { url: a.link }), "");
  }
  lines.push("--", t("alerts.email.footer", { url: `${config.publicUrl}/alerts/subscriptions` }));
  return {
    subject,
    text: lines.join("\n"),
    json: {
      delivery: delivery.id,
      reason: delivery.reason,
      language: locale,
      sentAt: now.toISOString(),
      subject,
      text: lines.join("\n"),
      alerts: alerts.map((a) => ({
        key: a.e.alertKey,
        kind: a.e.kind,
        severity: a.e.severity,
        facility: { code: a.e.facilityCode, name: a.e.facilityName },
        item: a.e.itemCode,
        day: a.e.day,
        figures: a.alert.facts,
        message: a.sentence,
        why: a.why,
        link: a.link,
      })),
    },
  };
}

/** The signature header's value: HMAC-SHA256 of the exact body bytes, hex (docs/alerts.md). */
export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

export const SIGNATURE_HEADER = "X-Albergue-Signature";

const transports = new Map<string, Transporter>();
function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  return transport;
}

async function send(channel: "email" | "webhook", target: string, message: RenderedMessage, secret: string | null, config: AlertConfig, deliveryId: number) {
  if (channel === "email") {
    if (!config.smtpUrl) throw new Error("SMTP is not configured (ALBERGUE_SMTP_URL)");
    await transportFor(config.smtpUrl).sendMail({ from: config.from, to: target, subject: message.subject, text: message.text });
    return;
  }
  if (!secret) throw new Error("no webhook secret (ALBERGUE_WEBHOOK_SECRET or the subscription's)");
  const body = JSON.stringify(message.json);
  const response = await fetch(target, {
    method: "POST",
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      [SIGNATURE_HEADER]: signWebhook(secret, body),
      "X-Albergue-Delivery": String(deliveryId),
    },
    body,
    redirect: "error",
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`);
}

/**
 * Sends one message: claims its row (one sender, whatever the number of servers), sends, and
 * records the outcome. A failure is recorded with its reason and thrown, so pg-boss retries it.
 * Returns false when there was nothing to do (sent already, or being sent elsewhere).
 */
export async function deliver(db: Db, deliveryId: number, config: AlertConfig, now = new Date()): Promise<boolean> {
  const delivery = await claimDelivery(db, deliveryId, now);
  if (!delivery) return false;
  try {
    const events = await alertEventsByIds(db, delivery.eventIds);
    if (events.length === 0) throw new Error("its alerts no longer exist");
    const { language, secret } = await deliveryContext(db, delivery.userId, delivery.subscriptionId);
    const { ackHours } = await loadAlertNorms(db);
    const message = renderMessage(language, delivery, events, config, now, ackHours);
    await send(delivery.channel, delivery.target, message, secret ?? config.webhookSecret, config, delivery.id);
    await markDelivery(db, delivery.id, { status: "sent" }, new Date());
    return true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await markDelivery(db, delivery.id, { status: "failed", error: reason }, new Date());
    log("warn", "alert delivery failed", { delivery: delivery.id, channel: delivery.channel, attempt: delivery.attempts, error: reason });
    throw error;
  }
}
