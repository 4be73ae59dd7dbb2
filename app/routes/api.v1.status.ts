// GET /api/v1/status: for every facility the token may see, census, effective capacity and its
// binding constraint, occupancy, the projected saturation date, per item usable stock, daily
// demand, days of cover, stock-out date and reorder quantity, and the alerts (docs/api.md,
// "Status"). The figures come from the stored plan the planner dashboard shows (decision 018), so
// the two never disagree. A resource route: no default export, so it is never rendered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { listTokenFacilityIds } from "#db/api-tokens.server";
import { authenticate, jsonResponse, methodNotAllowed, withApiErrors } from "~/lib/api.server";
import { getDb } from "~/lib/db.server";
import { readPlan } from "~/lib/plan-store.server";
import { facilityStatus, forecastSummary, planningBasis } from "~/lib/planning.server";

export function loader({ request, context }: LoaderFunctionArgs) {
  return withApiErrors(context, request, async () => {
    if (request.method !== "GET" && request.method !== "HEAD") return methodNotAllowed("GET");
    const token = await authenticate(request);
    const db = getDb();
    const ids = await listTokenFacilityIds(db, token.id);
    const { plan, tables, context, freshness } = await readPlan(db);
    const covered = new Set(ids);
    // The network's forecast sums every facility: only a token that covers them all is given it.
    const wholeNetwork = plan.facilities.every((f) => covered.has(f.id));
    const network = wholeNetwork ? forecastSummary(plan.network.forecast?.model) : null;
    return jsonResponse(200, {
      today: plan.today,
      horizonDays: plan.horizon,
      computedAt: freshness.computedAt,
      dataUntil: freshness.dataUntil,
      stale: freshness.stale,
      basis: planningBasis(context.norms.planningLevel),
      planningLevel: context.norms.planningLevel,
      // The network's arrivals forecast: its record and, within 30 days of one, the regime change.
      forecast: network ? (({ explanation: _explanation, ...rest }) => rest)(network) : null,
      regimeChange: network?.regimeChange ?? null,
      facilities: plan.facilities.filter((f) => covered.has(f.id)).map((f) => facilityStatus(plan, tables, f.code)),
    });
  });
}

export function action({ request, context }: ActionFunctionArgs) {
  return withApiErrors(context, request, async () => methodNotAllowed("GET"));
}
