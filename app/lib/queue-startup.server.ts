import { log } from "./log.server";

/**
 * Two app servers starting together on a new database both install pg-boss's schema and create
 * the same queues (a partition table each). The loser of such a race fails on a name already
 * taken ("duplicate key", rather than the "already exists" pg-boss itself forgives) or, when both
 * lock the job table's partitions in turn, on a deadlock PostgreSQL resolves by cancelling one of
 * them: neither is a reason to refuse to start, so the step is tried again, by then on what the
 * other server installed.
 */
const STARTUP_RACE = /duplicate key|already exists|deadlock detected/;

export async function retryStartupRace<T>(what: string, step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= 5 || !STARTUP_RACE.test(message)) throw error;
      log("info", `${what}: another server was installing it too; trying again`, { attempt, error: message });
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}
