/**
 * Care arithmetic from the WHO norms (reference standards.md): MUAC classes, anaemia in
 * pregnancy, gestational age and due date, the RUTF dose by weight, the open-vial rule and
 * printable case codes. Pure: no database.
 */

// No 0/O or 1/I: a code read aloud or copied by hand cannot be mistaken.
export const CASE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
export const CASE_CODE_LENGTH = 8;

/** A case code from random bytes (one byte per character; 256 is a multiple of 32, so no bias). */
export function caseCodeFrom(bytes: Uint8Array): string {
  if (bytes.length < CASE_CODE_LENGTH) throw new Error("caseCodeFrom needs 8 random bytes");
  let code = "";
  for (let i = 0; i < CASE_CODE_LENGTH; i++) code += CASE_CODE_ALPHABET[bytes[i]! % CASE_CODE_ALPHABET.length];
  return code;
}

/** Normalises what someone typed from a card: upper case, without spaces or dashes. */
export function normaliseCaseCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "");
}

export type NutritionClass = "sam" | "mam" | "normal";

/**
 * WHO/UNICEF 2009, children 6-59 months: SAM = MUAC < 115 mm or bilateral pitting oedema;
 * MAM = MUAC 115 to < 125 mm without oedema. Outside 6-59 months MUAC does not classify.
 */
export function muacClass(muacMm: number | null, oedema: boolean, ageMonths: number): NutritionClass | null {
  if (ageMonths < 6 || ageMonths >= 60) return oedema ? "sam" : null;
  if (oedema) return "sam";
  if (muacMm === null) return null;
  if (muacMm < 115) return "sam";
  if (muacMm < 125) return "mam";
  return "normal";
}

/**
 * A child encounter's nutrition class and RUTF ration, as recorded. Without a birth date MUAC
 * cannot be read against the 6-59-month bands, but bilateral oedema is severe acute malnutrition
 * at any age, so oedema alone still classes the child as SAM; the ration follows the weight.
 */
export function childNutrition(
  birthDate: string | null,
  onDay: string,
  measures: { muacMm: number | null; oedema: boolean; weightKg: number | null },
): { nutrition: NutritionClass | null; rutfSachetsPerDay: number | null } {
  const months = birthDate ? ageInMonths(birthDate, onDay) : null;
  const nutrition = months === null ? (measures.oedema ? "sam" : null) : muacClass(measures.muacMm, measures.oedema, months);
  const rutf = nutrition === "sam" && measures.weightKg !== null ? rutfSachetsPerDay(measures.weightKg) : null;
  return { nutrition, rutfSachetsPerDay: rutf };
}

export type Trimester = 1 | 2 | 3;

export function trimester(gestationalWeeks: number): Trimester {
  if (gestationalWeeks < 14) return 1;
  if (gestationalWeeks < 28) return 2;
  return 3;
}

/** WHO: anaemia in pregnancy is Hb < 110 g/L in the 1st and 3rd trimesters, < 105 g/L in the 2nd. */
export function anaemiaInPregnancy(haemoglobinGL: number, gestationalWeeks: number): boolean {
  return haemoglobinGL < (trimester(gestationalWeeks) === 2 ? 105 : 110);
}

/**
 * An antenatal encounter's gestational age and anaemia flag, as recorded: the weeks typed win,
 * else they follow from the last menstrual period; anaemia is judged only when both are known.
 */
export function antenatalAssessment(
  lastMenstrualPeriod: string | null,
  onDay: string,
  measures: { gestationalWeeks: number | null; haemoglobinGL: number | null },
): { gestationalWeeks: number | null; anaemia: boolean | null } {
  const weeks = measures.gestationalWeeks ?? (lastMenstrualPeriod ? gestationalWeeks(lastMenstrualPeriod, onDay) : null);
  const anaemia = measures.haemoglobinGL !== null && weeks !== null ? anaemiaInPregnancy(measures.haemoglobinGL, weeks) : null;
  return { gestationalWeeks: weeks, anaemia };
}

const DAY_MS = 86_400_000;
const toMs = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`);
const toYmd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Naegele's rule: the due date is 280 days after the last menstrual period. */
export function dueDateFromLmp(lmp: string): string {
  return toYmd(toMs(lmp) + 280 * DAY_MS);
}

/** Completed weeks of gestation on a day, from the last menstrual period. */
export function gestationalWeeks(lmp: string, onDay: string): number {
  return Math.floor((toMs(onDay) - toMs(lmp)) / (7 * DAY_MS));
}

/** The last menstrual period implied by a gestational age in weeks on a day. */
export function lmpFromGestationalAge(weeks: number, onDay: string): string {
  return toYmd(toMs(onDay) - weeks * 7 * DAY_MS);
}

/** Age in whole months on a day. */
export function ageInMonths(birthDate: string, onDay: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [y, m, d] = onDay.split("-").map(Number) as [number, number, number];
  return (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
}

/**
 * RUTF sachets (92 g, 500 kcal) per day by weight band, about 200 kcal/kg/day (WHO; the
 * en-net dosing table): 2 a day at 4-4.9 kg rising to 5 at 12 kg and over.
 */
const RUTF_BANDS: [minKg: number, sachets: number][] = [
  [12, 5],
  [10.5, 4.5],
  [9.5, 4],
  [8.5, 3.5],
  [7, 3],
  [5.5, 2.5],
  [4, 2],
  [3.5, 1.5],
];

export function rutfSachetsPerDay(weightKg: number): number | null {
  for (const [minKg, sachets] of RUTF_BANDS) if (weightKg >= minKg) return sachets;
  return null;
}

export type OpenVialRule = "days_28" | "session_end";

/** WHO/IVB/14.07: liquid vaccines keep 28 days after opening; reconstituted ones 6 hours (session end). */
export function openVialDiscardAt(openedAt: Date, rule: OpenVialRule): Date {
  const hours = rule === "days_28" ? 28 * 24 : 6;
  return new Date(openedAt.getTime() + hours * 3_600_000);
}

/** WHO danger signs in pregnancy that mean referral now (PCPNC 2015). */
export const pregnancyDangerSigns = [
  "vaginal_bleeding",
  "convulsions",
  "severe_headache_blurred_vision",
  "fever_too_weak",
  "severe_abdominal_pain",
  "fast_difficult_breathing",
  "reduced_fetal_movement",
  "leaking_fluid",
] as const;

/** IMCI general danger signs in children. */
export const childDangerSigns = [
  "unable_to_drink",
  "vomits_everything",
  "convulsions",
  "lethargic_unconscious",
  "severe_oedema",
] as const;

/** Any danger sign suggests a referral (it never blocks anything). */
export function suggestsReferral(signs: readonly string[]): boolean {
  return signs.length > 0;
}
