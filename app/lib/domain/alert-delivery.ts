/**
 * Who hears of an alert, and when (issue 18, decision 026). Pure: no database, no clock of its
 * own (the caller passes `now`), so the rules read as the worked examples in their tests.
 */
import type { Alert, AlertKind } from "./alerts";

export const alertKinds = ["stockout", "saturation", "expiry", "stale"] as const satisfies readonly AlertKind[];
export const alertChannels = ["email", "webhook"] as const;
export type AlertChannel = (typeof alertChannels)[number];

/**
 * What makes an alert the same one from one recompute to the next: the facility, the item, the
 * kind and the day of the event. Its figures (days of cover, projected census) move with every
 * write, so they are not part of it; a stock-out that moves to another day is a new alert (the
 * situation changed), and is sent again when it is critical.
 */
export function alertKey(alert: Pick<Alert, "facilityCode" | "itemCode" | "kind" | "day">): string {
  return [alert.facilityCode, alert.itemCode ?? "-", alert.kind, alert.day ?? "-"].join("/");
}

/**
 * The escalation ladder: a critical alert first reaches its subscribers (the shelter's managers,
 * typically); unacknowledged, it goes to the planners, then to the administrators.
 */
export const escalationLadder = ["subscribers", "planner", "admin"] as const;
export type EscalationStep = (typeof escalationLadder)[number];

/** The role the next escalation goes to, or null when the ladder is climbed. */
export function nextEscalation(level: number): { level: number; role: "planner" | "admin" } | null {
  const next = escalationLadder[level + 1];
  if (next === undefined || next === "subscribers") return null;
  return { level: level + 1, role: next };
}

/**
 * Whether an unacknowledged critical alert is due to climb a step: `ackHours` after it was sent
 * at once, and again `ackHours` after each escalation.
 */
export function escalationDue(
  event: { criticalAt: Date | null; escalatedAt: Date | null; acknowledgedAt: Date | null; clearedAt: Date | null; escalationLevel: number },
  ackHours: number,
  now: Date,
): boolean {
  if (!event.criticalAt || event.acknowledgedAt || event.clearedAt) return false;
  if (!nextEscalation(event.escalationLevel)) return false;
  const since = event.escalatedAt ?? event.criticalAt;
  return now.getTime() - since.getTime() >= ackHours * 3_600_000;
}

/** The calendar day and hour of `now` on the deployment's clock. */
export function localDayHour(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/**
 * The day whose digest is due at `now`, or null before the digest hour. The job runs every hour
 * (and after a restart), so a digest missed at 07:00 leaves at the next run that day; the
 * delivery's key (the day and the subscription) keeps it to one per day.
 */
export function digestDay(now: Date, timeZone: string, digestHour: number): string | null {
  const { day, hour } = localDayHour(now, timeZone);
  return hour >= digestHour ? day : null;
}

/** Which alerts go where: critical ones at once, warnings in the digest. */
export function deliveryMode(alert: Pick<Alert, "severity">): "immediate" | "digest" {
  return alert.severity === "critical" ? "immediate" : "digest";
}
