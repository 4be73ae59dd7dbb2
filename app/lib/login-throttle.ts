/**
 * Failed-login limits. Per account they stop guessing one password; per client address they
 * stop spraying many accounts from one place. The window slides: the oldest failure in it
 * decides when the next attempt is allowed.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;

/** Whole minutes until the oldest failure in the window leaves it (at least 1). */
export function minutesUntilRetry(oldestFailure: Date, now: Date, windowMs = THROTTLE_WINDOW_MS): number {
  const ms = oldestFailure.getTime() + windowMs - now.getTime();
  return Math.max(1, Math.ceil(ms / 60_000));
}
