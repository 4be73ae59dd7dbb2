/**
 * "¿Seguro?" before recording a group far above a station's usual size (issue 15: 4,000 typed
 * instead of 40 was recorded at once, 917 % occupancy). The group is never refused: the person
 * confirms and it is recorded, because the ledger records reality.
 */

/** Groups needed before a station's own sizes say what is usual. */
export const MIN_HISTORY = 20;
/** Without that history, a group above this asks. */
export const DEFAULT_LIMIT = 100;
/** A group this many times the usual large group asks. */
export const FACTOR = 4;
/** Never ask below this (a family is not a surprise). */
export const FLOOR = 20;

/** The nearest-rank percentile of a list of sizes (p in 0..1). */
export function percentile(sizes: readonly number[], p: number): number {
  if (sizes.length === 0) return 0;
  const sorted = [...sizes].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1]!;
}

export interface SizeCheck {
  /** The largest group recorded without asking. */
  limit: number;
  /** The usual large group (95th percentile of recent groups), or null without enough history. */
  usual: number | null;
  unusual: boolean;
}

/** Whether a group of `total` is far above the recent groups of the station. */
export function groupSizeCheck(total: number, recentSizes: readonly number[]): SizeCheck {
  if (recentSizes.length < MIN_HISTORY) return { limit: DEFAULT_LIMIT, usual: null, unusual: total > DEFAULT_LIMIT };
  const usual = percentile(recentSizes, 0.95);
  const limit = Math.max(FLOOR, FACTOR * usual);
  return { limit, usual, unusual: total > limit };
}
