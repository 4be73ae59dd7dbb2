/**
 * Small-cell suppression for care aggregates (issue 14, finding 7). A count of 1 to 4 children
 * with severe acute malnutrition at a 30-bed shelter, or of pregnant women at a border post, can
 * point at a person; so counts of people (and of doses and referrals, each one person's) from 1
 * to `norm - 1` are shown as "< norm". Zero is shown: it identifies no one.
 *
 * A total over cells some of which are hidden would give a hidden cell back by subtraction, so
 * such a total is shown only as a lower bound: "≥ n", where n is the larger of the norm and the
 * sum of the cells shown. Both are true of the total and neither reveals a hidden cell.
 *
 * The suppression runs on the server, so the small numbers never reach the browser (nor a
 * `.data` request, nor an export).
 */

/** The shipped norm: statistical offices commonly suppress counts under 5. */
export const DEFAULT_SMALL_CELL_NORM = 5;

export type ShownCount =
  | { kind: "exact"; n: number }
  /** Between 1 and norm - 1. */
  | { kind: "under"; norm: number }
  /** A total that includes hidden cells: at least n. */
  | { kind: "atLeast"; n: number };

function checkNorm(norm: number) {
  if (!Number.isInteger(norm) || norm < 1) throw new RangeError(`The small-cell norm must be a whole number >= 1, not ${norm}`);
}

/** One count, hidden when it is between 1 and norm - 1. */
export function suppressCount(n: number, norm = DEFAULT_SMALL_CELL_NORM): ShownCount {
  checkNorm(norm);
  return n > 0 && n < norm ? { kind: "under", norm } : { kind: "exact", n };
}

/** The total of a column of counts, safe to show beside the column's suppressed cells. */
export function suppressTotal(cells: readonly number[], norm = DEFAULT_SMALL_CELL_NORM): ShownCount {
  checkNorm(norm);
  const total = cells.reduce((sum, n) => sum + n, 0);
  const hidden = cells.filter((n) => n > 0 && n < norm);
  if (hidden.length === 0 || total < norm) return suppressCount(total, norm);
  const shown = total - hidden.reduce((sum, n) => sum + n, 0);
  return { kind: "atLeast", n: Math.max(norm, shown) };
}

/** Every listed field of every row suppressed, the other fields kept as they are. */
export function suppressRows<T extends Record<K, number>, K extends keyof T>(
  rows: readonly T[],
  keys: readonly K[],
  norm = DEFAULT_SMALL_CELL_NORM,
): (Omit<T, K> & Record<K, ShownCount>)[] {
  return rows.map((row) => {
    const out: Record<string | number | symbol, unknown> = { ...row };
    for (const key of keys) out[key] = suppressCount(row[key], norm);
    return out as Omit<T, K> & Record<K, ShownCount>;
  });
}
