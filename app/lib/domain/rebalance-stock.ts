/**
 * Stock redistribution suggestions (issue 6, item 7): move one item from facilities with more
 * days of cover than they need to those below their reorder point, before anyone orders more.
 * A donor keeps its lead time + safety stock + a margin (minDonorDays) of cover so a move never
 * makes it the next facility to run short; a facility with no demand (a warehouse) can give all
 * it holds. Receivers are served most short first, each up to its reorder point. Pure: no
 * database; every move carries its effect in days of cover, and the result its formula.
 */

import { shown, why, type Why } from "./why";

export interface FacilityStockState {
  code: string;
  usable: number;
  meanDailyDemand: number;
  /** From the stock outlook (expiry-aware); null when there is no demand. */
  daysOfCover: number | null;
  leadTimeDays: number;
  safetyStockDays: number;
  reorderPoint: number;
}

export interface StockMove {
  from: string;
  to: string;
  quantity: number;
  /** Days of cover before and after this move; null for a facility with no demand. */
  effect: { fromDaysBefore: number | null; fromDaysAfter: number | null; toDaysBefore: number | null; toDaysAfter: number | null };
}

export interface StockMoves {
  moves: StockMove[];
  formula: Why;
}

export const DEFAULT_MIN_DONOR_DAYS = 14;

const EPSILON = 1e-9;
const clean = (n: number) => Math.round(n * 1e6) / 1e6;

/** The outlook's cover when given (it accounts for expiry); otherwise usable / daily demand. */
function coverOf(f: FacilityStockState): number | null {
  if (f.meanDailyDemand <= 0) return null;
  return f.daysOfCover ?? f.usable / f.meanDailyDemand;
}

/**
 * Donor surplus = floor((days of cover - (lead + safety + minDonorDays)) × daily demand), at
 * most the usable stock; all usable stock when there is no demand. Receiver need =
 * ceil(reorder point - usable), for facilities below their reorder point, most short (fewest
 * days of cover) first. Each receiver takes from donors with no demand first, then the most
 * days of cover; ties go by facility code so the same input always gives the same moves.
 * After a move, days of cover change by quantity / daily demand.
 */
export function suggestStockMoves(input: {
  itemCode: string;
  facilities: readonly FacilityStockState[];
  minDonorDays?: number;
}): StockMoves {
  const minDonorDays = input.minDonorDays ?? DEFAULT_MIN_DONOR_DAYS;
  if (!(minDonorDays >= 0)) throw new RangeError("minDonorDays must not be negative");
  for (const f of input.facilities) {
    if (!(f.usable >= 0 && f.meanDailyDemand >= 0 && f.leadTimeDays >= 0 && f.safetyStockDays >= 0 && f.reorderPoint >= 0)) {
      throw new RangeError(`facility ${f.code}: stock, demand, days and reorder point must not be negative`);
    }
  }
  const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

  const donors = input.facilities
    .map((f) => {
      const cover = coverOf(f);
      const keepDays = f.leadTimeDays + f.safetyStockDays + minDonorDays;
      const surplus =
        cover === null
          ? Math.floor(f.usable + EPSILON)
          : cover > keepDays
            ? Math.min(Math.floor(f.usable + EPSILON), Math.floor((cover - keepDays) * f.meanDailyDemand + EPSILON))
            : 0;
      return { facility: f, keepDays, surplus, cover };
    })
    .filter((d) => d.surplus > 0)
    .sort((a, b) => {
      if ((a.cover === null) !== (b.cover === null)) return a.cover === null ? -1 : 1;
      if (a.cover !== null && b.cover !== null && a.cover !== b.cover) return b.cover - a.cover;
      return byCode(a.facility, b.facility);
    });
  const donorCodes = new Set(donors.map((d) => d.facility.code));

  const receivers = input.facilities
    .filter((f) => !donorCodes.has(f.code) && f.reorderPoint > 0 && f.usable < f.reorderPoint - EPSILON)
    .map((f) => ({ facility: f, need: Math.ceil(f.reorderPoint - f.usable - EPSILON), cover: coverOf(f) ?? 0 }))
    .sort((a, b) => a.cover - b.cover || byCode(a.facility, b.facility));

  // Running days of cover, so a donor giving to two receivers shows the second move's effect
  // from where the first one left it.
  const running = new Map<string, number | null>(input.facilities.map((f) => [f.code, coverOf(f)]));
  const shift = (f: FacilityStockState, quantity: number) => {
    const before = running.get(f.code) ?? null;
    const after = before === null ? null : clean(before + quantity / f.meanDailyDemand);
    running.set(f.code, after);
    return { before: before === null ? null : clean(before), after };
  };

  const moves: StockMove[] = [];
  for (const receiver of receivers) {
    let need = receiver.need;
    for (const donor of donors) {
      if (need <= 0) break;
      const quantity = Math.min(need, donor.surplus);
      if (quantity <= 0) continue;
      donor.surplus -= quantity;
      need -= quantity;
      const from = shift(donor.facility, -quantity);
      const to = shift(receiver.facility, quantity);
      moves.push({
        from: donor.facility.code,
        to: receiver.facility.code,
        quantity,
        effect: { fromDaysBefore: from.before, fromDaysAfter: from.after, toDaysBefore: to.before, toDaysAfter: to.after },
      });
    }
  }

  const parts: Why = [why("why.moves.rule", { item: input.itemCode, minDonorDays })];
  if (donors.length > 0) {
    parts.push(
      why("why.moves.donors", {
        list: donors.map((d) =>
          d.cover === null
            ? why("why.moves.donorNoDemand", { facility: d.facility.code, gives: shown(d.surplus + given(moves, d.facility.code), 2) })
            : why("why.moves.donor", {
                facility: d.facility.code,
                cover: shown(d.cover, 2),
                keep: d.keepDays,
                perDay: shown(d.facility.meanDailyDemand, 2),
                gives: shown(d.surplus + given(moves, d.facility.code), 2),
              }),
        ),
      }),
    );
  } else {
    parts.push(why("why.moves.noDonors"));
  }
  if (receivers.length > 0) {
    parts.push(
      why("why.moves.receivers", {
        list: receivers.map((r) =>
          why("why.moves.receiver", {
            facility: r.facility.code,
            reorderPoint: shown(r.facility.reorderPoint, 2),
            usable: shown(r.facility.usable, 2),
            need: shown(r.need, 2),
          }),
        ),
      }),
    );
  } else {
    parts.push(why("why.moves.noReceivers"));
  }
  // A facility with no demand has no days of cover: the sentence says "no demand" instead.
  const days = (n: number | null) => (n === null ? [why("why.noDemand")] : shown(n, 2));
  for (const m of moves) {
    parts.push(
      why("why.moves.move", {
        from: m.from,
        to: m.to,
        quantity: shown(m.quantity, 2),
        fromBefore: days(m.effect.fromDaysBefore),
        fromAfter: days(m.effect.fromDaysAfter),
        toBefore: days(m.effect.toDaysBefore),
        toAfter: days(m.effect.toDaysAfter),
      }),
    );
  }
  return { moves, formula: parts };
}

function given(moves: readonly StockMove[], code: string): number {
  return moves.filter((m) => m.from === code).reduce((sum, m) => sum + m.quantity, 0);
}
