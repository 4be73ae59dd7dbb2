// Alert subscriptions and acknowledgements (issue 18, decision 026). Each write is one
// transaction with its audit entry. They are idempotent by what they are: a second identical
// subscription, removal or acknowledgement changes nothing and writes no audit entry.
import { acknowledgeAlertEvent, deleteSubscription, getAlertEventInScope, insertSubscription } from "#db/alerts.server";
import { appendAudit } from "#db/audit.server";
import { getFacilityByCode, type FacilityScope } from "#db/facilities.server";
import type { Db } from "#db/types";
import type { SubscribeInput } from "~/lib/schemas/alerts";
import { auditActorOf, type CommandActor } from "./actor.server";

export type SubscribeOutcome = { status: "created"; id: number } | { status: "invalid"; fieldErrors: Record<string, string[]> };

/**
 * Subscribes the actor to a facility's alerts of one kind. The facility must be one they see;
 * a webhook must go to a host the deployment allows (ALBERGUE_WEBHOOK_HOSTS, when set).
 */
export async function subscribeToAlerts(
  db: Db,
  actor: CommandActor & { userId: number },
  scope: FacilityScope,
  input: SubscribeInput,
  allowedWebhookHosts: readonly string[],
): Promise<SubscribeOutcome> {
  return db.transaction(async (tx): Promise<SubscribeOutcome> => {
    const facility = await getFacilityByCode(tx, input.facility);
    if (!facility || (!scope.all && !scope.facilityIds.includes(facility.id))) return { status: "invalid", fieldErrors: { facility: ["validation.choice"] } };
    const webhook = input.channel === "webhook";
    if (webhook && allowedWebhookHosts.length && !allowedWebhookHosts.includes(new URL(input.webhookUrl).hostname.toLowerCase())) {
      return { status: "invalid", fieldErrors: { webhookUrl: ["alerts.subs.webhookHostRefused"] } };
    }
    const id = await insertSubscription(tx, {
      userId: actor.userId,
      facilityId: facility.id,
      kind: input.kind,
      channel: input.channel,
      webhookUrl: webhook ? input.webhookUrl : null,
      webhookSecret: webhook && input.webhookSecret ? input.webhookSecret : null,
    });
    if (id === null) return { status: "invalid", fieldErrors: { kind: ["alerts.subs.duplicate"] } };
    await appendAudit(tx, auditActorOf(actor), {
      action: "create",
      entity: "alert_subscription",
      entityId: id,
      facilityId: facility.id,
      // The URL's origin only: a chat webhook's path is often its credential.
      changes: { kind: input.kind, channel: input.channel, webhook: webhook ? new URL(input.webhookUrl).origin : null, ownSecret: Boolean(webhook && input.webhookSecret) },
    });
    return { status: "created", id };
  });
}

/** Removes one of the actor's own subscriptions (another person's id removes nothing). */
export async function unsubscribeFromAlerts(db: Db, actor: CommandActor & { userId: number }, subscriptionId: number): Promise<boolean> {
  return db.transaction(async (tx) => {
    const gone = await deleteSubscription(tx, actor.userId, subscriptionId);
    if (!gone) return false;
    await appendAudit(tx, auditActorOf(actor), {
      action: "delete",
      entity: "alert_subscription",
      entityId: gone.id,
      facilityId: gone.facilityId,
      changes: { kind: gone.kind, channel: gone.channel },
    });
    return true;
  });
}

export type AcknowledgeOutcome = "acknowledged" | "already" | "not-found";

/**
 * Acknowledges an alert in the actor's facilities: it stops climbing the escalation ladder.
 * The first acknowledgement stands; one outside the actor's scope is "not-found".
 */
export async function acknowledgeAlert(db: Db, actor: CommandActor & { userId: number }, scope: FacilityScope, alertId: number, now = new Date()): Promise<AcknowledgeOutcome> {
  return db.transaction(async (tx) => {
    const event = await getAlertEventInScope(tx, scope, alertId);
    if (!event) return "not-found";
    if (!(await acknowledgeAlertEvent(tx, event.id, actor.userId, now))) return "already";
    await appendAudit(tx, auditActorOf(actor), {
      action: "acknowledge",
      entity: "alert",
      entityId: event.id,
      facilityId: event.facilityId,
      changes: { alertKey: event.alertKey },
    });
    return "acknowledged";
  });
}
