// What the request pages read besides the request itself (issue 17): the plan's suggested
// orders for a facility (the prefill and the snapshot a request keeps with its formula), and
// the lead times learned from received requests beside the configured ones.
import { listItems } from "#db/catalogue.server";
import { loadRequestNorms } from "#db/norms.server";
import { leadTimeSamples } from "#db/requests.server";
import type { Db } from "#db/types";
import type { RequestPlanView } from "./commands/requests.server";
import { DEFAULT_LEAD_TIME_DAYS } from "./domain/catalogue";
import { learnedLeadTime } from "./domain/requests";
import { readPlan } from "./plan-store.server";

export type RequestPlan = RequestPlanView;

/**
 * The stored plan's view of one facility: for each item it holds or needs, the suggested order
 * (up to the maximum level), the stock-out day, the lead time and the formula behind them.
 */
export async function requestPlan(db: Db, facilityCode: string): Promise<RequestPlan> {
  const { plan } = await readPlan(db);
  const facility = plan.facilities.find((f) => f.code === facilityCode);
  const items: RequestPlan["items"] = {};
  for (const o of facility?.items ?? []) {
    items[o.itemCode] = { suggested: o.orderQuantity, stockOutDay: o.stockOutDay, leadTimeDays: o.leadTimeDays, formula: o.formula };
  }
  return { items, saturationDay: facility?.projection?.saturationDay ?? null, defaultLeadTimeDays: DEFAULT_LEAD_TIME_DAYS };
}

/** Per item: the configured lead time and the median of the last N real ones (N a norm). */
export async function learnedLeadTimes(db: Db, facilityId: number) {
  const norms = await loadRequestNorms(db);
  const [{ observed, configured }, catalogue] = await Promise.all([leadTimeSamples(db, facilityId, norms.leadTimeSample), listItems(db)]);
  const configuredBy = new Map(configured.map((c) => [c.itemId, c.leadTimeDays]));
  const itemIds = [...new Set(observed.map((o) => o.itemId))];
  const rows = itemIds.flatMap((itemId) => {
    const item = catalogue.find((i) => i.id === itemId);
    if (!item) return [];
    const days = observed.filter((o) => o.itemId === itemId).map((o) => o.days);
    return [{ itemCode: item.code, nameEs: item.nameEs, nameEn: item.nameEn, ...learnedLeadTime(configuredBy.get(itemId) ?? DEFAULT_LEAD_TIME_DAYS, days, norms.leadTimeSample) }];
  });
  return { sample: norms.leadTimeSample, rows: rows.sort((a, b) => a.itemCode.localeCompare(b.itemCode)) };
}
