import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { getCensus, netChangeAfter } from "./census.server";
import {
  careEncounters,
  dhis2Mappings,
  dhis2OrgUnits,
  dhis2Pushes,
  dhis2Settings,
  facilities,
  items,
  populationEntries,
  stockBalances,
  stockEntries,
  vaccineDoses,
} from "./schema";
import { queryRows } from "./sql.server";
import type { Db } from "./types";
import {
  detailKindOf,
  indicatorKey,
  parseDoseDetail,
  stockoutDays,
  type ImportSummary,
  type IndicatorKind,
  type Mapping,
  type PeriodType,
} from "../app/lib/domain/dhis2";
import { allGroups, baseGroups, type Group } from "../app/lib/domain/population";

/**
 * The DHIS2 push (decision 027): its settings, mappings and log, and the indicator values of one
 * facility over one period. Every value query names its facility in the where clause and
 * returns counts only.
 */

// ---------------------------------------------------------------------------------------
// Settings, org units and mappings

export interface Dhis2Settings {
  dataSet: string;
  periodType: PeriodType;
  scheduled: boolean;
}

export async function getDhis2Settings(db: Db): Promise<Dhis2Settings> {
  const [row] = await db
    .select({ dataSet: dhis2Settings.dataSet, periodType: dhis2Settings.periodType, scheduled: dhis2Settings.scheduled })
    .from(dhis2Settings)
    .where(eq(dhis2Settings.id, 1));
  return row ? { ...row, periodType: row.periodType as PeriodType } : { dataSet: "", periodType: "week", scheduled: false };
}

/** Replaces the settings; returns what they were. */
export async function saveDhis2Settings(db: Db, settings: Dhis2Settings, userId: number | null): Promise<Dhis2Settings> {
  const before = await getDhis2Settings(db);
  const values = { ...settings, updatedAt: new Date(), updatedBy: userId };
  await db.insert(dhis2Settings).values({ id: 1, ...values }).onConflictDoUpdate({ target: dhis2Settings.id, set: values });
  return before;
}

/** Every facility with its organisation unit code ("" when it has none). */
export async function listOrgUnits(db: Db) {
  const rows = await db
    .select({ facilityId: facilities.id, code: facilities.code, name: facilities.name, orgUnit: dhis2OrgUnits.orgUnit })
    .from(facilities)
    .leftJoin(dhis2OrgUnits, eq(dhis2OrgUnits.facilityId, facilities.id))
    .orderBy(asc(facilities.code));
  return rows.map((r) => ({ ...r, orgUnit: r.orgUnit ?? "" }));
}

/** Sets one facility's organisation unit code ("" removes it); returns the previous one. */
export async function setOrgUnit(db: Db, facilityId: number, orgUnit: string): Promise<string> {
  const [before] = await db.select({ orgUnit: dhis2OrgUnits.orgUnit }).from(dhis2OrgUnits).where(eq(dhis2OrgUnits.facilityId, facilityId));
  if (orgUnit === "") await db.delete(dhis2OrgUnits).where(eq(dhis2OrgUnits.facilityId, facilityId));
  else await db.insert(dhis2OrgUnits).values({ facilityId, orgUnit }).onConflictDoUpdate({ target: dhis2OrgUnits.facilityId, set: { orgUnit } });
  return before?.orgUnit ?? "";
}

/** The facility that already uses an organisation unit code, other than `facilityId`. */
export async function orgUnitTakenBy(db: Db, orgUnit: string, facilityId: number): Promise<string | null> {
  const [row] = await db
    .select({ code: facilities.code })
    .from(dhis2OrgUnits)
    .innerJoin(facilities, eq(facilities.id, dhis2OrgUnits.facilityId))
    .where(and(eq(dhis2OrgUnits.orgUnit, orgUnit), sql`${dhis2OrgUnits.facilityId} <> ${facilityId}`));
  return row?.code ?? null;
}

export async function listMappings(db: Db) {
  const rows = await db
    .select({
      id: dhis2Mappings.id,
      indicator: dhis2Mappings.indicator,
      detail: dhis2Mappings.detail,
      dataElement: dhis2Mappings.dataElement,
      categoryOptionCombo: dhis2Mappings.categoryOptionCombo,
    })
    .from(dhis2Mappings)
    .orderBy(asc(dhis2Mappings.indicator), asc(dhis2Mappings.detail));
  return rows.map((r) => ({ ...r, indicator: r.indicator as IndicatorKind }));
}

/** Adds a mapping; "taken" when the indicator or the DHIS2 cell is already mapped. */
export async function insertMapping(db: Db, mapping: Mapping): Promise<{ id: number } | "indicator-taken" | "cell-taken"> {
  const [sameIndicator] = await db
    .select({ id: dhis2Mappings.id })
    .from(dhis2Mappings)
    .where(and(eq(dhis2Mappings.indicator, mapping.indicator), eq(dhis2Mappings.detail, mapping.detail)));
  if (sameIndicator) return "indicator-taken";
  const [sameCell] = await db
    .select({ id: dhis2Mappings.id })
    .from(dhis2Mappings)
    .where(and(eq(dhis2Mappings.dataElement, mapping.dataElement), eq(dhis2Mappings.categoryOptionCombo, mapping.categoryOptionCombo)));
  if (sameCell) return "cell-taken";
  // A concurrent twin loses on the unique indexes and is answered the same way.
  const [row] = await db.insert(dhis2Mappings).values(mapping).onConflictDoNothing().returning({ id: dhis2Mappings.id });
  return row ?? "indicator-taken";
}

export async function deleteMapping(db: Db, id: number) {
  const [row] = await db.delete(dhis2Mappings).where(eq(dhis2Mappings.id, id)).returning({
    indicator: dhis2Mappings.indicator,
    detail: dhis2Mappings.detail,
    dataElement: dhis2Mappings.dataElement,
    categoryOptionCombo: dhis2Mappings.categoryOptionCombo,
  });
  return row;
}

// ---------------------------------------------------------------------------------------
// The push log

export interface PushClaim {
  facilityId: number;
  idempotencyKey: string;
  trigger: "manual" | "schedule";
  dryRun: boolean;
  dataSet: string;
  period: string;
  orgUnit: string;
  payload: unknown;
  requestedBy: number | null;
}

/** Claims a push under its key: the new row's id, or null when that key was sent already. */
export async function claimPush(db: Db, claim: PushClaim): Promise<number | null> {
  const [row] = await db.insert(dhis2Pushes).values(claim).onConflictDoNothing().returning({ id: dhis2Pushes.id });
  return row?.id ?? null;
}

export interface PushResult {
  httpStatus: number | null;
  summary: ImportSummary | null;
  error: string;
}

export async function completePush(db: Db, facilityId: number, pushId: number, result: PushResult) {
  const s = result.summary;
  await db
    .update(dhis2Pushes)
    .set({
      status: s?.status || "failed",
      httpStatus: result.httpStatus,
      imported: s?.imported ?? null,
      updated: s?.updated ?? null,
      ignored: s?.ignored ?? null,
      deleted: s?.deleted ?? null,
      conflicts: s?.conflicts ?? [],
      error: result.error,
      completedAt: new Date(),
    })
    .where(and(eq(dhis2Pushes.facilityId, facilityId), eq(dhis2Pushes.id, pushId)));
}

/** The log, newest first; `facilityId` narrows it to one facility. */
export async function listPushes(db: Db, options: { facilityId?: number; limit: number }) {
  return db
    .select({
      id: dhis2Pushes.id,
      facilityCode: facilities.code,
      trigger: dhis2Pushes.trigger,
      dryRun: dhis2Pushes.dryRun,
      dataSet: dhis2Pushes.dataSet,
      period: dhis2Pushes.period,
      orgUnit: dhis2Pushes.orgUnit,
      status: dhis2Pushes.status,
      httpStatus: dhis2Pushes.httpStatus,
      imported: dhis2Pushes.imported,
      updated: dhis2Pushes.updated,
      ignored: dhis2Pushes.ignored,
      deleted: dhis2Pushes.deleted,
      conflicts: dhis2Pushes.conflicts,
      error: dhis2Pushes.error,
      requestedAt: dhis2Pushes.requestedAt,
      completedAt: dhis2Pushes.completedAt,
    })
    .from(dhis2Pushes)
    .innerJoin(facilities, eq(facilities.id, dhis2Pushes.facilityId))
    .where(options.facilityId === undefined ? undefined : eq(dhis2Pushes.facilityId, options.facilityId))
    .orderBy(desc(dhis2Pushes.id))
    .limit(options.limit);
}

// ---------------------------------------------------------------------------------------
// Indicator values

export interface PeriodWindow {
  /** First and last calendar day, both included (the population ledger's `day`). */
  start: string;
  end: string;
  /** The same days as instants in the deployment's time zone: [from, until). */
  from: Date;
  until: Date;
  /** The calendar day of an instant in the deployment's time zone. */
  dayOf: (instant: Date) => string;
}

const sumOf = (column: SQL | typeof populationEntries.total) => sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

async function arrivalsByGroup(db: Db, facilityId: number, w: PeriodWindow) {
  const [row] = await db
    .select({
      ...(Object.fromEntries(allGroups.map((g) => [g, sumOf(sql`${populationEntries[g]}`)])) as Record<Group, SQL<number>>),
      total: sumOf(populationEntries.total),
    })
    .from(populationEntries)
    .where(
      and(
        eq(populationEntries.facilityId, facilityId),
        eq(populationEntries.kind, "arrival"),
        gte(populationEntries.day, w.start),
        lte(populationEntries.day, w.end),
        // An arrival recorded by mistake and reversed did not happen. Written out: drizzle leaves
        // a lone table's columns unqualified, and inside the subquery "id" would be the reversal's.
        sql`not exists (select 1 from population_entries r where r.reverses_entry_id = population_entries.id)`,
      ),
    );
  return row ?? null;
}

/** The census at the end of the last day: today's, less every net change after that day. */
async function censusAtEnd(db: Db, facilityId: number, w: PeriodWindow) {
  const [{ counts }, after] = await Promise.all([getCensus(db, facilityId), netChangeAfter(db, facilityId, w.end)]);
  const atEnd = Object.fromEntries(allGroups.map((g) => [g, counts[g] - after[g]])) as Record<Group, number>;
  return { ...atEnd, total: baseGroups.reduce((sum, g) => sum + atEnd[g], 0) };
}

/** Children whose first SAM (or MAM) screening at this facility falls in the period. */
async function nutritionAdmissions(db: Db, facilityId: number, w: PeriodWindow) {
  const rows = await queryRows<{ nutrition: string; n: number | string }>(
    db,
    sql`select first_class.nutrition, count(*) as n from (
          select e.case_id, e.nutrition, min(e.occurred_at) as first_at
          from care_encounters e
          where e.facility_id = ${facilityId} and e.kind = 'child' and e.nutrition in ('sam', 'mam')
          group by e.case_id, e.nutrition
        ) first_class
        where first_class.first_at >= ${w.from.toISOString()} and first_class.first_at < ${w.until.toISOString()}
        group by first_class.nutrition`,
  );
  return new Map(rows.map((r) => [r.nutrition, Number(r.n)]));
}

async function dosesGiven(db: Db, facilityId: number, w: PeriodWindow) {
  const rows = await db
    .select({ itemCode: items.code, doseNumber: vaccineDoses.doseNumber, n: count() })
    .from(vaccineDoses)
    .innerJoin(items, eq(items.id, vaccineDoses.itemId))
    .where(
      and(
        eq(vaccineDoses.facilityId, facilityId),
        eq(vaccineDoses.status, "given"),
        // Doses given here: a dose copied from a card was given elsewhere and is not this facility's.
        eq(vaccineDoses.source, "here"),
        gte(vaccineDoses.occurredAt, w.from),
        lt(vaccineDoses.occurredAt, w.until),
      ),
    )
    .groupBy(items.code, vaccineDoses.doseNumber);
  return new Map(rows.map((r) => [`${r.itemCode}:${r.doseNumber}`, Number(r.n)]));
}

async function antenatalContacts(db: Db, facilityId: number, w: PeriodWindow) {
  const [row] = await db
    .select({ n: count() })
    .from(careEncounters)
    .where(
      and(
        eq(careEncounters.facilityId, facilityId),
        eq(careEncounters.kind, "antenatal"),
        gte(careEncounters.occurredAt, w.from),
        lt(careEncounters.occurredAt, w.until),
      ),
    );
  return Number(row?.n ?? 0);
}

/** On hand at the end of the period per item code, and each day's net movement in it. */
async function stockAtEnd(db: Db, facilityId: number, w: PeriodWindow, codes: string[]) {
  const found = await db.select({ id: items.id, code: items.code }).from(items).where(inArray(items.code, codes));
  const ids = found.map((i) => i.id);
  if (ids.length === 0) return { onHand: new Map<string, number>(), netByDay: new Map<string, Map<string, number>>() };
  const codeOf = new Map(found.map((i) => [i.id, i.code]));
  const [now, after, during] = await Promise.all([
    db
      .select({ itemId: stockBalances.itemId, quantity: sumOf(sql`${stockBalances.quantity}`) })
      .from(stockBalances)
      .where(and(eq(stockBalances.facilityId, facilityId), inArray(stockBalances.itemId, ids)))
      .groupBy(stockBalances.itemId),
    db
      .select({ itemId: stockEntries.itemId, quantity: sumOf(sql`${stockEntries.quantity}`) })
      .from(stockEntries)
      .where(and(eq(stockEntries.facilityId, facilityId), inArray(stockEntries.itemId, ids), gte(stockEntries.occurredAt, w.until)))
      .groupBy(stockEntries.itemId),
    db
      .select({ itemId: stockEntries.itemId, quantity: stockEntries.quantity, occurredAt: stockEntries.occurredAt })
      .from(stockEntries)
      .where(
        and(
          eq(stockEntries.facilityId, facilityId),
          inArray(stockEntries.itemId, ids),
          gte(stockEntries.occurredAt, w.from),
          lt(stockEntries.occurredAt, w.until),
        ),
      ),
  ]);
  const onHand = new Map<string, number>(found.map((i) => [i.code, 0]));
  for (const r of now) onHand.set(codeOf.get(r.itemId)!, Number(r.quantity));
  for (const r of after) onHand.set(codeOf.get(r.itemId)!, (onHand.get(codeOf.get(r.itemId)!) ?? 0) - Number(r.quantity));
  const netByDay = new Map<string, Map<string, number>>();
  for (const r of during) {
    const code = codeOf.get(r.itemId)!;
    const days = netByDay.get(code) ?? new Map<string, number>();
    const day = w.dayOf(r.occurredAt);
    days.set(day, (days.get(day) ?? 0) + Number(r.quantity));
    netByDay.set(code, days);
  }
  return { onHand, netByDay };
}

/**
 * The value of every mapped indicator at one facility over one period, keyed by
 * indicatorKey(kind, detail). Only the indicators mapped are counted.
 */
export async function indicatorValues(db: Db, facilityId: number, w: PeriodWindow, mappings: readonly Mapping[]): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  const kinds = new Set(mappings.map((m) => m.indicator));
  const detailsOf = (kind: IndicatorKind) => mappings.filter((m) => m.indicator === kind).map((m) => m.detail);

  if (kinds.has("arrivals")) {
    const row = await arrivalsByGroup(db, facilityId, w);
    for (const d of detailsOf("arrivals")) values.set(indicatorKey("arrivals", d), Number(row?.[d as Group | "total"] ?? 0));
  }
  if (kinds.has("census")) {
    const row = await censusAtEnd(db, facilityId, w);
    for (const d of detailsOf("census")) values.set(indicatorKey("census", d), row[d as Group | "total"] ?? 0);
  }
  if (kinds.has("sam_admissions") || kinds.has("mam_admissions")) {
    const admissions = await nutritionAdmissions(db, facilityId, w);
    values.set(indicatorKey("sam_admissions", ""), admissions.get("sam") ?? 0);
    values.set(indicatorKey("mam_admissions", ""), admissions.get("mam") ?? 0);
  }
  if (kinds.has("doses")) {
    const doses = await dosesGiven(db, facilityId, w);
    for (const d of detailsOf("doses")) {
      const dose = parseDoseDetail(d);
      values.set(indicatorKey("doses", d), dose ? (doses.get(`${dose.itemCode}:${dose.doseNumber}`) ?? 0) : 0);
    }
  }
  if (kinds.has("anc_contacts")) values.set(indicatorKey("anc_contacts", ""), await antenatalContacts(db, facilityId, w));

  const stockCodes = [...new Set(mappings.filter((m) => detailKindOf(m.indicator) === "item").map((m) => m.detail))];
  if (stockCodes.length) {
    const { onHand, netByDay } = await stockAtEnd(db, facilityId, w, stockCodes);
    for (const d of detailsOf("stock_on_hand")) values.set(indicatorKey("stock_on_hand", d), onHand.get(d) ?? 0);
    for (const d of detailsOf("stockout_days")) {
      values.set(indicatorKey("stockout_days", d), stockoutDays(w, onHand.get(d) ?? 0, netByDay.get(d) ?? new Map()));
    }
  }
  return values;
}

const ABANDONED_AFTER_MS = 30 * 60_000;

/**
 * Per facility, whether a scheduled push under `keyPrefix` went through (any row that did not
 * fail) and how many attempts failed, so an unreachable DHIS2 is tried again on a later tick.
 */
export async function scheduledAttempts(db: Db, keyPrefix: string, facilityIds: number[]) {
  const result = new Map<number, { done: boolean; failures: number }>(facilityIds.map((id) => [id, { done: false, failures: 0 }]));
  if (facilityIds.length === 0) return result;
  const rows = await db
    .select({ facilityId: dhis2Pushes.facilityId, status: dhis2Pushes.status, requestedAt: dhis2Pushes.requestedAt })
    .from(dhis2Pushes)
    .where(and(inArray(dhis2Pushes.facilityId, facilityIds), sql`${dhis2Pushes.idempotencyKey} like ${`${keyPrefix}:%`}`));
  // A push still "sending" long after its timeout lost its server mid-request: an attempt that failed.
  const abandoned = (r: { status: string; requestedAt: Date }) => r.status === "sending" && Date.now() - r.requestedAt.getTime() > ABANDONED_AFTER_MS;
  for (const r of rows) {
    const entry = result.get(r.facilityId)!;
    if (r.status === "failed" || abandoned(r)) entry.failures++;
    else entry.done = true;
  }
  return result;
}
