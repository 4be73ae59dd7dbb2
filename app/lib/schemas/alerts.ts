import { z } from "zod";
import { alertChannels, alertKinds } from "../domain/alert-delivery";
import { hasNoNul, NUL_MESSAGE, optionalText } from "./common";

// The alert forms (issue 18): subscribe, remove a subscription, acknowledge an alert. The same
// schemas validate in the browser and in the action.

export const subscribeSchema = z
  .object({
    facility: z.string({ error: "validation.required" }).regex(/^[A-Z0-9]{2,8}$/, "validation.choice"),
    kind: z.enum(alertKinds, { error: "validation.choice" }),
    channel: z.enum(alertChannels, { error: "validation.choice" }),
    webhookUrl: optionalText(500),
    webhookSecret: z
      .string()
      .refine(hasNoNul, NUL_MESSAGE)
      .max(200, "validation.tooLong")
      .optional()
      .transform((v) => v ?? ""),
  })
  .superRefine((value, ctx) => {
    if (value.channel === "webhook") {
      if (!value.webhookUrl) ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "alerts.subs.webhookUrlRequired" });
      else if (!isHttpUrl(value.webhookUrl)) ctx.addIssue({ code: "custom", path: ["webhookUrl"], message: "alerts.subs.webhookUrlInvalid" });
      if (value.webhookSecret && value.webhookSecret.length < 16) {
        ctx.addIssue({ code: "custom", path: ["webhookSecret"], message: "alerts.subs.secretShort" });
      }
    }
  });
export type SubscribeInput = z.infer<typeof subscribeSchema>;

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" && !url.username && !url.password;
  } catch {
    return false;
  }
}

export const removeSubscriptionSchema = z.object({
  subscriptionId: z.number({ error: "validation.required" }).int().positive().max(2_147_483_647),
});

export const acknowledgeSchema = z.object({
  alertId: z.number({ error: "validation.required" }).int().positive().max(2_147_483_647),
});
