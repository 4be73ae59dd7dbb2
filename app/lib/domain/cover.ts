import { addDays, daysBetween } from "../time";
import { emptyCounts, type Counts, type Group } from "./population";
import { dailyDemand, type DemandTerm, type ItemNorm } from "./stock";
import { vaccineDemand } from "./vaccine-demand";
import { shown, why, type Why, type WhyPart } from "./why";

/**
 * Planning arithmetic for stock (issue 6, items 3 and 4): demand per item and day from the
 * projected census and the item's norms, vaccine demand from eligible arrivals in whole
 * vials, and the outlook of a facility's usable lots against that demand: days of cover,
 * stock-out date, reorder point, maximum level, order quantity and lots that will expire
 * before they are used (standards.md, stock management). Every result carries `formula`, the
 * English sentence with the numbers, because planners distrust figures they cannot trace.
 * Pure: no database.
 */

// Float sums of fractional norms (0.2857 tins) leave dust like 1e-13 that would turn a met day
// into a stock-out or print as 2.3000000000000003.
const EPSILON = 1e-9;
const clean = (n: number) => Math.round(n * 1e6) / 1e6;

const fmt = (n: number) => shown(n, 2);

// ---------------------------------------------------------------------------------------------
// Demand per item from the projected census
// ---------------------------------------------------------------------------------------------

export interface ItemDemandInput {
  /** Projected people by census group, one entry per day. */
  days: readonly { day: string; counts: Counts }[];
  norms: readonly ItemNorm[];
  /**
   * People in targets the census does not count (samChildren, mamChildren, assessedInfants),
   * from the care records; held constant over the horizon because nothing projects them.
   */
  extraTargets?: Partial<Record<string, number>>;
}

export interface ItemDemand {
  perDay: { day: string; quantity: number }[];
  /** The terms of the first day, for "why this number". */
  terms: DemandTerm[];
  /** Norm targets nobody counts: their demand is left out, and said so. */
  unknownTargets: string[];
  formula: Why;
}

function demandOn(counts: Counts, norms: readonly ItemNorm[], extra: Partial<Record<string, number>>) {
  const census = dailyDemand(counts, [...norms]);
  const terms = [...census.terms];
  const unknownTargets: string[] = [];
  for (const norm of norms) {
    if (!census.unknownTargets.includes(norm.target)) continue;
    const people = extra[norm.target];
    if (people === undefined || people === null) {
      if (!unknownTargets.includes(norm.target)) unknownTargets.push(norm.target);
      continue;
    }
    terms.push({ target: norm.target, people, perPersonDay: norm.perPersonDay, quantity: people * norm.perPersonDay });
  }
  return { quantity: clean(terms.reduce((sum, t) => sum + t.quantity, 0)), terms, unknownTargets };
}

/**
 * Demand per day = Σ over the item's norms of people in the norm's target that day × quantity
 * per person per day. Targets are census groups, `everyone`, or a key of `extraTargets`; an
 * extra target no norm uses is ignored, and a norm target with no count is reported.
 */
export function projectItemDemand(input: ItemDemandInput): ItemDemand {
  const extra = input.extraTargets ?? {};
  for (const [target, people] of Object.entries(extra)) {
    if (people !== undefined && !(people >= 0)) throw new RangeError(`extra target ${target} must not be negative`);
  }
  const perDay = input.days.map((d) => ({ day: d.day, quantity: demandOn(d.counts, input.norms, extra).quantity }));
  const first = input.days[0];
  const firstDemand = first ? demandOn(first.counts, input.norms, extra) : null;
  // With no days the unknown targets still follow from the norms alone.
  const unknownTargets = (firstDemand ?? demandOn(emptyCounts(), input.norms, extra)).unknownTargets;
  const parts: Why = [why("why.demand.rule")];
  if (first && firstDemand) {
    const terms = firstDemand.terms.map((t) => why("why.demand.term", { target: t.target, people: fmt(t.people), perPersonDay: fmt(t.perPersonDay) }));
    parts.push(
      terms.length > 0
        ? why("why.demand.first", { date: first.day, terms, quantity: fmt(firstDemand.quantity) })
        : why("why.demand.noNorm", { date: first.day, quantity: fmt(firstDemand.quantity) }),
    );
    const last = perDay[perDay.length - 1]!;
    if (perDay.length > 1) parts.push(why("why.demand.last", { date: last.day, quantity: fmt(last.quantity), days: perDay.length }));
  }
  const extraUsed = input.norms.filter((n) => extra[n.target] !== undefined).map((n) => n.target);
  if (extraUsed.length > 0) parts.push(why("why.demand.heldConstant", { targets: [...new Set(extraUsed)].join(",") }));
  if (unknownTargets.length > 0) parts.push(why("why.demand.unknown", { targets: unknownTargets.join(",") }));
  return { perDay, terms: firstDemand?.terms ?? [], unknownTargets, formula: parts };
}

// ---------------------------------------------------------------------------------------------
// Vaccine demand from arrivals
// ---------------------------------------------------------------------------------------------

export interface VaccinePlanningTarget {
  /** Census groups among arrivals offered the vaccine. */
  groups: readonly Group[];
  /** Doses each eligible arrival receives during the stay. */
  dosesPerPerson: number;
}

/**
 * CONFIGURABLE planning default: which arrivals are offered one dose of each catalogue vaccine
 * during their short stay (a day or two at a station, so one dose, never a series). Which
 * vaccines the stations actually gave migrants in 2021-24 is unknown ([U] in standards.md), so
 * this is the planner-editable default, following the offered schedule (schedule.ts, MINSA PAI):
 * infant series (hexavalent, rotavirus) to under-ones; PCV13 and bOPV also as catch-up to 1-4;
 * MR and yellow fever (from 9-12 months, Darién travel) to children 1-17; Td to pregnant women;
 * influenza to young children and pregnant women. The census groups are coarse (0-11 months
 * includes babies too young for a dose); `share` inputs are where a planner corrects that.
 */
export const vaccinePlanningTargets: Record<string, VaccinePlanningTarget> = {
  "VAC-HEXA": { groups: ["boys0to11m", "girls0to11m"], dosesPerPerson: 1 },
  "VAC-ROTA": { groups: ["boys0to11m", "girls0to11m"], dosesPerPerson: 1 },
  "VAC-PCV13": { groups: ["boys0to11m", "girls0to11m", "boys1to4", "girls1to4"], dosesPerPerson: 1 },
  "VAC-BOPV": { groups: ["boys0to11m", "girls0to11m", "boys1to4", "girls1to4"], dosesPerPerson: 1 },
  "VAC-MR": { groups: ["boys1to4", "girls1to4", "boys5to17", "girls5to17"], dosesPerPerson: 1 },
  "VAC-YF": { groups: ["boys1to4", "girls1to4", "boys5to17", "girls5to17"], dosesPerPerson: 1 },
  "VAC-TD": { groups: ["pregnant"], dosesPerPerson: 1 },
  "VAC-FLU": { groups: ["boys0to11m", "girls0to11m", "boys1to4", "girls1to4", "pregnant"], dosesPerPerson: 1 },
};

export interface VaccineDemandProjectionInput {
  days: readonly {
    day: string;
    arrivals: number;
    /** Share of arrivals in each group (0.05 for 5 %). */
    shares: Partial<Record<Group, number>>;
  }[];
  itemCode: string;
  wastageRate: number | null;
  dosesPerVial: number | null;
  openVialRule: "days_28" | "session_end" | null;
  /** A planner's own target for this vaccine, instead of `vaccinePlanningTargets`. */
  target?: VaccinePlanningTarget;
}

export interface VaccineDemandProjection {
  /** False when the vaccine has no planning target: its demand is 0 and says so. */
  targeted: boolean;
  perDay: { day: string; eligible: number; doses: number; vials: number; formula: Why }[];
  totalDoses: number;
  totalVials: number;
  formula: Why;
}

/**
 * Per day: eligible = arrivals × Σ share of the target groups; doses = whole vials of
 * (eligible × doses each × wastage factor), one vaccination session a day (so a session-end
 * vaccine opens at least one vial on a day anyone is vaccinated). Doses, not vials, are the
 * planning quantity because the ledger counts vaccines in doses.
 */
export function projectVaccineDemand(input: VaccineDemandProjectionInput): VaccineDemandProjection {
  const target = input.target ?? vaccinePlanningTargets[input.itemCode];
  if (!target) {
    return {
      targeted: false,
      perDay: input.days.map((d) => ({ day: d.day, eligible: 0, doses: 0, vials: 0, formula: [why("why.vaccine.noTarget", { item: input.itemCode })] })),
      totalDoses: 0,
      totalVials: 0,
      formula: [why("why.vaccine.noTarget", { item: input.itemCode })],
    };
  }
  const perVial = input.dosesPerVial && input.dosesPerVial > 1 ? input.dosesPerVial : 1;
  const perDay = input.days.map((d) => {
    if (!(d.arrivals >= 0)) throw new RangeError("arrivals must not be negative");
    const share = target.groups.reduce((sum, g) => {
      const s = d.shares[g] ?? 0;
      if (!(s >= 0 && s <= 1)) throw new RangeError(`share of ${g} must be in [0, 1]`);
      return sum + s;
    }, 0);
    const eligible = clean(d.arrivals * share);
    const result = vaccineDemand({
      eligible,
      dosesPerPerson: target.dosesPerPerson,
      wastageRate: input.wastageRate,
      dosesPerVial: perVial,
      sessions: 1,
      openVialRule: input.openVialRule,
    });
    return {
      day: d.day,
      eligible,
      doses: result.doses,
      vials: result.vials,
      formula: [why("why.vaccine.day", { date: d.day, arrivals: fmt(d.arrivals), share: fmt(clean(share * 100)), calc: result.formula })],
    };
  });
  const totalDoses = perDay.reduce((sum, d) => sum + d.doses, 0);
  const totalVials = perDay.reduce((sum, d) => sum + d.vials, 0);
  const parts: Why = [
    why("why.vaccine.rule", {
      item: input.itemCode,
      groups: target.groups.join(","),
      dosesPerPerson: fmt(target.dosesPerPerson),
      wastage: fmt(input.wastageRate ?? 0),
      perVial,
    }),
  ];
  if (input.openVialRule === "session_end") parts.push(why("why.vaccine.sessionEnd"));
  if (perDay[0]) parts.push(...perDay[0].formula);
  parts.push(why("why.vaccine.total", { doses: fmt(totalDoses), vials: fmt(totalVials), days: perDay.length }));
  return { targeted: true, perDay, totalDoses, totalVials, formula: parts };
}

// ---------------------------------------------------------------------------------------------
// Stock outlook: days of cover, stock-out date, reorder point, order quantity, expiring lots
// ---------------------------------------------------------------------------------------------

export interface StockOutlookInput {
  /** YYYY-MM-DD. Today's demand is day 1 of cover: stock on hand now must also feed today. */
  today: string;
  /** USABLE lots only (not quarantined, not VVM 3-4); a lot already expired before today is ignored. */
  lots: readonly { lotId: number; quantity: number; expiry: string | null }[];
  /**
   * Projected demand per day, starting today. A day missing inside the range takes the rate
   * of the latest earlier day; beyond the last day demand continues at the last day's rate.
   */
  demand: readonly { day: string; quantity: number }[];
  leadTimeDays: number;
  safetyStockDays: number;
  reviewPeriodDays: number;
  /** Stock already shipped to the facility, counted in the stock position, not in the cover. */
  inTransit?: number;
  /** Days simulated beyond the projected demand, at its last rate (default 180). */
  extendDays?: number;
}

export interface StockOutlook {
  usable: number;
  /** Days until usable stock runs out, fractional in the last day; null when demand never uses it up. */
  daysOfCover: number | null;
  /** The first day demand is not fully met; null when it is not within the simulated days. */
  stockOutDay: string | null;
  reorderPoint: number;
  maxLevel: number;
  stockPosition: number;
  /** At or below the reorder point (and there is demand): time to order. */
  belowReorderPoint: boolean;
  orderQuantity: number;
  /** What first-expired-first-out use leaves in each lot when it expires. */
  expiringUnused: { lotId: number; expiry: string; quantity: number }[];
  /** Demand summed over the lead time and the review period, for the formula's inputs. */
  leadTimeDemand: number;
  reviewPeriodDemand: number;
  formula: Why;
}

interface SimLot {
  lotId: number;
  expiry: string | null;
  /** Last day index (0 = today) the lot may be used: it expires at the end of its expiry day. */
  lastDay: number;
  quantity: number;
}

function checkDays(name: string, value: number) {
  if (!(Number.isInteger(value) && value >= 0)) throw new RangeError(`${name} must be a whole number of days ≥ 0`);
}

/**
 * Simulates usable stock day by day against projected demand. Each day, lots past their
 * expiry day drop out first (what is left in them is "expiring unused"), then the day's
 * demand is taken first-expired-first-out (no expiry last). The first day whose demand cannot
 * be fully met is the stock-out day, and days of cover = full days met + the fraction of that
 * day's demand still met. Stock that expires before it is used therefore shortens the cover.
 * Beyond the simulated days (projected horizon + extendDays) demand is constant, so the cover
 * continues in closed form: each remaining lot lasts quantity / rate days, up to its expiry.
 *
 * Reorder point (MSH minimum level) = projected demand over the lead time + safety stock days ×
 * the mean daily demand over the lead time; maximum level = reorder point + demand over the
 * review period that follows the lead time; stock position = usable + in transit; at or below
 * the reorder point, order up to the maximum: ceil(maximum - position).
 */
export function stockOutlook(input: StockOutlookInput): StockOutlook {
  const { today, leadTimeDays, safetyStockDays, reviewPeriodDays } = input;
  const extendDays = input.extendDays ?? 180;
  const inTransit = input.inTransit ?? 0;
  checkDays("lead time", leadTimeDays);
  checkDays("safety stock", safetyStockDays);
  checkDays("review period", reviewPeriodDays);
  checkDays("extension", extendDays);
  if (!(inTransit >= 0)) throw new RangeError("in transit must not be negative");

  const demand = [...input.demand].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  for (const d of demand) if (!(d.quantity >= 0)) throw new RangeError(`demand on ${d.day} must not be negative`);
  const lastRate = demand[demand.length - 1]?.quantity ?? 0;
  const lastDemandDay = demand[demand.length - 1]?.day;
  const projectedDays = lastDemandDay && lastDemandDay >= today ? daysBetween(today, lastDemandDay) + 1 : 0;
  const horizon = projectedDays + extendDays;
  // The rate of each day index, computed once (this runs for every item of every facility on
  // a page view): the day's own figure, else the latest earlier day's, else the first day's.
  const indexed = demand.map((d) => ({ index: daysBetween(today, d.day), quantity: d.quantity }));
  const rates = new Float64Array(Math.max(horizon, leadTimeDays + reviewPeriodDays) + 1);
  if (indexed.length > 0) {
    let k = 0;
    let rate = indexed[0]!.quantity;
    for (let i = 0; i < rates.length; i++) {
      while (k < indexed.length && indexed[k]!.index <= i) rate = indexed[k++]!.quantity;
      rates[i] = rate;
    }
  }
  const rateOn = (index: number): number => (demand.length === 0 ? 0 : rates[Math.min(index, rates.length - 1)]!);

  const lots: SimLot[] = input.lots
    .filter((l) => {
      if (!(l.quantity >= 0)) throw new RangeError(`lot ${l.lotId} quantity must not be negative`);
      return l.quantity > 0 && (l.expiry === null || l.expiry >= today);
    })
    .map((l) => ({
      lotId: l.lotId,
      expiry: l.expiry,
      lastDay: l.expiry === null ? Number.POSITIVE_INFINITY : daysBetween(today, l.expiry),
      quantity: l.quantity,
    }))
    .sort((a, b) => a.lastDay - b.lastDay || a.lotId - b.lotId);
  const usable = clean(lots.reduce((sum, l) => sum + l.quantity, 0));

  const expiringUnused: StockOutlook["expiringUnused"] = [];
  const expire = (lot: SimLot) => {
    if (lot.quantity > EPSILON) expiringUnused.push({ lotId: lot.lotId, expiry: lot.expiry!, quantity: clean(lot.quantity) });
    lot.quantity = 0;
  };
  let cover: number | null = null;
  let stockOutDay: string | null = null;
  let anyDemand = false;
  for (let day = 0; day < horizon && cover === null; day++) {
    for (const lot of lots) if (lot.lastDay < day && lot.quantity > 0) expire(lot);
    const need = rateOn(day);
    if (need > 0) anyDemand = true;
    const available = lots.reduce((sum, l) => sum + l.quantity, 0);
    if (available + EPSILON >= need) {
      let remaining = need;
      for (const lot of lots) {
        if (remaining <= 0) break;
        const take = Math.min(lot.quantity, remaining);
        lot.quantity -= take;
        remaining -= take;
      }
      continue;
    }
    cover = clean(day + available / need);
    stockOutDay = addDays(today, day);
    for (const lot of lots) lot.quantity = 0;
  }
  let coverNote: WhyPart | null = null;
  if (cover === null) {
    // Stock outlasts the simulated days: continue at the constant last rate in closed form.
    if (lastRate > 0) {
      anyDemand = true;
      let t = horizon;
      for (const lot of lots) {
        if (lot.quantity <= EPSILON) continue;
        const usableUntil = lot.lastDay + 1;
        if (t >= usableUntil) {
          expire(lot);
          continue;
        }
        const used = Math.min(lot.quantity, (usableUntil - t) * lastRate);
        t += used / lastRate;
        lot.quantity -= used;
        if (lot.quantity > EPSILON) expire(lot);
      }
      cover = clean(t);
      coverNote = why("why.outlook.outlasts", { horizon, rate: fmt(lastRate), cover: fmt(cover) });
    } else {
      for (const lot of lots) if (lot.lastDay < horizon && lot.quantity > 0) expire(lot);
      coverNote = anyDemand ? why("why.outlook.noDemandAfter", { horizon }) : why("why.outlook.noDemand");
    }
  }

  let leadTimeDemand = 0;
  for (let i = 0; i < leadTimeDays; i++) leadTimeDemand += rateOn(i);
  leadTimeDemand = clean(leadTimeDemand);
  const meanLead = leadTimeDays > 0 ? leadTimeDemand / leadTimeDays : rateOn(0);
  let reviewPeriodDemand = 0;
  for (let i = leadTimeDays; i < leadTimeDays + reviewPeriodDays; i++) reviewPeriodDemand += rateOn(i);
  reviewPeriodDemand = clean(reviewPeriodDemand);
  const reorderPoint = clean(leadTimeDemand + safetyStockDays * meanLead);
  const maxLevel = clean(reorderPoint + reviewPeriodDemand);
  const stockPosition = clean(usable + inTransit);
  const belowReorderPoint = reorderPoint > 0 && stockPosition <= reorderPoint;
  const orderQuantity = belowReorderPoint ? Math.max(0, Math.ceil(maxLevel - stockPosition - EPSILON)) : 0;

  const parts: Why = [why("why.outlook.usable", { usable: fmt(usable), lots: lots.length, today })];
  if (stockOutDay !== null) {
    parts.push(why("why.outlook.stockOut", { date: stockOutDay, cover: fmt(cover!) }));
  } else if (coverNote) {
    parts.push(coverNote);
  }
  if (expiringUnused.length > 0) {
    parts.push(
      why("why.outlook.expiring", {
        lots: expiringUnused.map((e) => why("why.outlook.expiringLot", { lot: e.lotId, quantity: fmt(e.quantity), date: e.expiry })),
      }),
    );
  }
  parts.push(
    why("why.outlook.reorder", { lead: leadTimeDays, leadDemand: fmt(leadTimeDemand), safety: safetyStockDays, meanLead: fmt(meanLead), point: fmt(reorderPoint) }),
  );
  parts.push(why("why.outlook.max", { point: fmt(reorderPoint), review: reviewPeriodDays, reviewDemand: fmt(reviewPeriodDemand), max: fmt(maxLevel) }));
  const position = { usable: fmt(usable), inTransit: fmt(inTransit), position: fmt(stockPosition) };
  parts.push(
    belowReorderPoint
      ? why("why.outlook.positionOrder", { ...position, point: fmt(reorderPoint), max: fmt(maxLevel), order: fmt(orderQuantity) })
      : reorderPoint > 0
        ? why("why.outlook.positionAbove", { ...position, point: fmt(reorderPoint) })
        : why("why.outlook.positionNoDemand", position),
  );
  return {
    usable,
    daysOfCover: cover,
    stockOutDay,
    reorderPoint,
    maxLevel,
    stockPosition,
    belowReorderPoint,
    orderQuantity,
    expiringUnused,
    leadTimeDemand,
    reviewPeriodDemand,
    formula: parts,
  };
}
