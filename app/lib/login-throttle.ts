/**
 * Failed-login limits. Per account they stop guessing one password; per client address they
 * stop spraying many accounts from one place. Both apply to untrusted clients only: a browser
 * holding a device cookie for the account (device-cookie.server.ts) is limited per device, so
 * that guesses from elsewhere cannot lock the owner out. The window slides: the oldest failure
 * in it decides when the next attempt is allowed.
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 30;
export const MAX_FAILURES_PER_DEVICE = 5;

/** Whole minutes until the oldest failure in the window leaves it (at least 1). */
export function minutesUntilRetry(oldestFailure: Date, now: Date, windowMs = THROTTLE_WINDOW_MS): number {
  const ms = oldestFailure.getTime() + windowMs - now.getTime();
  return Math.max(1, Math.ceil(ms / 60_000));
}

/**
 * When the account-wide lock lifts, or null when it is not locked: `failures` is how many are in
 * the window and `oldestFailure` the first of them.
 */
export function lockedUntil(
  failures: number,
  oldestFailure: Date | undefined,
  now: Date,
  limit = MAX_FAILURES_PER_ACCOUNT,
  windowMs = THROTTLE_WINDOW_MS,
): Date | null {
  if (failures < limit || !oldestFailure) return null;
  const until = new Date(oldestFailure.getTime() + windowMs);
  return until > now ? until : null;
}
