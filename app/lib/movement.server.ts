import type { AppLoadContext } from "@remix-run/node";
import { randomUUID } from "node:crypto";
import { getCensus, lastArrivalBy, recentNationalityMix } from "#db/census.server";
import { countryCodes, countryName } from "./domain/countries";
import { allGroups } from "./domain/population";
import { intlTag } from "./i18n";
import { dayOf } from "./time.server";
import { addDays, zonedDateTimeLocal } from "./time";
import { requireFacility } from "./auth.server";
import { getDb } from "./db.server";
import { env } from "./env.server";

/**
 * What every recording form's loader needs: the facility (403 outside the user's facilities
 * or without 'population:record'), a fresh idempotency key for this rendering of the form,
 * the local time now, and the census.
 */
export async function loadRecordingForm(request: Request, context: AppLoadContext, code: string | undefined) {
  const { user, facility } = await requireFacility(request, context, code, "population:record");
  const timeZone = env().ALBERGUE_TIME_ZONE;
  const { counts } = await getCensus(getDb(), facility.id);
  return {
    user,
    facility,
    timeZone,
    present: counts,
    defaults: { idempotencyKey: randomUUID(), occurredAt: zonedDateTimeLocal(new Date(), timeZone) },
  };
}

/** Nationality rows on the arrival form: the facility's usual ones first, then searchable ones. */
export const NATIONALITY_ROWS = 7;
/** The facility's most frequent nationalities, pre-filled as the first rows. */
const USUAL_ROWS = 5;
/** Searchable rows always offered after the usual ones (a group of two new nationalities). */
const MIN_SEARCHABLE_ROWS = 2;

/**
 * The arrival form's page: the recording form's data, the facility's usual nationalities (the
 * last 30 days' mix) pre-filled as the first rows, searchable rows after them, the country list
 * with names in the user's language, and with `?repeat=last` the composition and nationalities
 * of the last group this user recorded here (a new group: a new key, the time now, and the twin
 * question still asks before recording the same counts minutes later).
 */
export async function loadArrivalForm(request: Request, context: AppLoadContext, code: string | undefined) {
  const form = await loadRecordingForm(request, context, code);
  const db = getDb();
  const repeatAsked = new URL(request.url).searchParams.get("repeat") === "last";
  const [mix, last] = await Promise.all([
    recentNationalityMix(db, form.facility.id, addDays(dayOf(new Date()), -30)),
    repeatAsked ? lastArrivalBy(db, form.facility.id, form.user.id) : Promise.resolve(null),
  ]);
  const usual = mix.map((m) => m.country).slice(0, USUAL_ROWS);
  // Names and their order come from the server: browsers' collation and region names differ
  // from Node's, and the page must render the same on both.
  const tag = intlTag(form.user.preferredLanguage);
  const name = (c: string) => countryName(c, tag);
  const repeated = new Map((last?.nationalities ?? []).map((n) => [n.country, n.count]));
  const rows = [
    // Counts start empty rather than "0": a tap on a field then types the number, nothing to delete.
    ...usual.map((country) => ({ country, count: repeated.has(country) ? String(repeated.get(country)) : "" })),
    // A repeated nationality that is not a usual one goes in a searchable row, by its name.
    ...[...repeated].filter(([country]) => !usual.includes(country)).map(([country, n]) => ({ country: name(country), count: String(n) })),
  ];
  const searchable = Math.max(MIN_SEARCHABLE_ROWS, NATIONALITY_ROWS - rows.length);
  for (let i = 0; i < searchable; i++) rows.push({ country: "", count: "" });
  const counts = last ? Object.fromEntries(allGroups.filter((g) => last.counts[g] > 0).map((g) => [g, String(last.counts[g])])) : {};
  return {
    facility: { code: form.facility.code, name: form.facility.name },
    timeZone: form.timeZone,
    countryOptions: countryCodes.map((c) => ({ code: c, name: name(c) })).sort((a, b) => a.name.localeCompare(b.name, tag)),
    /** The first rows, with a select of every country; the others are searchable fields. */
    usualRows: usual.length,
    /** Whether the form shows the last group's figures, and when that group was recorded. */
    repeat: repeatAsked ? { found: last !== null, occurredAt: last?.occurredAt.toISOString() ?? null } : null,
    defaults: {
      ...form.defaults,
      ...counts,
      ...(last ? { biometricsRegistered: String(last.biometricsRegistered), origin: last.origin } : {}),
      nationalities: rows,
    },
  };
}
