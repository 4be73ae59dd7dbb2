import { allGroups, baseGroups, type Counts, type Group } from "./population";
import { shown, why, type Why } from "./why";

/**
 * Occupancy projection: how long people stay (Little's law on the facility's own entries),
 * the census day by day from forecast arrivals, and the group mix of a projected total.
 * Pure: no database. Every result carries the formula and inputs for "why this number".
 */

/** One day of a forecast; structurally the same as forecast.ts's ForecastPoint, kept local so the modules do not depend on each other. */
export interface ArrivalsPoint {
  day: string;
  mean: number;
  low: number;
  high: number;
}

/** The shortest and longest stays the model accepts (standards.md: a typical stay is 1 to 6 days). */
export const LENGTH_OF_STAY_MIN = 0.5;
export const LENGTH_OF_STAY_MAX = 30;
/** Used when a facility has no exits to measure from. */
export const DEFAULT_LENGTH_OF_STAY = 3;


export interface LengthOfStay {
  /** Days, clamped into [0.5, 30]; null when nobody left during the window. */
  days: number | null;
  /** The value before clamping, so the page can show both. */
  measuredDays: number | null;
  clamped: boolean;
  meanCensus: number;
  meanExitsPerDay: number;
  window: number;
  formula: Why;
}

/**
 * Little's law: in a steady flow, people present = exits per day × days each stays, so
 * stay = mean end-of-day census ÷ mean exits per day. Exits are departures and transfers out
 * (both end a stay here). A stay outside [0.5, 30] days comes from a window too short or too
 * disturbed to measure, so it is clamped rather than trusted.
 */
export function measuredLengthOfStay(days: readonly { census: number; departures: number; transfersOut: number }[]): LengthOfStay {
  const window = days.length;
  const meanCensus = window === 0 ? 0 : days.reduce((sum, d) => sum + d.census, 0) / window;
  const meanExitsPerDay = window === 0 ? 0 : days.reduce((sum, d) => sum + d.departures + d.transfersOut, 0) / window;
  if (meanExitsPerDay <= 0) {
    return {
      days: null,
      measuredDays: null,
      clamped: false,
      meanCensus,
      meanExitsPerDay,
      window,
      formula: [why("why.los.unmeasured", { window })],
    };
  }
  const measured = meanCensus / meanExitsPerDay;
  const clampedDays = Math.min(LENGTH_OF_STAY_MAX, Math.max(LENGTH_OF_STAY_MIN, measured));
  const clamped = clampedDays !== measured;
  const formula: Why = [
    why("why.los.measured", { window, meanCensus: shown(meanCensus), meanExits: shown(meanExitsPerDay), measured: shown(measured) }),
  ];
  if (clamped) formula.push(why("why.los.clamped", { min: LENGTH_OF_STAY_MIN, max: LENGTH_OF_STAY_MAX, used: shown(clampedDays) }));
  return { days: clampedDays, measuredDays: measured, clamped, meanCensus, meanExitsPerDay, window, formula };
}

export interface ProjectionInput {
  /** YYYY-MM-DD; the census below is its end-of-day census so far. */
  today: string;
  census: number;
  /** Forecast arrivals for the days after today, in order. */
  arrivals: readonly ArrivalsPoint[];
  lengthOfStayDays: number | null;
  /** Planned transfers: positive in, negative out. */
  knownTransfers?: readonly { day: string; net: number }[];
  capacity: number | null;
  warningRatio: number;
  saturatedRatio: number;
  defaultLengthOfStayDays?: number;
}

export interface ProjectedDay {
  day: string;
  arrivals: number;
  arrivalsHigh: number;
  knownTransfers: number;
  departures: number;
  departuresHigh: number;
  census: number;
  censusHigh: number;
  ratio: number | null;
  ratioHigh: number | null;
}

export interface Projection {
  days: ProjectedDay[];
  warningDay: string | null;
  saturationDay: string | null;
  warningDayMean: string | null;
  saturationDayMean: string | null;
  /** Dates are planned on the upper edge of the arrivals band (issue 6 product decision). */
  basis: "high";
  peakCensus: number;
  peakCensusHigh: number;
  lengthOfStayDays: number;
  lengthOfStaySource: "measured" | "default";
  startCensus: number;
  capacity: number | null;
  warningRatio: number;
  saturatedRatio: number;
  formula: Why;
}

/**
 * Each day d: exits_d = census_{d−1} ÷ L (never more than census_{d−1}), and
 * census_d = census_{d−1} + arrivals_d + known transfers_d − exits_d (never below zero).
 * Run on the mean arrivals and on the band's upper edge. A level is reached when the ratio
 * is above it (exactly 85 % is not a warning, as in capacity.ts's occupancy()).
 */
export function projectOccupancy(input: ProjectionInput): Projection {
  const measured = input.lengthOfStayDays !== null && input.lengthOfStayDays > 0;
  const stay = measured ? (input.lengthOfStayDays as number) : (input.defaultLengthOfStayDays ?? DEFAULT_LENGTH_OF_STAY);
  const transfersByDay = new Map<string, number>();
  for (const t of input.knownTransfers ?? []) transfersByDay.set(t.day, (transfersByDay.get(t.day) ?? 0) + t.net);
  const hasCapacity = input.capacity !== null && input.capacity > 0;
  const ratioOf = (census: number) => (hasCapacity ? census / (input.capacity as number) : null);

  const step = (previous: number, arrivals: number, transfers: number) => {
    const exits = Math.min(previous, previous / stay);
    return { exits, census: Math.max(0, previous + arrivals + transfers - exits) };
  };

  const days: ProjectedDay[] = [];
  let census = input.census;
  let censusHigh = input.census;
  for (const point of input.arrivals) {
    const transfers = transfersByDay.get(point.day) ?? 0;
    const mean = step(census, point.mean, transfers);
    const high = step(censusHigh, point.high, transfers);
    census = mean.census;
    censusHigh = high.census;
    days.push({
      day: point.day,
      arrivals: point.mean,
      arrivalsHigh: point.high,
      knownTransfers: transfers,
      departures: mean.exits,
      departuresHigh: high.exits,
      census,
      censusHigh,
      ratio: ratioOf(census),
      ratioHigh: ratioOf(censusHigh),
    });
  }

  const todayRatio = ratioOf(input.census);
  const firstAbove = (threshold: number, path: "ratio" | "ratioHigh") => {
    if (todayRatio === null) return null;
    if (todayRatio > threshold) return input.today;
    return days.find((d) => (d[path] as number) > threshold)?.day ?? null;
  };

  const formula: Why = [
    why(measured ? "why.projection.stepMeasured" : "why.projection.stepDefault", { stay: shown(stay, 2), census: shown(input.census, 0) }),
    hasCapacity
      ? why("why.projection.levels", {
          warning: shown(input.warningRatio * 100, 0),
          saturated: shown(input.saturatedRatio * 100, 0),
          capacity: shown(input.capacity as number, 0),
        })
      : why("why.projection.noCapacity"),
  ];

  return {
    days,
    warningDay: firstAbove(input.warningRatio, "ratioHigh"),
    saturationDay: firstAbove(input.saturatedRatio, "ratioHigh"),
    warningDayMean: firstAbove(input.warningRatio, "ratio"),
    saturationDayMean: firstAbove(input.saturatedRatio, "ratio"),
    basis: "high",
    peakCensus: Math.max(input.census, ...days.map((d) => d.census)),
    peakCensusHigh: Math.max(input.census, ...days.map((d) => d.censusHigh)),
    lengthOfStayDays: stay,
    lengthOfStaySource: measured ? "measured" : "default",
    startCensus: input.census,
    capacity: input.capacity,
    warningRatio: input.warningRatio,
    saturatedRatio: input.saturatedRatio,
    formula,
  };
}

/**
 * The mix of arrivals when nobody is present to measure it, from the 2021 Darién figures
 * (standards.md "The Darién flow"): minors about 21 % of crossers, about half of them under 5;
 * pregnant women about 2 % (1.6 to 2.9 %). The sources give no split by sex, so each age band is
 * split evenly; under-5s are spread evenly over the five years of age (one fifth under 1).
 * Lactating women are estimated as one per infant under 12 months. Unaccompanied minors and
 * people with disabilities have no published share and are left at 0.
 */
export const fallbackShares: Readonly<Record<Group, number>> = {
  adultMen: 0.395,
  adultWomen: 0.395,
  boys0to11m: 0.0105,
  girls0to11m: 0.0105,
  boys1to4: 0.042,
  girls1to4: 0.042,
  boys5to17: 0.0525,
  girls5to17: 0.0525,
  pregnant: 0.02,
  lactating: 0.021,
  unaccompaniedMinors: 0,
  disabilities: 0,
};

/** Each group's share of the total census; empty when nobody is present. */
export function sharesOf(counts: Counts): Partial<Record<Group, number>> {
  const total = baseGroups.reduce((sum, g) => sum + counts[g], 0);
  if (total <= 0) return {};
  return Object.fromEntries(allGroups.map((g) => [g, counts[g] / total])) as Record<Group, number>;
}

/**
 * A projected total split into groups by the current mix. The base groups always add up to
 * the total (shares that do not sum to 1 are scaled to); subgroups keep their share of the
 * total, scaled alike. With no shares (nobody present) it uses `fallbackShares`. Counts stay
 * fractional: round for display only.
 */
export function splitByShares(total: number, shares: Partial<Record<Group, number>>): Counts {
  const baseSum = baseGroups.reduce((sum, g) => sum + (shares[g] ?? 0), 0);
  const useFallback = baseSum <= 0;
  const chosen: Partial<Record<Group, number>> = useFallback ? fallbackShares : shares;
  const scale = useFallback ? 1 : 1 / baseSum;
  return Object.fromEntries(allGroups.map((g) => [g, total * (chosen[g] ?? 0) * scale])) as Counts;
}
