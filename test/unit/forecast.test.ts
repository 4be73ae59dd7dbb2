import { spawnSync } from "node:child_process";
import { forecastCommand } from "../../cli/forecast";
import { forecastArrivals, forecastSeries, WINDOW } from "~/lib/domain/forecast";
import { isMessageKey, translate } from "~/lib/i18n";
import { addDays } from "~/lib/time";

/** Consecutive days from `start`, one per value. */
function history(values: readonly number[], start = "2024-01-01") {
  return values.map((arrivals, i) => ({ day: addDays(start, i), arrivals }));
}

/** 100 a day give or take 5, alternating: a calm flow with a measurable spread. */
const calm = (days: number, level = 100) => Array.from({ length: days }, (_, i) => level + (i % 2 === 0 ? 5 : -5));

describe("forecastArrivals on small worked examples", () => {
  it("a flat series: the forecast is the flat value and the band has no width", () => {
    const { model, points } = forecastArrivals(history(Array(40).fill(100)), 7);
    expect(model.method).toBe("naive");
    for (const p of points) expect(p).toMatchObject({ mean: 100, low: 100, high: 100, plan: 100 });
    // Every past forecast was exact, so every outcome was inside.
    expect(model.record.last14).toEqual({ inside: 14, origins: 14 });
    expect(model.record.changes).toEqual([]);
  });

  it("a series of zeros forecasts zeros, with no edge below 0", () => {
    const { points } = forecastArrivals(history(Array(30).fill(0)), 14);
    for (const p of points) expect(p).toMatchObject({ mean: 0, low: 0, high: 0 });
  });

  it("a single day of history: naive, with the assumed band of half to double widened by √h", () => {
    const { model, points } = forecastArrivals(history([40]), 2);
    expect(model.method).toBe("naive");
    expect(points[0]!.day).toBe("2024-01-02");
    // h = 1: (40 + 1) × 2 − 1 = 81 and (40 + 1) ÷ 2 − 1 = 19.5, rounded outward to 19.
    expect(points[0]).toMatchObject({ mean: 40, low: 19, high: 81 });
    // h = 2: the spread is ln 2 × √2 = 0.980, so 41 × e^0.980 − 1 = 108.3 → 109 and 41 ÷ e^0.980 − 1 = 14.4 → 14.
    expect(points[1]).toMatchObject({ mean: 40, low: 14, high: 109 });
    expect(model.record.last60.origins).toBe(0);
    expect(model.explanation.map((p) => p.key)).toContain("forecast.formula.noRecord");
  });

  it("a surge (×3 overnight): the change is detected and dated, the forecast follows and the upper side widens", () => {
    const before = calm(120);
    const before1 = forecastArrivals(history(before), 7);
    const surged = [...before, ...Array.from({ length: 8 }, (_, i) => 300 + (i % 2 === 0 ? 15 : -15))];
    const { model, points } = forecastArrivals(history(surged), 7);
    const change = model.record.changes.at(-1)!;
    expect(change.direction).toBe("up");
    // Day 121 (index 120) is the first of the new flow: 2024-04-30.
    expect(change.date).toBe(addDays("2024-01-01", 120));
    expect(model.recentChange).toEqual(change);
    expect(points[0]!.mean).toBeGreaterThan(250);
    // The upper side, relative to the forecast, is wider than it was in the calm.
    const ratio = (p: { mean: number; high: number }) => (p.high + 1) / (p.mean + 1);
    expect(ratio(points[6]!)).toBeGreaterThan(ratio(before1.points[6]!));
    expect(before1.model.recentChange).toBeNull();
  });

  it("a collapse (÷10 over four weeks): detected as a fall, the forecast comes down, no edge below 0", () => {
    const before = calm(120, 1000);
    const falling = Array.from({ length: 28 }, (_, i) => Math.round(1000 * 10 ** (-(i + 1) / 28)));
    const { model, points } = forecastArrivals(history([...before, ...falling]), 14);
    expect(model.record.changes.some((c) => c.direction === "down" && c.date >= addDays("2024-01-01", 120))).toBe(true);
    expect(points[0]!.mean).toBeLessThan(200);
    for (const p of points) expect(p.low).toBeGreaterThanOrEqual(0);
  });

  it("always holds its forecast inside the band, never below 0, at every horizon and both levels", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let s = 0; s < 6; s++) {
      const values = Array.from({ length: 90 + s * 20 }, (_, i) =>
        random() < 0.1 ? 0 : Math.round((i > 60 ? 400 : 40) * (0.5 + random()) * (s % 2 ? 1 : 0.1)),
      );
      for (const planningLevel of ["p80", "p95"] as const) {
        const { points } = forecastArrivals(history(values), 28, { planningLevel });
        for (const p of points) {
          expect(p.low).toBeGreaterThanOrEqual(0);
          expect(p.low).toBeLessThanOrEqual(p.mean);
          expect(p.high).toBeGreaterThanOrEqual(p.mean);
        }
      }
    }
  });

  it("plans on the planning level: the mean for the median, the upper edge of the 80 % or 95 % band", () => {
    const values = calm(90).map((v, i) => v + (i % 7) * 9);
    const median = forecastArrivals(history(values), 7, { planningLevel: "median" });
    const p80 = forecastArrivals(history(values), 7, { planningLevel: "p80" });
    const p95 = forecastArrivals(history(values), 7, { planningLevel: "p95" });
    expect(median.points.map((p) => p.plan)).toEqual(median.points.map((p) => p.mean));
    expect(p80.points.map((p) => p.plan)).toEqual(p80.points.map((p) => p.high));
    expect(p95.model.band).toBe(0.95);
    for (let h = 0; h < 7; h++) expect(p95.points[h]!.high).toBeGreaterThanOrEqual(p80.points[h]!.high);
    expect(p95.model.explanation.at(-1)!.key).toBe("forecast.formula.level.p95");
  });

  it("keeps its track record from the data: it moves as outcomes arrive and counts at most 14 and 60 origins", () => {
    const values = calm(200).map((v, i) => v + ((i * 37) % 23));
    const a = forecastArrivals(history(values.slice(0, 150)), 14);
    const b = forecastArrivals(history(values), 14);
    expect(a.model.record.horizon).toBe(14);
    expect(b.model.record.last14.origins).toBe(14);
    expect(b.model.record.last60.origins).toBe(60);
    expect(b.model.record.mase).not.toBeNull();
    expect(b.model.mase7).toBe(b.model.record.mase);
    expect(a.model.record).not.toEqual(b.model.record);
  });

  it("reads only a window of history: five years give the same forecast as their last year", () => {
    const values = Array.from({ length: 5 * 365 }, (_, i) => 200 + Math.round(80 * Math.sin(i / 9)) + (i % 5) * 7);
    const all = forecastArrivals(history(values), 14);
    const lastYear = forecastArrivals(history(values.slice(-WINDOW.day), addDays("2024-01-01", 5 * 365 - WINDOW.day)), 14);
    expect(all.points).toEqual(lastYear.points);
    expect(all.model.windowSteps).toBe(WINDOW.day);
    expect(all.model.historySteps).toBe(5 * 365);
  });

  it("explains itself with message keys that exist in Spanish and English", () => {
    const { model } = forecastArrivals(history(calm(120)), 14);
    for (const part of model.explanation) {
      expect(isMessageKey(part.key)).toBe(true);
      for (const locale of ["es", "en"] as const) expect(translate(locale, part.key, part.params)).not.toMatch(/\{\w+\}/);
    }
  });

  it("refuses what it cannot read", () => {
    expect(() => forecastArrivals([], 7)).toThrow(RangeError);
    expect(() => forecastArrivals(history([1, 2]), 0)).toThrow(RangeError);
    expect(() => forecastArrivals(history([1, -2]), 7)).toThrow(RangeError);
    expect(() => forecastArrivals([{ day: "2024-01-01", arrivals: 1 }, { day: "2024-01-03", arrivals: 1 }], 7)).toThrow(/consecutive/);
  });
});

describe("forecastSeries by week and by month", () => {
  it("steps weeks by seven days and months by the calendar, keeping the form given", () => {
    const weeks = forecastSeries(
      [10, 12, 11].map((value, i) => ({ date: addDays("2024-12-16", 7 * i), value })),
      { step: "week", horizon: 2 },
    );
    expect(weeks.points.map((p) => p.date)).toEqual(["2025-01-06", "2025-01-13"]);
    const months = forecastSeries(
      [
        { date: "2021-11", value: 7762 },
        { date: "2021-12", value: 4194 },
      ],
      { step: "month", horizon: 2 },
    );
    expect(months.points.map((p) => p.date)).toEqual(["2022-01", "2022-02"]);
    expect(months.points[0]!.mean).toBe(4194);
    expect(() => forecastSeries([{ date: "2021-11-15", value: 1 }], { step: "month", horizon: 1 })).toThrow(RangeError);
  });
});

describe("the forecast command", () => {
  const csv = "date,value\n2024-01-01,10\n2024-01-02,12\n2024-01-03,11\n";

  it("prints date,mean,low,high, one line per step ahead", () => {
    const result = forecastCommand(["--step", "day", "--horizon", "3"], csv);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("date,mean,low,high");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["2024-01-04", "2024-01-05", "2024-01-06"]);
    for (const line of lines.slice(1)) {
      const [, mean, low, high] = line.split(",").map(Number);
      expect(low!).toBeLessThanOrEqual(mean!);
      expect(high!).toBeGreaterThanOrEqual(mean!);
    }
  });

  it.each([
    [["--step", "year", "--horizon", "3"], csv, /--step/],
    [["--step", "day"], csv, /--horizon/],
    [["--step", "day", "--horizon", "29"], csv, /--horizon/],
    [["--step", "day", "--horizon", "3", "--level", "80"], csv, /--level/],
    [["--step", "day", "--horizon", "3"], "day,count\n2024-01-01,3\n", /header/],
    [["--step", "day", "--horizon", "3"], "date,value\n2024-01-01,-3\n", /line 2/],
    [["--step", "day", "--horizon", "3"], "date,value\n2024-01-01,3\n2024-01-05,3\n", /consecutive/],
    [["--step", "day", "--horizon", "3", "--bogus"], csv, /bogus/],
  ])("refuses %j with one line on standard error and exit 2", (args, input, message) => {
    const result = forecastCommand(args, input);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("runs from the command line with nothing else on standard output", () => {
    const run = spawnSync("node_modules/.bin/tsx", ["cli/albergue.ts", "forecast", "--step", "month", "--horizon", "2"], {
      input: "date,value\n2021-10,25904\n2021-11,7762\n2021-12,4194\n",
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "date,mean,low,high",
      expect.stringMatching(/^2022-01,4194,\d+,\d+$/),
      expect.stringMatching(/^2022-02,4194,\d+,\d+$/),
    ]);
    const bad = spawnSync("node_modules/.bin/tsx", ["cli/albergue.ts", "forecast", "--step", "month", "--horizon", "2"], { input: "nope\n", encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe("");
  }, 60_000);
});
