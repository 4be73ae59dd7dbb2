import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireFacility } from "~/lib/auth.server";
import { capacitySummary, loadFacilityHistory } from "~/lib/capacity.server";
import { csvResponse, type CsvColumn } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";
import { allGroups } from "~/lib/domain/population";
import { populationGroupHxl } from "~/lib/hxl";
import { loadOperatingNorms } from "#db/norms.server";

// The database's column names: boys0to11m -> boys_0_11m.
const snake = (name: string) => name.replace(/([A-Z])/g, "_$1").toLowerCase().replace(/(\d+)to(\d+)/, "_$1_$2");

const columns: CsvColumn[] = [
  ["day", "#date"],
  ["arrivals", "#population+arriving"],
  ["departures", "#population+departing"],
  ["transfers_in", "#population+transfer_in"],
  ["transfers_out", "#population+transfer_out"],
  ["end_of_day_census", "#population+total"],
  ["effective_capacity", "#capacity"],
  ...allGroups.map((g): CsvColumn => [`end_of_day_${snake(g)}`, populationGroupHxl[g]]),
];

/**
 * A facility's daily history as CSV, from the roll-ups: movements and end-of-day census per
 * group. `?days=` (1-366) chooses how far back; the default is the 30 days of the page's chart.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { facility } = await requireFacility(request, context, params.code, "population:view");
  const requested = Number(new URL(request.url).searchParams.get("days") ?? 30);
  const days = Number.isInteger(requested) && requested >= 1 && requested <= 366 ? requested : 30;
  const db = getDb();
  const [history, norms] = await Promise.all([loadFacilityHistory(db, facility.id, { days }), loadOperatingNorms(db)]);
  // Capacity is today's: the facility's capacity inputs are not kept per day.
  const capacity = capacitySummary(facility, 0, norms).capacity;
  const last = history[history.length - 1]?.day ?? "";
  return csvResponse<never>(
    request,
    `${facility.code}-history-${last}.csv`,
    columns,
    async () => ({
      rows: history.map((d) => [
        d.day,
        d.arrivals,
        d.departures,
        d.transfersIn,
        d.transfersOut,
        d.census,
        capacity ?? "",
        ...allGroups.map((g) => d.counts[g]),
      ]),
    }),
  );
}
