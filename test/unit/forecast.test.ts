import {
  backtestArrivals,
  forecastArrivals,
  holtForecast,
  holtStates,
  initialLevel,
  MAX_HORIZON,
  MIN_HOLT_DAYS,
} from "~/lib/domain/forecast";
import { addDays } from "~/lib/time";

/** Consecutive days from `start`, one per value. */
function history(values: readonly number[], start = "2024-01-01") {
  return values.map((arrivals, i) => ({ day: addDays(start, i), arrivals }));
}

describe("Holt's damped-trend recurrence", () => {
  it("updates level and trend day by day, worked by hand for four days", () => {
    // alpha 0.5, beta 0.2, phi 0.9, starting from level 10 and trend 2:
    //   level = 0.5·y + 0.5·(level + 0.9·trend);  trend = 0.2·(level − previous level) + 0.8·0.9·trend
    // y = 12: level = 6 + 0.5·(10 + 1.8)           = 11.9;      trend = 0.2·1.9 + 0.72·2          = 1.82
    // y = 15: level = 7.5 + 0.5·(11.9 + 1.638)     = 14.269;    trend = 0.2·2.369 + 0.72·1.82     = 1.7842
    // y = 14: level = 7 + 0.5·(14.269 + 1.60578)   = 14.93739;  trend = 0.2·0.66839 + 0.72·1.7842 = 1.418302
    // y = 18: level = 9 + 0.5·(14.93739 + 1.2764718) = 17.1069309; trend = 0.2·2.1695409 + 0.72·1.418302 = 1.45508562
    const params = { alpha: 0.5, beta: 0.2, phi: 0.9 };
    const states = holtStates([12, 15, 14, 18], params, { level: 10, trend: 2 });
    const expected = [
      [11.9, 1.82],
      [14.269, 1.7842],
      [14.93739, 1.418302],
      [17.1069309, 1.45508562],
    ];
    expect(states).toHaveLength(4);
    states.forEach((state, i) => {
      expect(state.level).toBeCloseTo(expected[i]![0]!, 9);
      expect(state.trend).toBeCloseTo(expected[i]![1]!, 9);
    });
    // Two days ahead: level + (0.9 + 0.81)·trend = 17.1069309 + 1.71·1.45508562 = 19.5951273
    expect(holtForecast(states[3]!, params, 2)).toBeCloseTo(19.5951273, 6);
    // Undamped (phi 1) the trend is added h times: 17.1069309 + 3·1.45508562 = 21.4721878
    expect(holtForecast(states[3]!, { ...params, phi: 1 }, 3)).toBeCloseTo(21.4721878, 6);
  });

  it("starts from the mean of the first week with no trend", () => {
    // (10 + 20 + 30 + 40 + 50 + 60 + 70) / 7 = 40; the eighth day is not part of the start.
    expect(initialLevel([10, 20, 30, 40, 50, 60, 70, 1000])).toBe(40);
    expect(initialLevel([6, 9])).toBe(7.5);
    // alpha 0.5, beta 0: level = 0.5·10 + 0.5·40 = 25, trend stays 0.
    expect(holtStates([10, 20, 30, 40, 50, 60, 70], { alpha: 0.5, beta: 0, phi: 1 })[0]).toEqual({ level: 25, trend: 0 });
  });

  it("is the naive forecast with alpha 1 and beta 0: the level is the last day, the trend stays 0", () => {
    const y = [140, 90, 300, 0, 12];
    const states = holtStates(y, { alpha: 1, beta: 0, phi: 1 });
    expect(states.map((s) => s.level)).toEqual(y);
    expect(states.every((s) => s.trend === 0)).toBe(true);
    expect(holtForecast(states[4]!, { alpha: 1, beta: 0, phi: 1 }, 7)).toBe(12);
  });

  it("never forecasts fewer than 0 arrivals", () => {
    expect(holtForecast({ level: 10, trend: -4 }, { alpha: 0.5, beta: 0.2, phi: 1 }, 3)).toBe(0);
  });
});

describe("arrivals forecast", () => {
  it("falls back to naive on a short history, with the band from its own errors, worked by hand", () => {
    // 12 days alternating 99 and 199, so (arrivals + 1) alternates 100 and 200.
    // Naive: every forecast is the last day, 199.
    // One day ahead the 11 errors log((next + 1)/(today + 1)) are +ln 2 six times and −ln 2 five
    // times; sorted, the 10th percentile sits at position (11 − 1)·0.1 = 1, a −ln 2, and the 90th
    // at position 9, a +ln 2. So low = 200·0.5 − 1 = 99 and high = 200·2 − 1 = 399.
    // Two days ahead the 10 errors are all log(1) = 0: the band is the forecast itself.
    // Three days ahead only 9 errors exist (fewer than 10), so the two-day band is widened by
    // √(3/2): √(3/2)·0 is still 0.
    const { model, points } = forecastArrivals(history(Array.from({ length: 12 }, (_, i) => (i % 2 ? 199 : 99))), 4);
    expect(model).toMatchObject({ method: "naive", alpha: 1, beta: 0, phi: 1, level: 199, trend: 0 });
    expect(points).toEqual([
      { day: "2024-01-13", mean: 199, low: 99, high: 399 },
      { day: "2024-01-14", mean: 199, low: 199, high: 199 },
      { day: "2024-01-15", mean: 199, low: 199, high: 199 },
      { day: "2024-01-16", mean: 199, low: 199, high: 199 },
    ]);
    expect(model.horizonErrors.map((e) => [e.h, e.errors, e.source])).toEqual([
      [1, 11, "backtest"],
      [2, 10, "backtest"],
      [3, 0, "extrapolated"],
      [4, 0, "extrapolated"],
    ]);
    expect(model.horizonErrors[0]!.lowRatio).toBeCloseTo(0.5, 12);
    expect(model.horizonErrors[0]!.highRatio).toBeCloseTo(2, 12);
    // Too short for the 7-day backtest: no accuracy figure is invented.
    expect(model.mase7).toBeNull();
    expect(model.coverage7).toBeNull();
    expect(model.backtestOrigins).toBe(0);
    expect(model.explanation).toMatch(/^Naive: forecast = last day's arrivals = 199 \(12 days of history; Holt needs 21\)/);
  });

  it("assumes a band of half to double when there are no errors to measure", () => {
    // Last day 6: low = floor(7·0.5 − 1) = 2, high = ceil(7·2 − 1) = 13.
    const { model, points } = forecastArrivals(history([5, 8, 6]), 2);
    expect(points.map((p) => [p.mean, p.low, p.high])).toEqual([
      [6, 2, 13],
      [6, 2, 13],
    ]);
    expect(model.horizonErrors.every((e) => e.source === "assumed")).toBe(true);
    expect(model.explanation).toContain("band assumed ×0.5 to ×2");
  });

  it(`fits Holt from ${MIN_HOLT_DAYS} days of history, naive below`, () => {
    const values = Array.from({ length: MIN_HOLT_DAYS }, (_, i) => 100 + ((i * 37) % 23));
    expect(forecastArrivals(history(values), 7).model.method).toBe("holt");
    expect(forecastArrivals(history(values.slice(1)), 7).model.method).toBe("naive");
  });

  it("gives a flat forecast with no spread for a flat series, and keeps the simplest model on a tie", () => {
    const { model, points } = forecastArrivals(history(Array(70).fill(140)), 7);
    expect(points.every((p) => p.mean === 140 && p.low === 140 && p.high === 140)).toBe(true);
    // Every candidate forecasts 140 exactly, so the search keeps the first: naive.
    expect(model).toMatchObject({ method: "holt", alpha: 1, beta: 0, phi: 1 });
    // 70 days allow the 7-day backtest: 70 − 56 − 7 + 1 = 8 origins, all exact, all inside.
    expect(model.backtestOrigins).toBe(8);
    expect(model.mase7).toBe(1);
    expect(model.coverage7).toBe(1);
    expect(model.explanation).toContain("the same as naive");
  });

  it("gives a narrow band around a nearly flat series", () => {
    const wobble = [0, 1, -1, 2, -2, 3, -3];
    const { points } = forecastArrivals(history(Array.from({ length: 60 }, (_, i) => 140 + wobble[i % 7]!)), 14);
    for (const p of points) {
      expect(Math.abs(p.mean - 140)).toBeLessThan(1);
      expect(p.low).toBeGreaterThanOrEqual(133);
      expect(p.high).toBeLessThanOrEqual(147);
      expect(p.low).toBeLessThanOrEqual(p.mean);
      expect(p.high).toBeGreaterThanOrEqual(p.mean);
    }
  });

  it("follows a steady linear trend", () => {
    // 100, 105, …, 395 over 60 days: the next days are 400, 405, …
    const { model, points } = forecastArrivals(history(Array.from({ length: 60 }, (_, i) => 100 + 5 * i)), 14);
    expect(model.method).toBe("holt");
    expect(model.beta).toBeGreaterThan(0);
    expect(model.trend).toBeCloseTo(5, 2);
    points.forEach((p, i) => {
      const line = 400 + 5 * i;
      expect(p.mean).toBeCloseTo(line, 1);
      expect(p.low).toBeLessThanOrEqual(line);
      expect(p.high).toBeGreaterThanOrEqual(line);
    });
    expect(model.explanation).toMatch(/^Holt: forecast\(h\) = level 395\.0 \+ h × 5\.00; alpha 1, beta 0\.2, phi 1/);
  });

  it("reports the fitted level and trend, and forecasts from them with the recurrence above", () => {
    const values = Array.from({ length: 120 }, (_, i) => Math.round(200 + 2 * i + 40 * Math.sin(i * 1.3)));
    const { model, points } = forecastArrivals(history(values), 28);
    const last = holtStates(values, model).at(-1)!;
    expect(model.level).toBeCloseTo(last.level, 9);
    expect(model.trend).toBeCloseTo(last.trend, 9);
    points.forEach((p, i) => expect(p.mean).toBeCloseTo(holtForecast(last, model, i + 1), 9));
    expect(model.horizonErrors).toHaveLength(28);
    expect(model.historyDays).toBe(120);
    expect(model.band).toBe(0.8);
  });

  it("never gives a negative figure, even when the trend points below zero or most days are empty", () => {
    const collapse = [...Array.from({ length: 30 }, (_, i) => 300 - 10 * i), 0, 0, 0];
    const sparse = Array.from({ length: 90 }, (_, i) => (i % 9 === 0 ? 40 : i % 13 === 0 ? 7 : 0));
    for (const values of [collapse, sparse]) {
      const { points } = forecastArrivals(history(values), MAX_HORIZON);
      for (const p of points) {
        expect(p.mean).toBeGreaterThanOrEqual(0);
        expect(p.low).toBeGreaterThanOrEqual(0);
        expect(p.high).toBeGreaterThanOrEqual(p.low);
      }
    }
    // Whole people, rounded outwards: a sparse station's band reaches down to 0 arrivals.
    const { points } = forecastArrivals(history(sparse), 7);
    expect(points.every((p) => Number.isInteger(p.low) && Number.isInteger(p.high))).toBe(true);
    expect(points.some((p) => p.low === 0)).toBe(true);
  });

  it("widens the band with a wider nominal coverage", () => {
    const values = Array.from({ length: 120 }, (_, i) => Math.round(300 + 80 * Math.sin(i * 2.1) + 30 * Math.cos(i * 0.7)));
    const eighty = forecastArrivals(history(values), 7).points;
    const ninetyFive = forecastArrivals(history(values), 7, { band: 0.95 }).points;
    eighty.forEach((p, i) => {
      expect(ninetyFive[i]!.low).toBeLessThanOrEqual(p.low);
      expect(ninetyFive[i]!.high).toBeGreaterThanOrEqual(p.high);
    });
    expect(ninetyFive.some((p, i) => p.high - p.low > eighty[i]!.high - eighty[i]!.low)).toBe(true);
  });

  it("forecasts the consecutive days after the last history day, across month and year ends", () => {
    const leap = forecastArrivals(history([10, 12, 11], "2024-02-25"), 5).points.map((p) => p.day);
    expect(leap).toEqual(["2024-02-28", "2024-02-29", "2024-03-01", "2024-03-02", "2024-03-03"]);
    const yearEnd = forecastArrivals(history([10, 12], "2023-12-29"), 3).points.map((p) => p.day);
    expect(yearEnd).toEqual(["2023-12-31", "2024-01-01", "2024-01-02"]);
    expect(forecastArrivals(history([10]), MAX_HORIZON).points).toHaveLength(28);
  });

  it("rejects horizons outside 1 to 28 days, and histories it cannot read", () => {
    const h = history([10, 12, 11]);
    for (const horizon of [0, 29, -1, 2.5, Number.NaN]) {
      expect(() => forecastArrivals(h, horizon)).toThrow(RangeError);
    }
    expect(forecastArrivals(h, 1).points).toHaveLength(1);
    expect(() => forecastArrivals([], 7)).toThrow(/at least one day/);
    expect(() => forecastArrivals(h, 7, { band: 1 })).toThrow(RangeError);
    expect(() => forecastArrivals(h, 7, { band: 0 })).toThrow(RangeError);
    const gap = [...h, { day: "2024-01-05", arrivals: 3 }];
    expect(() => forecastArrivals(gap, 7)).toThrow(/consecutive: 2024-01-03 is followed by 2024-01-05/);
    expect(() => forecastArrivals([{ day: "1/1/2024", arrivals: 3 }], 7)).toThrow(/YYYY-MM-DD/);
    expect(() => forecastArrivals([{ day: "2023-02-29", arrivals: 3 }], 7)).toThrow(/YYYY-MM-DD/);
    expect(() => forecastArrivals(history([3, -1]), 7)).toThrow(/not negative/);
    expect(() => forecastArrivals(history([3, Number.NaN]), 7)).toThrow(RangeError);
  });

  it("gives the same answer for the same history", () => {
    const values = Array.from({ length: 200 }, (_, i) => (i * 7919) % 500);
    expect(forecastArrivals(history(values), 28)).toEqual(forecastArrivals(history(values), 28));
  });
});

describe("arrivals backtest", () => {
  it("scores exactly what the forecast would have shown on each past day, from the days before it only", () => {
    const values = Array.from({ length: 80 }, (_, i) => Math.round(150 + i + 60 * Math.sin(i * 0.9) + ((i * 31) % 17)));
    const result = backtestArrivals(values, 7, { minTrain: 56, refitEvery: 1 });
    // Origins: the forecast made after day 56, …, after day 73 (for day 80): 18 of them.
    let naive = 0;
    let model = 0;
    let inside = 0;
    for (let known = 56; known <= 73; known++) {
      const point = forecastArrivals(history(values.slice(0, known)), 7).points[6]!;
      const actual = values[known - 1 + 7]!;
      naive += Math.abs(actual - values[known - 1]!);
      model += Math.abs(actual - point.mean);
      if (actual >= point.low && actual <= point.high) inside++;
    }
    expect(result.origins).toBe(18);
    expect(result.naiveMae).toBeCloseTo(naive / 18, 9);
    expect(result.modelMae).toBeCloseTo(model / 18, 9);
    expect(result.mase).toBeCloseTo(model / naive, 9);
    expect(result.coverage).toBeCloseTo(inside / 18, 9);
  });

  it("beats naive by smoothing when the last day is a poor guide", () => {
    // 0, 100, 0, 100, …: seven days ahead is always the other value, so naive misses by 100
    // every time. A smoothed level sits near 50 and misses by about 50: MASE near 0.5.
    const values = Array.from({ length: 120 }, (_, i) => (i % 2 ? 100 : 0));
    const result = backtestArrivals(values, 7);
    expect(result.naiveMae).toBe(100);
    expect(result.mase).toBeGreaterThan(0.45);
    expect(result.mase).toBeLessThan(0.6);
    // 120 − 56 − 7 + 1 origins with the default 56 days of training.
    expect(result.origins).toBe(58);
  });

  it("counts a series no model can miss as no worse than naive", () => {
    // 80 − 56 − 7 + 1 = 18 origins, every forecast exact: 0 / 0 is reported as a MASE of 1.
    expect(backtestArrivals(Array(80).fill(50), 7)).toEqual({ mase: 1, coverage: 1, origins: 18, naiveMae: 0, modelMae: 0 });
  });

  it("needs enough days for one origin", () => {
    expect(() => backtestArrivals(Array(62).fill(5), 7)).toThrow(/at least 63 days/);
    expect(backtestArrivals(Array(63).fill(5), 7).origins).toBe(1);
    expect(() => backtestArrivals(Array(80).fill(5), 7, { refitEvery: 0 })).toThrow(RangeError);
  });
});
