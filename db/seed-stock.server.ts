import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { pickFefo, type LotState } from "../app/lib/domain/stock";
import { addDays, startOfZonedDay, zonedDay } from "../app/lib/time";
import {
  countLines,
  countSheets,
  dailyPopulation,
  itemGtins,
  items,
  lotConditionReadings,
  lots,
  shipmentLines,
  shipments,
  stockBalances,
  stockEntries,
  stockOperations,
} from "./schema";
import type { AdjustmentReason, StockKind } from "./stock.server";
import type { Db } from "./types";
import { seededRandom } from "../app/lib/seeded-random";

/**
 * The demo's stock history, consistent with its population history: over the same year, the
 * central warehouse (ALM) receives from suppliers every four weeks (vaccines every twelve) and
 * ships to the four stations every week, topping each item up to about 18 days of its recent
 * consumption; water comes to each station by tanker; and each station distributes what the
 * people present that day need, by the catalogue's norms (a ration kit per person, 15 L of
 * water, soap, nappies for the under-fives...). Older distributions are recorded as one weekly
 * summary per item, the last 30 days day by day, so the ledger holds a few thousand operations.
 *
 * It ends on a current stock that shows the demo's alerts: San Vicente short of ration kits
 * (a late delivery; an emergency shipment is on the road), lots of formula, ORS and bOPV that
 * expire within 30 to 90 days, a donated ORS lot at Los Planes that expired last week and is not
 * written off yet, and an MR vaccine lot at San Vicente quarantined at VVM stage 3.
 *
 * Everything is computed in memory, then written with multi-row inserts (operations, entries
 * with their running balances, balances, lots, shipments, one count sheet per station), so
 * `verify` holds afterwards. Deterministic: a seeded generator, no Math.random.
 */

export interface StockSeedFacilities {
  BCH: number;
  LBL: number;
  SVC: number;
  LPG: number;
  ALM: number;
}

type Station = "BCH" | "LBL" | "SVC" | "LPG";
const STATIONS: Station[] = ["BCH", "LBL", "SVC", "LPG"];
const VACCINATION_POSTS: Station[] = ["LBL", "SVC"];

const HOUR = 3_600_000;
/** Days distributions are recorded one by one (older ones as weekly summaries). */
const DAILY_DAYS = 30;
/** Days of recent consumption a weekly delivery tops a station up to. */
const COVER_DAYS = 18;


/** Who was at a station on a day, from the daily roll-ups. */
interface DayPeople {
  /** Everyone there at some point of the day: present at its end plus those who left. */
  served: number;
  present: number;
  infants: number;
  toddlers: number;
  children5to17: number;
  /** Arrivals and transfers in: the people a vaccination post sees for the first time. */
  newcomers: number;
}

interface SeedItem {
  code: string;
  /** Need per day at a station, in the item's unit (fractional: whole units are carried over). */
  need: (p: DayPeople, station: Station) => number;
  pack: number;
  /** Water comes by tanker to each station; everything else through the warehouse. */
  supply: "warehouse" | "tanker";
  vaccine?: boolean;
  lot?: { prefix: string; manufacturer: string; shelfDays: number; source: string };
}

const seedItems: SeedItem[] = [
  {
    code: "RATION-KIT",
    need: (p) => p.served,
    pack: 10,
    supply: "warehouse",
    lot: { prefix: "RK", manufacturer: "Alimentos del Istmo, S.A.", shelfDays: 180, source: "PMA (WFP) Panamá" },
  },
  { code: "WATER-L", need: (p) => p.served * 15, pack: 1000, supply: "tanker" },
  { code: "SOAP", need: (p) => p.served * 0.0667, pack: 24, supply: "warehouse" },
  { code: "HYGIENE-KIT", need: (p) => p.served * 0.0333, pack: 10, supply: "warehouse" },
  { code: "DIAPERS", need: (p) => p.infants * 6 + p.toddlers * 3, pack: 50, supply: "warehouse" },
  {
    code: "FORMULA",
    // Formula only for the infants assessed as needing it (about a third): two tins a week.
    need: (p) => p.infants * 0.35 * 0.2857,
    pack: 6,
    supply: "warehouse",
    lot: { prefix: "FI", manufacturer: "Nutrición Infantil Centroamericana", shelfDays: 300, source: "UNICEF Panamá" },
  },
  {
    code: "RUTF",
    // About 3 % of the under-fives in SAM treatment, three sachets a day.
    need: (p) => (p.infants + p.toddlers) * 0.03 * 3,
    pack: 150,
    supply: "warehouse",
    lot: { prefix: "NS", manufacturer: "Nutriset", shelfDays: 540, source: "UNICEF Panamá" },
  },
  {
    code: "ORS",
    need: (p) => p.served * 0.012,
    pack: 50,
    supply: "warehouse",
    lot: { prefix: "ORS", manufacturer: "Laboratorio Farmacéutico Nacional", shelfDays: 720, source: "MINSA – Almacén central" },
  },
  {
    code: "VAC-MR",
    // Half the arriving children aged 1-17 are not vaccinated against measles.
    need: (p, s) => (VACCINATION_POSTS.includes(s) && p.present > 0 ? (p.newcomers * (p.toddlers + p.children5to17) * 0.5) / p.present : 0),
    pack: 10,
    supply: "warehouse",
    vaccine: true,
    lot: { prefix: "MR", manufacturer: "Serum Institute of India", shelfDays: 540, source: "OPS Fondo Rotatorio / PAI" },
  },
  {
    code: "VAC-BOPV",
    need: (p, s) => (VACCINATION_POSTS.includes(s) && p.present > 0 ? (p.newcomers * (p.infants + p.toddlers) * 0.7) / p.present : 0),
    pack: 20,
    supply: "warehouse",
    vaccine: true,
    lot: { prefix: "BOPV", manufacturer: "Bio Farma", shelfDays: 450, source: "OPS Fondo Rotatorio / PAI" },
  },
];

/** Hours from the warehouse (Panama City) to each station; Bajo Chiquito is up the river. */
const travelHours: Record<Station, number> = { BCH: 28, LBL: 7, SVC: 6, LPG: 9 };

interface SimLot {
  itemId: number;
  lotNumber: string;
  expiry: string | null;
  manufacturer: string;
  vvmStage: number | null;
  /** The lot's id when it already exists (the number-less lot of an untracked item). */
  existingId?: number;
}

interface SimBalance {
  facilityId: number;
  lotIdx: number;
  itemId: number;
  quantity: number;
  quarantined: boolean;
  quarantineReason: string;
  lastEntryAt: Date | null;
  /** The VVM stage on record here (decision 023), and the readings that set it. */
  vvmStage: number | null;
  readings: { vvmStage: number; source: "receipt" | "reading"; at: Date | null; note: string }[];
}

interface SimOperation {
  facilityId: number;
  kind: StockKind;
  key: string;
  occurredAt: Date;
  reason: AdjustmentReason | null;
  documentRef: string;
  source: string;
  peopleServed: number | null;
  notes: string;
}

interface SimEntry {
  opIdx: number;
  facilityId: number;
  itemId: number;
  lotIdx: number;
  kind: StockKind;
  quantity: number;
  balanceAfter: number;
  occurredAt: Date;
  shipmentIdx: number | null;
}

interface SimShipment {
  fromFacilityId: number;
  toFacilityId: number;
  sentAt: Date;
  receivedAt: Date | null;
  notes: string;
  lines: { lotIdx: number; itemId: number; sent: number; received: number | null }[];
}

interface SimCount {
  facilityId: number;
  opIdx: number;
  createdAt: Date;
  submittedAt: Date;
  lines: { lotIdx: number; counted: number; system: number }[];
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const roundUp = (quantity: number, pack: number) => Math.ceil(quantity / pack) * pack;

/**
 * Reads the population roll-ups of the stations: who was there each day of the window.
 * Days without a roll-up row had no movement.
 */
async function readPeople(db: Db, facilityIds: number[], firstDay: string, days: number) {
  const rows = await db
    .select()
    .from(dailyPopulation)
    .where(and(inArray(dailyPopulation.facilityId, facilityIds), lte(dailyPopulation.day, addDays(firstDay, days - 1))))
    .orderBy(asc(dailyPopulation.day));
  const out = new Map<number, DayPeople[]>();
  for (const facilityId of facilityIds) {
    const mine = rows.filter((r) => r.facilityId === facilityId);
    // The census before the window (history older than it, if any) is where the running sum starts.
    const running = { total: 0, infants: 0, toddlers: 0, teens: 0 };
    const byDay = new Map<string, (typeof rows)[number]>();
    for (const r of mine) {
      if (r.day < firstDay) {
        running.total += r.adultMen + r.adultWomen + r.boys0to11m + r.girls0to11m + r.boys1to4 + r.girls1to4 + r.boys5to17 + r.girls5to17;
        running.infants += r.boys0to11m + r.girls0to11m;
        running.toddlers += r.boys1to4 + r.girls1to4;
        running.teens += r.boys5to17 + r.girls5to17;
      } else byDay.set(r.day, r);
    }
    const list: DayPeople[] = [];
    for (let d = 0; d < days; d++) {
      const r = byDay.get(addDays(firstDay, d));
      if (r) {
        running.infants += r.boys0to11m + r.girls0to11m;
        running.toddlers += r.boys1to4 + r.girls1to4;
        running.teens += r.boys5to17 + r.girls5to17;
        running.total += r.adultMen + r.adultWomen + r.boys0to11m + r.girls0to11m + r.boys1to4 + r.girls1to4 + r.boys5to17 + r.girls5to17;
      }
      list.push({
        served: Math.max(0, running.total + (r ? r.departures + r.transfersOut : 0)),
        present: Math.max(0, running.total),
        infants: Math.max(0, running.infants),
        toddlers: Math.max(0, running.toddlers),
        children5to17: Math.max(0, running.teens),
        newcomers: r ? r.arrivals + r.transfersIn : 0,
      });
    }
    out.set(facilityId, list);
  }
  return out;
}

export async function seedStockHistory(
  db: Db,
  options: { now: Date; timeZone: string; facilities: StockSeedFacilities; days?: number; seed?: number },
): Promise<{ operations: number; entries: number }> {
  const { now, timeZone, facilities: fac } = options;
  const days = options.days ?? 365;
  const rng = seededRandom(options.seed ?? 2022);
  const today = zonedDay(now, timeZone);
  const firstDay = addDays(today, -(days - 1));
  const dailyStart = Math.max(0, days - DAILY_DAYS);
  const at = (d: number, hours: number) => new Date(startOfZonedDay(addDays(firstDay, d), timeZone).getTime() + hours * HOUR);
  // The day San Vicente's store floods and most of its ration kits are written off.
  const FLOOD_DAY = days - 6;
  const yymm = (d: number) => addDays(firstDay, d).slice(2, 7).replace("-", "");

  // The catalogue, and the number-less lots of the items that are not tracked by lot.
  const catalogue = await db.select({ id: items.id, code: items.code, lotTracked: items.lotTracked }).from(items);
  const plain = await db.select({ id: lots.id, itemId: lots.itemId }).from(lots).where(eq(lots.lotNumber, ""));
  const itemIdOf = new Map(catalogue.map((i) => [i.code, i.id]));
  const stockItems = seedItems.filter((s) => itemIdOf.has(s.code));
  const stationId: Record<Station, number> = { BCH: fac.BCH, LBL: fac.LBL, SVC: fac.SVC, LPG: fac.LPG };
  const people = await readPeople(db, STATIONS.map((s) => stationId[s]), firstDay, days);

  // Whole units needed per station, item and day; fractions carry over to the next day.
  const need = new Map<string, number[]>();
  for (const station of STATIONS) {
    for (const item of stockItems) {
      let carry = 0;
      need.set(
        `${station}|${item.code}`,
        people.get(stationId[station])!.map((p) => {
          carry += item.need(p, station);
          const whole = Math.floor(carry + 1e-9);
          carry -= whole;
          return whole;
        }),
      );
    }
  }
  const needOf = (station: Station, code: string, from: number, to: number) => {
    const list = need.get(`${station}|${code}`)!;
    let sum = 0;
    for (let d = Math.max(0, from); d < Math.min(days, to); d++) sum += list[d]!;
    return sum;
  };
  const peopleOf = (station: Station, from: number, to: number) => {
    const list = people.get(stationId[station])!;
    let sum = 0;
    for (let d = Math.max(0, from); d < Math.min(days, to); d++) sum += list[d]!.served;
    return sum;
  };

  // ---------------------------------------------------------------------------------------
  // The ledger in memory

  const simLots: SimLot[] = [];
  const lotIndex = new Map<string, number>();
  const lotFor = (code: string, lotNumber = "", init?: Omit<SimLot, "itemId" | "lotNumber">): number => {
    const itemId = itemIdOf.get(code)!;
    const k = `${itemId}|${lotNumber}`;
    let idx = lotIndex.get(k);
    if (idx === undefined) {
      const existingId = lotNumber === "" ? plain.find((l) => l.itemId === itemId)?.id : undefined;
      idx = simLots.push({ itemId, lotNumber, expiry: null, manufacturer: "", vvmStage: null, ...init, existingId }) - 1;
      lotIndex.set(k, idx);
    }
    return idx;
  };
  const balances = new Map<string, SimBalance>();
  const byFacilityItem = new Map<string, SimBalance[]>();
  const balance = (facilityId: number, lotIdx: number): SimBalance => {
    const k = `${facilityId}|${lotIdx}`;
    let b = balances.get(k);
    if (!b) {
      b = { facilityId, lotIdx, itemId: simLots[lotIdx]!.itemId, quantity: 0, quarantined: false, quarantineReason: "", lastEntryAt: null, vvmStage: null, readings: [] };
      balances.set(k, b);
      const group = `${facilityId}|${b.itemId}`;
      byFacilityItem.set(group, [...(byFacilityItem.get(group) ?? []), b]);
    }
    return b;
  };
  const operations: SimOperation[] = [];
  const entries: SimEntry[] = [];
  const shipmentList: SimShipment[] = [];
  const counts: SimCount[] = [];
  let keySeq = 0;

  const operation = (op: Omit<SimOperation, "key" | "reason" | "documentRef" | "source" | "peopleServed" | "notes"> & Partial<SimOperation>) =>
    operations.push({ reason: null, documentRef: "", source: "", peopleServed: null, notes: "", ...op, key: `demo-stock-${++keySeq}` }) - 1;
  const post = (opIdx: number, lotIdx: number, quantity: number, shipmentIdx: number | null = null) => {
    const op = operations[opIdx]!;
    const b = balance(op.facilityId, lotIdx);
    b.quantity += quantity;
    // The supplier's stage of the lot is read as it first arrives at a facility.
    const supplied = simLots[lotIdx]!.vvmStage;
    if (quantity > 0 && supplied !== null && b.vvmStage === null) {
      b.vvmStage = supplied;
      b.readings.push({ vvmStage: supplied, source: "receipt", at: op.occurredAt, note: "" });
    }
    if (b.quantity < 0) throw new Error(`demo stock went negative at facility ${op.facilityId}, lot ${lotIdx}`);
    b.lastEntryAt = op.occurredAt;
    entries.push({ opIdx, facilityId: op.facilityId, itemId: b.itemId, lotIdx, kind: op.kind, quantity, balanceAfter: b.quantity, occurredAt: op.occurredAt, shipmentIdx });
  };

  /** The lots of an item at a facility, as FEFO sees them on `day`. */
  const lotStates = (facilityId: number, code: string): LotState[] => {
    const itemId = itemIdOf.get(code)!;
    const out: LotState[] = [];
    for (const b of byFacilityItem.get(`${facilityId}|${itemId}`) ?? []) {
      if (b.quantity <= 0) continue;
      const lot = simLots[b.lotIdx]!;
      out.push({ lotId: b.lotIdx, expiry: lot.expiry, vvmStage: b.vvmStage, quarantined: b.quarantined, quantity: b.quantity });
    }
    return out;
  };
  const usable = (facilityId: number, code: string, ymd: string) => {
    const result = pickFefo(lotStates(facilityId, code), Number.MAX_SAFE_INTEGER, ymd);
    return "short" in result ? result.available : 0;
  };
  /** FEFO picks of up to `quantity` (less when usable stock is short). */
  const picksOf = (facilityId: number, code: string, quantity: number, ymd: string) => {
    const states = lotStates(facilityId, code);
    const all = pickFefo(states, Number.MAX_SAFE_INTEGER, ymd);
    const available = "short" in all ? all.available : 0;
    const take = Math.min(quantity, available);
    if (take <= 0) return [];
    const result = pickFefo(states, take, ymd);
    return "picks" in result ? result.picks : [];
  };

  // ---------------------------------------------------------------------------------------
  // What happens, day by day

  const lotSeq = new Map<string, number>();
  const newLotNumber = (item: SeedItem, d: number) => {
    const n = (lotSeq.get(item.code) ?? 0) + 1;
    lotSeq.set(item.code, n);
    const letter = "ABCDEFGHJKLMNPRSTUVWXYZ"[Math.floor(rng() * 23)]!;
    switch (item.code) {
      case "RATION-KIT":
        return `RK-${yymm(d)}-${String(100 + n * 7).padStart(3, "0")}`;
      case "VAC-MR":
        return `${String(10 + n).padStart(3, "0")}${letter}${yymm(d)}`;
      case "VAC-BOPV":
        return `BOPV${yymm(d)}${letter}${n}`;
      default:
        return `${item.lot!.prefix}${yymm(d)}-${letter}${String(n).padStart(2, "0")}`;
    }
  };
  /** Expiry of a lot received on day d. Recent deliveries of some items are short-dated, so the demo has lots expiring soon. */
  const expiryFor = (item: SeedItem, d: number) => {
    if (d >= days - 60 && item.code === "FORMULA") return addDays(today, 45);
    if (d >= days - 60 && item.code === "ORS") return addDays(today, 75);
    if (d >= days - 90 && item.code === "VAC-BOPV") return addDays(today, 62);
    return addDays(addDays(firstDay, d), item.lot!.shelfDays);
  };

  /** The warehouse's supplier deliveries: enough for the network's next weeks of need. */
  const warehouseReceipt = (d: number, vaccines: boolean) => {
    const ymd = addDays(firstDay, d);
    const due = stockItems.filter((i) => i.supply === "warehouse" && Boolean(i.vaccine) === vaccines);
    const horizon = vaccines ? 100 : 42;
    const lines: { lotIdx: number; quantity: number }[] = [];
    for (const item of due) {
      let want = STATIONS.reduce((s, st) => s + needOf(st, item.code, d, d + horizon), 0) * 1.1;
      // The first delivery also fills the stations' shelves.
      if (d === 0) want += STATIONS.reduce((s, st) => s + needOf(st, item.code, 0, COVER_DAYS + 7), 0);
      // Framework agreements deliver at least ten packs of each item every cycle.
      const quantity = Math.max(roundUp(want - usable(fac.ALM, item.code, ymd), item.pack * 10), item.pack * 10);
      const lotIdx = item.lot
        ? lotFor(item.code, newLotNumber(item, d), { expiry: expiryFor(item, d), manufacturer: item.lot.manufacturer, vvmStage: item.vaccine ? 1 : null })
        : lotFor(item.code);
      lines.push({ lotIdx, quantity });
    }
    if (!lines.length) return;
    const opIdx = operation({
      facilityId: fac.ALM,
      kind: "receipt",
      occurredAt: at(d, vaccines ? 5.5 : 5),
      source: vaccines ? "OPS Fondo Rotatorio / PAI" : "PMA (WFP), UNICEF y MINSA",
      documentRef: `${vaccines ? "PAI" : "OC"}-${yymm(d)}-${String(d).padStart(3, "0")}`,
      notes: vaccines ? "Entrega trimestral de vacunas (cadena de frío verificada)" : "Entrega mensual de proveedores",
    });
    for (const line of lines) post(opIdx, line.lotIdx, line.quantity);
  };

  /** How much a station should get of an item on day d to be back at its cover. */
  const topUp = (station: Station, item: SeedItem, d: number, coverDays: number) => {
    const facilityId = stationId[station];
    const recent = d >= 7 ? needOf(station, item.code, d - 7, d) / 7 : needOf(station, item.code, d, d + 7) / 7;
    // San Vicente's ration kits after the flood in its store: the ration truck is late (an
    // emergency shipment is on the road today).
    if (station === "SVC" && item.code === "RATION-KIT" && d >= FLOOD_DAY) return 0;
    const target = recent * coverDays;
    const have = usable(facilityId, item.code, addDays(firstDay, d));
    if (target <= have) return 0;
    return roundUp(target - have, item.pack);
  };

  const ship = (d: number, to: Station, sentAt: Date, wanted: { code: string; quantity: number }[], notes: string, arrives: boolean) => {
    const ymd = addDays(firstDay, d);
    const lines: { lotIdx: number; itemId: number; sent: number; received: number | null }[] = [];
    for (const want of wanted) {
      for (const pick of picksOf(fac.ALM, want.code, want.quantity, ymd)) {
        lines.push({ lotIdx: pick.lotId, itemId: simLots[pick.lotId]!.itemId, sent: pick.quantity, received: null });
      }
    }
    if (!lines.length) return;
    const receivedAt = arrives ? new Date(sentAt.getTime() + travelHours[to] * HOUR) : null;
    const shipmentIdx = shipmentList.push({ fromFacilityId: fac.ALM, toFacilityId: stationId[to], sentAt, receivedAt, notes, lines }) - 1;
    const out = operation({ facilityId: fac.ALM, kind: "transfer_out", occurredAt: sentAt, notes });
    for (const line of lines) post(out, line.lotIdx, -line.sent, shipmentIdx);
    if (receivedAt) {
      pending.push({
        time: receivedAt.getTime(),
        run: () => {
          const inOp = operation({ facilityId: stationId[to], kind: "transfer_in", occurredAt: receivedAt, notes });
          for (const line of lines) {
            line.received = line.sent;
            post(inOp, line.lotIdx, line.sent, shipmentIdx);
          }
        },
      });
    }
  };

  const weeklyShipments = (d: number) => {
    for (const station of STATIONS) {
      const wanted = stockItems
        .filter((i) => i.supply === "warehouse" && (!i.vaccine || (d % 28 === 0 && VACCINATION_POSTS.includes(station))))
        .map((item) => ({ code: item.code, quantity: topUp(station, item, d, item.vaccine ? 40 : COVER_DAYS) }))
        .filter((w) => w.quantity > 0);
      ship(d, station, at(d, 6.5), wanted, `Reposición semanal desde el almacén central`, true);
    }
  };

  const waterDeliveries = (d: number) => {
    const item = stockItems.find((i) => i.code === "WATER-L");
    if (!item) return;
    for (const station of STATIONS) {
      const quantity = topUp(station, item, d, COVER_DAYS);
      if (quantity <= 0) continue;
      const opIdx = operation({
        facilityId: stationId[station],
        kind: "receipt",
        occurredAt: at(d, 8 + STATIONS.indexOf(station) * 0.5),
        source: "Camión cisterna (IDAAN)",
        documentRef: `CIS-${station}-${yymm(d)}-${d}`,
        notes: "Agua potable entregada por camión cisterna",
      });
      post(opIdx, lotFor("WATER-L"), quantity);
    }
  };

  /** Expired stock is written off at the weekly check, once it has been expired two weeks. */
  const writeOffs = (d: number) => {
    const ymd = addDays(firstDay, d);
    const limit = addDays(ymd, -14);
    for (const b of [...balances.values()]) {
      const lot = simLots[b.lotIdx]!;
      if (b.quantity <= 0 || !lot.expiry || lot.expiry >= limit) continue;
      const opIdx = operation({
        facilityId: b.facilityId,
        kind: "adjustment",
        occurredAt: at(d, 6),
        reason: "expired",
        notes: `Baja por vencimiento del lote ${lot.lotNumber} (${lot.expiry})`,
      });
      post(opIdx, b.lotIdx, -b.quantity);
    }
  };

  /** Distributions at a station over days [from, to), recorded at the end of the last day. */
  const distribute = (from: number, to: number) => {
    const ymd = addDays(firstDay, to - 1);
    const weekly = to - from > 1;
    for (const station of STATIONS) {
      const facilityId = stationId[station];
      for (const item of stockItems) {
        const wanted = needOf(station, item.code, from, to);
        if (wanted <= 0) continue;
        const picks = picksOf(facilityId, item.code, wanted, ymd);
        const given = picks.reduce((s, p) => s + p.quantity, 0);
        if (given <= 0) continue;
        const served = item.vaccine ? given : peopleOf(station, from, to);
        const short = given < wanted ? ` Faltaron ${wanted - given} por falta de existencias.` : "";
        const opIdx = operation({
          facilityId,
          kind: "issue",
          occurredAt: at(to - 1, 18 + stockItems.indexOf(item) / 60),
          peopleServed: served,
          notes: weekly
            ? `Resumen semanal de distribuciones (${addDays(firstDay, from)} a ${ymd}): ${served} personas-día.${short}`
            : `Distribución del día.${short}`,
        });
        for (const pick of picks) post(opIdx, pick.lotId, -pick.quantity);
      }
    }
  };

  const countSheet = (d: number) => {
    for (const station of STATIONS) {
      const facilityId = stationId[station];
      const submittedAt = at(d, 16);
      const held = [...balances.values()].filter((b) => b.facilityId === facilityId && b.quantity > 0);
      const opIdx = operation({ facilityId, kind: "count", occurredAt: submittedAt, reason: "count_difference", notes: "Conteo físico mensual" });
      const lines = held.map((b) => {
        const tracked = simLots[b.lotIdx]!.lotNumber !== "";
        // Loose items (soap, nappies, kits) come up a little short now and then; lots count exact.
        const difference = tracked ? 0 : -Math.floor(rng() * Math.min(12, b.quantity * 0.02));
        return { lotIdx: b.lotIdx, system: b.quantity, counted: b.quantity + difference };
      });
      for (const line of lines) if (line.counted !== line.system) post(opIdx, line.lotIdx, line.counted - line.system);
      counts.push({ facilityId, opIdx, createdAt: new Date(submittedAt.getTime() - 2 * HOUR), submittedAt, lines });
    }
  };

  // Scheduled events (shipments on the road) and the day's own, run in time order.
  const pending: { time: number; run: () => void }[] = [];
  const nowMs = now.getTime();
  for (let d = 0; d < days; d++) {
    const day: { time: number; run: () => void }[] = [];
    const add = (hours: number, run: () => void) => day.push({ time: at(d, hours).getTime(), run });
    if (d % 28 === 0) add(5, () => warehouseReceipt(d, false));
    if (d % 84 === 0) add(5.5, () => warehouseReceipt(d, true));
    if (d % 7 === 0) add(6, () => writeOffs(d));
    if (d % 7 === 0) add(6.5, () => weeklyShipments(d));
    if (d % 7 === 1) add(8, () => waterDeliveries(d));
    if (d === days - 40 && itemIdOf.has("ORS")) {
      // A donation of short-dated ORS at Los Planes: it expired last week, not written off yet.
      add(11, () => {
        const opIdx = operation({
          facilityId: fac.LPG,
          kind: "receipt",
          occurredAt: at(d, 11),
          source: "Cruz Roja Panameña (donación)",
          documentRef: `DON-CRP-${yymm(d)}`,
          notes: "Donación de sales de rehidratación de vencimiento próximo",
        });
        post(opIdx, lotFor("ORS", "ORS-CRP-2291", { expiry: addDays(today, -9), manufacturer: "Laboratorios Rigar", vvmStage: null }), 400);
      });
    }
    if (d === days - 20 && itemIdOf.has("VAC-MR")) {
      // MR vaccine from the regional cold store at San Vicente; its VVM reached stage 3 three days ago.
      add(10, () => {
        const opIdx = operation({
          facilityId: fac.SVC,
          kind: "receipt",
          occurredAt: at(d, 10),
          source: "PAI – Región de Salud de Darién",
          documentRef: `PAI-DAR-${yymm(d)}-17`,
          notes: "Vacunas de la cámara fría regional",
        });
        post(opIdx, lotFor("VAC-MR", "044K2217", { expiry: addDays(today, 600), manufacturer: "Serum Institute of India", vvmStage: 1 }), 100);
      });
    }
    if (d === days - 3 && itemIdOf.has("VAC-MR")) {
      add(9, () => {
        const lotIdx = lotFor("VAC-MR", "044K2217");
        // Only San Vicente's vials took the heat: the same lot elsewhere keeps its stage.
        const b = balance(fac.SVC, lotIdx);
        b.vvmStage = 3;
        b.quarantined = true;
        b.quarantineReason = "VVM en etapa 3 tras un corte de energía en la nevera";
        b.readings.push({ vvmStage: 3, source: "reading", at: at(d, 9), note: "Corte de energía en la nevera" });
      });
    }
    if (d === days - 4) add(16.5, () => countSheet(d));
    if (d === FLOOD_DAY && itemIdOf.has("RATION-KIT")) {
      // Flooding in San Vicente's store spoils ration kits: what is left lasts until about three
      // days from today, and the days of cover fall under the lead time.
      add(7, () => {
        const keep = needOf("SVC", "RATION-KIT", d, days - 1) + 3 * needOf("SVC", "RATION-KIT", days - 2, days - 1);
        let excess = usable(fac.SVC, "RATION-KIT", addDays(firstDay, d)) - keep;
        if (excess <= 0) return;
        const opIdx = operation({
          facilityId: fac.SVC,
          kind: "adjustment",
          occurredAt: at(d, 7),
          reason: "damaged",
          notes: "Inundación del depósito tras la crecida del río: raciones mojadas, descartadas",
        });
        for (const pick of picksOf(fac.SVC, "RATION-KIT", excess, addDays(firstDay, d))) {
          post(opIdx, pick.lotId, -pick.quantity);
          excess -= pick.quantity;
        }
      });
    }
    if (d < dailyStart) {
      if (d % 7 === 6 || d === dailyStart - 1) {
        const from = d - (d % 7);
        add(18, () => distribute(from, d + 1));
      }
    } else if (d < days - 1) {
      add(18, () => distribute(d, d + 1));
    }
    if (d === days - 1 && itemIdOf.has("RATION-KIT")) {
      // The emergency shipment of ration kits to San Vicente, on the road now.
      const sentAt = new Date(Math.max(at(d, 0.5).getTime(), nowMs - 2 * HOUR));
      day.push({
        time: sentAt.getTime(),
        run: () => {
          const kits = roundUp((needOf("SVC", "RATION-KIT", d - 7, d) / 7) * 10, 10);
          ship(d, "SVC", sentAt, [{ code: "RATION-KIT", quantity: kits }], "Envío urgente de raciones (proveedor retrasado)", false);
        },
      });
    }
    const dayEnd = at(d + 1, 0).getTime();
    for (;;) {
      // The earliest event of the day; on a tie, shipments on the road arrive first.
      let list: typeof day | undefined;
      let index = -1;
      for (const candidates of [pending, day]) {
        candidates.forEach((e, i) => {
          if (e.time < dayEnd && (!list || e.time < list[index]!.time)) {
            list = candidates;
            index = i;
          }
        });
      }
      if (!list) break;
      const [event] = (list as typeof day).splice(index, 1);
      if (event!.time <= nowMs) event!.run();
    }
  }
  // Shipments whose arrival falls after now stay in transit.
  for (const s of shipmentList) if (s.receivedAt && s.receivedAt.getTime() > nowMs) s.receivedAt = null;

  // ---------------------------------------------------------------------------------------
  // Written with multi-row inserts

  const lotIds: number[] = simLots.map((l) => l.existingId ?? 0);
  const fresh = simLots.map((l, idx) => ({ l, idx })).filter(({ l }) => l.existingId === undefined);
  for (const batch of chunks(fresh, 500)) {
    const rows = await db
      .insert(lots)
      .values(batch.map(({ l }) => ({ itemId: l.itemId, lotNumber: l.lotNumber, expiry: l.expiry, manufacturer: l.manufacturer })))
      .returning({ id: lots.id });
    batch.forEach(({ idx }, i) => (lotIds[idx] = rows[i]!.id));
  }
  const shipmentIds: number[] = [];
  for (const batch of chunks(shipmentList, 500)) {
    const rows = await db
      .insert(shipments)
      .values(
        batch.map((s) => ({
          fromFacilityId: s.fromFacilityId,
          toFacilityId: s.toFacilityId,
          status: s.receivedAt ? ("received" as const) : ("in_transit" as const),
          sentAt: s.sentAt,
          receivedAt: s.receivedAt,
          notes: s.notes,
        })),
      )
      .returning({ id: shipments.id });
    shipmentIds.push(...rows.map((r) => r.id));
  }
  const operationIds: number[] = [];
  for (const batch of chunks(operations, 500)) {
    const rows = await db
      .insert(stockOperations)
      .values(
        batch.map((o) => ({
          facilityId: o.facilityId,
          kind: o.kind,
          idempotencyKey: o.key,
          occurredAt: o.occurredAt,
          recordedAt: o.occurredAt,
          recordedBy: null,
          reason: o.reason,
          documentRef: o.documentRef,
          source: o.source,
          peopleServed: o.peopleServed,
          notes: o.notes,
        })),
      )
      .returning({ id: stockOperations.id });
    operationIds.push(...rows.map((r) => r.id));
  }
  // In the order they happened, so the running balances follow the entry ids.
  for (const batch of chunks(entries, 1000)) {
    await db.insert(stockEntries).values(
      batch.map((e) => ({
        operationId: operationIds[e.opIdx]!,
        facilityId: e.facilityId,
        itemId: e.itemId,
        lotId: lotIds[e.lotIdx]!,
        kind: e.kind,
        quantity: e.quantity,
        balanceAfter: e.balanceAfter,
        occurredAt: e.occurredAt,
        shipmentId: e.shipmentIdx === null ? null : shipmentIds[e.shipmentIdx]!,
      })),
    );
  }
  const lineRows = shipmentList.flatMap((s, i) =>
    s.lines.map((l) => ({
      shipmentId: shipmentIds[i]!,
      lotId: lotIds[l.lotIdx]!,
      itemId: l.itemId,
      quantitySent: l.sent,
      quantityReceived: s.receivedAt ? l.received : null,
    })),
  );
  for (const batch of chunks(lineRows, 1000)) await db.insert(shipmentLines).values(batch);
  for (const batch of chunks([...balances.values()], 1000)) {
    await db.insert(stockBalances).values(
      batch.map((b) => ({
        facilityId: b.facilityId,
        lotId: lotIds[b.lotIdx]!,
        itemId: b.itemId,
        quantity: b.quantity,
        quarantined: b.quarantined,
        quarantineReason: b.quarantineReason,
        lastEntryAt: b.lastEntryAt,
        vvmStage: b.vvmStage,
      })),
    );
  }
  const readingRows = [...balances.values()].flatMap((b) =>
    b.readings.map((r) => ({
      facilityId: b.facilityId,
      lotId: lotIds[b.lotIdx]!,
      source: r.source,
      vvmStage: r.vvmStage,
      quarantined: r.vvmStage >= 3,
      note: r.note,
      recordedAt: r.at ?? undefined,
    })),
  );
  for (const batch of chunks(readingRows, 1000)) await db.insert(lotConditionReadings).values(batch);
  // Demo GTINs (GS1's example company prefix 950600), so a scan of "(01)09506000100012(17)…(10)…"
  // fills the measles vaccine on the receipt, issue and count forms (decision 023).
  const demoGtins = [
    { gtin: "09506000100012", code: "VAC-MR" },
    { gtin: "09506000100029", code: "VAC-BOPV" },
    { gtin: "09506000100036", code: "ORS" },
  ].filter((g) => itemIdOf.has(g.code));
  if (demoGtins.length) {
    await db
      .insert(itemGtins)
      .values(demoGtins.map((g) => ({ gtin: g.gtin, itemId: itemIdOf.get(g.code)! })))
      .onConflictDoNothing();
  }
  for (const count of counts) {
    const [sheet] = await db
      .insert(countSheets)
      .values({
        facilityId: count.facilityId,
        status: "submitted",
        createdBy: null,
        createdAt: count.createdAt,
        submittedAt: count.submittedAt,
        operationId: operationIds[count.opIdx]!,
      })
      .returning({ id: countSheets.id });
    if (count.lines.length) {
      await db.insert(countLines).values(
        count.lines.map((l) => ({ sheetId: sheet!.id, lotId: lotIds[l.lotIdx]!, counted: l.counted, systemQuantity: l.system })),
      );
    }
  }
  return { operations: operations.length, entries: entries.length };
}

/** The demo's facility ids by code, for seedStockHistory. */
export function stockSeedFacilities(codes: { id: number; code: string }[]): StockSeedFacilities {
  const id = (code: string) => {
    const row = codes.find((c) => c.code === code);
    if (!row) throw new Error(`demo facility ${code} is missing`);
    return row.id;
  };
  return { BCH: id("BCH"), LBL: id("LBL"), SVC: id("SVC"), LPG: id("LPG"), ALM: id("ALM") };
}
