import { z } from "zod";
import { allGroups, subgroupProblems, type Counts, type Group } from "../domain/population";
import { messageWithParams } from "../i18n";
import { choice, optionalText } from "./common";
import { idempotencyKeyField, MAX_GROUP_COUNT } from "./movement";

export const headcountIntents = ["save", "submit"] as const;

// A group left blank is "not counted yet": allowed on a draft, refused on submit.
const countField = z
  .number({ error: "validation.wholeNumber" })
  .int("validation.wholeNumber")
  .min(0, "validation.nonNegative")
  .max(MAX_GROUP_COUNT, "validation.tooLarge")
  .optional();

const countFields = Object.fromEntries(allGroups.map((g) => [g, countField])) as Record<Group, typeof countField>;

/**
 * The headcount sheet. Whether a reason is needed depends on the census at the moment of
 * submitting, which only the server knows under its lock, so that check is in the action.
 */
export const headcountSchema = z
  .object({
    intent: choice(headcountIntents),
    idempotencyKey: idempotencyKeyField,
    ...countFields,
    reason: optionalText(500),
  })
  .superRefine((value, ctx) => {
    if (value.intent !== "submit") return;
    const missing = allGroups.filter((g) => value[g] === undefined);
    for (const g of missing) ctx.addIssue({ code: "custom", path: [g], message: "headcount.countEveryGroup" });
    if (missing.length) return;
    for (const problem of subgroupProblems(value as Counts)) {
      ctx.addIssue({
        code: "custom",
        path: [problem.group],
        message: messageWithParams(`population.subgroupTooLarge.${problem.limitGroups}`, { limit: problem.limit }),
      });
    }
  });

export type HeadcountValue = z.output<typeof headcountSchema>;

/** The groups typed so far (blank ones left out). */
export function countedOf(value: HeadcountValue): Partial<Counts> {
  return Object.fromEntries(allGroups.filter((g) => value[g] !== undefined).map((g) => [g, value[g]!])) as Partial<Counts>;
}
