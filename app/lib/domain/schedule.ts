import { addDays, daysBetween } from "../time";

/**
 * The offered vaccination schedule: which doses of which vaccine, from what age and at what
 * interval. CONFIGURABLE: which vaccines the stations gave to migrants in 2021-24 is unknown
 * (standards.md, [U]); this table follows the MINSA Panama PAI schedule (2, 4, 6 months
 * hexavalent, PCV13 and rotavirus; MMR at 12 months; influenza from 6 months; Td in pregnancy;
 * yellow fever from 9 months for travel in Darién) with WHO minimum ages and intervals. Change
 * this table to change what is offered; the recorder warns against it and never blocks.
 * Pure: no database.
 */

const toYmd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface ScheduledDose {
  /** 1-based dose number. */
  dose: number;
  /** The age at which the dose is due (calendar months), for children; null when not age-driven. */
  dueAgeMonths: number | null;
  /** The youngest age at which the dose counts (WHO minimum), days. */
  minAgeDays: number | null;
  /** The shortest interval after the previous dose, days. */
  minIntervalDays: number | null;
}

export interface VaccineSchedule {
  /** Item code in the catalogue. */
  itemCode: string;
  /** Who it is offered to. */
  target: "child" | "pregnant" | "child_or_pregnant";
  doses: ScheduledDose[];
}

const M = 30.4375; // days per month, for minimum ages in months
const months = (m: number) => Math.round(m * M);

/** A calendar-month birthday: 2026-01-31 + 1 month is 2026-02-28. */
function addMonths(ymd: string, count: number): string {
  const [y, m, d] = ymd.split("-").map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + count, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return toYmd(first.getTime());
}

/** CONFIGURABLE offered schedule (vaccine code → doses). */
export const offeredSchedule: Record<string, VaccineSchedule> = {
  "VAC-HEXA": {
    itemCode: "VAC-HEXA",
    target: "child",
    doses: [
      { dose: 1, dueAgeMonths: 2, minAgeDays: 42, minIntervalDays: null },
      { dose: 2, dueAgeMonths: 4, minAgeDays: 70, minIntervalDays: 28 },
      { dose: 3, dueAgeMonths: 6, minAgeDays: 98, minIntervalDays: 28 },
      { dose: 4, dueAgeMonths: 18, minAgeDays: months(12), minIntervalDays: 180 },
    ],
  },
  "VAC-PCV13": {
    itemCode: "VAC-PCV13",
    target: "child",
    doses: [
      { dose: 1, dueAgeMonths: 2, minAgeDays: 42, minIntervalDays: null },
      { dose: 2, dueAgeMonths: 4, minAgeDays: 70, minIntervalDays: 28 },
      { dose: 3, dueAgeMonths: 6, minAgeDays: 98, minIntervalDays: 28 },
    ],
  },
  "VAC-ROTA": {
    itemCode: "VAC-ROTA",
    target: "child",
    doses: [
      { dose: 1, dueAgeMonths: 2, minAgeDays: 42, minIntervalDays: null },
      { dose: 2, dueAgeMonths: 4, minAgeDays: 70, minIntervalDays: 28 },
    ],
  },
  "VAC-BOPV": {
    itemCode: "VAC-BOPV",
    target: "child",
    doses: [
      { dose: 1, dueAgeMonths: 2, minAgeDays: 42, minIntervalDays: null },
      { dose: 2, dueAgeMonths: 4, minAgeDays: 70, minIntervalDays: 28 },
      { dose: 3, dueAgeMonths: 6, minAgeDays: 98, minIntervalDays: 28 },
      { dose: 4, dueAgeMonths: 18, minAgeDays: months(12), minIntervalDays: 180 },
    ],
  },
  "VAC-MR": {
    itemCode: "VAC-MR",
    target: "child",
    doses: [
      { dose: 1, dueAgeMonths: 12, minAgeDays: months(9), minIntervalDays: null },
      { dose: 2, dueAgeMonths: 18, minAgeDays: months(12), minIntervalDays: 28 },
    ],
  },
  "VAC-YF": {
    itemCode: "VAC-YF",
    target: "child",
    doses: [{ dose: 1, dueAgeMonths: 9, minAgeDays: months(9), minIntervalDays: null }],
  },
  "VAC-FLU": {
    itemCode: "VAC-FLU",
    target: "child_or_pregnant",
    doses: [
      { dose: 1, dueAgeMonths: 6, minAgeDays: months(6), minIntervalDays: null },
      { dose: 2, dueAgeMonths: null, minAgeDays: months(6), minIntervalDays: 28 },
    ],
  },
  "VAC-TD": {
    itemCode: "VAC-TD",
    target: "pregnant",
    doses: [
      { dose: 1, dueAgeMonths: null, minAgeDays: null, minIntervalDays: null },
      { dose: 2, dueAgeMonths: null, minAgeDays: null, minIntervalDays: 28 },
      { dose: 3, dueAgeMonths: null, minAgeDays: null, minIntervalDays: 180 },
    ],
  },
};

export type ScheduleWarning =
  | "vaccination.warning.notInSchedule"
  | "vaccination.warning.alreadyGiven"
  | "vaccination.warning.outOfOrder"
  | "vaccination.warning.tooYoung"
  | "vaccination.warning.intervalShort"
  | "vaccination.warning.catchUp";

export interface DoseAssessment {
  warnings: ScheduleWarning[];
  /** When the next dose of this vaccine is due (YYYY-MM-DD), or null when the series is complete. */
  nextDueDate: string | null;
}

/** Days of lateness after which a dose is a catch-up dose. */
export const CATCH_UP_AFTER_DAYS = 30;

/**
 * Checks a dose against the schedule: warnings (never a refusal) for a dose out of order,
 * too young, too soon after the previous one, already given, beyond the schedule or late
 * (catch-up), and the due date of the next dose: the later of its due age and the minimum
 * interval after this one.
 */
export function assessDose(input: {
  schedule: VaccineSchedule | undefined;
  doseNumber: number;
  /** The day the dose is given, YYYY-MM-DD. */
  onDay: string;
  birthDate: string | null;
  /** Doses of this vaccine already given to the person. */
  given: { doseNumber: number; day: string }[];
}): DoseAssessment {
  const warnings: ScheduleWarning[] = [];
  const { schedule, doseNumber, onDay, birthDate, given } = input;
  const planned = schedule?.doses.find((d) => d.dose === doseNumber);
  if (!schedule || !planned) return { warnings: ["vaccination.warning.notInSchedule"], nextDueDate: null };
  if (given.some((g) => g.doseNumber === doseNumber)) warnings.push("vaccination.warning.alreadyGiven");
  const previous = given
    .filter((g) => g.doseNumber < doseNumber)
    .sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : b.doseNumber - a.doseNumber))[0];
  if (doseNumber > 1 && !given.some((g) => g.doseNumber === doseNumber - 1)) warnings.push("vaccination.warning.outOfOrder");
  const age = birthDate ? daysBetween(birthDate, onDay) : null;
  if (age !== null && planned.minAgeDays !== null && age < planned.minAgeDays) warnings.push("vaccination.warning.tooYoung");
  if (previous && planned.minIntervalDays !== null && daysBetween(previous.day, onDay) < planned.minIntervalDays) {
    warnings.push("vaccination.warning.intervalShort");
  }
  if (birthDate && planned.dueAgeMonths !== null && daysBetween(addMonths(birthDate, planned.dueAgeMonths), onDay) > CATCH_UP_AFTER_DAYS) {
    warnings.push("vaccination.warning.catchUp");
  }
  const next = schedule.doses.find((d) => d.dose === doseNumber + 1);
  let nextDueDate: string | null = null;
  if (next) {
    const byInterval = addDays(onDay, next.minIntervalDays ?? 0);
    const byAge = birthDate && next.dueAgeMonths !== null ? addMonths(birthDate, next.dueAgeMonths) : null;
    nextDueDate = byAge && byAge > byInterval ? byAge : byInterval;
  }
  return { warnings, nextDueDate };
}

/** Warnings as stored in vaccine_doses.warning: message keys joined by commas. */
export function warningText(warnings: readonly ScheduleWarning[]): string {
  return warnings.join(",");
}

export function warningKeys(text: string): ScheduleWarning[] {
  return text.split(",").filter(Boolean) as ScheduleWarning[];
}
