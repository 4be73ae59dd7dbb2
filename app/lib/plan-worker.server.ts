import PgBoss from "pg-boss";
import type { Database } from "#db/client.server";
import { BASELINE_PLAN_KEY, changedSince, getStoredPlanMeta, readChangeMark } from "#db/plans.server";
import { requestAlertSync, startAlertJobs, type AlertJobOptions } from "./alert-worker.server";
import { log } from "./log.server";
import { retryStartupRace } from "./queue-startup.server";
import { describeOutage, isDatabaseUnavailable } from "./outage.server";
import { isCurrentShape, refreshPlans } from "./plan-store.server";

/**
 * The plan worker (decision 018). Each app server watches for writes (two index probes a
 * second) and, once a burst has gone quiet, asks for a recompute on a pg-boss queue kept in
 * the same PostgreSQL (or PGlite) as the data. The queue's "short" policy keeps at most one
 * recompute waiting across every server, so a burst of 200 arrivals on two servers is one
 * recompute, computed by one server.
 */

export const PLAN_QUEUE = "plans-recompute";

export interface PlanWorkerOptions {
  /** How often the watcher looks for writes. */
  tickMs?: number;
  /** A recompute is asked at the latest this long after the first unplanned write of a burst. */
  maxWaitMs?: number;
  /** A plan older than this is recomputed even without writes (its "today" and stale-data alerts). */
  maxAgeMs?: number;
  /** The alert jobs' settings (decision 026); tests shorten the retry delay. */
  alerts?: AlertJobOptions;
}

interface Worker {
  boss: PgBoss;
  timer: NodeJS.Timeout;
  stopping: boolean;
}

let worker: Worker | undefined;

function newQueue(database: Database) {
  return new PgBoss({
    db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
    schema: "pgboss",
    // The alert jobs' five-minute tick is a cron schedule (decision 026).
    schedule: true,
    supervise: true,
  });
}

/** Starts pg-boss, which installs its schema on first use (see retryStartupRace). */
function startQueue(database: Database): Promise<PgBoss> {
  return retryStartupRace("plan queue", async () => {
    const boss = newQueue(database);
    await boss.start();
    return boss;
  });
}

/**
 * pg-boss 10 marks a job done without awaiting it (manager.js, onFetch): if the database goes
 * away at that moment the rejection is unhandled and would end the app server. A database that
 * is unavailable is an outage the app already answers with 503, so that one is logged; any other
 * unhandled rejection still ends the process, as Node does by default.
 */
let guardInstalled = false;
function guardQueueRejections() {
  if (guardInstalled) return;
  guardInstalled = true;
  process.on("unhandledRejection", (reason) => {
    if (isDatabaseUnavailable(reason)) {
      log("warn", "database unavailable in the background", { error: describeOutage(reason) });
      return;
    }
    setImmediate(() => {
      throw reason;
    });
  });
}

export async function startPlanWorker(database: Database, options: PlanWorkerOptions = {}) {
  if (worker) return;
  const tickMs = options.tickMs ?? 1000;
  const maxWaitMs = options.maxWaitMs ?? 3000;
  const maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
  const db = database.db;
  guardQueueRejections();
  const boss = await startQueue(database);
  // While the database is down pg-boss reports every poll (twice a second): once a minute is enough.
  let lastQueueError = 0;
  boss.on("error", (error: unknown) => {
    if (Date.now() - lastQueueError < 60_000) return;
    lastQueueError = Date.now();
    log("warn", "plan queue error", { error });
  });
  // Before the plan job, which asks for an alert sync on the alerts' queue.
  await startAlertJobs(boss, db, options.alerts);
  // "short": at most one recompute waiting, so a burst is one recompute. Not "stately": a job whose
  // completion was lost to a database restart stays "active" until it expires, and under
  // "stately" it would hold every later recompute back until then (the soak found it). Two
  // recomputes at once are harmless: each stores the plan of what it read.
  await retryStartupRace("plan queue", () => boss.createQueue(PLAN_QUEUE, { name: PLAN_QUEUE, policy: "short", retryLimit: 3, retryDelay: 2, expireInSeconds: 120 }));
  await boss.work(PLAN_QUEUE, { pollingIntervalSeconds: 0.5 }, async () => {
    const report = await refreshPlans(db);
    log(report.failed.length ? "warn" : "info", "plans refreshed", { ...report });
    if (report.computed.includes(BASELINE_PLAN_KEY)) await requestAlertSync(boss);
    if (report.failed.length) throw new Error(`plans failed: ${report.failed.join(", ")}`);
  });

  // The watcher's debounce: a recompute is asked when the writes have paused for a tick, or
  // maxWaitMs after the first one; then not again for the same writes.
  let pendingSince: number | null = null;
  let lastMark = -1;
  let askedMark = -1;
  let askedAt = 0;
  let failures = 0;
  const tick = async () => {
    const now = Date.now();
    const [meta] = await getStoredPlanMeta(db, [BASELINE_PLAN_KEY]);
    const mark = await readChangeMark(db);
    const due =
      !meta || !isCurrentShape(meta) || meta.failedAt !== null || now - meta.inputsAt.getTime() > maxAgeMs || (await changedSince(db, meta));
    if (!due) {
      pendingSince = null;
      return;
    }
    // Already asked for these writes, and the recompute has not had time to finish.
    if (mark.auditMark === askedMark && now - askedAt < 15_000) return;
    if (pendingSince === null && meta) {
      pendingSince = now;
      lastMark = mark.auditMark;
      return;
    }
    const quiet = mark.auditMark === lastMark;
    lastMark = mark.auditMark;
    if (meta && !quiet && now - (pendingSince ?? now) < maxWaitMs) return;
    await boss.send(PLAN_QUEUE, {}, { singletonKey: "network" });
    askedMark = mark.auditMark;
    askedAt = now;
    pendingSince = null;
  };
  const state: Worker = {
    boss,
    stopping: false,
    timer: setInterval(() => {
      tick().then(
        () => (failures = 0),
        (error) => {
          // While the database is down every tick fails: say it once, not every second.
          if (failures++ === 0 && !state.stopping) log("warn", "plan watcher failed", { error });
        },
      );
    }, tickMs),
  };
  state.timer.unref();
  worker = state;
  log("info", "plan worker started", { tickMs, maxWaitMs, maxAgeMs });
}

/** The running queue, for other scheduled jobs of this server (the DHIS2 push); none when the worker is off. */
export function planQueue(): PgBoss | undefined {
  return worker?.boss;
}

export async function stopPlanWorker() {
  const current = worker;
  worker = undefined;
  if (!current) return;
  current.stopping = true;
  clearInterval(current.timer);
  await current.boss.stop({ graceful: true, wait: true, timeout: 5000 }).catch(() => {});
}
