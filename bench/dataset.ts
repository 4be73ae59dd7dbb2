// The benchmark's record year: a deterministic dataset bulk-loaded with COPY into a throwaway
// PostgreSQL database. Ledger rows are generated in id order with their running balances; the
// maintained balances and roll-ups are then computed from the loaded rows in SQL, so
// `npm run albergue -- verify` holds by construction.
import { sql as dsql } from "drizzle-orm";
import type { Writable } from "node:stream";
import postgres from "postgres";
import { appendAudit } from "#db/audit.server";
import { openDatabase } from "#db/client.server";
import { insertFacility, type FacilityInput } from "#db/facilities.server";
import { migrate } from "#db/migrate.server";
import { seedDemo } from "#db/seed.server";
import { groupColumnNames } from "#db/schema/census";
import { addDays, startOfZonedDay, zonedDay } from "~/lib/time";
import { seededRandom } from "~/lib/seeded-random";

export interface DatasetOptions {
  url: string;
  /** 1 is the record year of the issue; 0.1 a tenth of every volume. */
  scale: number;
  days: number;
  now: Date;
  timeZone: string;
  seed?: number;
  log?: (message: string) => void;
}

export interface DatasetSummary {
  facilities: number;
  populationEntries: number;
  arrivalEntries: number;
  arrivals: number;
  stockOperations: number;
  stockEntries: number;
  careCases: number;
  encounters: number;
  doses: number;
  openVials: number;
  seconds: number;
}

// Five more facilities on top of the demo's five: the issue asks for at least eight.
const extraFacilities: FacilityInput[] = [
  ["CAN", "Canaán Membrillo", "Darién", 300],
  ["MET", "Metetí", "Darién", 350],
  ["GUA", "Gualaca", "Chiriquí", 250],
  ["PCN", "Paso Canoas", "Chiriquí", 500],
  ["DAV", "David", "Chiriquí", 280],
].map(([code, name, region, beds]) => ({
  code: code as string,
  name: name as string,
  kind: "shelter" as const,
  region: region as string,
  latitude: 8.5,
  longitude: -80,
  beds: beds as number,
  coveredAreaM2: (beds as number) * 4,
  waterLitresPerDay: (beds as number) * 20,
  toilets: Math.ceil((beds as number) / 18),
  status: "open" as const,
  notes: "Benchmark facility.",
}));

// Volumes at scale 1 (per facility and day) chosen to pass the issue's minimums with margin.
const ARRIVAL_ENTRIES_PER_FACILITY_DAY = 22; // × 9 facilities × 365 ≈ 72,000 entries, ≈ 610,000 people
const ISSUES_PER_ITEM_FACILITY_DAY = 56; // × 9 items × 10 facilities × 365 ≈ 1,840,000 issues
const CASES_PER_FACILITY_DAY = 32; // × 9 × 365 ≈ 105,000 cases
const COUNTRIES = ["VE", "HT", "EC", "CO", "CU", "CN", "IN", "AF", "CM", "PE"];
const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;


/** Eight printable characters, unique per id: an odd multiplier is a bijection modulo 2^40. */
export function caseCode(id: number): string {
  let x = (id * 738_547) % 2 ** 40;
  let out = "";
  for (let i = 0; i < 8; i++) {
    out += CODE_ALPHABET[x % 32];
    x = Math.floor(x / 32);
  }
  return out;
}

/** Buffers COPY text rows and writes them to the server with backpressure. */
class CopyWriter {
  private parts: string[] = [];
  private size = 0;
  rows = 0;
  private constructor(private stream: Writable) {}

  static async open(sql: postgres.Sql, table: string, columns: string[]) {
    const stream = await sql.unsafe(`copy ${table} (${columns.join(", ")}) from stdin`).writable();
    return new CopyWriter(stream);
  }

  row(values: (string | number | boolean | null)[]) {
    const line = values.map((v) => (v === null ? "\\N" : String(v))).join("\t") + "\n";
    this.parts.push(line);
    this.size += line.length;
    this.rows++;
  }

  async flush() {
    if (this.size === 0) return;
    const chunk = this.parts.join("");
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once("drain", () => resolve()));
  }

  async end() {
    await this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.once("finish", () => resolve());
      this.stream.end();
    });
  }
}

interface Item {
  id: number;
  code: string;
  lotTracked: boolean;
  category: string;
  dosesPerVial: number | null;
  openVialRule: string | null;
}

interface LotState {
  lotId: number;
  expiry: string | null;
  balance: number;
  reserved: number;
}

interface Vial {
  id: number;
  facilityId: number;
  itemId: number;
  lot: LotState;
  openedAt: Date;
  discardAt: Date;
  perVial: number;
  drawn: number;
}

const BIG_TABLES = [
  "population_entries",
  "population_entry_nationalities",
  "stock_operations",
  "stock_entries",
  "care_cases",
  "care_encounters",
  "open_vials",
  "vaccine_doses",
];

export async function loadDataset(options: DatasetOptions): Promise<DatasetSummary> {
  const started = Date.now();
  const log = options.log ?? (() => {});
  const { scale, days, now, timeZone } = options;
  const rng = seededRandom(options.seed ?? 2026);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const poisson = (mean: number) => Math.floor(mean) + (rng() < mean - Math.floor(mean) ? 1 : 0);

  // Schema, demo accounts and facilities through the app's own code.
  const app = await openDatabase({ url: options.url, max: 2 });
  await migrate(app.db);
  await seedDemo(app.db, { history: false, timeZone, now });
  for (const f of extraFacilities) await insertFacility(app.db, f);
  await appendAudit(app.db, { userId: null, requestId: "bench" }, { action: "seed", entity: "facility", changes: { bench: true } });
  const facilityRows = (await app.db.execute(dsql`select id, code, kind from facilities order by id`)) as unknown as {
    id: number;
    code: string;
    kind: string;
  }[];
  const items = (await app.db.execute(
    dsql`select id, code, lot_tracked as "lotTracked", category, doses_per_vial as "dosesPerVial", open_vial_rule as "openVialRule" from items order by id`,
  )) as unknown as Item[];
  const untrackedLots = (await app.db.execute(dsql`select id, item_id as "itemId" from lots where lot_number = ''`)) as unknown as {
    id: number;
    itemId: number;
  }[];
  await app.close();

  // Bulk load: foreign-key triggers off for the session (the generator keeps references
  // consistent) and secondary indexes rebuilt once at the end rather than row by row.
  const sql = postgres(options.url, { max: 12, onnotice: () => {}, connection: { session_replication_role: "replica" } });
  const indexes = await sql<{ indexname: string; indexdef: string }[]>`
    select i.indexname, i.indexdef from pg_indexes i
    where i.schemaname = 'public' and i.tablename in ${sql(BIG_TABLES)}
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;
  for (const ix of indexes) await sql.unsafe(`drop index "${ix.indexname}"`);

  const firstDay = addDays(zonedDay(now, timeZone), -(days - 1));
  const stockFacilities = facilityRows;
  const counts = groupColumnNames;

  // --- lots: a new lot of every lot-tracked item every 30 days (shared by all facilities) ---
  const lotPeriods = Math.ceil(days / 30) + 1;
  const lotRows: { itemId: number; lotNumber: string; expiry: string; period: number }[] = [];
  for (const item of items.filter((i) => i.lotTracked)) {
    for (let p = 0; p < lotPeriods; p++) {
      lotRows.push({ itemId: item.id, lotNumber: `BN-${item.code}-${p}`, expiry: addDays(firstDay, p * 30 + 400), period: p });
    }
  }
  const lotIds = await sql<{ id: number }[]>`
    insert into lots (item_id, lot_number, expiry, manufacturer)
    select * from unnest(${lotRows.map((l) => l.itemId)}::int[], ${lotRows.map((l) => l.lotNumber)}::text[],
                         ${lotRows.map((l) => l.expiry)}::date[], ${lotRows.map(() => "Bench")}::text[])
    returning id`;
  const lotOf = new Map<string, { id: number; expiry: string | null }>();
  lotRows.forEach((l, i) => lotOf.set(`${l.itemId}:${l.period}`, { id: lotIds[i]!.id, expiry: l.expiry }));
  for (const l of untrackedLots) lotOf.set(`${l.itemId}:u`, { id: l.id, expiry: null });

  const popW = await CopyWriter.open(sql, "population_entries", [
    "id", "facility_id", "kind", "sign", "occurred_at", "day", "recorded_at", "idempotency_key", ...counts,
    "total", "biometrics_registered", "origin", "destination",
  ]);
  const natW = await CopyWriter.open(sql, "population_entry_nationalities", ["entry_id", "country", "count"]);
  const opW = await CopyWriter.open(sql, "stock_operations", [
    "id", "facility_id", "kind", "idempotency_key", "occurred_at", "recorded_at", "reason", "document_ref", "people_served", "notes",
  ]);
  const seW = await CopyWriter.open(sql, "stock_entries", [
    "id", "operation_id", "facility_id", "item_id", "lot_id", "kind", "quantity", "balance_after", "occurred_at",
  ]);
  const caseW = await CopyWriter.open(sql, "care_cases", [
    "id", "code", "facility_id", "name", "document_number", "sex", "birth_date", "nationality", "family_group", "pregnant",
    "last_menstrual_period", "estimated_due_date", "arrival_date", "status", "created_at", "updated_at",
  ]);
  const encW = await CopyWriter.open(sql, "care_encounters", [
    "id", "case_id", "facility_id", "kind", "occurred_at", "idempotency_key", "weight_kg", "height_cm", "muac_mm", "oedema",
    "nutrition", "rutf_sachets_per_day", "gestational_weeks", "systolic", "diastolic", "contact_number", "next_contact_date", "danger_signs",
  ]);
  const doseW = await CopyWriter.open(sql, "vaccine_doses", [
    "id", "case_id", "facility_id", "item_id", "dose_number", "status", "occurred_at", "idempotency_key", "lot_id", "open_vial_id",
    "stock_operation_id", "next_due_date",
  ]);
  // Vials are written when they close (or at the end), so their final counts are known.
  const vialRows: string[][] = [];
  const writers = [popW, natW, opW, seW, caseW, encW, doseW];

  let popId = 0, opId = 0, entryId = 0, caseId = 0, encId = 0, doseId = 0, vialId = 0;
  let arrivals = 0, arrivalEntries = 0;
  const iso = (d: Date) => d.toISOString();

  // --- population: arrivals, and each group leaves one to three days later ---
  const departures = new Map<number, { at: Date; counts: number[] }[]>();
  function composition(n: number): number[] {
    const minors = Math.round(n * (0.15 + rng() * 0.2));
    const infants = Math.round(minors * 0.15 * rng() * 2);
    const toddlers = Math.min(minors - infants, Math.round(minors * 0.35));
    const teens = minors - infants - toddlers;
    const adults = n - minors;
    const half = (k: number) => Math.round(k * (0.35 + rng() * 0.2));
    const aw = half(adults), i0 = half(infants), t0 = half(toddlers), g5 = half(teens);
    const base = [adults - aw, aw, infants - i0, i0, toddlers - t0, t0, teens - g5, g5];
    const women = aw + g5;
    const pregnant = Math.min(women, rng() < 0.15 ? 1 : 0);
    const lactating = Math.min(women, rng() < 0.1 ? 1 : 0);
    const unaccompanied = Math.min(minors, rng() < 0.05 ? 1 : 0);
    const disabilities = Math.min(n, rng() < 0.04 ? 1 : 0);
    return [...base, pregnant, lactating, unaccompanied, disabilities];
  }
  function writeMovement(facilityId: number, kind: "arrival" | "departure", at: Date, c: number[]) {
    const id = ++popId;
    const total = c.slice(0, 8).reduce((a, b) => a + b, 0);
    const biometrics = kind === "arrival" ? total - (rng() < 0.1 ? Math.min(total, 1) : 0) : 0;
    popW.row([id, facilityId, kind, kind === "arrival" ? 1 : -1, iso(at), zonedDay(at, timeZone), iso(at), `bench-p-${id}`, ...c,
      total, biometrics, kind === "arrival" ? "Selva del Darién" : "", kind === "departure" ? "Costa Rica" : ""]);
    if (kind === "arrival") {
      arrivals += total;
      arrivalEntries++;
      const first = COUNTRIES[Math.floor(rng() * rng() * COUNTRIES.length)]!;
      if (total >= 4 && rng() < 0.3) {
        let second = COUNTRIES[int(0, COUNTRIES.length - 1)]!;
        if (second === first) second = first === "VE" ? "HT" : "VE";
        const split = int(1, total - 1);
        natW.row([id, first, total - split]);
        natW.row([id, second, split]);
      } else natW.row([id, first, total]);
    }
  }

  // --- stock state ---
  const vaccineItems = items.filter((i) => i.category === "vaccine");
  const goodsItems = items.filter((i) => i.category !== "vaccine");
  const lotState = new Map<string, LotState[]>(); // facility:item -> lots in FEFO order (oldest first)
  const stockOf = (facilityId: number, itemId: number) => {
    const key = `${facilityId}:${itemId}`;
    let list = lotState.get(key);
    if (!list) lotState.set(key, (list = []));
    return list;
  };
  function entry(op: number, facilityId: number, itemId: number, lot: LotState, kind: string, quantity: number, at: Date) {
    lot.balance += quantity;
    if (lot.balance < 0) throw new Error("generator produced a negative balance");
    seW.row([++entryId, op, facilityId, itemId, lot.lotId, kind, quantity, lot.balance, iso(at)]);
  }
  function operation(facilityId: number, kind: string, at: Date, extra: { reason?: string; peopleServed?: number; notes?: string; key?: string } = {}) {
    const id = ++opId;
    opW.row([id, facilityId, kind, extra.key ?? `bench-s-${id}`, iso(at), iso(at), extra.reason ?? null, kind === "receipt" ? `GR-${id}` : "",
      extra.peopleServed ?? null, extra.notes ?? ""]);
    return id;
  }
  function receive(facilityId: number, item: Item, dayIndex: number, at: Date, quantity: number) {
    const lotRef = item.lotTracked ? lotOf.get(`${item.id}:${Math.floor(dayIndex / 30)}`)! : lotOf.get(`${item.id}:u`)!;
    const list = stockOf(facilityId, item.id);
    let lot = list.find((l) => l.lotId === lotRef.id);
    if (!lot) list.push((lot = { lotId: lotRef.id, expiry: lotRef.expiry, balance: 0, reserved: 0 }));
    const op = operation(facilityId, "receipt", at);
    entry(op, facilityId, item.id, lot, "receipt", quantity, at);
  }
  function issue(facilityId: number, item: Item, at: Date, wanted: number) {
    const list = stockOf(facilityId, item.id);
    const available = list.reduce((s, l) => s + l.balance, 0);
    let left = Math.min(wanted, available);
    if (left <= 0) return;
    const op = operation(facilityId, "issue", at, { peopleServed: Math.max(1, Math.round(left / 2)) });
    for (const lot of list) {
      if (left === 0) break;
      const take = Math.min(left, lot.balance);
      if (take > 0) {
        entry(op, facilityId, item.id, lot, "issue", -take, at);
        left -= take;
      }
    }
  }

  // --- vaccination state ---
  const openVial = new Map<string, Vial>(); // facility:item
  function closeVial(v: Vial, status: "finished" | "expired") {
    let wastageOp: number | null = null;
    if (status === "expired") {
      const left = Math.min(v.perVial - v.drawn, v.lot.balance);
      if (left > 0) {
        wastageOp = operation(v.facilityId, "adjustment", v.discardAt, { reason: "open_vial_expired", notes: `open vial ${v.id}` });
        entry(wastageOp, v.facilityId, v.itemId, v.lot, "adjustment", -left, v.discardAt);
      }
    }
    v.lot.reserved -= v.perVial - v.drawn;
    vialRows.push([String(v.id), String(v.facilityId), String(v.itemId), String(v.lot.lotId), iso(v.openedAt), iso(v.discardAt),
      String(v.perVial), String(v.drawn), status, wastageOp === null ? "\\N" : String(wastageOp)]);
  }
  function expireVials(facilityId: number, until: Date) {
    for (const item of vaccineItems) {
      const key = `${facilityId}:${item.id}`;
      const v = openVial.get(key);
      if (v && v.discardAt <= until) {
        closeVial(v, "expired");
        openVial.delete(key);
      }
    }
  }
  /** One dose given: a stock issue of one dose, from an open vial for multi-dose vaccines. */
  function giveDose(facilityId: number, item: Item, cid: number, doseNumber: number, at: Date, day: string): boolean {
    const multi = (item.dosesPerVial ?? 1) > 1;
    const list = stockOf(facilityId, item.id);
    let lot: LotState | undefined;
    let vial: Vial | undefined;
    if (multi) {
      const key = `${facilityId}:${item.id}`;
      vial = openVial.get(key);
      if (vial && vial.discardAt <= at) {
        closeVial(vial, "expired");
        openVial.delete(key);
        vial = undefined;
      }
      if (!vial) {
        lot = list.find((l) => l.balance - l.reserved >= item.dosesPerVial! && (l.expiry === null || l.expiry >= day));
        if (!lot) return false;
        const perVial = item.dosesPerVial!;
        vial = {
          id: ++vialId, facilityId, itemId: item.id, lot, openedAt: at, perVial, drawn: 0,
          discardAt: new Date(at.getTime() + (item.openVialRule === "session_end" ? 6 : 28 * 24) * HOUR),
        };
        lot.reserved += perVial;
        openVial.set(key, vial);
      }
      lot = vial.lot;
    } else {
      lot = list.find((l) => l.balance - l.reserved >= 1 && (l.expiry === null || l.expiry >= day));
      if (!lot) return false;
    }
    const id = ++doseId;
    const key = `bench-d-${id}`;
    const op = operation(facilityId, "issue", at, { key: `${key}:dose`, notes: vial ? `vaccine dose, open vial ${vial.id}` : "vaccine dose" });
    entry(op, facilityId, item.id, lot, "issue", -1, at);
    if (vial) {
      vial.drawn++;
      lot.reserved--;
    }
    doseW.row([id, cid, facilityId, item.id, doseNumber, "given", iso(at), key, lot.lotId, vial ? vial.id : null, op, addDays(day, 28)]);
    if (vial && vial.drawn === vial.perVial) {
      closeVial(vial, "finished");
      openVial.delete(`${facilityId}:${item.id}`);
    }
    return true;
  }
  const byCode = new Map(items.map((i) => [i.code, i]));
  const vaccine = (code: string) => byCode.get(code)!;

  // Demand sizes per goods item (units per issue).
  const issueSize: Record<string, [number, number]> = {
    "RATION-KIT": [1, 12], "WATER-L": [5, 60], RUTF: [1, 6], RUSF: [1, 4], FORMULA: [1, 2], SOAP: [1, 5],
    "HYGIENE-KIT": [1, 3], DIAPERS: [4, 30], ORS: [1, 4],
  };
  const issuesPerItemDay = ISSUES_PER_ITEM_FACILITY_DAY * scale;
  const weeklyNeed = (code: string) => {
    const [lo, hi] = issueSize[code] ?? [1, 5];
    return Math.ceil(issuesPerItemDay * 7 * (lo + hi) / 2 * 1.6) + 50;
  };
  const vaccineWeekly = Math.ceil(CASES_PER_FACILITY_DAY * scale * 7 * 1.0 * 1.8) + 60;

  for (let d = 0; d < days; d++) {
    const day = addDays(firstDay, d);
    const dayStart = startOfZonedDay(day, timeZone).getTime();
    const at = (hours: number) => new Date(dayStart + hours * HOUR);
    for (const f of stockFacilities) {
      const people = f.kind !== "warehouse";
      // Population: arrivals between 06:00 and 20:00; departures whose time falls today.
      const events: { at: Date; run: () => void }[] = [];
      if (people) {
        const n = poisson(ARRIVAL_ENTRIES_PER_FACILITY_DAY * scale);
        for (let k = 0; k < n; k++) {
          const t = at(6 + rng() * 14);
          const c = composition(int(2, 15));
          events.push({ at: t, run: () => writeMovement(f.id, "arrival", t, c) });
          const leaves = new Date(t.getTime() + DAY * (1 + rng() * 2));
          const list = departures.get(f.id) ?? [];
          list.push({ at: leaves, counts: c });
          departures.set(f.id, list);
        }
        const pending = departures.get(f.id) ?? [];
        const end = dayStart + DAY;
        const due = pending.filter((p) => p.at.getTime() < end);
        departures.set(f.id, pending.filter((p) => p.at.getTime() >= end));
        for (const p of due) events.push({ at: p.at, run: () => writeMovement(f.id, "departure", p.at, p.counts) });
      }
      // Stock: weekly receipts at 07:00 (and on the first day), issues through the day.
      if (d % 7 === 0) {
        for (const item of goodsItems) events.push({ at: at(7), run: () => receive(f.id, item, d, at(7), weeklyNeed(item.code) * (d === 0 ? 2 : 1)) });
        if (people) for (const item of vaccineItems) events.push({ at: at(7), run: () => receive(f.id, item, d, at(7), vaccineWeekly * (d === 0 ? 2 : 1)) });
      }
      for (const item of goodsItems) {
        const n = poisson(issuesPerItemDay);
        const [lo, hi] = issueSize[item.code] ?? [1, 5];
        for (let k = 0; k < n; k++) {
          const t = at(8 + rng() * 10);
          const q = int(lo, hi);
          events.push({ at: t, run: () => issue(f.id, item, t, q) });
        }
      }
      // Care: children under five (most) and pregnant women, screened and vaccinated on arrival.
      if (people) {
        const n = poisson(CASES_PER_FACILITY_DAY * scale);
        for (let k = 0; k < n; k++) {
          const t = at(8 + rng() * 8);
          events.push({
            at: t,
            run: () => {
              const cid = ++caseId;
              const child = rng() < 0.85;
              const ageDays = child ? int(14, 5 * 365 - 1) : 0;
              const female = child ? rng() < 0.5 : true;
              const weeks = int(8, 36);
              const closed = now.getTime() - t.getTime() > 21 * DAY;
              caseW.row([cid, caseCode(cid), f.id, `Caso ${cid}`, "", female ? "female" : "male",
                child ? addDays(day, -ageDays) : addDays(day, -int(18, 40) * 365), COUNTRIES[int(0, 9)]!, `FAM-${Math.floor(cid / 3)}`,
                !child, child ? null : addDays(day, -weeks * 7), child ? null : addDays(day, 280 - weeks * 7), day,
                closed ? "closed" : "open", iso(t), iso(t)]);
              // Encounters: on arrival, then a week and two weeks later when still here.
              for (let e = 0; e < 3; e++) {
                const et = new Date(t.getTime() + e * 7 * DAY);
                if (et > now) break;
                const eid = ++encId;
                const eday = zonedDay(et, timeZone);
                const next = e < 2 ? addDays(eday, 7) : null;
                if (child) {
                  const muac = int(105, 170);
                  const nutrition = muac < 115 ? "sam" : muac < 125 ? "mam" : "normal";
                  encW.row([eid, cid, f.id, "child", iso(et), `bench-e-${eid}`, (3 + ageDays / 120).toFixed(1), (50 + ageDays / 30).toFixed(1),
                    muac, false, nutrition, nutrition === "sam" ? 3 : null, null, null, null, null, next, "[]"]);
                } else {
                  encW.row([eid, cid, f.id, "antenatal", iso(et), `bench-e-${eid}`, null, null, null, null, null, null,
                    Math.min(42, weeks + e), int(100, 135), int(60, 88), e + 1, next, "[]"]);
                }
              }
              // Doses on arrival by age; pregnant women get Td.
              const schedule = !child ? ["VAC-TD"] : ageDays < 365 ? ["VAC-HEXA", "VAC-PCV13", "VAC-ROTA", "VAC-BOPV"] : ["VAC-MR", "VAC-BOPV", "VAC-PCV13", "VAC-FLU"];
              for (const code of schedule) giveDose(f.id, vaccine(code), cid, child ? 1 + Math.floor(ageDays / 120) % 3 : 1, t, day);
            },
          });
        }
      }
      events.sort((a, b) => a.at.getTime() - b.at.getTime());
      for (const e of events) if (e.at <= now) e.run();
      // Session-end vials close with the day; 28-day vials when their time is up.
      expireVials(f.id, new Date(Math.min(dayStart + DAY, now.getTime())));
    }
    await Promise.all(writers.map((w) => w.flush()));
    if (d % 60 === 59) log(`day ${d + 1}/${days}: ${popId} population entries, ${entryId} stock entries, ${caseId} cases`);
  }
  for (const [, v] of openVial) {
    vialRows.push([String(v.id), String(v.facilityId), String(v.itemId), String(v.lot.lotId), iso(v.openedAt), iso(v.discardAt),
      String(v.perVial), String(v.drawn), "open", "\\N"]);
  }
  await Promise.all(writers.map((w) => w.end()));
  const vialW = await CopyWriter.open(sql, "open_vials", [
    "id", "facility_id", "item_id", "lot_id", "opened_at", "discard_at", "doses_per_vial", "doses_drawn", "status", "wastage_operation_id",
  ]);
  for (const r of vialRows) vialW.row(r);
  await vialW.end();
  log(`copied in ${((Date.now() - started) / 1000).toFixed(0)} s; building indexes and roll-ups`);

  // Secondary indexes, rebuilt in parallel on two connections.
  const queue = [...indexes];
  await Promise.all([0, 1].map(async () => {
    for (let ix = queue.shift(); ix; ix = queue.shift()) await sql.unsafe(ix.indexdef);
  }));

  // Maintained balances and roll-ups, computed from the ledgers just loaded.
  const sums = counts.map((c) => `sum(sign * ${c})`).join(", ");
  await sql.unsafe(`insert into census (facility_id, ${counts.join(", ")}, last_entry_at, updated_at)
    select facility_id, ${sums}, max(occurred_at), now() from population_entries group by facility_id`);
  const moved = (kind: string) => `coalesce(sum(total) filter (where kind = '${kind}'), 0)`;
  await sql.unsafe(`insert into daily_population (facility_id, day, arrivals, departures, transfers_in, transfers_out, entries, biometrics_registered, ${counts.join(", ")})
    select facility_id, day, ${moved("arrival")}, ${moved("departure")}, ${moved("transfer_in")}, ${moved("transfer_out")}, count(*),
      coalesce(sum(biometrics_registered) filter (where kind = 'arrival'), 0), ${sums}
    from population_entries group by facility_id, day`);
  await sql.unsafe(`insert into daily_nationalities (facility_id, day, country, arrivals)
    select e.facility_id, e.day, n.country, sum(e.sign * n.count) from population_entries e
    join population_entry_nationalities n on n.entry_id = e.id where e.kind = 'arrival' group by 1, 2, 3`);
  await sql.unsafe(`insert into stock_balances (facility_id, lot_id, item_id, quantity, last_entry_at)
    select facility_id, lot_id, min(item_id), sum(quantity), max(occurred_at) from stock_entries group by facility_id, lot_id`);
  for (const table of ["population_entries", "stock_operations", "stock_entries", "care_cases", "care_encounters", "open_vials", "vaccine_doses"]) {
    await sql.unsafe(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 0) + 1, false)`);
  }
  // What autovacuum would have done on a database that grew over a year: statistics and the
  // visibility map (index-only scans depend on it).
  await sql.unsafe("vacuum analyze");
  await sql.end();

  return {
    facilities: facilityRows.length,
    populationEntries: popId,
    arrivalEntries,
    arrivals,
    stockOperations: opId,
    stockEntries: entryId,
    careCases: caseId,
    encounters: encId,
    doses: doseId,
    openVials: vialId,
    seconds: (Date.now() - started) / 1000,
  };
}
