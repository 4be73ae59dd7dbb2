// The data step of the migration that moved the VVM stage from the lot to the balances
// (decision 023), run on data written under the schema before it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { queryRows } from "#db/sql.server";
import { setupTestDatabase } from "../support/db";
import { createFacility } from "../support/fixtures";
import { migrationsDir } from "../support/paths";

const testDb = setupTestDatabase({ migrated: false });
const migrations = readMigrationFiles({ migrationsFolder: migrationsDir });
const journal = JSON.parse(readFileSync(path.join(migrationsDir, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
// Found by name: the number may change when branches merge.
const target = journal.entries.findIndex((e) => e.tag.endsWith("_vvm_per_site_and_gtins"));

async function apply(index: number) {
  for (const statement of migrations[index]!.sql) if (statement.trim()) await testDb.db.execute(sql.raw(statement));
}

describe("the VVM-per-site migration", () => {
  it("moves each lot's stage to the balances that hold it, 3-4 only where it was read, and keeps the history", async () => {
    expect(target).toBeGreaterThan(0);
    for (let i = 0; i < target; i++) await apply(i);
    const a = await createFacility(testDb.db, { code: "MIGA" });
    const b = await createFacility(testDb.db, { code: "MIGB" });
    const [vaccine] = await queryRows<{ id: number }>(testDb.db, sql`select id from items where code = 'VAC-MR'`);
    const lot = async (number: string, stage: number | null, gtin: string | null) =>
      (
        await queryRows<{ id: number }>(
          testDb.db,
          sql`insert into lots (item_id, lot_number, expiry, vvm_stage, gtin) values (${vaccine!.id}, ${number}, '2027-06-30', ${stage}, ${gtin}) returning id`,
        )
      )[0]!.id;
    const spoiled = await lot("MIG-3", 3, "4006381333931");
    const fine = await lot("MIG-2", 2, null);
    const balance = (facility: number, lotId: number, quarantined: boolean) =>
      testDb.db.execute(
        sql`insert into stock_balances (facility_id, lot_id, item_id, quantity, quarantined, quarantine_reason) values (${facility}, ${lotId}, ${vaccine!.id}, 10, ${quarantined}, ${quarantined ? "VVM 3" : ""})`,
      );
    // The stage-3 reading was taken at A (quarantined there); B only inherited it from the lot.
    await balance(a, spoiled, true);
    await balance(b, spoiled, false);
    await balance(a, fine, false);
    await balance(b, fine, false);

    await apply(target);

    const stages = await queryRows<{ facility_id: number; lot_id: number; vvm_stage: number | null }>(
      testDb.db,
      sql`select facility_id, lot_id, vvm_stage from stock_balances order by lot_id, facility_id`,
    );
    expect(stages.map((r) => [r.facility_id, r.lot_id, r.vvm_stage])).toEqual([
      [a, spoiled, 3],
      [b, spoiled, null],
      [a, fine, 2],
      [b, fine, 2],
    ]);
    const history = await queryRows<{ n: number }>(testDb.db, sql`select count(*)::int as n from lot_condition_readings where source = 'migrated'`);
    expect(history[0]!.n).toBe(3);
    const gtins = await queryRows<{ gtin: string; item_id: number }>(testDb.db, sql`select gtin, item_id from item_gtins`);
    expect(gtins).toEqual([{ gtin: "04006381333931", item_id: vaccine!.id }]);
    const column = await queryRows<{ n: number }>(
      testDb.db,
      sql`select count(*)::int as n from information_schema.columns where table_name = 'lots' and column_name = 'vvm_stage'`,
    );
    expect(column[0]!.n).toBe(0);
  });
});
