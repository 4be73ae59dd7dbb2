import { asc, eq, inArray } from "drizzle-orm";
import { itemFacilitySettings, itemGtins, itemNorms, items, lots } from "./schema";
import type { Db } from "./types";

// ---------------------------------------------------------------------------------------
// The item catalogue (administrators). Call the writes inside a transaction with their audit entry.

export type ItemCategory = (typeof items.category.enumValues)[number];
export type OpenVialRule = (typeof items.openVialRule.enumValues)[number];

export interface ItemInput {
  code: string;
  nameEs: string;
  nameEn: string;
  category: ItemCategory;
  unit: string;
  lotTracked: boolean;
  expires: boolean;
  coldChain: boolean;
  storageMinC: number | null;
  storageMaxC: number | null;
  dosesPerVial: number | null;
  openVialRule: OpenVialRule | null;
  wastageRate: number | null;
  active: boolean;
}

const itemColumns = {
  id: items.id,
  code: items.code,
  nameEs: items.nameEs,
  nameEn: items.nameEn,
  category: items.category,
  unit: items.unit,
  lotTracked: items.lotTracked,
  expires: items.expires,
  coldChain: items.coldChain,
  storageMinC: items.storageMinC,
  storageMaxC: items.storageMaxC,
  dosesPerVial: items.dosesPerVial,
  openVialRule: items.openVialRule,
  wastageRate: items.wastageRate,
  active: items.active,
};

export async function getItemByCode(db: Db, code: string) {
  const [row] = await db.select(itemColumns).from(items).where(eq(items.code, code)).limit(1);
  return row;
}

/** Items that are not lot-tracked keep their stock in one lot without a number. */
async function ensureDefaultLot(db: Db, itemId: number) {
  await db.insert(lots).values({ itemId, lotNumber: "", expiry: null }).onConflictDoNothing();
}

/** Creates an item; undefined when the code is taken. */
export async function insertItem(db: Db, input: ItemInput): Promise<number | undefined> {
  const [row] = await db.insert(items).values(input).onConflictDoNothing({ target: items.code }).returning({ id: items.id });
  if (!row) return undefined;
  if (!input.lotTracked) await ensureDefaultLot(db, row.id);
  return row.id;
}

/** Updates an item (its code never changes: lots, entries and the API refer to it). */
export async function updateItem(db: Db, id: number, input: Omit<ItemInput, "code">) {
  await db.update(items).set(input).where(eq(items.id, id));
  if (!input.lotTracked) await ensureDefaultLot(db, id);
}

export interface NormInput {
  target: string;
  perPersonDay: number;
  source: string;
}

export async function listNormsOfItem(db: Db, itemId: number): Promise<NormInput[]> {
  return db
    .select({ target: itemNorms.target, perPersonDay: itemNorms.perPersonDay, source: itemNorms.source })
    .from(itemNorms)
    .where(eq(itemNorms.itemId, itemId))
    .orderBy(asc(itemNorms.target));
}

/** Replaces an item's per-person norms with the given set; returns the set it replaced. */
export async function replaceItemNorms(db: Db, itemId: number, norms: NormInput[]): Promise<NormInput[]> {
  const before = await listNormsOfItem(db, itemId);
  await db.delete(itemNorms).where(eq(itemNorms.itemId, itemId));
  if (norms.length) {
    await db.insert(itemNorms).values(norms.map((n) => ({ itemId, target: n.target, perPersonDay: n.perPersonDay, source: n.source })));
  }
  return before;
}

export async function listSettingsOfItem(db: Db, itemId: number) {
  return db
    .select({
      facilityId: itemFacilitySettings.facilityId,
      leadTimeDays: itemFacilitySettings.leadTimeDays,
      safetyStockDays: itemFacilitySettings.safetyStockDays,
    })
    .from(itemFacilitySettings)
    .where(eq(itemFacilitySettings.itemId, itemId));
}

export async function upsertItemFacilitySetting(
  db: Db,
  input: { itemId: number; facilityId: number; leadTimeDays: number; safetyStockDays: number },
) {
  await db
    .insert(itemFacilitySettings)
    .values(input)
    .onConflictDoUpdate({
      target: [itemFacilitySettings.itemId, itemFacilitySettings.facilityId],
      set: { leadTimeDays: input.leadTimeDays, safetyStockDays: input.safetyStockDays },
    });
}

/** The number of norms of every item, for the catalogue list. */
export async function countNormsByItem(db: Db): Promise<Map<number, number>> {
  const rows = await db.select({ itemId: itemNorms.itemId }).from(itemNorms);
  const counts = new Map<number, number>();
  for (const row of rows) counts.set(row.itemId, (counts.get(row.itemId) ?? 0) + 1);
  return counts;
}

/** The whole catalogue, by category and code (the stock pages, the receipt, the API). */
export async function listItems(db: Db) {
  return db
    .select(itemColumns)
    .from(items)
    .orderBy(asc(items.category), asc(items.code));
}

// ---------------------------------------------------------------------------------------
// GS1 trade item numbers (decision 023): which item a scanned GTIN is, learned once.

/** Every known GTIN (14 digits) with its item's code: what a scan field resolves against. */
export async function listItemGtins(db: Db) {
  return db
    .select({ gtin: itemGtins.gtin, itemCode: items.code })
    .from(itemGtins)
    .innerJoin(items, eq(items.id, itemGtins.itemId))
    .orderBy(asc(itemGtins.gtin));
}

/** The items these GTINs (14 digits) are already known as. */
export async function findItemsByGtins(db: Db, gtins: string[]) {
  if (gtins.length === 0) return [];
  return db
    .select({ gtin: itemGtins.gtin, itemId: itemGtins.itemId, itemCode: items.code })
    .from(itemGtins)
    .innerJoin(items, eq(items.id, itemGtins.itemId))
    .where(inArray(itemGtins.gtin, gtins));
}

/** Records that a GTIN is this item; false when it was known already (by any item). Call in a transaction with its audit entry. */
export async function insertItemGtin(db: Db, row: { gtin: string; itemId: number; createdBy: number | null }): Promise<boolean> {
  const inserted = await db.insert(itemGtins).values(row).onConflictDoNothing().returning({ gtin: itemGtins.gtin });
  return inserted.length > 0;
}
