/**
 * Stock requests (issue 17, decision 022): the life cycle a request may follow, the emergency
 * rule that lets it skip approval, the warehouse's pick list (first-expired-first-out among
 * usable lots, short picks named), and the lead time learned from what really happened.
 * Pure: no database.
 */
import { daysBetween } from "../time";
import { unusableReason, type LotState } from "./stock";

export const requestStatuses = ["draft", "submitted", "approved", "rejected", "picking", "shipped", "received", "closed"] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const requestActions = ["submit", "approve", "reject", "startPicking", "ship", "receive", "close"] as const;
export type RequestAction = (typeof requestActions)[number];

/**
 * Where each action may start. Shipping may start from "approved" too: a warehouse that
 * confirms the pick list at once never needs to say it started. A request that was received
 * in part stays "received" until someone closes it; one received in full closes itself.
 */
const allowed: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  submit: { from: ["draft"], to: "submitted" },
  approve: { from: ["submitted"], to: "approved" },
  reject: { from: ["submitted"], to: "rejected" },
  startPicking: { from: ["approved"], to: "picking" },
  ship: { from: ["approved", "picking"], to: "shipped" },
  receive: { from: ["shipped"], to: "received" },
  close: { from: ["received"], to: "closed" },
};

/** The status an action leads to from `from`, or null when it may not happen there. */
export function nextStatus(from: RequestStatus, action: RequestAction): RequestStatus | null {
  const rule = allowed[action];
  return rule.from.includes(from) ? rule.to : null;
}

/** The statuses an action may start from (the command's compare-and-set condition). */
export function startsFrom(action: RequestAction): readonly RequestStatus[] {
  return allowed[action].from;
}

/** The steps the requester sees, in order; "rejected" replaces the rest when it happens. */
export const requestSteps: readonly RequestStatus[] = ["draft", "submitted", "approved", "picking", "shipped", "received", "closed"];

export function isOpen(status: RequestStatus): boolean {
  return status !== "closed" && status !== "rejected";
}

export interface EmergencyLine {
  /** The day the facility runs out, as planned when the request was raised. */
  stockOutDay: string | null;
  leadTimeDays: number;
}

export type EmergencyVerdict =
  | { skips: true; day: string; daysAway: number; withinDays: number }
  | { skips: false; reason: "not-emergency" | "no-date" | "outside-lead-time"; day: string | null; daysAway: number | null; withinDays: number | null };

/**
 * Whether an emergency request goes straight to "approved": when the earliest stock-out day
 * of its lines, or the facility's saturation day, falls within `leadTimes` × the longest lead
 * time of its lines (the norm emergency_request_lead_times). An order that waits for approval
 * would arrive after the day it is needed.
 *
 * Example: lead times 7 and 10 days, norm 1, stock-out in 8 days: 8 ≤ 1 × 10, it skips.
 * The same request with the stock-out in 12 days waits for a planner.
 */
export function emergencyVerdict(input: {
  emergency: boolean;
  today: string;
  leadTimes: number;
  lines: readonly EmergencyLine[];
  saturationDay: string | null;
}): EmergencyVerdict {
  const days = [...input.lines.map((l) => l.stockOutDay), input.saturationDay].filter((d): d is string => d !== null).sort();
  const day = days[0] ?? null;
  const longest = Math.max(0, ...input.lines.map((l) => l.leadTimeDays));
  const withinDays = input.leadTimes * longest;
  const daysAway = day === null ? null : daysBetween(input.today, day);
  if (!input.emergency) return { skips: false, reason: "not-emergency", day, daysAway, withinDays };
  if (day === null || daysAway === null) return { skips: false, reason: "no-date", day, daysAway, withinDays };
  if (daysAway > withinDays) return { skips: false, reason: "outside-lead-time", day, daysAway, withinDays };
  return { skips: true, day, daysAway, withinDays };
}

export interface PickLot extends LotState {
  itemId: number;
}

export interface PickLine {
  itemId: number;
  /** What was approved. */
  quantity: number;
}

export interface PlannedPick {
  itemId: number;
  quantity: number;
  picks: { lotId: number; quantity: number; expiry: string | null }[];
  /** What usable stock cannot cover (0 when the line is picked in full). */
  short: number;
}

/**
 * The pick list: for each approved line, the warehouse's usable lots (not expired, not
 * quarantined, not VVM 3-4) in order of expiry, earliest first (no expiry last; at equal
 * expiry the lower lot id), taken until the quantity is met. What usable stock cannot cover
 * is the line's short pick, shown to the requester.
 *
 * Example: 300 asked, lots of 100 (expires 1 Mar), 500 (expires 1 Feb), 80 (expired): picks
 * 300 of the February lot. 700 asked: 500 + 100, short 100.
 */
export function planPick(lines: readonly PickLine[], lots: readonly PickLot[], today: string): PlannedPick[] {
  return lines.map((line) => {
    const usable = lots
      .filter((lot) => lot.itemId === line.itemId && lot.quantity > 0 && unusableReason(lot, today) === null)
      .sort((a, b) => {
        if (a.expiry !== b.expiry) {
          if (a.expiry === null) return 1;
          if (b.expiry === null) return -1;
          return a.expiry < b.expiry ? -1 : 1;
        }
        return a.lotId - b.lotId;
      });
    const picks: PlannedPick["picks"] = [];
    let remaining = line.quantity;
    for (const lot of usable) {
      if (remaining <= 0) break;
      const take = Math.min(lot.quantity, remaining);
      picks.push({ lotId: lot.lotId, quantity: take, expiry: lot.expiry });
      remaining -= take;
    }
    return { itemId: line.itemId, quantity: line.quantity, picks, short: Math.max(0, remaining) };
  });
}

/** Whether a lot may leave the warehouse on a pick list (the same rule as any issue). */
export function pickable(lot: LotState, today: string): boolean {
  return lot.quantity > 0 && unusableReason(lot, today) === null;
}

/** Days from submitted to received, to one decimal: the lead time that really happened. */
export function realLeadTimeDays(submittedAt: Date, receivedAt: Date): number {
  return Math.max(0, Math.round(((receivedAt.getTime() - submittedAt.getTime()) / 86_400_000) * 10) / 10);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The learned lead time of an item at a facility: the median of its last `sample` received
 * requests (newest first in `observed`), beside the configured one. The median, not the
 * mean: one boat stuck a week up the river should not move the plan of every other order.
 *
 * Example: configured 7, last five 4.5, 6, 5, 12, 5 days: learned 5 (from 5 requests).
 */
export function learnedLeadTime(configured: number, observed: readonly number[], sample: number) {
  const used = observed.slice(0, Math.max(1, Math.round(sample)));
  const learned = median(used);
  return { configured, learned: learned === null ? null : Math.round(learned * 10) / 10, count: used.length };
}

export interface ReceivedLine {
  approved: number;
  received: number;
}

/** A receipt closes the request when every approved unit arrived; otherwise it waits, partial. */
export function receivedInFull(lines: readonly ReceivedLine[]): boolean {
  return lines.every((l) => l.received >= l.approved);
}

/** The lines whose approved quantity differs from the requested one (a reason is then required). */
export function changedOnApproval<L extends { requested: number; approved: number }>(lines: readonly L[]): L[] {
  return lines.filter((l) => l.requested !== l.approved);
}
