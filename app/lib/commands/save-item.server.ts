// Create or edit an item of the catalogue with its per-person norms and per-facility settings:
// the catalogue write, its checks and its audit entry in one place.
import { appendAudit, diffValues } from "#db/audit.server";
import { getItemByCode, insertItem, listSettingsOfItem, replaceItemNorms, updateItem, upsertItemFacilitySetting, type ItemInput, type NormInput } from "#db/catalogue.server";
import { listFacilityOptions } from "#db/facilities.server";
import type { Db } from "#db/types";
import { changedSettings, sameNorms } from "~/lib/domain/catalogue";
import { auditActorOf, type CommandActor } from "./actor.server";

export interface ItemWrite {
  item: ItemInput;
  norms: NormInput[];
  settings: { facility: string; leadTimeDays: number; safetyStockDays: number }[];
}

export type ItemOutcome =
  | { status: "created" | "updated"; code: string }
  | { status: "not-found" }
  /** A setting names a facility that does not exist (form error), or the code is taken (field error). */
  | { status: "invalid"; fieldErrors?: Record<string, string[]>; formErrors?: string[] };

const auditedSettings = (changes: { facility: string; leadTimeDays: number; safetyStockDays: number }[]) =>
  changes.map(({ facility, leadTimeDays, safetyStockDays }) => ({ facility, leadTimeDays, safetyStockDays }));

export async function createItem(db: Db, actor: CommandActor, input: ItemWrite): Promise<ItemOutcome> {
  const changes = changedSettings(input.settings, await listFacilityOptions(db));
  if (!changes) return { status: "invalid", formErrors: ["validation.choice"] };
  const id = await db.transaction(async (tx) => {
    const created = await insertItem(tx, input.item);
    if (!created) return undefined;
    await replaceItemNorms(tx, created, input.norms);
    for (const change of changes) await upsertItemFacilitySetting(tx, { itemId: created, ...change });
    await appendAudit(tx, auditActorOf(actor), {
      action: "create",
      entity: "item",
      entityId: input.item.code,
      changes: { ...input.item, norms: input.norms, settings: auditedSettings(changes) },
    });
    return created;
  });
  if (!id) return { status: "invalid", fieldErrors: { code: ["itemAdmin.codeTaken"] } };
  return { status: "created", code: input.item.code };
}

/** Edits the item with this code; the code itself never changes (lots, entries and API clients refer to it). */
export async function editItem(db: Db, actor: CommandActor, code: string, input: ItemWrite): Promise<ItemOutcome> {
  const before = await getItemByCode(db, code);
  if (!before) return { status: "not-found" };
  const { code: _code, ...item } = input.item;
  const [facilities, storedSettings] = await Promise.all([listFacilityOptions(db), listSettingsOfItem(db, before.id)]);
  const settingChanges = changedSettings(input.settings, facilities, storedSettings);
  if (!settingChanges) return { status: "invalid", formErrors: ["validation.choice"] };
  await db.transaction(async (tx) => {
    await updateItem(tx, before.id, item);
    const previousNorms = await replaceItemNorms(tx, before.id, input.norms);
    for (const change of settingChanges) await upsertItemFacilitySetting(tx, { itemId: before.id, ...change });
    const changes = diffValues(before, item);
    if (!sameNorms(previousNorms, input.norms)) changes.norms = [previousNorms, input.norms];
    if (settingChanges.length) changes.settings = auditedSettings(settingChanges);
    if (Object.keys(changes).length) {
      await appendAudit(tx, auditActorOf(actor), { action: "update", entity: "item", entityId: before.code, changes });
    }
  });
  return { status: "updated", code: before.code };
}
