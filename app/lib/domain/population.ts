/**
 * The population groups the census counts. The eight base groups do not overlap and add up
 * to the total; the four subgroups are counted within them.
 */
export const baseGroups = [
  "adultMen",
  "adultWomen",
  "boys0to11m",
  "girls0to11m",
  "boys1to4",
  "girls1to4",
  "boys5to17",
  "girls5to17",
] as const;
export type BaseGroup = (typeof baseGroups)[number];

export const subgroups = ["pregnant", "lactating", "unaccompaniedMinors", "disabilities"] as const;
export type Subgroup = (typeof subgroups)[number];

export const allGroups = [...baseGroups, ...subgroups] as const;
export type Group = BaseGroup | Subgroup;

export type Counts = Record<Group, number>;

export const childGroups: readonly BaseGroup[] = [
  "boys0to11m",
  "girls0to11m",
  "boys1to4",
  "girls1to4",
  "boys5to17",
  "girls5to17",
];

/** Who can be pregnant or lactating: adult women and girls 5-17. */
export const womenOfReproductiveAgeGroups: readonly BaseGroup[] = ["adultWomen", "girls5to17"];

export function emptyCounts(): Counts {
  return Object.fromEntries(allGroups.map((g) => [g, 0])) as Counts;
}

export function totalOf(counts: Pick<Counts, BaseGroup>): number {
  return baseGroups.reduce((sum, g) => sum + counts[g], 0);
}

export function childrenOf(counts: Pick<Counts, BaseGroup>): number {
  return childGroups.reduce((sum, g) => sum + counts[g], 0);
}

export function womenOf(counts: Pick<Counts, BaseGroup>): number {
  return womenOfReproductiveAgeGroups.reduce((sum, g) => sum + counts[g], 0);
}

export function addCounts(a: Counts, b: Counts, sign: 1 | -1 = 1): Counts {
  return Object.fromEntries(allGroups.map((g) => [g, a[g] + sign * b[g]])) as Counts;
}

export type SubgroupProblem = { group: Subgroup; limit: number; limitGroups: "women" | "children" | "total" };

/**
 * Subgroups must fit inside the groups they belong to: pregnant and lactating women among
 * adult women and girls 5-17, unaccompanied minors among children, disabilities among everyone.
 */
export function subgroupProblems(counts: Counts): SubgroupProblem[] {
  const problems: SubgroupProblem[] = [];
  const women = womenOf(counts);
  if (counts.pregnant > women) problems.push({ group: "pregnant", limit: women, limitGroups: "women" });
  if (counts.lactating > women) problems.push({ group: "lactating", limit: women, limitGroups: "women" });
  const children = childrenOf(counts);
  if (counts.unaccompaniedMinors > children) {
    problems.push({ group: "unaccompaniedMinors", limit: children, limitGroups: "children" });
  }
  const total = totalOf(counts);
  if (counts.disabilities > total) problems.push({ group: "disabilities", limit: total, limitGroups: "total" });
  return problems;
}

/** Groups where taking `out` away from `present` would go below zero. */
export function shortfalls(present: Counts, out: Counts): { group: Group; present: number; requested: number }[] {
  return allGroups
    .filter((g) => out[g] > present[g])
    .map((g) => ({ group: g, present: present[g], requested: out[g] }));
}
