import { allGroups, totalOf, type Counts } from "./population";

/**
 * Counted minus expected, per group, and the total of the eight base groups (the subgroups
 * are counted within them, so they never add to the total).
 */
export function headcountDifference(counted: Counts, expected: Counts): Counts & { total: number } {
  const difference = Object.fromEntries(allGroups.map((g) => [g, counted[g] - expected[g]])) as Counts;
  return { ...difference, total: totalOf(counted) - totalOf(expected) };
}

/** Whether a count differs from the census in any group (a subgroup alone counts). */
export function differs(difference: Counts): boolean {
  return allGroups.some((g) => difference[g] !== 0);
}
