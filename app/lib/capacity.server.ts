import { eq } from "drizzle-orm";
import {
  getCensus,
  listDailyPopulation,
  listNetworkCensus,
  listTransfersInTransit,
  netChangeAfter,
} from "#db/census.server";
import type { FacilityKind, FacilityStatus } from "#db/facilities.server";
import { listNorms, loadOperatingNorms, type OperatingNorms } from "#db/norms.server";
import { dailyPopulation } from "#db/schema";
import type { Db } from "#db/types";
import {
  effectiveCapacity,
  occupancy,
  type CapacityInputs,
  type Constraint,
  type ConstraintValue,
  type OccupancyStatus,
} from "./domain/capacity";
import { addCounts, allGroups, emptyCounts, totalOf, type Counts, type Group } from "./domain/population";
import { env } from "./env.server";
import { addDays, zonedDay } from "./time";

/**
 * Capacity, occupancy and history for the facility and network pages. Everything here reads
 * maintained balances (census) and daily roll-ups (daily_population), never the raw entries,
 * so a page costs the same with a week of history as with a year of it
 * (docs/decisions/007-capacity-and-rollups.md).
 */

/** "unknown": nothing measured; "notApplicable": a facility that houses nobody (a warehouse). */
export type CapacityStatus = OccupancyStatus | "notApplicable";

export interface CapacitySummary {
  census: number;
  capacity: number | null;
  binding: Constraint | null;
  constraints: ConstraintValue[];
  ratio: number | null;
  status: CapacityStatus;
}

export interface FacilityCapacityFields extends CapacityInputs {
  kind: string;
}

/** Warehouses store goods, not people: their capacity and occupancy do not apply. */
export function housesPeople(facility: { kind: string }): boolean {
  return facility.kind !== "warehouse";
}

export function capacitySummary(facility: FacilityCapacityFields, census: number, norms: OperatingNorms): CapacitySummary {
  if (!housesPeople(facility)) {
    return { census, capacity: null, binding: null, constraints: [], ratio: null, status: "notApplicable" };
  }
  const effective = effectiveCapacity(facility, norms);
  const { ratio, status } = occupancy(census, effective.capacity, norms);
  return { census, capacity: effective.capacity, binding: effective.binding, constraints: effective.constraints, ratio, status };
}

/**
 * A facility is stale when it houses people, is open, and nothing has been recorded there for
 * longer than the stale_after_hours norm (or ever).
 */
export function isStale(
  facility: { kind: string; status: string },
  lastEntryAt: Date | null,
  now: Date,
  staleAfterHours: number,
): boolean {
  if (!housesPeople(facility) || facility.status !== "open") return false;
  if (!lastEntryAt) return true;
  return now.getTime() - lastEntryAt.getTime() > staleAfterHours * 3_600_000;
}

export interface RollupRow extends Record<Group, number> {
  day: string;
  arrivals: number;
  departures: number;
  transfersIn: number;
  transfersOut: number;
}

export interface HistoryDay {
  day: string;
  arrivals: number;
  departures: number;
  transfersIn: number;
  transfersOut: number;
  /** People present at the end of the day, per group. */
  counts: Counts;
  /** People present at the end of the day (the eight base groups). */
  census: number;
}

function netOf(row: RollupRow | undefined): Counts {
  if (!row) return emptyCounts();
  return Object.fromEntries(allGroups.map((g) => [g, Number(row[g] ?? 0)])) as Counts;
}

/**
 * The end-of-day census of each day from `fromDay` to `toDay`, walking back from today's census:
 * the census at the end of `toDay` is the current census less the net change of later days
 * (`netAfterToDay`), and each earlier day's is the next day's less that next day's net change.
 * Days without a roll-up row had no movement.
 */
export function endOfDaySeries(
  current: Counts,
  netAfterToDay: Counts,
  rows: readonly RollupRow[],
  fromDay: string,
  toDay: string,
): HistoryDay[] {
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const series: HistoryDay[] = [];
  let endOfDay = addCounts(current, netAfterToDay, -1);
  for (let day = toDay; day >= fromDay; day = addDays(day, -1)) {
    const row = byDay.get(day);
    series.push({
      day,
      arrivals: row?.arrivals ?? 0,
      departures: row?.departures ?? 0,
      transfersIn: row?.transfersIn ?? 0,
      transfersOut: row?.transfersOut ?? 0,
      counts: endOfDay,
      census: totalOf(endOfDay),
    });
    endOfDay = addCounts(endOfDay, netOf(row), -1);
  }
  return series.reverse();
}

export interface ClockOptions {
  now?: Date;
  /** The deployment's time zone (defaults to ALBERGUE_TIME_ZONE). */
  timeZone?: string;
}

function clock(options: ClockOptions) {
  const now = options.now ?? new Date();
  const timeZone = options.timeZone ?? env().ALBERGUE_TIME_ZONE;
  return { now, timeZone, today: zonedDay(now, timeZone) };
}

/** The last `days` days (today included) of movements and end-of-day census: two small queries. */
export async function loadFacilityHistory(
  db: Db,
  facilityId: number,
  options: ClockOptions & { days?: number; current?: Counts } = {},
): Promise<HistoryDay[]> {
  const { today } = clock(options);
  const days = Math.max(1, Math.floor(options.days ?? 30));
  const fromDay = addDays(today, -(days - 1));
  const [current, rows, after] = await Promise.all([
    options.current ? Promise.resolve(options.current) : getCensus(db, facilityId).then((c) => c.counts),
    listDailyPopulation(db, facilityId, fromDay, today),
    netChangeAfter(db, facilityId, today),
  ]);
  return endOfDaySeries(current, after, rows, fromDay, today);
}

export interface NormInfo {
  key: string;
  value: number;
  unit: string;
  source: string;
}

/** The norm behind each constraint, for "why this number". Beds are counted, not derived. */
export function normKeyFor(constraint: Constraint, sanitationFirstPhase: boolean): string | null {
  switch (constraint) {
    case "area":
      return "covered_area_per_person";
    case "water":
      return "water_per_person_day";
    case "toilets":
      return sanitationFirstPhase ? "people_per_toilet_first_phase" : "people_per_toilet";
    default:
      return null;
  }
}

export interface TransferInTransit {
  id: number;
  direction: "in" | "out";
  fromFacilityId: number;
  toFacilityId: number;
  fromCode: string;
  toCode: string;
  sentAt: Date;
  total: number;
  counts: Counts;
}

export async function loadFacilityCapacity(
  db: Db,
  facility: FacilityCapacityFields & { id: number; status: string },
  options: ClockOptions & { days?: number } = {},
) {
  const { now, timeZone, today } = clock(options);
  const [norms, normRows, present, transferRows] = await Promise.all([
    loadOperatingNorms(db),
    listNorms(db),
    getCensus(db, facility.id),
    listTransfersInTransit(db, facility.id),
  ]);
  const history = await loadFacilityHistory(db, facility.id, { now, timeZone, days: options.days, current: present.counts });
  const todayRow = history[history.length - 1];
  const total = totalOf(present.counts);
  const normInfo = Object.fromEntries(
    normRows.map((n) => [n.key, { key: n.key, value: n.value, unit: n.unit, source: n.source }]),
  ) as Record<string, NormInfo>;
  const sourceOf = (key: string | null) => (key ? normInfo[key]?.source : undefined) ?? null;
  return {
    now,
    timeZone,
    today,
    norms,
    normInfo,
    /** The source of the norm behind each constraint and behind the thresholds, for "why this number". */
    sources: {
      beds: null,
      area: sourceOf(normKeyFor("area", facility.sanitationFirstPhase)),
      water: sourceOf(normKeyFor("water", facility.sanitationFirstPhase)),
      toilets: sourceOf(normKeyFor("toilets", facility.sanitationFirstPhase)),
      thresholds: sourceOf("occupancy_warning"),
    } satisfies Record<Constraint | "thresholds", string | null>,
    census: { counts: present.counts, total, lastEntryAt: present.lastEntryAt },
    stale: isStale(facility, present.lastEntryAt, now, norms.staleAfterHours),
    capacity: capacitySummary(facility, total, norms),
    todayMovements: {
      arrivals: todayRow?.arrivals ?? 0,
      departures: todayRow?.departures ?? 0,
      transfersIn: todayRow?.transfersIn ?? 0,
      transfersOut: todayRow?.transfersOut ?? 0,
    },
    history,
    transfers: transferRows.map((t): TransferInTransit => {
      const counts = Object.fromEntries(allGroups.map((g) => [g, Number(t[g] ?? 0)])) as Counts;
      return {
        id: t.id,
        direction: t.toFacilityId === facility.id ? "in" : "out",
        fromFacilityId: t.fromFacilityId,
        toFacilityId: t.toFacilityId,
        fromCode: t.fromCode,
        toCode: t.toCode,
        sentAt: t.sentAt,
        total: totalOf(counts),
        counts,
      };
    }),
  };
}

export type FacilityCapacity = Awaited<ReturnType<typeof loadFacilityCapacity>>;

export interface NetworkRow {
  id: number;
  code: string;
  name: string;
  kind: FacilityKind;
  status: FacilityStatus;
  census: number;
  children: number;
  lastEntryAt: Date | null;
  stale: boolean;
  capacity: CapacitySummary;
  arrivalsToday: number;
  departuresToday: number;
}

export interface NetworkTotals {
  census: number;
  /** Sum of the capacities that are measured. */
  capacity: number;
  /** People in facilities with a measured capacity, over that capacity. */
  ratio: number | null;
  status: CapacityStatus;
  arrivalsToday: number;
  departuresToday: number;
}

/** Every facility's census and capacity, and today's movements: three queries for the whole network. */
export async function loadNetworkCapacity(db: Db, facilityIds: number[] | "all", options: ClockOptions = {}) {
  const { now, timeZone, today } = clock(options);
  const [norms, rows, todayRows] = await Promise.all([
    loadOperatingNorms(db),
    listNetworkCensus(db, facilityIds),
    db
      .select({
        facilityId: dailyPopulation.facilityId,
        arrivals: dailyPopulation.arrivals,
        departures: dailyPopulation.departures,
        transfersIn: dailyPopulation.transfersIn,
        transfersOut: dailyPopulation.transfersOut,
      })
      .from(dailyPopulation)
      .where(eq(dailyPopulation.day, today)),
  ]);
  const todayBy = new Map(todayRows.map((r) => [r.facilityId, r]));
  const facilities: NetworkRow[] = rows.map((row) => {
    const counts = Object.fromEntries(allGroups.map((g) => [g, Number(row[g] ?? 0)])) as Counts;
    const census = totalOf(counts);
    const movements = todayBy.get(row.id);
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      kind: row.kind,
      status: row.status,
      census,
      children: census - counts.adultMen - counts.adultWomen,
      lastEntryAt: row.lastEntryAt,
      stale: isStale(row, row.lastEntryAt, now, norms.staleAfterHours),
      capacity: capacitySummary(row, census, norms),
      arrivalsToday: movements?.arrivals ?? 0,
      departuresToday: movements?.departures ?? 0,
    };
  });
  const measured = facilities.filter((f) => f.capacity.capacity !== null);
  const capacity = measured.reduce((sum, f) => sum + (f.capacity.capacity ?? 0), 0);
  const overall = occupancy(
    measured.reduce((sum, f) => sum + f.census, 0),
    capacity > 0 ? capacity : null,
    norms,
  );
  const totals: NetworkTotals = {
    census: facilities.reduce((sum, f) => sum + f.census, 0),
    capacity,
    ratio: overall.ratio,
    status: overall.status,
    arrivalsToday: facilities.reduce((sum, f) => sum + f.arrivalsToday, 0),
    departuresToday: facilities.reduce((sum, f) => sum + f.departuresToday, 0),
  };
  return {
    now,
    timeZone,
    today,
    norms,
    facilities,
    totals,
    overCapacity: facilities.filter((f) => f.capacity.status === "saturated"),
    nearCapacity: facilities.filter((f) => f.capacity.status === "warning"),
    stale: facilities.filter((f) => f.stale),
  };
}

export type NetworkCapacity = Awaited<ReturnType<typeof loadNetworkCapacity>>;
