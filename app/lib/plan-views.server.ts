// What the planning pages and the facility page read from the stored plans (decision 018), shaped
// for the page: only the fields each one shows are sent to the browser.
import type { Db } from "#db/types";
import { listFacilityOptions } from "#db/facilities.server";
import { listScenarios, type ScenarioRow } from "#db/planning.server";
import { readPlan, readScenarioComparison } from "./plan-store.server";
import { facilityStatus, forecastSummary, scenarioInSearch } from "./planning.server";

/** A facility's arrivals forecast from the network's stored plan: the same figures as the planner's dashboard. */
export async function facilityForecast(db: Db, facilityId: number, code: string) {
  const { plan } = await readPlan(db);
  const f = plan.facilities.find((x) => x.id === facilityId && x.code === code);
  const summary = forecastSummary(f?.forecast?.model);
  if (!f?.forecast || !summary) return null;
  const next7 = f.forecast.points.slice(0, 7);
  return {
    ...summary,
    next7Mean: Math.round(next7.reduce((sum, p) => sum + p.mean, 0)),
    next7Plan: Math.round(next7.reduce((sum, p) => sum + p.plan, 0)),
  };
}

const openTables = ["occupancy", "cover"] as const;
type OpenTable = (typeof openTables)[number];
/** Alerts shown before "all": the most urgent (the list is critical first, then by date). */
const FIRST_ALERTS = 8;

/** The planning dashboard, under the scenario named in the search (`?scenario=`) if any. */
export async function planningDashboard(db: Db, request: Request) {
  const scenario = await scenarioInSearch(db, request);
  const [{ plan, tables, context: inputs, freshness }, scenarios] = await Promise.all([readPlan(db, scenario), listScenarios(db)]);
  // What the eye needs first (issue 13): the alerts that matter most and the network; the long
  // tables are sent only when asked for (`?open=occupancy`, `?open=cover`, `?alerts=all`), and
  // every one of them is always in its CSV.
  const search = new URL(request.url).searchParams;
  const open = new Set(search.getAll("open").filter((o): o is OpenTable => (openTables as readonly string[]).includes(o)));
  const allAlerts = search.get("alerts") === "all";
  const housing = plan.facilities.filter((f) => f.housesPeople);
  return {
    freshness,
    open: [...open],
    allAlerts,
    alertCount: plan.alerts.length,
    today: plan.today,
    horizon: plan.horizon,
    warningRatio: inputs.norms.occupancyWarning,
    planningLevel: inputs.norms.planningLevel,
    scenario: scenario ? { id: scenario.id, name: scenario.name } : null,
    scenarioNotes: plan.scenarioNotes,
    scenarios: scenarios.map((s) => ({ id: s.id, name: s.name })),
    network: {
      census: plan.network.census,
      capacity: plan.network.capacity,
      forecast: forecastSummary(plan.network.forecast?.model),
      // Eight weeks of history are enough to read a trend next to the forecast.
      history: plan.network.historyArrivals.slice(-56).map((d) => ({ day: d.day, value: d.arrivals })),
    },
    tables: {
      forecast: tables.forecast,
      // The heat map needs only these; the table's other columns when it is open.
      cover: tables.cover.map((c) =>
        open.has("cover")
          ? c
          : { facilityCode: c.facilityCode, itemCode: c.itemCode, daysOfCover: c.daysOfCover, leadTimeDays: c.leadTimeDays },
      ),
    },
    cards: plan.facilities.map((f) => ({
      ...facilityStatus(plan, tables, f.code),
      latitude: f.latitude,
      longitude: f.longitude,
      housesPeople: f.housesPeople,
      entriesNext7: Math.round(f.arrivals.slice(0, 7).reduce((s, p) => s + p.mean, 0)),
      entriesNext7High: Math.round(f.arrivals.slice(0, 7).reduce((s, p) => s + p.high, 0)),
      forecastExplanation: f.forecast?.model.explanation ?? null,
      lengthOfStayFormula: f.lengthOfStay?.formula ?? null,
      projectionFormula: f.projection?.formula ?? null,
    })),
    occupancyCharts: housing.map((f) => ({
      code: f.code,
      name: f.name,
      capacity: f.capacity,
      days: (f.projection?.days ?? []).map((d) => ({ day: d.day, census: Math.round(d.census), censusHigh: Math.round(d.censusHigh) })),
    })),
    items: inputs.items
      .filter((i) => tables.cover.some((c) => c.itemCode === i.code))
      .map((i) => ({ code: i.code, nameEs: i.nameEs, nameEn: i.nameEn, unit: i.unit })),
    alerts: allAlerts ? plan.alerts : plan.alerts.slice(0, FIRST_ALERTS),
    peopleTransfers: plan.peopleTransfers,
    stockMoves: plan.stockMoves,
  };
}
export type PlanningDashboard = Awaited<ReturnType<typeof planningDashboard>>;

/** A scenario beside the baseline: the saturation days and peaks, and the stock lines it changes. */
export async function scenarioComparison(db: Db, scenario: ScenarioRow) {
  // The same inputs under both: the comparison differs only by the scenario's changes.
  const [comparison, facilities] = await Promise.all([readScenarioComparison(db, scenario), listFacilityOptions(db)]);
  const { plan: baseline, tables: before, context: inputs } = comparison.baseline;
  const { plan: planned, tables: after, freshness } = comparison.scenario;
  const saturation = baseline.facilities
    .filter((f) => f.housesPeople)
    .map((f) => {
      const s = planned.facilities.find((x) => x.code === f.code)!;
      return {
        code: f.code,
        name: f.name,
        baseline: f.projection?.saturationDay ?? null,
        scenario: s.projection?.saturationDay ?? null,
        peakBaseline: Math.round(f.projection?.peakCensusHigh ?? f.census),
        peakScenario: Math.round(s.projection?.peakCensusHigh ?? s.census),
        capacity: f.capacity,
      };
    });
  const stock = before.cover
    .map((b) => {
      const a = after.cover.find((x) => x.facilityCode === b.facilityCode && x.itemCode === b.itemCode);
      return {
        facilityCode: b.facilityCode,
        itemCode: b.itemCode,
        stockOutBaseline: b.stockOutDay,
        stockOutScenario: a?.stockOutDay ?? null,
        orderBaseline: b.orderQuantity,
        orderScenario: a?.orderQuantity ?? 0,
      };
    })
    .filter((r) => r.orderBaseline !== r.orderScenario || r.stockOutBaseline !== r.stockOutScenario);
  return {
    freshness,
    today: inputs.today,
    horizon: baseline.horizon,
    scenario: { id: scenario.id, name: scenario.name, description: scenario.description, archived: scenario.archived, changes: scenario.changes },
    notes: planned.scenarioNotes,
    facilities: facilities.map(({ code, name }) => ({ code, name })),
    items: inputs.items.map((i) => ({ code: i.code, nameEs: i.nameEs, nameEn: i.nameEn })),
    saturation,
    stock,
    alerts: { baseline: baseline.alerts.length, scenario: planned.alerts.length },
  };
}
export type ScenarioComparison = Awaited<ReturnType<typeof scenarioComparison>>;
