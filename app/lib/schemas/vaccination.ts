import { z } from "zod";
import { isCountryCode } from "../domain/countries";
import { offeredSchedule } from "../domain/schedule";
import { messageWithParams } from "../i18n";
import { choice, MAX_INT_ID, optionalText, requiredText } from "./common";
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

/** The earliest day a card's dose may carry: the oldest pregnant woman's childhood. */
export const EARLIEST_CARD_DAY = "1950-01-01";

const YMD = /^\d{4}-\d{2}-\d{2}$/;
function isRealDay(value: string): boolean {
  if (!YMD.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** How many doses the offered schedule has for a vaccine; a vaccine outside it, up to MAX_DOSE_NUMBER. */
export function scheduledDoseCount(vaccine: string): number {
  return offeredSchedule[vaccine]?.doses.length ?? MAX_DOSE_NUMBER;
}

/**
 * A dose given elsewhere, read from a home card or another country's record ("desde carné"):
 * the day it was given (not after today where the facility is, not before the birth date when
 * it is known), the dose number within the vaccine's schedule, where (free text) and in which
 * country (ISO 3166-1 alpha-2, as nationalities), and the card's lot number if it shows one.
 * Nothing is drawn from stock. The same schema checks the form in the browser and on the server.
 */
export function cardDoseSchema(options: { today: string; birthDate: string | null }) {
  const { today, birthDate } = options;
  return z
    .object({
      intent: z.literal("cardDose"),
      idempotencyKey: idempotencyKeyField,
      vaccine: z
        .string({ error: "validation.required" })
        .trim()
        .regex(/^[A-Z0-9-]{2,20}$/, "validation.choice"),
      doseNumber: doseNumberField,
      givenOn: z
        .string({ error: "validation.required" })
        .trim()
        .min(1, "validation.required")
        .refine(isRealDay, "validation.date"),
      place: requiredText(120),
      country: z
        .string({ error: "validation.required" })
        .trim()
        .toUpperCase()
        .refine(isCountryCode, "validation.choice"),
      lotNumber: optionalText(40),
    })
    .superRefine((value, ctx) => {
      if (isRealDay(value.givenOn)) {
        if (value.givenOn > today) ctx.addIssue({ code: "custom", path: ["givenOn"], message: "vaccination.card.dateInFuture" });
        else if (birthDate && value.givenOn < birthDate) ctx.addIssue({ code: "custom", path: ["givenOn"], message: "vaccination.card.beforeBirth" });
        else if (value.givenOn < EARLIEST_CARD_DAY) ctx.addIssue({ code: "custom", path: ["givenOn"], message: "care.dateTooOld" });
      }
      const doses = scheduledDoseCount(value.vaccine);
      if (value.doseNumber > doses) {
        ctx.addIssue({ code: "custom", path: ["doseNumber"], message: messageWithParams("vaccination.card.beyondSchedule", { doses }) });
      }
    });
}
export type CardDoseValue = z.infer<ReturnType<typeof cardDoseSchema>>;
