import type PgBoss from "pg-boss";
import { listPendingDeliveryIds } from "#db/alerts.server";
import type { Db } from "#db/types";
import { alertConfig, deliver, runDigest, runEscalation, syncAlerts, type AlertConfig, type Enqueue } from "./alerts.server";
import { log } from "./log.server";
import { readPlan } from "./plan-store.server";
import { retryStartupRace } from "./queue-startup.server";

/**
 * The alert jobs (decision 026), on the plan worker's pg-boss (the same queue tables in the same
 * PostgreSQL or PGlite, so every app server shares them):
 * - `alerts-sync`, asked after each recompute of the baseline plan: records its alerts and
 *   creates the messages of new critical ones;
 * - `alerts-deliver`, one job per message, retried by pg-boss with backoff;
 * - `alerts-tick`, every five minutes by pg-boss's cron (one server sends it): escalations, the
 *   daily digest from the norm's hour, and any message whose job was lost before it was queued.
 */
export const ALERT_SYNC_QUEUE = "alerts-sync";
export const ALERT_DELIVER_QUEUE = "alerts-deliver";
export const ALERT_TICK_QUEUE = "alerts-tick";

export interface AlertJobOptions {
  config?: AlertConfig;
  /** Seconds before pg-boss retries a failed message (doubling each time). */
  retryDelaySeconds?: number;
  retryLimit?: number;
}

export function queueEnqueue(boss: PgBoss): Enqueue {
  return async (ids) => {
    for (const id of ids) await boss.send(ALERT_DELIVER_QUEUE, { deliveryId: id }, { singletonKey: `delivery:${id}` });
  };
}

export async function startAlertJobs(boss: PgBoss, db: Db, options: AlertJobOptions = {}) {
  const config = options.config ?? alertConfig();
  const enqueue = queueEnqueue(boss);
  await retryStartupRace("alert queues", async () => {
    await boss.createQueue(ALERT_SYNC_QUEUE, { name: ALERT_SYNC_QUEUE, policy: "short", retryLimit: 3, retryDelay: 5, expireInSeconds: 120 });
    await boss.createQueue(ALERT_DELIVER_QUEUE, {
      name: ALERT_DELIVER_QUEUE,
      retryLimit: options.retryLimit ?? 5,
      retryDelay: options.retryDelaySeconds ?? 30,
      retryBackoff: true,
      expireInSeconds: 60,
    });
    await boss.createQueue(ALERT_TICK_QUEUE, { name: ALERT_TICK_QUEUE, policy: "short", retryLimit: 1, expireInSeconds: 300 });
  });
  await boss.work(ALERT_SYNC_QUEUE, { pollingIntervalSeconds: 1 }, async () => {
    const view = await readPlan(db);
    await syncAlerts(db, view.plan, view.context.items, new Date(), enqueue);
  });
  await boss.work<{ deliveryId: number }>(ALERT_DELIVER_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job) await deliver(db, job.data.deliveryId, config);
  });
  await boss.work(ALERT_TICK_QUEUE, { pollingIntervalSeconds: 2 }, async () => {
    const now = new Date();
    await runEscalation(db, now, enqueue);
    await runDigest(db, now, config, enqueue);
    // Messages created by a server that stopped before it queued them.
    await enqueue(await listPendingDeliveryIds(db, new Date(now.getTime() - 60_000)));
  });
  await retryStartupRace("alert schedule", () => boss.schedule(ALERT_TICK_QUEUE, "*/5 * * * *", {}, { tz: "UTC" }));
  log("info", "alert jobs started");
}

/** Asks for an alert sync (after a recompute of the baseline): at most one waits across servers. */
export async function requestAlertSync(boss: PgBoss) {
  await boss.send(ALERT_SYNC_QUEUE, {}, { singletonKey: "alerts" });
}
