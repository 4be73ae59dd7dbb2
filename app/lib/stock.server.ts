import { getCensus } from "#db/census.server";
import { listItems } from "#db/catalogue.server";
import { listFacilityLots, listItemNorms, listItemSettings, listShipmentsInTransit, sumIssuedSince } from "#db/stock.server";
import { loadFacilityHistory } from "./capacity.server";
import { listOrderBasisFor } from "#db/planning.server";
import { CONSUMPTION_WINDOW_DAYS, consumptionVsNorm, demandBasis, type OrderBasis } from "./domain/consumption";
import { addDays, startOfZonedDay, zonedDay } from "./time";
import type { Db } from "#db/types";
import {
  dailyDemand,
  daysOfCover,
  expiryBucket,
  reorderPoint,
  unusableReason,
  type DemandTerm,
} from "./domain/stock";
import { DEFAULT_LEAD_TIME_DAYS, DEFAULT_SAFETY_STOCK_DAYS } from "./schemas/stockops";


export interface ItemStock {
  itemId: number;
  code: string;
  nameEs: string;
  nameEn: string;
  category: string;
  unit: string;
  usable: number;
  quarantined: number;
  expired: number;
  inTransitIn: number;
  expiring: { within30: number; within60: number; within90: number };
  perDay: number;
  demandTerms: DemandTerm[];
  unknownTargets: string[];
  daysOfCover: number | null;
  leadTimeDays: number;
  safetyStockDays: number;
  reorderPoint: number;
  belowReorderPoint: boolean;
  lots: {
    lotId: number;
    lotNumber: string;
    expiry: string | null;
    vvmStage: number | null;
    quantity: number;
    quarantined: boolean;
    quarantineReason: string;
    state: "usable" | "expired" | "quarantined" | "vvm";
  }[];
}

/**
 * Every stock figure of a facility, computed in one place so the stock page, the stock card,
 * the API and the alerts can never disagree: usable (not expired, not quarantined, not VVM 3-4),
 * quarantined, expired, expiring within 30/60/90 days, daily demand at today's census and norms,
 * days of cover and the reorder point.
 */
export async function facilityStock(db: Db, facilityId: number, today: string): Promise<ItemStock[]> {
  const [catalogue, norms, settings, held, census, transit] = await Promise.all([
    listItems(db),
    listItemNorms(db),
    listItemSettings(db, facilityId),
    listFacilityLots(db, facilityId),
    getCensus(db, facilityId),
    listShipmentsInTransit(db, facilityId),
  ]);
  return catalogue
    .filter((item) => item.active || held.some((l) => l.itemId === item.id && l.quantity > 0))
    .map((item) => {
      const lots = held
        .filter((l) => l.itemId === item.id)
        .map((l) => {
          const reason = unusableReason(l, today);
          return {
            lotId: l.lotId,
            lotNumber: l.lotNumber,
            expiry: l.expiry,
            vvmStage: l.vvmStage,
            quantity: l.quantity,
            quarantined: l.quarantined,
            quarantineReason: l.quarantineReason,
            state: (reason ?? "usable") as "usable" | "expired" | "quarantined" | "vvm",
          };
        });
      const sum = (f: (l: (typeof lots)[number]) => boolean) => lots.filter(f).reduce((s, l) => s + l.quantity, 0);
      const usableLots = lots.filter((l) => l.state === "usable");
      const within = (days: 30 | 60 | 90) =>
        usableLots.filter((l) => {
          const bucket = expiryBucket(l.expiry, today);
          return bucket !== null && bucket !== "expired" && bucket <= days;
        }).reduce((s, l) => s + l.quantity, 0);
      const demand = dailyDemand(
        census.counts,
        norms.filter((n) => n.itemId === item.id),
      );
      const setting = settings.find((s) => s.itemId === item.id);
      const leadTimeDays = setting?.leadTimeDays ?? DEFAULT_LEAD_TIME_DAYS;
      const safetyStockDays = setting?.safetyStockDays ?? DEFAULT_SAFETY_STOCK_DAYS;
      const usable = sum((l) => l.state === "usable");
      const rop = reorderPoint(demand.quantity, leadTimeDays, safetyStockDays);
      return {
        itemId: item.id,
        code: item.code,
        nameEs: item.nameEs,
        nameEn: item.nameEn,
        category: item.category,
        unit: item.unit,
        usable,
        quarantined: sum((l) => l.state === "quarantined" || l.state === "vvm"),
        expired: sum((l) => l.state === "expired"),
        inTransitIn: transit.filter((t) => t.toFacilityId === facilityId && t.itemId === item.id).reduce((s, t) => s + t.quantitySent, 0),
        expiring: { within30: within(30), within60: within(60), within90: within(90) },
        perDay: demand.quantity,
        demandTerms: demand.terms,
        unknownTargets: demand.unknownTargets,
        daysOfCover: daysOfCover(usable, demand.quantity),
        leadTimeDays,
        safetyStockDays,
        reorderPoint: rop,
        belowReorderPoint: demand.quantity > 0 && usable < rop,
        lots,
      };
    });
}

export const CONSUMPTION_DAYS = CONSUMPTION_WINDOW_DAYS;

/**
 * Consumption against the norm over the last CONSUMPTION_DAYS days (today included): what was
 * issued, the person-days of the end-of-day census, and what the norms say those same people
 * needed day by day (each day's census by group × the item's norms), with the arithmetic of
 * app/lib/domain/consumption.ts. The "why" of every figure is in the inputs returned with it.
 */
export async function itemConsumption(db: Db, facilityId: number, item: { itemId: number; usable: number }, options: { now: Date; timeZone: string }) {
  const today = zonedDay(options.now, options.timeZone);
  const since = startOfZonedDay(addDays(today, -(CONSUMPTION_DAYS - 1)), options.timeZone);
  const [issued, history, norms, bases] = await Promise.all([
    sumIssuedSince(db, facilityId, item.itemId, since),
    loadFacilityHistory(db, facilityId, { now: options.now, timeZone: options.timeZone, days: CONSUMPTION_DAYS }),
    listItemNorms(db),
    listOrderBasisFor(db, [facilityId]),
  ]);
  const itemNorms = norms.filter((n) => n.itemId === item.itemId);
  const personDays = history.reduce((s, d) => s + d.census, 0);
  const normQuantity = history.reduce((s, d) => s + dailyDemand(d.counts, itemNorms).quantity, 0);
  const inputs = { days: CONSUMPTION_DAYS, issued, personDays, normQuantity, usable: item.usable };
  // What drives this item's order here, and whether the consumption can (the plan decides the same way).
  const chosen: OrderBasis = bases.some((b) => b.itemId === item.itemId && b.basis === "consumption") ? "consumption" : "norm";
  const basis = demandBasis({ chosen, issued, census: history.map((d) => d.census) });
  return { inputs, ...consumptionVsNorm(inputs), basis };
}
