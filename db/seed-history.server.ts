import { sql } from "drizzle-orm";
import { allGroups, emptyCounts, totalOf, type Counts } from "../app/lib/domain/population";
import { addDays, startOfZonedDay, zonedDay } from "../app/lib/time";
import {
  census,
  dailyNationalities,
  dailyPopulation,
  populationEntries,
  populationEntryNationalities,
  transfers,
} from "./schema";
import { darienMonthlyArrivals2021, darienNationalities2021, darienSexSplit2021, darienShares } from "./seed-data/darien-2021";
import type { Db } from "./types";
import { seededRandom } from "../app/lib/seeded-random";

/**
 * The demo's history: the 2021 Darién arrival profile replayed over the year that ends today,
 * so the demo opens on a realistic history and a plausible current census. People arrive at
 * Bajo Chiquito (a tenth), Lajas Blancas or San Vicente, move by bus to Los Planes de Gualaca
 * after one to three days, and leave for Costa Rica one to three days later.
 */

export interface HistoryFacilities {
  BCH: number;
  LBL: number;
  SVC: number;
  LPG: number;
}

type Kind = "arrival" | "departure" | "transfer_out" | "transfer_in";

export interface GeneratedEntry {
  key: string;
  facilityId: number;
  kind: Kind;
  sign: 1 | -1;
  occurredAt: Date;
  day: string;
  counts: Counts;
  nationalities: [string, number][];
  biometricsRegistered: number;
  origin: string;
  destination: string;
  transferIndex?: number;
}

export interface GeneratedTransfer {
  fromFacilityId: number;
  toFacilityId: number;
  sentAt: Date;
  receivedAt: Date | null;
  counts: Counts;
}

export interface GeneratedHistory {
  entries: GeneratedEntry[];
  transfers: GeneratedTransfer[];
}


const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const daysIn2021 = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function monthOfYearDay(dayOfYear: number): number {
  let remaining = dayOfYear;
  for (let m = 0; m < 12; m++) {
    if (remaining < daysIn2021[m]!) return m;
    remaining -= daysIn2021[m]!;
  }
  return 11;
}

function composition(n: number, month: number, rng: () => number): Counts {
  const [menAndBoys, womenAndGirls] = darienSexSplit2021[month]!;
  const femaleShare = womenAndGirls / (menAndBoys + womenAndGirls);
  const jitter = () => rng() - 0.5;
  const minors = Math.min(n, Math.max(0, Math.round(n * darienShares.minors + jitter())));
  const underFive = Math.round(minors * darienShares.minorsUnderFive + jitter() * 0.5);
  const infants = Math.max(0, Math.min(underFive, Math.round(underFive * darienShares.infantsAmongUnderFive + jitter())));
  const toddlers = Math.max(0, underFive - infants);
  const teens = Math.max(0, minors - infants - toddlers);
  const adults = n - infants - toddlers - teens;
  const girls = (k: number) => Math.max(0, Math.min(k, Math.round(k * femaleShare + jitter())));
  const counts = emptyCounts();
  counts.adultWomen = girls(adults);
  counts.adultMen = adults - counts.adultWomen;
  counts.girls0to11m = girls(infants);
  counts.boys0to11m = infants - counts.girls0to11m;
  counts.girls1to4 = girls(toddlers);
  counts.boys1to4 = toddlers - counts.girls1to4;
  counts.girls5to17 = girls(teens);
  counts.boys5to17 = teens - counts.girls5to17;
  const women = counts.adultWomen + counts.girls5to17;
  const share = (p: number, limit: number) => Math.max(0, Math.min(limit, Math.round(n * p + jitter())));
  counts.pregnant = share(darienShares.pregnantAmongArrivals, women);
  counts.lactating = share(darienShares.lactatingAmongArrivals, women);
  counts.unaccompaniedMinors = Math.max(0, Math.min(minors, Math.round(minors * darienShares.unaccompaniedAmongMinors + jitter())));
  counts.disabilities = share(darienShares.disabilities, n);
  return counts;
}

function pickNationality(rng: () => number): string {
  let r = rng();
  for (const [code, share] of darienNationalities2021) {
    if (r < share) return code;
    r -= share;
  }
  return "HT";
}

function nationalities(n: number, rng: () => number): [string, number][] {
  const first = pickNationality(rng);
  if (n < 4 || rng() > 0.3) return [[first, n]];
  const second = pickNationality(rng);
  if (second === first) return [[first, n]];
  const split = 1 + Math.floor(rng() * (n - 1));
  return [
    [first, n - split],
    [second, split],
  ];
}

export function generateHistory(options: {
  now: Date;
  timeZone: string;
  facilities: HistoryFacilities;
  days?: number;
  seed?: number;
  /**
   * The demo's "border slowdown": people reaching Los Planes de Gualaca in the last N days wait
   * 2.5 to 5.5 days to cross instead of half a day to 2.5, so the station fills and the planner
   * sees a saturation warning on the day the demo starts, whatever that date is.
   */
  slowdownDays?: number;
  /**
   * The demo's rising flow ("possible ups and downs"): arrivals over the last N days climb
   * steadily to one and a half times the month's level, so the forecast has a trend to follow and a
   * station is projected to fill within days of the demo's start.
   */
  surgeDays?: number;
}): GeneratedHistory {
  const { now, timeZone, facilities } = options;
  const slowdownFrom = options.slowdownDays ? now.getTime() - options.slowdownDays * DAY : null;
  const days = options.days ?? 365;
  const rng = seededRandom(options.seed ?? 2021);
  const surgeFrom = options.surgeDays ? days - options.surgeDays : null;
  const firstDay = addDays(zonedDay(now, timeZone), -(days - 1));
  const entries: GeneratedEntry[] = [];
  const transferList: GeneratedTransfer[] = [];
  let keySeq = 0;
  const dayOf = (t: Date) => zonedDay(t, timeZone);
  const push = (e: Omit<GeneratedEntry, "key" | "day">) => entries.push({ ...e, key: `demo-${++keySeq}`, day: dayOf(e.occurredAt) });

  const move = (from: number, to: number, at: Date, travelHours: number, counts: Counts): Date | null => {
    if (at > now) return null;
    const receivedAt = new Date(at.getTime() + travelHours * HOUR);
    const received = receivedAt <= now;
    transferList.push({ fromFacilityId: from, toFacilityId: to, sentAt: at, receivedAt: received ? receivedAt : null, counts });
    const transferIndex = transferList.length - 1;
    const base = { counts, nationalities: [], biometricsRegistered: 0, origin: "", destination: "" };
    push({ ...base, facilityId: from, kind: "transfer_out", sign: -1, occurredAt: at, transferIndex });
    if (!received) return null;
    push({ ...base, facilityId: to, kind: "transfer_in", sign: 1, occurredAt: receivedAt, transferIndex });
    return receivedAt;
  };

  for (let d = 0; d < days; d++) {
    const ymd = addDays(firstDay, d);
    const month = monthOfYearDay(Math.round((d * 365) / days));
    const mean = darienMonthlyArrivals2021[month]! / daysIn2021[month]!;
    let factor = 0.6 + rng() * 0.8;
    if (rng() < 0.03) factor *= 2.5;
    if (surgeFrom !== null && d >= surgeFrom) factor *= 1 + (0.5 * (d - surgeFrom + 1)) / (days - surgeFrom);
    let remaining = Math.round(mean * factor);
    const dayStart = startOfZonedDay(ymd, timeZone).getTime();
    while (remaining > 0) {
      const n = Math.min(remaining, 5 + Math.floor(rng() * 45));
      remaining -= n;
      const arrivedAt = new Date(dayStart + 6 * HOUR + Math.floor(rng() * 14 * HOUR));
      if (arrivedAt > now) continue;
      const counts = composition(n, month, rng);
      const where = rng();
      const station = where < 0.1 ? facilities.BCH : where < 0.55 ? facilities.LBL : facilities.SVC;
      const total = totalOf(counts);
      const unregistered = rng() < 0.1 ? Math.floor(rng() * Math.min(3, total)) : 0;
      push({
        facilityId: station,
        kind: "arrival",
        sign: 1,
        occurredAt: arrivedAt,
        counts,
        nationalities: nationalities(total, rng),
        biometricsRegistered: total - unregistered,
        origin: station === facilities.BCH ? "Selva del Darién" : "Bajo Chiquito",
        destination: "",
      });
      let at: Date | null = arrivedAt;
      let here = station;
      if (station === facilities.BCH) {
        at = move(here, facilities.LBL, new Date(at.getTime() + DAY * (0.6 + rng() * 0.6)), 5, counts);
        here = facilities.LBL;
      }
      if (!at) continue;
      at = move(here, facilities.LPG, new Date(at.getTime() + DAY * (0.8 + rng() * 2)), 9, counts);
      if (!at) continue;
      // The same draw either way, so the option changes stays and nothing else in the series.
      const draw = rng();
      const slowed = slowdownFrom !== null && at.getTime() >= slowdownFrom;
      const leaves = new Date(at.getTime() + DAY * (slowed ? 2.5 + draw * 3 : 0.5 + draw * 2));
      if (leaves > now) continue;
      push({
        facilityId: facilities.LPG,
        kind: "departure",
        sign: -1,
        occurredAt: leaves,
        counts,
        nationalities: [],
        biometricsRegistered: 0,
        origin: "",
        destination: "Costa Rica",
      });
    }
  }
  entries.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return { entries, transfers: transferList };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes a generated history with multi-row inserts, and the census and roll-ups computed
 * from the same entries, so `verify` holds afterwards. Call inside a transaction.
 */
export async function insertHistory(db: Db, history: GeneratedHistory): Promise<{ entries: number }> {
  const transferIds: number[] = [];
  for (const batch of chunks(history.transfers, 500)) {
    const rows = await db
      .insert(transfers)
      .values(
        batch.map((t) => ({
          fromFacilityId: t.fromFacilityId,
          toFacilityId: t.toFacilityId,
          status: t.receivedAt ? ("received" as const) : ("in_transit" as const),
          sentAt: t.sentAt,
          receivedAt: t.receivedAt,
          ...t.counts,
        })),
      )
      .returning({ id: transfers.id });
    transferIds.push(...rows.map((r) => r.id));
  }

  const censusByFacility = new Map<number, Counts>();
  const lastEntry = new Map<number, Date>();
  const daily = new Map<string, { facilityId: number; day: string; values: Record<string, number> }>();
  const dailyNat = new Map<string, { facilityId: number; day: string; country: string; arrivals: number }>();
  const column: Record<Kind, string> = {
    arrival: "arrivals",
    departure: "departures",
    transfer_in: "transfersIn",
    transfer_out: "transfersOut",
  };

  for (const batch of chunks(history.entries, 400)) {
    const ids = await db
      .insert(populationEntries)
      .values(
        batch.map((e) => ({
          facilityId: e.facilityId,
          kind: e.kind,
          sign: e.sign,
          occurredAt: e.occurredAt,
          day: e.day,
          recordedAt: e.occurredAt,
          recordedBy: null,
          idempotencyKey: e.key,
          ...e.counts,
          total: totalOf(e.counts),
          biometricsRegistered: e.biometricsRegistered,
          origin: e.origin,
          destination: e.destination,
          transferId: e.transferIndex === undefined ? null : transferIds[e.transferIndex]!,
        })),
      )
      .returning({ id: populationEntries.id });
    const nationalityRows = batch.flatMap((e, i) =>
      e.nationalities.map(([country, count]) => ({ entryId: ids[i]!.id, country, count })),
    );
    if (nationalityRows.length) await db.insert(populationEntryNationalities).values(nationalityRows);
  }

  for (const e of history.entries) {
    const current = censusByFacility.get(e.facilityId) ?? emptyCounts();
    for (const g of allGroups) current[g] += e.sign * e.counts[g];
    censusByFacility.set(e.facilityId, current);
    lastEntry.set(e.facilityId, e.occurredAt);
    const key = `${e.facilityId}|${e.day}`;
    const row = daily.get(key) ?? { facilityId: e.facilityId, day: e.day, values: {} };
    const total = totalOf(e.counts);
    row.values[column[e.kind]] = (row.values[column[e.kind]] ?? 0) + total;
    row.values.entries = (row.values.entries ?? 0) + 1;
    if (e.kind === "arrival") row.values.biometricsRegistered = (row.values.biometricsRegistered ?? 0) + e.biometricsRegistered;
    for (const g of allGroups) row.values[g] = (row.values[g] ?? 0) + e.sign * e.counts[g];
    daily.set(key, row);
    for (const [country, count] of e.nationalities) {
      const natKey = `${key}|${country}`;
      const nat = dailyNat.get(natKey) ?? { facilityId: e.facilityId, day: e.day, country, arrivals: 0 };
      nat.arrivals += count;
      dailyNat.set(natKey, nat);
    }
  }

  for (const [facilityId, counts] of censusByFacility) {
    const values = { facilityId, ...counts, lastEntryAt: lastEntry.get(facilityId) ?? null };
    await db
      .insert(census)
      .values(values)
      .onConflictDoUpdate({
        target: census.facilityId,
        set: {
          ...Object.fromEntries(allGroups.map((g) => [g, sql.raw(`excluded."${census[g].name}"`)])),
          lastEntryAt: values.lastEntryAt,
        },
      });
  }
  for (const batch of chunks([...daily.values()], 400)) {
    await db.insert(dailyPopulation).values(batch.map((r) => ({ facilityId: r.facilityId, day: r.day, ...r.values })));
  }
  for (const batch of chunks([...dailyNat.values()], 1000)) {
    await db.insert(dailyNationalities).values(batch);
  }
  return { entries: history.entries.length };
}
