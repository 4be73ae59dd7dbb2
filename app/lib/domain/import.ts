// The cell rules of a bulk import (docs/decisions/021-bulk-import.md): how a migration
// service's "sex, age" maps onto the census groups, and how a spreadsheet's date reads.
import type { BaseGroup } from "./population";

export type Sex = "female" | "male";
export type AgeClass = "infant" | "toddler" | "child" | "adult";

function plain(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .trim()
    .toLowerCase();
}

/** A header or a code compared without case, accents, spaces or underscores. */
export function normalizedHeader(text: string): string {
  return plain(text).replace(/[\s_.-]+/g, "");
}

const SEXES: Record<string, Sex> = {
  f: "female",
  m: "male",
  h: "male",
  mujer: "female",
  hombre: "male",
  femenino: "female",
  masculino: "male",
  female: "female",
  male: "male",
  w: "female",
  woman: "female",
  man: "male",
};

export function sexOf(text: string): Sex | null {
  return SEXES[plain(text)] ?? null;
}

/** The class of a completed age in years (0 means under one year). */
export function ageClassOfYears(years: number): AgeClass {
  if (years < 1) return "infant";
  if (years < 5) return "toddler";
  if (years < 18) return "child";
  return "adult";
}

export type AgeReading = { ok: true; ageClass: AgeClass } | { ok: false; reason: "format" | "spans" };

const MAX_AGE = 120;

/**
 * An age ("34", "8 meses", "6m") or an age band ("0-11m", "<1", "1-4", "5-17", "18-59", "60+",
 * "adulto"). A band is accepted only when it lies inside one census group: "0-4" mixes babies and
 * toddlers, which the census counts apart, so it is refused rather than guessed.
 */
export function readAge(text: string): AgeReading {
  const value = plain(text).replace(/\s+/g, " ");
  if (["adulto", "adulta", "adult", "adultos", "adults"].includes(value)) return { ok: true, ageClass: "adult" };
  if (["<1", "< 1", "lactante", "infant"].includes(value)) return { ok: true, ageClass: "infant" };
  const months = /^(\d{1,3}) ?(m|mes|meses|month|months)$/.exec(value);
  if (months) return { ok: true, ageClass: ageClassOfYears(Math.floor(Number(months[1]) / 12)) };
  const monthBand = /^(\d{1,2}) ?- ?(\d{1,2}) ?(m|mes|meses|month|months)$/.exec(value);
  if (monthBand) {
    const [from, to] = [Number(monthBand[1]), Number(monthBand[2])];
    if (from > to) return { ok: false, reason: "format" };
    return to < 12 ? { ok: true, ageClass: "infant" } : { ok: false, reason: "spans" };
  }
  const years = /^(\d{1,3})( ?(a|anos|años|y|years))?$/.exec(value);
  if (years) {
    const n = Number(years[1]);
    return n > MAX_AGE ? { ok: false, reason: "format" } : { ok: true, ageClass: ageClassOfYears(n) };
  }
  const open = /^(\d{1,3}) ?(\+|y mas|or more|and over)$/.exec(value);
  if (open) return Number(open[1]) >= 18 ? { ok: true, ageClass: "adult" } : { ok: false, reason: "spans" };
  const band = /^(\d{1,3}) ?(-|a|to) ?(\d{1,3})$/.exec(value);
  if (band) {
    const [from, to] = [Number(band[1]), Number(band[3])];
    if (from > to || to > MAX_AGE) return { ok: false, reason: "format" };
    const first = ageClassOfYears(from);
    return first === ageClassOfYears(to) ? { ok: true, ageClass: first } : { ok: false, reason: "spans" };
  }
  return { ok: false, reason: "format" };
}

const GROUPS: Record<Sex, Record<AgeClass, BaseGroup>> = {
  female: { infant: "girls0to11m", toddler: "girls1to4", child: "girls5to17", adult: "adultWomen" },
  male: { infant: "boys0to11m", toddler: "boys1to4", child: "boys5to17", adult: "adultMen" },
};

export function groupOf(sex: Sex, ageClass: AgeClass): BaseGroup {
  return GROUPS[sex][ageClass];
}

function validDay(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A calendar day as spreadsheets write it: `2026-12-04` or the day first, as Panama and most
 * of Latin America write it (`4/12/2026`, `04-12-2026`). Never month first: "4/12" is the 4th
 * of December here, and guessing would move a day's arrivals by months.
 */
export function readDay(text: string): string | null {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) return validDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (dmy) return validDay(Number(dmy[3]), Number(dmy[2]), Number(dmy[1]));
  return null;
}
