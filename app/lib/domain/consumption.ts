// Consumption against the norm (issue 17 item 4): what a facility really gave out of an item
// over a window, per person-day, beside what the norms say the same people needed, with the
// average monthly consumption and months of stock that logistics staff reason in. Pure.

import { shown, why, type WhyPart } from "./why";

/** One month as logistics counts it: 365.25 / 12 days. */
export const DAYS_PER_MONTH = 365.25 / 12;

export interface ConsumptionInput {
  /** Days in the window (30: the last 30 days, today included). */
  days: number;
  /** Units issued to people over the window (distributions and doses; not transfers or write-offs). */
  issued: number;
  /** The sum over the window's days of the end-of-day census. */
  personDays: number;
  /** The sum over the same days of the norms × each day's census by group. */
  normQuantity: number;
  /** Usable stock now. */
  usable: number;
}

export interface Consumption {
  actualPerPersonDay: number | null;
  normPerPersonDay: number | null;
  /** Actual ÷ norm (1 = exactly the norm); null without a norm or without people. */
  ratio: number | null;
  /** Average monthly consumption: issued per day × DAYS_PER_MONTH. */
  monthlyConsumption: number;
  /** Usable stock ÷ monthly consumption; null when nothing was issued. */
  monthsOfStock: number | null;
}

export function consumptionVsNorm(input: ConsumptionInput): Consumption {
  const perPersonDay = (quantity: number) => (input.personDays > 0 ? quantity / input.personDays : null);
  const actualPerPersonDay = perPersonDay(input.issued);
  const normPerPersonDay = perPersonDay(input.normQuantity);
  const monthlyConsumption = input.days > 0 ? (input.issued / input.days) * DAYS_PER_MONTH : 0;
  return {
    actualPerPersonDay,
    normPerPersonDay,
    ratio: actualPerPersonDay !== null && normPerPersonDay ? actualPerPersonDay / normPerPersonDay : null,
    monthlyConsumption,
    monthsOfStock: monthlyConsumption > 0 ? input.usable / monthlyConsumption : null,
  };
}

// ---------------------------------------------------------------------------------------------
// What drives the order quantity (issue 17 item 4): the norms, or the consumption really recorded
// ---------------------------------------------------------------------------------------------

export const orderBases = ["norm", "consumption"] as const;
export type OrderBasis = (typeof orderBases)[number];

/** Days the consumption rate is measured over (the last 30, today included). */
export const CONSUMPTION_WINDOW_DAYS = 30;

/**
 * CONFIGURABLE planning default: the consumption rate drives an order only when people were
 * present on at least this many of the window's days (half of it); on fewer, one busy or empty
 * week would set the order, so the norm does, and the explanation says why.
 */
export const MIN_CONSUMPTION_DAYS = 14;

export interface DemandBasisInput {
  /** What the planner chose for this item at this facility ("norm" where nobody chose). */
  chosen: OrderBasis;
  /** Units issued to people over the window (distributions and doses). */
  issued: number;
  /** The end-of-day census of each day of the window, oldest first. */
  census: readonly number[];
}

export interface DemandBasis {
  chosen: OrderBasis;
  /** What drives the order: the choice, or the norm when the consumption cannot. */
  used: OrderBasis;
  /** Issued ÷ person-days over the window (null without people). */
  actualPerPersonDay: number | null;
  issued: number;
  personDays: number;
  /** Days of the window with people present at the end of the day. */
  daysWithPeople: number;
  windowDays: number;
  /** Why the consumption was chosen but the norm used: too few days with people, or nothing issued. */
  fallback: "fewDays" | "nothingIssued" | null;
}

/**
 * Which demand drives the order: the planner's choice, unless consumption was chosen and the
 * window holds too little to measure it (fewer than MIN_CONSUMPTION_DAYS days with people, or
 * nothing issued at all: a station that records no issues has not stopped needing water).
 */
export function demandBasis(input: DemandBasisInput): DemandBasis {
  if (!(input.issued >= 0)) throw new RangeError("issued must not be negative");
  const personDays = input.census.reduce((s, c) => s + Math.max(0, c), 0);
  const daysWithPeople = input.census.filter((c) => c > 0).length;
  const actualPerPersonDay = personDays > 0 ? input.issued / personDays : null;
  const fallback =
    input.chosen !== "consumption" ? null : daysWithPeople < MIN_CONSUMPTION_DAYS ? "fewDays" : input.issued <= 0 ? "nothingIssued" : null;
  return {
    chosen: input.chosen,
    used: input.chosen === "consumption" && fallback === null ? "consumption" : "norm",
    actualPerPersonDay,
    issued: input.issued,
    personDays,
    daysWithPeople,
    windowDays: input.census.length,
    fallback,
  };
}

/**
 * Demand per day on the consumption basis: the measured rate × the people projected at the end
 * of each day (the rate was measured on end-of-day censuses, so it is applied to the same count).
 */
export function consumptionDemand(days: readonly { day: string; people: number }[], perPersonDay: number) {
  return days.map((d) => ({ day: d.day, quantity: Math.round(Math.max(0, d.people) * perPersonDay * 1e6) / 1e6 }));
}

export interface OrderDemandInput {
  basis: DemandBasis;
  /** The demand per day the norms give (projectItemDemand or the vaccine demand). */
  normPerDay: readonly { day: string; quantity: number }[];
  /** People projected at the end of each day, for the consumption rate (same days as normPerDay). */
  people: readonly number[];
  /** People served on the first day (whom the norm demand of that day is for), for the norm's rate. */
  servedToday: number;
}

/**
 * The demand an order is computed from, on the basis that drives it, with the sentence that says
 * which and the figure: "según el consumo real de los últimos 30 días: 2.4 por persona y día" or
 * "según la norma: 15 por persona y día" (and, when consumption was chosen but cannot drive it, why).
 */
export function orderDemand(input: OrderDemandInput): { perDay: { day: string; quantity: number }[]; basisWhy: WhyPart } {
  const { basis } = input;
  if (basis.used === "consumption" && basis.actualPerPersonDay !== null) {
    return {
      perDay: consumptionDemand(
        input.normPerDay.map((d, i) => ({ day: d.day, people: input.people[i] ?? 0 })),
        basis.actualPerPersonDay,
      ),
      basisWhy: why("why.basis.consumption", {
        days: basis.windowDays,
        rate: shown(basis.actualPerPersonDay, 2),
        issued: shown(basis.issued, 1),
        personDays: shown(basis.personDays, 1),
      }),
    };
  }
  const first = input.normPerDay[0]?.quantity ?? 0;
  const rate = input.servedToday > 0 ? shown(first / input.servedToday, 2) : null;
  const normPart = rate === null ? why("why.basis.normNoPeople") : why("why.basis.norm", { rate });
  const basisWhy =
    basis.fallback === "fewDays"
      ? why("why.basis.fallbackFewDays", { have: basis.daysWithPeople, days: basis.windowDays, need: MIN_CONSUMPTION_DAYS, norm: [normPart] })
      : basis.fallback === "nothingIssued"
        ? why("why.basis.fallbackNothingIssued", { days: basis.windowDays, norm: [normPart] })
        : normPart;
  return { perDay: input.normPerDay.map((d) => ({ day: d.day, quantity: d.quantity })), basisWhy };
}
