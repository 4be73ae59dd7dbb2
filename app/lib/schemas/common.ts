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

/**
 * A count typed in a form is plain digits. `Number()` (which form coercion uses) reads "1e3" as
 * 1,000, "0x10" as 16 and " 4 0 "... as nothing useful: a phone keyboard slip must not record a
 * thousand people. Text that is not digits stops here with one message at the field (a minus
 * sign gets its own); numbers from a JSON body pass through to the checks after. Empty text is
 * "not given". Runs before form coercion sees the text (a preprocess is not coerced).
 */
export function digitsOnly<T extends z.ZodType>(inner: T, options: { signed?: boolean } = {}) {
  return z.preprocess((value, ctx) => {
    if (typeof value !== "string") return value;
    // A phone keyboard may offer the typographic minus (U+2212).
    const text = value.trim().replace(/^\u2212/, "-");
    if (text === "") return undefined;
    if ((options.signed ? /^-?\d+$/ : /^\d+$/).test(text)) return Number(text);
    ctx.addIssue({
      code: "custom",
      input: value,
      message: !options.signed && /^-\s*\d+$/.test(text) ? "validation.nonNegative" : "validation.digitsOnly",
    });
    return value;
  }, inner);
}

export function wholeNumber(max: number, min = 0, minMessage = "validation.nonNegative") {
  return digitsOnly(z.number({ error: numberError }).int("validation.wholeNumber").min(min, minMessage).max(max, "validation.tooLarge"));
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

// ---------------------------------------------------------------------------------------
// Ids and days read from URLs and query strings

/** The largest id of an `integer` column; a larger one cannot name a row (and PostgreSQL would fail on it). */
export const MAX_INT_ID = 2_147_483_647;
/** The largest id of a `bigint` column the app can hold exactly (ledger entries, the audit log). */
export const MAX_BIG_ID = Number.MAX_SAFE_INTEGER;

/** The id in a path segment, or undefined when it cannot name a row (not digits, 0, out of range). */
export function idOf(raw: string | undefined, max: number = MAX_INT_ID): number | undefined {
  if (!raw || !/^[0-9]{1,16}$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 && id <= max ? id : undefined;
}

/** An optional id in a query string (a filter or a page cursor). */
export function queryId(max: number = MAX_INT_ID) {
  return z.preprocess(
    (value) => (value === "" || value === null ? undefined : value),
    z.coerce.number().int().positive().max(max).optional(),
  );
}

/**
 * The days a filter may name: anything outside is no date the app holds, and years such as
 * 0000 or 9999 overflow the date arithmetic of PostgreSQL and JavaScript alike.
 */
export const FIRST_DAY = "2000-01-01";
export const LAST_DAY = "2099-12-31";

/** A calendar day YYYY-MM-DD that exists and lies within FIRST_DAY..LAST_DAY. */
export function isPlausibleDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value) && value >= FIRST_DAY && value <= LAST_DAY;
}

/** An optional day in a query string. */
export const queryDay = z.preprocess(
  (value) => (value === "" || value === null ? undefined : value),
  z.string().refine(isPlausibleDay, "validation.date").optional(),
);
