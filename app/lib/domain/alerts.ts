/**
 * The planner's alerts: one list, ordered by urgency. Each alert carries the date of the event,
 * the facts that raised it and the formula behind them, so nobody is asked to trust a number
 * they cannot trace. Pure: no database.
 */

import type { Why } from "./why";

export type AlertKind = "saturation" | "stockout" | "expiry" | "stale";

export interface Alert {
  kind: AlertKind;
  facilityCode: string;
  itemCode: string | null;
  /** The day the event happens (saturation, stock-out, expiry) or happened (last entry). */
  day: string | null;
  /** Days from today to `day` (0 = today); for stale data, hours since the last entry / 24. */
  daysAway: number;
  /** "critical" when it happens today or within the lead time already past; "warning" otherwise. */
  severity: "critical" | "warning";
  /** Numbers the message is written from (locale formatting happens on the page). */
  facts: Record<string, number | string | null>;
  /** The formula and its inputs, as computed, in sentences rendered in the reader's language. */
  why: Why;
  /** Where to act. */
  href: string;
}

// At equal urgency, running out of something people need comes before a full shelter (people
// are never refused at the door), then data nobody can see, then stock going to waste.
const kindRank: Record<AlertKind, number> = { stockout: 0, saturation: 1, stale: 2, expiry: 3 };

export function byUrgency(a: Alert, b: Alert): number {
  if (a.severity !== b.severity) return a.severity === "critical" ? -1 : 1;
  if (a.daysAway !== b.daysAway) return a.daysAway - b.daysAway;
  if (kindRank[a.kind] !== kindRank[b.kind]) return kindRank[a.kind] - kindRank[b.kind];
  if (a.facilityCode !== b.facilityCode) return a.facilityCode < b.facilityCode ? -1 : 1;
  return (a.itemCode ?? "") < (b.itemCode ?? "") ? -1 : (a.itemCode ?? "") > (b.itemCode ?? "") ? 1 : 0;
}

export function orderAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(byUrgency);
}
