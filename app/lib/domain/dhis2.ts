// DHIS2 aggregate exchange without the database: DHIS2's period identifiers, the indicators an
// administrator can map, the dataValueSets payload and the import summary DHIS2 answers with.
// Formats: https://docs.dhis2.org/en/develop/using-the-api/dhis-core-version-master/data.html
// (docs/exchange.md, "DHIS2").
import { z } from "zod";
import { addDays } from "../time";
import { allGroups } from "./population";

// ---------------------------------------------------------------------------------------
// Periods

export const periodTypes = ["day", "week", "month"] as const;
export type PeriodType = (typeof periodTypes)[number];

export interface Period {
  type: PeriodType;
  /** DHIS2's identifier: 20261202, 2026W48, 202612. */
  id: string;
  /** First and last calendar day (YYYY-MM-DD), both included. */
  start: string;
  end: string;
}

const utc = (ymd: string) => {
  const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};
/** ISO weekday, Monday 1 to Sunday 7. */
const isoWeekday = (ymd: string) => utc(ymd).getUTCDay() || 7;

/**
 * The ISO 8601 week of a day: weeks start on Monday and week 1 is the one holding the year's
 * first Thursday, so the days around New Year can belong to the neighbouring year's week
 * (2027-01-01 is in 2026W53, 2025-12-29 in 2026W1).
 */
export function isoWeek(ymd: string): { year: number; week: number } {
  // The Thursday of the same week decides the year.
  const thursday = addDays(ymd, 4 - isoWeekday(ymd));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((utc(thursday).getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
  return { year, week };
}

/** The period of a type that holds a day. */
export function periodOf(type: PeriodType, ymd: string): Period {
  if (type === "day") return { type, id: ymd.replaceAll("-", ""), start: ymd, end: ymd };
  if (type === "week") {
    const { year, week } = isoWeek(ymd);
    const start = addDays(ymd, 1 - isoWeekday(ymd));
    // DHIS2 writes weeks without a leading zero: 2026W1 ... 2026W53.
    return { type, id: `${year}W${week}`, start, end: addDays(start, 6) };
  }
  const start = `${ymd.slice(0, 7)}-01`;
  const [y, m] = [Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7))];
  const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { type, id: ymd.slice(0, 7).replace("-", ""), start, end };
}

/** The last period that has ended by `today`: what a scheduled push sends. */
export function lastCompletePeriod(type: PeriodType, today: string): Period {
  return periodOf(type, addDays(periodOf(type, today).start, -1));
}

// ---------------------------------------------------------------------------------------
// Indicators

/**
 * What can be sent, each counted at one facility over one period (the census and stock on hand
 * at the end of it). `detail` says which part: a population group or "total", an item code,
 * or a vaccine's item code and dose number ("VAC-MR:1").
 */
export const indicatorKinds = [
  "arrivals",
  "census",
  "sam_admissions",
  "mam_admissions",
  "doses",
  "anc_contacts",
  "stock_on_hand",
  "stockout_days",
] as const;
export type IndicatorKind = (typeof indicatorKinds)[number];

export const populationDetails = ["total", ...allGroups] as const;
const itemCode = /^[A-Z0-9-]{2,20}$/;
const doseDetail = /^([A-Z0-9-]{2,20}):([1-9])$/;

export type DetailKind = "group" | "item" | "dose" | "none";
export function detailKindOf(kind: IndicatorKind): DetailKind {
  if (kind === "arrivals" || kind === "census") return "group";
  if (kind === "stock_on_hand" || kind === "stockout_days") return "item";
  if (kind === "doses") return "dose";
  return "none";
}

/** Null when the detail suits the indicator, else the message key of the problem. */
export function detailProblem(kind: IndicatorKind, detail: string): string | null {
  switch (detailKindOf(kind)) {
    case "group":
      return (populationDetails as readonly string[]).includes(detail) ? null : "dhis2.detailGroup";
    case "item":
      return itemCode.test(detail) ? null : "dhis2.detailItem";
    case "dose":
      return doseDetail.test(detail) ? null : "dhis2.detailDose";
    case "none":
      return detail === "" ? null : "dhis2.detailNone";
  }
}

export function parseDoseDetail(detail: string): { itemCode: string; doseNumber: number } | null {
  const m = doseDetail.exec(detail);
  return m ? { itemCode: m[1]!, doseNumber: Number(m[2]) } : null;
}

export const indicatorKey = (kind: IndicatorKind, detail: string) => `${kind}|${detail}`;

/**
 * Days of the period whose closing balance was zero, walking back from the balance at the end of
 * the period through each day's net movement. A day that ran out and was restocked before
 * closing is not a stock-out day: DHIS2's "stock-out days" are counted on closing balances.
 */
export function stockoutDays(period: { start: string; end: string }, endBalance: number, netByDay: ReadonlyMap<string, number>): number {
  let balance = endBalance;
  let days = 0;
  for (let day = period.end; day >= period.start; day = addDays(day, -1)) {
    if (balance <= 0) days++;
    balance -= netByDay.get(day) ?? 0;
  }
  return days;
}

// ---------------------------------------------------------------------------------------
// The payload

export interface Mapping {
  indicator: IndicatorKind;
  detail: string;
  dataElement: string;
  /** Empty for the data element's default category combination (DHIS2 fills it in). */
  categoryOptionCombo: string;
}

export interface DataValue {
  dataElement: string;
  categoryOptionCombo?: string;
  value: string;
}

export interface DataValueSet {
  dataSet: string;
  period: string;
  orgUnit: string;
  dataValues: DataValue[];
}

/**
 * One facility's data value set for one period. Every mapping yields a value, zero included: a
 * week without SAM admissions is reported as 0, not left blank, so DHIS2 can tell "none" from
 * "not reported" (and a value corrected to 0 overwrites the old one).
 */
export function buildDataValueSet(input: {
  dataSet: string;
  period: string;
  orgUnit: string;
  mappings: readonly Mapping[];
  values: ReadonlyMap<string, number>;
}): DataValueSet {
  return {
    dataSet: input.dataSet,
    period: input.period,
    orgUnit: input.orgUnit,
    dataValues: input.mappings.map((m) => {
      const value = String(input.values.get(indicatorKey(m.indicator, m.detail)) ?? 0);
      return m.categoryOptionCombo
        ? { dataElement: m.dataElement, categoryOptionCombo: m.categoryOptionCombo, value }
        : { dataElement: m.dataElement, value };
    }),
  };
}

/** The query string of the push: codes for every identifier, as the mappings hold codes. */
export function importParams(options: { dryRun: boolean }): URLSearchParams {
  return new URLSearchParams({
    idScheme: "CODE",
    importStrategy: "CREATE_AND_UPDATE",
    dryRun: String(options.dryRun),
  });
}

// ---------------------------------------------------------------------------------------
// The import summary

export interface ImportConflict {
  object: string;
  value: string;
  errorCode?: string;
}

export interface ImportSummary {
  /** DHIS2's status of the import: SUCCESS, WARNING or ERROR (older versions), or OK. */
  status: string;
  description: string;
  imported: number;
  updated: number;
  ignored: number;
  deleted: number;
  conflicts: ImportConflict[];
}

const count = z.coerce.number().int().nonnegative().catch(0);
const conflictShape = z.object({
  object: z.string().catch(""),
  value: z.string().catch(""),
  errorCode: z.string().optional().catch(undefined),
});
const summaryShape = z.object({
  status: z.string().catch(""),
  description: z.string().optional().catch(undefined),
  message: z.string().optional().catch(undefined),
  importCount: z.object({ imported: count, updated: count, ignored: count, deleted: count }),
  conflicts: z.array(conflictShape).catch([]),
});

/**
 * Reads DHIS2's reply to a dataValueSets import. Since 2.38 the import summary comes wrapped in
 * a web message ({httpStatus, httpStatusCode, status, message, response: {...}}); before, it was
 * the summary itself ({status, importCount, conflicts}). Null when the reply is neither (an
 * HTML login page from a proxy, a 500's text).
 */
export function parseImportSummary(body: unknown): ImportSummary | null {
  if (!body || typeof body !== "object") return null;
  const wrapped = "response" in body && body.response && typeof body.response === "object" ? body.response : body;
  const parsed = summaryShape.safeParse(wrapped);
  if (!parsed.success) return null;
  const s = parsed.data;
  const outer = body as { message?: unknown };
  return {
    status: s.status,
    description: s.description ?? s.message ?? (typeof outer.message === "string" ? outer.message : ""),
    ...s.importCount,
    conflicts: s.conflicts.map((c) => (c.errorCode ? c : { object: c.object, value: c.value })),
  };
}
