import { listNetworkCensus } from "#db/census.server";
import { loadPlanningNorms } from "#db/norms.server";
import {
  countNutritionTreatmentFor,
  getScenario,
  listDailyPopulationFor,
  listIncomingStockFor,
  listIncomingTransfersFor,
  listIssuedSinceFor,
  listItemSettingsFor,
  listLotsFor,
  listOrderBasisFor,
} from "#db/planning.server";
import { listItems } from "#db/catalogue.server";
import { listItemNorms } from "#db/stock.server";
import type { Db } from "#db/types";
import { endOfDaySeries, type RollupRow } from "./capacity.server";
import { SAM_TREATMENT_WINDOW_DAYS } from "./care-demand.server";
import { CONSUMPTION_WINDOW_DAYS, orderBases, type OrderBasis } from "./domain/consumption";
import type { ForecastModel, PlanningLevel } from "./domain/forecast";
import type { Plan, PlanInputs } from "./domain/plan";
import { allGroups, emptyCounts, type Counts } from "./domain/population";
import { env } from "./env.server";
import { DEFAULT_LEAD_TIME_DAYS, DEFAULT_SAFETY_STOCK_DAYS } from "./schemas/stockops";
import { addDays, startOfZonedDay, zonedDay } from "./time";

/**
 * Loads what the plan is computed from, for a set of facilities, in a fixed number of queries
 * (twelve, whatever the number of facilities or the length of history). The plan worker computes
 * the plans from them with the pure app/lib/domain/plan.ts and stores them
 * (plan-store.server.ts, decision 018); every planning page and GET /api/v1/status reads the
 * stored plan, so their figures cannot differ.
 */

/** Days of arrivals history the forecast is fitted on: half a year (bounded, so the cost is too). */
export const FORECAST_HISTORY_DAYS = 182;

export interface PlanClock {
  now?: Date;
  timeZone?: string;
}

export async function loadPlanInputs(db: Db, facilityIds: number[] | "all", clock: PlanClock = {}): Promise<PlanInputs> {
  const now = clock.now ?? new Date();
  const timeZone = clock.timeZone ?? env().ALBERGUE_TIME_ZONE;
  const today = zonedDay(now, timeZone);
  const [norms, facilityRows, items, itemNorms] = await Promise.all([
    loadPlanningNorms(db),
    listNetworkCensus(db, facilityIds),
    listItems(db),
    listItemNorms(db),
  ]);
  const ids = facilityRows.map((f) => f.id);
  const fromDay = addDays(today, -(FORECAST_HISTORY_DAYS - 1));
  const [rollups, incomingPeople, lots, settings, incomingStock, nutrition, issued, bases] = await Promise.all([
    listDailyPopulationFor(db, ids, fromDay, today),
    listIncomingTransfersFor(db, ids),
    listLotsFor(db, ids),
    listItemSettingsFor(db, ids),
    listIncomingStockFor(db, ids),
    countNutritionTreatmentFor(
      db,
      ids,
      startOfZonedDay(addDays(today, -SAM_TREATMENT_WINDOW_DAYS), timeZone),
      startOfZonedDay(addDays(today, 1), timeZone),
    ),
    listIssuedSinceFor(db, ids, startOfZonedDay(addDays(today, -(CONSUMPTION_WINDOW_DAYS - 1)), timeZone)),
    listOrderBasisFor(db, ids),
  ]);
  const rollupsBy = new Map<number, RollupRow[]>();
  for (const row of rollups) {
    const list = rollupsBy.get(row.facilityId) ?? [];
    list.push(row as unknown as RollupRow);
    rollupsBy.set(row.facilityId, list);
  }
  return {
    today,
    // To the minute: staleness is counted in hours, and a plan keyed on its inputs can then be
    // reused for the rest of the minute.
    now: new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString(),
    norms,
    lengthOfStayWindowDays: norms.lengthOfStayWindowDays,
    defaultLeadTimeDays: DEFAULT_LEAD_TIME_DAYS,
    defaultSafetyStockDays: DEFAULT_SAFETY_STOCK_DAYS,
    items: items.map((i) => ({
      id: i.id,
      code: i.code,
      nameEs: i.nameEs,
      nameEn: i.nameEn,
      category: i.category,
      unit: i.unit,
      dosesPerVial: i.dosesPerVial,
      openVialRule: i.openVialRule,
      wastageRate: i.wastageRate,
      active: i.active,
    })),
    itemNorms: itemNorms.map((n) => ({ itemId: n.itemId, target: n.target, perPersonDay: n.perPersonDay })),
    facilities: facilityRows.map((f) => {
      const counts = Object.fromEntries(allGroups.map((g) => [g, Number(f[g] ?? 0)])) as Counts;
      // Walk back from today's census through the roll-ups (nothing is dated after today).
      const series = endOfDaySeries(counts, emptyCounts(), rollupsBy.get(f.id) ?? [], fromDay, today);
      return {
        id: f.id,
        code: f.code,
        name: f.name,
        kind: f.kind,
        status: f.status,
        latitude: f.latitude,
        longitude: f.longitude,
        beds: f.beds,
        coveredAreaM2: f.coveredAreaM2,
        waterLitresPerDay: f.waterLitresPerDay,
        toilets: f.toilets,
        sanitationFirstPhase: f.sanitationFirstPhase,
        counts,
        lastEntryAt: f.lastEntryAt ? f.lastEntryAt.toISOString() : null,
        history: series.map((d) => ({
          day: d.day,
          arrivals: d.arrivals,
          transfersIn: d.transfersIn,
          departures: d.departures,
          transfersOut: d.transfersOut,
          census: d.census,
        })),
        incomingPeople: incomingPeople.find((t) => t.toFacilityId === f.id)?.people ?? 0,
        samChildren: nutrition.find((n) => n.facilityId === f.id)?.sam ?? 0,
        mamChildren: nutrition.find((n) => n.facilityId === f.id)?.mam ?? 0,
        lots: lots
          .filter((l) => l.facilityId === f.id)
          .map((l) => ({
            itemId: l.itemId,
            lotId: l.lotId,
            quantity: l.quantity,
            expiry: l.expiry,
            vvmStage: l.vvmStage,
            quarantined: l.quarantined,
          })),
        settings: settings.filter((s) => s.facilityId === f.id),
        incomingStock: incomingStock.filter((s) => s.toFacilityId === f.id).map((s) => ({ itemId: s.itemId, quantity: s.quantity })),
        issuedRecently: issued.filter((r) => r.facilityId === f.id && r.issued !== 0).map((r) => ({ itemId: r.itemId, issued: r.issued })),
        orderBasis: bases
          .filter((b) => b.facilityId === f.id && b.basis !== "norm" && (orderBases as readonly string[]).includes(b.basis))
          .map((b) => ({ itemId: b.itemId, basis: b.basis as OrderBasis })),
      };
    }),
  };
}

/**
 * The scenario a planning page is asked to show (`?scenario=ID`): undefined for the baseline, and
 * for an id that is malformed, unknown or archived.
 */
export async function scenarioInSearch(db: Db, request: Request) {
  const id = Number(new URL(request.url).searchParams.get("scenario") ?? "");
  if (!Number.isInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
  const scenario = await getScenario(db, id);
  return scenario && !scenario.archived ? scenario : undefined;
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/**
 * The tables every planning view and export shares (dashboard, CSV, situation report, status
 * API), built once from the plan so a figure is written the same everywhere.
 */
export function planTables(plan: Plan, inputs: Pick<PlanInputs, "items">) {
  const itemBy = new Map(inputs.items.map((i) => [i.code, i]));
  const housing = plan.facilities.filter((f) => f.housesPeople);
  return {
    forecast: plan.network.arrivals.map((p, i) => ({
      day: p.day,
      // The network's own forecast of arrivals (its band is not the sum of the stations' bands).
      mean: Math.round(plan.network.forecast?.points[i]?.mean ?? p.mean),
      low: Math.round(plan.network.forecast?.points[i]?.low ?? p.low),
      high: Math.round(plan.network.forecast?.points[i]?.high ?? p.high),
      scenarioMean: Math.round(p.mean),
      scenarioHigh: Math.round(p.high),
    })),
    occupancy: housing.flatMap((f) =>
      (f.projection?.days ?? []).map((d) => ({
        facilityCode: f.code,
        day: d.day,
        census: Math.round(d.census),
        censusHigh: Math.round(d.censusHigh),
        capacity: f.capacity,
        ratioHigh: d.ratioHigh === null ? null : Math.round(d.ratioHigh * 1000) / 1000,
      })),
    ),
    cover: plan.facilities.flatMap((f) =>
      f.items
        .filter((o) => o.usable > 0 || o.meanDailyDemand > 0)
        .map((o) => ({
          facilityCode: f.code,
          itemCode: o.itemCode,
          unit: itemBy.get(o.itemCode)?.unit ?? "",
          usable: o.usable,
          demandToday: round1(o.demandToday)!,
          meanDailyDemand: round1(o.meanDailyDemand)!,
          daysOfCover: round1(o.daysOfCover),
          stockOutDay: o.stockOutDay,
          leadTimeDays: o.leadTimeDays,
          reorderPoint: Math.ceil(o.reorderPoint),
          maxLevel: Math.ceil(o.maxLevel),
          inTransit: o.inTransit,
          orderQuantity: o.orderQuantity,
          expiringUnused: Math.round(o.expiringUnused.reduce((s, l) => s + l.quantity, 0)),
        })),
    ),
  };
}

export type PlanTables = ReturnType<typeof planTables>;

/**
 * A forecast's band, track record, planning level and any regime change, as the dashboard, the
 * report and GET /api/v1/status show them (decision 013). Null without a forecast.
 */
export function forecastSummary(model: ForecastModel | null | undefined) {
  if (!model) return null;
  const { record } = model;
  return {
    planningLevel: model.planningLevel,
    band: model.band,
    method: model.method,
    historyDays: model.historySteps,
    windowDays: model.windowSteps,
    upperEdgeCapped: model.capped,
    trackRecord: {
      horizonDays: record.horizon,
      last14: record.last14,
      last60: record.last60,
      mase: record.mase === null ? null : Math.round(record.mase * 100) / 100,
      changes: record.changes.map((c) => ({ date: c.date, detectedOn: c.detectedOn, direction: c.direction, after: c.after })),
    },
    regimeChange: model.recentChange ? { date: model.recentChange.date, detectedOn: model.recentChange.detectedOn, direction: model.recentChange.direction } : null,
    explanation: model.explanation,
  };
}

export type ForecastSummary = NonNullable<ReturnType<typeof forecastSummary>>;

/** The basis of every projection, in the status API's English: what the figures are planned on. */
export function planningBasis(level: PlanningLevel): string {
  if (level === "median") return "median of the arrivals forecast";
  return `upper edge of the ${level === "p95" ? 95 : 80} % arrivals band`;
}

/** One facility's status, as GET /api/v1/status and the dashboard cards show it. */
export function facilityStatus(plan: Plan, tables: PlanTables, code: string) {
  const f = plan.facilities.find((x) => x.code === code)!;
  const summary = forecastSummary(f.forecast?.model);
  return {
    code: f.code,
    name: f.name,
    kind: f.kind,
    census: f.census,
    capacity: f.capacity,
    bindingConstraint: f.binding,
    occupancy: f.ratio === null ? null : Math.round(f.ratio * 1000) / 1000,
    occupancyStatus: f.occupancyStatus,
    stale: f.stale,
    lastEntryAt: f.lastEntryAt,
    lengthOfStayDays: round1(f.projection?.lengthOfStayDays ?? null),
    projectedWarningDate: f.projection?.warningDay ?? null,
    projectedSaturationDate: f.projection?.saturationDay ?? null,
    // The forecast behind the projection, without the "why" (the pages translate it).
    forecast: summary ? (({ explanation: _explanation, ...rest }) => rest)(summary) : null,
    items: tables.cover
      .filter((c) => c.facilityCode === f.code)
      .map((c) => ({
        code: c.itemCode,
        unit: c.unit,
        usable: c.usable,
        dailyDemand: c.demandToday,
        daysOfCover: c.daysOfCover,
        stockOutDate: c.stockOutDay,
        reorderPoint: c.reorderPoint,
        reorderQuantity: c.orderQuantity,
      })),
    alerts: plan.alerts
      .filter((a) => a.facilityCode === f.code)
      .map((a) => ({ kind: a.kind, severity: a.severity, item: a.itemCode, date: a.day, daysAway: a.daysAway, facts: a.facts })),
  };
}
