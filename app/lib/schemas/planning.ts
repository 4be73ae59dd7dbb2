import { z } from "zod";
import type { ScenarioChange } from "../domain/scenario";
import { decimalNumber, optionalText, requiredText, wholeNumber } from "./common";
import { orderBases } from "../domain/consumption";
import { idempotencyKeyField } from "./movement";

// The planner's scenario forms. Messages are keys (translated where shown); the server checks
// the facility codes exist and then validates the change again with the domain's own schema.
// Every edit of a scenario carries its form's idempotency key: sent twice, it is applied once.

const day = z
  .string({ error: "validation.required" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), "validation.date");
const code = z
  .string({ error: "validation.choice" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,8}$/, "validation.choice");
// Blank means "the whole network".
const codeOrNetwork = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^([A-Z0-9]{2,8})?$/, "validation.choice")
  .optional()
  .transform((v) => (v ? v : null));
const days = wholeNumber(90, 1, "planning.form.daysRange");
// Blank means "until the end of the horizon".
const daysOrOpen = days.optional().transform((v) => v ?? null);

export const scenarioCreateSchema = z.object({
  intent: z.literal("create"),
  name: requiredText(120),
  description: optionalText(500),
  idempotencyKey: idempotencyKeyField,
});

export const scenarioRenameSchema = z.object({
  intent: z.literal("rename"),
  name: requiredText(120),
  description: optionalText(500),
  idempotencyKey: idempotencyKeyField,
});

export const scenarioArchiveSchema = z.object({
  intent: z.literal("archive"),
  idempotencyKey: idempotencyKeyField,
});

export const scenarioRemoveSchema = z.object({
  intent: z.literal("remove-change"),
  index: wholeNumber(1_000, 0, "validation.choice"),
  idempotencyKey: idempotencyKeyField,
});

export const surgeSchema = z.object({
  intent: z.literal("add-surge"),
  from: day,
  days,
  perDay: wholeNumber(20_000),
  facilityCode: codeOrNetwork,
  idempotencyKey: idempotencyKeyField,
});

export const closureSchema = z.object({
  intent: z.literal("add-closure"),
  facilityCode: code,
  from: day,
  days: daysOrOpen,
  idempotencyKey: idempotencyKeyField,
});

export const divertSchema = z.object({
  intent: z.literal("add-divert"),
  toFacilityCode: code,
  // Percent on the form (30 = 30 %), a share in the scenario.
  sharePercent: decimalNumber(100),
  from: day,
  days: daysOrOpen,
  idempotencyKey: idempotencyKeyField,
});

export const scaleSchema = z.object({
  intent: z.literal("add-scale"),
  facilityCode: codeOrNetwork,
  factor: decimalNumber(10),
  from: day,
  days: daysOrOpen,
  idempotencyKey: idempotencyKeyField,
});

export const changeSchemas = {
  "add-surge": surgeSchema,
  "add-closure": closureSchema,
  "add-divert": divertSchema,
  "add-scale": scaleSchema,
} as const;
export type ChangeIntent = keyof typeof changeSchemas;

export function isChangeIntent(value: unknown): value is ChangeIntent {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(changeSchemas, value);
}

export function toScenarioChange(
  value:
    | z.output<typeof surgeSchema>
    | z.output<typeof closureSchema>
    | z.output<typeof divertSchema>
    | z.output<typeof scaleSchema>,
): ScenarioChange {
  switch (value.intent) {
    case "add-surge":
      return { kind: "surge", from: value.from, days: value.days, perDay: value.perDay, facilityCode: value.facilityCode };
    case "add-closure":
      return { kind: "closure", facilityCode: value.facilityCode, from: value.from, days: value.days };
    case "add-divert":
      return { kind: "divert", toFacilityCode: value.toFacilityCode, share: value.sharePercent / 100, from: value.from, days: value.days };
    case "add-scale":
      return { kind: "scale", facilityCode: value.facilityCode, factor: value.factor, from: value.from, days: value.days };
  }
}

/** The facility codes a change names, to check they exist. */
export function codesOf(change: ScenarioChange): { field: string; code: string }[] {
  switch (change.kind) {
    case "surge":
    case "scale":
      return change.facilityCode ? [{ field: "facilityCode", code: change.facilityCode }] : [];
    case "closure":
      return [{ field: "facilityCode", code: change.facilityCode }];
    case "divert":
      return [{ field: "toFacilityCode", code: change.toFacilityCode }];
  }
}

/** A planner's choice of what drives an item's order at a facility (the consumption panel's form). */
export const orderBasisSchema = z.object({
  intent: z.literal("orderBasis"),
  basis: z.enum(orderBases, { error: "validation.choice" }),
  idempotencyKey: idempotencyKeyField,
});
