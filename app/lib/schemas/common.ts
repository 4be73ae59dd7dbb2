import { z } from "zod";

// Error messages are message keys; forms translate them where they are shown.

/**
 * PostgreSQL text cannot hold U+0000, and a lone UTF-16 surrogate (which a JSON body may carry
 * as "\ud800") is not valid UTF-8 either: such a field is refused with a message instead of
 * failing the insert later (a 500). Every free-text field uses it.
 */
export function hasNoNul(value: string): boolean {
  return !value.includes("\u0000") && !/\p{Cs}/u.test(value);
}
export const NUL_MESSAGE = "validation.nul";

export function requiredText(max = 200) {
  return z
    .string({ error: "validation.required" })
    .refine(hasNoNul, NUL_MESSAGE)
    .trim()
    .min(1, "validation.required")
    .max(max, "validation.tooLong");
}

export function optionalText(max = 2000) {
  return z
    .string()
    .refine(hasNoNul, NUL_MESSAGE)
    .trim()
    .max(max, "validation.tooLong")
    .optional()
    .transform((value) => value ?? "");
}

function numberError(issue: { input?: unknown }) {
  return issue.input === undefined ? "validation.required" : "validation.number";
}

export function wholeNumber(max: number) {
  return z
    .number({ error: numberError })
    .int("validation.wholeNumber")
    .min(0, "validation.nonNegative")
    .max(max, "validation.tooLarge");
}

export function decimalNumber(max: number) {
  return z.number({ error: numberError }).min(0, "validation.nonNegative").max(max, "validation.tooLarge");
}

export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: "validation.choice" });
}

export const emailField = z
  .string({ error: "validation.required" })
  .trim()
  .toLowerCase()
  .max(254, "validation.tooLong")
  .pipe(z.email("validation.email"));
