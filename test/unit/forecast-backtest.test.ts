import { generateHistory } from "#db/seed-history.server";
import { darienMonthlyArrivals2021 } from "#db/seed-data/darien-2021";
import { backtestArrivals, forecastArrivals, type BacktestResult } from "~/lib/domain/forecast";
import { totalOf } from "~/lib/domain/population";
import { addDays } from "~/lib/time";

/**
 * The acceptance backtest, on the demo's own history: the 2021 Darién monthly arrivals
 * replayed as a daily series by the seed's generator (its default seed, 2021), with the day the
 * history ends fixed at 31 December 2021 so the replay lines up with the calendar year. The
 * generator's daily totals do not depend on the date it is run, only on the seed; fixing the
 * end at the last second of the day keeps the last day whole.
 *
 * Rolling origin at 7 days ahead, strictly out of sample: at every origin the forecast is made
 * again from the days before it only, as the planner's page would have done that day. The first
 * origin is after 56 days (the module's default).
 */

const FACILITIES = { BCH: 1, LBL: 2, SVC: 3, LPG: 4 } as const;
const FIRST_DAY = "2021-01-01";
const DAYS = 365;

let series: Record<"network" | "BCH" | "LBL" | "SVC", number[]>;

beforeAll(() => {
  const { entries } = generateHistory({
    now: new Date("2021-12-31T23:59:59-05:00"),
    timeZone: "America/Panama",
    facilities: FACILITIES,
    seed: 2021,
  });
  const index = new Map(Array.from({ length: DAYS }, (_, i) => [addDays(FIRST_DAY, i), i]));
  const daily = (facilityId: number) => {
    const out = Array<number>(DAYS).fill(0);
    for (const e of entries) {
      // Arrivals only, as the daily roll-ups count them; transfers between stations are not new people.
      if (e.kind !== "arrival" || e.facilityId !== facilityId) continue;
      const i = index.get(e.day);
      if (i === undefined) throw new Error(`entry outside 2021: ${e.day}`);
      out[i]! += totalOf(e.counts);
    }
    return out;
  };
  const BCH = daily(FACILITIES.BCH);
  const LBL = daily(FACILITIES.LBL);
  const SVC = daily(FACILITIES.SVC);
  series = { network: BCH.map((v, i) => v + LBL[i]! + SVC[i]!), BCH, LBL, SVC };
  // Writing the year's ~22,000 demo entries takes several seconds on a busy machine.
}, 120_000);

describe("backtest on the seeded 2021 Darién daily series, 7 days ahead", () => {
  it("replays the 2021 monthly profile as 365 days of arrivals", () => {
    expect(series.network).toHaveLength(365);
    // Every person arrives at one of the three jungle-side stations; Los Planes only receives transfers.
    const total = series.network.reduce((a, b) => a + b, 0);
    const published = darienMonthlyArrivals2021.reduce((a, b) => a + b, 0);
    // Daily noise averages out near the published year (133,726), a little above it for the rare surge days.
    expect(total / published).toBeGreaterThan(0.95);
    expect(total / published).toBeLessThan(1.1);
    // October (days 273-303) is the busiest month, as in 2021.
    const octoberMean = series.network.slice(273, 304).reduce((a, b) => a + b, 0) / 31;
    const januaryMean = series.network.slice(0, 31).reduce((a, b) => a + b, 0) / 31;
    expect(octoberMean / januaryMean).toBeGreaterThan(15);
  });

  it(
    "is no worse than naive (MASE ≤ 1.02) and its 80 % band holds 75-85 % of outcomes, for the network and each station",
    () => {
      const results: Record<string, BacktestResult> = {};
      for (const [name, values] of Object.entries(series)) {
        results[name] = backtestArrivals(values, 7, { minTrain: 56 });
      }
      console.log(
        "Backtest, 7 days ahead, 2021 Darién series (seed 2021), refit at every origin:\n" +
          Object.entries(results)
            .map(
              ([name, r]) =>
                `  ${name.padEnd(8)} MASE ${r.mase.toFixed(3)}  coverage ${(r.coverage * 100).toFixed(1)} %  origins ${r.origins}  MAE ${r.modelMae.toFixed(1)} vs naive ${r.naiveMae.toFixed(1)}`,
            )
            .join("\n"),
      );
      for (const r of Object.values(results)) {
        expect(r.origins).toBe(365 - 56 - 7 + 1);
        // The issue 12 targets (docs/performance.md), tighter than the 1.05 and 70-90 % of issue 6.
        expect(r.mase).toBeLessThanOrEqual(1.02);
        expect(r.coverage).toBeGreaterThanOrEqual(0.75);
        expect(r.coverage).toBeLessThanOrEqual(0.85);
      }
    },
    120_000,
  );

  it("shows the same kind of accuracy with the forecast a planner sees at the end of the year", () => {
    const { model, points } = forecastArrivals(
      series.network.map((arrivals, i) => ({ day: addDays(FIRST_DAY, i), arrivals })),
      28,
      { planningHorizon: 7 },
    );
    expect(points[0]!.day).toBe("2022-01-01");
    // The record beside the forecast: the last 60 origins at the planning horizon (here 7 days).
    expect(model.record.horizon).toBe(7);
    expect(model.record.last60.origins).toBe(60);
    expect(model.record.mase).not.toBeNull();
    // Sixty origins is a small sample: the record is held to the looser 1.05 and 70-90 % of issue 6.
    expect(model.record.mase!).toBeLessThanOrEqual(1.05);
    expect(model.record.last60.inside / 60).toBeGreaterThanOrEqual(0.7);
    expect(model.record.last60.inside / 60).toBeLessThanOrEqual(0.9);
    // The November 2021 fall (25,904 in October, 7,762 in November) is found within days.
    const fall = model.record.changes.find((c) => c.direction === "down" && c.date >= "2021-10-20" && c.date <= "2021-11-10");
    expect(fall).toBeDefined();
    expect(fall!.detectedOn <= "2021-11-10").toBe(true);
    expect(model.explanation.find((p) => p.key === "forecast.formula.record")!.params.mase).toBe(Math.round(model.record.mase! * 100) / 100);
  });
});
