// Backup and restore (docs/backup.md): real data goes in, a backup comes out, a fresh database
// is restored from it and must pass every `verify` check and hold the same ledgers.
import { sql } from "drizzle-orm";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { appendAudit } from "#db/audit.server";
import { recordArrival, recordDeparture, receiveTransfer, sendTransfer } from "#db/census.server";
import { registerCase } from "#db/care.server";
import { getItemByCode } from "#db/catalogue.server";
import { openDatabase, type Database } from "#db/client.server";
import { facilityIdsByCodes } from "#db/facilities.server";
import { seedDemo } from "#db/seed.server";
import { queryRows } from "#db/sql.server";
import { issueStock, receiveStock } from "#db/stock.server";
import type { Db } from "#db/types";
import { listVaccineItems, recordDose } from "#db/vaccination.server";
import { runInvariantChecks } from "#db/verify.server";
import { backupPglite, backupPostgres, restorePglite, restorePostgres } from "~/lib/backup.server";
import { emptyCounts, type Counts } from "~/lib/domain/population";
import { testDriver } from "../support/db";
import { repoRoot } from "../support/paths";
import { adminConnection, databaseUrl, ident, uniqueName } from "../support/postgres-admin";

const driver = testDriver();
const work = mkdtempSync(path.join(tmpdir(), "albergue-backup-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let seq = 0;
const key = () => `backup-${++seq}`;
const counts = (partial: Partial<Counts>): Counts => ({ ...emptyCounts(), ...partial });
const day = "2026-11-20";
const at = new Date(`${day}T15:00:00Z`);

/** A day of a station's work through the same db/ functions the routes use, each write audited. */
async function writeRealData(db: Db) {
  await seedDemo(db, { history: false });
  const ids = await facilityIdsByCodes(db, ["SVC", "LBL"]);
  const svc = ids.find((f) => f.code === "SVC")!.id;
  const lbl = ids.find((f) => f.code === "LBL")!.id;
  const actor = { userId: null, requestId: "backup-test" };
  const ctx = () => ({ recordedBy: null, idempotencyKey: key() });
  await db.transaction(async (tx) => {
    const arrival = await recordArrival(
      tx,
      { facilityId: svc, occurredAt: at, day, counts: counts({ adultMen: 30, adultWomen: 25, pregnant: 3, boys0to11m: 4 }), nationalities: { VE: 40, HT: 22 } },
      ctx(),
    );
    expect(arrival.status).toBe("created");
    await appendAudit(tx, actor, { action: "create", entity: "population_entry", facilityId: svc, changes: { kind: "arrival" } });
    await recordDeparture(tx, { facilityId: svc, occurredAt: at, day, counts: counts({ adultMen: 5 }) }, ctx());
    await appendAudit(tx, actor, { action: "create", entity: "population_entry", facilityId: svc, changes: { kind: "departure" } });
  });
  const sent = await db.transaction((tx) =>
    sendTransfer(tx, { facilityId: svc, toFacilityId: lbl, occurredAt: at, day, counts: counts({ adultWomen: 6 }) }, ctx()),
  );
  await db.transaction((tx) =>
    receiveTransfer(tx, { transferId: sent.transferId!, facilityId: lbl, occurredAt: at, day, counts: counts({ adultWomen: 6 }) }, ctx()),
  );
  const ration = (await getItemByCode(db, "RATION-KIT"))!;
  const mr = (await listVaccineItems(db)).find((v) => v.code === "VAC-MR")!;
  await db.transaction(async (tx) => {
    await receiveStock(
      tx,
      {
        facilityId: svc,
        occurredAt: at,
        lines: [
          { itemId: ration.id, lotNumber: "RK-1", expiry: "2027-12-31", quantity: 200 },
          { itemId: mr.id, lotNumber: "MR-1", expiry: "2027-06-30", quantity: 50, vvmStage: 1 },
        ],
      },
      ctx(),
    );
    await issueStock(tx, { facilityId: svc, itemId: ration.id, quantity: 48, occurredAt: at, today: day, peopleServed: 48 }, ctx());
    await appendAudit(tx, actor, { action: "create", entity: "stock_operation", facilityId: svc, changes: { kind: "issue" } });
  });
  const child = await db.transaction((tx) =>
    registerCase(
      tx,
      {
        facilityId: svc, name: "Niña de prueba", documentNumber: "", sex: "female", birthDate: "2025-06-01", birthDateEstimated: false,
        nationality: "VE", familyGroup: "", pregnant: false, lastMenstrualPeriod: null, estimatedDueDate: null, arrivalDate: day,
      },
      null,
    ),
  );
  const dose = await db.transaction((tx) =>
    recordDose(
      tx,
      { facilityId: svc, caseId: child.id, item: mr, doseNumber: 1, status: "given", occurredAt: at, today: day, birthDate: "2025-06-01" },
      { recordedBy: null, idempotencyKey: key() },
    ),
  );
  expect(dose.status).toBe("created");
}

interface Snapshot {
  rows: Record<string, number>;
  census: unknown[];
  stockBalances: unknown[];
  lastAuditId: number;
}

/** Row counts of every table, the census and stock balances in full, and the audit log's end. */
async function snapshot(db: Db): Promise<Snapshot> {
  const tables = await queryRows<{ schema: string; name: string }>(
    db,
    sql`select table_schema as schema, table_name as name from information_schema.tables
        where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1, 2`,
  );
  const rows: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await queryRows<{ n: string | number }>(db, sql`select count(*) as n from ${sql.identifier(t.schema)}.${sql.identifier(t.name)}`);
    rows[`${t.schema}.${t.name}`] = Number(row?.n);
  }
  const census = await queryRows(db, sql`select * from census order by facility_id`);
  const stockBalances = await queryRows(db, sql`select facility_id, lot_id, quantity from stock_balances order by facility_id, lot_id`);
  const [audit] = await queryRows<{ id: string | number | null }>(db, sql`select max(id) as id from audit_log`);
  return { rows, census: normalise(census), stockBalances: normalise(stockBalances), lastAuditId: Number(audit?.id) };
}

/** The drivers return bigint and timestamp columns differently; compare them as text. */
function normalise(rows: unknown[]): unknown[] {
  return JSON.parse(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "number" || typeof v === "bigint" ? String(v) : v))) as unknown[];
}

async function expectVerifyPasses(db: Db) {
  const results = await runInvariantChecks(db);
  expect(results.filter((r) => !r.ok)).toEqual([]);
  expect(results.length).toBeGreaterThanOrEqual(16);
}

function expectRealData(original: Snapshot) {
  expect(original.rows["public.population_entries"]).toBeGreaterThanOrEqual(4);
  expect(original.rows["public.stock_entries"]).toBeGreaterThanOrEqual(4);
  expect(original.rows["public.vaccine_doses"]).toBe(1);
  expect(original.rows["public.audit_log"]).toBeGreaterThan(9);
  expect(original.rows["drizzle.__drizzle_migrations"]).toBeGreaterThan(0);
}

/** `npm run albergue -- <args>` as an operator runs it, in its own process. */
function cli(args: string[], envOverrides: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"), path.join(repoRoot, "cli/albergue.ts"), ...args],
      { cwd: repoRoot, env: { ...process.env, ...envOverrides }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// Each driver has its own way in and out, so each project defines only its own tests. The
// commands start in processes of their own (tsx compiles the CLI first) and PGlite opens folders
// on disk, each a few seconds on a busy machine: hence more time than the project's default.
const slow = { timeout: 90_000 };

if (driver === "postgres") describe("backup and restore on PostgreSQL", slow, () => {
  let admin: ReturnType<typeof adminConnection>;
  let sourceUrl = "";
  let targetUrl = "";
  let original: Snapshot;
  const file = path.join(work, "albergue.pgdump");

  beforeAll(async () => {
    const run = inject("postgresRun");
    admin = adminConnection(run.adminUrl);
    // Named with the run's prefix, so the global teardown drops them even after a crash.
    const source = uniqueName(`${run.runPrefix}_f`);
    const target = uniqueName(`${run.runPrefix}_f`);
    await admin.unsafe(`create database ${ident(source)} template ${ident(run.template)}`);
    await admin.unsafe(`create database ${ident(target)} template template0`);
    sourceUrl = databaseUrl(run.adminUrl, source);
    targetUrl = databaseUrl(run.adminUrl, target);
    const database = await openDatabase({ url: sourceUrl, max: 2 });
    try {
      await writeRealData(database.db);
      original = await snapshot(database.db);
    } finally {
      await database.close();
    }
  });

  afterAll(async () => {
    for (const url of [sourceUrl, targetUrl].filter(Boolean)) {
      await admin.unsafe(`drop database if exists ${ident(new URL(url).pathname.slice(1))} with (force)`);
    }
    await admin?.end({ timeout: 5 });
  });

  async function withTarget<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const database: Database = await openDatabase({ url: targetUrl, max: 2 });
    try {
      return await work(database.db);
    } finally {
      await database.close();
    }
  }

  it("backs up with pg_dump and restores into a new database that passes verify and holds the same ledgers", async () => {
    expectRealData(original);
    const backup = await cli(["backup", "--out", file], { DATABASE_URL: sourceUrl });
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`backup: wrote ${file}`);
    expect(readFileSync(file).subarray(0, 5).toString("latin1")).toBe("PGDMP");

    const restore = await cli(["restore", "--from", file], { DATABASE_URL: targetUrl });
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain("npm run albergue -- verify");

    await withTarget(async (db) => {
      await expectVerifyPasses(db);
      expect(await snapshot(db)).toEqual(original);
    });
  });

  it("refuses to restore over a database that holds data unless --force, which brings back the backup's state", async () => {
    await expect(restorePostgres(targetUrl, file)).rejects.toThrow(/is not empty .* add --force/);
    // Work done after the backup, which a forced restore must undo.
    await withTarget(async (db) => {
      const [svc] = await facilityIdsByCodes(db, ["SVC"]);
      await db.transaction((tx) =>
        recordArrival(tx, { facilityId: svc!.id, occurredAt: at, day, counts: counts({ adultMen: 7 }) }, { recordedBy: null, idempotencyKey: key() }),
      );
      expect(await snapshot(db)).not.toEqual(original);
    });
    await restorePostgres(targetUrl, file, { force: true });
    await withTarget(async (db) => {
      await expectVerifyPasses(db);
      expect(await snapshot(db)).toEqual(original);
    });
  });

  it("refuses a backup file of the other kind, and says what to install when pg_dump is missing", async () => {
    const gzip = path.join(work, "embedded.tar.gz");
    writeFileSync(gzip, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]));
    await expect(restorePostgres(targetUrl, gzip, { force: true })).rejects.toThrow(/embedded-database backup; it cannot be restored into PostgreSQL/);

    const out = path.join(work, "never.pgdump");
    const path0 = process.env.PATH;
    process.env.PATH = path.join(work, "no-tools-here");
    try {
      await expect(backupPostgres(sourceUrl, out)).rejects.toThrow(/pg_dump is not installed or not on PATH.*postgresql-client-15/);
    } finally {
      process.env.PATH = path0;
    }
    expect(existsSync(out)).toBe(false);
  });
});

if (driver === "pglite") describe("backup and restore of the embedded database", slow, () => {
  const sourceDir = path.join(work, "source");
  const targetDir = path.join(work, "target");
  const file = path.join(work, "albergue.pglite.tar.gz");
  let original: Snapshot;

  beforeAll(async () => {
    const dumps = inject("pgliteDumps");
    // A data folder on disk like the app's (.data/db), started from the migrated template.
    const database = await openDatabase({
      dataDir: path.join(sourceDir, "db"),
      loadDataDir: new Blob([readFileSync(dumps.migrated)], { type: "application/x-tar" }),
    });
    try {
      await writeRealData(database.db);
      original = await snapshot(database.db);
    } finally {
      await database.close();
    }
  });

  async function withTarget<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const database = await openDatabase({ dataDir: path.join(targetDir, "db") });
    try {
      return await work(database.db);
    } finally {
      await database.close();
    }
  }

  it("refuses to back up while the app server holds the folder, and says to stop it", async () => {
    // A live process other than the CLI holds the lock, as a running app server does.
    const server: ChildProcess = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      writeFileSync(path.join(sourceDir, "db.lock"), String(server.pid));
      const result = await cli(["backup", "--out", file], { ALBERGUE_DATA_DIR: sourceDir });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`in use by process ${server.pid}. Stop that process first`);
      expect(existsSync(file)).toBe(false);
    } finally {
      server.kill();
      rmSync(path.join(sourceDir, "db.lock"), { force: true });
    }
  });

  it("backs up the data folder and restores it into a fresh folder that passes verify and holds the same ledgers", async () => {
    expectRealData(original);
    const { bytes } = await backupPglite(path.join(sourceDir, "db"), file);
    expect(bytes).toBe(statSync(file).size);
    expect(existsSync(path.join(sourceDir, "db.lock"))).toBe(false);

    await restorePglite(path.join(targetDir, "db"), file);
    await withTarget(async (db) => {
      await expectVerifyPasses(db);
      expect(await snapshot(db)).toEqual(original);
    });
  });

  it("refuses to restore over a folder that holds a database unless --force, which keeps the old folder aside", async () => {
    await expect(restorePglite(path.join(targetDir, "db"), file)).rejects.toThrow(/already holds a database.*add --force/);
    const pgdump = path.join(work, "server.pgdump");
    writeFileSync(pgdump, "PGDMP\u0001\u000e\u0000");
    await expect(restorePglite(path.join(targetDir, "db"), pgdump, { force: true })).rejects.toThrow(/is a PostgreSQL dump/);

    const { keptAs } = await restorePglite(path.join(targetDir, "db"), file, { force: true });
    expect(keptAs).toMatch(/db\.before-restore-\d{8}-\d{6}$/);
    expect(existsSync(path.join(keptAs!, "PG_VERSION"))).toBe(true);
    await withTarget(async (db) => {
      await expectVerifyPasses(db);
      expect(await snapshot(db)).toEqual(original);
    });
  });
});
