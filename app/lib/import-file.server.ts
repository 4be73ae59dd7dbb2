// Reading an uploaded import file into cells (docs/decisions/021-bulk-import.md): CSV with
// csv-parse (the family of the csv-stringify the exports use), XLSX with read-excel-file.
import { createHash } from "node:crypto";
import { parse } from "csv-parse/sync";
import { readSheet } from "read-excel-file/node";
import type { AppLoadContext } from "@remix-run/node";
import { forbidden, requireUser } from "./auth.server";
import { can, type Role } from "./permissions";
import { importKinds, MAX_IMPORT_ROWS, type ImportKind } from "./schemas/import";

export type ReadFile = { ok: true; cells: string[][]; sha256: string } | { ok: false; problem: "import.fileType" | "import.unreadable"; type?: "CSV" | "XLSX" };

const MAX_COLUMNS = 40;
const MAX_CELL = 500;
/** What the XLSX's parts may unpack to: far above any real sheet of MAX_IMPORT_ROWS rows, far below a zip bomb's gigabytes. */
const MAX_XLSX_UNPACKED = 64 * 1024 * 1024;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** PostgreSQL text and jsonb hold neither NUL nor a lone surrogate: cells are cleaned once, here. */
function clean(text: string): string {
  return text.split("\u0000").join("").replace(/\p{Cs}/gu, "\uFFFD").slice(0, MAX_CELL);
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * The sum of the uncompressed sizes the ZIP's central directory declares, or null when there
 * is no readable directory. Checked before unpacking, so a small file cannot expand to gigabytes.
 */
function declaredUnpackedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let end = bytes.length - 22; end >= Math.max(0, bytes.length - 22 - 65_535); end--) {
    if (view.getUint32(end, true) !== 0x06054b50) continue;
    const entries = view.getUint16(end + 10, true);
    let offset = view.getUint32(end + 16, true);
    let total = 0;
    for (let i = 0; i < entries; i++) {
      if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
      const size = view.getUint32(offset + 24, true);
      // 0xFFFFFFFF: a ZIP64 size, which no sheet of this size needs.
      if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
      total += size;
      offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    }
    return total;
  }
  return null;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  // A date cell: the day as the sheet shows it (spreadsheet dates carry no zone; read-excel-file gives them at UTC).
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  return clean(String(value));
}

function decode(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Excel's "CSV" in a Spanish Windows is Windows-1252, not UTF-8.
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

function readCsv(bytes: Uint8Array): string[][] {
  const text = decode(bytes).replace(/^\uFEFF/, "");
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  // A Spanish-locale Excel separates with semicolons (the comma is its decimal mark).
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  const records = parse(text, {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    // One row more than allowed is enough to say the file is too long.
    to: MAX_IMPORT_ROWS + 2,
  }) as string[][];
  return records.map((row) => row.slice(0, MAX_COLUMNS).map(clean));
}

/** The file's cells as text, whichever of the two formats it is; its digest names the import. */
export async function readImportFile(fileName: string, bytes: Uint8Array): Promise<ReadFile> {
  const sha256 = sha256Hex(bytes);
  const name = fileName.toLowerCase();
  if (isZip(bytes)) {
    if (!name.endsWith(".xlsx")) return { ok: false, problem: "import.fileType" };
    const unpacked = declaredUnpackedSize(bytes);
    if (unpacked === null || unpacked > MAX_XLSX_UNPACKED) return { ok: false, problem: "import.unreadable", type: "XLSX" };
    try {
      const rows = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { ok: true, sha256, cells: rows.slice(0, MAX_IMPORT_ROWS + 2).map((row) => row.slice(0, MAX_COLUMNS).map(cellText)) };
    } catch {
      return { ok: false, problem: "import.unreadable", type: "XLSX" };
    }
  }
  if (name.endsWith(".xlsx") || name.endsWith(".xls")) return { ok: false, problem: name.endsWith(".xls") ? "import.fileType" : "import.unreadable", type: "XLSX" };
  try {
    return { ok: true, sha256, cells: readCsv(bytes) };
  } catch {
    return { ok: false, problem: "import.unreadable", type: "CSV" };
  }
}

/** Who may import: anyone who may record arrivals or stock receipts (each row is scoped again to its facility). */
export async function requireImporter(request: Request, context: AppLoadContext) {
  const user = await requireUser(request, context);
  if (!can(user.role, "population:record") && !can(user.role, "stock:record")) forbidden();
  return user;
}

/** The kinds this user may import. */
export function importKindsFor(role: Role): ImportKind[] {
  return importKinds.filter((kind) => can(role, kind === "arrivals" ? "population:record" : "stock:record"));
}
