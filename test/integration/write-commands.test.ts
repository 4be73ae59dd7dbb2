import { and, asc, count, eq } from "drizzle-orm";
import { insertApiToken } from "#db/api-tokens.server";
import {
  auditLog,
  census,
  dailyPopulation,
  items,
  lots as lotsTable,
  populationEntries,
  populationEntryNationalities,
  stockBalances,
  stockEntries,
  stockOperations,
} from "#db/schema";
import { receiveStock } from "#db/stock.server";
import type { Db } from "#db/types";
import { makeI18n } from "~/lib/i18n";
import { callRoute, type Outcome } from "../support/call-route";
import { setupTestDatabase } from "../support/db";
import { createFacility, createUser } from "../support/fixtures";

/**
 * Issue 16 item 2: the same input through the form and through the API gives the same ledger
 * rows and the same audit rows (both call one command), and the issue form asks before
 * recording a twin, as the arrival form does (decision 016).
 */

const testDb = setupTestDatabase();
const FORM = "PARA";
const API = "PARB";
const BATCH = "PARC";
/** Where the parity transfers go (no way in writes there until it receives them). */
const RECEIVING = "PARD";
let formFacility: number;
let apiFacility: number;
let batchFacility: number;
let batchToken: string;
let manager: number;
let otherManager: number;
let token: string;
let lots: Record<string, number>;
let seq = 0;
const key = () => `parity-${Date.now().toString(36)}-${seq++}`;
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

const receivedAt = new Date(Date.now() - 3_600_000);

async function receive(db: Db, facilityId: number, code: string) {
  const [ration] = await db.select({ id: items.id }).from(items).where(eq(items.code, "RATION-KIT"));
  const lines = [
    { itemId: ration!.id, lotNumber: "PAR-EARLY", expiry: "2099-01-31", quantity: 20 },
    { itemId: ration!.id, lotNumber: "PAR-MID", expiry: "2099-06-30", quantity: 50 },
    { itemId: ration!.id, lotNumber: "PAR-LATE", expiry: "2099-12-31", quantity: 200 },
    { itemId: ration!.id, lotNumber: "PAR-OLD", expiry: "2020-01-31", quantity: 9 },
  ];
  const outcome = await db.transaction((tx) =>
    receiveStock(tx, { facilityId, occurredAt: receivedAt, lines }, { recordedBy: null, idempotencyKey: `parity-receipt-${code}` }),
  );
  if (outcome.status !== "created") throw new Error(outcome.status);
  return outcome.entries;
}

beforeAll(async () => {
  const db = testDb.db;
  formFacility = await createFacility(db, { code: FORM, name: "Paridad formulario" });
  apiFacility = await createFacility(db, { code: API, name: "Paridad API" });
  manager = (await createUser(db, { role: "manager", facilityIds: [formFacility] })).id;
  otherManager = (await createUser(db, { role: "manager", facilityIds: [formFacility] })).id;
  batchFacility = await createFacility(db, { code: BATCH, name: "Paridad lotes" });
  await createFacility(db, { code: RECEIVING, name: "Paridad destino" });
  token = (await insertApiToken(db, { name: "parity", facilityIds: [apiFacility], createdBy: null })).token;
  batchToken = (await insertApiToken(db, { name: "parity", facilityIds: [batchFacility], createdBy: null })).token;
  const entries = await receive(db, formFacility, FORM);
  await receive(db, apiFacility, API);
  await receive(db, batchFacility, BATCH);
  // Lot numbers name the same lot rows at both facilities.
  lots = Object.fromEntries(["PAR-EARLY", "PAR-MID", "PAR-LATE", "PAR-OLD"].map((n, i) => [n, entries[i]!.lotId]));
});

// ---------------------------------------------------------------------------------------
// The same input, as each way in sends it

interface ArrivalCase {
  name: string;
  groups: Record<string, number>;
  nationalities: [string, number][];
  biometricsRegistered: number;
  origin: string;
  notes: string;
}

const arrivals: ArrivalCase[] = [
  { name: "one nationality", groups: { adultMen: 3, adultWomen: 2 }, nationalities: [["VE", 5]], biometricsRegistered: 5, origin: "Bajo Chiquito", notes: "" },
  {
    name: "a family with subgroups and two nationalities",
    groups: { adultMen: 1, adultWomen: 2, girls1to4: 1, boys5to17: 2, pregnant: 1, lactating: 1, unaccompaniedMinors: 1 },
    nationalities: [["HT", 4], ["CL", 2]],
    biometricsRegistered: 3,
    origin: "Canaán Membrillo",
    notes: "Llegaron de noche",
  },
];

function arrivalForm(c: ArrivalCase, occurredAt: string): Record<string, string> {
  const fields: Record<string, string> = { idempotencyKey: key(), occurredAt, biometricsRegistered: String(c.biometricsRegistered), origin: c.origin, notes: c.notes };
  for (const [group, n] of Object.entries(c.groups)) fields[group] = String(n);
  c.nationalities.forEach(([country, n], i) => {
    fields[`nationalities[${i}].country`] = country;
    fields[`nationalities[${i}].count`] = String(n);
  });
  return fields;
}

function arrivalJson(c: ArrivalCase, occurredAt: string) {
  return {
    occurredAt,
    ...c.groups,
    nationalities: c.nationalities.map(([country, n]) => ({ country, count: n })),
    biometricsRegistered: c.biometricsRegistered,
    origin: c.origin,
    notes: c.notes,
  };
}

interface IssueCase {
  name: string;
  lot: string | null;
  quantity: number;
  peopleServed: number;
  notes: string;
  /** What both ways answer: written, or refused with nothing written. */
  expect: "written" | "refused";
}

const issues: IssueCase[] = [
  { name: "first-expired-first-out across two lots", lot: null, quantity: 30, peopleServed: 30, notes: "Reparto de la mañana", expect: "written" },
  { name: "from a named lot", lot: "PAR-LATE", quantity: 7, peopleServed: 4, notes: "", expect: "written" },
  { name: "more than is usable", lot: null, quantity: 5000, peopleServed: 10, notes: "", expect: "refused" },
  { name: "from an expired lot", lot: "PAR-OLD", quantity: 1, peopleServed: 1, notes: "", expect: "refused" },
];

interface DepartureCase {
  name: string;
  kind: "onward" | "transfer";
  groups: Record<string, number>;
  destination: string;
  notes: string;
  expect: "written" | "refused";
}

const departures: DepartureCase[] = [
  { name: "onward travel", kind: "onward", groups: { adultMen: 1, adultWomen: 1 }, destination: "Costa Rica", notes: "Bus de las 6", expect: "written" },
  { name: "a transfer", kind: "transfer", groups: { adultWomen: 1, girls1to4: 1 }, destination: "", notes: "", expect: "written" },
  { name: "more people than are present", kind: "onward", groups: { adultMen: 5000 }, destination: "Costa Rica", notes: "", expect: "refused" },
];

function departureJson(c: DepartureCase, occurredAt: string) {
  return { occurredAt, kind: c.kind, ...(c.kind === "transfer" ? { toFacility: RECEIVING } : {}), destination: c.destination, ...c.groups, notes: c.notes };
}

interface ReceiptCase {
  name: string;
  lines: { item: string; lotNumber?: string; expiry?: string; vvmStage?: number; quantity: number }[];
  /** What both ways answer, with the same status: written, invalid at a field (400), refused (409). */
  expect: "written" | "invalid" | "refused";
  /** The lots to look at afterwards: VVM stage on record and whether each facility quarantines it. */
  lots?: Record<string, { vvmStage: number | null; quarantined: boolean }>;
}

const receipts: ReceiptCase[] = [
  {
    name: "a lot-tracked item and an item without lots",
    lines: [
      { item: "RATION-KIT", lotNumber: "PAR-R1", expiry: "2099-03-31", quantity: 40 },
      { item: "SOAP", quantity: 120 },
    ],
    expect: "written",
  },
  {
    name: "a vaccine at VVM stage 3, quarantined at receipt",
    lines: [
      { item: "VAC-MR", lotNumber: "PAR-MR3", expiry: "2099-05-31", vvmStage: 3, quantity: 20 },
      { item: "VAC-MR", lotNumber: "PAR-MR1", expiry: "2099-06-30", vvmStage: 1, quantity: 30 },
    ],
    expect: "written",
    lots: { "PAR-MR3": { vvmStage: 3, quarantined: true }, "PAR-MR1": { vvmStage: 1, quarantined: false } },
  },
  {
    name: "a later VVM reading on a lot already known, recorded on it",
    lines: [{ item: "VAC-MR", lotNumber: "PAR-MR1", expiry: "2099-06-30", vvmStage: 2, quantity: 10 }],
    expect: "written",
    lots: { "PAR-MR1": { vvmStage: 2, quarantined: false } },
  },
  {
    name: "a known lot reaching VVM stage 4",
    lines: [{ item: "VAC-MR", lotNumber: "PAR-MR1", expiry: "2099-06-30", vvmStage: 4, quantity: 5 }],
    expect: "written",
    lots: { "PAR-MR1": { vvmStage: 4, quarantined: true } },
  },
  { name: "a lot number on an item without lots", lines: [{ item: "SOAP", lotNumber: "S-1", quantity: 5 }], expect: "invalid" },
  { name: "a known lot with another expiry", lines: [{ item: "RATION-KIT", lotNumber: "PAR-R1", expiry: "2099-04-30", quantity: 5 }], expect: "refused" },
];

function receiptForm(c: ReceiptCase, occurredAt: string): Record<string, string> {
  const fields: Record<string, string> = { idempotencyKey: key(), occurredAt, source: "UNICEF", documentRef: "PAR-WB", notes: "" };
  c.lines.forEach((line, i) => {
    fields[`lines[${i}].item`] = line.item;
    fields[`lines[${i}].quantity`] = String(line.quantity);
    if (line.lotNumber) fields[`lines[${i}].lotNumber`] = line.lotNumber;
    if (line.expiry) fields[`lines[${i}].expiry`] = line.expiry;
    if (line.vvmStage) fields[`lines[${i}].vvmStage`] = String(line.vvmStage);
  });
  return fields;
}

async function viaForm(route: string, path: string, form: Record<string, string>): Promise<Outcome> {
  return callRoute(route, "action", { userId: manager }, `/facilities/${FORM}/${path}`, { code: FORM }, { form });
}

async function viaApi(route: string, path: string, json: unknown): Promise<Outcome> {
  return callRoute(route, "action", { bearer: token }, `/api/v1/facilities/${API}/${path}`, { code: API }, { json, headers: { "Idempotency-Key": key() } });
}

/** The batch endpoint, with the record as its only one. */
async function viaBatch(route: string, path: string, record: Record<string, unknown>): Promise<Outcome> {
  return callRoute(route, "action", { bearer: batchToken }, `/api/v1/facilities/${BATCH}/${path}`, { code: BATCH }, {
    json: { records: [{ ...record, idempotencyKey: key() }] },
  });
}

// ---------------------------------------------------------------------------------------
// What each facility's ledgers and audit log hold, without what names the way in

function strip<T extends Record<string, unknown>>(row: T, drop: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !drop.includes(k)));
}

/** The audit fields that say how a write came in (compared as a shape, not as values). */
const SOURCE = ["via", "tokenId", "tokenName", "idempotencyKey"];

async function ledgerOf(facilityId: number) {
  const db = testDb.db;
  const entries = await db.select().from(populationEntries).where(eq(populationEntries.facilityId, facilityId)).orderBy(asc(populationEntries.id));
  const nationalities = await db
    .select({ entryId: populationEntryNationalities.entryId, country: populationEntryNationalities.country, count: populationEntryNationalities.count })
    .from(populationEntryNationalities)
    .innerJoin(populationEntries, eq(populationEntries.id, populationEntryNationalities.entryId))
    .where(eq(populationEntries.facilityId, facilityId))
    .orderBy(asc(populationEntryNationalities.entryId), asc(populationEntryNationalities.country));
  const entryIndex = new Map(entries.map((e, i) => [e.id, i]));
  const operations = await db.select().from(stockOperations).where(eq(stockOperations.facilityId, facilityId)).orderBy(asc(stockOperations.id));
  const operationIndex = new Map(operations.map((o, i) => [o.id, i]));
  const stock = await db.select().from(stockEntries).where(eq(stockEntries.facilityId, facilityId)).orderBy(asc(stockEntries.id));
  const balances = await db.select().from(stockBalances).where(eq(stockBalances.facilityId, facilityId)).orderBy(asc(stockBalances.lotId));
  const [counts] = await db.select().from(census).where(eq(census.facilityId, facilityId));
  const daily = await db.select().from(dailyPopulation).where(eq(dailyPopulation.facilityId, facilityId)).orderBy(asc(dailyPopulation.day));
  const audit = await db.select().from(auditLog).where(eq(auditLog.facilityId, facilityId)).orderBy(asc(auditLog.id));
  const who = ["id", "facilityId", "idempotencyKey", "recordedBy", "apiTokenId", "recordedAt"];
  const transferOf = (id: unknown) => (id === null || id === undefined ? id : "a transfer");
  return {
    entries: entries.map((e) => ({ ...strip(e, who), transferId: transferOf(e.transferId) })),
    nationalities: nationalities.map((n) => ({ ...n, entryId: entryIndex.get(n.entryId) })),
    operations: operations.map((o) => strip(o, who)),
    stock: stock.map((s) => ({ ...strip(s, ["id", "facilityId"]), operationId: operationIndex.get(s.operationId) })),
    balances: balances.map((b) => strip(b, ["facilityId", "lastEntryAt"])),
    census: counts ? strip(counts, ["facilityId", "lastEntryAt", "updatedAt"]) : null,
    daily: daily.map((d) => strip(d, ["facilityId"])),
    audit: audit.map((a) => {
      const changes = a.changes as Record<string, unknown>;
      return {
        action: a.action,
        entity: a.entity,
        entityId: a.entity === "population_entry" ? entryIndex.get(Number(a.entityId)) : operationIndex.get(Number(a.entityId)),
        changes: "transferId" in changes ? { ...strip(changes, SOURCE), transferId: transferOf(changes.transferId) } : strip(changes, SOURCE),
        shape: Object.keys(changes).sort(),
      };
    }),
  };
}

describe("the same write through the form, the API and the batch", () => {
  it.each(arrivals)("an arrival ($name) gives the same ledger rows and audit rows", async (c) => {
    const at = minutesAgo(30);
    const form = await viaForm("facilities.$code.arrivals.new", "arrivals/new", arrivalForm(c, at));
    const api = await viaApi("api.v1.facilities.$code.arrivals", "arrivals", arrivalJson(c, at));
    const batch = await viaBatch("api.v1.facilities.$code.arrivals.batch", "arrivals/batch", arrivalJson(c, at));
    expect(form.status, form.body).toBe(302);
    expect(api.status, api.body).toBe(201);
    expect(batch.status, batch.body).toBe(200);
    const [a, b] = [await ledgerOf(formFacility), await ledgerOf(apiFacility)];
    expect(b).toEqual(a);
    // The batch writes arrivals set-based (db recordArrivals): the same rows all the same.
    expect(await ledgerOf(batchFacility)).toEqual(a);
    const last = (await testDb.db.select().from(auditLog).where(eq(auditLog.facilityId, apiFacility)).orderBy(asc(auditLog.id))).at(-1)!;
    expect(last.changes).toMatchObject({ kind: "arrival", via: "api", tokenName: "parity" });
    const lastForm = (await testDb.db.select().from(auditLog).where(eq(auditLog.facilityId, formFacility)).orderBy(asc(auditLog.id))).at(-1)!;
    expect(lastForm).toMatchObject({ userId: manager, changes: { kind: "arrival", via: "form", tokenId: null } });
  });

  it.each(issues)("an issue ($name) is $expect the same way, with the same rows", async (c) => {
    const at = minutesAgo(20);
    const form = await viaForm("facilities.$code.stock.issues.new", "stock/issues/new", {
      idempotencyKey: key(),
      occurredAt: at,
      item: "RATION-KIT",
      quantity: String(c.quantity),
      peopleServed: String(c.peopleServed),
      notes: c.notes,
      ...(c.lot ? { lotId: String(lots[c.lot]) } : {}),
    });
    const body = {
      occurredAt: at,
      item: "RATION-KIT",
      quantity: c.quantity,
      peopleServed: c.peopleServed,
      notes: c.notes,
      ...(c.lot ? { lotNumber: c.lot } : {}),
    };
    const api = await viaApi("api.v1.facilities.$code.stock.issues", "stock/issues", body);
    const batch = await viaBatch("api.v1.facilities.$code.stock.issues.batch", "stock/issues/batch", body);
    if (c.expect === "written") {
      expect(form.status, form.body).toBe(302);
      expect(api.status, api.body).toBe(201);
      expect(batch.status, batch.body).toBe(200);
    } else {
      expect(form.status, form.body).toBe(409);
      expect(api.status, api.body).toBe(409);
      expect(batch.status, batch.body).toBe(422);
    }
    const expected = await ledgerOf(formFacility);
    expect(await ledgerOf(apiFacility)).toEqual(expected);
    expect(await ledgerOf(batchFacility)).toEqual(expected);
  });

  it.each(departures)("a departure ($name) is $expect the same way, with the same rows", async (c) => {
    const at = minutesAgo(10);
    const fields: Record<string, string> = { idempotencyKey: key(), occurredAt: at, kind: c.kind, toFacility: c.kind === "transfer" ? RECEIVING : "", destination: c.destination, notes: c.notes };
    for (const [group, n] of Object.entries(c.groups)) fields[group] = String(n);
    const form = await viaForm("facilities.$code.departures.new", "departures/new", fields);
    const api = await viaApi("api.v1.facilities.$code.departures", "departures", departureJson(c, at));
    const written = c.expect === "written";
    expect(form.status, form.body).toBe(written ? 302 : 409);
    expect(api.status, api.body).toBe(written ? 201 : 409);
    const a = await ledgerOf(formFacility);
    const b = await ledgerOf(apiFacility);
    // The batch has no departures: compare the two ways that took them (last, so the batch's rows agree above).
    expect(b).toEqual(a);
    if (written) {
      expect(a.entries.at(-1)).toMatchObject({ kind: c.kind === "transfer" ? "transfer_out" : "departure", destination: c.kind === "transfer" ? RECEIVING : c.destination });
      expect(a.audit.at(-1)!.changes).toMatchObject({ kind: c.kind === "transfer" ? "transfer_out" : "departure", counts: expect.objectContaining(c.groups) });
    }
  });
});

describe("a receipt through the form and the API: one rule set", () => {
  it.each(receipts)("$name is $expect the same way, with the same rows", async (c) => {
    const at = minutesAgo(10);
    const form = await viaForm("facilities.$code.stock.receipts.new", "stock/receipts/new", receiptForm(c, at));
    const api = await viaApi("api.v1.facilities.$code.stock.receipts", "stock/receipts", {
      occurredAt: at,
      source: "UNICEF",
      documentRef: "PAR-WB",
      lines: c.lines,
    });
    const status = { written: [302, 201], invalid: [400, 400], refused: [409, 409] }[c.expect];
    expect(form.status, form.body).toBe(status[0]);
    expect(api.status, api.body).toBe(status[1]);
    expect(await ledgerOf(apiFacility)).toEqual(await ledgerOf(formFacility));
    for (const [lotNumber, expected] of Object.entries(c.lots ?? {})) {
      const [lot] = await testDb.db.select({ id: lotsTable.id }).from(lotsTable).where(eq(lotsTable.lotNumber, lotNumber));
      for (const facilityId of [formFacility, apiFacility]) {
        const [balance] = await testDb.db
          .select({ quarantined: stockBalances.quarantined, vvmStage: stockBalances.vvmStage })
          .from(stockBalances)
          .where(and(eq(stockBalances.facilityId, facilityId), eq(stockBalances.lotId, lot!.id)));
        expect(balance?.vvmStage, `${lotNumber} at ${facilityId}`).toBe(expected.vvmStage);
        expect(balance?.quarantined, `${lotNumber} at ${facilityId}`).toBe(expected.quarantined);
      }
    }
  });

  it("says at the form's field why a lot number on an item without lots is refused", async () => {
    const form = await viaForm("facilities.$code.stock.receipts.new", "stock/receipts/new", receiptForm(receipts[4]!, minutesAgo(5)));
    expect(JSON.parse(form.body).error).toMatchObject({ "lines[0].lotNumber": ["stock.lotNotTracked"] });
    expect(makeI18n("es").tMaybe("stock.lotNotTracked")).toBe("Este artículo no se controla por lote: deje el número de lote vacío.");
  });
});

// ---------------------------------------------------------------------------------------
// The issue form's question (decision 016, now for stock too)

/** The form's question as the person reads it. */
function question(outcome: Outcome): string {
  const errors = (JSON.parse(outcome.body) as { error?: Record<string, string[] | null> }).error?.[""] ?? [];
  return errors.map((e) => makeI18n("es").tMaybe(e)).join(" ");
}

async function issueCount(): Promise<number> {
  const [row] = await testDb.db.select({ n: count() }).from(stockOperations).where(eq(stockOperations.facilityId, formFacility));
  return row!.n;
}

function issueForm(fields: Record<string, string> = {}) {
  return { idempotencyKey: key(), occurredAt: minutesAgo(1), item: "RATION-KIT", quantity: "3", peopleServed: "3", lotId: String(lots["PAR-LATE"]), notes: "", ...fields };
}

const postIssue = (form: Record<string, string>, userId = manager) =>
  callRoute("facilities.$code.stock.issues.new", "action", { userId }, `/facilities/${FORM}/stock/issues/new`, { code: FORM }, { form });

describe("the issue form, after Back and resubmit", () => {
  it("asks before recording the same issue again, records nothing, and records it once confirmed", async () => {
    const first = issueForm({ quantity: "11", peopleServed: "6" });
    expect((await postIssue(first)).status).toBe(302);
    const before = await issueCount();

    const again = { ...first, idempotencyKey: key() };
    const asked = await postIssue(again);
    expect(asked.status).toBe(409);
    expect(asked.body).toContain("stock.issue.repeatSuspected?minutes=");
    expect(question(asked)).toMatch(
      /^Hace (menos de un minuto|1 minuto|\d+ minutos) \(.+\) usted registró una distribución de 11 kits de Ración lista para comer \(1 persona-día\) del lote PAR-LATE con los mismos datos\./,
    );
    expect(await issueCount()).toBe(before);

    const confirmed = await postIssue({ ...again, confirmRepeat: "yes" });
    expect(confirmed.status).toBe(302);
    expect(await issueCount()).toBe(before + 1);
  });

  it("asks for the same issue picked first-expired-first-out, too", async () => {
    const first = issueForm({ quantity: "2", peopleServed: "1", lotId: "" });
    expect((await postIssue(first)).status).toBe(302);
    const asked = await postIssue({ ...first, idempotencyKey: key() });
    expect(asked.status).toBe(409);
    expect(question(asked)).toContain("usted registró una distribución de 2 kits de Ración lista para comer (1 persona-día) con los mismos datos.");
  });

  it("a resend of a key already recorded is a duplicate, never a question", async () => {
    const first = issueForm({ quantity: "12" });
    expect((await postIssue(first)).status).toBe(302);
    expect((await postIssue({ ...first, idempotencyKey: key(), confirmRepeat: "yes" })).status).toBe(302);
    const before = await issueCount();
    const resent = await postIssue(first);
    expect(resent.status).toBe(302);
    expect(await issueCount()).toBe(before);
  });

  it("is not asked when another person issued it, or the quantity, people served or lot differ", async () => {
    const first = issueForm({ quantity: "13", peopleServed: "2" });
    expect((await postIssue(first)).status).toBe(302);
    expect((await postIssue({ ...first, idempotencyKey: key() }, otherManager)).status).toBe(302);
    expect((await postIssue({ ...first, idempotencyKey: key(), quantity: "14" })).status).toBe(302);
    expect((await postIssue({ ...first, idempotencyKey: key(), quantity: "14", peopleServed: "5" })).status).toBe(302);
    expect((await postIssue({ ...first, idempotencyKey: key(), quantity: "14", peopleServed: "5", lotId: String(lots["PAR-MID"]) })).status).toBe(302);
  });

  it("the API is never asked: it is idempotent by its own keys", async () => {
    const body = { occurredAt: minutesAgo(1), item: "RATION-KIT", lotNumber: "PAR-LATE", quantity: 2, peopleServed: 2 };
    expect((await viaApi("api.v1.facilities.$code.stock.issues", "stock/issues", body)).status).toBe(201);
    expect((await viaApi("api.v1.facilities.$code.stock.issues", "stock/issues", body)).status).toBe(201);
  });
});
