import { and, asc, desc, eq, gte, inArray, lt, lte, notExists, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  allGroups,
  emptyCounts,
  shortfalls,
  subgroupProblems,
  totalOf,
  type Counts,
  type Group,
  type SubgroupProblem,
} from "../app/lib/domain/population";
import {
  census,
  dailyNationalities,
  dailyPopulation,
  facilities,
  populationEntries,
  populationEntryNationalities,
  transfers,
  users,
} from "./schema";
import { queryRows } from "./sql.server";
import type { Db } from "./types";

export type EntryKind = "arrival" | "departure" | "transfer_out" | "transfer_in" | "reversal" | "correction";
type MovementKind = Exclude<EntryKind, "reversal" | "correction">;


// The drizzle columns of the twelve counts, on any table that has them.
function countsFrom(row: Record<Group, number>): Counts {
  return Object.fromEntries(allGroups.map((g) => [g, Number(row[g] ?? 0)])) as Counts;
}

const censusCountColumns = Object.fromEntries(allGroups.map((g) => [g, census[g]])) as Record<Group, (typeof census)[Group]>;
const entryCountColumns = Object.fromEntries(allGroups.map((g) => [g, populationEntries[g]])) as Record<
  Group,
  (typeof populationEntries)[Group]
>;

export interface EntryContext {
  recordedBy: number | null;
  apiTokenId?: number | null;
  idempotencyKey: string;
}

export interface MovementInput {
  facilityId: number;
  occurredAt: Date;
  /** Calendar day of occurredAt in the deployment's time zone. */
  day: string;
  counts: Counts;
  nationalities?: Record<string, number>;
  biometricsRegistered?: number;
  origin?: string;
  destination?: string;
  notes?: string;
}

export type EntryOutcome =
  | { status: "created"; entryId: number; census: Counts }
  | { status: "duplicate"; entryId: number; census: Counts }
  | { status: "insufficient"; shortfalls: { group: Group; present: number; requested: number }[] }
  | { status: "subgroups"; problems: SubgroupProblem[] };

/**
 * Locks the facility's census row for the rest of the transaction (creating it at zero the
 * first time). Every write to a facility's population goes through here first, so writes
 * to one facility are serialised and the census stays exact under concurrency.
 */
export async function lockCensus(db: Db, facilityId: number): Promise<Counts> {
  const lockRow = () => db.select(censusCountColumns).from(census).where(eq(census.facilityId, facilityId)).for("update");
  // The row exists after a facility's first entry: lock it in one round trip, since every
  // write to the facility waits behind this lock (docs/performance.md).
  let [row] = await lockRow();
  if (!row) {
    await db.insert(census).values({ facilityId }).onConflictDoNothing({ target: census.facilityId });
    [row] = await lockRow();
  }
  return row ? countsFrom(row) : emptyCounts();
}

async function findByKey(db: Db, idempotencyKey: string) {
  const [row] = await db
    .select({ id: populationEntries.id, facilityId: populationEntries.facilityId })
    .from(populationEntries)
    .where(eq(populationEntries.idempotencyKey, idempotencyKey))
    .limit(1);
  return row;
}

interface InsertEntry {
  kind: EntryKind;
  sign: 1 | -1;
  /**
   * The kind whose roll-up column this entry moves (for a reversal, the reversed kind). A
   * correction moves none: it is not an arrival or a departure, only the net per group.
   */
  rollupKind: MovementKind | "correction";
  input: MovementInput;
  ctx: EntryContext;
  transferId?: number;
  reversesEntryId?: number;
  reason?: string;
}

/** The shared core: check, append the entry, move the census and the roll-ups. Call inside a transaction. */
export async function appendEntry(db: Db, entry: InsertEntry): Promise<EntryOutcome> {
  const { input, ctx } = entry;
  const present = await lockCensus(db, input.facilityId);
  const existing = await findByKey(db, ctx.idempotencyKey);
  if (existing) return { status: "duplicate", entryId: existing.id, census: present };

  if (entry.sign === -1) {
    const short = shortfalls(present, input.counts);
    if (short.length) return { status: "insufficient", shortfalls: short };
  }
  const after = Object.fromEntries(allGroups.map((g) => [g, present[g] + entry.sign * input.counts[g]])) as Counts;
  const problems = subgroupProblems(after);
  if (problems.length) return { status: "subgroups", problems };

  const total = totalOf(input.counts);
  const [inserted] = await db
    .insert(populationEntries)
    .values({
      facilityId: input.facilityId,
      kind: entry.kind,
      sign: entry.sign,
      occurredAt: input.occurredAt,
      day: input.day,
      recordedBy: ctx.recordedBy,
      apiTokenId: ctx.apiTokenId ?? null,
      idempotencyKey: ctx.idempotencyKey,
      ...input.counts,
      total,
      biometricsRegistered: input.biometricsRegistered ?? 0,
      origin: input.origin ?? "",
      destination: input.destination ?? "",
      notes: input.notes ?? "",
      transferId: entry.transferId ?? null,
      reversesEntryId: entry.reversesEntryId ?? null,
      reason: entry.reason ?? "",
    })
    .returning({ id: populationEntries.id });
  const entryId = inserted!.id;

  const nationalities = Object.entries(input.nationalities ?? {}).filter(([, n]) => n > 0);
  if (nationalities.length) {
    await db
      .insert(populationEntryNationalities)
      .values(nationalities.map(([country, count]) => ({ entryId, country, count })));
  }

  await db
    .update(census)
    .set({ ...after, lastEntryAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(census.facilityId, input.facilityId));

  await bumpDailyRollup(db, entry, total);
  if (entry.rollupKind === "arrival" && nationalities.length) {
    // One statement for all the group's countries (they are distinct keys), not one per country.
    await db
      .insert(dailyNationalities)
      .values(nationalities.map(([country, count]) => ({ facilityId: input.facilityId, day: input.day, country, arrivals: entry.sign * count })))
      .onConflictDoUpdate({
        target: [dailyNationalities.facilityId, dailyNationalities.day, dailyNationalities.country],
        set: { arrivals: sql`${dailyNationalities.arrivals} + excluded.arrivals` },
      });
  }
  return { status: "created", entryId, census: after };
}

async function bumpDailyRollup(db: Db, entry: InsertEntry, total: number) {
  const { input } = entry;
  // A reversal takes back from the column of the kind it reverses.
  const movement = entry.kind === "reversal" ? -total : total;
  const column =
    entry.rollupKind === "correction"
      ? undefined
      : ({
          arrival: "arrivals",
          departure: "departures",
          transfer_out: "transfersOut",
          transfer_in: "transfersIn",
        }[entry.rollupKind] as "arrivals" | "departures" | "transfersOut" | "transfersIn");
  const net = Object.fromEntries(allGroups.map((g) => [g, entry.sign * input.counts[g]])) as Counts;
  const biometrics = entry.rollupKind === "arrival" ? Math.sign(movement) * (input.biometricsRegistered ?? 0) : 0;
  const set: Record<string, SQL> = {
    entries: sql`${dailyPopulation.entries} + 1`,
    biometricsRegistered: sql`${dailyPopulation.biometricsRegistered} + ${biometrics}`,
  };
  if (column) set[column] = sql`${dailyPopulation[column]} + ${movement}`;
  for (const g of allGroups) set[g] = sql`${dailyPopulation[g]} + ${net[g]}`;
  await db
    .insert(dailyPopulation)
    .values({
      facilityId: input.facilityId,
      day: input.day,
      ...(column ? { [column]: movement } : {}),
      entries: 1,
      biometricsRegistered: biometrics,
      ...net,
    })
    .onConflictDoUpdate({ target: [dailyPopulation.facilityId, dailyPopulation.day], set });
}

export async function recordArrival(db: Db, input: MovementInput, ctx: EntryContext) {
  return appendEntry(db, { kind: "arrival", sign: 1, rollupKind: "arrival", input, ctx });
}

/** One arrival of a batch: its input and the ledger's context (key, who). */
export interface BatchArrival {
  input: Omit<MovementInput, "facilityId" | "destination">;
  ctx: EntryContext;
}

export type BatchArrivalOutcome =
  | { status: "created"; entryId: number }
  | { status: "duplicate"; entryId: number }
  | { status: "subgroups"; problems: SubgroupProblem[] };

/** Rows per INSERT: far below PostgreSQL's 65,535 parameters whatever the row's width. */
const INSERT_CHUNK = 1000;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

/**
 * Many arrivals at one facility, set-based: what recordArrival does for each, in a handful of
 * statements for the whole batch (one lock, one lookup of the keys, one insert per table, one
 * census update, one upsert per roll-up) instead of seven per group, so a registration system's
 * day of 500 groups is one short transaction. Keys already recorded are answered as duplicates
 * and write nothing. Call inside a transaction; the outcomes are in the order of `arrivals`.
 */
export async function recordArrivals(db: Db, facilityId: number, arrivals: BatchArrival[]): Promise<BatchArrivalOutcome[]> {
  let present = await lockCensus(db, facilityId);
  const keys = arrivals.map((a) => a.ctx.idempotencyKey);
  const known = new Map<string, number>();
  for (let i = 0; i < keys.length; i += INSERT_CHUNK) {
    const rows = await db
      .select({ id: populationEntries.id, key: populationEntries.idempotencyKey })
      .from(populationEntries)
      .where(inArray(populationEntries.idempotencyKey, keys.slice(i, i + INSERT_CHUNK)));
    for (const row of rows) known.set(row.key, row.id);
  }

  const outcomes: (BatchArrivalOutcome | null)[] = [];
  const fresh: { index: number; arrival: BatchArrival; total: number }[] = [];
  for (const [index, arrival] of arrivals.entries()) {
    const existing = known.get(arrival.ctx.idempotencyKey);
    if (existing !== undefined) {
      outcomes.push({ status: "duplicate", entryId: existing });
      continue;
    }
    const after = Object.fromEntries(allGroups.map((g) => [g, present[g] + arrival.input.counts[g]])) as Counts;
    const problems = subgroupProblems(after);
    if (problems.length) {
      outcomes.push({ status: "subgroups", problems });
      continue;
    }
    present = after;
    fresh.push({ index, arrival, total: totalOf(arrival.input.counts) });
    outcomes.push(null);
  }
  if (fresh.length === 0) return outcomes as BatchArrivalOutcome[];

  // One statement for every entry, the rows sent as one JSON parameter: a multi-row VALUES of
  // 500 entries is 13,000 parameters, which took most of a batch's time to build and parse.
  const ids = new Map<string, number>();
  const groupColumns = allGroups.map((g) => populationEntries[g].name);
  const rows = fresh.map(({ arrival: { input, ctx }, total }, ord) => ({
    ord,
    occurred_at: input.occurredAt.toISOString(),
    day: input.day,
    recorded_by: ctx.recordedBy,
    api_token_id: ctx.apiTokenId ?? null,
    idempotency_key: ctx.idempotencyKey,
    ...Object.fromEntries(allGroups.map((g, i) => [groupColumns[i], input.counts[g]])),
    total,
    biometrics_registered: input.biometricsRegistered ?? 0,
    origin: input.origin ?? "",
    notes: input.notes ?? "",
  }));
  const list = (names: string[]) => sql.join(names.map((n) => sql.identifier(n)), sql`, `);
  const inserted = await queryRows<{ id: number | string; key: string }>(
    db,
    sql`insert into ${populationEntries} (facility_id, kind, sign, occurred_at, day, recorded_by, api_token_id, idempotency_key, ${list(groupColumns)}, total, biometrics_registered, origin, notes)
        select ${facilityId}::integer, 'arrival', 1, occurred_at, day, recorded_by, api_token_id, idempotency_key, ${list(groupColumns)}, total, biometrics_registered, origin, notes
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
          ord integer, occurred_at timestamptz, day date, recorded_by integer, api_token_id integer, idempotency_key text,
          ${sql.join(groupColumns.map((n) => sql`${sql.identifier(n)} integer`), sql`, `)},
          total integer, biometrics_registered integer, origin text, notes text)
        order by ord
        returning id, idempotency_key as key`,
  );
  for (const row of inserted) ids.set(row.key, Number(row.id));
  for (const { index, arrival } of fresh) outcomes[index] = { status: "created", entryId: ids.get(arrival.ctx.idempotencyKey)! };

  const nationalityRows = fresh.flatMap(({ arrival }) =>
    Object.entries(arrival.input.nationalities ?? {})
      .filter(([, n]) => n > 0)
      .map(([country, count]) => ({ entryId: ids.get(arrival.ctx.idempotencyKey)!, country, count, day: arrival.input.day })),
  );
  await insertChunked(nationalityRows, (chunk) =>
    db.insert(populationEntryNationalities).values(chunk.map(({ entryId, country, count }) => ({ entryId, country, count }))),
  );

  await db
    .update(census)
    .set({ ...present, lastEntryAt: sql`now()`, updatedAt: sql`now()` })
    .where(eq(census.facilityId, facilityId));

  // The roll-ups as recordArrival moves them, summed per day (an upsert may touch a row once).
  const days = new Map<string, { arrivals: number; entries: number; biometrics: number; net: Counts }>();
  for (const { arrival, total } of fresh) {
    const day = days.get(arrival.input.day) ?? { arrivals: 0, entries: 0, biometrics: 0, net: emptyCounts() };
    day.arrivals += total;
    day.entries += 1;
    day.biometrics += arrival.input.biometricsRegistered ?? 0;
    for (const g of allGroups) day.net[g] += arrival.input.counts[g];
    days.set(arrival.input.day, day);
  }
  const set: Record<string, SQL> = {
    arrivals: sql`${dailyPopulation.arrivals} + excluded.arrivals`,
    entries: sql`${dailyPopulation.entries} + excluded.entries`,
    biometricsRegistered: sql`${dailyPopulation.biometricsRegistered} + excluded.biometrics_registered`,
  };
  for (const g of allGroups) set[g] = sql`${dailyPopulation[g]} + excluded.${sql.identifier(dailyPopulation[g].name)}`;
  await db
    .insert(dailyPopulation)
    .values(
      [...days].map(([day, d]) => ({ facilityId, day, arrivals: d.arrivals, entries: d.entries, biometricsRegistered: d.biometrics, ...d.net })),
    )
    .onConflictDoUpdate({ target: [dailyPopulation.facilityId, dailyPopulation.day], set });

  const perCountry = new Map<string, { day: string; country: string; arrivals: number }>();
  for (const row of nationalityRows) {
    const id = `${row.day}|${row.country}`;
    const sum = perCountry.get(id) ?? { day: row.day, country: row.country, arrivals: 0 };
    sum.arrivals += row.count;
    perCountry.set(id, sum);
  }
  await insertChunked([...perCountry.values()], (chunk) =>
    db
      .insert(dailyNationalities)
      .values(chunk.map((c) => ({ facilityId, ...c })))
      .onConflictDoUpdate({
        target: [dailyNationalities.facilityId, dailyNationalities.day, dailyNationalities.country],
        set: { arrivals: sql`${dailyNationalities.arrivals} + excluded.arrivals` },
      }),
  );
  return outcomes as BatchArrivalOutcome[];
}

export async function recordDeparture(db: Db, input: MovementInput, ctx: EntryContext) {
  return appendEntry(db, { kind: "departure", sign: -1, rollupKind: "departure", input, ctx });
}

export type TransferOutcome = EntryOutcome & { transferId?: number };

/**
 * People leave the sending facility at once and are "in transit" until the receiving facility
 * records their arrival (see docs/decisions/005-transfers-in-transit.md).
 */
export async function sendTransfer(
  db: Db,
  input: MovementInput & { toFacilityId: number },
  ctx: EntryContext,
): Promise<TransferOutcome> {
  await lockCensus(db, input.facilityId);
  const existing = await findByKey(db, ctx.idempotencyKey);
  if (existing) {
    const [row] = await db
      .select({ transferId: populationEntries.transferId })
      .from(populationEntries)
      .where(eq(populationEntries.id, existing.id));
    const present = await lockCensus(db, input.facilityId);
    return { status: "duplicate", entryId: existing.id, census: present, transferId: row?.transferId ?? undefined };
  }
  const present = await lockCensus(db, input.facilityId);
  const short = shortfalls(present, input.counts);
  if (short.length) return { status: "insufficient", shortfalls: short };
  const [transfer] = await db
    .insert(transfers)
    .values({
      fromFacilityId: input.facilityId,
      toFacilityId: input.toFacilityId,
      sentAt: input.occurredAt,
      ...input.counts,
      notes: input.notes ?? "",
    })
    .returning({ id: transfers.id });
  const outcome = await appendEntry(db, {
    kind: "transfer_out",
    sign: -1,
    rollupKind: "transfer_out",
    input,
    ctx,
    transferId: transfer!.id,
  });
  return { ...outcome, transferId: transfer!.id };
}

export type ReceiveOutcome =
  | EntryOutcome
  | { status: "not-found" }
  | { status: "already-received" }
  | { status: "more-than-sent"; groups: Group[] };

export async function receiveTransfer(
  db: Db,
  input: { transferId: number; facilityId: number; occurredAt: Date; day: string; counts: Counts; notes?: string },
  ctx: EntryContext,
): Promise<ReceiveOutcome> {
  await lockCensus(db, input.facilityId);
  const existing = await findByKey(db, ctx.idempotencyKey);
  if (existing) return { status: "duplicate", entryId: existing.id, census: await lockCensus(db, input.facilityId) };
  const [transfer] = await db
    .select({ id: transfers.id, status: transfers.status, fromFacilityId: transfers.fromFacilityId, ...Object.fromEntries(allGroups.map((g) => [g, transfers[g]])) })
    .from(transfers)
    .where(and(eq(transfers.id, input.transferId), eq(transfers.toFacilityId, input.facilityId)))
    .for("update");
  if (!transfer) return { status: "not-found" };
  if (transfer.status !== "in_transit") return { status: "already-received" };
  const sent = countsFrom(transfer as unknown as Record<Group, number>);
  const over = allGroups.filter((g) => input.counts[g] > sent[g]);
  if (over.length) return { status: "more-than-sent", groups: over };
  const outcome = await appendEntry(db, {
    kind: "transfer_in",
    sign: 1,
    rollupKind: "transfer_in",
    input: { facilityId: input.facilityId, occurredAt: input.occurredAt, day: input.day, counts: input.counts, notes: input.notes },
    ctx,
    transferId: transfer.id,
  });
  if (outcome.status === "created") {
    await db
      .update(transfers)
      .set({ status: "received", receivedAt: input.occurredAt, missing: totalOf(sent) - totalOf(input.counts) })
      .where(eq(transfers.id, transfer.id));
  }
  return outcome;
}

export type ReversalOutcome =
  | EntryOutcome
  | { status: "not-found" }
  | { status: "not-reversible"; reason: "already-reversed" | "is-reversal" | "is-transfer" | "is-correction" };

/** Undoes an entry made in error with an entry of the opposite sign, dated like the original. */
export async function reverseEntry(
  db: Db,
  input: { facilityId: number; entryId: number; reason: string },
  ctx: EntryContext,
): Promise<ReversalOutcome> {
  await lockCensus(db, input.facilityId);
  const existing = await findByKey(db, ctx.idempotencyKey);
  if (existing) return { status: "duplicate", entryId: existing.id, census: await lockCensus(db, input.facilityId) };
  const [original] = await db
    .select({
      id: populationEntries.id,
      kind: populationEntries.kind,
      sign: populationEntries.sign,
      occurredAt: populationEntries.occurredAt,
      day: populationEntries.day,
      biometricsRegistered: populationEntries.biometricsRegistered,
      ...entryCountColumns,
    })
    .from(populationEntries)
    .where(and(eq(populationEntries.id, input.entryId), eq(populationEntries.facilityId, input.facilityId)));
  if (!original) return { status: "not-found" };
  if (original.kind === "reversal") return { status: "not-reversible", reason: "is-reversal" };
  if (original.kind === "transfer_out" || original.kind === "transfer_in") {
    return { status: "not-reversible", reason: "is-transfer" };
  }
  // A headcount is corrected by counting again, which posts the new difference.
  if (original.kind === "correction") return { status: "not-reversible", reason: "is-correction" };
  const [already] = await db
    .select({ id: populationEntries.id })
    .from(populationEntries)
    .where(eq(populationEntries.reversesEntryId, original.id));
  if (already) return { status: "not-reversible", reason: "already-reversed" };
  const nationalityRows = await db
    .select({ country: populationEntryNationalities.country, count: populationEntryNationalities.count })
    .from(populationEntryNationalities)
    .where(eq(populationEntryNationalities.entryId, original.id));
  return appendEntry(db, {
    kind: "reversal",
    sign: original.sign === 1 ? -1 : 1,
    rollupKind: original.kind,
    input: {
      facilityId: input.facilityId,
      occurredAt: original.occurredAt,
      day: original.day,
      counts: countsFrom(original),
      nationalities: Object.fromEntries(nationalityRows.map((r) => [r.country, r.count])),
      biometricsRegistered: original.biometricsRegistered,
    },
    ctx,
    reversesEntryId: original.id,
    reason: input.reason,
  });
}

// ---------------------------------------------------------------------------------------
// Reads

export async function getCensus(db: Db, facilityId: number) {
  const [row] = await db
    .select({ ...censusCountColumns, lastEntryAt: census.lastEntryAt })
    .from(census)
    .where(eq(census.facilityId, facilityId));
  return { counts: row ? countsFrom(row) : emptyCounts(), lastEntryAt: row?.lastEntryAt ?? null };
}

/** Every facility's census with its capacity inputs: the network page in one query. */
export async function listNetworkCensus(db: Db, facilityIds: number[] | "all") {
  return db
    .select({
      id: facilities.id,
      code: facilities.code,
      name: facilities.name,
      kind: facilities.kind,
      status: facilities.status,
      beds: facilities.beds,
      coveredAreaM2: facilities.coveredAreaM2,
      waterLitresPerDay: facilities.waterLitresPerDay,
      toilets: facilities.toilets,
      sanitationFirstPhase: facilities.sanitationFirstPhase,
      latitude: facilities.latitude,
      longitude: facilities.longitude,
      lastEntryAt: census.lastEntryAt,
      ...Object.fromEntries(allGroups.map((g) => [g, sql<number>`coalesce(${census[g]}, 0)`.mapWith(Number)])) as Record<
        Group,
        SQL.Aliased<number> | SQL<number>
      >,
    })
    .from(facilities)
    .leftJoin(census, eq(census.facilityId, facilities.id))
    .where(facilityIds === "all" ? undefined : inArray(facilities.id, facilityIds.length ? facilityIds : [-1]))
    .orderBy(asc(facilities.code));
}

/** Roll-up rows for a facility between two days (inclusive), oldest first. */
export async function listDailyPopulation(db: Db, facilityId: number, fromDay: string, toDay: string) {
  return db
    .select({
      day: dailyPopulation.day,
      arrivals: dailyPopulation.arrivals,
      departures: dailyPopulation.departures,
      transfersIn: dailyPopulation.transfersIn,
      transfersOut: dailyPopulation.transfersOut,
      ...Object.fromEntries(allGroups.map((g) => [g, dailyPopulation[g]])) as Record<Group, (typeof dailyPopulation)[Group]>,
    })
    .from(dailyPopulation)
    .where(and(eq(dailyPopulation.facilityId, facilityId), gte(dailyPopulation.day, fromDay), lte(dailyPopulation.day, toDay)))
    .orderBy(asc(dailyPopulation.day));
}

/** Net change per group after a day (exclusive), to walk back from today's census. */
export async function netChangeAfter(db: Db, facilityId: number, day: string): Promise<Counts> {
  const [row] = await db
    .select(
      Object.fromEntries(allGroups.map((g) => [g, sql<number>`coalesce(sum(${dailyPopulation[g]}), 0)`.mapWith(Number)])) as Record<
        Group,
        SQL<number>
      >,
    )
    .from(dailyPopulation)
    .where(and(eq(dailyPopulation.facilityId, facilityId), sql`${dailyPopulation.day} > ${day}`));
  return row ? countsFrom(row) : emptyCounts();
}

/** The facility's arrivals by nationality over recent days (the form's default mix). */
export async function recentNationalityMix(db: Db, facilityId: number, sinceDay: string) {
  return db
    .select({ country: dailyNationalities.country, arrivals: sql<number>`sum(${dailyNationalities.arrivals})`.mapWith(Number) })
    .from(dailyNationalities)
    .where(and(eq(dailyNationalities.facilityId, facilityId), gte(dailyNationalities.day, sinceDay)))
    .groupBy(dailyNationalities.country)
    .orderBy(desc(sql`sum(${dailyNationalities.arrivals})`))
    .limit(12);
}

/**
 * The last arrival this user recorded at the facility, not reversed since, with its
 * nationalities (largest first): what "Repetir mi último grupo" pre-fills. Null when there is none.
 */
export async function lastArrivalBy(db: Db, facilityId: number, userId: number) {
  const reversals = alias(populationEntries, "reversals");
  const reversed = db
    .select({ id: reversals.id })
    .from(reversals)
    .where(and(eq(reversals.facilityId, facilityId), eq(reversals.reversesEntryId, populationEntries.id)));
  const [entry] = await db
    .select({
      id: populationEntries.id,
      occurredAt: populationEntries.occurredAt,
      biometricsRegistered: populationEntries.biometricsRegistered,
      origin: populationEntries.origin,
      ...entryCountColumns,
    })
    .from(populationEntries)
    .where(
      and(
        eq(populationEntries.facilityId, facilityId),
        eq(populationEntries.kind, "arrival"),
        eq(populationEntries.recordedBy, userId),
        notExists(reversed),
      ),
    )
    .orderBy(desc(populationEntries.id))
    .limit(1);
  if (!entry) return null;
  const nationalities = await db
    .select({ country: populationEntryNationalities.country, count: populationEntryNationalities.count })
    .from(populationEntryNationalities)
    .innerJoin(populationEntries, eq(populationEntries.id, populationEntryNationalities.entryId))
    .where(and(eq(populationEntryNationalities.entryId, entry.id), eq(populationEntries.facilityId, facilityId)))
    .orderBy(desc(populationEntryNationalities.count), asc(populationEntryNationalities.country));
  return {
    entryId: entry.id,
    occurredAt: entry.occurredAt,
    counts: countsFrom(entry),
    nationalities,
    biometricsRegistered: entry.biometricsRegistered,
    origin: entry.origin,
  };
}

export interface EntryFilters {
  kind?: EntryKind;
  fromDay?: string;
  toDay?: string;
}

export async function listEntries(
  db: Db,
  facilityId: number,
  filters: EntryFilters,
  options: { beforeId?: number; limit: number },
) {
  return db
    .select({
      id: populationEntries.id,
      kind: populationEntries.kind,
      sign: populationEntries.sign,
      occurredAt: populationEntries.occurredAt,
      recordedAt: populationEntries.recordedAt,
      total: populationEntries.total,
      ...entryCountColumns,
      biometricsRegistered: populationEntries.biometricsRegistered,
      origin: populationEntries.origin,
      destination: populationEntries.destination,
      notes: populationEntries.notes,
      reason: populationEntries.reason,
      reversesEntryId: populationEntries.reversesEntryId,
      transferId: populationEntries.transferId,
      recordedByName: users.displayName,
      apiTokenId: populationEntries.apiTokenId,
      reversedBy: sql<number | null>`(select r.id from population_entries r where r.reverses_entry_id = ${populationEntries.id})`.mapWith(
        (v) => (v == null ? null : Number(v)),
      ),
    })
    .from(populationEntries)
    .leftJoin(users, eq(users.id, populationEntries.recordedBy))
    .where(
      and(
        eq(populationEntries.facilityId, facilityId),
        filters.kind ? eq(populationEntries.kind, filters.kind) : undefined,
        filters.fromDay ? gte(populationEntries.day, filters.fromDay) : undefined,
        filters.toDay ? lte(populationEntries.day, filters.toDay) : undefined,
        options.beforeId ? lt(populationEntries.id, options.beforeId) : undefined,
      ),
    )
    .orderBy(desc(populationEntries.id))
    .limit(options.limit);
}

/** Transfers still on the road to or from a facility. */
export async function listTransfersInTransit(db: Db, facilityId: number) {
  return db
    .select({
      id: transfers.id,
      fromFacilityId: transfers.fromFacilityId,
      toFacilityId: transfers.toFacilityId,
      sentAt: transfers.sentAt,
      fromCode: sql<string>`(select code from facilities f where f.id = ${transfers.fromFacilityId})`,
      toCode: sql<string>`(select code from facilities f where f.id = ${transfers.toFacilityId})`,
      ...Object.fromEntries(allGroups.map((g) => [g, transfers[g]])) as Record<Group, (typeof transfers)[Group]>,
    })
    .from(transfers)
    .where(
      and(
        eq(transfers.status, "in_transit"),
        or(eq(transfers.toFacilityId, facilityId), eq(transfers.fromFacilityId, facilityId)),
      ),
    )
    .orderBy(asc(transfers.sentAt))
    .limit(200);
}

/** One transfer addressed to a facility, for the receipt form. */
export async function getTransferTo(db: Db, facilityId: number, transferId: number) {
  const [row] = await db
    .select({
      id: transfers.id,
      status: transfers.status,
      sentAt: transfers.sentAt,
      fromCode: facilities.code,
      fromName: facilities.name,
      ...(Object.fromEntries(allGroups.map((g) => [g, transfers[g]])) as Record<Group, (typeof transfers)[Group]>),
    })
    .from(transfers)
    .innerJoin(facilities, eq(facilities.id, transfers.fromFacilityId))
    .where(and(eq(transfers.id, transferId), eq(transfers.toFacilityId, facilityId)));
  return row;
}

/** One entry of a facility, for the correction form. */
export async function getEntry(db: Db, facilityId: number, entryId: number) {
  const [row] = await db
    .select({
      id: populationEntries.id,
      kind: populationEntries.kind,
      occurredAt: populationEntries.occurredAt,
      total: populationEntries.total,
      notes: populationEntries.notes,
      ...entryCountColumns,
    })
    .from(populationEntries)
    .where(and(eq(populationEntries.id, entryId), eq(populationEntries.facilityId, facilityId)));
  return row;
}

/** How far back a form's entry is compared with the same person's last ones (findRecentTwin). */
export const TWIN_WINDOW_MINUTES = 15;

/**
 * The latest entry of this kind that the same user recorded at the facility in the last
 * TWIN_WINDOW_MINUTES with exactly the same counts, under another idempotency key, and not
 * reversed since. Without JavaScript, Back after a submit brings the typed values back on a
 * freshly loaded form with a new key, so a resubmit would count the group twice (issue 15):
 * the form asks before recording such a twin. A key already recorded has no twin: its resend
 * is a duplicate. Reads only the facility's last 200 entries.
 */
export async function findRecentTwin(
  db: Db,
  facilityId: number,
  match: { kind: MovementKind; recordedBy: number; counts: Counts; idempotencyKey: string; now?: Date },
): Promise<{ entryId: number; recordedAt: Date; total: number } | undefined> {
  // A resend of a key already recorded is answered as that entry (a duplicate), never asked about.
  const [known] = await db
    .select({ id: populationEntries.id })
    .from(populationEntries)
    .where(eq(populationEntries.idempotencyKey, match.idempotencyKey))
    .limit(1);
  if (known) return undefined;
  const since = new Date((match.now ?? new Date()).getTime() - TWIN_WINDOW_MINUTES * 60_000);
  const recent = db
    .select({
      id: populationEntries.id,
      kind: populationEntries.kind,
      recordedBy: populationEntries.recordedBy,
      recordedAt: populationEntries.recordedAt,
      idempotencyKey: populationEntries.idempotencyKey,
      total: populationEntries.total,
      ...entryCountColumns,
    })
    .from(populationEntries)
    .where(eq(populationEntries.facilityId, facilityId))
    .orderBy(desc(populationEntries.id))
    .limit(200)
    .as("recent");
  const reversal = db
    .select({ one: sql`1` })
    .from(populationEntries)
    .where(and(eq(populationEntries.facilityId, facilityId), eq(populationEntries.reversesEntryId, recent.id)));
  const [row] = await db
    .select({ entryId: recent.id, recordedAt: recent.recordedAt, total: recent.total })
    .from(recent)
    .where(
      and(
        eq(recent.kind, match.kind),
        eq(recent.recordedBy, match.recordedBy),
        gte(recent.recordedAt, since),
        sql`${recent.idempotencyKey} <> ${match.idempotencyKey}`,
        ...allGroups.map((g) => eq(recent[g], match.counts[g])),
        sql`not exists (${reversal})`,
      ),
    )
    .orderBy(desc(recent.id))
    .limit(1);
  return row;
}

/** The sizes of the facility's last `limit` arrival groups (for the "¿seguro?" on unusual sizes). */
export async function recentArrivalSizes(db: Db, facilityId: number, limit = 200): Promise<number[]> {
  const rows = await db
    .select({ total: populationEntries.total, kind: populationEntries.kind })
    .from(populationEntries)
    .where(eq(populationEntries.facilityId, facilityId))
    .orderBy(desc(populationEntries.id))
    .limit(limit);
  return rows.filter((r) => r.kind === "arrival").map((r) => r.total);
}
