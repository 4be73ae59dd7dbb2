import { addDays, daysBetween } from "../time";
import { orderAlerts, type Alert } from "./alerts";
import { CONSUMPTION_WINDOW_DAYS, demandBasis, orderDemand, type DemandBasis, type OrderBasis } from "./consumption";
import { effectiveCapacity, occupancy, type CapacityInputs, type CapacityNorms, type Constraint } from "./capacity";
import { projectItemDemand, projectVaccineDemand, stockOutlook, vaccinePlanningTargets, type StockOutlook } from "./cover";
import { forecastArrivals, type ForecastModel, type ForecastPoint, type PlanningLevel } from "./forecast";
import { totalOf, type Counts, type Group } from "./population";
import { measuredLengthOfStay, projectOccupancy, sharesOf, splitByShares, type ArrivalsPoint, type LengthOfStay, type Projection } from "./projection";
import { suggestPeopleTransfers, type PeopleTransferPlan } from "./rebalance-people";
import { suggestStockMoves, type StockMove } from "./rebalance-stock";
import { applyScenario, type ScenarioChange, type ScenarioNote } from "./scenario";
import { unusableReason } from "./stock";
import { why, type Why } from "./why";

/**
 * The whole plan of a network from plain data: forecast, occupancy projection, demand, days of
 * cover, alerts and redistribution, for the baseline or under a scenario. Pure, so the
 * dashboard, the situation report and the status API compute every figure the same way from
 * the same inputs (app/lib/planning.server.ts loads them), and the arithmetic is unit-tested
 * without a database. Capacity and stock are planned on the upper edge of the arrivals band:
 * running short costs more than holding a few days' extra (decision 012).
 */

export interface PlanNorms extends CapacityNorms {
  staleAfterHours: number;
  forecastHorizonDays: number;
  saturationAlertDays: number;
  defaultLengthOfStayDays: number;
  busSize: number;
  reviewPeriodDays: number;
  /** Plan on the median or the upper edge of the 80 % or 95 % band (norm planning_level). */
  planningLevel: PlanningLevel;
}

export interface PlanItem {
  id: number;
  code: string;
  nameEs: string;
  nameEn: string;
  category: string;
  unit: string;
  dosesPerVial: number | null;
  openVialRule: "days_28" | "session_end" | null;
  wastageRate: number | null;
  active: boolean;
}

export interface PlanFacilityInput extends CapacityInputs {
  id: number;
  code: string;
  name: string;
  kind: string;
  status: string;
  latitude: number | null;
  longitude: number | null;
  counts: Counts;
  lastEntryAt: string | null;
  /** Consecutive days, oldest first, ending today: arrivals, transfers, exits and the end-of-day census. */
  history: { day: string; arrivals: number; transfersIn: number; departures: number; transfersOut: number; census: number }[];
  /** People on the road to this facility (transfers sent, not yet received). */
  incomingPeople: number;
  samChildren: number;
  mamChildren: number;
  lots: { itemId: number; lotId: number; quantity: number; expiry: string | null; vvmStage: number | null; quarantined: boolean }[];
  settings: { itemId: number; leadTimeDays: number; safetyStockDays: number }[];
  incomingStock: { itemId: number; quantity: number }[];
  /** Units issued to people per item over the last CONSUMPTION_WINDOW_DAYS days (today included). */
  issuedRecently?: { itemId: number; issued: number }[];
  /** The planner's choice of what drives each item's order (the norm where absent). */
  orderBasis?: { itemId: number; basis: OrderBasis }[];
}

export interface PlanInputs {
  today: string;
  /** ISO instant of "now", for stale data. */
  now: string;
  norms: PlanNorms;
  items: PlanItem[];
  itemNorms: { itemId: number; target: string; perPersonDay: number }[];
  facilities: PlanFacilityInput[];
  /** Days of history the length of stay is measured on (the last N of `history`). */
  lengthOfStayWindowDays: number;
  defaultLeadTimeDays: number;
  defaultSafetyStockDays: number;
}

export interface PlanItemOutlook extends StockOutlook {
  itemCode: string;
  leadTimeDays: number;
  safetyStockDays: number;
  /** Projected demand today and on average over the horizon. */
  demandToday: number;
  meanDailyDemand: number;
  demandFormula: Why;
  unknownTargets: string[];
  inTransit: number;
  /** What drives the order quantity: chosen, used, and the measured consumption (issue 17 item 4). */
  orderBasis: DemandBasis;
}

export interface PlanFacility {
  id: number;
  code: string;
  name: string;
  kind: string;
  status: string;
  latitude: number | null;
  longitude: number | null;
  housesPeople: boolean;
  census: number;
  counts: Counts;
  capacity: number | null;
  binding: Constraint | null;
  ratio: number | null;
  occupancyStatus: "ok" | "warning" | "saturated" | "unknown" | "notApplicable";
  stale: boolean;
  lastEntryAt: string | null;
  arrivalsToday: number;
  arrivalsLast7: number;
  /** Entries per day (arrivals + transfers received), the flow the facility's forecast is fitted on. */
  historyEntries: { day: string; entries: number }[];
  forecast: { model: ForecastModel; points: ForecastPoint[] } | null;
  /** The forecast after the scenario (the baseline when there is none); `high` is the figure planned on. */
  arrivals: ArrivalsPoint[];
  lengthOfStay: LengthOfStay | null;
  projection: Projection | null;
  items: PlanItemOutlook[];
}

export interface Plan {
  today: string;
  horizon: number;
  scenarioNotes: ScenarioNote[];
  facilities: PlanFacility[];
  network: {
    historyArrivals: { day: string; arrivals: number }[];
    forecast: { model: ForecastModel; points: ForecastPoint[] } | null;
    /** Sum of the facilities' arrivals (after the scenario); `high` is the figure planned on. */
    arrivals: ArrivalsPoint[];
    census: number;
    capacity: number;
  };
  alerts: Alert[];
  peopleTransfers: PeopleTransferPlan;
  stockMoves: { itemCode: string; moves: StockMove[]; formula: Why }[];
}

const isWarehouse = (f: { kind: string }) => f.kind === "warehouse";
export const EXPIRY_WATCH_DAYS = 90;

/**
 * Fitting a forecast is the costly part of a plan and depends only on the series, so fits are
 * remembered by their input (a small LRU): a page view after a write refits nothing unless a
 * past day changed.
 */
const forecastCache = new Map<string, { model: ForecastModel; points: ForecastPoint[] }>();
const FORECAST_CACHE_SIZE = 256;
function forecast(history: { day: string; arrivals: number }[], horizon: number, planningLevel: PlanningLevel) {
  const key = `${horizon}|${planningLevel}|${history[0]?.day}|${history.map((d) => d.arrivals).join(",")}`;
  const hit = forecastCache.get(key);
  if (hit) {
    forecastCache.delete(key);
    forecastCache.set(key, hit);
    return hit;
  }
  const result = forecastArrivals(history, horizon, { planningLevel, planningHorizon: horizon });
  forecastCache.set(key, result);
  if (forecastCache.size > FORECAST_CACHE_SIZE) forecastCache.delete(forecastCache.keys().next().value!);
  return result;
}

/**
 * Today's forecast is reduced by the arrivals already recorded today (nobody arrives twice), so
 * the projection starts from the census now and adds only what is still to come.
 */
function remainingToday(points: readonly ArrivalsPoint[], arrivedToday: number): ArrivalsPoint[] {
  return points.map((p, i) =>
    i === 0
      ? { day: p.day, mean: Math.max(0, p.mean - arrivedToday), low: Math.max(0, p.low - arrivedToday), high: Math.max(0, p.high - arrivedToday) }
      : p,
  );
}

function sumPoints(series: readonly (readonly ArrivalsPoint[])[], days: readonly string[]): ArrivalsPoint[] {
  return days.map((day) => {
    const on = series.map((s) => s.find((p) => p.day === day)).filter((p): p is ArrivalsPoint => Boolean(p));
    return {
      day,
      mean: on.reduce((s, p) => s + p.mean, 0),
      low: on.reduce((s, p) => s + p.low, 0),
      high: on.reduce((s, p) => s + p.high, 0),
    };
  });
}

export function buildPlan(inputs: PlanInputs, changes: readonly ScenarioChange[] = []): Plan {
  const { today, norms } = inputs;
  const horizon = norms.forecastHorizonDays;
  const nowMs = Date.parse(inputs.now);
  const days = Array.from({ length: horizon }, (_, i) => addDays(today, i));

  // 1. Forecast what enters each facility (arrivals + transfers received: a station further
  // along the route fills by transfers, not arrivals) from its history up to yesterday. People
  // already on the road are part of that flow, so they are shown, not added again.
  const forecasts = new Map<string, { model: ForecastModel; points: ForecastPoint[] }>();
  for (const f of inputs.facilities) {
    if (isWarehouse(f)) continue;
    const past = f.history.filter((d) => d.day < today).map((d) => ({ day: d.day, arrivals: d.arrivals + d.transfersIn }));
    if (past.length === 0) continue;
    forecasts.set(f.code, forecast(past, horizon, norms.planningLevel));
  }

  // 2. The scenario changes the forecasts; closed facilities receive nobody.
  const receivers = inputs.facilities.filter((f) => !isWarehouse(f) && f.status === "open").map((f) => f.code);
  // From here on `high` is the figure planned on: the band's upper edge, or the mean when the
  // network plans on the median (norm planning_level).
  const baselineMap = new Map([...forecasts].map(([code, fc]) => [code, fc.points.map((p) => ({ day: p.day, mean: p.mean, low: p.low, high: p.plan }))]));
  const scenario = changes.length ? applyScenario(baselineMap, changes, { receivers }) : { forecasts: baselineMap, notes: [] };

  const facilities: PlanFacility[] = inputs.facilities.map((f) => {
    const census = totalOf(f.counts);
    const houses = !isWarehouse(f);
    const effective = houses ? effectiveCapacity(f, norms) : { capacity: null, binding: null };
    const occ = houses ? occupancy(census, effective.capacity, norms) : { ratio: null, status: "notApplicable" as const };
    const stale =
      houses && f.status === "open" && (f.lastEntryAt === null || nowMs - Date.parse(f.lastEntryAt) > norms.staleAfterHours * 3_600_000);
    const todayRow = f.history.find((d) => d.day === today);
    const arrivedToday = todayRow?.arrivals ?? 0;
    const enteredToday = arrivedToday + (todayRow?.transfersIn ?? 0);
    const arrivals = [...(scenario.forecasts.get(f.code) ?? [])];
    const window = f.history.slice(-inputs.lengthOfStayWindowDays);
    const lengthOfStay = houses ? measuredLengthOfStay(window) : null;
    const projection = houses
      ? projectOccupancy({
          today,
          census,
          arrivals: remainingToday(arrivals, enteredToday),
          lengthOfStayDays: lengthOfStay?.days ?? null,
          defaultLengthOfStayDays: norms.defaultLengthOfStayDays,
          capacity: effective.capacity,
          warningRatio: norms.occupancyWarning,
          saturatedRatio: norms.occupancySaturated,
        })
      : null;

    // 3. Demand per item from the people served each day on the upper edge: everyone present at
    // some time that day (the end-of-day census and those who left during it), by group; with
    // stays of a day or two the end-of-day census alone would miss half of them.
    const shares = sharesOf(f.counts);
    const projectedCounts = days.map((day, i) => {
      const d = projection?.days[i];
      return { day, counts: splitByShares(d ? d.censusHigh + d.departuresHigh : census, shares) };
    });
    const arrivalShares: Partial<Record<Group, number>> = Object.keys(shares).length ? shares : splitByShares(1, {});
    const recentCensus = f.history.filter((d) => d.day <= today).slice(-CONSUMPTION_WINDOW_DAYS).map((d) => d.census);
    const projectedPeople = days.map((_, i) => projection?.days[i]?.censusHigh ?? census);
    const servedToday = totalOf(projectedCounts[0]?.counts ?? f.counts);
    const settingsOf = (itemId: number) => f.settings.find((s) => s.itemId === itemId);
    const items: PlanItemOutlook[] = inputs.items
      .filter((item) => item.active || f.lots.some((l) => l.itemId === item.id))
      .map((item) => {
        // A facility vaccinates with what it stocks: vaccine demand is planned where the vaccine
        // is (or was) held, not at every station for every vaccine in the catalogue.
        const isVaccine = Boolean(vaccinePlanningTargets[item.code]) && item.category === "vaccine";
        const vaccinates = f.lots.some((l) => l.itemId === item.id);
        let perDay: { day: string; quantity: number }[];
        let demandFormula: Why;
        let unknownTargets: string[] = [];
        if (!houses) {
          perDay = days.map((day) => ({ day, quantity: 0 }));
          demandFormula = [why("why.plan.warehouse")];
        } else if (isVaccine && !vaccinates) {
          perDay = days.map((day) => ({ day, quantity: 0 }));
          demandFormula = [why("why.plan.notStocked")];
        } else if (isVaccine) {
          const v = projectVaccineDemand({
            days: days.map((day, i) => ({
              day,
              arrivals: projection?.days[i]?.arrivalsHigh ?? 0,
              shares: arrivalShares,
            })),
            itemCode: item.code,
            wastageRate: item.wastageRate,
            dosesPerVial: item.dosesPerVial,
            openVialRule: item.openVialRule,
          });
          perDay = v.perDay.map((d) => ({ day: d.day, quantity: d.doses }));
          demandFormula = v.formula;
        } else {
          const d = projectItemDemand({
            days: projectedCounts,
            norms: inputs.itemNorms.filter((n) => n.itemId === item.id),
            extraTargets: { samChildren: f.samChildren, mamChildren: f.mamChildren },
          });
          perDay = d.perDay;
          demandFormula = d.formula;
          unknownTargets = d.unknownTargets;
        }
        // 4. What drives the order: the norm, or the consumption measured over the last 30 days
        // when the planner chose it and there is enough of it (app/lib/domain/consumption.ts).
        const basis = demandBasis({
          chosen: houses ? (f.orderBasis?.find((b) => b.itemId === item.id)?.basis ?? "norm") : "norm",
          issued: f.issuedRecently?.find((r) => r.itemId === item.id)?.issued ?? 0,
          census: recentCensus,
        });
        const ordered = orderDemand({ basis, normPerDay: perDay, people: projectedPeople, servedToday });
        perDay = ordered.perDay;
        const setting = settingsOf(item.id);
        const leadTimeDays = setting?.leadTimeDays ?? inputs.defaultLeadTimeDays;
        const safetyStockDays = setting?.safetyStockDays ?? inputs.defaultSafetyStockDays;
        const usableLots = f.lots
          .filter((l) => l.itemId === item.id && l.quantity > 0 && unusableReason(l, today) === null)
          .map((l) => ({ lotId: l.lotId, quantity: l.quantity, expiry: l.expiry }));
        const inTransit = f.incomingStock.filter((s) => s.itemId === item.id).reduce((s, r) => s + r.quantity, 0);
        const outlook = stockOutlook({
          today,
          lots: usableLots,
          demand: perDay,
          leadTimeDays,
          safetyStockDays,
          reviewPeriodDays: norms.reviewPeriodDays,
          inTransit,
        });
        const mean = perDay.length ? perDay.reduce((s, d) => s + d.quantity, 0) / perDay.length : 0;
        return {
          ...outlook,
          formula: houses ? [ordered.basisWhy, ...outlook.formula] : outlook.formula,
          orderBasis: basis,
          itemCode: item.code,
          leadTimeDays,
          safetyStockDays,
          demandToday: perDay[0]?.quantity ?? 0,
          meanDailyDemand: mean,
          demandFormula,
          unknownTargets,
          inTransit,
        };
      });

    return {
      id: f.id,
      code: f.code,
      name: f.name,
      kind: f.kind,
      status: f.status,
      latitude: f.latitude,
      longitude: f.longitude,
      housesPeople: houses,
      census,
      counts: f.counts,
      capacity: effective.capacity,
      binding: effective.binding,
      ratio: occ.ratio,
      occupancyStatus: occ.status,
      stale,
      lastEntryAt: f.lastEntryAt,
      arrivalsToday: arrivedToday,
      arrivalsLast7: f.history.filter((d) => d.day < today && d.day >= addDays(today, -7)).reduce((s, d) => s + d.arrivals, 0),
      historyEntries: f.history.map((d) => ({ day: d.day, entries: d.arrivals + d.transfersIn })),
      forecast: forecasts.get(f.code) ?? null,
      arrivals,
      lengthOfStay,
      projection,
      items,
    };
  });

  // The network: its own forecast of the total (the band of a sum is not the sum of bands).
  const arrivalsByDay = new Map<string, number>();
  for (const f of inputs.facilities) for (const d of f.history) arrivalsByDay.set(d.day, (arrivalsByDay.get(d.day) ?? 0) + d.arrivals);
  const networkHistory = [...arrivalsByDay.keys()].sort().map((day) => ({ day, arrivals: arrivalsByDay.get(day)! }));
  const networkPast = networkHistory.filter((d) => d.day < today);
  const networkForecast = networkPast.length ? forecast(networkPast, horizon, norms.planningLevel) : null;
  const housing = facilities.filter((f) => f.housesPeople);

  const alerts = orderAlerts(facilities.flatMap((f) => facilityAlerts(f, inputs)));

  const peopleTransfers = suggestPeopleTransfers({
    facilities: housing.map((f) => ({
      code: f.code,
      census: f.census,
      peakCensusHigh: f.projection?.peakCensusHigh ?? f.census,
      capacity: f.capacity,
      acceptsPeople: f.status === "open",
    })),
    warningRatio: norms.occupancyWarning,
    busSize: norms.busSize,
  });

  const stockMoves = inputs.items
    .map((item) => {
      const rows = facilities
        .map((f) => ({ f, o: f.items.find((i) => i.itemCode === item.code) }))
        .filter((r): r is { f: PlanFacility; o: PlanItemOutlook } => Boolean(r.o));
      const result = suggestStockMoves({
        itemCode: item.code,
        facilities: rows.map(({ f, o }) => ({
          code: f.code,
          usable: o.usable,
          meanDailyDemand: o.meanDailyDemand,
          daysOfCover: o.daysOfCover,
          leadTimeDays: o.leadTimeDays,
          safetyStockDays: o.safetyStockDays,
          reorderPoint: o.reorderPoint,
        })),
      });
      return { itemCode: item.code, moves: result.moves, formula: result.formula };
    })
    .filter((m) => m.moves.length > 0);

  return {
    today,
    horizon,
    scenarioNotes: scenario.notes,
    facilities,
    network: {
      historyArrivals: networkHistory,
      forecast: networkForecast,
      arrivals: sumPoints(
        housing.map((f) => f.arrivals),
        days,
      ),
      census: housing.reduce((s, f) => s + f.census, 0),
      capacity: housing.reduce((s, f) => s + (f.capacity ?? 0), 0),
    },
    alerts,
    peopleTransfers,
    stockMoves,
  };
}

function facilityAlerts(f: PlanFacility, inputs: PlanInputs): Alert[] {
  const { today, norms } = inputs;
  const alerts: Alert[] = [];
  const p = f.projection;
  if (p?.saturationDay) {
    const daysAway = daysBetween(today, p.saturationDay);
    if (daysAway <= norms.saturationAlertDays) {
      const day = p.days.find((d) => d.day === p.saturationDay);
      alerts.push({
        kind: "saturation",
        facilityCode: f.code,
        itemCode: null,
        day: p.saturationDay,
        daysAway,
        severity: daysAway <= 0 ? "critical" : "warning",
        facts: {
          census: Math.round(f.census),
          projected: Math.round(day?.censusHigh ?? f.census),
          capacity: f.capacity,
          binding: f.binding,
          lengthOfStay: Math.round(p.lengthOfStayDays * 10) / 10,
        },
        why: p.formula,
        href: `/facilities/${f.code}`,
      });
    }
  }
  for (const item of f.items) {
    if (item.stockOutDay) {
      const daysAway = daysBetween(today, item.stockOutDay);
      if (daysAway <= item.leadTimeDays) {
        alerts.push({
          kind: "stockout",
          facilityCode: f.code,
          itemCode: item.itemCode,
          day: item.stockOutDay,
          daysAway,
          // Inside the lead time an order placed today arrives too late: act now (move stock).
          severity: daysAway <= Math.min(2, item.leadTimeDays) ? "critical" : "warning",
          facts: {
            usable: item.usable,
            perDay: Math.round(item.demandToday * 10) / 10,
            daysOfCover: item.daysOfCover === null ? null : Math.round(item.daysOfCover * 10) / 10,
            leadTime: item.leadTimeDays,
            orderQuantity: item.orderQuantity,
          },
          why: [...item.formula, why("why.plan.demand"), ...item.demandFormula],
          href: `/facilities/${f.code}/stock/${encodeURIComponent(item.itemCode)}`,
        });
      }
    }
    // Stock flagged within the 90 days the norms ask to watch (standards.md, stock management),
    // one alert per item, dated by the first lot to expire.
    const soon = item.expiringUnused.filter((lot) => daysBetween(today, lot.expiry) <= EXPIRY_WATCH_DAYS);
    if (soon.length) {
      const first = soon.reduce((a, b) => (b.expiry < a.expiry ? b : a));
      alerts.push({
        kind: "expiry",
        facilityCode: f.code,
        itemCode: item.itemCode,
        day: first.expiry,
        daysAway: Math.max(0, daysBetween(today, first.expiry)),
        severity: "warning",
        facts: { quantity: Math.round(soon.reduce((s, l) => s + l.quantity, 0)), lots: soon.length },
        why: item.formula,
        href: `/facilities/${f.code}/stock/${encodeURIComponent(item.itemCode)}`,
      });
    }
  }
  if (f.stale) {
    const hours = f.lastEntryAt === null ? null : Math.floor((Date.parse(inputs.now) - Date.parse(f.lastEntryAt)) / 3_600_000);
    alerts.push({
      kind: "stale",
      facilityCode: f.code,
      itemCode: null,
      day: f.lastEntryAt === null ? null : f.lastEntryAt.slice(0, 10),
      daysAway: 0,
      severity: "warning",
      facts: { hours, limit: norms.staleAfterHours },
      why: [hours === null ? why("why.stale.never", { limit: norms.staleAfterHours }) : why("why.stale.hours", { hours, limit: norms.staleAfterHours })],
      href: `/facilities/${f.code}`,
    });
  }
  return alerts;
}

