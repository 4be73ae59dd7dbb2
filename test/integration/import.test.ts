import { and, count, eq, like } from "drizzle-orm";
import writeXlsxFile from "write-excel-file/node";
import { auditLog, census, importDrafts, populationEntries, stockOperations } from "#db/schema";
import { totalOf } from "~/lib/domain/population";
import { MAX_IMPORT_BYTES } from "~/lib/schemas/import";
import { zonedDay, addDays } from "~/lib/time";
import { buildRequest, outcomeOf, routeHandler, type Outcome } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser, type TestUser } from "../support/fixtures";
import { requestContext } from "../support/remix";

/**
 * Bulk import (issue 18 item 4): a file's rows checked and shown, errors per row with the reason,
 * then recorded all or nothing through the arrival and receipt commands, once per file.
 */

const testDb = setupTestDatabase();
const TZ = "America/Panama";
let manager: TestUser;
let otherManager: TestUser;
let health: TestUser;
let svc: number;
let lbl: number;

beforeAll(async () => {
  svc = await createFacility(testDb.db, { code: "IMS", name: "Importa Sur" });
  lbl = await createFacility(testDb.db, { code: "IMN", name: "Importa Norte" });
  await createFacility(testDb.db, { code: "IMX", name: "Ajena" });
  manager = await createUser(testDb.db, { role: "manager", facilityIds: [svc, lbl] });
  otherManager = await createUser(testDb.db, { role: "manager", facilityIds: [svc] });
  health = await createUser(testDb.db, { role: "health_worker", facilityIds: [svc] });
});

const today = () => zonedDay(new Date(), TZ);
const yesterday = () => addDays(today(), -1);

async function upload(user: TestUser, kind: string, name: string, content: string | Uint8Array<ArrayBuffer>): Promise<Outcome> {
  const base = await buildRequest({ userId: user.id }, "/import", { method: "POST" });
  const form = new FormData();
  form.set("intent", "upload");
  form.set("kind", kind);
  form.set("file", new File([content], name));
  const request = new Request(base.url, { method: "POST", headers: { Cookie: base.headers.get("Cookie")!, Origin: base.headers.get("Origin")! }, body: form });
  const action = await routeHandler("import._index", "action");
  try {
    return await outcomeOf(await action({ request, context: requestContext(), params: {} }), false);
  } catch (error) {
    return outcomeOf(error, true);
  }
}

async function call(user: TestUser, handler: "loader" | "action", path: string, form?: Record<string, string>): Promise<Outcome> {
  const request = await buildRequest({ userId: user.id }, path, form ? { form } : {});
  const fn = await routeHandler("import._index", handler);
  try {
    return await outcomeOf(await fn({ request, context: requestContext(), params: {} }), false);
  } catch (error) {
    return outcomeOf(error, true);
  }
}

function draftOf(outcome: Outcome): string {
  expect(outcome.status, outcome.body).toBe(303);
  const id = /draft=([0-9a-f-]{36})/.exec(outcome.location ?? "")?.[1];
  expect(id).toBeDefined();
  return id!;
}

interface PreviewBody {
  formErrors?: string[];
  preview?: { rows: { row: number; status: string; problems: { field: string; message: string }[] }[]; records: number; recorded: number; amount: number; fileProblems: string[] };
}

const csv = (rows: string[][]) => rows.map((r) => r.join(",")).join("\n") + "\n";

async function censusTotal(facilityId: number) {
  const [row] = await testDb.db.select().from(census).where(eq(census.facilityId, facilityId));
  return row ? totalOf(row) : 0;
}

async function importEntries(facilityId: number) {
  const [row] = await testDb.db
    .select({ n: count() })
    .from(populationEntries)
    .where(and(eq(populationEntries.facilityId, facilityId), like(populationEntries.idempotencyKey, "import:%")));
  return row!.n;
}

describe("arrivals: 1,000 rows, 10 bad ones", () => {
  const header = ["fecha", "instalacion", "sexo", "edad", "nacionalidad", "cantidad"];
  const sexes = ["F", "M"];
  const ages = ["34", "0", "3", "12", "18+", "1-4", "5-17", "8 meses"];
  const countries = ["VEN", "HT", "ECU", "CO", "CHN", "AFG"];
  function goodRows(n: number): string[][] {
    return Array.from({ length: n }, (_, i) => [i % 2 ? today() : yesterday(), i % 3 ? "IMS" : "IMN", sexes[i % 2]!, ages[i % ages.length]!, countries[i % countries.length]!, String(1 + (i % 4))]);
  }
  const bad: [number, string[], string][] = [
    [10, [yesterday(), "IMS", "X", "34", "VEN", "2"], "sex"],
    [100, [yesterday(), "IMS", "F", "0-4", "VEN", "2"], "age"],
    [200, [yesterday(), "IMS", "F", "34", "ZZZ", "2"], "nationality"],
    [300, [yesterday(), "IMS", "F", "34", "VEN", "0"], "count"],
    [400, [yesterday(), "IMS", "F", "34", "VEN", "dos"], "count"],
    [500, ["12/31/2026", "IMS", "F", "34", "VEN", "2"], "date"],
    [600, [yesterday(), "IMX", "F", "34", "VEN", "2"], "facility"],
    [700, [yesterday(), "NOPE", "F", "34", "VEN", "2"], "facility"],
    [800, [addDays(today(), 2), "IMS", "F", "34", "VEN", "2"], "date"],
    [900, [yesterday(), "", "F", "34", "VEN", "2"], "facility"],
  ];
  let good: string[][];
  let fixed: string;

  it("refuses the file, naming each bad row and field, and writes nothing", async () => {
    good = goodRows(1000);
    const rows = good.map((r) => [...r]);
    for (const [index, row] of bad) rows[index] = row;
    const before = await censusTotal(svc);
    const outcome = await upload(manager, "arrivals", "snm-1000.csv", csv([header, ...rows]));
    expect(outcome.status).toBe(400);
    const body = JSON.parse(outcome.body) as PreviewBody;
    const errors = body.preview!.rows.filter((r) => r.status === "error");
    // The header is row 1: data index i is row i + 2.
    expect(errors.map((r) => r.row).sort((a, b) => a - b)).toEqual(bad.map(([i]) => i + 2));
    for (const [index, , field] of bad) {
      expect(errors.find((r) => r.row === index + 2)!.problems.map((p) => p.field)).toContain(field);
    }
    expect(errors.find((r) => r.row === 102)!.problems[0]!.message).toBe("import.ageSpans");
    expect(errors.find((r) => r.row === 602)!.problems[0]!.message).toBe("import.facilityNotAllowed?code=IMX");
    // The future date is refused by the arrival form's own rule.
    expect(errors.find((r) => r.row === 802)!.problems[0]!.message).toBe("population.occurredInFuture");
    expect(body.preview!.rows.filter((r) => r.status === "ready")).toHaveLength(990);
    expect(await censusTotal(svc)).toBe(before);
    const [drafts] = await testDb.db.select({ n: count() }).from(importDrafts);
    expect(drafts!.n).toBe(0);
  });

  it("accepts the fixed file once: a preview, then one commit through the arrival command", async () => {
    fixed = csv([header, ...good]);
    const people = good.reduce((n, r) => n + Number(r[5]), 0);
    const before = (await censusTotal(svc)) + (await censusTotal(lbl));
    const id = draftOf(await upload(manager, "arrivals", "snm-1000.csv", fixed));
    expect(await censusTotal(svc)).toBe(before - (await censusTotal(lbl)));
    const page = await call(manager, "loader", `/import?draft=${id}`);
    const loaded = JSON.parse(page.body) as { draft: { preview: NonNullable<PreviewBody["preview"]> } };
    // Two facilities, two days: four arrival entries.
    expect(loaded.draft.preview.records).toBe(4);
    expect(loaded.draft.preview.amount).toBe(people);
    const commit = await call(manager, "action", "/import", { intent: "commit", draftId: id });
    expect(commit.status, commit.body).toBe(302);
    expect((await censusTotal(svc)) + (await censusTotal(lbl))).toBe(before + people);
    expect((await importEntries(svc)) + (await importEntries(lbl))).toBe(4);
    const audits = await testDb.db.select({ entity: auditLog.entity, changes: auditLog.changes }).from(auditLog).where(eq(auditLog.entityId, id));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.changes).toMatchObject({ kind: "arrivals", created: 4, duplicates: 0, rows: 1000 });
    // Clicking "record" again writes nothing more.
    await call(manager, "action", "/import", { intent: "commit", draftId: id });
    expect((await censusTotal(svc)) + (await censusTotal(lbl))).toBe(before + people);
  });

  it("recognises a second upload of the same file and records nothing", async () => {
    const before = await censusTotal(svc);
    const again = await upload(manager, "arrivals", "otra-vez.csv", fixed);
    expect(again.status).toBe(200);
    const body = JSON.parse(again.body) as PreviewBody;
    expect(body.preview!.records).toBe(0);
    expect(body.preview!.recorded).toBe(4);
    expect(body.preview!.rows.every((r) => r.status === "duplicate")).toBe(true);
    expect(await censusTotal(svc)).toBe(before);
  });
});

describe("stock receipts from a real XLSX file", () => {
  it("records a dispatch note as one receipt, quarantines VVM 3, and refuses a lot without expiry per row", async () => {
    const expiry = new Date(Date.UTC(2099, 5, 30));
    const sheet = [
      ["fecha", "instalacion", "articulo", "lote", "vencimiento", "cantidad", "vvm", "origen", "documento"],
      [yesterday(), "IMS", "RATION-KIT", "XL-1", expiry, 200, null, "UNICEF", "GR-77"],
      [yesterday(), "IMS", "SOAP", null, null, 50, null, "UNICEF", "GR-77"],
      [yesterday(), "IMS", "VAC-MR", "MR-9", "2099-01-31", 100, 3, "UNICEF", "GR-77"],
      [yesterday(), "IMS", "RUTF", "R-1", null, 10, null, "UNICEF", "GR-77"],
    ];
    const bytes = await writeXlsxFile(sheet, { dateFormat: "yyyy-mm-dd" }).toBuffer();
    const refused = await upload(manager, "receipts", "despacho.xlsx", new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer));
    expect(refused.status, refused.body).toBe(400);
    const body = JSON.parse(refused.body) as PreviewBody;
    const errors = body.preview!.rows.filter((r) => r.status === "error");
    expect(errors.map((r) => [r.row, r.problems[0]!.field, r.problems[0]!.message])).toEqual([[5, "expiry", "stock.expiryRequired"]]);

    const fixed = await writeXlsxFile(sheet.slice(0, 4), { dateFormat: "yyyy-mm-dd" }).toBuffer();
    const id = draftOf(await upload(manager, "receipts", "despacho.xlsx", new Uint8Array(fixed.buffer.slice(fixed.byteOffset, fixed.byteOffset + fixed.byteLength) as ArrayBuffer)));
    const commit = await call(manager, "action", "/import", { intent: "commit", draftId: id });
    expect(commit.status, commit.body).toBe(302);
    const ops = await testDb.db
      .select({ source: stockOperations.source, documentRef: stockOperations.documentRef })
      .from(stockOperations)
      .where(and(eq(stockOperations.facilityId, svc), like(stockOperations.idempotencyKey, "import:r:%")));
    expect(ops).toEqual([{ source: "UNICEF", documentRef: "GR-77" }]);
    const again = await upload(manager, "receipts", "despacho.xlsx", new Uint8Array(fixed.buffer.slice(fixed.byteOffset, fixed.byteOffset + fixed.byteLength) as ArrayBuffer));
    expect((JSON.parse(again.body) as PreviewBody).preview!.records).toBe(0);
  });
});

describe("limits and access", () => {
  it("refuses a file over the size limit with a clear message, writing nothing", async () => {
    const big = "fecha,instalacion,sexo,edad,nacionalidad,cantidad\n" + "x".repeat(MAX_IMPORT_BYTES + 10);
    const outcome = await upload(manager, "arrivals", "grande.csv", big);
    expect(outcome.status).toBe(413);
    expect(outcome.body).toContain("import.tooLarge");
  });

  it("refuses a file over the row limit, and a file missing a column, saying which", async () => {
    const many = csv([["fecha", "instalacion", "sexo", "edad", "nacionalidad", "cantidad"], ...Array.from({ length: 5001 }, () => [yesterday(), "IMS", "F", "34", "VE", "1"])]);
    const tooMany = JSON.parse((await upload(manager, "arrivals", "muchas.csv", many)).body) as PreviewBody;
    expect(tooMany.preview!.fileProblems).toEqual(["import.tooManyRows?limit=5000"]);
    const missing = JSON.parse((await upload(manager, "arrivals", "falta.csv", "fecha;instalacion;sexo;edad;cantidad\n")).body) as PreviewBody;
    expect(missing.preview!.fileProblems).toEqual(["import.missingColumns?columns=nacionalidad"]);
  });

  it("is refused to a role that records neither arrivals nor stock", async () => {
    expect((await call(health, "loader", "/import")).status).toBe(403);
    expect((await upload(health, "arrivals", "a.csv", "fecha\n")).status).toBe(403);
  });

  it("shows and commits a draft only for the user who uploaded it", async () => {
    const file = csv([["date", "facility", "sex", "age", "nationality", "count"], [yesterday(), "IMS", "M", "40", "CU", "7"]]);
    const id = draftOf(await upload(manager, "arrivals", "mine.csv", file));
    const before = await censusTotal(svc);
    const seen = JSON.parse((await call(otherManager, "loader", `/import?draft=${id}`)).body) as { draft: unknown; gone: boolean };
    expect(seen).toMatchObject({ draft: null, gone: true });
    const commit = await call(otherManager, "action", "/import", { intent: "commit", draftId: id });
    expect(commit.status).toBe(404);
    expect(await censusTotal(svc)).toBe(before);
  });
});

describe("the template", () => {
  it("downloads with the columns in the user's language and example rows that check clean as they are", async () => {
    for (const kind of ["arrivals", "receipts"]) {
      const request = await buildRequest({ userId: manager.id }, `/import/template?kind=${kind}`);
      const loader = await routeHandler("import.template", "loader");
      const response = (await loader({ request, context: requestContext(), params: {} })) as Response;
      expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
      const text = await response.text();
      expect(text.split("\n")[0]).toBe(kind === "arrivals" ? "fecha,instalacion,sexo,edad,nacionalidad,cantidad" : "fecha,instalacion,articulo,lote,vencimiento,cantidad,vvm,origen,documento");
      const outcome = await upload(manager, kind, `plantilla-${kind}.csv`, text);
      expect(outcome.status, outcome.body).toBe(303);
    }
  });
});
