import { z } from "zod";
import { choice, decimalNumber, optionalText, requiredText, wholeNumber } from "./common";

export const facilityKinds = ["reception_station", "shelter", "health_post", "warehouse"] as const;
export const facilityStatuses = ["open", "closed"] as const;

export const facilityCodeField = z
  .string({ error: "validation.required" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,8}$/, "validation.codeFormat");

const facilityFields = {
  name: requiredText(120),
  kind: choice(facilityKinds),
  region: optionalText(120),
  latitude: z
    .number({ error: "validation.number" })
    .min(-90, "validation.latitude")
    .max(90, "validation.latitude")
    .optional()
    .transform((v) => v ?? null),
  longitude: z
    .number({ error: "validation.number" })
    .min(-180, "validation.longitude")
    .max(180, "validation.longitude")
    .optional()
    .transform((v) => v ?? null),
  beds: wholeNumber(100_000),
  coveredAreaM2: decimalNumber(10_000_000),
  waterLitresPerDay: wholeNumber(100_000_000),
  toilets: wholeNumber(100_000),
  // A checkbox: absent means unchecked.
  sanitationFirstPhase: z
    .boolean({ error: "validation.choice" })
    .optional()
    .transform((v) => v ?? false),
  status: choice(facilityStatuses),
  notes: optionalText(2000),
};

export const facilityCreateSchema = z.object({ code: facilityCodeField, ...facilityFields });
export const facilityUpdateSchema = z.object(facilityFields);
