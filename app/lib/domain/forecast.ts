import type { MessageKey } from "../i18n";
import { addDays } from "../time";

/**
 * Forecast of a flow (arrivals per day, week or month) with a band that stays calibrated
 * through surges and collapses, and the forecaster's own track record. Decision 013.
 *
 * One online pass over a window of the most recent steps (so the cost does not grow with the
 * history) does everything a planner would have seen at each step, strictly out of sample:
 *
 * 1. Candidates, all on log(1 + y) so that a rise ×3 and a fall ÷3 weigh the same and the
 *    forecast is a median (what minimises the absolute error): naive (next = last), simple
 *    exponential smoothing at four speeds, a damped trend at two, and for daily data the
 *    weekly pattern (seasonal naive and smoothing with a day-of-week profile). Each candidate's
 *    forecasts for 1..H steps ahead are scored on the raw scale when their outcomes arrive,
 *    the errors discounted toward the recent past. The forecast issued is the candidate with
 *    the smallest discounted error over the planning horizon, and naive unless another beats
 *    it by a clear margin: where naive is best, naive is what is issued.
 * 2. The band: per horizon and per side, an online quantile tracker on the issued forecast's
 *    own log errors, log((actual + 1) / (forecast + 1)) — adaptive conformal calibration: after
 *    a miss above, the upper edge steps out by (1 − a)·η, after an outcome inside it steps in by
 *    a·η, so each side keeps a share a of misses whatever the errors' shape; η follows the recent
 *    size of errors. A side that keeps missing widens alone. The edges are started from the
 *    first errors' percentiles. The band always contains its forecast, no edge is below 0, and
 *    the upper edge is capped at the largest rise over the same number of steps that the series
 *    showed in the window, applied to the last value (a planner can point at when it happened).
 * 3. Regime change: a two-sided CUSUM on the one-step log errors (standardised by their recent
 *    size) or three one-step misses in a row on one side. On detection the smoothing candidates
 *    restart from the last value, the selection forgets its past errors (naive takes over until
 *    another proves better), the missed side widens by the size of the shock and learns twice as
 *    fast for a while. The change is dated where the CUSUM excursion began.
 * 4. Track record, recomputed from the data at every call: hits inside the band at the planning
 *    horizon for the last 14 and 60 origins, MASE at the planning horizon against naive over the
 *    last 60, and the coverage of the outcomes in the 30 steps after each detected change.
 *
 * Pure: no database, no clock. The same input gives the same output.
 */

export type Step = "day" | "week" | "month";

/** The planning level: plan on the median forecast, or on the upper edge of the 80 % or 95 % band. */
export type PlanningLevel = "median" | "p80" | "p95";
export const PLANNING_LEVELS: readonly PlanningLevel[] = ["median", "p80", "p95"];

/** The norm stores the level as a number: 0.5 (median), 0.8 or 0.95. */
export function planningLevelFromNorm(value: number | null | undefined): PlanningLevel {
  if (value === 0.5) return "median";
  if (value === 0.95) return "p95";
  return "p80";
}

export interface ForecastPoint {
  /** YYYY-MM-DD (or YYYY-MM for months given that way). */
  day: string;
  mean: number;
  /** Lower edge of the band, whole people rounded down, never below 0. */
  low: number;
  /** Upper edge of the band, whole people rounded up, never below the mean. */
  high: number;
  /** The figure to plan capacity and stock on, at the planning level. */
  plan: number;
}

/** One sentence of "why this number", translated where it is shown (app/lib/i18n/planning.*.ts). */
export interface FormulaPart {
  key: MessageKey;
  params: Record<string, string | number>;
}

export interface RegimeChange {
  /** The first step of the new regime (where the CUSUM excursion began). */
  date: string;
  /** The step the change was detected on (its outcome was the evidence). */
  detectedOn: string;
  direction: "up" | "down";
  /** Outcomes dated in the 30 steps after the change that fell inside the band (planning horizon). */
  after: { inside: number; outcomes: number };
}

export interface TrackRecord {
  /** The horizon the record is kept at: the planning horizon. */
  horizon: number;
  last14: { inside: number; origins: number };
  last60: { inside: number; origins: number };
  /** MAE / naive MAE over the last 60 origins at the planning horizon; null without enough outcomes. */
  mase: number | null;
  changes: RegimeChange[];
}

export type CandidateName = "naive" | "ses" | "damped" | "seasonalNaive" | "seasonal";

export interface ForecastModel {
  step: Step;
  /** The candidate issued at the last origin. */
  method: CandidateName;
  /** Its smoothing parameters (0 when it has none). */
  alpha: number;
  beta: number;
  phi: number;
  /** The band's nominal coverage (0.8 or 0.95). */
  band: number;
  planningLevel: PlanningLevel;
  /** Steps of history given, and steps the window read (at most WINDOW[step]). */
  historySteps: number;
  windowSteps: number;
  /** The upper edge at 1 step ahead as a multiple of (forecast + 1), and its cap. */
  upperRatio1: number;
  capped: boolean;
  record: TrackRecord;
  /** The latest regime change still within 30 steps, if any: the page warns. */
  recentChange: RegimeChange | null;
  /** Kept for the planning pages: the record at the planning horizon, in their old shape. */
  mase7: number | null;
  coverage7: number | null;
  backtestOrigins: number;
  explanation: FormulaPart[];
}

export interface ArrivalsDay {
  day: string;
  arrivals: number;
}

export const MAX_HORIZON = 28;
/** Steps the online pass reads: a year of days, three years of weeks, ten years of months. */
export const WINDOW: Record<Step, number> = { day: 364, week: 156, month: 120 };
/** The planning horizon when none is given. */
const DEFAULT_PLANNING_HORIZON: Record<Step, number> = { day: 14, week: 4, month: 3 };
/** The errors of the selection fade with this half-life, in steps. */
const HALF_LIFE: Record<Step, number> = { day: 42, week: 13, month: 6 };
/** The seasonal period used; months need three years of data, weeks are not given one. */
const PERIOD: Record<Step, number> = { day: 7, week: 0, month: 12 };
/** Steps after a change whose outcomes count as "after the change". */
export const AFTER_CHANGE_STEPS = 30;
/** Another candidate replaces naive only when its discounted error is this much smaller. */
const NAIVE_MARGIN = 0.05;
/** Scored steps a candidate needs before it can replace naive: two weeks, two months, a year. */
const MIN_SCORED: Record<Step, number> = { day: 14, week: 8, month: 12 };
/** Errors collected at a horizon before its band is tracked rather than assumed. */
const MIN_BAND_ERRORS = 6;
/** Rises over h steps the cap on the upper edge needs to have seen before it applies. */
const MIN_CAP_RISES = 12;
/** The assumed band with no error to measure: half to double. */
const ASSUMED_LOG_SPREAD = Math.LN2;
/** The errors each horizon's band is read from: the last eight weeks, half a year, two years. */
const ERROR_WINDOW: Record<Step, number> = { day: 56, week: 26, month: 24 };
/** How fast the share of misses aimed at moves after each outcome (adaptive conformal inference). */
const ACI_RATE: Record<Step, number> = { day: 0.02, week: 0.04, month: 0.08 };
/** Speed of the recent error size (per step). */
const SCALE_RATE = 0.08;
/** The smallest error size the step and the CUSUM use (2 % in log terms). */
const SCALE_FLOOR = 0.02;
/** CUSUM: allowance and threshold, in units of the recent mean absolute one-step error. */
const CUSUM_K = 0.5;
const CUSUM_H = 5;
/** One-step misses in a row on one side that mean a change. */
const MISS_RUN = 3;

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_PATTERN = /^\d{4}-\d{2}$/;

function addMonths(date: string, months: number): string {
  const [y, m] = date.split("-").map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, 1)).toISOString();
  return MONTH_PATTERN.test(date) ? d.slice(0, 7) : d.slice(0, 10);
}

/** `date` moved `k` steps. Months keep the form given (YYYY-MM or YYYY-MM-01). */
export function stepDate(date: string, step: Step, k: number): string {
  if (step === "day") return addDays(date, k);
  if (step === "week") return addDays(date, 7 * k);
  return addMonths(date, k);
}

function validDate(date: string, step: Step): boolean {
  if (step === "month") {
    if (MONTH_PATTERN.test(date)) return addMonths(date, 0) === date;
    return DAY_PATTERN.test(date) && date.endsWith("-01") && addMonths(date, 0) === date;
  }
  return DAY_PATTERN.test(date) && addDays(date, 0) === date;
}

// ---------------------------------------------------------------------------------------------
// Candidates, on z = log(1 + y)

interface Candidate {
  name: CandidateName;
  alpha: number;
  beta: number;
  phi: number;
  gamma: number;
}

function candidatesFor(step: Step): Candidate[] {
  const list: Candidate[] = [{ name: "naive", alpha: 1, beta: 0, phi: 1, gamma: 0 }];
  for (const alpha of [0.2, 0.35, 0.5, 0.7]) list.push({ name: "ses", alpha, beta: 0, phi: 1, gamma: 0 });
  for (const alpha of [0.4, 0.7]) list.push({ name: "damped", alpha, beta: 0.15, phi: 0.9, gamma: 0 });
  if (PERIOD[step] > 0) {
    list.push({ name: "seasonalNaive", alpha: 1, beta: 0, phi: 1, gamma: 1 });
    for (const alpha of [0.2, 0.5]) list.push({ name: "seasonal", alpha, beta: 0, phi: 1, gamma: 0.1 });
  }
  return list;
}

/** Mutable state of every candidate at once (struct of arrays, for speed). */
class Candidates {
  readonly list: Candidate[];
  readonly level: Float64Array;
  readonly trend: Float64Array;
  /** Seasonal offsets per candidate, period entries each, by position t mod period. */
  readonly season: Float64Array;
  readonly period: number;
  /** The last `period` values of z, for the seasonal naive. */
  readonly recent: Float64Array;
  started = false;
  seen = 0;

  constructor(step: Step, usePeriod: boolean) {
    this.list = candidatesFor(step).filter((c) => usePeriod || (c.name !== "seasonal" && c.name !== "seasonalNaive"));
    const n = this.list.length;
    this.period = usePeriod ? PERIOD[step] : 0;
    this.level = new Float64Array(n);
    this.trend = new Float64Array(n);
    this.season = new Float64Array(n * Math.max(1, this.period));
    this.recent = new Float64Array(Math.max(1, this.period));
  }

  restart(z: number) {
    for (let c = 0; c < this.list.length; c++) {
      this.level[c] = z - (this.period ? this.season[c * this.period + ((this.seen - 1) % this.period)]! : 0);
      this.trend[c] = 0;
    }
  }

  observe(z: number, t: number) {
    const p = this.period;
    const pos = p ? t % p : 0;
    if (!this.started) {
      this.started = true;
      for (let c = 0; c < this.list.length; c++) this.level[c] = z;
    } else {
      for (let c = 0; c < this.list.length; c++) {
        const k = this.list[c]!;
        if (k.name === "seasonalNaive") continue;
        const s = k.name === "seasonal" ? this.season[c * p + pos]! : 0;
        const previous = this.level[c]!;
        const level = k.alpha * (z - s) + (1 - k.alpha) * (previous + k.phi * this.trend[c]!);
        this.level[c] = level;
        this.trend[c] = k.beta * (level - previous) + (1 - k.beta) * k.phi * this.trend[c]!;
        // The profile starts learning once a full period is known; before that it stays flat.
        if (k.name === "seasonal" && this.seen >= p) this.season[c * p + pos] = k.gamma * (z - level) + (1 - k.gamma) * s;
      }
    }
    if (p) this.recent[pos] = z;
    this.seen++;
  }

  /** Forecasts on z for h = 1..H after step t, written to out[c * H + h - 1]. */
  forecast(t: number, horizon: number, out: Float64Array) {
    const p = this.period;
    for (let c = 0; c < this.list.length; c++) {
      const k = this.list[c]!;
      let damp = 0;
      let power = 1;
      for (let h = 1; h <= horizon; h++) {
        let f: number;
        if (k.name === "seasonalNaive") {
          // Until a full period is known the seasonal naive is the naive forecast.
          f = this.seen >= p ? this.recent[(t + h) % p]! : this.recent[t % p]!;
        } else {
          power *= k.phi;
          damp += power;
          f = this.level[c]! + damp * this.trend[c]!;
          if (k.name === "seasonal") f += this.season[c * p + ((t + h) % p)]!;
        }
        out[c * horizon + h - 1] = f;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The online pass

const expm1 = (z: number) => (z > 0 ? Math.expm1(z) : 0);

/** The last `size` values, kept sorted as well as in arrival order, for windowed quantiles. */
class ErrorWindow {
  readonly sorted: number[] = [];
  private readonly fifo: number[] = [];
  constructor(private readonly size: number) {}

  push(value: number) {
    if (this.fifo.length === this.size) {
      const old = this.fifo.shift()!;
      this.sorted.splice(this.find(old), 1);
    }
    this.fifo.push(value);
    this.sorted.splice(this.find(value), 0, value);
  }

  /** The first index whose value is not below `value`. */
  private find(value: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  get length() {
    return this.sorted.length;
  }

  /** Type-7 quantile. */
  quantile(p: number): number {
    const sorted = this.sorted;
    const position = (sorted.length - 1) * Math.min(1, Math.max(0, p));
    const below = Math.floor(position);
    const above = Math.min(sorted.length - 1, below + 1);
    return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
  }
}

/**
 * One band level's calibration: per horizon and side, the share of misses it aims the window's
 * quantile at (adaptive conformal inference: a miss lowers it, so the edge moves out; an outcome
 * inside raises it back toward the nominal share).
 */
interface Calibration {
  tail: number;
  upper: Float64Array;
  lower: Float64Array;
}

interface Issued {
  mean: number;
  /** Band edges as shown (whole units, rounded outward), per calibration (80 %, 95 %, then any other level asked). */
  low: number[];
  high: number[];
  /** Whether the upper edge was held down by the cap: a miss above then says nothing of the calibration. */
  capped: boolean[];
}

export interface OnlineResult {
  points: { date: string; mean: number; low: number; high: number; low80: number; high80: number; low95: number; high95: number }[];
  chosen: Candidate;
  record: TrackRecord;
  windowSteps: number;
  upperRatio1: number;
  capped: boolean;
}

export interface ForecastOptions {
  step: Step;
  horizon: number;
  /** The band shown: 0.8 (default) or 0.95. */
  level?: number;
  /** The horizon the candidate is chosen on and the record kept at; by default the horizon, at most 14 days, 4 weeks or 3 months. */
  planningHorizon?: number;
}

function checkOptions(horizon: number, level: number) {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    throw new RangeError(`The forecast horizon must be a whole number of steps from 1 to ${MAX_HORIZON}, not ${horizon}.`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`The band level must be between 0 and 1, not ${level}.`);
}

/**
 * The online pass over the last WINDOW[step] values (oldest first; `dates` alongside). Returns
 * the forecasts after the last value and the record.
 */
function runOnline(dates: readonly string[], values: readonly number[], options: ForecastOptions): OnlineResult {
  const { step, horizon } = options;
  const level = options.level ?? 0.8;
  const planH = options.planningHorizon ?? Math.min(horizon, DEFAULT_PLANNING_HORIZON[step]);
  const H = Math.max(horizon, planH);
  const n = values.length;
  const start = Math.max(0, n - WINDOW[step]);
  const steps = n - start;
  const period = PERIOD[step];
  const model = new Candidates(step, period > 0 && steps >= 3 * period);
  const C = model.list.length;
  const decay = Math.pow(0.5, 1 / HALF_LIFE[step]);
  // Ring buffers indexed by origin mod (H + 1): every candidate's forecasts on z, the issued ones.
  const ring = H + 1;
  const candidateZ = Array.from({ length: ring }, () => new Float64Array(C * H));
  const issuedRing: Issued[][] = Array.from({ length: ring }, () => []);
  const loss = new Float64Array(C);
  let scored = 0;
  // The 80 % and 95 % bands always (the change detection reads the 80 % one, whatever band is
  // shown, so the forecast does not depend on the level asked), and any other level asked.
  const tails = [0.1, 0.025];
  const shown = level === 0.8 ? 0 : level === 0.95 ? 1 : 2;
  if (shown === 2) tails.push((1 - level) / 2);
  const calibrations: Calibration[] = tails.map((tail) => ({
    tail,
    upper: new Float64Array(H + 1).fill(tail),
    lower: new Float64Array(H + 1).fill(tail),
  }));
  const gamma = ACI_RATE[step];
  const errors = Array.from({ length: H + 1 }, () => new ErrorWindow(ERROR_WINDOW[step]));
  const scale = new Float64Array(H + 1);
  // The largest rise over h steps seen in the window (log), for the cap.
  const maxRise = new Float64Array(H + 1).fill(Number.NEGATIVE_INFINITY);
  const maxMove = new Float64Array(H + 1);
  let risesSeen = 0;
  let cusumUp = 0;
  let cusumDown = 0;
  let cusumUpStart = -1;
  let cusumDownStart = -1;
  let runAbove = 0;
  let runBelow = 0;
  let boostUntil = -1;
  let boostSide = 0;
  const changes: { index: number; detected: number; direction: "up" | "down" }[] = [];
  const record: { origin: number; inside: boolean; abs: number; naiveAbs: number }[] = [];
  let chosen = 0;
  const z = (i: number) => Math.log1p(values[i]!);

  /** The log edge above (sign 1) or below (sign −1) at h; from a shorter horizon, or assumed, while h has too few errors. */
  const logEdge = (cal: Calibration, h: number, sign: 1 | -1): number => {
    for (let k = h; k >= 1; k--) {
      const window = errors[k]!;
      if (window.length < MIN_BAND_ERRORS) continue;
      const q = sign > 0 ? window.quantile(1 - cal.upper[h]!) : -window.quantile(cal.lower[h]!);
      return Math.max(0, q) * Math.sqrt(h / k);
    }
    // Too few errors: half to double, or the biggest move over h steps seen so far if larger.
    return Math.max(ASSUMED_LOG_SPREAD * Math.sqrt(h), maxMove[h]!);
  };

  const band = (cal: Calibration, h: number, mean: number, last: number): [number, number, boolean] => {
    const zm = Math.log1p(mean);
    let high = expm1(zm + logEdge(cal, h, 1));
    let capped = false;
    // The cap needs a record to point at: a dozen rises over h steps at least.
    if (risesSeen - h >= MIN_CAP_RISES) {
      const cap = expm1(Math.log1p(last) + Math.max(0, maxRise[h]!));
      if (high > cap) {
        high = Math.max(mean, cap);
        capped = true;
      }
    }
    return [expm1(zm - logEdge(cal, h, -1)), high, capped];
  };

  for (let t = start; t < n; t++) {
    const zt = z(t);
    const yt = values[t]!;
    // 1. Score the forecasts whose outcome is today.
    if (t > start) {
      for (let c = 0; c < C; c++) loss[c] = loss[c]! * decay;
      const unit = Math.max(scale[1]!, SCALE_FLOOR);
      const maxH = Math.min(H, t - start);
      for (let h = 1; h <= maxH; h++) {
        const o = t - h;
        const fz = candidateZ[o % ring]!;
        // Only the horizons up to the planning horizon choose the candidate.
        if (h <= planH) {
          for (let c = 0; c < C; c++) loss[c] = loss[c]! + Math.abs(yt - expm1(fz[c * H + h - 1]!)) / planH;
        }
        const issued = issuedRing[o % ring]![h - 1]!;
        const e = zt - Math.log1p(issued.mean);
        const boosted = t <= boostUntil ? 2 : 1;
        // Calibrated on the band as shown (whole units), so rounding does not over-cover.
        for (let i = 0; i < calibrations.length; i++) {
          const cal = calibrations[i]!;
          const above = yt > issued.high[i]!;
          const below = yt < issued.low[i]!;
          const maxShare = Math.min(0.5, 3 * cal.tail);
          if (!(above && issued.capped[i])) {
            const g = gamma * (boostSide > 0 ? boosted : 1);
            cal.upper[h] = Math.min(maxShare, Math.max(0, cal.upper[h]! + g * (cal.tail - (above ? 1 : 0))));
          }
          const g = gamma * (boostSide < 0 ? boosted : 1);
          cal.lower[h] = Math.min(maxShare, Math.max(0, cal.lower[h]! + g * (cal.tail - (below ? 1 : 0))));
        }
        errors[h]!.push(e);
        scale[h] = scale[h] === 0 ? Math.abs(e) : (1 - SCALE_RATE) * scale[h]! + SCALE_RATE * Math.min(Math.abs(e), 3 * Math.max(scale[h]!, SCALE_FLOOR));
        if (h === planH) {
          record.push({ origin: o, inside: !(yt > issued.high[shown]! || yt < issued.low[shown]!), abs: Math.abs(yt - issued.mean), naiveAbs: Math.abs(yt - values[o]!) });
        }
        if (h === 1 && t - start > MIN_BAND_ERRORS) {
          // 2. Regime change on the one-step errors, in units of their size before today.
          const standard = Math.max(-4, Math.min(4, e / unit));
          if (cusumUp === 0) cusumUpStart = t;
          if (cusumDown === 0) cusumDownStart = t;
          cusumUp = Math.max(0, cusumUp + standard - CUSUM_K);
          cusumDown = Math.max(0, cusumDown - standard - CUSUM_K);
          runAbove = yt > issued.high[0]! && !issued.capped[0] ? runAbove + 1 : 0;
          runBelow = yt < issued.low[0]! ? runBelow + 1 : 0;
          const up = cusumUp > CUSUM_H || runAbove >= MISS_RUN;
          const down = cusumDown > CUSUM_H || runBelow >= MISS_RUN;
          if (up || down) {
            const direction = up ? "up" : "down";
            const began = up ? (cusumUp > CUSUM_H ? cusumUpStart : t - runAbove + 1) : cusumDown > CUSUM_H ? cusumDownStart : t - runBelow + 1;
            changes.push({ index: began, detected: t, direction });
            // Shorten memory: the smoothers restart from today, the selection forgets.
            model.restart(zt);
            loss.fill(0);
            scored = 0;
            // Widen the missed side at every horizon (aim at half the misses) and let it learn faster.
            for (const cal of calibrations) {
              const side = up ? cal.upper : cal.lower;
              for (let k = 1; k <= H; k++) side[k] = Math.min(side[k]!, cal.tail / 2);
            }
            boostSide = up ? 1 : -1;
            boostUntil = t + AFTER_CHANGE_STEPS / 2;
            cusumUp = cusumDown = 0;
            runAbove = runBelow = 0;
          }
        }
      }
      scored++;
    }
    // The largest rise over h steps ending today.
    risesSeen = t - start;
    for (let h = 1; h <= H && t - h >= start; h++) {
      const rise = zt - z(t - h);
      if (rise > maxRise[h]!) maxRise[h] = rise;
      if (Math.abs(rise) > maxMove[h]!) maxMove[h] = Math.abs(rise);
    }
    // 3. Learn today, choose, issue.
    model.observe(zt, t);
    const fz = candidateZ[t % ring]!;
    model.forecast(t, H, fz);
    chosen = 0;
    if (scored >= MIN_SCORED[step]) {
      let best = loss[0]! * (1 - NAIVE_MARGIN);
      for (let c = 1; c < C; c++) {
        if (loss[c]! < best) {
          best = loss[c]!;
          chosen = c;
        }
      }
    }
    const issued: Issued[] = [];
    for (let h = 1; h <= H; h++) {
      // Rounded to a millionth: log1p and back must give 40 for 40, not 40.00000000000001.
      const mean = Math.round(expm1(fz[chosen * H + h - 1]!) * 1e6) / 1e6;
      const low: number[] = [];
      const high: number[] = [];
      const capped: boolean[] = [];
      for (const cal of calibrations) {
        const [lo, hi, c] = band(cal, h, mean, yt);
        const e = edges(mean, lo, hi);
        low.push(e.low);
        high.push(e.high);
        capped.push(c);
      }
      // Each side's share of misses adapts on its own, so right after a run of misses the 80 %
      // edge can sit beyond the 95 % one: the wider band always holds the narrower.
      high[1] = Math.max(high[1]!, high[0]!);
      low[1] = Math.min(low[1]!, low[0]!);
      issued.push({ mean, low, high, capped });
    }
    issuedRing[t % ring] = issued;
  }

  // The forecast after the last value.
  const last = issuedRing[(n - 1) % ring]!;
  const points: OnlineResult["points"] = last.slice(0, horizon).map((p, k) => ({
    date: stepDate(dates[n - 1]!, step, k + 1),
    mean: p.mean,
    low: p.low[shown]!,
    high: p.high[shown]!,
    low80: p.low[0]!,
    high80: p.high[0]!,
    low95: p.low[1]!,
    high95: p.high[1]!,
  }));
  const tally = (list: typeof record) => ({ inside: list.filter((r) => r.inside).length, origins: list.length });
  const last60 = record.slice(-60);
  const naiveSum = last60.reduce((sum, r) => sum + r.naiveAbs, 0);
  const modelSum = last60.reduce((sum, r) => sum + r.abs, 0);
  const mase = last60.length < 5 ? null : naiveSum === 0 ? (modelSum === 0 ? 1 : null) : modelSum / naiveSum;
  return {
    points,
    chosen: model.list[chosen]!,
    windowSteps: steps,
    upperRatio1: (points[0]!.high + 1) / (points[0]!.mean + 1),
    capped: last[0]!.capped[shown]!,
    record: {
      horizon: planH,
      last14: tally(record.slice(-14)),
      last60: tally(last60),
      mase,
      changes: changes.map((c) => ({
        date: dates[c.index]!,
        detectedOn: dates[c.detected]!,
        direction: c.direction,
        // The forecasts made in the 30 steps from the change on, with its first value known.
        after: (({ inside, origins }) => ({ inside, outcomes: origins }))(
          tally(record.filter((r) => r.origin >= c.index && r.origin < c.index + AFTER_CHANGE_STEPS)),
        ),
      })),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Public entry points

function checkValues(values: readonly number[]) {
  for (const value of values) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Values must be finite and not negative, not ${value}.`);
  }
}

/** Checks dates are valid and consecutive steps (each the previous plus one step). */
function checkDates(dates: readonly string[], step: Step) {
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i]!;
    if (!validDate(date, step)) {
      throw new RangeError(step === "month" ? `Months must be YYYY-MM or YYYY-MM-01, not ${date}.` : `Dates must be YYYY-MM-DD, not ${date}.`);
    }
    if (i > 0 && stepDate(dates[i - 1]!, step, 1) !== date) {
      throw new RangeError(`Dates must be consecutive ${step}s: ${dates[i - 1]} is followed by ${date}.`);
    }
  }
}

export interface SeriesForecast {
  points: { date: string; mean: number; low: number; high: number }[];
  result: OnlineResult;
}

/**
 * Forecast `horizon` steps after the last value of a series of days, weeks or months (oldest
 * first, consecutive). Edges are whole units rounded outward; the mean is not rounded.
 */
export function forecastSeries(series: readonly { date: string; value: number }[], options: ForecastOptions): SeriesForecast {
  const level = options.level ?? 0.8;
  checkOptions(options.horizon, level);
  if (options.planningHorizon !== undefined) checkOptions(options.planningHorizon, level);
  if (series.length === 0) throw new RangeError("A forecast needs at least one value of history.");
  // Only the window is read, so only the window (and the step into it) is checked: a long
  // history costs what a year costs.
  const from = Math.max(0, series.length - WINDOW[options.step] - 1);
  const tail = series.slice(from);
  const dates = tail.map((d) => d.date);
  const values = tail.map((d) => d.value);
  checkDates(dates, options.step);
  checkValues(values);
  const result = runOnline(dates, values, { ...options, level });
  return {
    points: result.points.map((p) => ({ date: p.date, ...edges(p.mean, p.low, p.high) })),
    result,
  };
}

// Rounding slack, so that 98.99999999 computed for 99 still rounds to 99.
const SLACK = 1e-9;

/** People arrive whole: edges rounded outward, and the band always holds the mean. */
function edges(mean: number, low: number, high: number) {
  return {
    mean,
    low: Math.max(0, Math.min(Math.floor(mean), Math.floor(low + SLACK))),
    high: Math.max(Math.ceil(mean), Math.ceil(high - SLACK)),
  };
}

const bandOf = (level: PlanningLevel) => (level === "p95" ? 0.95 : 0.8);

/**
 * Forecast daily arrivals for the `horizon` days after the last history day, for the planning
 * pages. `history` is consecutive days, oldest first, with days without arrivals as 0. The
 * band is the planning level's (80 % for the median and p80, 95 % for p95); `plan` is the
 * figure planned on: the mean for the median, otherwise the upper edge.
 */
export function forecastArrivals(
  history: readonly ArrivalsDay[],
  horizon: number,
  options?: { planningLevel?: PlanningLevel; planningHorizon?: number },
): { model: ForecastModel; points: ForecastPoint[] } {
  const planningLevel = options?.planningLevel ?? "p80";
  const band = bandOf(planningLevel);
  if (history.length === 0) throw new RangeError("A forecast needs at least one day of arrivals history.");
  const { points, result } = forecastSeries(
    history.map((d) => ({ date: d.day, value: d.arrivals })),
    { step: "day", horizon, level: band, planningHorizon: Math.min(horizon, options?.planningHorizon ?? horizon) },
  );
  const record = result.record;
  const lastDay = history[history.length - 1]!.day;
  const latest = record.changes[record.changes.length - 1] ?? null;
  const recentChange = latest && daysSince(latest.date, lastDay) < AFTER_CHANGE_STEPS ? latest : null;
  const model: ForecastModel = {
    step: "day",
    method: result.chosen.name,
    alpha: result.chosen.name === "naive" || result.chosen.name === "seasonalNaive" ? 1 : result.chosen.alpha,
    beta: result.chosen.beta,
    phi: result.chosen.phi,
    band,
    planningLevel,
    historySteps: history.length,
    windowSteps: result.windowSteps,
    upperRatio1: result.upperRatio1,
    capped: result.capped,
    record,
    recentChange,
    mase7: record.mase,
    coverage7: record.last60.origins ? record.last60.inside / record.last60.origins : null,
    backtestOrigins: record.last60.origins,
    explanation: explain(result, band, planningLevel, history.length),
  };
  return {
    model,
    points: points.map((p) => ({ day: p.date, mean: p.mean, low: p.low, high: p.high, plan: planningLevel === "median" ? p.mean : p.high })),
  };
}

function daysSince(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function explain(result: OnlineResult, band: number, planningLevel: PlanningLevel, historySteps: number): FormulaPart[] {
  const parts: FormulaPart[] = [];
  const c = result.chosen;
  const percent = Math.round(band * 100);
  if (c.name === "naive") parts.push({ key: "forecast.formula.naive", params: { value: round(result.points[0]!.mean, 0) } });
  else if (c.name === "seasonalNaive") parts.push({ key: "forecast.formula.seasonalNaive", params: {} });
  else if (c.name === "seasonal") parts.push({ key: "forecast.formula.seasonal", params: { alpha: c.alpha } });
  else if (c.name === "damped") parts.push({ key: "forecast.formula.damped", params: { alpha: c.alpha, beta: c.beta, phi: c.phi } });
  else parts.push({ key: "forecast.formula.ses", params: { alpha: c.alpha } });
  parts.push({
    key: "forecast.formula.chosen",
    params: { window: result.windowSteps, history: historySteps, horizon: result.record.horizon, halfLife: HALF_LIFE.day },
  });
  parts.push({ key: "forecast.formula.band", params: { percent, ratio: round(result.upperRatio1, 2) } });
  if (result.capped) parts.push({ key: "forecast.formula.capped", params: { window: result.windowSteps } });
  else parts.push({ key: "forecast.formula.cap", params: { window: result.windowSteps } });
  const r = result.record;
  if (r.last60.origins > 0) {
    parts.push({
      key: "forecast.formula.record",
      params: {
        horizon: r.horizon,
        inside14: r.last14.inside,
        origins14: r.last14.origins,
        inside60: r.last60.inside,
        origins60: r.last60.origins,
        mase: r.mase === null ? "—" : round(r.mase, 2),
      },
    });
  } else parts.push({ key: "forecast.formula.noRecord", params: {} });
  parts.push({ key: `forecast.formula.level.${planningLevel}` as MessageKey, params: {} });
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Backtest (kept for the acceptance test on the seeded daily series)

export interface BacktestResult {
  /** modelMae / naiveMae on the same origins and outcomes. */
  mase: number;
  /** Share of outcomes inside the band. */
  coverage: number;
  origins: number;
  naiveMae: number;
  modelMae: number;
}

/**
 * Rolling-origin backtest at one horizon, strictly out of sample: the forecast issued at each
 * origin from the days before it only (the online pass is the forecast a page would have shown
 * that day), scored on the day `horizon` later. MASE is the model's mean absolute error over
 * the naive forecast's (the origin day's value) on the same outcomes: below 1 beats naive.
 */
export function backtestArrivals(
  series: readonly number[],
  horizon: number,
  options?: { minTrain?: number; band?: number; step?: Step },
): BacktestResult {
  const minTrain = options?.minTrain ?? 56;
  const band = options?.band ?? 0.8;
  const step = options?.step ?? "day";
  checkOptions(horizon, band);
  checkValues(series);
  if (!Number.isInteger(minTrain) || minTrain < 1) throw new RangeError(`minTrain must be a whole number of steps, not ${minTrain}.`);
  const n = series.length;
  if (n - horizon < minTrain) throw new RangeError(`A backtest needs at least ${minTrain + horizon} values, not ${n}.`);
  const dates = Array.from({ length: n }, (_, i) => stepDate(step === "month" ? "2000-01" : "2000-01-03", step, i));
  let naiveAbs = 0;
  let modelAbs = 0;
  let inside = 0;
  let origins = 0;
  // Origin o: values 0..o−1 known, scored on value o − 1 + horizon.
  for (let o = minTrain; o <= n - horizon; o++) {
    const from = Math.max(0, o - WINDOW[step]);
    const result = runOnline(dates.slice(from, o), series.slice(from, o), { step, horizon, level: band, planningHorizon: horizon });
    const p = result.points[horizon - 1]!;
    const e = edges(p.mean, p.low, p.high);
    const actual = series[o - 1 + horizon]!;
    naiveAbs += Math.abs(actual - series[o - 1]!);
    modelAbs += Math.abs(actual - e.mean);
    if (actual >= e.low && actual <= e.high) inside++;
    origins++;
  }
  const naiveMae = naiveAbs / origins;
  const modelMae = modelAbs / origins;
  const mase = naiveMae === 0 ? (modelMae === 0 ? 1 : Number.POSITIVE_INFINITY) : modelMae / naiveMae;
  return { mase, coverage: inside / origins, origins, naiveMae, modelMae };
}

export { runOnline as forecastOnline };
