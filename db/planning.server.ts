import { and, asc, desc, eq, gte, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { allGroups, type Group } from "../app/lib/domain/population";
import type { ScenarioChange } from "../app/lib/domain/scenario";
import {
  careCases,
  careEncounters,
  dailyPopulation,
  itemFacilitySettings,
  itemOrderBasis,
  lots,
  scenarios,
  shipmentLines,
  shipments,
  stockBalances,
  stockEntries,
  transfers,
} from "./schema";
import type { Db } from "./types";

/**
 * The planning reads, each for a whole set of facilities in ONE query (never a query per
 * facility), from maintained balances and daily roll-ups only: the dashboard costs the same with
 * a week of history as with a year (docs/decisions/012-planning.md).
 */

const ids = (facilityIds: readonly number[]) => (facilityIds.length ? [...facilityIds] : [-1]);

/** Roll-up rows of the facilities between two days (inclusive), by facility then day. */
export async function listDailyPopulationFor(db: Db, facilityIds: readonly number[], fromDay: string, toDay: string) {
  return db
    .select({
      facilityId: dailyPopulation.facilityId,
      day: dailyPopulation.day,
      arrivals: dailyPopulation.arrivals,
      departures: dailyPopulation.departures,
      transfersIn: dailyPopulation.transfersIn,
      transfersOut: dailyPopulation.transfersOut,
      ...(Object.fromEntries(allGroups.map((g) => [g, dailyPopulation[g]])) as Record<Group, (typeof dailyPopulation)[Group]>),
    })
    .from(dailyPopulation)
    .where(
      and(
        inArray(dailyPopulation.facilityId, ids(facilityIds)),
        gte(dailyPopulation.day, fromDay),
        lte(dailyPopulation.day, toDay),
      ),
    )
    .orderBy(asc(dailyPopulation.facilityId), asc(dailyPopulation.day));
}

/** People in transfers still on the road, by receiving facility. */
export async function listIncomingTransfersFor(db: Db, facilityIds: readonly number[]) {
  const total = sql<number>`${sql.join(
    allGroups.slice(0, 8).map((g) => sql`${transfers[g]}`),
    sql` + `,
  )}`.mapWith(Number);
  return db
    .select({ toFacilityId: transfers.toFacilityId, people: sql<number>`sum(${total})`.mapWith(Number) })
    .from(transfers)
    .where(and(eq(transfers.status, "in_transit"), inArray(transfers.toFacilityId, ids(facilityIds))))
    .groupBy(transfers.toFacilityId);
}

/**
 * Every lot the facilities hold or held (a balance of 0 says the facility stocks the item and
 * ran out), with what decides whether it is usable.
 */
export async function listLotsFor(db: Db, facilityIds: readonly number[]) {
  const rows = await db
    .select({
      facilityId: stockBalances.facilityId,
      itemId: stockBalances.itemId,
      lotId: stockBalances.lotId,
      quantity: stockBalances.quantity,
      quarantined: stockBalances.quarantined,
      lotNumber: lots.lotNumber,
      expiry: lots.expiry,
      vvmStage: stockBalances.vvmStage,
    })
    .from(stockBalances)
    .innerJoin(lots, eq(lots.id, stockBalances.lotId))
    .where(inArray(stockBalances.facilityId, ids(facilityIds)))
    .orderBy(asc(stockBalances.facilityId), asc(stockBalances.itemId), asc(lots.expiry), asc(stockBalances.lotId));
  return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
}

export async function listItemSettingsFor(db: Db, facilityIds: readonly number[]) {
  return db
    .select({
      facilityId: itemFacilitySettings.facilityId,
      itemId: itemFacilitySettings.itemId,
      leadTimeDays: itemFacilitySettings.leadTimeDays,
      safetyStockDays: itemFacilitySettings.safetyStockDays,
    })
    .from(itemFacilitySettings)
    .where(inArray(itemFacilitySettings.facilityId, ids(facilityIds)));
}

/** Stock on the road to each facility, per item. */
export async function listIncomingStockFor(db: Db, facilityIds: readonly number[]) {
  const rows = await db
    .select({
      toFacilityId: shipments.toFacilityId,
      itemId: shipmentLines.itemId,
      quantity: sql<number>`sum(${shipmentLines.quantitySent})`.mapWith(Number),
    })
    .from(shipments)
    .innerJoin(shipmentLines, eq(shipmentLines.shipmentId, shipments.id))
    .where(and(eq(shipments.status, "in_transit"), inArray(shipments.toFacilityId, ids(facilityIds))))
    .groupBy(shipments.toFacilityId, shipmentLines.itemId);
  return rows;
}

/**
 * Units issued to people (distributions and doses; not transfers or write-offs) per facility and
 * item since `since`: the consumption an order may be based on (issue 17 item 4).
 */
export async function listIssuedSinceFor(db: Db, facilityIds: readonly number[], since: Date) {
  return db
    .select({
      facilityId: stockEntries.facilityId,
      itemId: stockEntries.itemId,
      issued: sql<number>`coalesce(-sum(${stockEntries.quantity}), 0)`.mapWith(Number),
    })
    .from(stockEntries)
    .where(and(inArray(stockEntries.facilityId, ids(facilityIds)), eq(stockEntries.kind, "issue"), gte(stockEntries.occurredAt, since)))
    .groupBy(stockEntries.facilityId, stockEntries.itemId);
}

/** The choice of what drives one item's order at a facility, locked for the transaction that changes it. */
export async function lockOrderBasis(db: Db, facilityId: number, itemId: number) {
  const [row] = await db
    .select({ basis: itemOrderBasis.basis })
    .from(itemOrderBasis)
    .where(and(eq(itemOrderBasis.facilityId, facilityId), eq(itemOrderBasis.itemId, itemId)))
    .for("update");
  return row?.basis ?? "norm";
}

export async function upsertOrderBasis(db: Db, row: { facilityId: number; itemId: number; basis: string; updatedBy: number | null }) {
  await db
    .insert(itemOrderBasis)
    .values({ ...row, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [itemOrderBasis.facilityId, itemOrderBasis.itemId],
      set: { basis: row.basis, updatedBy: row.updatedBy, updatedAt: new Date() },
    });
}

/** The planners' choices of what drives each item's order, per facility (no row: the norm). */
export async function listOrderBasisFor(db: Db, facilityIds: readonly number[]) {
  return db
    .select({ facilityId: itemOrderBasis.facilityId, itemId: itemOrderBasis.itemId, basis: itemOrderBasis.basis })
    .from(itemOrderBasis)
    .where(inArray(itemOrderBasis.facilityId, ids(facilityIds)));
}

/**
 * Children in SAM and in MAM treatment per facility, counted as app/lib/care-demand.server.ts
 * does for one facility: open child cases whose latest nutrition screening (within the
 * treatment window) classified them so. Counts only: planning never sees a person.
 */
export async function countNutritionTreatmentFor(db: Db, facilityIds: readonly number[], since: Date, until: Date) {
  const latest = db
    .selectDistinctOn([careEncounters.caseId], {
      caseId: careEncounters.caseId,
      facilityId: sql<number>`${careCases.facilityId}`.as("facility_id"),
      occurredAt: sql<Date>`${careEncounters.occurredAt}`.as("occurred_at"),
      nutrition: sql<string>`${careEncounters.nutrition}`.as("nutrition"),
    })
    .from(careEncounters)
    .innerJoin(careCases, eq(careCases.id, careEncounters.caseId))
    .where(
      and(
        inArray(careCases.facilityId, ids(facilityIds)),
        eq(careCases.status, "open"),
        eq(careCases.pregnant, false),
        eq(careEncounters.kind, "child"),
        isNotNull(careEncounters.nutrition),
        // Only screenings inside the treatment window can count, and the latest of those is the
        // latest of all (nothing is dated after today): the read stays the same size however
        // many years of encounters pile up.
        gte(careEncounters.occurredAt, since),
      ),
    )
    .orderBy(careEncounters.caseId, desc(careEncounters.occurredAt), desc(careEncounters.id))
    .as("latest");
  const rows = await db
    .select({
      facilityId: latest.facilityId,
      sam: sql<number>`count(*) filter (where ${latest.nutrition} = 'sam')`.mapWith(Number),
      mam: sql<number>`count(*) filter (where ${latest.nutrition} = 'mam')`.mapWith(Number),
    })
    .from(latest)
    // ISO strings: a Date inside raw SQL on an aliased column is not serialised by the driver.
    .where(sql`${latest.occurredAt} >= ${since.toISOString()}::timestamptz and ${latest.occurredAt} < ${until.toISOString()}::timestamptz`)
    .groupBy(latest.facilityId);
  return rows;
}

export interface ScenarioRow {
  id: number;
  name: string;
  description: string;
  changes: ScenarioChange[];
  archived: boolean;
  updatedAt: Date;
}

const scenarioColumns = {
  id: scenarios.id,
  name: scenarios.name,
  description: scenarios.description,
  changes: scenarios.changes,
  archived: scenarios.archived,
  updatedAt: scenarios.updatedAt,
};

export async function listScenarios(db: Db, options: { archived?: boolean } = {}): Promise<ScenarioRow[]> {
  const rows = await db
    .select(scenarioColumns)
    .from(scenarios)
    .where(eq(scenarios.archived, options.archived ?? false))
    .orderBy(desc(scenarios.updatedAt), desc(scenarios.id));
  return rows.map((r) => ({ ...r, changes: r.changes as ScenarioChange[] }));
}

export async function getScenario(db: Db, id: number): Promise<ScenarioRow | undefined> {
  const [row] = await db.select(scenarioColumns).from(scenarios).where(eq(scenarios.id, id));
  return row ? { ...row, changes: row.changes as ScenarioChange[] } : undefined;
}

/** The scenario, its row locked until the transaction ends: edits apply to the list as it is now. */
export async function lockScenario(db: Db, id: number): Promise<ScenarioRow | undefined> {
  const [row] = await db.select(scenarioColumns).from(scenarios).where(eq(scenarios.id, id)).for("update");
  return row ? { ...row, changes: row.changes as ScenarioChange[] } : undefined;
}

export async function insertScenario(
  db: Db,
  input: { name: string; description: string; changes: ScenarioChange[] },
  userId: number | null,
): Promise<number> {
  const [row] = await db
    .insert(scenarios)
    .values({ name: input.name, description: input.description, changes: input.changes, createdBy: userId })
    .returning({ id: scenarios.id });
  return row!.id;
}

export async function updateScenario(
  db: Db,
  id: number,
  input: Partial<{ name: string; description: string; changes: ScenarioChange[]; archived: boolean }>,
) {
  const rows = await db
    .update(scenarios)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(scenarios.id, id))
    .returning({ id: scenarios.id });
  return rows.length > 0;
}
