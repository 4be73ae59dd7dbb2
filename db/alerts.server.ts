import { and, asc, desc, eq, inArray, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import { alertDeliveries, alertEvents, alertSubscriptions, facilities, facilityMemberships, users } from "./schema";
import type { FacilityScope } from "./facilities.server";
import type { Db } from "./types";

/**
 * Alerts that reach people (issue 18, decision 026): subscriptions, the alerts the stored plan
 * raised, and the messages sent. Every query names its facility scope or its user.
 */

export type AlertChannelRow = "email" | "webhook";

const subscriptionColumns = {
  id: alertSubscriptions.id,
  facilityCode: facilities.code,
  facilityName: facilities.name,
  kind: alertSubscriptions.kind,
  channel: alertSubscriptions.channel,
  webhookUrl: alertSubscriptions.webhookUrl,
  ownSecret: sql<boolean>`${alertSubscriptions.webhookSecret} is not null`,
  createdAt: alertSubscriptions.createdAt,
};

/** One person's subscriptions, for their page (never the secret itself). */
export async function listUserSubscriptions(db: Db, userId: number) {
  return db
    .select(subscriptionColumns)
    .from(alertSubscriptions)
    .innerJoin(facilities, eq(facilities.id, alertSubscriptions.facilityId))
    .where(eq(alertSubscriptions.userId, userId))
    .orderBy(asc(facilities.code), asc(alertSubscriptions.kind), asc(alertSubscriptions.id));
}

/** Every subscription, for the administrators' page. */
export async function listAllSubscriptions(db: Db) {
  return db
    .select({ ...subscriptionColumns, userEmail: users.email, userName: users.displayName, userRole: users.role })
    .from(alertSubscriptions)
    .innerJoin(facilities, eq(facilities.id, alertSubscriptions.facilityId))
    .innerJoin(users, eq(users.id, alertSubscriptions.userId))
    .orderBy(asc(users.email), asc(facilities.code), asc(alertSubscriptions.kind));
}

export async function insertSubscription(
  db: Db,
  row: { userId: number; facilityId: number; kind: string; channel: AlertChannelRow; webhookUrl: string | null; webhookSecret: string | null },
): Promise<number | null> {
  const [created] = await db.insert(alertSubscriptions).values(row).onConflictDoNothing().returning({ id: alertSubscriptions.id });
  return created?.id ?? null;
}

/** Deletes one of the user's own subscriptions; another user's id deletes nothing. */
export async function deleteSubscription(db: Db, userId: number, id: number) {
  const [gone] = await db
    .delete(alertSubscriptions)
    .where(and(eq(alertSubscriptions.id, id), eq(alertSubscriptions.userId, userId)))
    .returning({ id: alertSubscriptions.id, facilityId: alertSubscriptions.facilityId, kind: alertSubscriptions.kind, channel: alertSubscriptions.channel });
  return gone ?? null;
}

export interface Recipient {
  subscriptionId: number | null;
  userId: number;
  email: string;
  language: "es" | "en";
  channel: AlertChannelRow;
  webhookUrl: string | null;
  webhookSecret: string | null;
}

/**
 * Where a facility's alerts of a kind go: its subscriptions of active accounts that still see
 * the facility (a manager moved to another station stops hearing of this one).
 */
export async function subscribersOf(db: Db, facilityId: number, kinds: readonly string[]): Promise<(Recipient & { kind: string })[]> {
  if (kinds.length === 0) return [];
  return db
    .select({
      subscriptionId: alertSubscriptions.id,
      kind: alertSubscriptions.kind,
      userId: users.id,
      email: users.email,
      language: users.preferredLanguage,
      channel: alertSubscriptions.channel,
      webhookUrl: alertSubscriptions.webhookUrl,
      webhookSecret: alertSubscriptions.webhookSecret,
    })
    .from(alertSubscriptions)
    .innerJoin(users, eq(users.id, alertSubscriptions.userId))
    .where(
      and(
        eq(alertSubscriptions.facilityId, facilityId),
        inArray(alertSubscriptions.kind, [...kinds]),
        eq(users.active, true),
        or(
          inArray(users.role, ["admin", "planner"]),
          sql`exists (select 1 from ${facilityMemberships} m where m.user_id = ${users.id} and m.facility_id = ${facilityId})`,
        ),
      ),
    )
    .orderBy(asc(alertSubscriptions.id));
}

/** The active accounts of a role, by e-mail: where an escalation goes. */
export async function accountsWithRole(db: Db, role: "planner" | "admin"): Promise<Recipient[]> {
  const rows = await db
    .select({ userId: users.id, email: users.email, language: users.preferredLanguage })
    .from(users)
    .where(and(eq(users.role, role), eq(users.active, true)))
    .orderBy(asc(users.id));
  return rows.map((r) => ({ ...r, subscriptionId: null, channel: "email" as const, webhookUrl: null, webhookSecret: null }));
}

export async function facilityIdsOfCodes(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return new Map<string, { id: number; name: string }>();
  const rows = await db.select({ id: facilities.id, code: facilities.code, name: facilities.name }).from(facilities).where(inArray(facilities.code, [...codes]));
  return new Map(rows.map((r) => [r.code, { id: r.id, name: r.name }]));
}

export interface AlertEventInput {
  alertKey: string;
  facilityId: number;
  kind: string;
  itemCode: string | null;
  day: string | null;
  severity: "critical" | "warning";
  alert: unknown;
}

/**
 * Records the alerts of one recompute: new ones are inserted, known ones refreshed (figures,
 * severity, cleared no more). Returns the critical ones that have never been sent, each claimed
 * by this call alone: `critical_at` is set in the same statement that finds it null, so two
 * servers syncing the same plan at once cannot both claim it.
 */
export async function recordAlertEvents(db: Db, events: readonly AlertEventInput[], now: Date): Promise<{ id: number; facilityId: number; kind: string }[]> {
  if (events.length === 0) return [];
  await db
    .insert(alertEvents)
    .values(events.map((e) => ({ ...e, firstSeenAt: now, lastSeenAt: now })))
    .onConflictDoUpdate({
      target: alertEvents.alertKey,
      set: {
        severity: sql`excluded.severity`,
        alert: sql`excluded.alert`,
        lastSeenAt: sql`excluded.last_seen_at`,
        clearedAt: sql`null`,
      },
    });
  const critical = events.filter((e) => e.severity === "critical").map((e) => e.alertKey);
  if (critical.length === 0) return [];
  return db
    .update(alertEvents)
    .set({ criticalAt: now })
    .where(and(inArray(alertEvents.alertKey, critical), isNull(alertEvents.criticalAt)))
    .returning({ id: alertEvents.id, facilityId: alertEvents.facilityId, kind: alertEvents.kind });
}

/** Alerts the plan no longer raises are cleared (kept for the record and the deliveries). */
export async function clearAlertEventsExcept(db: Db, keys: readonly string[], now: Date) {
  await db
    .update(alertEvents)
    .set({ clearedAt: now })
    .where(and(isNull(alertEvents.clearedAt), keys.length ? notInArray(alertEvents.alertKey, [...keys]) : undefined));
}

export interface NewDelivery {
  dedupeKey: string;
  reason: "immediate" | "digest" | "escalation";
  userId: number;
  subscriptionId: number | null;
  channel: AlertChannelRow;
  target: string;
  eventIds: number[];
}

/** Creates a message once: a second insert of the same key (another server, a rerun) is a no-op. */
export async function insertDelivery(db: Db, delivery: NewDelivery): Promise<number | null> {
  const [row] = await db.insert(alertDeliveries).values(delivery).onConflictDoNothing().returning({ id: alertDeliveries.id });
  return row?.id ?? null;
}

/**
 * Claims a message for sending: pending, failed (a retry), or "sending" by a server that went
 * away more than `staleMs` ago. One statement, so one worker wins.
 */
export async function claimDelivery(db: Db, id: number, now: Date, staleMs = 120_000) {
  const [row] = await db
    .update(alertDeliveries)
    .set({ status: "sending", claimedAt: now, attempts: sql`${alertDeliveries.attempts} + 1` })
    .where(
      and(
        eq(alertDeliveries.id, id),
        or(
          inArray(alertDeliveries.status, ["pending", "failed"]),
          and(eq(alertDeliveries.status, "sending"), lt(alertDeliveries.claimedAt, new Date(now.getTime() - staleMs))),
        ),
      ),
    )
    .returning({
      id: alertDeliveries.id,
      reason: alertDeliveries.reason,
      dedupeKey: alertDeliveries.dedupeKey,
      userId: alertDeliveries.userId,
      subscriptionId: alertDeliveries.subscriptionId,
      channel: alertDeliveries.channel,
      target: alertDeliveries.target,
      eventIds: alertDeliveries.eventIds,
      attempts: alertDeliveries.attempts,
    });
  return row ?? null;
}

export async function markDelivery(db: Db, id: number, outcome: { status: "sent" } | { status: "failed"; error: string }, now: Date) {
  await db
    .update(alertDeliveries)
    .set(outcome.status === "sent" ? { status: "sent", sentAt: now, lastError: null } : { status: "failed", lastError: outcome.error.slice(0, 500) })
    .where(eq(alertDeliveries.id, id));
}

/** The recipient's language and the subscription's secret, read at send time. */
export async function deliveryContext(db: Db, userId: number, subscriptionId: number | null) {
  const [user] = await db.select({ language: users.preferredLanguage, email: users.email }).from(users).where(eq(users.id, userId));
  const secret = subscriptionId
    ? ((await db.select({ secret: alertSubscriptions.webhookSecret }).from(alertSubscriptions).where(eq(alertSubscriptions.id, subscriptionId)))[0]?.secret ?? null)
    : null;
  return { language: user?.language ?? "es", secret };
}

const eventColumns = {
  id: alertEvents.id,
  alertKey: alertEvents.alertKey,
  facilityId: alertEvents.facilityId,
  facilityCode: facilities.code,
  facilityName: facilities.name,
  kind: alertEvents.kind,
  itemCode: alertEvents.itemCode,
  day: alertEvents.day,
  severity: alertEvents.severity,
  alert: alertEvents.alert,
  firstSeenAt: alertEvents.firstSeenAt,
  lastSeenAt: alertEvents.lastSeenAt,
  clearedAt: alertEvents.clearedAt,
  criticalAt: alertEvents.criticalAt,
  acknowledgedAt: alertEvents.acknowledgedAt,
  acknowledgedByName: users.displayName,
  escalationLevel: alertEvents.escalationLevel,
  escalatedAt: alertEvents.escalatedAt,
};

export async function alertEventsByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select(eventColumns)
    .from(alertEvents)
    .innerJoin(facilities, eq(facilities.id, alertEvents.facilityId))
    .leftJoin(users, eq(users.id, alertEvents.acknowledgedBy))
    .where(inArray(alertEvents.id, [...ids]))
    .orderBy(asc(alertEvents.id));
}

/** The alerts the plan raises now, in the user's facilities, with who acknowledged them. */
export async function listOpenAlertEvents(db: Db, scope: FacilityScope) {
  if (!scope.all && scope.facilityIds.length === 0) return [];
  return db
    .select(eventColumns)
    .from(alertEvents)
    .innerJoin(facilities, eq(facilities.id, alertEvents.facilityId))
    .leftJoin(users, eq(users.id, alertEvents.acknowledgedBy))
    .where(and(isNull(alertEvents.clearedAt), scope.all ? undefined : inArray(alertEvents.facilityId, scope.facilityIds)))
    .orderBy(sql`case when ${alertEvents.severity} = 'critical' then 0 else 1 end`, asc(alertEvents.day), asc(facilities.code), asc(alertEvents.id))
    .limit(500);
}

/** One alert in the user's scope (null outside it: the same answer as a missing one). */
export async function getAlertEventInScope(db: Db, scope: FacilityScope, id: number) {
  if (!scope.all && scope.facilityIds.length === 0) return null;
  const [row] = await db
    .select({ id: alertEvents.id, facilityId: alertEvents.facilityId, alertKey: alertEvents.alertKey, acknowledgedAt: alertEvents.acknowledgedAt })
    .from(alertEvents)
    .where(and(eq(alertEvents.id, id), scope.all ? undefined : inArray(alertEvents.facilityId, scope.facilityIds)));
  return row ?? null;
}

/** Acknowledges once: the first acknowledgement stands, a second finds nothing to change. */
export async function acknowledgeAlertEvent(db: Db, id: number, userId: number, now: Date) {
  const [row] = await db
    .update(alertEvents)
    .set({ acknowledgedAt: now, acknowledgedBy: userId })
    .where(and(eq(alertEvents.id, id), isNull(alertEvents.acknowledgedAt)))
    .returning({ id: alertEvents.id });
  return row !== undefined;
}

/** Critical alerts sent and still unacknowledged: the escalation job's candidates. */
export async function openCriticalAlertEvents(db: Db) {
  return db
    .select({
      id: alertEvents.id,
      facilityId: alertEvents.facilityId,
      criticalAt: alertEvents.criticalAt,
      escalatedAt: alertEvents.escalatedAt,
      acknowledgedAt: alertEvents.acknowledgedAt,
      clearedAt: alertEvents.clearedAt,
      escalationLevel: alertEvents.escalationLevel,
    })
    .from(alertEvents)
    .where(and(sql`${alertEvents.criticalAt} is not null`, isNull(alertEvents.acknowledgedAt), isNull(alertEvents.clearedAt)))
    .orderBy(asc(alertEvents.criticalAt));
}

/** Moves an alert one step up the ladder, only from the step it was read at (one server wins). */
export async function escalateAlertEvent(db: Db, id: number, fromLevel: number, now: Date) {
  const [row] = await db
    .update(alertEvents)
    .set({ escalationLevel: fromLevel + 1, escalatedAt: now })
    .where(and(eq(alertEvents.id, id), eq(alertEvents.escalationLevel, fromLevel), isNull(alertEvents.acknowledgedAt)))
    .returning({ id: alertEvents.id });
  return row !== undefined;
}

/**
 * What goes in each subscription's digest: the warnings the plan raises now in the
 * subscription's facility and kind, not yet acknowledged.
 */
export async function digestContents(db: Db) {
  return db
    .select({
      subscriptionId: alertSubscriptions.id,
      userId: users.id,
      email: users.email,
      channel: alertSubscriptions.channel,
      webhookUrl: alertSubscriptions.webhookUrl,
      eventId: alertEvents.id,
    })
    .from(alertSubscriptions)
    .innerJoin(users, eq(users.id, alertSubscriptions.userId))
    .innerJoin(alertEvents, and(eq(alertEvents.facilityId, alertSubscriptions.facilityId), eq(alertEvents.kind, alertSubscriptions.kind)))
    .where(
      and(
        eq(users.active, true),
        eq(alertEvents.severity, "warning"),
        isNull(alertEvents.clearedAt),
        isNull(alertEvents.acknowledgedAt),
        or(
          inArray(users.role, ["admin", "planner"]),
          sql`exists (select 1 from ${facilityMemberships} m where m.user_id = ${users.id} and m.facility_id = ${alertSubscriptions.facilityId})`,
        ),
      ),
    )
    .orderBy(asc(alertSubscriptions.id), asc(alertEvents.id));
}

/** The latest messages, for the administrators' page (never the body or a secret). */
export async function listRecentDeliveries(db: Db, limit = 100) {
  return db
    .select({
      id: alertDeliveries.id,
      reason: alertDeliveries.reason,
      channel: alertDeliveries.channel,
      target: alertDeliveries.target,
      userEmail: users.email,
      status: alertDeliveries.status,
      attempts: alertDeliveries.attempts,
      lastError: alertDeliveries.lastError,
      alerts: sql<number>`jsonb_array_length(${alertDeliveries.eventIds})`,
      createdAt: alertDeliveries.createdAt,
      sentAt: alertDeliveries.sentAt,
    })
    .from(alertDeliveries)
    .innerJoin(users, eq(users.id, alertDeliveries.userId))
    .orderBy(desc(alertDeliveries.id))
    .limit(limit);
}

/** Messages created but never queued (their server stopped in between), for the tick to queue. */
export async function listPendingDeliveryIds(db: Db, createdBefore: Date) {
  const rows = await db
    .select({ id: alertDeliveries.id })
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.status, "pending"), lt(alertDeliveries.createdAt, createdBefore)))
    .orderBy(asc(alertDeliveries.id))
    .limit(500);
  return rows.map((r) => r.id);
}
