import type PgBoss from "pg-boss";
import { getDhis2Settings } from "#db/dhis2.server";
import type { Db } from "#db/types";
import { pushPeriod } from "./commands/dhis2.server";
import { lastCompletePeriod } from "./domain/dhis2";
import { log } from "./log.server";
import { planQueue } from "./plan-worker.server";
import { retryStartupRace } from "./queue-startup.server";
import { dayOf } from "./time.server";

/**
 * The scheduled DHIS2 push (decision 027), on the pg-boss queue the plan worker already runs
 * (decision 018). Every few minutes a server asks for the push of the last complete period; the
 * queue keeps at most one such job waiting across servers, and the push log's idempotency keys
 * make a job that runs twice send nothing the second time.
 */

export const DHIS2_QUEUE = "dhis2-push";

/** Pushes the last complete period when the schedule is on and something is still unsent. */
export async function runScheduledPush(db: Db, today: string) {
  const settings = await getDhis2Settings(db);
  if (!settings.scheduled || !settings.dataSet) return;
  const period = lastCompletePeriod(settings.periodType, today);
  const outcome = await pushPeriod(
    db,
    { userId: null, token: null },
    { day: period.start, dryRun: false, trigger: "schedule", idempotencyKey: `schedule:${settings.dataSet}:${period.id}` },
  );
  if (outcome.status === "not-configured") log("warn", "dhis2 schedule is on but DHIS2 is not configured", { reason: outcome.reason });
}

let timer: NodeJS.Timeout | undefined;

/** Call after startPlanWorker: without the plan worker's queue there is no schedule either. */
export async function startDhis2Schedule(db: Db, options: { tickMs?: number } = {}) {
  const boss: PgBoss | undefined = planQueue();
  if (!boss || timer) return;
  await retryStartupRace("dhis2 queue", () => boss.createQueue(DHIS2_QUEUE, { name: DHIS2_QUEUE, policy: "short", retryLimit: 2, retryDelay: 60, expireInSeconds: 15 * 60 }));
  await boss.work(DHIS2_QUEUE, { pollingIntervalSeconds: 5 }, async () => {
    await runScheduledPush(db, dayOf(new Date()));
  });
  const tickMs = options.tickMs ?? 5 * 60_000;
  timer = setInterval(() => {
    boss.send(DHIS2_QUEUE, {}, { singletonKey: "dhis2" }).catch((error: unknown) => log("warn", "dhis2 schedule tick failed", { error }));
  }, tickMs);
  timer.unref();
}

export function stopDhis2Schedule() {
  if (timer) clearInterval(timer);
  timer = undefined;
}
