import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/lib/auth.server";
import { loadNetworkCapacity } from "~/lib/capacity.server";
import { csvResponse, type CsvColumn } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";

// The network status is what coordination shares on HDX: facility by name and code, people
// present, capacity, occupancy. Tags in docs/exchange.md.
const columns: CsvColumn[] = [
  ["code", "#loc+code"],
  ["name", "#loc+name"],
  ["kind", "#loc+type"],
  ["facility_status", "#status+facility"],
  ["census", "#population+total"],
  ["children", "#population+children+total"],
  ["effective_capacity", "#capacity"],
  ["binding_constraint", "#capacity+constraint"],
  ["occupancy_percent", "#indicator+occupancy+pct"],
  ["occupancy_status", "#severity+occupancy"],
  ["arrivals_today", "#population+arriving"],
  ["departures_today", "#population+departing"],
  ["last_entry_at", "#date+reported"],
  ["stale", "#meta+stale"],
];

/** The network page as CSV: census, capacity and status of every facility, from balances and roll-ups. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "network:view");
  const network = await loadNetworkCapacity(getDb(), "all");
  return csvResponse<never>(
    request,
    `network-${network.today}.csv`,
    columns,
    async () => ({
      rows: network.facilities.map((f) => [
        f.code,
        f.name,
        f.kind,
        f.status,
        f.census,
        f.children,
        f.capacity.capacity ?? "",
        f.capacity.binding ?? "",
        f.capacity.ratio === null ? "" : (f.capacity.ratio * 100).toFixed(1),
        f.capacity.status,
        f.arrivalsToday,
        f.departuresToday,
        f.lastEntryAt?.toISOString() ?? "",
        f.stale ? "yes" : "no",
      ]),
    }),
  );
}
