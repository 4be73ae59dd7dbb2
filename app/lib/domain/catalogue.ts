// Pure rules of the item catalogue.

/** Lead time and safety stock where a facility has no setting of its own (as app/lib/stock.server.ts). */
export const DEFAULT_LEAD_TIME_DAYS = 7;
export const DEFAULT_SAFETY_STOCK_DAYS = 7;

/**
 * The per-facility settings that differ from what is stored (or from the defaults where nothing
 * is), or undefined when one names a facility that does not exist.
 */
export function changedSettings(
  wanted: { facility: string; leadTimeDays: number; safetyStockDays: number }[],
  facilities: { id: number; code: string }[],
  stored: { facilityId: number; leadTimeDays: number; safetyStockDays: number }[] = [],
) {
  const ids = new Map(facilities.map((f) => [f.code, f.id]));
  const changes: { facilityId: number; facility: string; leadTimeDays: number; safetyStockDays: number }[] = [];
  for (const row of wanted) {
    const facilityId = ids.get(row.facility);
    if (facilityId === undefined) return undefined;
    const before = stored.find((s) => s.facilityId === facilityId) ?? { leadTimeDays: DEFAULT_LEAD_TIME_DAYS, safetyStockDays: DEFAULT_SAFETY_STOCK_DAYS };
    if (before.leadTimeDays !== row.leadTimeDays || before.safetyStockDays !== row.safetyStockDays) {
      changes.push({ facilityId, facility: row.facility, leadTimeDays: row.leadTimeDays, safetyStockDays: row.safetyStockDays });
    }
  }
  return changes;
}

/** Two sets of per-person norms are the same whatever their order. */
export function sameNorms(a: { target: string; perPersonDay: number; source: string }[], b: { target: string; perPersonDay: number; source: string }[]) {
  const key = (n: { target: string; perPersonDay: number; source: string }) => `${n.target}=${n.perPersonDay}|${n.source}`;
  return a.map(key).sort().join("\n") === b.map(key).sort().join("\n");
}
