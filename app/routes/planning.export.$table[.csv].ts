// CSV exports of the planning tables (every table on the dashboard has one), for the baseline
// or a scenario (?scenario=ID), from the stored plan the dashboard shows. The plan is small
// (facilities × items × days), so it is written in one page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requirePermission } from "~/lib/auth.server";
import { csvResponse } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { makeI18n } from "~/lib/i18n";
import { renderWhy } from "~/lib/i18n/why-render";
import { readPlan } from "~/lib/plan-store.server";
import { scenarioInSearch } from "~/lib/planning.server";
import { resolveLocale } from "~/lib/session.server";

const tables = ["forecast", "occupancy", "cover", "alerts", "transfers", "moves"] as const;
type Table = (typeof tables)[number];

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
  const one = (header: string[], rows: unknown[][]) => csvResponse(file, header, async () => ({ rows }));
  switch (table) {
    case "forecast":
      return one(
        ["day", "arrivals_low", "arrivals_mean", "arrivals_high", "scenario_mean", "scenario_high"],
        t.forecast.map((r) => [r.day, r.low, r.mean, r.high, r.scenarioMean, r.scenarioHigh]),
      );
    case "occupancy":
      return one(
        ["facility", "day", "census_mean", "census_high", "capacity", "occupancy_high"],
        t.occupancy.map((r) => [r.facilityCode, r.day, r.census, r.censusHigh, r.capacity ?? "", r.ratioHigh ?? ""]),
      );
    case "cover":
      return one(
        ["facility", "item", "unit", "usable", "demand_today", "mean_daily_demand", "days_of_cover", "stock_out_date", "lead_time_days", "reorder_point", "max_level", "in_transit", "order_quantity", "expiring_unused"],
        t.cover.map((r) => [r.facilityCode, r.itemCode, r.unit, r.usable, r.demandToday, r.meanDailyDemand, r.daysOfCover ?? "", r.stockOutDay ?? "", r.leadTimeDays, r.reorderPoint, r.maxLevel, r.inTransit, r.orderQuantity, r.expiringUnused]),
      );
    case "alerts":
      return one(
        ["severity", "kind", "facility", "item", "date", "days_away", "facts", "why"],
        plan.alerts.map((a) => [a.severity, a.kind, a.facilityCode, a.itemCode ?? "", a.day ?? "", a.daysAway, JSON.stringify(a.facts), renderWhy(i18n, a.why)]),
      );
    case "transfers":
      return one(
        ["from", "to", "buses", "people", "from_peak_before", "from_peak_after", "to_peak_before", "to_peak_after"],
        plan.peopleTransfers.transfers.map((x) => [x.from, x.to, x.buses, x.people, Math.round(x.effect.fromPeakBefore), Math.round(x.effect.fromPeakAfter), Math.round(x.effect.toPeakBefore), Math.round(x.effect.toPeakAfter)]),
      );
    case "moves":
      return one(
        ["item", "from", "to", "quantity", "from_days_before", "from_days_after", "to_days_before", "to_days_after"],
        plan.stockMoves.flatMap((m) => m.moves.map((x) => [m.itemCode, x.from, x.to, x.quantity, x.effect.fromDaysBefore ?? "", x.effect.fromDaysAfter ?? "", x.effect.toDaysBefore ?? "", x.effect.toDaysAfter ?? ""])),
      );
  }
}
