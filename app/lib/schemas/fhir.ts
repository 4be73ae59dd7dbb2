import { z } from "zod";
import { addDays, daysBetween } from "../time";
import { isPlausibleDay } from "./common";

/** The longest period one FHIR export covers: a year, so a request stays a bounded read. */
export const MAX_FHIR_PERIOD_DAYS = 366;
export const DEFAULT_FHIR_PERIOD_DAYS = 30;

const day = z.string().refine(isPlausibleDay, "validation.date").optional();

/**
 * The period of a facility's immunization export: `from` and `to` (YYYY-MM-DD, inclusive, on
 * the deployment's clock). Either may be left out: `to` defaults to today, `from` to 30 days
 * before `to`. A period that runs backwards or is longer than a year is refused, not clipped.
 */
export function parseFhirPeriod(url: URL, today: string): { ok: true; from: string; to: string } | { ok: false; parameter: "from" | "to"; message: string } {
  const raw = { from: url.searchParams.get("from") || undefined, to: url.searchParams.get("to") || undefined };
  const parsed = z.object({ from: day, to: day }).safeParse(raw);
  if (!parsed.success) {
    const parameter = parsed.error.issues[0]?.path[0] === "to" ? "to" : "from";
    return { ok: false, parameter, message: `${parameter} must be a date YYYY-MM-DD between 2000-01-01 and 2099-12-31` };
  }
  const to = parsed.data.to ?? today;
  const from = parsed.data.from ?? addDays(to, -(DEFAULT_FHIR_PERIOD_DAYS - 1));
  if (from > to) return { ok: false, parameter: "from", message: "from must not be after to" };
  if (daysBetween(from, to) + 1 > MAX_FHIR_PERIOD_DAYS) return { ok: false, parameter: "from", message: `the period must not be longer than ${MAX_FHIR_PERIOD_DAYS} days` };
  return { ok: true, from, to };
}
