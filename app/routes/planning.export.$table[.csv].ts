// CSV exports of the planning tables (every table on the dashboard has one), for the baseline
// or a scenario (?scenario=ID), from the stored plan the dashboard shows. The plan is small
// (facilities × items × days), so it is written in one page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/lib/auth.server";
import { csvResponse, type CsvColumn } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { makeI18n } from "~/lib/i18n";
import { renderWhy } from "~/lib/i18n/why-render";
import { readPlan } from "~/lib/plan-store.server";
import { scenarioInSearch } from "~/lib/planning.server";
import { resolveLocale } from "~/lib/session.server";

const tables = ["forecast", "occupancy", "cover", "alerts", "transfers", "moves"] as const;
type Table = (typeof tables)[number];

// Each table's columns with their HXL hashtags (?hxl=1; docs/exchange.md). Projections carry
// +forecast and their band (+low/+mean/+high); facilities are #loc+code, items #item+code.
const columns: Record<Table, CsvColumn[]> = {
  forecast: [
    ["day", "#date"],
    ["arrivals_low", "#population+arriving+forecast+low"],
    ["arrivals_mean", "#population+arriving+forecast+mean"],
    ["arrivals_high", "#population+arriving+forecast+high"],
    ["scenario_mean", "#population+arriving+forecast+scenario+mean"],
    ["scenario_high", "#population+arriving+forecast+scenario+high"],
  ],
  occupancy: [
    ["facility", "#loc+code"],
    ["day", "#date"],
    ["census_mean", "#population+total+forecast+mean"],
    ["census_high", "#population+total+forecast+high"],
    ["capacity", "#capacity"],
    ["occupancy_high", "#indicator+occupancy+forecast+high"],
  ],
  cover: [
    ["facility", "#loc+code"],
    ["item", "#item+code"],
    ["unit", "#item+unit"],
    ["usable", "#indicator+stock+num"],
    ["demand_today", "#indicator+demand+num"],
    ["mean_daily_demand", "#indicator+demand+mean"],
    ["days_of_cover", "#indicator+days_of_cover"],
    ["stock_out_date", "#date+stock_out"],
    ["lead_time_days", "#indicator+lead_time_days"],
    ["reorder_point", "#indicator+reorder_point"],
    ["max_level", "#indicator+max_level"],
    ["in_transit", "#indicator+in_transit"],
    ["order_quantity", "#indicator+order_quantity"],
    ["expiring_unused", "#indicator+expiring_unused"],
  ],
  alerts: [
    ["severity", "#severity"],
    ["kind", "#event+type"],
    ["facility", "#loc+code"],
    ["item", "#item+code"],
    ["date", "#date"],
    ["days_away", "#indicator+days_away"],
    ["facts", "#meta+facts"],
    ["why", "#description"],
  ],
  transfers: [
    ["from", "#loc+code+origin"],
    ["to", "#loc+code+dest"],
    ["buses", "#indicator+buses+num"],
    ["people", "#population+transfer"],
    ["from_peak_before", "#population+origin+peak+before"],
    ["from_peak_after", "#population+origin+peak+after"],
    ["to_peak_before", "#population+dest+peak+before"],
    ["to_peak_after", "#population+dest+peak+after"],
  ],
  moves: [
    ["item", "#item+code"],
    ["from", "#loc+code+origin"],
    ["to", "#loc+code+dest"],
    ["quantity", "#indicator+quantity+num"],
    ["from_days_before", "#indicator+days_of_cover+origin+before"],
    ["from_days_after", "#indicator+days_of_cover+origin+after"],
    ["to_days_before", "#indicator+days_of_cover+dest+before"],
    ["to_days_after", "#indicator+days_of_cover+dest+after"],
  ],
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, context, "planning:view");
  // "Why" columns are written in the reader's language, like the dashboard.
  const i18n = makeI18n(await resolveLocale(request, user), env().ALBERGUE_TIME_ZONE);
  const table = params.table as Table;
  if (!tables.includes(table)) notFound();
  const db = getDb();
  const scenario = await scenarioInSearch(db, request);
  const { plan, tables: t } = await readPlan(db, scenario);
  const suffix = scenario ? `-scenario-${scenario.id}` : "";
  const file = `albergue-${table}-${plan.today}${suffix}.csv`;
  const one = (rows: unknown[][]) => csvResponse(request, file, columns[table], async () => ({ rows }));
  switch (table) {
    case "forecast":
      return one(t.forecast.map((r) => [r.day, r.low, r.mean, r.high, r.scenarioMean, r.scenarioHigh]));
    case "occupancy":
      return one(t.occupancy.map((r) => [r.facilityCode, r.day, r.census, r.censusHigh, r.capacity ?? "", r.ratioHigh ?? ""]));
    case "cover":
      return one(t.cover.map((r) => [r.facilityCode, r.itemCode, r.unit, r.usable, r.demandToday, r.meanDailyDemand, r.daysOfCover ?? "", r.stockOutDay ?? "", r.leadTimeDays, r.reorderPoint, r.maxLevel, r.inTransit, r.orderQuantity, r.expiringUnused]));
    case "alerts":
      return one(plan.alerts.map((a) => [a.severity, a.kind, a.facilityCode, a.itemCode ?? "", a.day ?? "", a.daysAway, JSON.stringify(a.facts), renderWhy(i18n, a.why)]));
    case "transfers":
      return one(plan.peopleTransfers.transfers.map((x) => [x.from, x.to, x.buses, x.people, Math.round(x.effect.fromPeakBefore), Math.round(x.effect.fromPeakAfter), Math.round(x.effect.toPeakBefore), Math.round(x.effect.toPeakAfter)]));
    case "moves":
      return one(plan.stockMoves.flatMap((m) => m.moves.map((x) => [m.itemCode, x.from, x.to, x.quantity, x.effect.fromDaysBefore ?? "", x.effect.fromDaysAfter ?? "", x.effect.toDaysBefore ?? "", x.effect.toDaysAfter ?? ""])));
  }
}
