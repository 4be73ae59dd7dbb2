import { allGroups, totalOf, type Counts } from "./population";

/**
 * Stock arithmetic: which lots may be used, first-expired-first-out picking, daily demand
 * from the census and the item's norms, and days of cover. Pure: no database.
 */

export interface LotState {
  lotId: number;
  /** YYYY-MM-DD, or null for stock that does not expire. */
  expiry: string | null;
  vvmStage: number | null;
  quarantined: boolean;
  quantity: number;
}

export type Unusable = "expired" | "quarantined" | "vvm";

/** Why a lot may not be given to people on `today` (YYYY-MM-DD), or null when it may. */
export function unusableReason(lot: LotState, today: string): Unusable | null {
  if (lot.quarantined) return "quarantined";
  if (lot.vvmStage !== null && lot.vvmStage >= 3) return "vvm";
  // A lot expires at the end of its expiry day.
  if (lot.expiry !== null && lot.expiry < today) return "expired";
  return null;
}

export interface Pick {
  lotId: number;
  quantity: number;
}

/**
 * First-expired-first-out: usable lots in order of expiry (no expiry last; at equal expiry,
 * VVM stage 2 before stage 1, then the older lot), taking from each until the quantity is met.
 * Returns null when usable stock is short, with how much there is.
 */
export function pickFefo(lots: LotState[], quantity: number, today: string): { picks: Pick[] } | { short: true; available: number } {
  const usable = lots
    .filter((lot) => lot.quantity > 0 && unusableReason(lot, today) === null)
    .sort((a, b) => {
      if (a.expiry !== b.expiry) {
        if (a.expiry === null) return 1;
        if (b.expiry === null) return -1;
        return a.expiry < b.expiry ? -1 : 1;
      }
      const vvmA = a.vvmStage ?? 1;
      const vvmB = b.vvmStage ?? 1;
      if (vvmA !== vvmB) return vvmB - vvmA;
      return a.lotId - b.lotId;
    });
  const available = usable.reduce((sum, lot) => sum + lot.quantity, 0);
  if (available < quantity) return { short: true, available };
  const picks: Pick[] = [];
  let remaining = quantity;
  for (const lot of usable) {
    if (remaining === 0) break;
    const take = Math.min(lot.quantity, remaining);
    picks.push({ lotId: lot.lotId, quantity: take });
    remaining -= take;
  }
  return { picks };
}

export interface ItemNorm {
  /** A census group, or `everyone`; other targets (SAM children...) are not in the census. */
  target: string;
  perPersonDay: number;
}

export interface DemandTerm {
  target: string;
  people: number;
  perPersonDay: number;
  quantity: number;
}

/**
 * Daily demand at a census: the sum over the item's norms of people in the target group ×
 * quantity per person per day. Norms for targets the census does not count (children in SAM
 * treatment, assessed infants) are left out and reported, so nothing pretends to know them.
 */
export function dailyDemand(census: Counts, norms: ItemNorm[]): { quantity: number; terms: DemandTerm[]; unknownTargets: string[] } {
  const terms: DemandTerm[] = [];
  const unknownTargets: string[] = [];
  for (const norm of norms) {
    const people =
      norm.target === "everyone"
        ? totalOf(census)
        : (allGroups as readonly string[]).includes(norm.target)
          ? census[norm.target as keyof Counts]
          : null;
    if (people === null) {
      unknownTargets.push(norm.target);
      continue;
    }
    terms.push({ target: norm.target, people, perPersonDay: norm.perPersonDay, quantity: people * norm.perPersonDay });
  }
  return { quantity: terms.reduce((sum, t) => sum + t.quantity, 0), terms, unknownTargets };
}

/** Days the usable stock lasts at a daily demand; null when there is no demand to divide by. */
export function daysOfCover(usable: number, perDay: number): number | null {
  if (perDay <= 0) return null;
  return usable / perDay;
}

/** Reorder point = demand over the lead time + safety stock (both in days of demand). */
export function reorderPoint(perDay: number, leadTimeDays: number, safetyStockDays: number): number {
  return perDay * (leadTimeDays + safetyStockDays);
}

/** Which expiry window a lot falls in: within 30, 60 or 90 days (or already expired). */
export function expiryBucket(expiry: string | null, today: string): "expired" | 30 | 60 | 90 | null {
  if (expiry === null) return null;
  if (expiry < today) return "expired";
  const days = Math.round((Date.parse(`${expiry}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (days <= 30) return 30;
  if (days <= 60) return 60;
  if (days <= 90) return 90;
  return null;
}

/** GS1 check digit of a GTIN-8/12/13/14. */
export function isValidGtin(gtin: string): boolean {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin)) return false;
  const digits = gtin.split("").map(Number);
  const check = digits.pop()!;
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

/** A reading of a lot's condition: a VVM stage, a temperature excursion, and a note. */
export interface LotReading {
  vvmStage: number | null;
  excursion: boolean;
  note: string;
}

/**
 * Why a reading cannot be taken, or null: only vaccines carry a vial monitor, and a monitor only
 * darkens, so a lower stage than the one on record is a misreading.
 */
export function lotReadingProblem(
  reading: LotReading,
  lot: { category: string; vvmStage: number | null },
): { field: "vvmStage"; message: "stock.vvmOnlyVaccines" } | { field: "vvmStage"; message: "stock.vvmCannotGoBack"; stage: number } | null {
  if (reading.vvmStage === null) return null;
  if (lot.category !== "vaccine") return { field: "vvmStage", message: "stock.vvmOnlyVaccines" };
  if (lot.vvmStage !== null && reading.vvmStage < lot.vvmStage) return { field: "vvmStage", message: "stock.vvmCannotGoBack", stage: lot.vvmStage };
  return null;
}

/**
 * The quarantine a reading leaves the lot in at the facility: an excursion or VVM 3-4 puts it in
 * (reason `excursion` or `vvm3`/`vvm4`, with the note after a colon); a lot already in quarantine
 * stays there with its reason, since a reading never lifts a quarantine.
 */
export function quarantineAfterReading(reading: LotReading, lot: { quarantined: boolean; quarantineReason: string }): { quarantine: boolean; reason: string } {
  const newReason = reading.excursion ? "excursion" : reading.vvmStage !== null && reading.vvmStage >= 3 ? `vvm${reading.vvmStage}` : "";
  const reason = newReason ? [newReason, reading.note].filter(Boolean).join(": ") : lot.quarantineReason;
  return { quarantine: reading.excursion || lot.quarantined, reason };
}
