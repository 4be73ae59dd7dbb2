// `npm run forecast:eval`: the forecaster evaluated as a planner would have used it (issue 12).
// At every origin the forecast is made again from the values before it only, and scored on the
// outcomes that followed. Reproducible: the real series are files in bench/data, the generated
// ones come from a fixed seed. Prints a table and writes bench/results/forecast.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { forecastArrivals, forecastSeries, stepDate, type Step } from "~/lib/domain/forecast";
import { addDays } from "~/lib/time";
import { seededRandom } from "~/lib/seeded-random";

const here = path.dirname(fileURLToPath(import.meta.url));

interface Series {
  name: string;
  step: Step;
  dates: string[];
  values: number[];
  horizons: number[];
  /** The first origin scored (values before it are the least history a forecast is made from). */
  firstOrigin: number;
  note: string;
}

// ---------------------------------------------------------------------------------------------
// Data

function readCsv(file: string): string[][] {
  return readFileSync(path.join(here, "data", file), "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(","));
}

/** Monthly series with missing months as 0: the border was closed (Covid-19) in those months of 2020. */
function monthly(rows: string[][], column: number): { dates: string[]; values: number[] } {
  const byMonth = new Map(rows.map((r) => [r[0]!, Number(r[column])]));
  const first = rows[0]![0]!;
  const last = rows[rows.length - 1]![0]!;
  const dates: string[] = [];
  for (let d = first; d <= last; d = stepDate(d, "month", 1)) dates.push(d);
  return { dates, values: dates.map((d) => byMonth.get(d) ?? 0) };
}


/** Poisson-gamma (negative binomial) draw with mean m and shape k: over-dispersed counts. */
function draw(random: () => number, m: number, k = 20): number {
  if (m <= 0) return 0;
  // Gamma(k, m/k) by the sum of exponentials is slow for big k; Marsaglia-Tsang instead.
  const gamma = (shape: number) => {
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        const u1 = random();
        const u2 = random();
        x = Math.sqrt(-2 * Math.log(u1 || 1e-12)) * Math.cos(2 * Math.PI * u2);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = random();
      if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };
  const lambda = (gamma(k) * m) / k;
  // Poisson: normal approximation above 50, inversion below.
  if (lambda > 50) {
    const u1 = random();
    const u2 = random();
    return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(u1 || 1e-12)) * Math.cos(2 * Math.PI * u2)));
  }
  let k2 = 0;
  let p = Math.exp(-lambda);
  let s = p;
  const u = random();
  while (u > s && k2 < 1000) {
    k2++;
    p *= lambda / k2;
    s += p;
  }
  return k2;
}

const WEEKDAY = [1.15, 1.1, 1.0, 0.95, 0.9, 0.85, 1.05];

function daily(name: string, note: string, days: number, meanOf: (t: number) => number, seed: number, weekly = false): Series {
  const random = seededRandom(seed);
  const dates = Array.from({ length: days }, (_, i) => addDays("2024-01-01", i));
  const values = dates.map((_, t) => draw(random, meanOf(t) * (weekly ? WEEKDAY[t % 7]! : 1)));
  return { name, step: "day", dates, values, horizons: [1, 7, 14], firstOrigin: 28, note };
}

function loadSeries(): Series[] {
  const rows = readCsv("darien-monthly-2020-2021.csv");
  const m = monthly(rows, 1);
  const demo = readCsv("darien-demographics-2021.csv");
  const men = monthly(demo, 1);
  const women = monthly(demo, 2);
  // A daily series from the monthly one: the month's daily mean, log-linear between mid-months,
  // with over-dispersed noise and a weekly pattern (seed 12).
  const random = seededRandom(12);
  const days: string[] = [];
  for (let d = "2020-01-01"; d <= "2021-12-31"; d = addDays(d, 1)) days.push(d);
  const mid = m.dates.map((month, i) => {
    const [y, mo] = month.split("-").map(Number) as [number, number];
    const length = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    return { day: `${month}-15`, perDay: m.values[i]! / length };
  });
  const dailyMean = (day: string) => {
    const k = mid.findIndex((p) => p.day > day);
    if (k <= 0) return mid[k === 0 ? 0 : mid.length - 1]!.perDay;
    const a = mid[k - 1]!;
    const b = mid[k]!;
    const w = (Date.parse(day) - Date.parse(a.day)) / (Date.parse(b.day) - Date.parse(a.day));
    return Math.expm1(Math.log1p(a.perDay) * (1 - w) + Math.log1p(b.perDay) * w);
  };
  const darienDaily = days.map((day, t) => draw(random, dailyMean(day) * WEEKDAY[t % 7]!));
  const weeks: { date: string; value: number }[] = [];
  for (let i = 0; i + 7 <= days.length; i += 7) weeks.push({ date: days[i]!, value: darienDaily.slice(i, i + 7).reduce((a, b) => a + b, 0) });

  const base = 200;
  return [
    { name: "darien-monthly", step: "month", ...m, horizons: [1, 2, 3], firstOrigin: 3, note: "SNM 2020-2021, missing months of 2020 as 0" },
    { name: "darien-men-monthly", step: "month", ...men, horizons: [1, 2, 3], firstOrigin: 3, note: "SNM 2021, men and boys" },
    { name: "darien-women-monthly", step: "month", ...women, horizons: [1, 2, 3], firstOrigin: 3, note: "SNM 2021, women and girls" },
    { name: "darien-daily", step: "day", dates: days, values: darienDaily, horizons: [1, 7, 14], firstOrigin: 28, note: "daily from the monthly series, seed 12" },
    {
      name: "darien-weekly",
      step: "week",
      dates: weeks.map((w) => w.date),
      values: weeks.map((w) => w.value),
      horizons: [1, 2, 4],
      firstOrigin: 8,
      note: "weekly sums of darien-daily",
    },
    daily("surge-x3", "200/day, ×3 over one week at day 200, stays", 400, (t) => (t < 200 ? base : t < 207 ? base * 3 ** ((t - 199) / 7) : base * 3), 1),
    daily("collapse-div10", "600/day, ÷10 over 60 days from day 200", 400, (t) => (t < 200 ? 600 : t < 260 ? 600 * 10 ** (-(t - 199) / 60) : 60), 2),
    daily("step-x2", "150/day, ×2 overnight at day 200", 400, (t) => (t < 200 ? 150 : 300), 3),
    daily("weekly-noise", "120/day with a weekly pattern", 400, () => 120, 4, true),
    daily("small-station", "6/day, many zero days", 400, () => 6, 5),
  ];
}

// ---------------------------------------------------------------------------------------------
// Scoring

/** Steps where the flow doubled or halved: next k steps' mean against the previous k's. */
function changePoints(values: readonly number[], step: Step): number[] {
  const k = step === "day" ? 7 : step === "week" ? 2 : 1;
  const out: number[] = [];
  for (let t = k; t + k <= values.length; t++) {
    const before = values.slice(t - k, t).reduce((a, b) => a + b, 0) / k;
    const after = values.slice(t, t + k).reduce((a, b) => a + b, 0) / k;
    if (Math.abs(Math.log1p(after) - Math.log1p(before)) >= Math.LN2 && (out.length === 0 || t - out[out.length - 1]! >= k)) out.push(t);
  }
  return out;
}

function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

const median = (values: readonly number[]) => (values.length ? quantile(values, 0.5) : Number.NaN);

interface Row {
  series: string;
  step: Step;
  horizon: number;
  origins: number;
  maseNaive: number;
  maseSeasonalNaive: number | null;
  maseSes: number;
  coverage: number;
  coverageAfterChange: number | null;
  afterChangeOutcomes: number;
  medianUpperOverActual: number;
  worstUpperOverActual: number;
  baselineCoverage: number;
  baselineMedianUpperOverActual: number;
  baselineWorstUpperOverActual: number;
  bandBelowForecast: number;
  changesDetected: string[];
}

function evaluate(s: Series): Row[] {
  const n = s.values.length;
  const H = Math.max(...s.horizons);
  const period = s.step === "day" ? 7 : s.step === "month" ? 12 : 52;
  const changes = changePoints(s.values, s.step);
  const rows: Row[] = [];
  const per = s.horizons.map(() => ({
    abs: 0,
    naive: 0,
    snaive: 0,
    snaiveCount: 0,
    ses: 0,
    inside: 0,
    count: 0,
    afterInside: 0,
    afterCount: 0,
    ratios: [] as number[],
    baseInside: 0,
    baseRatios: [] as number[],
    below: 0,
  }));
  let lastChanges: string[] = [];
  for (let o = s.firstOrigin; o < n; o++) {
    const history = s.dates.slice(0, o).map((date, i) => ({ date, value: s.values[i]! }));
    const { points, result } = forecastSeries(history, { step: s.step, horizon: H, planningHorizon: H });
    lastChanges = result.record.changes.map((c) => c.date);
    const last = s.values[o - 1]!;
    // SES on the raw scale, alpha 0.3, started at the first value.
    let ses = s.values[0]!;
    for (let i = 1; i < o; i++) ses = 0.3 * s.values[i]! + 0.7 * ses;
    s.horizons.forEach((h, j) => {
      const target = o - 1 + h;
      if (target >= n) return;
      const actual = s.values[target]!;
      const p = points[h - 1]!;
      const acc = per[j]!;
      acc.count++;
      acc.abs += Math.abs(actual - p.mean);
      acc.naive += Math.abs(actual - last);
      acc.ses += Math.abs(actual - ses);
      const back = target - period * Math.ceil(h / period);
      if (back >= 0 && back < o) {
        acc.snaive += Math.abs(actual - s.values[back]!);
        acc.snaiveCount++;
      }
      const inside = actual >= p.low && actual <= p.high;
      if (inside) acc.inside++;
      // After a change: forecasts made in the 30 steps from the change on (its first value known).
      if (changes.some((c) => o - 1 >= c && o - 1 < c + 30)) {
        acc.afterCount++;
        if (inside) acc.afterInside++;
      }
      acc.ratios.push((p.high + 1) / (actual + 1));
      if (p.low > p.mean || p.high < p.mean || p.low < 0) acc.below++;
      // The baseline: naive, with the 10th and 90th percentiles of its own past log errors at h.
      const errors: number[] = [];
      for (let t = h; t < o; t++) errors.push(Math.log1p(s.values[t]!) - Math.log1p(s.values[t - h]!));
      const lo = errors.length >= 2 ? quantile(errors, 0.1) : -Math.LN2;
      const hi = errors.length >= 2 ? quantile(errors, 0.9) : Math.LN2;
      const baseHigh = Math.ceil(Math.max(last, Math.expm1(Math.log1p(last) + hi)));
      const baseLow = Math.floor(Math.min(last, Math.max(0, Math.expm1(Math.log1p(last) + lo))));
      if (actual >= baseLow && actual <= baseHigh) acc.baseInside++;
      acc.baseRatios.push((baseHigh + 1) / (actual + 1));
    });
  }
  s.horizons.forEach((h, j) => {
    const a = per[j]!;
    rows.push({
      series: s.name,
      step: s.step,
      horizon: h,
      origins: a.count,
      maseNaive: a.naive ? a.abs / a.naive : 1,
      maseSeasonalNaive: a.snaiveCount === a.count && a.snaive ? a.abs / a.snaive : null,
      maseSes: a.ses ? a.abs / a.ses : 1,
      coverage: a.inside / a.count,
      coverageAfterChange: a.afterCount ? a.afterInside / a.afterCount : null,
      afterChangeOutcomes: a.afterCount,
      medianUpperOverActual: median(a.ratios),
      worstUpperOverActual: Math.max(...a.ratios),
      baselineCoverage: a.baseInside / a.count,
      baselineMedianUpperOverActual: median(a.baseRatios),
      baselineWorstUpperOverActual: Math.max(...a.baseRatios),
      bandBelowForecast: a.below,
      changesDetected: lastChanges,
    });
  });
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Timing: a forecast on five years of days against one on one year.

function timing() {
  const random = seededRandom(99);
  const days = 5 * 365 + 1;
  const history = Array.from({ length: days }, (_, i) => ({ day: addDays("2021-01-01", i), arrivals: draw(random, 300 + 100 * Math.sin(i / 60)) }));
  const oneYear = history.slice(-365);
  // Interleaved, so a busy machine slows both alike.
  for (let i = 0; i < 5; i++) {
    forecastArrivals(history, 14);
    forecastArrivals(oneYear, 14);
  }
  const five: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < 25; i++) {
    let started = performance.now();
    forecastArrivals(history, 14);
    five.push(performance.now() - started);
    started = performance.now();
    forecastArrivals(oneYear, 14);
    one.push(performance.now() - started);
  }
  const fiveMs = median(five);
  const oneMs = median(one);
  return { fiveYearsMs: fiveMs, oneYearMs: oneMs, ratio: fiveMs / oneMs, days5: history.length, days1: oneYear.length };
}

// ---------------------------------------------------------------------------------------------

const fmt = (v: number | null, digits = 2) => (v === null || Number.isNaN(v) ? "—" : v.toFixed(digits));
const pct = (v: number | null) => (v === null ? "—" : `${Math.round(v * 100)} %`);

const series = loadSeries();
const rows = series.flatMap(evaluate);
const speed = timing();

const header = [
  "series",
  "h",
  "n",
  "MASE naive",
  "MASE snaive",
  "MASE SES",
  "cover 80",
  "after chg",
  "upper/act med",
  "worst",
  "baseline med",
  "base worst",
  "base cover",
];
const table = [
  header,
  ...rows.map((r) => [
    r.series,
    String(r.horizon),
    String(r.origins),
    fmt(r.maseNaive),
    fmt(r.maseSeasonalNaive),
    fmt(r.maseSes),
    pct(r.coverage),
    r.coverageAfterChange === null ? "—" : `${pct(r.coverageAfterChange)} (${r.afterChangeOutcomes})`,
    `${fmt(r.medianUpperOverActual)}×`,
    `${fmt(r.worstUpperOverActual, 1)}×`,
    `${fmt(r.baselineMedianUpperOverActual)}×`,
    `${fmt(r.baselineWorstUpperOverActual, 1)}×`,
    pct(r.baselineCoverage),
  ]),
];
const widths = header.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
const lines = table.map((r) => r.map((c, i) => (i < 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
lines.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));

const misses = rows.flatMap((r) => {
  const out: string[] = [];
  const tag = `${r.series} h=${r.horizon}`;
  if (r.maseNaive > 1.02) out.push(`${tag}: MASE ${fmt(r.maseNaive)} > 1.02`);
  if (r.coverage < 0.75 || r.coverage > 0.85) out.push(`${tag}: coverage ${pct(r.coverage)} outside 75-85 %`);
  if (r.coverageAfterChange !== null && r.coverageAfterChange < 0.65) out.push(`${tag}: coverage after change ${pct(r.coverageAfterChange)} < 65 %`);
  if (r.medianUpperOverActual > r.baselineMedianUpperOverActual) {
    out.push(`${tag}: median upper/actual ${fmt(r.medianUpperOverActual)} > baseline ${fmt(r.baselineMedianUpperOverActual)}`);
  }
  if (r.bandBelowForecast > 0) out.push(`${tag}: ${r.bandBelowForecast} bands not containing the forecast`);
  return out;
});
if (speed.fiveYearsMs > 50) misses.push(`timing: ${fmt(speed.fiveYearsMs)} ms on five years > 50 ms`);
if (speed.ratio > 1.2) misses.push(`timing: five years / one year = ${fmt(speed.ratio)} > 1.2`);

console.log(lines.join("\n"));
console.log(
  `\nUpper/actual is (upper edge + 1)/(actual + 1). Baseline: naive with the 10th/90th percentiles of its own past log errors.` +
    `\nTiming (median of 25): ${fmt(speed.fiveYearsMs)} ms on ${speed.days5} days, ${fmt(speed.oneYearMs)} ms on ${speed.days1} days, ratio ${fmt(speed.ratio)}.`,
);
console.log(misses.length ? `\nTargets missed (${misses.length}):\n  ${misses.join("\n  ")}` : "\nEvery target met.");

mkdirSync(path.join(here, "results"), { recursive: true });
writeFileSync(
  path.join(here, "results", "forecast.json"),
  `${JSON.stringify(
    {
      series: series.map((s) => ({ name: s.name, step: s.step, length: s.values.length, note: s.note, changes: changePoints(s.values, s.step).map((i) => s.dates[i]) })),
      rows,
      timing: speed,
      misses,
    },
    null,
    2,
  )}\n`,
);
