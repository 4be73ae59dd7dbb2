// The browser tests' web server (Playwright's webServer command). Every run gets a database of
// its own, so runs never see each other's data:
// - with TEST_DATABASE_URL (a PostgreSQL server the tests may create databases on), a fresh
//   database albergue_e2e_<random> on that server, dropped afterwards;
// - otherwise a fresh embedded PGlite database in a temporary folder, removed afterwards.
// It then runs `node server.js` in production mode with the demo data, and on exit or on
// SIGTERM/SIGINT stops the server, waits for it, and cleans up.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = process.env.E2E_PORT || "3100";
// The server's pid, for the outage drill (e2e/outage.ts): a SIGUSR2 makes its database
// unreachable, the next one brings it back.
const pidFile = path.join(os.tmpdir(), `albergue-e2e-${port}.pid`);

function say(message) {
  console.error(`[e2e/serve] ${message}`);
}

/** @returns {Promise<{ env: Record<string, string>, cleanup: () => Promise<void>, label: string }>} */
async function freshDatabase() {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const name = `albergue_e2e_${randomBytes(6).toString("hex")}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      env: { DATABASE_URL: url.toString() },
      label: `PostgreSQL database ${name}`,
      cleanup: async () => {
        const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
        try {
          await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await sql.end();
        }
      },
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "albergue-e2e-"));
  return {
    env: { ALBERGUE_DATA_DIR: dir },
    label: `PGlite in ${dir}`,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

// A signal can come at any point, even while the database is being made: remember it, and
// clean up whatever exists by then.
let stopping = false;
/** @type {((signal: NodeJS.Signals) => void) | undefined} */
let onStop;
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    onStop?.(signal);
  });
}

const database = await freshDatabase();
say(`using ${database.label}`);

let cleaning;
function finish(exitCode) {
  cleaning ??= (async () => {
    try {
      await rm(pidFile, { force: true });
      await database.cleanup();
      say(`removed ${database.label}`);
    } catch (error) {
      say(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      exitCode ||= 1;
    }
    process.exit(exitCode);
  })();
  return cleaning;
}

if (stopping) await finish(0);

const childEnv = { ...process.env };
// Only the database made above: never one inherited from the caller's shell.
delete childEnv.DATABASE_URL;
delete childEnv.ALBERGUE_DATA_DIR;
Object.assign(childEnv, database.env, {
  NODE_ENV: "production",
  ALBERGUE_DEMO: "1",
  SESSION_SECRET: randomBytes(32).toString("hex"),
  PORT: port,
  ALBERGUE_OUTAGE_DRILL: "1",
});

const child = spawn(process.execPath, ["server.js"], { cwd: root, env: childEnv, stdio: "inherit" });
if (child.pid) await writeFile(pidFile, String(child.pid));
const exited = new Promise((resolve) => {
  child.on("exit", (code, signal) => resolve({ code, signal }));
  child.on("error", (error) => {
    say(`could not start the server: ${error.message}`);
    resolve({ code: 1, signal: null });
  });
});

onStop = async (signal) => {
  // The server may already have had the signal (Playwright signals the whole process
  // group); a second one is harmless, and needed when only this process was signalled.
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await exited;
  await finish(0);
};

const { code, signal } = await exited;
if (!stopping) {
  say(`server exited on its own (${signal ?? `code ${code}`})`);
  await finish(code || 1);
}
