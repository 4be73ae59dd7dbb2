// The DHIS2 admin forms (decision 027): the same schemas check in the browser and on the server.
import { z } from "zod";
import { detailProblem, indicatorKinds, periodTypes } from "../domain/dhis2";
import { choice, isPlausibleDay } from "./common";
import { idempotencyKeyField } from "./movement";

/** A DHIS2 code or UID: letters, digits and _ . - (DHIS2 allows up to 50 characters). */
const dhis2Code = z
  .string({ error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(50, "validation.tooLong")
  .regex(/^[A-Za-z0-9_.-]+$/, "dhis2.codeFormat");
const optionalCode = z
  .string()
  .trim()
  .max(50, "validation.tooLong")
  .regex(/^[A-Za-z0-9_.-]*$/, "dhis2.codeFormat")
  .optional()
  .transform((v) => v ?? "");

export const dhis2SettingsSchema = z.object({
  dataSet: dhis2Code,
  periodType: choice(periodTypes),
  scheduled: z
    .boolean()
    .optional()
    .transform((v) => v ?? false),
});

export const orgUnitSchema = z.object({
  facility: z.string({ error: "validation.required" }).regex(/^[A-Z0-9]{2,8}$/, "validation.choice"),
  orgUnit: optionalCode,
});

export const mappingSchema = z
  .object({
    indicator: choice(indicatorKinds),
    detail: z
      .string()
      .trim()
      .max(40, "validation.tooLong")
      .optional()
      .transform((v) => v ?? ""),
    dataElement: dhis2Code,
    categoryOptionCombo: optionalCode,
  })
  .superRefine((value, ctx) => {
    const problem = detailProblem(value.indicator, value.detail);
    if (problem) ctx.addIssue({ code: "custom", path: ["detail"], message: problem });
  });

export const removeMappingSchema = z.object({
  mappingId: z.number({ error: "validation.required" }).int().positive().max(2_147_483_647),
});

export const pushSchema = z.object({
  day: z.string({ error: "validation.required" }).refine(isPlausibleDay, "validation.date"),
  mode: choice(["dry-run", "push"] as const),
  idempotencyKey: idempotencyKeyField,
});
