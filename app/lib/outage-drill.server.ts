import { createServer } from "node:net";
import { openDatabase, type Database } from "#db/client.server";
// (db.server names it useDatabase; it is no React hook.)
import { getDatabase, useDatabase as installDatabase } from "./db.server";
import { log } from "./log.server";

/**
 * The database outage drill, for the browser tests only (e2e/offline.spec.ts: the outbox with
 * the link cut and the database stopped). server.js wires it to SIGUSR2 only when
 * ALBERGUE_OUTAGE_DRILL=1, which e2e/serve.mjs sets; no route, no setting of a real deployment
 * reaches it.
 *
 * The request path's database is swapped for a `postgres` pool aimed at a local port where
 * nothing listens, and swapped back on the next signal. Every query then fails the way it does
 * when PostgreSQL is down or partitioned away (the driver's ECONNREFUSED), through the same
 * outage handling (outage.server.ts, handleError, server.js's 503): it is the technique of
 * test/integration/outage.test.ts, applied to the running server. An embedded PGlite cannot be
 * stopped apart from the server that holds it, so this is the one drill that works on both
 * drivers; nothing is written while the drill is on, and the real database is untouched.
 */
const holder = globalThis as typeof globalThis & { __albergueDrill?: { real: Database; dead: Database } };

/** A local port that refuses connections: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Turns the drill on or off (each signal flips it); returns whether the database is now "down". */
export async function toggleDatabaseOutageDrill(): Promise<boolean> {
  const drill = holder.__albergueDrill;
  if (drill) {
    installDatabase(drill.real);
    holder.__albergueDrill = undefined;
    await drill.dead.close().catch(() => {});
    log("info", "outage drill: the database is back");
    return false;
  }
  const real = getDatabase();
  const dead = await openDatabase({ url: `postgres://albergue@127.0.0.1:${await closedPort()}/unreachable`, max: 2 });
  holder.__albergueDrill = { real, dead };
  installDatabase(dead);
  log("info", "outage drill: the database is unreachable");
  return true;
}

/** Shutdown closes the real database, not the drill's stand-in. */
export async function endDatabaseOutageDrill() {
  if (holder.__albergueDrill) await toggleDatabaseOutageDrill();
}
