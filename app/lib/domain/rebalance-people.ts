/**
 * Transfer suggestions for people: stations heading above their warning level send whole buses
 * to stations with room below theirs. Pure: no database.
 */

import { shown, why, type Why } from "./why";

export interface PeopleFacility {
  code: string;
  census: number;
  /** The highest census projected on the upper edge of the arrivals band. */
  peakCensusHigh: number;
  capacity: number | null;
  /** Open and housing people (not a warehouse, not closed). */
  acceptsPeople: boolean;
}

export interface PeopleTransfer {
  from: string;
  to: string;
  buses: number;
  people: number;
  /** Peaks before and after this transfer, counting the suggestions listed before it. */
  effect: { fromPeakBefore: number; fromPeakAfter: number; toPeakBefore: number; toPeakAfter: number };
}

export interface PeopleTransferPlan {
  transfers: PeopleTransfer[];
  /** Stations still above their warning level after every suggestion, by how many people. */
  unresolved: { code: string; peopleAboveWarning: number }[];
  warningRatio: number;
  busSize: number;
  formula: Why;
}

const byCode = (a: { code: string }, b: { code: string }) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

/**
 * Greedy, in a fixed order so the same data gives the same suggestions: senders by how far
 * their peak is above capacity (then code), each filling the receiver with the most room left
 * (then code) with as many whole buses as bring it to or below its warning level, that fit
 * under the receiver's warning level, and that its people still there can fill.
 */
export function suggestPeopleTransfers(input: {
  facilities: readonly PeopleFacility[];
  warningRatio: number;
  busSize: number;
}): PeopleTransferPlan {
  const { warningRatio, busSize } = input;
  const measured = input.facilities.filter((f) => f.capacity !== null && f.capacity > 0);
  const state = new Map(measured.map((f) => [f.code, { ...f, level: warningRatio * (f.capacity as number), peak: f.peakCensusHigh, left: f.census }]));
  const senders = [...state.values()]
    .filter((f) => f.peak > f.level)
    .sort((a, b) => b.peak / (b.capacity as number) - a.peak / (a.capacity as number) || byCode(a, b));
  const receivers = [...state.values()].filter((f) => f.acceptsPeople && f.peak < f.level);

  const transfers: PeopleTransfer[] = [];
  if (Number.isInteger(busSize) && busSize > 0) {
    for (const sender of senders) {
      let busesWanted = Math.ceil((sender.peak - sender.level) / busSize);
      while (busesWanted > 0) {
        const busesFillable = Math.floor(sender.left / busSize);
        if (busesFillable === 0) break;
        const receiver = receivers
          .filter((r) => Math.floor((r.level - r.peak) / busSize) > 0)
          .sort((a, b) => b.level - b.peak - (a.level - a.peak) || byCode(a, b))[0];
        if (!receiver) break;
        const buses = Math.min(busesWanted, busesFillable, Math.floor((receiver.level - receiver.peak) / busSize));
        const people = buses * busSize;
        transfers.push({
          from: sender.code,
          to: receiver.code,
          buses,
          people,
          effect: {
            fromPeakBefore: sender.peak,
            fromPeakAfter: sender.peak - people,
            toPeakBefore: receiver.peak,
            toPeakAfter: receiver.peak + people,
          },
        });
        sender.peak -= people;
        sender.left -= people;
        receiver.peak += people;
        busesWanted -= buses;
      }
    }
  }

  const unresolved = senders
    .filter((s) => s.peak > s.level)
    .map((s) => ({ code: s.code, peopleAboveWarning: s.peak - s.level }))
    .sort(byCode);
  const formula: Why = [why("why.people.rule", { warning: shown(warningRatio * 100, 0), bus: shown(busSize, 0) })];
  return { transfers, unresolved, warningRatio, busSize, formula };
}
