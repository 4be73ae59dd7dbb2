import { z } from "zod";
import { isCountryCode } from "../domain/countries";
import { resolveCountry } from "./country";
import {
  allGroups,
  baseGroups,
  subgroupProblems,
  subgroups,
  totalOf,
  type Counts,
} from "../domain/population";
import { messageWithParams } from "../i18n";
import { zoneOffsetMs } from "../time";
import { digitsOnly, hasNoNul, NUL_MESSAGE, optionalText } from "./common";

export const MAX_GROUP_COUNT = 5000;
const MAX_BACKDATE_DAYS = 30;
const CLOCK_SKEW_MS = 10 * 60 * 1000;

const count = digitsOnly(
  z
    .number({ error: "validation.wholeNumber" })
    .int("validation.wholeNumber")
    .min(0, "validation.nonNegative")
    .max(MAX_GROUP_COUNT, "validation.tooLarge")
    .optional(),
).transform((v) => v ?? 0);

const countFields = Object.fromEntries(allGroups.map((g) => [g, count])) as Record<keyof Counts, typeof count>;

export const idempotencyKeyField = z
  .string({ error: "validation.required" })
  .min(8, "validation.required")
  .max(100, "validation.tooLong")
  .regex(/^[A-Za-z0-9._:-]+$/, "validation.required");

/**
 * A time as typed in a form (`2026-11-28T14:30`, read in the deployment's time zone) or as an
 * ISO 8601 instant with an offset (from the API).
 */
export function occurredAtField(timeZone: string, now: () => Date) {
  return z
    .string({ error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .transform((value, ctx) => {
      const instant = parseLocalOrInstant(value, timeZone);
      if (!instant) {
        ctx.addIssue({ code: "custom", message: "validation.date" });
        return z.NEVER;
      }
      const current = now().getTime();
      if (instant.getTime() > current + CLOCK_SKEW_MS) {
        ctx.addIssue({ code: "custom", message: "population.occurredInFuture" });
        return z.NEVER;
      }
      if (instant.getTime() < current - MAX_BACKDATE_DAYS * 86_400_000) {
        ctx.addIssue({ code: "custom", message: "population.occurredTooOld" });
        return z.NEVER;
      }
      return instant;
    });
}

export function parseLocalOrInstant(value: string, timeZone: string): Date | null {
  if (/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) && /T/.test(value)) {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : new Date(ms);
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  if (Number.isNaN(wall)) return null;
  const guess = wall - zoneOffsetMs(new Date(wall), timeZone);
  return new Date(wall - zoneOffsetMs(new Date(guess), timeZone));
}

// The country as chosen or typed: a code from the list, or a name or code typed in the
// searchable field; the arrival schema resolves it to its ISO code (resolveCountry).
const nationalityRow = z.object({
  country: z
    .string()
    .trim()
    .max(80, "validation.tooLong")
    .optional()
    .transform((v) => v ?? ""),
  count,
});

function checkCounts(value: Counts, ctx: z.RefinementCtx, requirePositive: boolean) {
  const total = totalOf(value);
  if (requirePositive && total === 0) {
    ctx.addIssue({ code: "custom", path: ["adultMen"], message: "population.totalZero" });
  }
  for (const problem of subgroupProblems(value)) {
    ctx.addIssue({
      code: "custom",
      path: [problem.group],
      message: messageWithParams(`population.subgroupTooLarge.${problem.limitGroups}`, { limit: problem.limit }),
    });
  }
  return total;
}

export function arrivalSchema(options: { timeZone: string; now?: () => Date }) {
  return z
    .object({
      idempotencyKey: idempotencyKeyField,
      occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
      ...countFields,
      nationalities: z
        .array(nationalityRow)
        .max(60, "validation.tooLong")
        .optional()
        // A typed name or code becomes its ISO code here; text that names no country stays as
        // typed, for the refinement below to name it back.
        .transform((rows) =>
          (rows ?? []).filter((r) => r.country !== "" || r.count > 0).map((r) => ({ country: resolveCountry(r.country) ?? r.country, count: r.count })),
        ),
      biometricsRegistered: count,
      origin: optionalText(120),
      notes: optionalText(1000),
    })
    .superRefine((value, ctx) => {
      const total = checkCounts(value, ctx, true);
      const seen = new Set<string>();
      let sum = 0;
      value.nationalities.forEach((row, index) => {
        const code = isCountryCode(row.country) ? row.country : null;
        if (!code) {
          ctx.addIssue({ code: "custom", path: ["nationalities", index, "country"], message: unknownCountry(row.country) });
        } else if (row.count > 0 && seen.has(code)) {
          // A pre-filled row left at 0 is not a second entry for its country: choosing that
          // country on another row is how a person records it there.
          ctx.addIssue({ code: "custom", path: ["nationalities", index, "country"], message: "population.nationalityDuplicate" });
        }
        if (code && row.count > 0) seen.add(code);
        sum += row.count;
      });
      if (sum !== total) {
        ctx.addIssue({
          code: "custom",
          path: ["nationalities"],
          message: messageWithParams("population.nationalitiesMismatch", { sum, total }),
        });
      }
      if (value.biometricsRegistered > total) {
        ctx.addIssue({
          code: "custom",
          path: ["biometricsRegistered"],
          message: messageWithParams("population.biometricsTooMany", { total }),
        });
      }
    });
}

/**
 * What the form says about a country it cannot read: a code-like text (the list's value, an API
 * body) is an invalid code; anything else typed is named back to the person ("No se reconoce el
 * país «xyz»"), shortened so the message stays one line.
 */
function unknownCountry(text: string): string {
  if (text === "") return "population.countryMissing";
  if (/^[A-Za-z]{2}$/.test(text)) return "population.country";
  return messageWithParams("population.countryUnknown", { text: text.length > 40 ? `${text.slice(0, 39)}…` : text });
}

export const departureKinds = ["onward", "transfer"] as const;

export function departureSchema(options: { timeZone: string; now?: () => Date }) {
  return z
    .object({
      idempotencyKey: idempotencyKeyField,
      occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
      kind: z.enum(departureKinds, { error: "validation.choice" }),
      toFacility: z
        .string()
        .trim()
        .toUpperCase()
        .optional()
        .transform((v) => v ?? ""),
      destination: optionalText(120),
      ...countFields,
      notes: optionalText(1000),
    })
    .superRefine((value, ctx) => {
      checkCounts(value, ctx, true);
      if (value.kind === "transfer" && !/^[A-Z0-9]{2,8}$/.test(value.toFacility)) {
        ctx.addIssue({ code: "custom", path: ["toFacility"], message: "validation.choice" });
      }
    });
}

export function receiveSchema(options: { timeZone: string; now?: () => Date }) {
  return z
    .object({
      idempotencyKey: idempotencyKeyField,
      occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
      ...countFields,
      notes: optionalText(1000),
    })
    .superRefine((value, ctx) => {
      checkCounts(value, ctx, false);
    });
}

export const reversalSchema = z.object({
  idempotencyKey: idempotencyKeyField,
  reason: z
    .string({ error: "validation.required" })
    .refine(hasNoNul, NUL_MESSAGE)
    .trim()
    .min(3, "validation.required")
    .max(500, "validation.tooLong"),
});

/** Picks the twelve counts out of a parsed form or API body. */
export function countsOf(value: Record<string, unknown>): Counts {
  return Object.fromEntries(allGroups.map((g) => [g, Number(value[g] ?? 0)])) as Counts;
}

export { baseGroups, subgroups };
