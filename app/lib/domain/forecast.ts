import { addDays } from "../time";

/**
 * Arrivals forecast, 1 to 28 days ahead, from a facility's (or the network's) daily arrivals.
 *
 * Method: Holt's linear exponential smoothing with a damped trend,
 *   level(t) = alpha·y(t) + (1 − alpha)·(level(t−1) + phi·trend(t−1))
 *   trend(t) = beta·(level(t) − level(t−1)) + (1 − beta)·phi·trend(t−1)
 *   forecast(t + h) = level(t) + (phi + phi² + … + phi^h)·trend(t), never below 0,
 * starting from level = mean of the first week and trend = 0. alpha, beta and phi come from a
 * small grid, chosen by the smallest absolute error over 1 to 7 days ahead from every past day
 * (rolling origin) of the series itself. The grid holds alpha = 1, beta = 0, which is exactly the
 * naive forecast (tomorrow = today), so the fit is never worse than naive on the history it sees.
 * Arrivals are close to a random walk: the grid is coarse on purpose, to leave little to over-fit.
 *
 * The 80 % band is empirical: the 10th and 90th percentiles, per horizon, of the model's own
 * rolling-origin errors on the history, measured as log((actual + 1) / (forecast + 1)) so that
 * one band shape serves a station with 140 arrivals a day and the network with 2,400.
 *
 * Pure: no database, no clock. The same input gives the same output.
 */

export interface ForecastPoint {
  /** YYYY-MM-DD */
  day: string;
  mean: number;
  /** Lower edge of the band (default 80 %), never below 0. */
  low: number;
  /** Upper edge of the band: the figure to plan capacity and stock on. */
  high: number;
}

export interface HorizonError {
  h: number;
  /** (low + 1) = (mean + 1) × lowRatio */
  lowRatio: number;
  /** (high + 1) = (mean + 1) × highRatio */
  highRatio: number;
  /** How many backtest errors the ratios come from; 0 when extrapolated or assumed. */
  errors: number;
  /** Where the ratios come from. */
  source: "backtest" | "extrapolated" | "assumed";
}

export interface ForecastModel {
  /** "naive" when the history is too short to fit (under MIN_HOLT_DAYS days). */
  method: "holt" | "naive";
  alpha: number;
  beta: number;
  /** Trend damping; 1 is undamped Holt. */
  phi: number;
  level: number;
  trend: number;
  horizonErrors: HorizonError[];
  /** Strictly out-of-sample MASE at 7 days ahead against the naive forecast; null if too short. */
  mase7: number | null;
  /** Share of the same backtest's outcomes inside the band at 7 days ahead; null if too short. */
  coverage7: number | null;
  backtestOrigins: number;
  /** Days of history the model was fitted on. */
  historyDays: number;
  /** The band's nominal coverage (0.8 unless asked otherwise). */
  band: number;
  explanation: string;
}

export interface ArrivalsDay {
  day: string;
  arrivals: number;
}

/** Below this many days of history the forecast is naive: too few origins to choose parameters. */
export const MIN_HOLT_DAYS = 21;
export const MAX_HORIZON = 28;
/** The horizons the parameters are fitted on: the week a planner acts on. */
export const FIT_HORIZON = 7;
/** Fewer backtest errors than this at a horizon and its band is extrapolated from a shorter one. */
export const MIN_BAND_ERRORS = 10;
/** Days at the start that only set the initial level, so they are not scored. */
const WARMUP = 7;
/**
 * The band reads the errors of the last 120 origins only (about four months): the spread of
 * arrivals changes with the season and the size of the flow, and four months still leave a dozen
 * errors beyond each edge of an 80 % band.
 */
export const BAND_WINDOW = 120;
/** The band when there is no error to measure at all: half to double the forecast. */
const ASSUMED_LOG_SPREAD = Math.LN2;
/** The backtest behind mase7 and coverage7: first origin after this many days, refit every 28. */
const MODEL_BACKTEST_MIN_TRAIN = 56;
const MODEL_BACKTEST_REFIT_EVERY = 28;
/** The horizon of the accuracy shown with every forecast (mase7, coverage7). */
const BACKTEST_HORIZON = 7;

const ALPHAS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1] as const;
const BETAS = [0.02, 0.05, 0.1, 0.2] as const;
const PHIS = [0.8, 0.9, 0.95, 0.98, 1] as const;

export interface HoltParams {
  alpha: number;
  beta: number;
  phi: number;
}

type Params = HoltParams;

const NAIVE: Params = { alpha: 1, beta: 0, phi: 1 };

/**
 * The candidates, naive first and trend-free before trended: with a strict "<" in the search, a
 * tie keeps the simpler model. With beta = 0 the trend stays at its initial 0, so phi is moot.
 */
const GRID: readonly Params[] = [
  NAIVE,
  ...ALPHAS.filter((a) => a !== 1).map((alpha) => ({ alpha, beta: 0, phi: 1 })),
  ...ALPHAS.flatMap((alpha) => BETAS.flatMap((beta) => PHIS.map((phi) => ({ alpha, beta, phi })))),
];

/** phi + phi² + … + phi^h for h = 0..H (index 0 is 0). */
function dampingSums(phi: number, horizon: number): Float64Array {
  const sums = new Float64Array(horizon + 1);
  let power = 1;
  for (let h = 1; h <= horizon; h++) {
    power *= phi;
    sums[h] = sums[h - 1]! + power;
  }
  return sums;
}

/** The level before the first day: the mean of the first week (or of what there is). */
export function initialLevel(y: ArrayLike<number>): number {
  const k = Math.min(WARMUP, y.length);
  let sum = 0;
  for (let i = 0; i < k; i++) sum += y[i]!;
  return k === 0 ? 0 : sum / k;
}

export interface HoltState {
  level: number;
  trend: number;
}

type State = HoltState;

/** One day of Holt's damped-trend recurrence: the state after observing `y`. */
export function holtUpdate(state: HoltState, y: number, p: HoltParams): HoltState {
  const level = p.alpha * y + (1 - p.alpha) * (state.level + p.phi * state.trend);
  return { level, trend: p.beta * (level - state.level) + (1 - p.beta) * p.phi * state.trend };
}

/** The forecast h days after the state: level + (phi + … + phi^h) × trend, never below 0. */
export function holtForecast(state: HoltState, p: HoltParams, h: number): number {
  return forecastAt(state, dampingSums(p.phi, h), h);
}

/**
 * The state after each day of y, from `start` (by default the mean of the first week and no
 * trend). The grid search and the band inline the same recurrence, as they run it 200 times a fit.
 */
export function holtStates(y: ArrayLike<number>, p: HoltParams, start?: HoltState): HoltState[] {
  let state = start ?? { level: initialLevel(y), trend: 0 };
  const states: HoltState[] = [];
  for (let t = 0; t < y.length; t++) {
    state = holtUpdate(state, y[t]!, p);
    states.push(state);
  }
  return states;
}

/** Level and trend after observing y[0..end-1]. */
function runState(y: ArrayLike<number>, p: Params, end: number): State {
  let state: State = { level: initialLevel(y), trend: 0 };
  for (let t = 0; t < end; t++) state = holtUpdate(state, y[t]!, p);
  return state;
}

function forecastAt(state: State, sums: Float64Array, h: number): number {
  return Math.max(0, state.level + sums[h]! * state.trend);
}

/**
 * Mean absolute error over horizons 1..H from every origin after the warm-up whose outcome is
 * in the series; the rolling-origin loss the grid search minimises.
 */
function rollingLoss(y: Float64Array, p: Params, horizon: number): number {
  const n = y.length;
  const sums = dampingSums(p.phi, horizon);
  let level = initialLevel(y);
  let trend = 0;
  let total = 0;
  let count = 0;
  for (let t = 0; t < n - 1; t++) {
    const previous = level;
    level = p.alpha * y[t]! + (1 - p.alpha) * (previous + p.phi * trend);
    trend = p.beta * (level - previous) + (1 - p.beta) * p.phi * trend;
    if (t < WARMUP - 1) continue;
    const last = Math.min(horizon, n - 1 - t);
    for (let h = 1; h <= last; h++) {
      const f = level + sums[h]! * trend;
      total += Math.abs(y[t + h]! - (f > 0 ? f : 0));
    }
    count += last;
  }
  return count === 0 ? 0 : total / count;
}

function chooseParams(y: Float64Array): Params {
  let best = NAIVE;
  let bestLoss = rollingLoss(y, NAIVE, FIT_HORIZON);
  for (const p of GRID) {
    const loss = rollingLoss(y, p, FIT_HORIZON);
    if (loss < bestLoss - 1e-9 * Math.max(1, bestLoss)) {
      best = p;
      bestLoss = loss;
    }
  }
  return best;
}

/** Type-7 (linear interpolation) quantile of a sorted array. */
function quantile(sorted: ArrayLike<number>, p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

function logRatio(actual: number, forecast: number): number {
  return Math.log((actual + 1) / (forecast + 1));
}

/**
 * The band per horizon from the rolling-origin log errors of `p` on y. A horizon with too few
 * errors takes the nearest shorter horizon that has enough, widened by √(h/h₀) as a random walk's
 * spread grows; with none at all the band is assumed (half to double).
 */
function bandFor(y: Float64Array, p: Params, horizon: number, band: number, firstOrigin: number): HorizonError[] {
  const n = y.length;
  const sums = dampingSums(p.phi, horizon);
  const errors: number[][] = Array.from({ length: horizon + 1 }, () => []);
  let level = initialLevel(y);
  let trend = 0;
  for (let t = 0; t < n - 1; t++) {
    const previous = level;
    level = p.alpha * y[t]! + (1 - p.alpha) * (previous + p.phi * trend);
    trend = p.beta * (level - previous) + (1 - p.beta) * p.phi * trend;
    if (t < firstOrigin) continue;
    const last = Math.min(horizon, n - 1 - t);
    for (let h = 1; h <= last; h++) {
      const f = level + sums[h]! * trend;
      errors[h]!.push(logRatio(y[t + h]!, f > 0 ? f : 0));
    }
  }
  const tail = (1 - band) / 2;
  const out: HorizonError[] = [];
  let base: { h: number; low: number; high: number } | null = null;
  for (let h = 1; h <= horizon; h++) {
    const list = errors[h]!.slice(-BAND_WINDOW);
    if (list.length >= MIN_BAND_ERRORS) {
      const sorted = Float64Array.from(list).sort();
      const low = quantile(sorted, tail);
      const high = quantile(sorted, 1 - tail);
      base = { h, low, high };
      out.push({ h, lowRatio: Math.exp(low), highRatio: Math.exp(high), errors: list.length, source: "backtest" });
    } else if (base) {
      const widen = Math.sqrt(h / base.h);
      out.push({ h, lowRatio: Math.exp(base.low * widen), highRatio: Math.exp(base.high * widen), errors: 0, source: "extrapolated" });
    } else {
      out.push({ h, lowRatio: Math.exp(-ASSUMED_LOG_SPREAD), highRatio: Math.exp(ASSUMED_LOG_SPREAD), errors: 0, source: "assumed" });
    }
  }
  return out;
}

interface Fitted {
  method: "holt" | "naive";
  params: Params;
  state: State;
  bands: HorizonError[];
}

/** Parameters, final state and band from y alone: what a forecast made after y's last day uses. */
function fit(y: Float64Array, horizon: number, band: number): Fitted {
  const method = y.length >= MIN_HOLT_DAYS ? "holt" : "naive";
  const params = method === "holt" ? chooseParams(y) : NAIVE;
  // The naive forecast needs no warm-up, and a short history cannot spare one.
  const firstOrigin = method === "holt" ? WARMUP - 1 : 0;
  return { method, params, state: runState(y, params, y.length), bands: bandFor(y, params, horizon, band, firstOrigin) };
}

// Rounding slack, so that (199 + 1) × 0.5 − 1 computed as 98.99999999 still floors to 99.
const SLACK = 1e-9;

/**
 * People arrive whole, so the band's edges are whole people, rounded outwards: a lower edge
 * of 0.4 means "none at all is within the band". This matters at small stations, where many
 * days have no arrivals.
 */
function pointFrom(state: State, sums: Float64Array, bandAtH: HorizonError, h: number) {
  const mean = forecastAt(state, sums, h);
  return {
    mean,
    low: Math.max(0, Math.floor((mean + 1) * bandAtH.lowRatio - 1 + SLACK)),
    high: Math.max(0, Math.ceil((mean + 1) * bandAtH.highRatio - 1 - SLACK)),
  };
}

function checkHorizon(horizon: number) {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    throw new RangeError(`The forecast horizon must be a whole number of days from 1 to ${MAX_HORIZON}, not ${horizon}.`);
  }
}

function checkBand(band: number) {
  if (!(band > 0 && band < 1)) throw new RangeError(`The band must be between 0 and 1, not ${band}.`);
}

function checkSeries(series: readonly number[]) {
  for (const value of series) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Daily arrivals must be finite and not negative, not ${value}.`);
  }
}

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
 * Rolling-origin backtest at one horizon, strictly out of sample: at each origin the model
 * (parameters and band) is fitted only on the days up to that origin, exactly as
 * `forecastArrivals` would be on that day, and scored on the day `horizon` later. Parameters
 * are refitted every `refitEvery` origins (level and trend are updated every day in between).
 * MASE here is the model's mean absolute error over the naive forecast's (the origin day's
 * arrivals) on the same outcomes: below 1 beats naive.
 */
export function backtestArrivals(
  series: readonly number[],
  horizon: number,
  options?: { minTrain?: number; refitEvery?: number; band?: number },
): BacktestResult {
  checkHorizon(horizon);
  checkSeries(series);
  const minTrain = options?.minTrain ?? MODEL_BACKTEST_MIN_TRAIN;
  const refitEvery = options?.refitEvery ?? 7;
  const band = options?.band ?? 0.8;
  checkBand(band);
  if (!Number.isInteger(minTrain) || minTrain < 1) throw new RangeError(`minTrain must be a whole number of days, not ${minTrain}.`);
  if (!Number.isInteger(refitEvery) || refitEvery < 1) throw new RangeError(`refitEvery must be a whole number of days, not ${refitEvery}.`);
  const y = Float64Array.from(series);
  const n = y.length;
  // Origin o: the forecast is made after day o − 1 (days 0..o−1 known) for day o − 1 + horizon.
  const firstOrigin = minTrain;
  const lastOrigin = n - horizon;
  if (lastOrigin < firstOrigin) throw new RangeError(`A backtest needs at least ${minTrain + horizon} days, not ${n}.`);
  let fitted: Fitted | null = null;
  let sums: Float64Array = new Float64Array(0);
  let state: State = { level: 0, trend: 0 };
  let stateEnd = 0;
  let naiveAbs = 0;
  let modelAbs = 0;
  let inside = 0;
  let origins = 0;
  for (let o = firstOrigin; o <= lastOrigin; o++) {
    if (fitted === null || (o - firstOrigin) % refitEvery === 0) {
      fitted = fit(y.subarray(0, o), horizon, band);
      sums = dampingSums(fitted.params.phi, horizon);
      state = fitted.state;
      stateEnd = o;
    }
    // Bring level and trend up to the origin with the parameters of the last refit.
    const p = fitted.params;
    for (; stateEnd < o; stateEnd++) state = holtUpdate(state, y[stateEnd]!, p);
    const actual = y[o - 1 + horizon]!;
    const point = pointFrom(state, sums, fitted.bands[horizon - 1]!, horizon);
    naiveAbs += Math.abs(actual - y[o - 1]!);
    modelAbs += Math.abs(actual - point.mean);
    if (actual >= point.low && actual <= point.high) inside++;
    origins++;
  }
  const naiveMae = naiveAbs / origins;
  const modelMae = modelAbs / origins;
  const mase = naiveMae === 0 ? (modelMae === 0 ? 1 : Number.POSITIVE_INFINITY) : modelMae / naiveMae;
  return { mase, coverage: inside / origins, origins, naiveMae, modelMae };
}

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

function round(value: number, digits: number): string {
  return value.toFixed(digits);
}

function bandText(bands: HorizonError[], band: number): string {
  const tail = Math.round(((1 - band) / 2) * 1000) / 10;
  const edges = `${tail}th to ${Math.round((100 - tail) * 10) / 10}th percentile`;
  const measured = bands.filter((b) => b.source === "backtest");
  const percent = `${Math.round(band * 100)} %`;
  if (measured.length === 0) return `${percent} band assumed ×0.5 to ×2 (too little history to measure errors)`;
  const lastMeasured = measured[measured.length - 1]!.h;
  const extrapolated = lastMeasured < bands.length ? `, widened by √(h/${lastMeasured}) beyond ${lastMeasured} days` : "";
  return `${percent} band from the ${edges} of up to ${measured[0]!.errors} backtest errors per horizon, on log((actual + 1)/(forecast + 1))${extrapolated}`;
}

function explain(fitted: Fitted, historyDays: number, band: number, backtest: BacktestResult | null): string {
  const { params, state, method } = fitted;
  const accuracy = backtest
    ? `; out of sample at ${BACKTEST_HORIZON} days ahead over ${backtest.origins} past forecasts: MASE ${round(backtest.mase, 2)} against naive, band held ${Math.round(backtest.coverage * 100)} % of outcomes`
    : "";
  const bandPart = bandText(fitted.bands, band);
  if (method === "naive") {
    return `Naive: forecast = last day's arrivals = ${round(state.level, 0)} (${historyDays} days of history; Holt needs ${MIN_HOLT_DAYS}); ${bandPart}${accuracy}`;
  }
  const fittedOn = `fitted on ${historyDays} days by the 1 to ${FIT_HORIZON} days ahead absolute error`;
  if (params.beta === 0) {
    const same = params.alpha === 1 ? ", the same as naive" : "";
    return `Holt without trend: forecast = level ${round(state.level, 1)}; alpha ${params.alpha}, beta 0${same}, ${fittedOn}; ${bandPart}${accuracy}`;
  }
  const trendTerm = params.phi === 1 ? `h × ${round(state.trend, 2)}` : `(${params.phi} + … + ${params.phi}^h) × ${round(state.trend, 2)}`;
  return `Holt${params.phi < 1 ? " damped" : ""}: forecast(h) = level ${round(state.level, 1)} + ${trendTerm}; alpha ${params.alpha}, beta ${params.beta}, phi ${params.phi}, ${fittedOn}; ${bandPart}${accuracy}`;
}

/**
 * Forecast daily arrivals for the `horizon` days after the last history day. `history` is
 * consecutive days, oldest first, with days without arrivals as 0.
 */
export function forecastArrivals(
  history: readonly ArrivalsDay[],
  horizon: number,
  options?: { band?: number },
): { model: ForecastModel; points: ForecastPoint[] } {
  checkHorizon(horizon);
  const band = options?.band ?? 0.8;
  checkBand(band);
  if (history.length === 0) throw new RangeError("A forecast needs at least one day of arrivals history.");
  for (let i = 0; i < history.length; i++) {
    const { day } = history[i]!;
    // addDays(day, 0) normalises through the calendar, so 2024-02-30 does not survive it.
    if (!DAY_PATTERN.test(day) || addDays(day, 0) !== day) throw new RangeError(`History days must be YYYY-MM-DD, not ${day}.`);
    if (i > 0 && addDays(history[i - 1]!.day, 1) !== day) {
      throw new RangeError(`History days must be consecutive: ${history[i - 1]!.day} is followed by ${day}.`);
    }
  }
  const values = history.map((d) => d.arrivals);
  checkSeries(values);
  const y = Float64Array.from(values);
  const fitted = fit(y, horizon, band);
  const backtest =
    y.length >= MODEL_BACKTEST_MIN_TRAIN + BACKTEST_HORIZON
      ? backtestArrivals(values, BACKTEST_HORIZON, { minTrain: MODEL_BACKTEST_MIN_TRAIN, refitEvery: MODEL_BACKTEST_REFIT_EVERY, band })
      : null;
  const sums = dampingSums(fitted.params.phi, horizon);
  const lastDay = history[history.length - 1]!.day;
  const points: ForecastPoint[] = [];
  for (let h = 1; h <= horizon; h++) {
    points.push({ day: addDays(lastDay, h), ...pointFrom(fitted.state, sums, fitted.bands[h - 1]!, h) });
  }
  return {
    model: {
      method: fitted.method,
      ...fitted.params,
      level: fitted.state.level,
      trend: fitted.state.trend,
      horizonErrors: fitted.bands,
      mase7: backtest?.mase ?? null,
      coverage7: backtest?.coverage ?? null,
      backtestOrigins: backtest?.origins ?? 0,
      historyDays: history.length,
      band,
      explanation: explain(fitted, history.length, band, backtest),
    },
    points,
  };
}
