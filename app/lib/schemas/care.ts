import { z } from "zod";
import { isCountryCode } from "../domain/countries";
import { childDangerSigns, pregnancyDangerSigns } from "../domain/care";
import { addDays } from "../time";
import { choice, hasNoNul, MAX_INT_ID, NUL_MESSAGE, optionalText } from "./common";
import { idempotencyKeyField, occurredAtField } from "./movement";

// Error messages are message keys; the forms translate them where they are shown.

export const sexes = ["female", "male", "unknown"] as const;
export const birthModes = ["date", "estimated"] as const;
export const pregnancyModes = ["lmp", "weeks"] as const;
export const referralUrgencies = ["emergency", "urgent", "routine"] as const;
export const referralStatuses = ["sent", "arrived", "returned"] as const;
/** Hospitals of the network that cases are referred to (free text is accepted too). */
export const referralHospitals = ["Hospital de Metetí", "Hospital Santo Tomás (Ciudad de Panamá)", "Hospital del Niño (Ciudad de Panamá)"] as const;

const YMD = /^\d{4}-\d{2}-\d{2}$/;

function isRealDay(value: string): boolean {
  if (!YMD.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** An optional calendar day (YYYY-MM-DD); empty means none. */
const optionalDay = z
  .string()
  .trim()
  .optional()
  .transform((v) => v ?? "")
  .refine((v) => v === "" || isRealDay(v), "validation.date");

const checkbox = z
  .boolean()
  .optional()
  .transform((v) => v ?? false);

function numberError(issue: { input?: unknown }) {
  return issue.input === undefined ? "validation.required" : "validation.number";
}

function optionalNumber(min: number, max: number, message: string, integer = false) {
  let base = z.number({ error: numberError }).min(min, message).max(max, message);
  if (integer) base = base.int("validation.wholeNumber");
  return base.optional().transform((v) => v ?? null);
}

export function registerCaseSchema(options: { today: string }) {
  const { today } = options;
  return z
    .object({
      idempotencyKey: idempotencyKeyField,
      intent: z.enum(["register", "confirm"]).optional().transform((v) => v ?? "register"),
      name: optionalText(120),
      documentNumber: optionalText(60),
      sex: choice(sexes),
      birthMode: choice(birthModes),
      birthDate: optionalDay,
      ageYears: optionalNumber(0, 60, "care.ageRange", true),
      ageMonths: optionalNumber(0, 11, "care.ageMonthsRange", true),
      nationality: z
        .string()
        .trim()
        .toUpperCase()
        .optional()
        .transform((v) => v ?? "")
        .refine((v) => v === "" || isCountryCode(v), "validation.choice"),
      familyGroup: z
        .string()
        .refine(hasNoNul, NUL_MESSAGE)
        .trim()
        .toUpperCase()
        .max(40, "validation.tooLong")
        .optional()
        .transform((v) => v ?? ""),
      pregnant: checkbox,
      pregnancyMode: z.enum(pregnancyModes, { error: "validation.choice" }).optional().transform((v) => v ?? "lmp"),
      lastMenstrualPeriod: optionalDay,
      gestationalWeeks: optionalNumber(1, 44, "care.weeksRange", true),
      arrivalDate: z
        .string({ error: "validation.required" })
        .trim()
        .min(1, "validation.required")
        .refine(isRealDay, "validation.date"),
    })
    .superRefine((v, ctx) => {
      if (isRealDay(v.arrivalDate)) {
        if (v.arrivalDate > today) ctx.addIssue({ code: "custom", path: ["arrivalDate"], message: "care.dateInFuture" });
        else if (v.arrivalDate < addDays(today, -366)) ctx.addIssue({ code: "custom", path: ["arrivalDate"], message: "care.dateTooOld" });
      }
      if (v.birthMode === "date") {
        if (v.birthDate === "") ctx.addIssue({ code: "custom", path: ["birthDate"], message: "validation.required" });
        else if (v.birthDate > today) ctx.addIssue({ code: "custom", path: ["birthDate"], message: "care.dateInFuture" });
        else if (v.birthDate < addDays(today, -365 * 61)) ctx.addIssue({ code: "custom", path: ["birthDate"], message: "care.dateTooOld" });
      } else if (v.ageYears === null && v.ageMonths === null) {
        ctx.addIssue({ code: "custom", path: ["ageYears"], message: "validation.required" });
      }
      if (v.pregnant) {
        if (v.sex !== "female") ctx.addIssue({ code: "custom", path: ["pregnant"], message: "care.pregnantFemaleOnly" });
        if (v.pregnancyMode === "lmp") {
          if (v.lastMenstrualPeriod === "") {
            ctx.addIssue({ code: "custom", path: ["lastMenstrualPeriod"], message: "validation.required" });
          } else if (v.lastMenstrualPeriod > today) {
            ctx.addIssue({ code: "custom", path: ["lastMenstrualPeriod"], message: "care.dateInFuture" });
          } else if (v.lastMenstrualPeriod < addDays(today, -44 * 7)) {
            ctx.addIssue({ code: "custom", path: ["lastMenstrualPeriod"], message: "care.lmpTooOld" });
          }
        } else if (v.gestationalWeeks === null) {
          ctx.addIssue({ code: "custom", path: ["gestationalWeeks"], message: "validation.required" });
        }
      }
    });
}

/** A birth date estimated from an age in years and months on a day (the same day of the month). */
export function estimatedBirthDate(years: number, months: number, today: string): string {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - (years * 12 + months);
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, "0")}-${String(month + 1).padStart(2, "0")}-${String(Math.min(d, lastDay)).padStart(2, "0")}`;
}

function encounterBase(options: { timeZone: string; now?: () => Date }) {
  return {
    idempotencyKey: idempotencyKeyField,
    occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
    notes: optionalText(1000),
  };
}

/**
 * Danger signs are a set: each one is present or not. The form's checkboxes send each at most once,
 * so a repeat is refused rather than stored (issue 14: 1,000 copies of one sign were accepted).
 */
function dangerSignSet<const T extends readonly [string, ...string[]]>(signs: T) {
  return z
    .array(z.enum(signs, { error: "validation.choice" }))
    .optional()
    .transform((v) => v ?? [])
    .refine((v) => new Set(v).size === v.length, "care.dangerSignsRepeated");
}

export function childEncounterSchema(options: { timeZone: string; now?: () => Date }) {
  return z.object({
    ...encounterBase(options),
    weightKg: optionalNumber(0.5, 150, "care.weightRange"),
    heightCm: optionalNumber(30, 200, "care.heightRange"),
    muacMm: optionalNumber(60, 300, "care.muacRange", true),
    oedema: checkbox,
    dangerSigns: dangerSignSet(childDangerSigns),
  });
}

export function antenatalEncounterSchema(options: { timeZone: string; now?: () => Date; today: string }) {
  return z
    .object({
      ...encounterBase(options),
      gestationalWeeks: optionalNumber(1, 44, "care.weeksRange", true),
      systolic: optionalNumber(60, 260, "care.bpRange", true),
      diastolic: optionalNumber(30, 160, "care.bpRange", true),
      haemoglobinGL: optionalNumber(30, 220, "care.hbRange", true),
      tdGiven: checkbox,
      ironFolicGiven: checkbox,
      contactNumber: optionalNumber(1, 12, "care.contactRange", true),
      nextContactDate: optionalDay,
      dangerSigns: dangerSignSet(pregnancyDangerSigns),
    })
    .superRefine((v, ctx) => {
      if ((v.systolic === null) !== (v.diastolic === null)) {
        ctx.addIssue({ code: "custom", path: [v.systolic === null ? "systolic" : "diastolic"], message: "care.bpBoth" });
      }
      if (v.systolic !== null && v.diastolic !== null && v.diastolic >= v.systolic) {
        ctx.addIssue({ code: "custom", path: ["diastolic"], message: "care.bpOrder" });
      }
      if (v.nextContactDate !== "" && v.nextContactDate < options.today) {
        ctx.addIssue({ code: "custom", path: ["nextContactDate"], message: "care.dateInPast" });
      }
    });
}

export function referralSchema(options: { timeZone: string; now?: () => Date }) {
  return z.object({
    idempotencyKey: idempotencyKeyField,
    occurredAt: occurredAtField(options.timeZone, options.now ?? (() => new Date())),
    hospital: z
      .string({ error: "validation.required" })
      .refine(hasNoNul, NUL_MESSAGE)
      .trim()
      .min(2, "validation.required")
      .max(120, "validation.tooLong"),
    urgency: choice(referralUrgencies),
    reason: z
      .string({ error: "validation.required" })
      .refine(hasNoNul, NUL_MESSAGE)
      .trim()
      .min(3, "validation.required")
      .max(500, "validation.tooLong"),
  });
}

export const referralStatusSchema = z.object({
  referralId: z.number({ error: "validation.required" }).int().positive().max(MAX_INT_ID, "validation.choice"),
  status: choice(referralStatuses),
});

export const moveCaseSchema = z.object({
  toFacility: z
    .string({ error: "validation.required" })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,8}$/, "validation.choice"),
});

export const caseSearchSchema = z.object({
  q: z.string().refine(hasNoNul, NUL_MESSAGE).trim().max(120).optional().transform((v) => v ?? ""),
});
