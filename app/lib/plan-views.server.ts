// What the planning pages and the facility page read from the stored plans (decision 018), shaped
// for the page: only the fields each one shows are sent to the browser.
import type { Db } from "#db/types";
import { readPlan } from "./plan-store.server";
import { forecastSummary } from "./planning.server";

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
