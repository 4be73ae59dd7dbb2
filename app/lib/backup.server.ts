// Backup and restore of either deployment (docs/backup.md). Used by `npm run albergue -- backup`
// and `restore`; nothing in the request path imports it.
import { PGlite } from "@electric-sql/pglite";
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { claimEmbeddedDatabase } from "./db.server";

/** A refusal or failure with a message meant for the operator (no stack trace needed). */
export class BackupError extends Error {}

export type BackupKind = "postgres" | "pglite";

export interface BackupOptions {
  /** Replace an existing backup file, or restore over a database that already holds data. */
  force?: boolean;
}

/** What a backup file holds, from its first bytes: a pg_dump archive or a PGlite data-folder tarball. */
export function backupKindOf(file: string): BackupKind | undefined {
  const head = Buffer.alloc(512);
  const fd = openSync(file, "r");
  let read = 0;
  try {
    read = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (read >= 5 && head.subarray(0, 5).toString("latin1") === "PGDMP") return "postgres";
  if (read >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "pglite";
  if (read >= 262 && head.subarray(257, 262).toString("latin1") === "ustar") return "pglite";
  return undefined;
}

/** UTC, sortable and safe in a file name: 20261128-140501. */
function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d+Z$/, "").replace(/[-:]/g, "").replace("T", "-");
}

/** A file name for a backup taken now, e.g. albergue-20261128-140501.pgdump. */
export function defaultBackupFile(kind: BackupKind, now = new Date()): string {
  return `albergue-${stamp(now)}${kind === "postgres" ? ".pgdump" : ".pglite.tar.gz"}`;
}

function refuseExistingFile(file: string, force: boolean | undefined) {
  if (existsSync(file) && !force) throw new BackupError(`${file} already exists; choose another --out or add --force to replace it`);
}

function readBackup(file: string, expected: BackupKind) {
  if (!existsSync(file)) throw new BackupError(`no backup file at ${file}`);
  const kind = backupKindOf(file);
  if (kind !== expected) {
    const what = kind === "postgres" ? "a PostgreSQL dump" : kind === "pglite" ? "an embedded-database backup" : "not a backup this tool wrote";
    const into = expected === "postgres" ? "PostgreSQL (DATABASE_URL)" : "the embedded database";
    throw new BackupError(`${file} is ${what}; it cannot be restored into ${into} (see docs/backup.md)`);
  }
  return readFileSync(file);
}

function isNonEmptyDir(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: pg_dump in the custom format, pg_restore into an empty database.

/** The URL shown in messages: never the password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

/**
 * The password goes to the client tools in PGPASSWORD, not on the command line, where any user
 * of the machine could read it in the process list.
 */
function libpqTarget(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (password) env.PGPASSWORD = password;
  return { dbname: parsed.toString(), env };
}

function missingTool(tool: string): BackupError {
  return new BackupError(
    `${tool} is not installed or not on PATH. Install the PostgreSQL client tools of the server's major ` +
      `version or newer (Debian and Ubuntu: apt-get install postgresql-client-15), or put their bin folder ` +
      `first on PATH (for example /usr/lib/postgresql/15/bin).`,
  );
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) => reject(error.code === "ENOENT" ? missingTool(tool) : error));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr: stderr.trim() }));
  });
}

async function toolMajor(tool: "pg_dump" | "pg_restore"): Promise<number> {
  const { stdout } = await run(tool, ["--version"], process.env);
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
  if (!match) throw new BackupError(`could not read the version of ${tool} ("${stdout.trim()}")`);
  return Number(match[1]);
}

interface ServerFacts {
  major: number;
  /** Tables, views and sequences outside the system schemas. */
  relations: number;
}

async function serverFacts(url: string): Promise<ServerFacts> {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    const [row] = await client<{ version: string; relations: number }[]>`
      select current_setting('server_version_num') as version,
             (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname not in ('pg_catalog', 'information_schema')
                and n.nspname !~ '^pg_(toast|temp)') as relations`;
    return { major: Math.floor(Number(row!.version) / 10000), relations: row!.relations };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const where = redactUrl(url);
    if (code === "3D000") {
      throw new BackupError(`the database in ${where} does not exist; create it first (createdb, or CREATE DATABASE)`);
    }
    throw new BackupError(`cannot connect to ${where}: ${(error as Error).message}`);
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * pg_dump refuses a server newer than itself, and an archive from a newer pg_dump may hold
 * statements an older server does not know, so both tools must be at least the server's version.
 */
async function checkToolVersion(tool: "pg_dump" | "pg_restore", server: ServerFacts) {
  const major = await toolMajor(tool);
  if (major < server.major) {
    throw new BackupError(
      `${tool} is version ${major} but the server is PostgreSQL ${server.major}; install postgresql-client-${server.major} ` +
        `and put /usr/lib/postgresql/${server.major}/bin first on PATH`,
    );
  }
}

export async function backupPostgres(url: string, file: string, options: BackupOptions = {}): Promise<{ bytes: number }> {
  refuseExistingFile(file, options.force);
  const server = await serverFacts(url);
  await checkToolVersion("pg_dump", server);
  const { dbname, env } = libpqTarget(url);
  // Written beside the target and renamed at the end: a failed dump never looks like a backup.
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const result = await run("pg_dump", ["--format=custom", "--no-password", `--file=${partial}`, `--dbname=${dbname}`], env);
  if (result.code !== 0) {
    rmSync(partial, { force: true });
    throw new BackupError(`pg_dump failed (exit ${result.code}): ${result.stderr}`);
  }
  renameSync(partial, file);
  return { bytes: readFileSync(file).length };
}

export async function restorePostgres(url: string, file: string, options: BackupOptions = {}): Promise<void> {
  readBackup(file, "postgres");
  const server = await serverFacts(url);
  if (server.relations > 0 && !options.force) {
    throw new BackupError(
      `the database in ${redactUrl(url)} is not empty (${server.relations} tables, views or sequences); restore into a ` +
        "new, empty database, or add --force to replace what the backup holds",
    );
  }
  await checkToolVersion("pg_restore", server);
  const { dbname, env } = libpqTarget(url);
  // One transaction: a restore that fails part way leaves the database as it was.
  // Objects are owned by the restoring user, so a dump moves between servers and accounts.
  const args = ["--no-password", "--single-transaction", "--exit-on-error", "--no-owner", "--no-acl", `--dbname=${dbname}`];
  if (server.relations > 0) args.push("--clean", "--if-exists");
  const result = await run("pg_restore", [...args, file], env);
  if (result.code !== 0) throw new BackupError(`pg_restore failed (exit ${result.code}); nothing was changed: ${result.stderr}`);
}

// ---------------------------------------------------------------------------------------------
// Embedded PGlite: a tarball of the data folder (PGlite's dumpDataDir), taken while holding
// the folder's lock, so the app server cannot be writing at the same time.

function withEmbeddedLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  let lockFile: string;
  try {
    lockFile = claimEmbeddedDatabase(dataDir);
  } catch (error) {
    throw new BackupError(`${(error as Error).message} A consistent backup or restore needs the app stopped for a moment.`);
  }
  return work().finally(() => rmSync(lockFile, { force: true }));
}

export async function backupPglite(dataDir: string, file: string, options: BackupOptions = {}): Promise<{ bytes: number }> {
  refuseExistingFile(file, options.force);
  return withEmbeddedLock(dataDir, async () => {
    if (!isNonEmptyDir(dataDir)) throw new BackupError(`there is no embedded database in ${dataDir}`);
    const client = await PGlite.create(dataDir);
    try {
      // Flushes the data files, so the copy opens without replaying the write-ahead log.
      await client.query("checkpoint");
      const dump = Buffer.from(await (await client.dumpDataDir("gzip")).arrayBuffer());
      const partial = `${file}.partial`;
      writeFileSync(partial, dump);
      renameSync(partial, file);
      return { bytes: dump.length };
    } finally {
      await client.close();
    }
  });
}

/**
 * Loads the tarball into a new folder beside the target and swaps it in only once PGlite has
 * opened it; with --force the folder it replaces is kept beside it, never deleted.
 */
export async function restorePglite(dataDir: string, file: string, options: BackupOptions = {}): Promise<{ keptAs?: string }> {
  const tarball = readBackup(file, "pglite");
  return withEmbeddedLock(dataDir, async () => {
    const occupied = isNonEmptyDir(dataDir);
    if (occupied && !options.force) {
      throw new BackupError(`${dataDir} already holds a database; restore into an empty ALBERGUE_DATA_DIR, or add --force to replace it`);
    }
    const staging = `${dataDir}.restoring-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    try {
      const client = await PGlite.create(staging, { loadDataDir: new Blob([tarball]) });
      try {
        await client.query("select 1");
      } finally {
        await client.close();
      }
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw new BackupError(`${file} could not be loaded: ${(error as Error).message}`);
    }
    let keptAs: string | undefined;
    if (occupied) {
      keptAs = `${dataDir}.before-restore-${stamp(new Date())}`;
      renameSync(dataDir, keptAs);
    } else {
      rmSync(dataDir, { recursive: true, force: true });
    }
    renameSync(staging, dataDir);
    return { keptAs };
  });
}
