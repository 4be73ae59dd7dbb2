// The operators' command line: `npm run albergue -- <command>`.
import { parseArgs } from "node:util";
import { insertApiToken } from "#db/api-tokens.server";
import { appendAudit } from "#db/audit.server";
import { facilityIdsByCodes } from "#db/facilities.server";
import { seedDemo } from "#db/seed.server";
import { insertUser, setMemberships } from "#db/users.server";
import { runInvariantChecks } from "#db/verify.server";
import { verifyStoredPlans } from "~/lib/plan-store.server";
import { closeExpiredVials } from "~/lib/commands/close-open-vials.server";
import { forecastCommand } from "./forecast";
import { BackupError, backupPglite, backupPostgres, defaultBackupFile, restorePglite, restorePostgres } from "~/lib/backup.server";
import { closeDatabase, initDatabase, lastMigration } from "~/lib/db.server";
import { env } from "~/lib/env.server";
import { isMessageKey, translate } from "~/lib/i18n";
import { hashPassword } from "~/lib/password.server";
import { needsMembership } from "~/lib/permissions";
import { userCreateSchema } from "~/lib/schemas/user";

const usage = `Usage: npm run albergue -- <command> [options]

Commands:
  migrate                     apply pending database migrations
  seed-demo                   seed the demo network and accounts (once)
  create-user --email E --role R [--name N] [--language es|en] [--facilities CODE,...]
                              create a user; the password is read from standard input
  create-token --name N --facilities CODE,...
                              create an intake API token scoped to the facilities;
                              the token is printed once, alone on the last line
  verify                      check every invariant; exit 0 when all hold
  expire-vials                close open vaccine vials past their discard time and write
                              off the doses left in them (open_vial_expired)
  backup [--out FILE] [--force]
                              PostgreSQL: pg_dump in the custom format; embedded: a tarball
                              of the data folder (stop the app first). --force replaces FILE
  restore --from FILE [--force]
                              load a backup into the database below, which must be empty
                              unless --force; then run verify (docs/backup.md)
  forecast --step day|week|month --horizon H [--level 0.8]
                              read CSV date,value (header line, oldest first) on standard
                              input; print CSV date,mean,low,high, one line per step ahead

The database is DATABASE_URL, or the embedded one in ALBERGUE_DATA_DIR (default ./.data).`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password: ");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

async function readAll(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help") {
    console.log(usage);
    return command ? 0 : 2;
  }
  // No database: the forecast reads its data from standard input only.
  if (command === "forecast") {
    const result = forecastCommand(rest, await readAll());
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    return result.code;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      language: { type: "string" },
      facilities: { type: "string" },
      out: { type: "string" },
      from: { type: "string" },
      force: { type: "boolean" },
    },
    strict: true,
  });

  // Before initDatabase: a backup must not migrate what it copies, and a restore target must
  // stay empty until the backup is in it.
  if (command === "backup" || command === "restore") return backupCommand(command, values);

  const database = await initDatabase();
  const db = database.db;
  switch (command) {
    case "migrate": {
      const report = lastMigration();
      console.log(`migrate: applied ${report?.applied ?? 0} of ${report?.total ?? 0} migrations; database (${database.driver}) is up to date`);
      return 0;
    }
    case "seed-demo": {
      const seeded = await seedDemo(db, { timeZone: env().ALBERGUE_TIME_ZONE });
      console.log(seeded ? "seed-demo: demo network and accounts created" : "seed-demo: demo data already present");
      return 0;
    }
    case "create-user": {
      const password = await readStdin();
      const parsed = userCreateSchema.safeParse({
        email: values.email,
        displayName: values.name ?? values.email?.split("@")[0],
        role: values.role,
        preferredLanguage: values.language ?? "es",
        password,
        facilities: values.facilities ? values.facilities.split(",").map((c) => c.trim().toUpperCase()).filter(Boolean) : [],
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) console.error(`create-user: ${issue.path.join(".") || "input"}: ${isMessageKey(issue.message) ? translate("en", issue.message) : issue.message}`);
        return 2;
      }
      const { password: plain, facilities: codes, ...input } = parsed.data;
      const found = needsMembership(input.role) ? await facilityIdsByCodes(db, codes) : [];
      const unknown = codes.filter((c) => !found.some((f) => f.code === c));
      if (needsMembership(input.role) && unknown.length) {
        console.error(`create-user: unknown facilities: ${unknown.join(", ")}`);
        return 2;
      }
      const passwordHash = await hashPassword(plain);
      const id = await db.transaction(async (tx) => {
        const created = await insertUser(tx, { ...input, passwordHash });
        if (!created) return undefined;
        await setMemberships(tx, created, found.map((f) => f.id));
        await appendAudit(tx, { userId: null, requestId: "cli" }, {
          action: "create",
          entity: "user",
          entityId: created,
          changes: { ...input, facilities: found.map((f) => f.code) },
        });
        return created;
      });
      if (!id) {
        console.error(`create-user: a user with email ${input.email} already exists`);
        return 1;
      }
      console.log(`create-user: created ${input.email} (${input.role}) with id ${id}`);
      return 0;
    }
    case "create-token": {
      const name = values.name?.trim() ?? "";
      const codes = [...new Set((values.facilities ?? "").split(",").map((c) => c.trim().toUpperCase()).filter(Boolean))];
      if (!name || name.length > 80 || codes.length === 0) {
        console.error("create-token: --name (1 to 80 characters) and --facilities CODE,... are required");
        return 2;
      }
      const found = await facilityIdsByCodes(db, codes);
      const unknown = codes.filter((c) => !found.some((f) => f.code === c));
      if (unknown.length) {
        console.error(`create-token: unknown facilities: ${unknown.join(", ")}`);
        return 2;
      }
      const created = await db.transaction(async (tx) => {
        const token = await insertApiToken(tx, { name, facilityIds: found.map((f) => f.id), createdBy: null });
        await appendAudit(tx, { userId: null, requestId: "cli" }, {
          action: "create",
          entity: "api_token",
          entityId: token.id,
          changes: { name, facilities: found.map((f) => f.code).sort() },
        });
        return token;
      });
      // Only the token goes to standard output, so TOKEN=$(... | tail -n 1) captures it.
      console.error(`create-token: created token ${created.id} "${name}" for ${codes.join(", ")}; it cannot be shown again`);
      console.log(created.token);
      return 0;
    }
    case "verify": {
      const results = await runInvariantChecks(db);
      results.push({ name: "stored plans are the plans of their inputs", ...(await verifyStoredPlans(db)) });
      for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name}: ${r.detail}`);
      const failed = results.filter((r) => !r.ok).length;
      console.log(`verify: ${results.length} checks, ${results.length - failed} passed, ${failed} failed`);
      return failed === 0 ? 0 : 1;
    }
    case "expire-vials": {
      const closed = await closeExpiredVials(db, { userId: null, token: null, requestId: "cli" }, { now: new Date() });
      console.log(`expire-vials: closed ${closed.vials.length} open vials, ${closed.writtenOff} doses written off`);
      return 0;
    }
    default:
      console.error(`Unknown command: ${command}\n\n${usage}`);
      return 2;
  }
}

async function backupCommand(
  command: "backup" | "restore",
  values: { out?: string; from?: string; force?: boolean },
): Promise<number> {
  const config = env();
  const url = config.DATABASE_URL;
  try {
    if (command === "backup") {
      const file = values.out ?? defaultBackupFile(url ? "postgres" : "pglite");
      const started = Date.now();
      const { bytes } = url
        ? await backupPostgres(url, file, { force: values.force })
        : await backupPglite(config.pgliteDir, file, { force: values.force });
      console.log(`backup: wrote ${file} (${(bytes / 1_048_576).toFixed(1)} MB, ${url ? "pg_dump custom format" : `embedded database in ${config.pgliteDir}`}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return 0;
    }
    if (!values.from) {
      console.error("restore: --from FILE is required");
      return 2;
    }
    if (url) {
      await restorePostgres(url, values.from, { force: values.force });
    } else {
      const { keptAs } = await restorePglite(config.pgliteDir, values.from, { force: values.force });
      if (keptAs) console.log(`restore: the database it replaced is kept in ${keptAs}`);
    }
    console.log(`restore: loaded ${values.from}; check it with: npm run albergue -- verify`);
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    console.error(`${command}: ${error.message}`);
    return 1;
  }
}

let code = 1;
try {
  code = await main(process.argv.slice(2));
} catch (error) {
  console.error(`albergue: ${(error as Error).message}`);
  code = 1;
} finally {
  await closeDatabase();
}
process.exit(code);
