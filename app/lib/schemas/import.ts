// The bulk import's input (docs/decisions/021-bulk-import.md): a file's cells, checked row by row,
// then grouped into the same inputs the arrival and receipt forms send, and checked again by
// those forms' own schemas, so an import can record nothing a form would refuse.
import { whereAlpha3 } from "iso-3166-1";
import { z } from "zod";
import { isCountryCode } from "../domain/countries";
import { groupOf, normalizedHeader, readAge, readDay, sexOf } from "../domain/import";
import { allGroups, type BaseGroup, type Counts } from "../domain/population";
import { messageWithParams } from "../i18n";
import { startOfZonedDay, zonedDay } from "../time";
import { arrivalSchema, MAX_GROUP_COUNT } from "./movement";
import { MAX_RECEIPT_LINES, MAX_STOCK_QUANTITY, receiptLines, receiptSchema, type ItemRule } from "./stock";

export const importKinds = ["arrivals", "receipts"] as const;
export type ImportKind = (typeof importKinds)[number];
export const importKindField = z.enum(importKinds, { error: "validation.choice" });

/** The largest file taken (2 MiB): a year of a station's daily registrations in CSV is about 1 MiB. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
/** Rows per file: the issue's worked example is 1,000; five times that is still checked in well under a second. */
export const MAX_IMPORT_ROWS = 5000;

/** Each column: its key, the headers it is known by (compared without case or accents), and whether it must be there. */
export const importColumns: Record<ImportKind, { key: string; names: string[]; required: boolean }[]> = {
  arrivals: [
    { key: "date", names: ["fecha", "date", "dia", "day"], required: true },
    { key: "facility", names: ["instalacion", "facility", "estacion", "station", "codigo", "facilitycode"], required: true },
    { key: "sex", names: ["sexo", "sex", "genero", "gender"], required: true },
    { key: "age", names: ["edad", "age", "grupoedad", "rangoedad", "ageband", "agegroup"], required: true },
    { key: "nationality", names: ["nacionalidad", "nationality", "pais", "country"], required: true },
    { key: "count", names: ["cantidad", "count", "personas", "people", "total", "n"], required: true },
  ],
  receipts: [
    { key: "date", names: ["fecha", "date", "dia", "day"], required: true },
    { key: "facility", names: ["instalacion", "facility", "estacion", "station", "destino", "destination"], required: true },
    { key: "item", names: ["articulo", "item", "codigoarticulo", "itemcode", "producto"], required: true },
    { key: "lot", names: ["lote", "lot", "lotnumber", "numerolote"], required: false },
    { key: "expiry", names: ["vencimiento", "caducidad", "expiry", "expiration", "expirydate"], required: false },
    { key: "quantity", names: ["cantidad", "quantity", "qty"], required: true },
    { key: "vvm", names: ["vvm", "etapavvm", "vvmstage"], required: false },
    { key: "source", names: ["origen", "source", "proveedor", "supplier", "remitente"], required: false },
    { key: "document", names: ["documento", "document", "guia", "remito", "notaenvio", "dispatchnote", "reference"], required: false },
  ],
};

/** The header row of each kind's template, in the reader's language. */
export const templateRows: Record<ImportKind, Record<"es" | "en", string[][]>> = {
  arrivals: {
    es: [["fecha", "instalacion", "sexo", "edad", "nacionalidad", "cantidad"]],
    en: [["date", "facility", "sex", "age", "nationality", "count"]],
  },
  receipts: {
    es: [["fecha", "instalacion", "articulo", "lote", "vencimiento", "cantidad", "vvm", "origen", "documento"]],
    en: [["date", "facility", "item", "lot", "expiry", "quantity", "vvm", "source", "document"]],
  },
};

export interface RowProblem {
  field: string;
  message: string;
}

export interface RowResult {
  /** The row's number as a spreadsheet shows it: the header is row 1. */
  row: number;
  facility: string;
  problems: RowProblem[];
  /** The record (arrival entry or receipt) the row goes into. */
  group: number | null;
}

export interface ArrivalGroupValue {
  occurredAt: Date;
  counts: Counts;
  nationalities: { country: string; count: number }[];
  biometricsRegistered: number;
  origin: string;
  notes: string;
}

export interface ReceiptLineValue {
  item: string;
  lotNumber: string;
  expiry: string | null;
  manufacturer: string;
  vvmStage: number | null;
  gtin: string | null;
  quantity: number;
}

export type ImportGroup = {
  key: string;
  facilityCode: string;
  facilityId: number;
  day: string;
  /** The rows that make it up, in file order (a receipt's i-th line is rows[i]). */
  rows: number[];
} & (
  | { kind: "arrivals"; value: ArrivalGroupValue }
  | { kind: "receipts"; value: { occurredAt: Date; source: string; documentRef: string; notes: string }; lines: ReceiptLineValue[] }
);

export interface ImportCheck {
  kind: ImportKind;
  /** Problems with the file as a whole (no header, a missing column, too many rows). */
  fileProblems: string[];
  rows: RowResult[];
  groups: ImportGroup[];
}

export interface ImportContext {
  kind: ImportKind;
  fileName: string;
  sha256: string;
  timeZone: string;
  now: Date;
  /** The facilities the user may record this kind at, by code. */
  facilities: Map<string, number>;
  items: ItemRule[];
}

/**
 * A record's idempotency key: the file's digest and the row that opens the record, so the same
 * file sent again names the same keys and the ledger recognises every record.
 */
export function importKey(kind: ImportKind, sha256: string, row: number): string {
  return `import:${kind === "arrivals" ? "a" : "r"}:${sha256.slice(0, 32)}:${row}`;
}

function countryOf(text: string): string | null {
  const code = text.trim().toUpperCase();
  if (/^[A-Z]{2}$/.test(code)) return isCountryCode(code) ? code : null;
  if (/^[A-Z]{3}$/.test(code)) {
    const alpha2 = whereAlpha3(code)?.alpha2;
    return alpha2 && isCountryCode(alpha2) ? alpha2 : null;
  }
  return null;
}

function wholeNumber(text: string, min: number, max: number): number | string {
  const value = text.trim();
  if (value === "") return "validation.required";
  // A spreadsheet may store a count as 12.0; anything else that is not digits is refused.
  const match = /^(\d+)(\.0+)?$/.exec(value);
  if (!match) return "validation.digitsOnly";
  const n = Number(match[1]);
  if (n < min) return min > 0 ? "import.countPositive" : "validation.nonNegative";
  if (n > max) return "validation.tooLarge";
  return n;
}

/** Noon of the day in the deployment's zone, or now when that is still ahead (today's morning). */
function occurredAtOf(day: string, timeZone: string, now: Date): Date {
  const noon = new Date(startOfZonedDay(day, timeZone).getTime() + 12 * 3_600_000);
  return noon.getTime() > now.getTime() ? now : noon;
}

function columnIndex(header: string[], kind: ImportKind): { map: Map<string, number>; missing: string[] } {
  const normalized = header.map((h) => normalizedHeader(h));
  const map = new Map<string, number>();
  const missing: string[] = [];
  for (const column of importColumns[kind]) {
    const index = normalized.findIndex((h) => column.names.includes(h));
    if (index >= 0) map.set(column.key, index);
    else if (column.required) missing.push(templateRows[kind].es[0]![importColumns[kind].indexOf(column)]!);
  }
  return { map, missing };
}

/** Which field of a row a form schema's issue belongs to (its path inside the grouped input). */
function arrivalIssueField(path: readonly PropertyKey[]): string {
  const first = String(path[0] ?? "");
  if (first === "occurredAt") return "date";
  if (first === "nationalities") return "nationality";
  return "count";
}

function receiptIssueField(path: readonly PropertyKey[]): string {
  const field = String(path[2] ?? path[0] ?? "");
  return { item: "item", lotNumber: "lot", expiry: "expiry", quantity: "quantity", vvmStage: "vvm", occurredAt: "date", source: "source", documentRef: "document" }[field] ?? "item";
}

/** Every row checked, then grouped: one arrival per facility and day, one receipt per delivery. */
export function checkImport(cells: string[][], context: ImportContext): ImportCheck {
  const { kind } = context;
  const nonBlank = cells.map((row, index) => ({ row: index + 1, cells: row })).filter((r) => r.cells.some((c) => c.trim() !== ""));
  const header = nonBlank.shift();
  if (!header) return { kind, fileProblems: ["import.empty"], rows: [], groups: [] };
  const { map, missing } = columnIndex(header.cells, kind);
  if (missing.length) return { kind, fileProblems: [messageWithParams("import.missingColumns", { columns: missing.join(", ") })], rows: [], groups: [] };
  if (nonBlank.length === 0) return { kind, fileProblems: ["import.noRows"], rows: [], groups: [] };
  if (nonBlank.length > MAX_IMPORT_ROWS) {
    return { kind, fileProblems: [messageWithParams("import.tooManyRows", { limit: MAX_IMPORT_ROWS })], rows: [], groups: [] };
  }
  const cell = (cells: string[], key: string) => {
    const index = map.get(key);
    return index === undefined ? "" : (cells[index] ?? "").trim();
  };
  return kind === "arrivals" ? checkArrivals(nonBlank, cell, context) : checkReceipts(nonBlank, cell, context);
}

type Cell = (cells: string[], key: string) => string;
type Line = { row: number; cells: string[] };

function commonCells(line: Line, cell: Cell, context: ImportContext, problems: RowProblem[]) {
  const facility = cell(line.cells, "facility").toUpperCase();
  const facilityId = context.facilities.get(facility);
  if (facility === "") problems.push({ field: "facility", message: "validation.required" });
  // An unknown code and a facility the user may not record at read the same: no existence leaks.
  else if (facilityId === undefined) problems.push({ field: "facility", message: messageWithParams("import.facilityNotAllowed", { code: facility.slice(0, 12) }) });
  const day = readDay(cell(line.cells, "date"));
  if (!day) problems.push({ field: "date", message: cell(line.cells, "date") === "" ? "validation.required" : "import.dateFormat" });
  // A later day would otherwise be recorded at "now" (occurredAtOf): refused with the form's words.
  else if (day > zonedDay(context.now, context.timeZone)) problems.push({ field: "date", message: "population.occurredInFuture" });
  return { facility, facilityId, day };
}

function checkArrivals(lines: Line[], cell: Cell, context: ImportContext): ImportCheck {
  const rows: RowResult[] = [];
  const groups = new Map<string, { rows: number[]; facilityId: number; facility: string; day: string; counts: Counts; nationalities: Map<string, number> }>();
  for (const line of lines) {
    const problems: RowProblem[] = [];
    const { facility, facilityId, day } = commonCells(line, cell, context, problems);
    const sex = sexOf(cell(line.cells, "sex"));
    if (!sex) problems.push({ field: "sex", message: cell(line.cells, "sex") === "" ? "validation.required" : "import.sex" });
    const age = readAge(cell(line.cells, "age"));
    if (!age.ok) problems.push({ field: "age", message: cell(line.cells, "age") === "" ? "validation.required" : age.reason === "spans" ? "import.ageSpans" : "import.age" });
    const country = countryOf(cell(line.cells, "nationality"));
    if (!country) problems.push({ field: "nationality", message: cell(line.cells, "nationality") === "" ? "validation.required" : "import.country" });
    const count = wholeNumber(cell(line.cells, "count"), 1, MAX_GROUP_COUNT);
    if (typeof count === "string") problems.push({ field: "count", message: count });
    const result: RowResult = { row: line.row, facility, problems, group: null };
    rows.push(result);
    if (problems.length || !sex || !age.ok || !country || typeof count === "string" || facilityId === undefined || !day) continue;
    const id = `${facility}\u0000${day}`;
    let group = groups.get(id);
    if (!group) {
      group = { rows: [], facilityId, facility, day, counts: Object.fromEntries(allGroups.map((g) => [g, 0])) as Counts, nationalities: new Map() };
      groups.set(id, group);
    }
    group.rows.push(line.row);
    const target: BaseGroup = groupOf(sex, age.ageClass);
    group.counts[target] += count;
    group.nationalities.set(country, (group.nationalities.get(country) ?? 0) + count);
  }
  const byRow = new Map(rows.map((r) => [r.row, r]));
  const schema = arrivalSchema({ timeZone: context.timeZone, now: () => context.now });
  const out: ImportGroup[] = [];
  for (const group of groups.values()) {
    const key = importKey("arrivals", context.sha256, group.rows[0]!);
    const occurredAt = occurredAtOf(group.day, context.timeZone, context.now);
    // The arrival form's own schema: the same limits (a group's size, the date's range) as a form.
    const parsed = schema.safeParse({
      idempotencyKey: key,
      occurredAt: occurredAt.toISOString(),
      ...group.counts,
      nationalities: [...group.nationalities].map(([country, count]) => ({ country, count })),
      biometricsRegistered: 0,
      origin: "",
      notes: context.fileName.slice(0, 200),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        for (const row of group.rows) byRow.get(row)!.problems.push({ field: arrivalIssueField(issue.path), message: issue.message });
      }
      continue;
    }
    const index = out.length;
    for (const row of group.rows) byRow.get(row)!.group = index;
    out.push({
      kind: "arrivals",
      key,
      facilityCode: group.facility,
      facilityId: group.facilityId,
      day: group.day,
      rows: group.rows,
      value: {
        occurredAt: parsed.data.occurredAt,
        counts: Object.fromEntries(allGroups.map((g) => [g, parsed.data[g]])) as Counts,
        nationalities: parsed.data.nationalities,
        biometricsRegistered: 0,
        origin: "",
        notes: parsed.data.notes,
      },
    });
  }
  return finish("arrivals", rows, out);
}

/** The records of the rows that passed; whoever records them refuses the file while any row has a problem. */
function finish(kind: ImportKind, rows: RowResult[], groups: ImportGroup[]): ImportCheck {
  return { kind, fileProblems: [], rows, groups };
}

function checkReceipts(lines: Line[], cell: Cell, context: ImportContext): ImportCheck {
  const rows: RowResult[] = [];
  const byCode = new Map(context.items.map((i) => [i.code, i]));
  type Pending = { row: number; item: string; lotNumber: string; expiry: string | undefined; vvmStage: number | undefined; quantity: number };
  const groups = new Map<string, { facilityId: number; facility: string; day: string; source: string; document: string; lines: Pending[] }>();
  for (const line of lines) {
    const problems: RowProblem[] = [];
    const { facility, facilityId, day } = commonCells(line, cell, context, problems);
    const item = cell(line.cells, "item").toUpperCase();
    if (item === "") problems.push({ field: "item", message: "validation.required" });
    else if (!byCode.has(item)) problems.push({ field: "item", message: messageWithParams("import.itemUnknown", { code: item.slice(0, 20) }) });
    const quantity = wholeNumber(cell(line.cells, "quantity"), 1, MAX_STOCK_QUANTITY);
    if (typeof quantity === "string") problems.push({ field: "quantity", message: quantity === "import.countPositive" ? "stock.quantityPositive" : quantity });
    const expiryText = cell(line.cells, "expiry");
    const expiry = expiryText === "" ? undefined : (readDay(expiryText) ?? undefined);
    if (expiryText !== "" && !expiry) problems.push({ field: "expiry", message: "import.dateFormat" });
    const vvmText = cell(line.cells, "vvm");
    const vvm = vvmText === "" ? undefined : wholeNumber(vvmText, 1, 4);
    if (typeof vvm === "string") problems.push({ field: "vvm", message: "import.vvm" });
    const source = cell(line.cells, "source") || context.fileName;
    const document = cell(line.cells, "document");
    rows.push({ row: line.row, facility, problems, group: null });
    if (problems.length || facilityId === undefined || !day || typeof quantity === "string" || typeof vvm === "string") continue;
    const id = [facility, day, source, document].join("\u0000");
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { facilityId, facility, day, source, document, lines: [] }));
    group.lines.push({ row: line.row, item, lotNumber: cell(line.cells, "lot"), expiry, vvmStage: vvm, quantity });
  }
  const byRow = new Map(rows.map((r) => [r.row, r]));
  const schema = receiptSchema({ timeZone: context.timeZone, items: context.items, now: () => context.now });
  const out: ImportGroup[] = [];
  for (const group of groups.values()) {
    // A dispatch note longer than the form's receipt is recorded as several receipts of the form's size.
    for (let start = 0; start < group.lines.length; start += MAX_RECEIPT_LINES) {
      const chunk = group.lines.slice(start, start + MAX_RECEIPT_LINES);
      const key = importKey("receipts", context.sha256, chunk[0]!.row);
      const occurredAt = occurredAtOf(group.day, context.timeZone, context.now);
      const parsed = schema.safeParse({
        idempotencyKey: key,
        occurredAt: occurredAt.toISOString(),
        source: group.source.slice(0, 120),
        documentRef: group.document,
        notes: context.fileName.slice(0, 200),
        lines: chunk.map((l) => ({ item: l.item, lotNumber: l.lotNumber, expiry: l.expiry, manufacturer: "", vvmStage: l.vvmStage, gtin: "", quantity: l.quantity })),
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const line = typeof issue.path[1] === "number" && issue.path[0] === "lines" ? chunk[issue.path[1]] : undefined;
          for (const row of line ? [line.row] : chunk.map((l) => l.row)) byRow.get(row)!.problems.push({ field: receiptIssueField(issue.path), message: issue.message });
        }
        continue;
      }
      const index = out.length;
      for (const l of chunk) byRow.get(l.row)!.group = index;
      out.push({
        kind: "receipts",
        key,
        facilityCode: group.facility,
        facilityId: group.facilityId,
        day: group.day,
        rows: chunk.map((l) => l.row),
        value: { occurredAt: parsed.data.occurredAt, source: parsed.data.source, documentRef: parsed.data.documentRef, notes: parsed.data.notes },
        lines: receiptLines(parsed.data.lines, context.items),
      });
    }
  }
  return finish("receipts", rows, out);
}
