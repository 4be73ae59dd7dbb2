import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/lib/auth.server";
import { loadNetworkCapacity } from "~/lib/capacity.server";
import { csvResponse } from "~/lib/csv.server";
import { getDb } from "~/lib/db.server";

/** The network page as CSV: census, capacity and status of every facility, from balances and roll-ups. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requirePermission(request, context, "network:view");
  const network = await loadNetworkCapacity(getDb(), "all");
  return csvResponse<never>(
    `network-${network.today}.csv`,
    [
      "code",
      "name",
      "kind",
      "facility_status",
      "census",
      "children",
      "effective_capacity",
      "binding_constraint",
      "occupancy_percent",
      "occupancy_status",
      "arrivals_today",
      "departures_today",
      "last_entry_at",
      "stale",
    ],
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
