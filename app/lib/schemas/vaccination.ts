import { z } from "zod";
import { choice, MAX_INT_ID } from "./common";
import { idempotencyKeyField, occurredAtField } from "./movement";

export const notGivenReasons = ["refused", "contraindicated", "ill", "already_vaccinated", "stock_out", "other"] as const;
export type NotGivenReason = (typeof notGivenReasons)[number];

export const MAX_DOSE_NUMBER = 9;

const doseNumberField = z
  .number({ error: "validation.required" })
  .int("validation.wholeNumber")
  .min(1, "validation.choice")
  .max(MAX_DOSE_NUMBER, "validation.tooLarge");

/** Recording a dose: given (drawn from stock) or not given with a reason. */
export function doseSchema(options: { timeZone: string; now?: () => Date }) {
  return z
    .object({
      intent: z.literal("record"),
      idempotencyKey: idempotencyKeyField,
      occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
      vaccine: z
        .string({ error: "validation.required" })
        .trim()
        .regex(/^[A-Z0-9-]{2,20}$/, "validation.choice"),
      doseNumber: doseNumberField,
      status: choice(["given", "not_given"] as const),
      notGivenReason: z.enum(notGivenReasons, { error: "validation.choice" }).optional(),
    })
    .superRefine((value, ctx) => {
      if (value.status === "not_given" && !value.notGivenReason) {
        ctx.addIssue({ code: "custom", path: ["notGivenReason"], message: "vaccination.reasonRequired" });
      }
    });
}

/** Changing the reason a dose was not given. */
export const changeReasonSchema = z.object({
  intent: z.literal("change-reason"),
  doseId: z.number({ error: "validation.required" }).int().positive("validation.choice").max(MAX_INT_ID, "validation.choice"),
  notGivenReason: z.enum(notGivenReasons, { error: "validation.choice" }),
});
