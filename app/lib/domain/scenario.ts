import { z } from "zod";
import { addDays } from "../time";
import type { ArrivalsPoint } from "./projection";

/**
 * Scenarios: a planner's changes to the per-facility arrivals forecasts ("a surge of 2,500 a
 * day for 14 days", "San Vicente closed", "send 30 % of arrivals to Lajas Blancas"). Changes
 * apply in order, each to the forecasts as the earlier ones left them, on the days
 * [from, from + days) that fall inside the forecast horizon. Pure: no database.
 */

export type ScenarioChange =
  /** Adds perDay to the forecast; null facility: across the network (the facilities that may receive people), split by their share of the forecast mean over those days. */
  | { kind: "surge"; from: string; days: number; perDay: number; facilityCode: string | null }
  /** The facility takes nobody; its arrivals go to the other open facilities in proportion to their forecast. null days: to the end of the horizon. */
  | { kind: "closure"; facilityCode: string; from: string; days: number | null }
  /** `share` of every other facility's arrivals goes to the target. */
  | { kind: "divert"; toFacilityCode: string; share: number; from: string; days: number | null }
  /** Multiplies the forecast (mean and band); null facility: every facility. */
  | { kind: "scale"; facilityCode: string | null; factor: number; from: string; days: number | null };

export interface ScenarioNote {
  /** Index of the change in the list given. */
  change: number;
  text: string;
}

export interface ScenarioResult {
  forecasts: Map<string, ArrivalsPoint[]>;
  notes: ScenarioNote[];
}

interface Band {
  mean: number;
  low: number;
  high: number;
}

const fmt = (value: number, digits = 0) => value.toLocaleString("en-US", { maximumFractionDigits: digits });
const pct = (ratio: number) => `${fmt(ratio * 100, 1)} %`;
const scaled = (band: Band, factor: number): Band => ({ mean: band.mean * factor, low: band.low * factor, high: band.high * factor });

const BAND_MOVES =
  "The low and high edges move in the same proportions as the mean; adding edges assumes the facilities' forecast errors move together, the cautious choice when planning on the upper edge.";

export function applyScenario(
  baseline: ReadonlyMap<string, readonly ArrivalsPoint[]>,
  changes: readonly ScenarioChange[],
  options?: { receivers?: readonly string[] },
): ScenarioResult {
  const forecasts = new Map<string, ArrivalsPoint[]>();
  const byDay = new Map<string, Map<string, ArrivalsPoint>>();
  for (const [code, points] of baseline) {
    const copy = points.map((p) => ({ ...p }));
    forecasts.set(code, copy);
    byDay.set(code, new Map(copy.map((p) => [p.day, p])));
  }
  const codes = [...forecasts.keys()].sort();
  const horizon = [...new Set(codes.flatMap((c) => forecasts.get(c)!.map((p) => p.day)))].sort();
  const receivers = new Set((options?.receivers ?? codes).filter((c) => forecasts.has(c)));
  const closedOn = new Map<string, Set<string>>();
  const isClosed = (code: string, day: string) => closedOn.get(code)?.has(day) ?? false;
  const notes: ScenarioNote[] = [];

  const windowOf = (from: string, days: number | null) => {
    const end = days === null ? null : addDays(from, days);
    return horizon.filter((d) => d >= from && (end === null || d < end));
  };
  const openReceivers = (day: string, exclude: string) =>
    [...receivers].filter((c) => c !== exclude && !isClosed(c, day) && byDay.get(c)!.has(day)).sort();

  /** Adds to the facilities in proportion to their mean that day (evenly when all are zero); returns what each got. */
  const spread = (day: string, amount: Band, recipients: readonly string[]): Map<string, number> => {
    const given = new Map<string, number>();
    const weights = recipients.map((c) => byDay.get(c)!.get(day)!.mean);
    const total = weights.reduce((a, b) => a + b, 0);
    recipients.forEach((code, i) => {
      const w = total > 0 ? weights[i]! / total : 1 / recipients.length;
      const point = byDay.get(code)!.get(day)!;
      point.mean += amount.mean * w;
      point.low += amount.low * w;
      point.high += amount.high * w;
      given.set(code, amount.mean * w);
    });
    return given;
  };

  /** Adds to one facility; a facility closed that day passes it on to the open ones, so nobody lands at a closed station. */
  const addTo = (code: string, day: string, amount: Band, tally: Map<string, number>) => {
    const point = byDay.get(code)!.get(day);
    if (!point) return;
    if (isClosed(code, day)) {
      const recipients = openReceivers(day, code);
      if (recipients.length > 0) {
        for (const [c, m] of spread(day, amount, recipients)) tally.set(c, (tally.get(c) ?? 0) + m);
        return;
      }
    }
    point.mean += amount.mean;
    point.low += amount.low;
    point.high += amount.high;
    tally.set(code, (tally.get(code) ?? 0) + amount.mean);
  };

  const unknown = (index: number, code: string) =>
    notes.push({ change: index, text: `Facility ${code} has no forecast in this plan; the change is left out.` });
  const period = (from: string, days: number | null, inHorizon: number) => {
    const span = days === null ? `from ${from} to the end of the forecast` : `for ${days} days from ${from}`;
    const outside = days !== null && inHorizon < days ? ` (${days - inHorizon} of them beyond the forecast horizon, left out)` : "";
    return `${span}${outside}`;
  };
  const listTally = (tally: Map<string, number>, perDays: number) =>
    [...tally.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([c, m]) => `${c} ${fmt(m / Math.max(1, perDays))}`)
      .join(", ");

  changes.forEach((change, index) => {
    const days = windowOf(change.from, change.days);
    switch (change.kind) {
      case "surge": {
        const amount: Band = { mean: change.perDay, low: change.perDay, high: change.perDay };
        const tally = new Map<string, number>();
        let how: string;
        if (change.facilityCode !== null) {
          if (!forecasts.has(change.facilityCode)) return unknown(index, change.facilityCode);
          for (const day of days) addTo(change.facilityCode, day, amount, tally);
          how = `at ${change.facilityCode}`;
        } else {
          const targets = [...receivers].sort();
          if (targets.length === 0) {
            notes.push({ change: index, text: "No facility may receive people; the surge is left out." });
            return;
          }
          const sums = targets.map((c) => days.reduce((sum, d) => sum + (byDay.get(c)!.get(d)?.mean ?? 0), 0));
          const total = sums.reduce((a, b) => a + b, 0);
          const shares = sums.map((s) => (total > 0 ? s / total : 1 / targets.length));
          for (const day of days) {
            targets.forEach((c, i) => {
              if (shares[i]! > 0) addTo(c, day, scaled(amount, shares[i]!), tally);
            });
          }
          const split = targets.map((c, i) => `${c} ${pct(shares[i]!)}`).join(", ");
          how =
            total > 0
              ? `across the network, split by each facility's share of the forecast mean arrivals over those days (${split})`
              : `across the network, split evenly because no arrivals are forecast on those days (${split})`;
        }
        notes.push({
          change: index,
          text:
            `Surge of ${fmt(change.perDay)} a day ${period(change.from, change.days, days.length)} ${how}; added per day (mean): ${listTally(tally, days.length) || "nothing"}. ` +
            "The band is the forecast's band moved up by the surge: a planned surge is a number the planner sets, not a forecast with an error of its own.",
        });
        return;
      }
      case "closure": {
        const code = change.facilityCode;
        if (!forecasts.has(code)) return unknown(index, code);
        const tally = new Map<string, number>();
        let moved = 0;
        let stranded = 0;
        for (const day of days) {
          const point = byDay.get(code)!.get(day);
          if (!closedOn.has(code)) closedOn.set(code, new Set());
          closedOn.get(code)!.add(day);
          if (!point) continue;
          const recipients = openReceivers(day, code);
          if (recipients.length === 0) {
            stranded += 1;
            continue;
          }
          const amount: Band = { mean: point.mean, low: point.low, high: point.high };
          point.mean = 0;
          point.low = 0;
          point.high = 0;
          moved += amount.mean;
          for (const [c, m] of spread(day, amount, recipients)) tally.set(c, (tally.get(c) ?? 0) + m);
        }
        const strandedText = stranded > 0 ? ` On ${stranded} days no other facility was open, so those arrivals stay at ${code}.` : "";
        notes.push({
          change: index,
          text:
            `${code} closed ${period(change.from, change.days, days.length)}: its ${fmt(moved)} forecast arrivals (mean) go to the other open facilities in proportion to their own forecast: ${listTally(tally, 1) || "none"}. ` +
            `${BAND_MOVES}${strandedText}`,
        });
        return;
      }
      case "divert": {
        const target = change.toFacilityCode;
        if (!forecasts.has(target)) return unknown(index, target);
        if (!receivers.has(target)) {
          notes.push({ change: index, text: `${target} may not receive people; the diversion is left out.` });
          return;
        }
        const tally = new Map<string, number>();
        let closedDays = 0;
        for (const day of days) {
          const to = byDay.get(target)!.get(day)!;
          if (isClosed(target, day)) {
            closedDays += 1;
            continue;
          }
          for (const code of codes) {
            if (code === target) continue;
            const from = byDay.get(code)!.get(day);
            if (!from) continue;
            const amount = scaled(from, change.share);
            from.mean -= amount.mean;
            from.low -= amount.low;
            from.high -= amount.high;
            to.mean += amount.mean;
            to.low += amount.low;
            to.high += amount.high;
            tally.set(code, (tally.get(code) ?? 0) + amount.mean);
          }
        }
        const total = [...tally.values()].reduce((a, b) => a + b, 0);
        const closedText = closedDays > 0 ? ` ${target} is closed on ${closedDays} of those days, when nothing is sent to it.` : "";
        notes.push({
          change: index,
          text:
            `${pct(change.share)} of every other facility's arrivals go to ${target} ${period(change.from, change.days, days.length)}: ${fmt(total)} people in all (mean), taken from ${listTally(tally, 1) || "nobody"}. ` +
            `${BAND_MOVES}${closedText}`,
        });
        return;
      }
      case "scale": {
        const targets = change.facilityCode === null ? codes : [change.facilityCode];
        if (change.facilityCode !== null && !forecasts.has(change.facilityCode)) return unknown(index, change.facilityCode);
        let before = 0;
        for (const code of targets) {
          for (const day of days) {
            const point = byDay.get(code)!.get(day);
            if (!point) continue;
            before += point.mean;
            point.mean *= change.factor;
            point.low *= change.factor;
            point.high *= change.factor;
          }
        }
        const where = change.facilityCode === null ? "every facility" : change.facilityCode;
        notes.push({
          change: index,
          text: `Arrivals at ${where} × ${fmt(change.factor, 2)} ${period(change.from, change.days, days.length)}: ${fmt(before)} → ${fmt(before * change.factor)} (mean), band scaled alike.`,
        });
        return;
      }
    }
  });

  return { forecasts, notes };
}

// Form input arrives as strings; blanks mean "none" and numbers are read here so the schema
// works with or without Conform's coercion.
const YMD = /^\d{4}-\d{2}-\d{2}$/;
const isRealDay = (value: string) => YMD.test(value) && addDays(value, 0) === value;
const blankToNull = (value: unknown) => (value === undefined || value === null || (typeof value === "string" && value.trim() === "") ? null : value);
const toNumber = (value: unknown) => (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)) ? Number(value) : value);

const dayField = z
  .string({ error: "Enter the start date as YYYY-MM-DD." })
  .trim()
  .refine(isRealDay, "Enter a real date as YYYY-MM-DD.");
const codeField = z
  .string({ error: "Choose a facility." })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{2,8}$/, "A facility code is 2 to 8 capital letters or digits.");
const networkOrCode = z.preprocess(blankToNull, codeField.nullable());
const daysNumber = z
  .number({ error: "Enter a number of days from 1 to 90." })
  .int("The number of days must be whole.")
  .min(1, "The number of days goes from 1 to 90.")
  .max(90, "The number of days goes from 1 to 90.");
const daysField = z.preprocess(toNumber, daysNumber);
const daysOrOpenEnded = z.preprocess((v) => toNumber(blankToNull(v)), daysNumber.nullable());

export const scenarioChangeSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({
      kind: z.literal("surge"),
      from: dayField,
      days: daysField,
      perDay: z.preprocess(
        toNumber,
        z
          .number({ error: "Enter the extra arrivals per day, from 0 to 20,000." })
          .int("Arrivals per day must be a whole number.")
          .min(0, "Arrivals per day go from 0 to 20,000.")
          .max(20_000, "Arrivals per day go from 0 to 20,000."),
      ),
      facilityCode: networkOrCode,
    }),
    z.object({ kind: z.literal("closure"), facilityCode: codeField, from: dayField, days: daysOrOpenEnded }),
    z.object({
      kind: z.literal("divert"),
      toFacilityCode: codeField,
      share: z.preprocess(
        toNumber,
        z
          .number({ error: "Enter the share to send, from 0 to 1 (0.3 is 30 %)." })
          .min(0, "The share goes from 0 to 1 (0.3 is 30 %).")
          .max(1, "The share goes from 0 to 1 (0.3 is 30 %)."),
      ),
      from: dayField,
      days: daysOrOpenEnded,
    }),
    z.object({
      kind: z.literal("scale"),
      facilityCode: networkOrCode,
      factor: z.preprocess(
        toNumber,
        z
          .number({ error: "Enter a factor from 0 to 10 (1.5 is 50 % more)." })
          .min(0, "The factor goes from 0 to 10.")
          .max(10, "The factor goes from 0 to 10."),
      ),
      from: dayField,
      days: daysOrOpenEnded,
    }),
  ],
  { error: "Choose a kind of change: surge, closure, divert or scale." },
);

export const MAX_SCENARIO_CHANGES = 20;

export const scenarioChangesSchema = z
  .array(scenarioChangeSchema, { error: "Enter a list of changes." })
  .max(MAX_SCENARIO_CHANGES, `A scenario has at most ${MAX_SCENARIO_CHANGES} changes.`);
